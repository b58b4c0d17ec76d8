use crate::error::ApiError;
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::operator::Operator;
use crate::presenters::{QuoteJson, history_json};
use crate::routes::leads::{check_lead, duplicate, rejected};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use partnerhub_domain::pipeline::{MoveRefused, MoveRequest};
use partnerhub_domain::{Cents, LeadId, PartnerId, ReferenceId, Stage};
use partnerhub_persistence::enums::{DbReferralType, QuoteGroupStatus, QuoteStatus};
use partnerhub_persistence::history::{self, Actor};
use partnerhub_persistence::leads::{self, Lead};
use partnerhub_persistence::quotes::{self, QuoteDraft};
use partnerhub_persistence::submit::{SubmitOutcome, submit_lead};
use partnerhub_persistence::{PooledConnection, partners, pipeline};
use serde_json::{Value, json};

fn lead_not_found() -> ApiError {
    ApiError::not_found("Lead not found")
}

async fn find(conn: &mut PooledConnection, reference: &str) -> Result<Lead, ApiError> {
    let reference = ReferenceId::parse(reference).ok_or_else(lead_not_found)?;
    leads::find_by_reference(conn, reference)
        .await?
        .ok_or_else(lead_not_found)
}

/// The lead as its partner sees it, plus what only staff see.
fn operator_json(lead: &Lead) -> Value {
    let mut shown = lead.view().referral_json();
    shown["partner_id"] = json!(lead.partner_id);
    shown["funded_amount"] = json!(lead.funded_amount_cents.map(Cents));
    shown
}

/// `POST /leads`: a `manual_lead` for a partner, validated like a partner's submission.
pub async fn create(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let mut body = read_object(&request, payload).await?;
    let partner_id = Fields(body.clone())
        .i64("partner_id")?
        .ok_or_else(|| ApiError::invalid_field("partner_id", "Field 'partner_id' is required"))?;
    body.shift_remove("partner_id");
    let mut conn = state.connection().await?;
    partners::find(&mut conn, PartnerId(partner_id))
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field("partner_id", format!("Partner {partner_id} does not exist"))
        })?;
    // Staff enter what they have: the partner's email/phone requirement is the partner's own.
    let report = check_lead(&state, None, &body).await?;
    let lead = report
        .lead
        .as_ref()
        .ok_or_else(|| rejected(&state, &report))?;
    let outcome = submit_lead(
        &mut conn,
        PartnerId(partner_id),
        DbReferralType::ManualLead,
        lead,
        None,
        Actor::Operator,
        Utc::now(),
    )
    .await?;
    state.doorbell.ring();
    match outcome {
        SubmitOutcome::Created(lead) => Ok(HttpResponse::build(StatusCode::CREATED).json(json!({
            "success": true,
            "lead_id": lead.id,
            "reference_id": lead.reference_id().to_string(),
        }))),
        SubmitOutcome::Duplicate(existing) => Err(duplicate(&existing)),
        SubmitOutcome::Replayed(_) | SubmitOutcome::KeyReused => Err(ApiError::Internal(
            "an idempotency outcome without a key".into(),
        )),
    }
}

/// `GET /leads/{reference_id}`: the lead, its pipeline history and its quotes.
pub async fn show(
    _: Operator,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.connection().await?;
    let lead = find(&mut conn, &path).await?;
    let history = history::for_lead(&mut conn, LeadId(lead.id)).await?;
    let quotes = quotes::for_lead(&mut conn, LeadId(lead.id)).await?;
    let quotes: Vec<QuoteJson<'_>> = quotes
        .iter()
        .map(|quote| QuoteJson::new(quote, &lead))
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "lead": operator_json(&lead),
        "history": history.iter().map(history_json).collect::<Vec<_>>(),
        "quotes": serde_json::to_value(&quotes).unwrap_or_default(),
    })))
}

fn move_request(fields: &Fields) -> Result<(MoveRequest, Option<String>), ApiError> {
    let stages = || {
        Stage::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let status = fields.required_str("status")?;
    let to = Stage::parse(status).ok_or_else(|| {
        ApiError::invalid_field(
            "status",
            format!("Field 'status' must be one of: {}", stages()),
        )
    })?;
    let funded_amount =
        fields
            .f64("funded_amount")?
            .map(|dollars| {
                Cents::from_dollars(dollars).filter(|cents| cents.0 > 0).ok_or_else(|| {
                ApiError::invalid_field(
                    "funded_amount",
                    "Field 'funded_amount' must be a positive amount in dollars, to the cent",
                )
            })
            })
            .transpose()?;
    let note = fields
        .str("note")?
        .filter(|note| !note.is_empty())
        .map(str::to_string);
    if note
        .as_ref()
        .is_some_and(|note| note.chars().count() > 1000)
    {
        return Err(ApiError::invalid_field(
            "note",
            "Field 'note' must be at most 1000 characters",
        ));
    }
    let force = fields.bool("force")?.unwrap_or(false);
    Ok((
        MoveRequest {
            to,
            funded_amount,
            force,
        },
        note,
    ))
}

/// `POST /leads/{reference_id}/status`: one move through the pipeline.
pub async fn move_stage(
    _: Operator,
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
        LeadId(lead.id),
        move_request,
        Actor::Operator,
        note.as_deref(),
    )
    .await?;
    state.doorbell.ring();
    match moved {
        Ok(lead) => Ok(HttpResponse::Ok().json(json!({ "lead": operator_json(&lead) }))),
        Err(MoveRefused::FundedAmountRequired) => Err(ApiError::invalid_field(
            "funded_amount",
            MoveRefused::FundedAmountRequired.message(),
        )),
        Err(refusal) => {
            let from = match refusal {
                MoveRefused::NotAllowed { from, .. } | MoveRefused::AlreadyThere(from) => from,
                MoveRefused::FundedAmountRequired => lead.stage(),
            };
            Err(ApiError::ClientBody {
                status: StatusCode::CONFLICT,
                body: json!({
                    "error": refusal.message(),
                    "code": "INVALID_TRANSITION",
                    "current_status": from.as_str(),
                    "allowed": from.allowed_next().iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                }),
            })
        }
    }
}

fn quote_drafts(fields: &Fields) -> Result<(QuoteGroupStatus, Vec<QuoteDraft>), ApiError> {
    let group = match fields.required_str("quote_group_status")? {
        "waiting" => QuoteGroupStatus::Waiting,
        "ready" => QuoteGroupStatus::Ready,
        "sent" => QuoteGroupStatus::Sent,
        _ => {
            return Err(ApiError::invalid_field(
                "quote_group_status",
                "Field 'quote_group_status' must be waiting, ready or sent",
            ));
        }
    };
    let items = fields
        .array("quotes")?
        .ok_or_else(|| ApiError::invalid_field("quotes", "Field 'quotes' is required"))?;
    if items.len() > 20 {
        return Err(ApiError::invalid_field(
            "quotes",
            "Field 'quotes' may hold at most 20 quotes",
        ));
    }
    let invalid = |index: usize, what: &str| {
        ApiError::invalid_field("quotes", format!("quotes[{index}]: {what}"))
    };
    let mut drafts = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let quote = Fields(
            item.as_object()
                .cloned()
                .ok_or_else(|| invalid(index, "must be an object"))?,
        );
        let quote_type = quote
            .str("quote_type")
            .map_err(|_| invalid(index, "quote_type must be a string"))?;
        let quote_type = quote_type
            .filter(|name| (1..=100).contains(&name.chars().count()))
            .ok_or_else(|| invalid(index, "quote_type must be 1-100 characters"))?;
        let amount = quote
            .f64("amount")
            .map_err(|_| invalid(index, "amount must be a number or null"))?
            .map(|dollars| {
                Cents::from_dollars(dollars).ok_or_else(|| {
                    invalid(index, "amount must be dollars, to the cent, not negative")
                })
            })
            .transpose()?;
        let status = match quote.str("status").ok().flatten() {
            Some("pending") => QuoteStatus::Pending,
            Some("sent") => QuoteStatus::Sent,
            Some("received") => QuoteStatus::Received,
            Some("declined") => QuoteStatus::Declined,
            Some("not_approved") => QuoteStatus::NotApproved,
            _ => {
                return Err(invalid(
                    index,
                    "status must be pending, sent, received, declined or not_approved",
                ));
            }
        };
        drafts.push(QuoteDraft {
            quote_type: quote_type.to_string(),
            amount_cents: amount.map(|cents| cents.0),
            status,
        });
    }
    Ok((group, drafts))
}

/// `PUT /leads/{reference_id}/quotes`: replaces the lead's quotes.
pub async fn replace_quotes(
    _: Operator,
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let mut conn = state.connection().await?;
    let lead = find(&mut conn, &path).await?;
    let (group, drafts) = quote_drafts(&fields)?;
    quotes::replace(&mut conn, LeadId(lead.id), group, &drafts).await?;
    let lead = find(&mut conn, &path).await?;
    let stored = quotes::for_lead(&mut conn, LeadId(lead.id)).await?;
    let shown: Vec<QuoteJson<'_>> = stored
        .iter()
        .map(|quote| QuoteJson::new(quote, &lead))
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "quotes": serde_json::to_value(&shown).unwrap_or_default(),
    })))
}
