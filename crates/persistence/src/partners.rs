use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::schema::{api_keys, partners};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::DatabaseErrorKind;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::api_key::generate_referral_code;
use partnerhub_domain::{ApiKeyHash, KeyMode, PartnerId};
use partnerhub_domain::{LeadHandling, PartnerStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partners)]
pub struct Partner {
    pub id: PartnerId,
    pub name: String,
    pub email: String,
    pub status: PartnerStatus,
    pub parent_partner_id: Option<PartnerId>,
    pub lead_handling: Option<LeadHandling>,
    pub rate_limit_per_hour: i32,
    pub commission_plan_bps: Vec<i32>,
    pub referral_code: String,
    pub landing_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Days its commissions are held before they are payable; `None`: the platform's default.
    pub commission_hold_days: Option<i32>,
    /// 10 digits; a lead with this phone is a self-referral.
    pub phone: Option<String>,
}

impl Partner {
    pub fn partner_id(&self) -> PartnerId {
        self.id
    }
}

/// What creating a partner takes; everything else has a default.
#[derive(Debug, Clone, Default)]
pub struct PartnerDraft {
    pub name: String,
    pub email: String,
    pub parent_partner_id: Option<PartnerId>,
    pub lead_handling: Option<LeadHandling>,
    pub rate_limit_per_hour: Option<i32>,
    pub commission_plan_bps: Option<Vec<i32>>,
    pub landing_url: Option<String>,
    pub status: Option<PartnerStatus>,
    pub commission_hold_days: Option<i32>,
    pub phone: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = partners)]
struct NewPartnerRow {
    name: String,
    email: String,
    status: PartnerStatus,
    parent_partner_id: Option<PartnerId>,
    lead_handling: Option<LeadHandling>,
    rate_limit_per_hour: i32,
    commission_plan_bps: Vec<i32>,
    referral_code: String,
    landing_url: Option<String>,
    commission_hold_days: Option<i32>,
    phone: Option<String>,
}

pub const DEFAULT_RATE_LIMIT_PER_HOUR: i32 = 1000;
pub const DEFAULT_COMMISSION_PLAN_BPS: [i32; 3] = [500, 200, 100];

pub async fn insert(
    conn: &mut AsyncPgConnection,
    draft: PartnerDraft,
) -> Result<Partner, StoreError> {
    let row = NewPartnerRow {
        name: draft.name,
        email: draft.email,
        status: draft.status.unwrap_or(PartnerStatus::Active),
        parent_partner_id: draft.parent_partner_id,
        lead_handling: draft.lead_handling,
        rate_limit_per_hour: draft
            .rate_limit_per_hour
            .unwrap_or(DEFAULT_RATE_LIMIT_PER_HOUR),
        commission_plan_bps: draft
            .commission_plan_bps
            .unwrap_or_else(|| DEFAULT_COMMISSION_PLAN_BPS.to_vec()),
        referral_code: generate_referral_code()?,
        landing_url: draft.landing_url,
        commission_hold_days: draft.commission_hold_days,
        phone: draft.phone,
    };
    diesel::insert_into(partners::table)
        .values(row)
        .returning(Partner::as_returning())
        .get_result(conn)
        .await
        .map_err(|error| match &error {
            diesel::result::Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
                if info.constraint_name() == Some("partners_email_unique") =>
            {
                StoreError::EmailInUse
            }
            _ => StoreError::Query(error),
        })
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    id: PartnerId,
) -> Result<Option<Partner>, StoreError> {
    Ok(partners::table
        .find(id)
        .select(Partner::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// The partner owning an unrevoked key with this hash, whatever its status, and the key's
/// mode.
pub async fn find_by_key_hash(
    conn: &mut AsyncPgConnection,
    hash: &ApiKeyHash,
) -> Result<Option<(Partner, KeyMode)>, StoreError> {
    Ok(api_keys::table
        .inner_join(partners::table)
        .filter(api_keys::key_hash.eq(hash.0.as_slice()))
        .filter(api_keys::revoked_at.is_null())
        .select((Partner::as_select(), api_keys::mode))
        .first(conn)
        .await
        .optional()?)
}

pub async fn set_status(
    conn: &mut AsyncPgConnection,
    id: PartnerId,
    status: PartnerStatus,
) -> Result<(), StoreError> {
    diesel::update(partners::table.find(id))
        .set((
            partners::status.eq(status),
            partners::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Creates the partner and its first API key in one transaction, with its audit entry.
pub async fn create_with_key(
    conn: &mut AsyncPgConnection,
    draft: PartnerDraft,
    audit: &Audit,
) -> Result<(Partner, partnerhub_domain::ApiKey), StoreError> {
    use diesel_async::AsyncConnection;
    conn.transaction::<_, StoreError, _>(async |conn| {
        let partner = insert(conn, draft).await?;
        let key = crate::api_keys::issue(conn, partner.partner_id(), KeyMode::Live).await?;
        record_created(conn, &partner, Some(&key), audit).await?;
        Ok((partner, key))
    })
    .await
}

/// The fields a partner's audit entries show (never a key, only its first characters).
fn fields(partner: &Partner) -> [(&'static str, serde_json::Value); 11] {
    use serde_json::json;
    [
        ("name", json!(partner.name)),
        ("email", json!(partner.email)),
        ("status", json!(partner.status)),
        ("parent_partner_id", json!(partner.parent_partner_id)),
        ("lead_handling", json!(partner.lead_handling)),
        ("rate_limit_per_hour", json!(partner.rate_limit_per_hour)),
        ("commission_plan", json!(partner.commission_plan_bps)),
        ("landing_url", json!(partner.landing_url)),
        ("commission_hold_days", json!(partner.commission_hold_days)),
        ("phone", json!(partner.phone)),
        ("referral_code", json!(partner.referral_code)),
    ]
}

/// The audit entry of a new partner. Call in its transaction.
pub async fn record_created(
    conn: &mut AsyncPgConnection,
    partner: &Partner,
    key: Option<&partnerhub_domain::ApiKey>,
    audit: &Audit,
) -> Result<(), StoreError> {
    let mut changes = fields(partner)
        .into_iter()
        .fold(Changes::default(), |changes, (name, value)| {
            changes.new_value(name, value)
        });
    if let Some(key) = key {
        changes = changes.new_value("api_key", partnerhub_domain::ApiKey::label(key.expose()));
    }
    let entry = Entry::new("partner.created", "partner", partner.id)
        .of_partner(partner.id)
        .with(changes);
    audit::record(conn, audit, entry).await
}

/// The partner whose tracking links use this code.
pub async fn find_by_referral_code(
    conn: &mut AsyncPgConnection,
    code: &str,
) -> Result<Option<Partner>, StoreError> {
    Ok(partners::table
        .filter(partners::referral_code.eq(code))
        .select(Partner::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Fields an operator may change; `None` leaves a field as it is, and for nullable fields
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = partners)]
pub struct PartnerChanges {
    pub name: Option<String>,
    pub status: Option<PartnerStatus>,
    pub parent_partner_id: Option<Option<i64>>,
    pub lead_handling: Option<Option<LeadHandling>>,
    pub rate_limit_per_hour: Option<i32>,
    pub commission_plan_bps: Option<Vec<i32>>,
    pub landing_url: Option<Option<String>>,
    pub commission_hold_days: Option<Option<i32>>,
    pub phone: Option<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerChangeRefused {
    UnknownParent,
    /// The new parent is the partner itself or one of its own downline.
    CycleInDownline,
}

/// The partner and every partner above it, nearest first.
pub async fn upline(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
) -> Result<Vec<i64>, StoreError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "WITH RECURSIVE chain(id, parent, depth) AS ( \
           SELECT id, parent_partner_id, 0 FROM partners WHERE id = $1 \
           UNION SELECT p.id, p.parent_partner_id, c.depth + 1 FROM partners p JOIN chain c ON p.id = c.parent \
         ) SELECT id FROM chain ORDER BY depth",
    )
    .bind::<diesel::sql_types::BigInt, _>(partner.get())
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|row| row.id).collect())
}

/// Serialises every change of a parent link, so two concurrent changes cannot close a loop.
async fn lock_downline_changes(conn: &mut AsyncPgConnection) -> Result<(), StoreError> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(7305413001)")
        .execute(conn)
        .await?;
    Ok(())
}

/// Checks that `parent` exists and that making it the parent of `child` (if `child` exists)
/// closes no loop. Call inside a transaction.
pub async fn check_parent(
    conn: &mut AsyncPgConnection,
    child: Option<PartnerId>,
    parent: PartnerId,
) -> Result<Result<(), PartnerChangeRefused>, StoreError> {
    lock_downline_changes(conn).await?;
    let chain = upline(conn, parent).await?;
    if chain.is_empty() {
        return Ok(Err(PartnerChangeRefused::UnknownParent));
    }
    if child.is_some_and(|child| chain.contains(&child.get())) {
        return Ok(Err(PartnerChangeRefused::CycleInDownline));
    }
    Ok(Ok(()))
}

/// Applies the changes; a status change writes `account.status_changed` in the same
/// transaction, and a status other than active ends the partner's sessions.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: PartnerId,
    changes: PartnerChanges,
    audit: &Audit,
) -> Result<Option<Result<Partner, PartnerChangeRefused>>, StoreError> {
    use diesel_async::AsyncConnection;
    conn.transaction::<_, StoreError, _>(async |conn| {
        // A new parent: the downline lock first, then the row. The other order deadlocks
        // with a concurrent change of that parent (its row lock against this update's
        // foreign-key check).
        if matches!(changes.parent_partner_id, Some(Some(_))) {
            lock_downline_changes(conn).await?;
        }
        let Some(before) = partners::table
            .find(id)
            .for_update()
            .select(Partner::as_select())
            .first(conn)
            .await
            .optional()?
        else {
            return Ok(None);
        };
        if let Some(Some(parent)) = changes.parent_partner_id
            && let Err(refused) = check_parent(conn, Some(id), PartnerId::new(parent)).await?
        {
            return Ok(Some(Err(refused)));
        }
        let new_status = changes.status;
        let after = diesel::update(partners::table.find(id))
            .set((&changes, partners::updated_at.eq(diesel::dsl::now)))
            .returning(Partner::as_returning())
            .get_result(conn)
            .await?;
        if let Some(status) = new_status
            && status != before.status
        {
            if status != PartnerStatus::Active {
                crate::sessions::end_for_partner(conn, id).await?;
            }
            let event = partnerhub_domain::events::account_status_changed(
                id,
                &after.email,
                before.status,
                status,
                after.updated_at,
            );
            crate::events::record(conn, &event).await?;
        }
        let diff = fields(&before)
            .into_iter()
            .zip(fields(&after))
            .fold(Changes::default(), |diff, ((name, before), (_, after))| {
                diff.field(name, before, after)
            });
        let entry = Entry::new("partner.updated", "partner", id)
            .of_partner(id)
            .with(diff);
        audit::record_if_changed(conn, audit, entry).await?;
        Ok(Some(Ok(after)))
    })
    .await
}

/// A partner below another, up to three levels down.
#[derive(Debug, Clone, QueryableByName)]
pub struct DownlineMember {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: PartnerId,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub email: String,
    #[diesel(sql_type = crate::schema::sql_types::PartnerStatus)]
    pub status: PartnerStatus,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub level: i32,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub total_referrals: i64,
}

/// The partners below `partner` (level 1: its children, up to level 3), with how many
/// referrals each has (counters plus unfolded deltas).
pub async fn downline(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
) -> Result<Vec<DownlineMember>, StoreError> {
    Ok(diesel::sql_query(
        "WITH RECURSIVE down(id, level) AS ( \
           SELECT id, 1 FROM partners WHERE parent_partner_id = $1 \
           UNION ALL SELECT p.id, d.level + 1 FROM partners p JOIN down d ON p.parent_partner_id = d.id \
           WHERE d.level < 3 \
         ) \
         SELECT p.id, p.name, p.email, p.status, d.level, \
           (COALESCE((SELECT SUM(count) FROM referral_total_counts t WHERE t.partner_id = p.id), 0) \
            + COALESCE((SELECT SUM(delta) FROM referral_count_deltas x WHERE x.partner_id = p.id), 0))::bigint \
             AS total_referrals \
         FROM down d JOIN partners p ON p.id = d.id ORDER BY d.level, p.id",
    )
    .bind::<diesel::sql_types::BigInt, _>(partner.get())
    .load(conn)
    .await?)
}

/// Partners for the back office, newest first: of one status, and/or whose name or email
/// holds `q` (without regard to case); and how many match.
pub async fn list(
    conn: &mut AsyncPgConnection,
    status: Option<PartnerStatus>,
    q: Option<&str>,
    page: crate::leads::Page,
) -> Result<(Vec<Partner>, i64), StoreError> {
    let pattern = q.map(crate::sql_functions::contains_pattern);
    let filtered = || {
        let mut query = partners::table.into_boxed();
        if let Some(status) = status {
            query = query.filter(partners::status.eq(status));
        }
        if let Some(pattern) = &pattern {
            query = query.filter(
                partners::name
                    .ilike(pattern.clone())
                    .or(partners::email.ilike(pattern.clone())),
            );
        }
        query
    };
    let total = filtered().count().get_result(conn).await?;
    let rows = filtered()
        .order(partners::id.desc())
        .limit(page.per_page)
        .offset((page.number - 1) * page.per_page)
        .select(Partner::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}
