//! `/applications`: people asking to become partners (no key: they have none yet).

pub(in crate::routes) mod create;

pub use create::create;
