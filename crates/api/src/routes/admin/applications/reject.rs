use super::{application_object, refused};
use crate::bodies::back_office::ApplicationShown;
use crate::bodies::common::ErrorBody;
use crate::bodies::requests::ApplicationRejection;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_optional_object;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_persistence::applications;

const MAX_REASON_CHARS: usize = 1000;

/// `POST /applications/{id}/reject` with an optional `reason`.
#[utoipa::path(post, path = "/app/admin/api/v1/applications/{id}/reject", tag = "Operator: applications",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    request_body(content = Option<ApplicationRejection>, description = "Optional"),
    responses(
        (status = 200, description = "The application, rejected", body = ApplicationShown),
        (status = 404, description = "`Application not found`", body = ErrorBody),
        (status = 409, description = "`APPLICATION_DECIDED`", body = ErrorBody)))]
pub async fn reject(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<i64>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_optional_object(&request, payload).await?);
    let reason = fields.str("reason")?.filter(|reason| !reason.is_empty());
    if reason.is_some_and(|reason| reason.chars().count() > MAX_REASON_CHARS) {
        return Err(ApiError::invalid_field(
            "reason",
            "Field 'reason' must be at most 1000 characters",
        ));
    }
    let mut conn = state.connection().await?;
    let application = applications::reject(&mut conn, *path, reason, operator.audit())
        .await?
        .map_err(refused)?;
    Ok(HttpResponse::Ok().json(ApplicationShown {
        application: application_object(&application),
    }))
}
