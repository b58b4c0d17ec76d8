//! `/webhooks`: a partner's endpoints, their deliveries, and test events.

pub(in crate::routes) mod create;
pub(in crate::routes) mod delete;
pub(in crate::routes) mod deliveries;
mod form;
pub(in crate::routes) mod list;
pub(in crate::routes) mod resend;
pub(in crate::routes) mod rotate_secret;
pub(in crate::routes) mod send_test;
pub(in crate::routes) mod update;

pub use create::create;
pub use delete::delete;
pub use deliveries::deliveries;
pub use list::list;
pub use resend::resend;
pub use rotate_secret::rotate_secret;
pub use send_test::send_test;
pub use update::update;

use crate::bodies::webhooks::WebhookObject;
use crate::error::ApiError;
use crate::state::AppState;
use partnerhub_domain::timestamps::display;
use partnerhub_domain::webhooks::WebhookSecret;
use partnerhub_persistence::webhook_endpoints::Endpoint;

fn not_found() -> ApiError {
    ApiError::not_found("Webhook not found")
}

fn webhook_object(endpoint: &Endpoint) -> WebhookObject<'_> {
    WebhookObject {
        id: endpoint.id,
        url: &endpoint.url,
        events: &endpoint.event_types,
        description: endpoint.description.as_deref(),
        enabled: endpoint.enabled,
        disabled_reason: endpoint.disabled_reason.as_deref(),
        created_at: display(endpoint.created_at),
        updated_at: display(endpoint.updated_at),
    }
}

/// A fresh signing secret, and how it is stored (sealed under `PARTNERHUB_SECRET_KEY`).
fn new_secret(state: &AppState) -> Result<(WebhookSecret, String), ApiError> {
    let secret =
        WebhookSecret::generate().map_err(|error| ApiError::Internal(error.to_string()))?;
    let stored = state
        .settings
        .secret_keys
        .seal(secret.expose())
        .map_err(|error| ApiError::Internal(format!("sealing a webhook secret: {error}")))?;
    Ok((secret, stored))
}
