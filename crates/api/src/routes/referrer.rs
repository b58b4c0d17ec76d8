//! `/referrer/*`: what a partner earned, from whom, and what it was paid.

use crate::partner_call;
use crate::routes::query::{self, Pagination};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::commissions::{level_description, percentage};
use partnerhub_domain::timestamps::display;
use partnerhub_domain::{Cents, PartnerStatus};
use partnerhub_persistence::enums::CommissionKind;
use partnerhub_persistence::{commissions, earnings, partners, payouts, stats};
use serde::Serialize;
use serde_json::{Value, json};

/// `GET /referrer/stats`: earnings (total = pending + paid, always) and referral totals.
pub async fn stats(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let mut conn = state.connection().await?;
        let ledger = earnings::of(&mut conn, partner.partner_id()).await?;
        let counts = stats::referral_counts(&mut conn, partner.partner_id(), None, None).await?;
        Ok(HttpResponse::Ok().json(json!({
            "success": true,
            "stats": {
                "total_earnings": ledger.total(),
                "pending_earnings": ledger.pending,
                "paid_earnings": ledger.paid,
                "total_referrals": counts.click + counts.lead + counts.application + counts.funded,
                "total_funded": counts.funded,
            }
        })))
    })
    .await
}

/// `GET /referrer/commissions`: the plan, level by level, and the history of commissions.
pub async fn commissions(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let (page, per_page) = query::page(&query::pairs(request.query_string())?)?;
        let plan: Vec<_> = partner
            .commission_plan_bps
            .iter()
            .enumerate()
            .map(|(index, bps)| {
                json!({
                    "id": index + 1,
                    "level": index + 1,
                    "percentage": percentage(*bps),
                    "description": level_description(index + 1),
                })
            })
            .collect();
        let mut conn = state.connection().await?;
        let total = earnings::of(&mut conn, partner.partner_id())
            .await?
            .commission_count;
        let rows = commissions::history(&mut conn, partner.partner_id(), per_page, page).await?;
        let history: Vec<CommissionJson> = rows
            .iter()
            .map(|(commission, reference)| CommissionJson {
                id: commission.id,
                referral_reference_id: reference.to_string(),
                level: commission.level,
                percentage: percentage(commission.basis_points),
                funded_amount: Cents(commission.funded_amount_cents),
                amount: Cents(commission.amount_cents),
                kind: match commission.kind {
                    CommissionKind::Earned => "earned",
                    CommissionKind::Adjustment => "adjustment",
                },
                status: commission.status.as_str(),
                payout_id: commission.payout_id,
                created_at: display(commission.created_at),
            })
            .collect();
        Ok(HttpResponse::Ok().json(CommissionsResponse {
            success: true,
            commissions: plan,
            history,
            pagination: Pagination::new(page, per_page, total),
        }))
    })
    .await
}

#[derive(Serialize)]
struct CommissionsResponse {
    success: bool,
    commissions: Vec<Value>,
    history: Vec<CommissionJson>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct CommissionJson {
    id: i64,
    referral_reference_id: String,
    level: i16,
    percentage: f64,
    funded_amount: Cents,
    amount: Cents,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    payout_id: Option<i64>,
    created_at: String,
}

/// `GET /referrer/payouts`: every payout, newest first.
pub async fn payouts(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let mut conn = state.connection().await?;
        let rows = payouts::for_partner(&mut conn, partner.partner_id()).await?;
        let shown: Vec<_> = rows
            .iter()
            .map(|payout| {
                json!({
                    "id": payout.id,
                    "amount": Cents(payout.amount_cents),
                    "status": payout.status.as_str(),
                    "processed_at": payout.processed_at.map(display),
                    "created_at": display(payout.created_at),
                })
            })
            .collect();
        Ok(HttpResponse::Ok().json(json!({ "success": true, "payouts": shown })))
    })
    .await
}

/// `GET /referrer/downline`: the partners below this one, up to three levels.
pub async fn downline(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let mut conn = state.connection().await?;
        let members = partners::downline(&mut conn, partner.partner_id()).await?;
        let shown: Vec<_> = members
            .iter()
            .map(|member| {
                json!({
                    "id": member.id,
                    "name": member.name,
                    "email": member.email,
                    "status": PartnerStatus::from(member.status).as_str(),
                    "total_referrals": member.total_referrals,
                    "level": member.level,
                })
            })
            .collect();
        Ok(HttpResponse::Ok().json(json!({ "success": true, "downline": shown })))
    })
    .await
}
