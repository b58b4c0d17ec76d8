//! Traffic referrals: visits through a partner's tracking link, later converted into leads.

use crate::enums::{DbReferralType, DbStage};
use crate::history::{self, Actor, Recorded};
use crate::leads::{self, Lead};
use crate::schema::leads as table;
use crate::{StoreError, events};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::future::try_join;
use partnerhub_domain::lead::{NewLead, Utm};
use partnerhub_domain::{LeadId, PartnerId, ReferralType, Stage};

/// Records a click at stage `click` with the link's UTM values.
pub async fn record_click(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    utm: &Utm,
) -> Result<Lead, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let click: Lead = diesel::insert_into(table::table)
            .values((
                table::partner_id.eq(partner.0),
                table::referral_type.eq(DbReferralType::Traffic),
                table::stage.eq(DbStage::Click),
                table::utm_source.eq(utm.source.as_deref()),
                table::utm_medium.eq(utm.medium.as_deref()),
                table::utm_campaign.eq(utm.campaign.as_deref()),
                table::utm_term.eq(utm.term.as_deref()),
                table::utm_content.eq(utm.content.as_deref()),
            ))
            .returning(Lead::as_returning())
            .get_result(conn)
            .await?;
        let first = Recorded {
            lead: LeadId(click.id),
            from: None,
            to: Stage::Click,
            actor: Actor::TrackingLink,
            note: None,
            forced: false,
        };
        history::record(conn, first).await?;
        Ok(click)
    })
    .await
}

#[derive(Debug, Clone)]
pub enum ConvertRefused {
    NotTraffic,
    NotAClick(Stage),
    /// The converted lead would duplicate this earlier one.
    Duplicate(Box<Lead>),
}

#[derive(AsChangeset)]
#[diesel(table_name = table)]
struct Conversion<'a> {
    stage: DbStage,
    first_name: &'a str,
    last_name: &'a str,
    date_of_birth: Option<chrono::NaiveDate>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    company_name: Option<&'a str>,
    residential_street: Option<&'a str>,
    residential_city: Option<&'a str>,
    residential_state: Option<&'a str>,
    residential_zip: Option<&'a str>,
    notes: Option<&'a str>,
    funding_type: Option<&'a str>,
    // The click's own UTM values stay unless the conversion names others.
    utm_source: Option<&'a str>,
    utm_medium: Option<&'a str>,
    utm_campaign: Option<&'a str>,
    utm_term: Option<&'a str>,
    utm_content: Option<&'a str>,
    tcpa_consent: Option<bool>,
    consent_timestamp: Option<DateTime<Utc>>,
    ip_address: Option<&'a str>,
    source_url: Option<&'a str>,
    consent_text: Option<&'a str>,
    user_agent: Option<&'a str>,
    trustedform_cert_url: Option<&'a str>,
    updated_at: DateTime<Utc>,
}

/// Turns a click into a lead: its details, stage `lead`, a history row and a
/// `lead.status_changed` event (click to lead), all in one transaction.
pub async fn convert(
    conn: &mut AsyncPgConnection,
    id: LeadId,
    lead: &NewLead,
    now: DateTime<Utc>,
) -> Result<Result<Lead, ConvertRefused>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let click = leads::lock(conn, id).await?;
        if ReferralType::from(click.referral_type) != ReferralType::Traffic {
            return Ok(Err(ConvertRefused::NotTraffic));
        }
        if click.stage() != Stage::Click {
            return Ok(Err(ConvertRefused::NotAClick(click.stage())));
        }
        let (_, duplicate) = try_join(
            leads::lock_duplicate_scope(conn, click.partner(), lead.date_of_birth),
            leads::find_duplicate(conn, click.partner(), lead, now),
        )
        .await?;
        if let Some(existing) = duplicate {
            return Ok(Err(ConvertRefused::Duplicate(Box::new(existing))));
        }
        let consent = lead.consent.clone().unwrap_or_default();
        let converted: Lead = diesel::update(table::table.find(id.0))
            .set(Conversion {
                stage: DbStage::Lead,
                first_name: &lead.first_name,
                last_name: &lead.last_name,
                date_of_birth: Some(lead.date_of_birth),
                email: lead.email.as_deref(),
                phone: lead.phone.as_deref(),
                company_name: lead.company_name.as_deref(),
                residential_street: Some(&lead.residential_street),
                residential_city: Some(&lead.residential_city),
                residential_state: Some(&lead.residential_state),
                residential_zip: Some(&lead.residential_zip),
                notes: lead.notes.as_deref(),
                funding_type: lead.funding_type.as_deref(),
                utm_source: lead.utm.source.as_deref(),
                utm_medium: lead.utm.medium.as_deref(),
                utm_campaign: lead.utm.campaign.as_deref(),
                utm_term: lead.utm.term.as_deref(),
                utm_content: lead.utm.content.as_deref(),
                tcpa_consent: consent.tcpa_consent,
                consent_timestamp: consent.consent_timestamp,
                ip_address: consent.ip_address.as_deref(),
                source_url: consent.source_url.as_deref(),
                consent_text: consent.consent_text.as_deref(),
                user_agent: consent.user_agent.as_deref(),
                trustedform_cert_url: consent.trustedform_cert_url.as_deref(),
                updated_at: now,
            })
            .returning(Lead::as_returning())
            .get_result(conn)
            .await?;
        let moved = Recorded {
            lead: id,
            from: Some(Stage::Click),
            to: Stage::Lead,
            actor: Actor::Operator,
            note: None,
            forced: false,
        };
        let event = partnerhub_domain::events::lead_status_changed(
            converted.partner(),
            Some(Stage::Click),
            &converted.view(),
            now,
        );
        try_join(history::record(conn, moved), events::record(conn, &event)).await?;
        Ok(Ok(converted))
    })
    .await
}
