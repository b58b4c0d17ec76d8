use super::super::partner_form;
use super::{not_found, refused, shown};
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::PartnerShown;
use crate::bodies::requests::PartnerChanges as PartnerChangesBody;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::PartnerId;
use partnerhub_persistence::partners;

/// `PATCH /partners/{id}`: a status change takes effect on the partner's very next request.
/// `PATCH /partners/{id}`: any field but `email`; a status change sends
/// `account.status_changed` and applies to the partner's very next request.
#[utoipa::path(patch, path = "/app/admin/api/v1/partners/{id}", tag = "Operator: partners",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    request_body = PartnerChangesBody,
    responses(
        (status = 200, description = "The partner as changed", body = PartnerShown),
        (status = 404, description = "`Partner not found`", body = ErrorBody),
        (status = 409, description = "`DOWNLINE_CYCLE`: the parent would make the partner its own upline", body = ErrorBody)))]
pub async fn update(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<i64>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    if fields.has("email") {
        return Err(ApiError::invalid_field(
            "email",
            "Field 'email' cannot be changed",
        ));
    }
    let changes = partner_form::changes(&fields)?;
    let parent = changes.parent_partner_id.flatten();
    let id = PartnerId::new(*path);
    let mut conn = state.connection().await?;
    let updated = partners::update(&mut conn, id, changes, operator.audit())
        .await?
        .ok_or_else(not_found)?;
    state.doorbell.ring();
    // Other processes hear of it by NOTIFY; this one must not wait for that.
    state.partners.evict_partner(id);
    let partner = updated.map_err(|refusal| refused(refusal, parent))?;
    Ok(HttpResponse::Ok().json(PartnerShown {
        partner: shown(&state, &partner),
    }))
}
