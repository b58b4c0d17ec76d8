//! Integration tests: real HTTP against the real app and a fresh PostgreSQL database per test.
//! Files mirror the routes they exercise.

mod account;
mod auth;
mod errors;
mod health;
mod leads_list;
mod leads_show;
mod leads_submit;
mod leads_validate;
mod openapi;
mod rate_limits;
mod seed_examples;
