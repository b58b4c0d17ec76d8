//! Webhook delivery: a worker claims due deliveries from PostgreSQL, signs and POSTs them
//! with a bounded number in flight, and records every attempt. Any number of workers, on
//! any number of machines, can share one database.

mod attempt;
mod client;
mod guard;
mod recorder;
mod settings;
mod worker;

pub use settings::WorkerSettings;
pub use worker::{run, run_until};
