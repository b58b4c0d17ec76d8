//! PartnerHub's HTTP API: routing, authentication, rate limits, JSON errors and thin handlers.

mod app;
mod auth;
mod caches;
mod error;
mod fields;
mod json_body;
pub mod metrics;
mod middleware;
mod operator;
mod partner_call;
mod presenters;
mod rate_limit;
mod routes;
mod state;

pub use actix_web::dev::ServerHandle;
pub use app::Application;
pub use state::{ApiSettings, AppState};
