use crate::StoreError;
use crate::schema::leads;
use crate::sql_functions::{earlier_duplicate, pg_advisory_xact_lock};
use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::future::try_join;
use partnerhub_domain::ReferralType;
use partnerhub_domain::lead::{ConsentRecord, NewLead};
use partnerhub_domain::quotes::QuoteGroupStatus;
use partnerhub_domain::{CoarseStatus, LeadId, LeadView, PartnerId, ReferenceId, Stage};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = leads)]
pub struct Lead {
    pub id: LeadId,
    pub partner_id: PartnerId,
    pub referral_type: ReferralType,
    pub stage: Stage,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_name: Option<String>,
    pub residential_street: Option<String>,
    pub residential_city: Option<String>,
    pub residential_state: Option<String>,
    pub residential_zip: Option<String>,
    pub notes: Option<String>,
    pub funding_type: Option<String>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
    pub funded_amount_cents: Option<i64>,
    pub quote_group_status: Option<QuoteGroupStatus>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// How many times the lead has been moved to funded.
    pub funding_round: i32,
    /// Submitted with a test key.
    pub test: bool,
    /// Reasons for an operator to look at the lead (`self_referral`).
    pub flags: Vec<String>,
}

impl Lead {
    pub fn reference_id(&self) -> ReferenceId {
        ReferenceId::new(self.id, self.created_at)
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn partner(&self) -> PartnerId {
        self.partner_id
    }

    pub fn view(&self) -> LeadView<'_> {
        LeadView {
            reference_id: self.reference_id(),
            referral_type: self.referral_type,
            stage: self.stage(),
            first_name: &self.first_name,
            last_name: &self.last_name,
            email: self.email.as_deref(),
            phone: self.phone.as_deref(),
            company_name: self.company_name.as_deref(),
            residential_street: self.residential_street.as_deref(),
            residential_city: self.residential_city.as_deref(),
            residential_state: self.residential_state.as_deref(),
            residential_zip: self.residential_zip.as_deref(),
            funding_type: self.funding_type.as_deref(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            test: self.test,
        }
    }

    /// The row a submit stores: stage `lead`, created and updated `at` (to the microsecond,
    /// as PostgreSQL keeps it).
    pub fn submitted(id: LeadId, origin: &Origin, lead: &NewLead, at: DateTime<Utc>) -> Self {
        let at = at.trunc_subsecs(6);
        Self {
            id,
            partner_id: origin.partner,
            referral_type: origin.referral_type,
            stage: Stage::Lead,
            first_name: lead.first_name.clone(),
            last_name: lead.last_name.clone(),
            date_of_birth: Some(lead.date_of_birth),
            email: lead.email.clone(),
            phone: lead.phone.clone(),
            company_name: lead.company_name.clone(),
            residential_street: Some(lead.residential_street.clone()),
            residential_city: Some(lead.residential_city.clone()),
            residential_state: Some(lead.residential_state.clone()),
            residential_zip: Some(lead.residential_zip.clone()),
            notes: lead.notes.clone(),
            funding_type: lead.funding_type.clone(),
            utm_source: lead.utm.source.clone(),
            utm_medium: lead.utm.medium.clone(),
            utm_campaign: lead.utm.campaign.clone(),
            utm_term: lead.utm.term.clone(),
            utm_content: lead.utm.content.clone(),
            funded_amount_cents: None,
            quote_group_status: None,
            created_at: at,
            updated_at: at,
            funding_round: 0,
            test: origin.test,
            flags: origin.flags.clone(),
        }
    }

    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|held| held == flag)
    }
}

/// A validated lead's own columns, as an insert writes them and a conversion sets them.
/// On insert, absent values bind as NULL rather than rendering DEFAULT, so the statement is
/// one cacheable prepared statement whatever fields a lead carries; in a changeset they are
/// left as they are (a click's UTM values survive its conversion).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = leads, treat_none_as_default_value = false)]
pub(crate) struct LeadColumns<'a> {
    first_name: &'a str,
    last_name: &'a str,
    date_of_birth: Option<NaiveDate>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    company_name: Option<&'a str>,
    residential_street: Option<&'a str>,
    residential_city: Option<&'a str>,
    residential_state: Option<&'a str>,
    residential_zip: Option<&'a str>,
    notes: Option<&'a str>,
    funding_type: Option<&'a str>,
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
}

impl<'a> LeadColumns<'a> {
    pub(crate) fn of(lead: &'a NewLead) -> Self {
        let consent = lead.consent.as_ref();
        let text = |field: fn(&ConsentRecord) -> &Option<String>| {
            consent.and_then(|c| field(c).as_deref())
        };
        Self {
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
            tcpa_consent: consent.and_then(|c| c.tcpa_consent),
            consent_timestamp: consent.and_then(|c| c.consent_timestamp),
            ip_address: text(|c| &c.ip_address),
            source_url: text(|c| &c.source_url),
            consent_text: text(|c| &c.consent_text),
            user_agent: text(|c| &c.user_agent),
            trustedform_cert_url: text(|c| &c.trustedform_cert_url),
        }
    }
}

/// Where a new lead comes from, beyond its own fields.
#[derive(Debug, Clone)]
pub struct Origin {
    pub partner: PartnerId,
    pub referral_type: ReferralType,
    /// Submitted with a test key.
    pub test: bool,
    pub flags: Vec<String>,
}

#[derive(QueryableByName)]
struct NextId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// `count` fresh lead ids, in one round trip: a lead can be named (and its events written)
/// before it is stored.
pub async fn lease_ids(
    conn: &mut AsyncPgConnection,
    count: u32,
) -> Result<Vec<LeadId>, StoreError> {
    let ids: Vec<NextId> =
        diesel::sql_query("SELECT nextval('leads_id_seq') AS id FROM generate_series(1, $1)")
            .bind::<Integer, _>(i32::try_from(count).unwrap_or(i32::MAX))
            .load(conn)
            .await?;
    Ok(ids.into_iter().map(|row| LeadId::new(row.id)).collect())
}

/// Stores a validated lead at stage `lead`.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    origin: &Origin,
    lead: &NewLead,
) -> Result<Lead, StoreError> {
    Ok(diesel::insert_into(leads::table)
        .values((
            leads::partner_id.eq(origin.partner),
            leads::referral_type.eq(origin.referral_type),
            leads::stage.eq(Stage::Lead),
            leads::test.eq(origin.test),
            leads::flags.eq(&origin.flags),
            LeadColumns::of(lead),
        ))
        .returning(Lead::as_returning())
        .get_result(conn)
        .await?)
}

pub const DUPLICATE_WINDOW_DAYS: i64 = 30;

/// The key of [`lock_duplicate_scope`]'s lock for this partner (its days are the second key).
pub(crate) fn duplicate_lock_key(partner: PartnerId) -> i32 {
    partner.get() as i32
}

/// Serialises submits that could duplicate each other (same partner and date of birth)
/// until the calling transaction ends.
pub async fn lock_duplicate_scope(
    mut conn: &AsyncPgConnection,
    partner: PartnerId,
    date_of_birth: NaiveDate,
) -> Result<(), StoreError> {
    // The two-key lock space: (partner id, days since 1970). Other locks use the one-key form.
    diesel::select(pg_advisory_xact_lock(
        duplicate_lock_key(partner),
        date_of_birth.to_epoch_days(),
    ))
    .execute(&mut conn)
    .await?;
    Ok(())
}

/// A lead of this partner from the last 30 days with the same date of birth and the same
/// email, or phone, or first name + last name + ZIP: the rule `earlier_duplicate` holds,
/// which the submit's own statement calls too.
pub async fn find_duplicate(
    mut conn: &AsyncPgConnection,
    partner: PartnerId,
    test: bool,
    lead: &NewLead,
    now: DateTime<Utc>,
) -> Result<Option<Lead>, StoreError> {
    let earlier = earlier_duplicate(
        partner.get(),
        test,
        lead.date_of_birth,
        now - Duration::days(DUPLICATE_WINDOW_DAYS),
        lead.first_name.to_lowercase(),
        lead.last_name.to_lowercase(),
        &lead.residential_zip,
        lead.email.as_deref().map(str::to_lowercase),
        lead.phone.as_deref(),
    );
    Ok(leads::table
        .filter(leads::id.nullable().eq(earlier))
        .select(Lead::as_select())
        .first(&mut conn)
        .await
        .optional()?)
}

/// The partner's lead with this reference id, live or test as asked; another partner's
/// lead (or one of the other kind) is `None`, like a missing one.
pub async fn find_for_partner(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    test: bool,
    reference: ReferenceId,
) -> Result<Option<Lead>, StoreError> {
    let lead = leads::table
        .filter(leads::id.eq(reference.lead_id))
        .filter(leads::partner_id.eq(partner))
        .filter(leads::test.eq(test))
        .select(Lead::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(lead.filter(|lead| lead.reference_id() == reference))
}

/// Any partner's lead with this reference id (operator use).
pub async fn find_by_reference(
    conn: &mut AsyncPgConnection,
    reference: ReferenceId,
) -> Result<Option<Lead>, StoreError> {
    let lead = leads::table
        .find(reference.lead_id)
        .select(Lead::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(lead.filter(|lead| lead.reference_id() == reference))
}

pub async fn find(conn: &mut AsyncPgConnection, id: LeadId) -> Result<Lead, StoreError> {
    Ok(leads::table
        .find(id)
        .select(Lead::as_select())
        .first(conn)
        .await?)
}

/// The lead, locked until the calling transaction ends.
pub async fn lock(conn: &mut AsyncPgConnection, id: LeadId) -> Result<Lead, StoreError> {
    Ok(leads::table
        .find(id)
        .for_update()
        .select(Lead::as_select())
        .first(conn)
        .await?)
}

/// Sets the stage; reaching `funded` starts a new funding round.
pub async fn set_stage(
    conn: &mut AsyncPgConnection,
    id: LeadId,
    stage: Stage,
    funded_amount_cents: Option<i64>,
) -> Result<Lead, StoreError> {
    let new_round = i32::from(stage == Stage::Funded);
    Ok(diesel::update(leads::table.find(id))
        .set((
            leads::stage.eq(stage),
            leads::funded_amount_cents.eq(funded_amount_cents),
            leads::funding_round.eq(leads::funding_round + new_round),
            leads::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Lead::as_returning())
        .get_result(conn)
        .await?)
}

/// `GET /leads` filters; dates are inclusive UTC days.
#[derive(Debug, Clone, Default)]
pub struct LeadFilter {
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub coarse: Option<CoarseStatus>,
    pub stage: Option<Stage>,
    /// Test leads, or live ones.
    pub test: bool,
}

impl LeadFilter {
    /// The stages both filters admit (`None`: every stage).
    pub fn stages(&self) -> Option<Vec<Stage>> {
        match (self.coarse, self.stage) {
            (None, None) => None,
            (Some(coarse), stage) => Some(
                coarse
                    .stages()
                    .into_iter()
                    .filter(|s| stage.is_none_or(|x| x == *s))
                    .collect(),
            ),
            (None, Some(stage)) => Some(vec![stage]),
        }
    }
}

/// The code of the generated `coarse` column.
pub fn coarse_code(status: CoarseStatus) -> i16 {
    match status {
        CoarseStatus::Click => 0,
        CoarseStatus::Lead => 1,
        CoarseStatus::Application => 2,
        CoarseStatus::Funded => 3,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub number: i64,
    pub per_page: i64,
}

fn filtered(partner: PartnerId, filter: &LeadFilter) -> leads::BoxedQuery<'static, Pg> {
    let mut query = leads::table
        .filter(leads::partner_id.eq(partner))
        .filter(leads::test.eq(filter.test))
        .into_boxed();
    if let Some(start) = filter.start_date {
        query =
            query.filter(leads::created_at.ge(start.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    if let Some(end) = filter.end_date.and_then(|end| end.succ_opt()) {
        query = query.filter(leads::created_at.lt(end.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    if let Some(coarse) = filter.coarse {
        query = query.filter(leads::coarse.eq(coarse_code(coarse)));
    }
    if let Some(stage) = filter.stage {
        query = query.filter(leads::stage.eq(stage));
    }
    query
}

/// One page of the partner's leads, newest first, and how many match in all (for live
/// leads read from the daily counters, which cover every filter the listing has).
pub async fn list_for_partner(
    conn: &AsyncPgConnection,
    partner: PartnerId,
    filter: &LeadFilter,
    page: Page,
) -> Result<(Vec<Lead>, i64), StoreError> {
    let total = async {
        // The counters leave test leads out; the few there are are counted directly.
        if filter.test {
            let mut conn = conn;
            Ok(filtered(partner, filter)
                .count()
                .get_result(&mut conn)
                .await?)
        } else {
            crate::stats::count_matching(conn, partner, filter).await
        }
    };
    let skipped = (page.number - 1) * page.per_page;
    let rows = async {
        let mut conn = conn;
        if skipped == 0 {
            // The first page, by far the most read: the index's first entries and their
            // rows, at half the planning and a third of the execution of the form below.
            return Ok(newest_first(partner, filter, None)
                .limit(page.per_page)
                .select(Lead::as_select())
                .load(&mut conn)
                .await?);
        }
        // Deeper pages page through the index alone (ids), then read only the page's rows:
        // skipped entries cost an index entry each, not a row.
        let page_ids = newest_first(partner, filter, None)
            .limit(page.per_page)
            .offset(skipped)
            .select(leads::id);
        Ok(leads::table
            .filter(leads::id.eq_any(page_ids))
            .order((leads::created_at.desc(), leads::id.desc()))
            .select(Lead::as_select())
            .load(&mut conn)
            .await?)
    };
    // Both sent together on the one connection: one wait, not two.
    let (total, rows) = try_join(total, rows).await?;
    Ok((rows, total))
}

/// Where the previous batch of an export ended: its last lead's creation time and id.
#[derive(Debug, Clone, Copy)]
pub struct ExportCursor {
    pub created_at: DateTime<Utc>,
    pub id: LeadId,
}

impl ExportCursor {
    /// Where the batch after `lead` starts.
    pub fn after(lead: &Lead) -> Self {
        Self {
            created_at: lead.created_at,
            id: lead.id,
        }
    }
}

/// The leads matching the filter, newest first, after `cursor` when there is one: the
/// listing's pages and the export's batches walk the listing's index in this order.
fn newest_first(
    partner: PartnerId,
    filter: &LeadFilter,
    cursor: Option<ExportCursor>,
) -> leads::BoxedQuery<'static, Pg> {
    let mut query = filtered(partner, filter);
    if let Some(after) = cursor {
        // A row comparison, which PostgreSQL turns into a range of the listing's index; the
        // same condition spelled with OR is a filter, and every batch would rescan.
        query = query.filter(
            diesel::dsl::sql::<Bool>("(leads.created_at, leads.id) < (")
                .bind::<diesel::sql_types::Timestamptz, _>(after.created_at)
                .sql(", ")
                .bind::<BigInt, _>(after.id.get())
                .sql(")"),
        );
    }
    query.order((leads::created_at.desc(), leads::id.desc()))
}

/// The next `limit` leads matching the filter, newest first, after `cursor`: exports walk the
/// listing's index batch by batch, however many leads there are.
pub async fn export_batch(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    filter: &LeadFilter,
    cursor: Option<ExportCursor>,
    limit: i64,
) -> Result<Vec<Lead>, StoreError> {
    Ok(newest_first(partner, filter, cursor)
        .limit(limit)
        .select(Lead::as_select())
        .load(conn)
        .await?)
}

/// Takes `flag` off the lead; `None` when it does not carry it.
pub async fn remove_flag(
    conn: &mut AsyncPgConnection,
    id: LeadId,
    flag: &str,
) -> Result<Option<Lead>, StoreError> {
    Ok(diesel::update(
        leads::table
            .find(id)
            .filter(leads::flags.contains(vec![flag.to_string()])),
    )
    .set((
        leads::flags.eq(crate::sql_functions::array_remove(leads::flags, flag)),
        leads::updated_at.eq(diesel::dsl::now),
    ))
    .returning(Lead::as_returning())
    .get_result(conn)
    .await
    .optional()?)
}

/// The back office's lead filters: across partners, or one; dates are inclusive UTC days.
#[derive(Debug, Clone, Default)]
pub struct OperatorLeadFilter {
    pub partner: Option<PartnerId>,
    pub stage: Option<Stage>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// Held in a name, an email, a phone or a company name (without regard to case).
    pub q: Option<String>,
    /// Test leads instead of live ones.
    pub test: bool,
}

fn operator_filtered(filter: &OperatorLeadFilter) -> leads::BoxedQuery<'static, Pg> {
    let mut query = leads::table
        .filter(leads::test.eq(filter.test))
        .into_boxed();
    if let Some(partner) = filter.partner {
        query = query.filter(leads::partner_id.eq(partner));
    }
    if let Some(stage) = filter.stage {
        query = query.filter(leads::stage.eq(stage));
    }
    if let Some(start) = filter.start_date {
        query =
            query.filter(leads::created_at.ge(start.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    if let Some(end) = filter.end_date.and_then(|end| end.succ_opt()) {
        query = query.filter(leads::created_at.lt(end.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    if let Some(q) = &filter.q {
        let pattern = crate::sql_functions::contains_pattern(q);
        let full_name = diesel::dsl::sql::<diesel::sql_types::Text>(
            "(leads.first_name || ' ' || leads.last_name)",
        );
        query = query.filter(
            full_name
                .ilike(pattern.clone())
                .or(leads::email.ilike(pattern.clone()))
                .or(leads::phone.ilike(pattern.clone()))
                .or(leads::company_name.ilike(pattern)),
        );
    }
    query
}

/// One page of leads across partners, newest first, and how many match.
pub async fn list_all(
    conn: &mut AsyncPgConnection,
    filter: &OperatorLeadFilter,
    page: Page,
) -> Result<(Vec<Lead>, i64), StoreError> {
    let total = operator_filtered(filter).count().get_result(conn).await?;
    let rows = operator_filtered(filter)
        .order((leads::created_at.desc(), leads::id.desc()))
        .limit(page.per_page)
        .offset((page.number - 1) * page.per_page)
        .select(Lead::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// As [`export_batch`], across partners.
pub async fn export_all_batch(
    conn: &mut AsyncPgConnection,
    filter: &OperatorLeadFilter,
    cursor: Option<ExportCursor>,
    limit: i64,
) -> Result<Vec<Lead>, StoreError> {
    let mut query = operator_filtered(filter);
    if let Some(after) = cursor {
        query = query.filter(
            diesel::dsl::sql::<Bool>("(leads.created_at, leads.id) < (")
                .bind::<diesel::sql_types::Timestamptz, _>(after.created_at)
                .sql(", ")
                .bind::<BigInt, _>(after.id.get())
                .sql(")"),
        );
    }
    Ok(query
        .order((leads::created_at.desc(), leads::id.desc()))
        .limit(limit)
        .select(Lead::as_select())
        .load(conn)
        .await?)
}
