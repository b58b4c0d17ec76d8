//! PartnerHub's storage. Every query that reads partner data starts from the partner's id,
//! and takes a connection so callers can compose several in one transaction.

pub mod api_keys;
pub mod enums;
pub mod error;
pub mod funding_types;
pub mod idempotency;
pub mod leads;
pub mod listener;
pub mod migrations;
pub mod partners;
pub mod pool;
pub mod quotes;
pub mod schema;
mod sql_functions;
pub mod submit;

pub use diesel_async::AsyncPgConnection;
pub use error::StoreError;
pub use pool::{DbPool, PooledConnection, connect_pool};
