use super::super::partner_form;
use super::{refused, shown};
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::PartnerCreated;
use crate::bodies::requests::PartnerCreate;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::PartnerId;
use partnerhub_domain::PartnerStatus;
use partnerhub_persistence::partners::{self, PartnerDraft};

/// `POST /partners`: a new partner and its first API key (shown only here).
/// `POST /partners`: a partner and its first API key.
#[utoipa::path(post, path = "/app/admin/api/v1/partners", tag = "Operator: partners",
    security(("operator_token" = [])),
    request_body = PartnerCreate,
    responses(
        (status = 201, description = "The partner, and its API key shown this once", body = PartnerCreated),
        (status = 409, description = "`EMAIL_IN_USE`, or `DOWNLINE_CYCLE`", body = ErrorBody)))]
pub async fn create(
    operator: Operator,
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
        && let Err(refusal) =
            partners::check_parent(&mut conn, None, PartnerId::new(parent)).await?
    {
        return Err(refused(refusal, Some(parent)));
    }
    let draft = PartnerDraft {
        name,
        email,
        parent_partner_id: parent.map(PartnerId::new),
        lead_handling: changes.lead_handling.flatten(),
        rate_limit_per_hour: changes.rate_limit_per_hour,
        commission_plan_bps: changes.commission_plan_bps,
        landing_url: changes.landing_url.flatten(),
        status: Some(changes.status.unwrap_or(PartnerStatus::Active)),
        commission_hold_days: changes.commission_hold_days.flatten(),
        phone: changes.phone.flatten(),
    };
    let (partner, key) = partners::create_with_key(&mut conn, draft, operator.audit()).await?;
    Ok(
        HttpResponse::build(StatusCode::CREATED).json(PartnerCreated {
            partner: shown(&state, &partner),
            api_key: key.expose(),
        }),
    )
}
