use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::pooled_connection::deadpool::{Object, Pool};

pub type DbPool = Pool<AsyncPgConnection>;
pub type PooledConnection = Object<AsyncPgConnection>;

pub fn connect_pool(database_url: &str, max_size: usize) -> Result<DbPool, String> {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(database_url);
    Pool::builder(manager)
        .max_size(max_size)
        .build()
        .map_err(|error| error.to_string())
}
