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
