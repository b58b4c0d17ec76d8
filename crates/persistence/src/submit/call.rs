//! `SELECT * FROM submit_lead(...)`: one prepared statement, its text the same for every
//! lead.

use super::Submission;
use crate::leads::{DUPLICATE_WINDOW_DAYS, Lead, duplicate_lock_key};
use crate::prepared::Statement;
use chrono::{DateTime, Duration, Utc};
use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::AstPass;
use diesel::serialize::ToSql;
use diesel::sql_types::{
    Array, BigInt, Bool, Date, HasSqlType, Integer, Nullable, Text, Timestamptz,
};
use partnerhub_domain::lead::ConsentRecord;

/// Consent columns of a lead that came without a consent record.
static NO_CONSENT: ConsentRecord = ConsentRecord {
    tcpa_consent: None,
    consent_timestamp: None,
    ip_address: None,
    source_url: None,
    consent_text: None,
    user_agent: None,
    trustedform_cert_url: None,
};

pub(super) struct SubmitCall<'a> {
    lead: &'a Lead,
    consent: &'a ConsentRecord,
    referral_type: &'static str,
    lock_key: i32,
    duplicate_since: DateTime<Utc>,
    first_lower: String,
    last_lower: String,
    email_lower: Option<String>,
    actor: String,
    payload: &'a str,
}

impl<'a> SubmitCall<'a> {
    pub(super) fn new(submission: &'a Submission<'_>, lead: &'a Lead, payload: &'a str) -> Self {
        let new = submission.lead;
        Self {
            lead,
            consent: new.consent.as_ref().unwrap_or(&NO_CONSENT),
            referral_type: lead.referral_type.as_str(),
            lock_key: duplicate_lock_key(lead.partner_id),
            duplicate_since: submission.at - Duration::days(DUPLICATE_WINDOW_DAYS),
            first_lower: new.first_name.to_lowercase(),
            last_lower: new.last_name.to_lowercase(),
            email_lower: new.email.as_deref().map(str::to_lowercase),
            actor: submission.actor.label(),
            payload,
        }
    }
}

/// Writes `$n` binds separated by commas.
struct Arguments<'a, 'b, 'c> {
    out: &'a mut AstPass<'b, 'c, Pg>,
    first: bool,
}

impl<'b, 'c> Arguments<'_, 'b, 'c> {
    fn bind<T, U>(&mut self, value: &'c U) -> QueryResult<&mut Self>
    where
        Pg: HasSqlType<T>,
        U: ToSql<T, Pg> + 'c,
        T: diesel::sql_types::SqlType + 'static,
    {
        if !std::mem::take(&mut self.first) {
            self.out.push_sql(", ");
        }
        self.out.push_bind_param::<T, U>(value)?;
        Ok(self)
    }

    /// Follows the last bind with a cast to the named SQL type.
    fn cast(&mut self, sql_type: &str) -> &mut Self {
        self.out.push_sql("::");
        self.out.push_sql(sql_type);
        self
    }
}

impl Statement for SubmitCall<'_> {
    type Key = SubmitCall<'static>;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let (lead, consent) = (self.lead, self.consent);
        out.push_sql("SELECT * FROM submit_lead(");
        let mut args = Arguments { out, first: true };
        args.bind::<BigInt, _>(&lead.id)?
            .bind::<BigInt, _>(&lead.partner_id)?
            // As text: a bind of a custom type has diesel-async collect every bind twice
            // (to find where the type's OID goes), the payload's serialization included.
            .bind::<Text, _>(&self.referral_type)?
            .cast("referral_type")
            .bind::<Bool, _>(&lead.test)?
            .bind::<Array<Text>, _>(&lead.flags)?
            .bind::<Text, _>(&lead.first_name)?
            .bind::<Text, _>(&lead.last_name)?
            .bind::<Nullable<Date>, _>(&lead.date_of_birth)?
            .bind::<Nullable<Text>, _>(&lead.email)?
            .bind::<Nullable<Text>, _>(&lead.phone)?
            .bind::<Nullable<Text>, _>(&lead.company_name)?
            .bind::<Nullable<Text>, _>(&lead.residential_street)?
            .bind::<Nullable<Text>, _>(&lead.residential_city)?
            .bind::<Nullable<Text>, _>(&lead.residential_state)?
            .bind::<Nullable<Text>, _>(&lead.residential_zip)?
            .bind::<Nullable<Text>, _>(&lead.notes)?
            .bind::<Nullable<Text>, _>(&lead.funding_type)?
            .bind::<Nullable<Text>, _>(&lead.utm_source)?
            .bind::<Nullable<Text>, _>(&lead.utm_medium)?
            .bind::<Nullable<Text>, _>(&lead.utm_campaign)?
            .bind::<Nullable<Text>, _>(&lead.utm_term)?
            .bind::<Nullable<Text>, _>(&lead.utm_content)?
            .bind::<Nullable<Bool>, _>(&consent.tcpa_consent)?
            .bind::<Nullable<Timestamptz>, _>(&consent.consent_timestamp)?
            .bind::<Nullable<Text>, _>(&consent.ip_address)?
            .bind::<Nullable<Text>, _>(&consent.source_url)?
            .bind::<Nullable<Text>, _>(&consent.consent_text)?
            .bind::<Nullable<Text>, _>(&consent.user_agent)?
            .bind::<Nullable<Text>, _>(&consent.trustedform_cert_url)?
            .bind::<Timestamptz, _>(&lead.created_at)?
            .bind::<Integer, _>(&self.lock_key)?
            .bind::<Timestamptz, _>(&self.duplicate_since)?
            .bind::<Text, _>(&self.first_lower)?
            .bind::<Text, _>(&self.last_lower)?
            .bind::<Nullable<Text>, _>(&self.email_lower)?
            .bind::<Text, _>(&self.actor)?
            .bind::<Text, _>(&self.payload)?
            .cast("json");
        args.out.push_sql(")");
        Ok(())
    }
}

/// What `submit_lead` did.
#[derive(diesel::QueryableByName)]
pub(super) struct Stored {
    /// The id of the earlier lead the submitted one duplicates; `None` when it was stored.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub(super) earlier: Option<i64>,
    /// Whether its event queued a webhook delivery.
    #[diesel(sql_type = Bool)]
    pub(super) queued: bool,
}
