use super::find;
use super::move_form::move_request;
use crate::bodies::common::ErrorBody;
use crate::bodies::operator::{InvalidTransition, LeadMoved};
use crate::bodies::requests::StageMove;
use crate::error::{ApiError, ErrorCode};
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::presenters::operator_lead;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::pipeline::MoveRefused;
use partnerhub_persistence::history::Actor;
use partnerhub_persistence::pipeline;

/// `POST /leads/{reference_id}/status`: one move through the pipeline, recorded in the
/// lead's history and sent as `lead.status_changed`.
#[utoipa::path(post, path = "/app/admin/api/v1/leads/{reference_id}/status", tag = "Operator: leads",
    security(("operator_token" = [])),
    params(("reference_id" = String, Path)),
    request_body = StageMove,
    responses(
        (status = 200, description = "The lead at its new stage", body = LeadMoved),
        (status = 404, description = "`Lead not found`", body = ErrorBody),
        (status = 409, description = "`INVALID_TRANSITION`, with the stages allowed from here", body = InvalidTransition)))]
pub async fn move_stage(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let mut conn = state.connection().await?;
    let lead = find(&mut conn, &path).await?;
    let (move_request, note) = move_request(&fields)?;
    let moved = pipeline::move_lead(
        &mut conn,
        lead.id,
        move_request,
        Actor::Operator,
        note.as_deref(),
        state.settings.earning_policy,
        operator.audit(),
    )
    .await?;
    state.doorbell.ring();
    match moved {
        Ok(lead) => {
            let view = lead.view();
            Ok(HttpResponse::Ok().json(LeadMoved {
                lead: operator_lead(&lead, &view),
            }))
        }
        Err(MoveRefused::FundedAmountRequired) => Err(ApiError::invalid_field(
            "funded_amount",
            MoveRefused::FundedAmountRequired.message(),
        )),
        Err(refusal) => {
            let from = match refusal {
                MoveRefused::NotAllowed { from, .. } | MoveRefused::AlreadyThere(from) => from,
                MoveRefused::FundedAmountRequired => lead.stage(),
            };
            Err(ApiError::with_body(
                StatusCode::CONFLICT,
                &InvalidTransition {
                    error: refusal.message(),
                    code: ErrorCode::InvalidTransition,
                    current_status: from,
                    allowed: from.allowed_next().to_vec(),
                },
            ))
        }
    }
}
