//! Applications to become a partner: listed, approved or rejected, once.

pub(in crate::routes) mod approve;
pub(in crate::routes) mod list;
pub(in crate::routes) mod reject;

pub use approve::approve;
pub use list::list;
pub use reject::reject;

use crate::bodies::back_office::ApplicationObject;
use crate::error::{ApiError, ErrorCode};
use partnerhub_domain::timestamps::display;
use partnerhub_persistence::applications::{Application, DecideRefused};

fn application_object(application: &Application) -> ApplicationObject<'_> {
    ApplicationObject {
        id: application.id,
        name: &application.name,
        email: &application.email,
        company_name: application.company_name.as_deref(),
        website: application.website.as_deref(),
        message: application.message.as_deref(),
        status: application.status,
        reason: application.reason.as_deref(),
        partner_id: application.partner_id,
        created_at: display(application.created_at),
        decided_at: application.decided_at.map(display),
    }
}

fn refused(refusal: DecideRefused) -> ApiError {
    match refusal {
        DecideRefused::NotFound => ApiError::not_found("Application not found"),
        DecideRefused::Decided(status) => ApiError::conflict(
            ErrorCode::ApplicationDecided,
            format!(
                "The application was {} already",
                serde_json::to_value(status)
                    .ok()
                    .and_then(|value| value.as_str().map(str::to_owned))
                    .unwrap_or_default()
            ),
        ),
    }
}
