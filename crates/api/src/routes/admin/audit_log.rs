use crate::bodies::back_office::AuditLog;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::routes::query;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::PartnerId;
use partnerhub_persistence::audit::{self, AuditFilter};

/// `GET /audit-log?target_type=&target_id=&actor=&action=&partner_id=`: every change, newest
/// first. Nothing changes or deletes an entry.
#[utoipa::path(get, path = "/app/admin/api/v1/audit-log", tag = "Operator: audit log",
    security(("operator_token" = [])),
    params(
        ("target_type" = Option<String>, Query, max_length = 100, description = "`partner`, `lead`, `webhook`, `payout`, `application`, `invitation`, `user`, `funding_type`"),
        ("target_id" = Option<String>, Query, max_length = 100, description = "A partner id, a lead's reference id, ..."),
        ("actor" = Option<String>, Query, max_length = 255, description = "`operator`, `cli`, an email, or a key's first 12 characters"),
        ("action" = Option<String>, Query, max_length = 100, description = "`partner.updated`, `lead.moved`, ..."),
        ("partner_id" = Option<i64>, Query, minimum = 1, description = "Changes that concern this partner"),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "The entries, newest first", body = AuditLog)))]
pub async fn audit_log(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let page = query::paging(&pairs)?;
    let filter = AuditFilter {
        partner: query::optional_id(&pairs, "partner_id")?.map(PartnerId::new),
        target_type: query::text(&pairs, "target_type", 100)?,
        target_id: query::text(&pairs, "target_id", 100)?,
        actor: query::text(&pairs, "actor", 255)?,
        action: query::text(&pairs, "action", 100)?,
    };
    let mut conn = state.read_connection().await?;
    let (rows, total) = audit::list(&mut conn, &filter, page).await?;
    Ok(HttpResponse::Ok().json(crate::presenters::audit_log(&rows, page, total)))
}
