use super::{DEFAULT_MINIMUM, shown};
use crate::bodies::operator::PayoutsRun;
use crate::bodies::requests::PayoutRun;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::state::AppState;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::Cents;
use partnerhub_persistence::payouts;

/// `POST /payouts/run`: one payout per partner whose pending commissions reach the minimum.
#[utoipa::path(post, path = "/app/admin/api/v1/payouts/run", tag = "Operator: payouts",
    security(("operator_token" = [])),
    request_body = PayoutRun,
    responses((status = 200, description = "The payouts created", body = PayoutsRun)))]
pub async fn run(
    operator: Operator,
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
    let created = payouts::run(&mut conn, minimum, operator.audit()).await?;
    Ok(HttpResponse::Ok().json(PayoutsRun {
        payouts: created.iter().map(shown).collect(),
    }))
}
