//! `/referrals/*`: every lead is a referral; traffic referrals come from tracking links.

pub(in crate::routes) mod show;
pub(in crate::routes) mod stats;

pub use show::show;
pub use stats::stats;
