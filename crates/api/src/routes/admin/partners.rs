use super::partner_form;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::{ApiKeyShown, PartnerCreated, PartnerObject, PartnerShown};
use crate::bodies::requests::{PartnerChanges as PartnerChangesBody, PartnerCreate};
use crate::error::{ApiError, ErrorCode};
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::presenters::partner_object;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::PartnerId;
use partnerhub_persistence::partners::{self, Partner, PartnerChangeRefused, PartnerDraft};
use partnerhub_persistence::{api_keys, enums::DbPartnerStatus};

fn not_found() -> ApiError {
    ApiError::not_found("Partner not found")
}

fn shown<'a>(state: &AppState, partner: &'a Partner) -> PartnerObject<'a> {
    partner_object(partner, state.tracking_url(&partner.referral_code))
}

fn refused(refusal: PartnerChangeRefused, parent: Option<i64>) -> ApiError {
    match refusal {
        PartnerChangeRefused::UnknownParent => ApiError::invalid_field(
            "parent_partner_id",
            format!(
                "Parent partner {} does not exist",
                parent.unwrap_or_default()
            ),
        ),
        PartnerChangeRefused::CycleInDownline => ApiError::conflict(
            ErrorCode::DownlineCycle,
            "That parent would make the partner part of its own upline",
        ),
    }
}

/// `POST /partners`: a new partner and its first API key (shown only here).
/// `POST /partners`: a partner and its first API key.
#[utoipa::path(post, path = "/app/admin/api/v1/partners", tag = "Operator: partners",
    security(("operator_token" = [])),
    request_body = PartnerCreate,
    responses(
        (status = 201, description = "The partner, and its API key shown this once", body = PartnerCreated),
        (status = 409, description = "`EMAIL_IN_USE`, or `DOWNLINE_CYCLE`", body = ErrorBody)))]
pub async fn create(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let name = partner_form::name(&fields)?
        .ok_or_else(|| ApiError::invalid_field("name", "Field 'name' is required"))?;
    let email = partner_form::email(&fields)?;
    let changes = partner_form::changes(&fields)?;
    let parent = changes.parent_partner_id.flatten();
    let mut conn = state.connection().await?;
    if let Some(parent) = parent
        && let Err(refusal) = partners::check_parent(&mut conn, None, PartnerId(parent)).await?
    {
        return Err(refused(refusal, Some(parent)));
    }
    let draft = PartnerDraft {
        name,
        email,
        parent_partner_id: parent,
        lead_handling: changes.lead_handling.flatten(),
        rate_limit_per_hour: changes.rate_limit_per_hour,
        commission_plan_bps: changes.commission_plan_bps,
        landing_url: changes.landing_url.flatten(),
        status: Some(changes.status.unwrap_or(DbPartnerStatus::Active)),
    };
    let (partner, key) = partners::create_with_key(&mut conn, draft).await?;
    Ok(
        HttpResponse::build(StatusCode::CREATED).json(PartnerCreated {
            partner: shown(&state, &partner),
            api_key: key.expose(),
        }),
    )
}

/// `GET /partners/{id}`.
#[utoipa::path(get, path = "/app/admin/api/v1/partners/{id}", tag = "Operator: partners",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The partner", body = PartnerShown),
        (status = 404, description = "`Partner not found`", body = ErrorBody)))]
pub async fn show(
    _: Operator,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.connection().await?;
    let partner = partners::find(&mut conn, PartnerId(*path))
        .await?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(PartnerShown {
        partner: shown(&state, &partner),
    }))
}

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
    _: Operator,
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
    let id = PartnerId(*path);
    let mut conn = state.connection().await?;
    let updated = partners::update(&mut conn, id, changes)
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

/// `POST /partners/{id}/api-key`: a new key; the old one stops working at once.
/// `POST /partners/{id}/api-key`: a new key; the old one stops working at once.
#[utoipa::path(post, path = "/app/admin/api/v1/partners/{id}/api-key", tag = "Operator: partners",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The new key, shown this once", body = ApiKeyShown),
        (status = 404, description = "`Partner not found`", body = ErrorBody)))]
pub async fn rotate_key(
    _: Operator,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = PartnerId(*path);
    let mut conn = state.connection().await?;
    partners::find(&mut conn, id).await?.ok_or_else(not_found)?;
    let key = api_keys::rotate(&mut conn, id).await?;
    state.partners.evict_partner(id);
    Ok(HttpResponse::Ok().json(ApiKeyShown {
        api_key: key.expose(),
    }))
}
