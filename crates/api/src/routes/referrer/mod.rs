//! `/referrer/*`: what a partner earned, from whom, and what it was paid.

pub(in crate::routes) mod commissions;
pub(in crate::routes) mod downline;
pub(in crate::routes) mod earnings_timeseries;
pub(in crate::routes) mod payouts;
pub(in crate::routes) mod stats;

pub use commissions::commissions;
pub use downline::downline;
pub use earnings_timeseries::earnings_timeseries;
pub use payouts::payouts;
pub use stats::stats;
