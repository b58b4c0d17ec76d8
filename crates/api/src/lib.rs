//! PartnerHub's HTTP API: routing, authentication, rate limits, JSON errors and thin handlers.

mod app;
mod audit;
mod auth;
mod bodies;
mod caches;
mod clicks;
mod csv_export;
mod error;
mod error_code;
mod fields;
mod json_body;
mod lead_ids;
pub mod metrics;
mod middleware;
mod operator;
mod partner_auth;
mod presenters;
mod rate_limit;
mod read_slots;
mod routes;
mod session;
mod state;

pub use actix_web::dev::ServerHandle;
pub use app::Application;
pub use routes::invitation_url;
pub use routes::openapi::document_json as openapi_document;
pub use state::{ApiSettings, AppState};
