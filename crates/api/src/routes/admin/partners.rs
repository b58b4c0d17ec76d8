use super::partner_form;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::presenters::partner_json;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::PartnerId;
use partnerhub_persistence::partners::{self, Partner, PartnerChangeRefused, PartnerDraft};
use partnerhub_persistence::{api_keys, enums::DbPartnerStatus};
use serde_json::json;

fn not_found() -> ApiError {
    ApiError::not_found("Partner not found")
}

fn shown(state: &AppState, partner: &Partner) -> serde_json::Value {
    partner_json(partner, state.tracking_url(&partner.referral_code))
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
            "DOWNLINE_CYCLE",
            "That parent would make the partner part of its own upline",
        ),
    }
}

/// `POST /partners`: a new partner and its first API key (shown only here).
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
    Ok(HttpResponse::build(StatusCode::CREATED).json(json!({
        "partner": shown(&state, &partner),
        "api_key": key.expose(),
    })))
}

pub async fn show(
    _: Operator,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.connection().await?;
    let partner = partners::find(&mut conn, PartnerId(*path))
        .await?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(json!({ "partner": shown(&state, &partner) })))
}

/// `PATCH /partners/{id}`: a status change takes effect on the partner's very next request.
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
    Ok(HttpResponse::Ok().json(json!({ "partner": shown(&state, &partner) })))
}

/// `POST /partners/{id}/api-key`: a new key; the old one stops working at once.
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
    Ok(HttpResponse::Ok().json(json!({ "api_key": key.expose() })))
}
