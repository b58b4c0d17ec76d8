//! `/webhooks`: endpoints, deliveries and their attempts.

use super::common::Pagination;
use super::enums::AttemptStatus;
use partnerhub_domain::events::EventType;
use partnerhub_domain::webhooks::DeliveryStatus;
use partnerhub_domain::{AttemptId, DeliveryId, WebhookId};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct WebhookObject<'a> {
    pub id: WebhookId,
    pub url: &'a str,
    #[schema(value_type = Vec<EventType>)]
    pub events: &'a [String],
    #[schema(required = true)]
    pub description: Option<&'a str>,
    pub enabled: bool,
    /// Why the endpoint was disabled (410 Gone, failing for 5 days), if it was.
    #[schema(required = true)]
    pub disabled_reason: Option<&'a str>,
    pub created_at: String,
    pub updated_at: String,
}

/// The endpoint and its signing secret, shown this once.
#[derive(Serialize, ToSchema)]
pub struct WebhookCreated<'a> {
    pub webhook: WebhookObject<'a>,
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: &'a str,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookList<'a> {
    pub webhooks: Vec<WebhookObject<'a>>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookShown<'a> {
    pub webhook: WebhookObject<'a>,
}

#[derive(Serialize, ToSchema)]
pub struct SecretShown<'a> {
    pub secret: &'a str,
}

#[derive(Serialize, ToSchema)]
pub struct TestQueued {
    pub delivery_id: DeliveryId,
}

#[derive(Serialize, ToSchema)]
pub struct ResendQueued {
    pub success: bool,
    pub delivery_id: DeliveryId,
}

#[derive(Serialize, ToSchema)]
pub struct AttemptObject<'a> {
    pub id: AttemptId,
    pub attempted_at: String,
    pub status: AttemptStatus,
    #[schema(required = true)]
    pub response_status: Option<i32>,
    /// The receiver's answer, cut to 2 KB.
    #[schema(required = true)]
    pub response_body: Option<&'a str>,
    #[schema(required = true)]
    pub error: Option<&'a str>,
    pub latency_ms: i32,
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryObject<'a> {
    pub id: DeliveryId,
    pub webhook_id: WebhookId,
    /// `evt_<id>`, the `webhook-id` header receivers de-duplicate by.
    pub event_id: String,
    #[schema(value_type = EventType)]
    pub event: &'a str,
    pub status: DeliveryStatus,
    pub attempt_count: i32,
    /// When the next attempt is due, while the delivery is pending.
    #[schema(required = true)]
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    #[schema(required = true)]
    pub completed_at: Option<String>,
    pub attempts: Vec<AttemptObject<'a>>,
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryList<'a> {
    pub deliveries: Vec<DeliveryObject<'a>>,
    pub pagination: Pagination,
}
