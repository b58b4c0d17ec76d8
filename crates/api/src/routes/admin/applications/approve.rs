use super::refused;
use crate::bodies::back_office::ApplicationApproved;
use crate::bodies::common::ErrorBody;
use crate::bodies::requests::ApplicationApproval;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_optional_object;
use crate::operator::Operator;
use crate::presenters::partner_object;
use crate::routes::admin::partner_form;
use crate::routes::portal::invitation_url;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::{PartnerStatus, SecretToken};
use partnerhub_persistence::applications;

/// `POST /applications/{id}/approve`: makes the partner (`active`, or the `status` given)
/// and an invitation for the applicant to choose a password, in one transaction.
#[utoipa::path(post, path = "/app/admin/api/v1/applications/{id}/approve", tag = "Operator: applications",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    request_body(content = Option<ApplicationApproval>, description = "Optional"),
    responses(
        (status = 200, description = "The partner, and the applicant's invitation link (shown this once)", body = ApplicationApproved),
        (status = 404, description = "`Application not found`", body = ErrorBody),
        (status = 409, description = "`APPLICATION_DECIDED`, or `EMAIL_IN_USE`", body = ErrorBody)))]
pub async fn approve(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<i64>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_optional_object(&request, payload).await?);
    let status = partner_form::status(&fields)?.unwrap_or(PartnerStatus::Active);
    let token = SecretToken::generate().map_err(|error| ApiError::Internal(error.to_string()))?;
    let mut conn = state.connection().await?;
    let (_, partner, _) =
        applications::approve(&mut conn, *path, status, &token.hash(), operator.audit())
            .await?
            .map_err(refused)?;
    Ok(HttpResponse::Ok().json(ApplicationApproved {
        partner: partner_object(&partner, state.tracking_url(&partner.referral_code)),
        invitation_url: invitation_url(&state.settings.public_url, token.expose()),
    }))
}
