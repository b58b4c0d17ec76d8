//! Integration tests: real HTTP against the real app and a fresh PostgreSQL database per test.
//! Files mirror the routes they exercise.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

mod account;
mod admin_auth;
mod admin_funding_types;
mod admin_leads;
mod admin_partners;
mod applications;
mod audit_log;
mod auth;
mod back_office_lists;
mod commissions;
mod errors;
mod events;
mod health;
mod leads_export;
mod leads_list;
mod leads_show;
mod leads_submit;
mod leads_validate;
mod ledger_properties;
mod money_rules;
mod openapi;
mod operability;
mod payouts;
mod portal_self_service;
mod portal_series;
mod portal_sign_in;
mod rate_limits;
mod referrals;
mod sandbox;
mod seed_examples;
mod tracking_link;
mod unstorable_bytes;
