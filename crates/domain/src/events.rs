//! Webhook event payloads, in the seed's shapes: `{"event", "timestamp", "data"}`.

use crate::lead_view::LeadView;
use crate::timestamps::compact_date;
use crate::{PartnerId, PartnerStatus, Stage};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::ser::{Serialize, SerializeMap, Serializer};
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
    let body = LeadStatusChanged { old, lead, at };
    Event {
        event_type: EventType::LeadStatusChanged,
        partner,
        payload: serde_json::to_value(&body).unwrap_or_default(),
    }
}

/// The same event's JSON text, written straight from the lead: for a caller that only stores
/// it (a submit), without building the `Value` first.
pub fn lead_status_changed_body(old: Option<Stage>, lead: &LeadView, at: DateTime<Utc>) -> String {
    serde_json::to_string(&LeadStatusChanged { old, lead, at }).unwrap_or_default()
}

struct LeadStatusChanged<'v, 'a> {
    old: Option<Stage>,
    lead: &'v LeadView<'a>,
    at: DateTime<Utc>,
}

impl Serialize for LeadStatusChanged<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("event", EventType::LeadStatusChanged.as_str())?;
        map.serialize_entry("timestamp", &rfc3339(self.at))?;
        map.serialize_entry("data", &LeadStatusData(self))?;
        map.end()
    }
}

struct LeadStatusData<'e, 'v, 'a>(&'e LeadStatusChanged<'v, 'a>);

impl Serialize for LeadStatusData<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let LeadStatusChanged { old, lead, .. } = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("lead_reference_id", &lead.reference_id.to_string())?;
        map.serialize_entry("old_status", &old.map(|stage| stage.coarse().as_str()))?;
        map.serialize_entry("new_status", lead.stage.coarse().as_str())?;
        map.serialize_entry("old_application_status", &old.map(Stage::as_str))?;
        map.serialize_entry("new_application_status", lead.stage.as_str())?;
        map.serialize_entry("lead_details", &lead.as_lead())?;
        // A test lead's events say so, as the seed's test webhooks do.
        if lead.test {
            map.serialize_entry("test", &true)?;
        }
        map.end()
    }
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

#[cfg(test)]
mod tests {
    use super::{lead_status_changed, lead_status_changed_body};
    use crate::lead_view::{LeadView, ReferralType};
    use crate::{LeadId, PartnerId, ReferenceId, Stage};
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_stored_body_is_the_events_payload_in_the_seeds_order() {
        let at = Utc
            .with_ymd_and_hms(2026, 12, 2, 12, 0, 0)
            .single()
            .unwrap_or_default();
        let lead = LeadView {
            reference_id: ReferenceId::new(LeadId::new(42), at),
            referral_type: ReferralType::ApiLead,
            stage: Stage::Lead,
            first_name: "John",
            last_name: "Doe",
            email: Some("john@example.com"),
            phone: Some("5551234567"),
            company_name: None,
            residential_street: Some("1 Main St"),
            residential_city: Some("Austin"),
            residential_state: Some("TX"),
            residential_zip: Some("73301"),
            funding_type: Some("Term Loan"),
            created_at: at,
            updated_at: at,
            test: true,
        };
        let body = lead_status_changed_body(None, &lead, at);
        assert_eq!(
            body,
            concat!(
                r#"{"event":"lead.status_changed","timestamp":"2026-12-02T12:00:00Z","data":{"#,
                r#""lead_reference_id":"20261202-42","old_status":null,"new_status":"lead","#,
                r#""old_application_status":null,"new_application_status":"lead","lead_details":{"#,
                r#""reference_id":"20261202-42","first_name":"John","last_name":"Doe","#,
                r#""email":"john@example.com","phone":"5551234567","company_name":null,"#,
                r#""residential_street":"1 Main St","residential_city":"Austin","#,
                r#""residential_state":"TX","residential_zip":"73301","funding_type":"Term Loan","#,
                r#""status":"lead","application_status":null,"effective_status":"lead","#,
                r#""created_at":"2026-12-02 12:00:00","updated_at":"2026-12-02 12:00:00"},"#,
                r#""test":true}}"#
            )
        );
        let event = lead_status_changed(PartnerId::new(7), None, &lead, at);
        assert_eq!(event.payload.to_string(), body);
    }
}
