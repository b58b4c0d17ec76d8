use crate::bodies::back_office::AuditLog;
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_persistence::audit::{self, AuditFilter};

/// `GET /account/audit-log`: the changes that concern the partner (its settings, keys,
/// people, webhooks, leads' moves and quotes, payouts), newest first, whoever made them.
#[utoipa::path(get, path = "/app/partners/api/v1/account/audit-log", tag = "Account",
    security(("api_key" = [])),
    params(
        ("action" = Option<String>, Query, max_length = 100, description = "`partner.updated`, `webhook.created`, ..."),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "The entries, newest first", body = AuditLog)))]
pub async fn audit_log(
    partner: Partner,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let page = query::paging(&pairs)?;
    let filter = AuditFilter {
        partner: Some(partner.id),
        action: query::text(&pairs, "action", 100)?,
        ..AuditFilter::default()
    };
    let mut conn = state.read_connection().await?;
    let (rows, total) = audit::list(&mut conn, &filter, page).await?;
    Ok(HttpResponse::Ok().json(crate::presenters::audit_log(&rows, page, total)))
}
