use super::account_shown;
use crate::bodies::common::ErrorBody;
use crate::bodies::leads::AccountShown;
use crate::bodies::requests::AccountChanges;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::partner_auth::PartnerRequest;
use crate::routes::admin::partner_form;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use partnerhub_domain::partner::secure_landing_url;
use partnerhub_persistence::partners::{self, PartnerChanges};

/// `PATCH /account`: the partner's lead handling (the portal's "Lead submission & handling")
/// and landing URL. The next submit follows the new lead handling.
#[utoipa::path(patch, path = "/app/partners/api/v1/account", tag = "Account",
    security(("api_key" = [])),
    request_body = AccountChanges,
    responses(
        (status = 200, description = "The settings as changed", body = AccountShown),
        (status = 400, description = "A field is wrong, unknown, or nothing was sent", body = ErrorBody),
        (status = 403, description = "`CROSS_SITE_REQUEST`: sent with the session cookie from another site", body = ErrorBody)))]
pub async fn update(
    call: PartnerRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let PartnerRequest {
        partner,
        body,
        audit,
        ..
    } = call;
    let fields = Fields(body);
    let changes = changes(&fields)?;
    let mut conn = state.connection().await?;
    let updated = partners::update(&mut conn, partner.id, changes, &audit)
        .await?
        .and_then(Result::ok)
        .ok_or_else(|| ApiError::Internal(format!("partner {} vanished", partner.id)))?;
    // Other processes hear of it by NOTIFY; this one must not wait for that.
    state.partners.evict_partner(partner.id);
    Ok(HttpResponse::Ok().json(account_shown(&state, &updated)))
}

const CHANGEABLE: [&str; 2] = ["lead_handling", "landing_url"];

fn changes(fields: &Fields) -> Result<PartnerChanges, ApiError> {
    if let Some(unknown) = fields.unknown(&["lead_handling", "landing_url", "api_key"]) {
        return Err(ApiError::invalid_field(
            unknown,
            format!("Field '{unknown}' cannot be changed here: send lead_handling or landing_url"),
        ));
    }
    if !CHANGEABLE.iter().any(|name| fields.has(name)) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "Nothing to update: send lead_handling or landing_url",
        ));
    }
    let lead_handling = fields.nullable("lead_handling", partner_form::lead_handling)?;
    let landing_url = fields.nullable("landing_url", |fields, field| {
        Ok(fields.str(field)?.map(secure_landing_url).transpose()?)
    })?;
    Ok(PartnerChanges {
        lead_handling,
        landing_url,
        ..PartnerChanges::default()
    })
}
