use crate::bodies::referrer::{DownlineMember, DownlineShown};
use crate::error::ApiError;
use crate::partner_auth::Partner;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use partnerhub_persistence::partners;

/// `GET /referrer/downline`: the partners below this one, up to three levels.
#[utoipa::path(get, path = "/app/partners/api/v1/referrer/downline", tag = "Earnings",
    security(("api_key" = [])),
    responses((status = 200, description = "The downline, level by level", body = DownlineShown)))]
pub async fn downline(
    partner: Partner,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.read_connection().await?;
    let members = partners::downline(&mut conn, partner.partner_id()).await?;
    Ok(HttpResponse::Ok().json(DownlineShown {
        success: true,
        downline: members
            .iter()
            .map(|member| DownlineMember {
                id: member.id,
                name: &member.name,
                email: &member.email,
                status: member.status,
                total_referrals: member.total_referrals,
                level: member.level,
            })
            .collect(),
    }))
}
