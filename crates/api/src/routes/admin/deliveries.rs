use crate::bodies::back_office::{OperatorDelivery, OperatorDeliveryList};
use crate::bodies::common::Pagination;
use crate::error::ApiError;
use crate::operator::Operator;
use crate::routes::query;
use crate::routes::webhooks::deliveries::delivery_object;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::PartnerId;
use partnerhub_domain::webhooks::DeliveryStatus;
use partnerhub_persistence::webhook_deliveries;

/// `GET /webhook-deliveries?status=failed|pending|paused&partner_id=`: deliveries across
/// partners, newest first, each with its attempts.
#[utoipa::path(get, path = "/app/admin/api/v1/webhook-deliveries", tag = "Operator: webhooks",
    security(("operator_token" = [])),
    params(
        ("status" = Option<DeliveryStatus>, Query),
        ("partner_id" = Option<i64>, Query, minimum = 1),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 2147483647, description = "Default 1"),
        ("per_page" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Default 100")),
    responses((status = 200, description = "Deliveries, newest first, with their attempts", body = OperatorDeliveryList)))]
pub async fn deliveries(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let pairs = query::pairs(request.query_string())?;
    let page = query::paging(&pairs)?;
    let statuses: Vec<(&str, DeliveryStatus)> = DeliveryStatus::ALL
        .iter()
        .map(|status| (status.as_str(), *status))
        .collect();
    let status = query::optional_choice(&pairs, "status", &statuses)?;
    let partner = query::optional_id(&pairs, "partner_id")?.map(PartnerId::new);
    let mut conn = state.read_connection().await?;
    let (records, total) =
        webhook_deliveries::list_all(&mut conn, status, partner, page.number, page.per_page)
            .await?;
    Ok(HttpResponse::Ok().json(OperatorDeliveryList {
        deliveries: records
            .iter()
            .map(|(record, partner_id)| OperatorDelivery {
                partner_id: *partner_id,
                delivery: delivery_object(record),
            })
            .collect(),
        pagination: Pagination::new(page.number, page.per_page, total),
    }))
}
