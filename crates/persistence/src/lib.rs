//! PartnerHub's storage. Every query that reads partner data starts from the partner's id,
//! and takes a connection so callers can compose several in one transaction.

pub mod api_keys;
pub mod applications;
pub mod audit;
pub mod clicks;
pub mod commissions;
mod day_range;
pub mod doorbell;
pub mod earnings;
pub mod enums;
pub mod error;
pub mod events;
pub mod funding_types;
pub mod history;
pub mod idempotency;
pub mod invitations;
pub mod leads;
pub mod listener;
pub mod login_failures;
pub mod migrations;
pub mod partner_users;
pub mod partners;
pub mod payouts;
pub mod pipeline;
pub mod pool;
mod prepared;
pub mod quotes;
pub mod rate_buckets;
pub mod reviews;
pub mod schema;
pub mod sessions;
mod sql_functions;
pub mod stage_changes;
pub mod stats;
pub mod submit;
pub mod traffic;
pub mod webhook_deliveries;
pub mod webhook_endpoints;
pub mod webhook_queue;

pub use diesel_async::AsyncPgConnection;
pub use doorbell::Doorbell;
pub use error::StoreError;
pub use pool::{CHECKOUT_WAIT, DbPool, PooledConnection, connect_pool};
