use crate::bodies::leads::{DuplicateLead, LeadCreated, SubmitRefused};
use crate::bodies::requests::ManualLead;
use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::routes::leads::{check_lead, duplicate, new_lead_flags, rejected};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::PartnerId;
use partnerhub_domain::ReferralType;
use partnerhub_persistence::history::Actor;
use partnerhub_persistence::leads::Origin;
use partnerhub_persistence::partners;
use partnerhub_persistence::submit::{Submission, SubmitOutcome, submit_lead};

/// `POST /leads`: a `manual_lead` for a partner, validated like a partner's submission
/// (the partner's email and phone requirement aside: staff enter what they have).
#[utoipa::path(post, path = "/app/admin/api/v1/leads", tag = "Operator: leads",
    security(("operator_token" = [])),
    request_body = ManualLead,
    responses(
        (status = 201, description = "The lead is stored", body = LeadCreated),
        (status = 400, description = "The lead has validation errors, or `partner_id` is missing or unknown", body = SubmitRefused),
        (status = 409, description = "A duplicate of a lead of that partner", body = DuplicateLead)))]
pub async fn create(
    operator: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let mut body = read_object(&request, payload).await?;
    let partner_id = Fields(body.clone())
        .i64("partner_id")?
        .ok_or_else(|| ApiError::invalid_field("partner_id", "Field 'partner_id' is required"))?;
    body.shift_remove("partner_id");
    // Leased before the checkout: a refill of the lease takes a connection of its own.
    let id = state.lead_ids.next(&state.pool).await?;
    let mut conn = state.connection().await?;
    let partner = partners::find(&mut conn, PartnerId::new(partner_id))
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field("partner_id", format!("Partner {partner_id} does not exist"))
        })?;
    let report = check_lead(&state, None, &body).await?;
    let lead = report
        .lead
        .as_ref()
        .ok_or_else(|| rejected(&state, &report))?;
    let origin = Origin {
        partner: partner.id,
        referral_type: ReferralType::ManualLead,
        test: false,
        flags: new_lead_flags(&state, &partner, lead).await?,
    };
    let submission = Submission {
        id,
        origin: &origin,
        lead,
        actor: Actor::Operator,
        at: Utc::now(),
    };
    let outcome = submit_lead(
        &mut conn,
        submission,
        None,
        Some(operator.audit()),
        &state.doorbell,
    )
    .await?;
    match outcome {
        SubmitOutcome::Created(lead) => {
            Ok(HttpResponse::build(StatusCode::CREATED).json(LeadCreated {
                success: true,
                lead_id: lead.id,
                reference_id: lead.reference_id().to_string(),
            }))
        }
        SubmitOutcome::Duplicate(existing) => Err(duplicate(&existing)),
        SubmitOutcome::Replayed(_) | SubmitOutcome::KeyReused => Err(ApiError::Internal(
            "an idempotency outcome without a key".into(),
        )),
    }
}
