use super::{check_partner_lead, duplicate_body, rejected};
use crate::error::ApiError;
use crate::partner_call::{self, Metering};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::lead::API_KEY_FIELD;
use partnerhub_persistence::enums::DbReferralType;
use partnerhub_persistence::history::Actor;
use partnerhub_persistence::idempotency::SavedResponse;
use partnerhub_persistence::submit::{IdempotentRequest, SubmitOutcome, submit_lead};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// `POST /leads/submit`: validates, rejects duplicates, and stores the lead at stage `lead`.
pub async fn submit(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> HttpResponse {
    partner_call::post(
        &state,
        &request,
        payload,
        Metering::Hourly,
        async |partner, body| {
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
            let mut conn = state.connection().await?;
            let outcome = submit_lead(
                &mut conn,
                partner.partner_id(),
                DbReferralType::ApiLead,
                lead,
                idempotent,
                Actor::Partner(partner.id),
                Utc::now(),
            )
            .await?;
            state.doorbell.ring();
            let replayed = matches!(outcome, SubmitOutcome::Replayed(_));
            let saved = render(&outcome);
            let mut response = HttpResponse::build(
                StatusCode::from_u16(saved.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            );
            if replayed {
                response.insert_header(("Idempotent-Replayed", "true"));
            }
            Ok(response.json(&saved.body))
        },
    )
    .await
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
    match outcome {
        SubmitOutcome::Created(lead) => SavedResponse {
            status: 200,
            body: json!({
                "success": true,
                "lead_id": lead.id,
                "reference_id": lead.reference_id().to_string(),
            }),
        },
        SubmitOutcome::Duplicate(existing) => SavedResponse {
            status: 409,
            body: duplicate_body(existing),
        },
        SubmitOutcome::KeyReused => SavedResponse {
            status: 422,
            body: json!({
                "error": "Idempotency-Key was already used with a different request body",
                "code": "IDEMPOTENCY_KEY_REUSED",
            }),
        },
        SubmitOutcome::Replayed(saved) => saved.clone(),
    }
}
