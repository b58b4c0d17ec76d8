use diesel_async::pooled_connection::deadpool::PoolError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("no database connection available: {0}")]
    Pool(#[from] PoolError),
    #[error("a partner already uses this email address")]
    EmailInUse,
    #[error("could not generate a secret: {0}")]
    Random(#[from] partnerhub_domain::api_key::RandomSourceError),
}

impl StoreError {
    /// Whether PostgreSQL is away (no connection, or the server closing or not yet accepting
    /// them) rather than the request being wrong: worth a 503 and a retry.
    pub fn is_unavailable(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            Self::Pool(_) => true,
            Self::Query(Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _))
            | Self::Query(Error::BrokenTransactionManager) => true,
            Self::Query(Error::DatabaseError(_, info)) => {
                let message = info.message();
                [
                    "terminating connection",
                    "the database system is",
                    "server closed the connection",
                    "connection to server",
                    "Connection refused",
                    "no connection to the server",
                ]
                .iter()
                .any(|sign| message.contains(sign))
            }
            _ => false,
        }
    }
}
