use crate::error::ApiError;
use crate::partner_call;
use crate::routes::query::{self, Pagination};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::LeadView;
use partnerhub_domain::lead_view::LeadJson;
use partnerhub_domain::{CoarseStatus, Stage};
use partnerhub_persistence::leads::{self, LeadFilter, Page};
use serde::Serialize;

#[derive(Serialize)]
struct ListResponse<'v, 'a> {
    success: bool,
    leads: Vec<LeadJson<'v, 'a>>,
    pagination: Pagination,
}

struct ListQuery {
    filter: LeadFilter,
    page: Page,
}

/// `GET /leads`: the partner's leads, newest first, filtered and paginated.
pub async fn list(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    partner_call::get(&state, &request, async |partner| {
        let query = parse_query(request.query_string())?;
        let mut conn = state.connection().await?;
        let (rows, total) =
            leads::list_for_partner(&mut conn, partner.partner_id(), &query.filter, query.page)
                .await?;
        let views: Vec<LeadView<'_>> = rows.iter().map(|lead| lead.view()).collect();
        Ok(HttpResponse::Ok().json(ListResponse {
            success: true,
            leads: views.iter().map(LeadView::as_lead).collect(),
            pagination: Pagination::new(query.page.number, query.page.per_page, total),
        }))
    })
    .await
}

fn parse_query(raw: &str) -> Result<ListQuery, ApiError> {
    let pairs = query::pairs(raw)?;
    let mut filter = LeadFilter::default();
    let (number, per_page) = query::page(&pairs)?;
    let page = Page { number, per_page };
    let mut coarse: Option<CoarseStatus> = None;
    let mut effective: Option<Stage> = None;
    for (name, value) in pairs {
        match name.as_str() {
            "start_date" => filter.start_date = Some(query::date(&name, &value)?),
            "end_date" => filter.end_date = Some(query::date(&name, &value)?),
            "status" => {
                coarse = Some(CoarseStatus::parse(&value).ok_or_else(|| {
                    ApiError::invalid_parameter(
                        "status",
                        "Invalid status: allowed values are click, lead, application, funded",
                    )
                })?);
            }
            "effective_status" => {
                effective = Some(Stage::parse(&value).ok_or_else(|| {
                    let allowed: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
                    ApiError::invalid_parameter(
                        "effective_status",
                        format!(
                            "Invalid effective_status: allowed values are {}",
                            allowed.join(", ")
                        ),
                    )
                })?);
            }
            _ => {}
        }
    }
    (filter.start_date, filter.end_date) = query::date_range(filter.start_date, filter.end_date)?;
    filter.coarse = coarse;
    filter.stage = effective;
    Ok(ListQuery { filter, page })
}
