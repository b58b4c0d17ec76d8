//! `/referrals/*`: every lead is a referral; traffic referrals come from tracking links.

pub(in crate::routes) mod show;
pub(in crate::routes) mod stages;
pub(in crate::routes) mod stats;
pub(in crate::routes) mod timeseries;

pub use show::show;
pub use stages::stages;
pub use stats::stats;
pub use timeseries::timeseries;
