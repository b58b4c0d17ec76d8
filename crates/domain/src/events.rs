//! Webhook event payloads, in the seed's shapes: `{"event", "timestamp", "data"}`.

use crate::lead_view::LeadView;
use crate::timestamps::compact_date;
use crate::{PartnerId, PartnerStatus, Stage};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventType {
    #[serde(rename = "lead.status_changed")]
    LeadStatusChanged,
    #[serde(rename = "commission.earned")]
    CommissionEarned,
    #[serde(rename = "payout.processed")]
    PayoutProcessed,
    #[serde(rename = "account.status_changed")]
    AccountStatusChanged,
}

impl EventType {
    pub const ALL: [EventType; 4] = [
        EventType::LeadStatusChanged,
        EventType::CommissionEarned,
        EventType::PayoutProcessed,
        EventType::AccountStatusChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LeadStatusChanged => "lead.status_changed",
            Self::CommissionEarned => "commission.earned",
            Self::PayoutProcessed => "payout.processed",
            Self::AccountStatusChanged => "account.status_changed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == value)
    }
}

/// An event ready for the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub event_type: EventType,
    pub partner: PartnerId,
    /// The whole delivered body.
    pub payload: Value,
}

/// Webhook times are RFC 3339 in UTC, to the second: `2024-01-15T10:30:00Z`.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn envelope(event_type: EventType, partner: PartnerId, at: DateTime<Utc>, data: Value) -> Event {
    Event {
        event_type,
        partner,
        payload: json!({ "event": event_type.as_str(), "timestamp": rfc3339(at), "data": data }),
    }
}

/// A lead changed stage; `old` is `None` for a brand-new lead. The application statuses
/// carry the stage itself, as in the seed's example (`"lead"` included).
pub fn lead_status_changed(
    partner: PartnerId,
    old: Option<Stage>,
    lead: &LeadView,
    at: DateTime<Utc>,
) -> Event {
    let mut data = json!({
        "lead_reference_id": lead.reference_id.to_string(),
        "old_status": old.map(|stage| stage.coarse().as_str()),
        "new_status": lead.stage.coarse().as_str(),
        "old_application_status": old.map(Stage::as_str),
        "new_application_status": lead.stage.as_str(),
        "lead_details": lead.lead_json(),
    });
    // A test lead's events say so, as the seed's test webhooks do.
    if lead.test
        && let Some(data) = data.as_object_mut()
    {
        data.insert("test".to_string(), Value::Bool(true));
    }
    envelope(EventType::LeadStatusChanged, partner, at, data)
}

/// The test event a partner sends from the API: a sample lead moving from `lead` to
/// `in_underwriting`, marked `"test": true` so receivers can tell it from a real one.
pub fn test_lead_status_changed(partner: PartnerId, at: DateTime<Utc>) -> Event {
    let data = json!({
        "lead_reference_id": format!("{}-0", compact_date(at.date_naive())),
        "old_status": Stage::Lead.coarse().as_str(),
        "new_status": Stage::InUnderwriting.coarse().as_str(),
        "old_application_status": Stage::Lead.as_str(),
        "new_application_status": Stage::InUnderwriting.as_str(),
        "test": true,
    });
    envelope(EventType::LeadStatusChanged, partner, at, data)
}

pub fn account_status_changed(
    partner: PartnerId,
    email: &str,
    old: PartnerStatus,
    new: PartnerStatus,
    at: DateTime<Utc>,
) -> Event {
    let data = json!({
        "referrer_id": partner.get(),
        "old_status": old.as_str(),
        "new_status": new.as_str(),
        "account_details": { "id": partner.get(), "email": email, "status": new.as_str() },
    });
    envelope(EventType::AccountStatusChanged, partner, at, data)
}

/// One earner's commission on a funded lead. `referral_email` is only given to the partner
/// who submitted the lead: upline partners do not see another partner's lead details.
pub struct CommissionEarned<'a> {
    pub earner: PartnerId,
    pub commission_id: String,
    pub lead: &'a LeadView<'a>,
    pub share: crate::commissions::Share,
    pub funded_amount: crate::Cents,
}

pub fn commission_earned(earned: &CommissionEarned<'_>, at: DateTime<Utc>) -> Event {
    let share = earned.share;
    let data = json!({
        "commission_id": earned.commission_id,
        "referral_reference_id": earned.lead.reference_id.to_string(),
        "amount": share.amount,
        "level": share.level,
        "breakdown": [{
            "level": share.level,
            "percentage": crate::commissions::percentage(share.basis_points),
            "funded_amount": earned.funded_amount,
            "amount": share.amount,
        }],
        "referral_details": {
            "reference_id": earned.lead.reference_id.to_string(),
            "email": if share.level == 1 { earned.lead.email } else { None },
            "status": earned.lead.stage.coarse().as_str(),
        },
    });
    envelope(EventType::CommissionEarned, earned.earner, at, data)
}

pub fn payout_processed(
    partner: PartnerId,
    payout_id: i64,
    amount: crate::Cents,
    at: DateTime<Utc>,
) -> Event {
    let data = json!({
        "payout_id": payout_id,
        "amount": amount,
        "status": "paid",
        "processed_at": rfc3339(at),
    });
    envelope(EventType::PayoutProcessed, partner, at, data)
}
