//! JSON shapes of stored rows that the domain's lead view does not cover.

use partnerhub_domain::timestamps::display;
use partnerhub_domain::{Cents, LeadHandling, PartnerStatus, Stage};
use partnerhub_persistence::history::HistoryEntry;
use partnerhub_persistence::leads::Lead;
use partnerhub_persistence::partners::Partner;
use partnerhub_persistence::quotes::Quote;
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Serialize)]
pub struct QuoteJson<'a> {
    pub quote_type: &'a str,
    pub amount: Option<Cents>,
    pub status: &'static str,
    pub quote_group_status: Option<&'static str>,
}

impl<'a> QuoteJson<'a> {
    pub fn new(quote: &'a Quote, lead: &Lead) -> Self {
        Self {
            quote_type: &quote.quote_type,
            amount: quote.amount_cents.map(Cents),
            status: quote.status.as_str(),
            quote_group_status: lead.quote_group_status.map(|status| status.as_str()),
        }
    }
}

/// A partner as the operator API shows it.
pub fn partner_json(partner: &Partner, tracking_url: String) -> Value {
    json!({
        "id": partner.id,
        "name": partner.name,
        "email": partner.email,
        "status": PartnerStatus::from(partner.status).as_str(),
        "parent_partner_id": partner.parent_partner_id,
        "lead_handling": partner.lead_handling.map(LeadHandling::from),
        "rate_limit_per_hour": partner.rate_limit_per_hour,
        "commission_plan": partner.commission_plan_bps,
        "referral_code": partner.referral_code,
        "tracking_url": tracking_url,
        "landing_url": partner.landing_url,
        "created_at": display(partner.created_at),
    })
}

pub fn history_json(entry: &HistoryEntry) -> Value {
    json!({
        "from": entry.from_stage.map(|stage| Stage::from(stage).as_str()),
        "to": Stage::from(entry.to_stage).as_str(),
        "actor": entry.actor,
        "note": entry.note,
        "forced": entry.forced,
        "at": display(entry.created_at),
    })
}
