//! What runs around every request: its id, its log line, refusals of bytes PostgreSQL cannot
//! store, the security headers, and the request metrics.

pub mod cors;
pub mod headers;
pub mod metrics;
pub mod quota_headers;
pub mod request_id;
pub mod request_log;
pub mod unstorable;
