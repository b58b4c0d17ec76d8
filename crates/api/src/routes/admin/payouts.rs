use crate::bodies::common::ErrorBody;
use crate::bodies::operator::{PayoutObject, PayoutShown, PayoutsRun};
use crate::bodies::requests::{PayoutFailure, PayoutRun};
use crate::error::{ApiError, ErrorCode};
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::Cents;
use partnerhub_domain::timestamps::display;
use partnerhub_persistence::payouts::{self, Payout, PayoutRefused};

/// The default minimum a partner's pending commissions must reach to be paid out.
const DEFAULT_MINIMUM: Cents = Cents(5_000);

fn shown(payout: &Payout) -> PayoutObject<'_> {
    PayoutObject {
        id: payout.id,
        partner_id: payout.partner_id,
        amount: Cents(payout.amount_cents),
        status: payout.status,
        failure_reason: payout.failure_reason.as_deref(),
        created_at: display(payout.created_at),
        processed_at: payout.processed_at.map(display),
    }
}

/// `POST /payouts/run`: one payout per partner whose pending commissions reach the minimum.
#[utoipa::path(post, path = "/app/admin/api/v1/payouts/run", tag = "Operator: payouts",
    security(("operator_token" = [])),
    request_body = PayoutRun,
    responses((status = 200, description = "The payouts created", body = PayoutsRun)))]
pub async fn run(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let minimum = match fields.f64("minimum_amount")? {
        None => DEFAULT_MINIMUM,
        Some(dollars) => Cents::from_dollars(dollars).ok_or_else(|| {
            ApiError::invalid_field(
                "minimum_amount",
                "Field 'minimum_amount' must be an amount in dollars, to the cent, not negative",
            )
        })?,
    };
    let mut conn = state.connection().await?;
    let created = payouts::run(&mut conn, minimum).await?;
    Ok(HttpResponse::Ok().json(PayoutsRun {
        payouts: created.iter().map(shown).collect(),
    }))
}

fn settled(outcome: Option<Result<Payout, PayoutRefused>>) -> Result<HttpResponse, ApiError> {
    match outcome {
        None => Err(ApiError::not_found("Payout not found")),
        Some(Err(PayoutRefused::NotPending(status))) => Err(ApiError::conflict(
            ErrorCode::PayoutNotPending,
            format!(
                "The payout is {}; only a pending payout can change",
                status.as_str()
            ),
        )),
        Some(Ok(payout)) => Ok(HttpResponse::Ok().json(PayoutShown {
            payout: shown(&payout),
        })),
    }
}

/// `POST /payouts/{id}/complete`: its commissions are paid; `payout.processed` is sent.
#[utoipa::path(post, path = "/app/admin/api/v1/payouts/{id}/complete", tag = "Operator: payouts",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The payout, completed", body = PayoutShown),
        (status = 404, description = "`Payout not found`", body = ErrorBody),
        (status = 409, description = "`PAYOUT_NOT_PENDING`", body = ErrorBody)))]
pub async fn complete(
    _: Operator,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.connection().await?;
    let completed = payouts::complete(&mut conn, *path, Utc::now()).await?;
    state.doorbell.ring();
    settled(completed)
}

/// `POST /payouts/{id}/fail`: its commissions return to pending for the next run.
#[utoipa::path(post, path = "/app/admin/api/v1/payouts/{id}/fail", tag = "Operator: payouts",
    security(("operator_token" = [])),
    params(("id" = i64, Path)),
    request_body = PayoutFailure,
    responses(
        (status = 200, description = "The payout, failed", body = PayoutShown),
        (status = 404, description = "`Payout not found`", body = ErrorBody),
        (status = 409, description = "`PAYOUT_NOT_PENDING`", body = ErrorBody)))]
pub async fn fail(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<i64>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let reason = fields.str("reason")?.filter(|reason| !reason.is_empty());
    if reason.is_some_and(|reason| reason.chars().count() > 1000) {
        return Err(ApiError::invalid_field(
            "reason",
            "Field 'reason' must be at most 1000 characters",
        ));
    }
    let mut conn = state.connection().await?;
    settled(payouts::fail(&mut conn, *path, reason, Utc::now()).await?)
}
