//! Answer bodies built from stored rows that the domain's lead view does not cover.

use crate::bodies::back_office::{AuditEntryObject, AuditLog};
use crate::bodies::common::Pagination;
use crate::bodies::leads::QuoteObject;
use crate::bodies::operator::{HistoryEntryObject, OperatorLead, PartnerObject};
use partnerhub_domain::Cents;
use partnerhub_domain::lead_view::LeadView;
use partnerhub_domain::timestamps::display;
use partnerhub_persistence::audit::AuditRow;
use partnerhub_persistence::history::HistoryEntry;
use partnerhub_persistence::leads::{Lead, Page};
use partnerhub_persistence::partners::Partner;
use partnerhub_persistence::quotes::Quote;

pub fn quote_object<'a>(quote: &'a Quote, lead: &Lead) -> QuoteObject<'a> {
    QuoteObject {
        quote_type: &quote.quote_type,
        amount: quote.amount_cents.map(Cents),
        status: quote.status,
        quote_group_status: lead.quote_group_status,
    }
}

/// A partner as the operator API shows it.
pub fn partner_object(partner: &Partner, tracking_url: String) -> PartnerObject<'_> {
    PartnerObject {
        id: partner.id,
        name: &partner.name,
        email: &partner.email,
        status: partner.status,
        parent_partner_id: partner.parent_partner_id,
        lead_handling: partner.lead_handling,
        rate_limit_per_hour: partner.rate_limit_per_hour,
        commission_plan: &partner.commission_plan_bps,
        referral_code: &partner.referral_code,
        tracking_url,
        landing_url: partner.landing_url.as_deref(),
        commission_hold_days: partner.commission_hold_days,
        phone: partner.phone.as_deref(),
        created_at: display(partner.created_at),
    }
}

pub fn history_object(entry: &HistoryEntry) -> HistoryEntryObject<'_> {
    HistoryEntryObject {
        from: entry.from_stage,
        to: entry.to_stage,
        actor: &entry.actor,
        note: entry.note.as_deref(),
        forced: entry.forced,
        at: display(entry.created_at),
    }
}

/// The lead as its partner sees it, plus what only staff see.
pub fn operator_lead<'v, 'a>(lead: &'v Lead, view: &'v LeadView<'a>) -> OperatorLead<'v, 'a> {
    OperatorLead {
        referral: view.as_referral(),
        partner_id: lead.partner_id,
        funded_amount: lead.funded_amount_cents.map(Cents),
        test: lead.test,
        flags: &lead.flags,
    }
}

/// A page of the audit log.
pub fn audit_log(rows: &[AuditRow], page: Page, total: i64) -> AuditLog<'_> {
    AuditLog {
        entries: rows
            .iter()
            .map(|row| AuditEntryObject {
                id: row.id,
                actor: &row.actor,
                action: &row.action,
                target_type: &row.target_type,
                target_id: &row.target_id,
                partner_id: row.partner_id,
                changes: &row.changes,
                request_id: row.request_id.as_deref(),
                created_at: display(row.created_at),
            })
            .collect(),
        pagination: Pagination::new(page.number, page.per_page, total),
    }
}
