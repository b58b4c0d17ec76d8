use super::{check_partner_lead, duplicate_body, new_lead_flags, rejected};
use crate::bodies::common::ErrorBody;
use crate::bodies::leads::{DuplicateLead, LeadCreated, SubmitRefused};
use crate::bodies::requests::LeadSubmission;
use crate::error::{ApiError, ErrorCode};
use crate::partner_auth::PartnerRequest;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::ReferralType;
use partnerhub_domain::lead::API_KEY_FIELD;
use partnerhub_persistence::history::Actor;
use partnerhub_persistence::idempotency::SavedResponse;
use partnerhub_persistence::leads::Origin;
use partnerhub_persistence::submit::{IdempotentRequest, Submission, SubmitOutcome, submit_lead};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// `POST /leads/submit`: validates, rejects duplicates, and stores the lead at stage `lead`.
/// An `Idempotency-Key` makes a retry safe: the same key and body within 24 h answer as the
/// first time did (with `Idempotent-Replayed: true`).
#[utoipa::path(post, path = "/app/partners/api/v1/leads/submit", tag = "Leads",
    security(("api_key" = [])),
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "Makes a retried submit safe for 24 hours")),
    request_body = LeadSubmission,
    responses(
        (status = 200, description = "The lead is stored", body = LeadCreated),
        (status = 400, description = "The lead has validation errors, or the body is not a JSON object", body = SubmitRefused),
        (status = 409, description = "A duplicate of a lead sent in the last 30 days", body = DuplicateLead),
        (status = 422, description = "The Idempotency-Key was used with another body", body = ErrorBody)))]
pub async fn submit(
    call: PartnerRequest,
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let PartnerRequest {
        partner,
        credential,
        body,
        ..
    } = call;
    let idempotency_key = idempotency_key(&request)?;
    let report = check_partner_lead(&state, &partner, &body).await?;
    let Some(lead) = &report.lead else {
        return Err(rejected(&state, &report));
    };
    let request_hash = idempotency_key.map(|_| request_hash(&body));
    let idempotent = idempotency_key
        .zip(request_hash.as_ref())
        .map(|(key, hash)| IdempotentRequest {
            key,
            request_hash: hash,
            render,
        });
    // A test lead counts and earns nothing: no review either.
    let test = credential.test();
    let flags = if test {
        Vec::new()
    } else {
        new_lead_flags(&state, &partner, lead).await?
    };
    let origin = Origin {
        partner: partner.partner_id(),
        referral_type: ReferralType::ApiLead,
        test,
        flags,
    };
    let submission = Submission {
        id: state.lead_ids.next(&state.pool).await?,
        origin: &origin,
        lead,
        actor: Actor::Partner(partner.id),
        at: Utc::now(),
    };
    let mut conn = state.connection().await?;
    let outcome = submit_lead(&mut conn, submission, idempotent, None, &state.doorbell).await?;
    let replayed = matches!(outcome, SubmitOutcome::Replayed(_));
    let saved = render(&outcome);
    let mut response = HttpResponse::build(
        StatusCode::from_u16(saved.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    );
    if replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    Ok(response.json(&saved.body))
}

fn idempotency_key(request: &HttpRequest) -> Result<Option<&str>, ApiError> {
    let Some(value) = request.headers().get(IDEMPOTENCY_HEADER) else {
        return Ok(None);
    };
    match value.to_str().map(str::trim) {
        Ok(key) if !key.is_empty() && key.len() <= 255 => Ok(Some(key)),
        _ => Err(ApiError::invalid_parameter(
            "Idempotency-Key",
            "Idempotency-Key must be 1-255 visible ASCII characters",
        )),
    }
}

/// The body without the API key, hashed in a canonical form (object keys sorted), so a retry
/// that sends the same fields in another order is the same request.
fn request_hash(body: &Map<String, Value>) -> Vec<u8> {
    let mut without_key = body.clone();
    without_key.shift_remove(API_KEY_FIELD);
    let bytes = serde_json::to_vec(&canonical(Value::Object(without_key))).unwrap_or_default();
    Sha256::digest(bytes).to_vec()
}

fn canonical(value: Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut entries: Vec<(String, Value)> = object.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, canonical(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

fn render(outcome: &SubmitOutcome) -> SavedResponse {
    let (status, body) = match outcome {
        SubmitOutcome::Created(lead) => (
            200,
            serde_json::to_value(LeadCreated {
                success: true,
                lead_id: lead.id,
                reference_id: lead.reference_id().to_string(),
            }),
        ),
        SubmitOutcome::Duplicate(existing) => (409, serde_json::to_value(duplicate_body(existing))),
        SubmitOutcome::KeyReused => (
            422,
            serde_json::to_value(ErrorBody {
                error: "Idempotency-Key was already used with a different request body".into(),
                code: Some(ErrorCode::IdempotencyKeyReused),
                field: None,
            }),
        ),
        SubmitOutcome::Replayed(saved) => return saved.clone(),
    };
    SavedResponse {
        status,
        body: body.unwrap_or_default(),
    }
}
