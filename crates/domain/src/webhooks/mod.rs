//! Webhook rules: endpoint secrets, the two signature schemes, which URLs and addresses an
//! endpoint may use, and when a failed delivery is tried again.

pub mod address;
pub mod delivery_status;
pub mod retry;
pub mod sealing;
pub mod secret;
pub mod signature;

pub use address::{EndpointUrlError, check_endpoint_url, is_public_address};
pub use delivery_status::DeliveryStatus;
pub use retry::{RetrySchedule, parse_retry_after};
pub use sealing::{SealError, SecretKeys};
pub use secret::WebhookSecret;
pub use signature::{SignedHeaders, sign};
