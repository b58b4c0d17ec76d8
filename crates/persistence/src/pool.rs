use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use std::time::Duration;

pub type DbPool = Pool<AsyncPgConnection>;
pub type PooledConnection = Object<AsyncPgConnection>;

/// How long a request waits for a free connection, and for a new one to open, before it
/// is answered 503: with PostgreSQL away, answers come in seconds rather than never.
pub const CHECKOUT_WAIT: Duration = Duration::from_secs(3);
const CONNECT_WAIT: Duration = Duration::from_secs(2);

/// A pool whose checkouts cost no round trip: connections are not pinged before reuse
/// (the default would add a `SELECT 1` to every request). A connection whose socket the
/// server closed, or that is stuck in a broken transaction, is still dropped at checkout.
pub fn connect_pool(database_url: &str, max_size: usize) -> Result<DbPool, String> {
    let mut config = ManagerConfig::default();
    config.recycling_method = RecyclingMethod::Fast;
    let manager =
        AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(database_url, config);
    Pool::builder(manager)
        .max_size(max_size)
        .runtime(deadpool::Runtime::Tokio1)
        .wait_timeout(Some(CHECKOUT_WAIT))
        .create_timeout(Some(CONNECT_WAIT))
        .build()
        .map_err(|error| error.to_string())
}
