use crate::StoreError;
use crate::enums::{DbLeadHandling, DbPartnerStatus};
use crate::schema::{api_keys, partners};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::api_key::generate_referral_code;
use partnerhub_domain::{ApiKeyHash, PartnerId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partners)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: DbPartnerStatus,
    pub parent_partner_id: Option<i64>,
    pub lead_handling: Option<DbLeadHandling>,
    pub rate_limit_per_hour: i32,
    pub commission_plan_bps: Vec<i32>,
    pub referral_code: String,
    pub landing_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Partner {
    pub fn partner_id(&self) -> PartnerId {
        PartnerId(self.id)
    }
}

/// What creating a partner takes; everything else has a default.
#[derive(Debug, Clone, Default)]
pub struct PartnerDraft {
    pub name: String,
    pub email: String,
    pub parent_partner_id: Option<i64>,
    pub lead_handling: Option<DbLeadHandling>,
    pub rate_limit_per_hour: Option<i32>,
    pub commission_plan_bps: Option<Vec<i32>>,
    pub landing_url: Option<String>,
    pub status: Option<DbPartnerStatus>,
}

#[derive(Insertable)]
#[diesel(table_name = partners)]
struct NewPartnerRow {
    name: String,
    email: String,
    status: DbPartnerStatus,
    parent_partner_id: Option<i64>,
    lead_handling: Option<DbLeadHandling>,
    rate_limit_per_hour: i32,
    commission_plan_bps: Vec<i32>,
    referral_code: String,
    landing_url: Option<String>,
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
        status: draft.status.unwrap_or(DbPartnerStatus::Active),
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
    };
    Ok(diesel::insert_into(partners::table)
        .values(row)
        .returning(Partner::as_returning())
        .get_result(conn)
        .await?)
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    id: PartnerId,
) -> Result<Option<Partner>, StoreError> {
    Ok(partners::table
        .find(id.0)
        .select(Partner::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// The partner owning an unrevoked key with this hash, whatever its status.
pub async fn find_by_key_hash(
    conn: &mut AsyncPgConnection,
    hash: &ApiKeyHash,
) -> Result<Option<Partner>, StoreError> {
    Ok(api_keys::table
        .inner_join(partners::table)
        .filter(api_keys::key_hash.eq(hash.0.as_slice()))
        .filter(api_keys::revoked_at.is_null())
        .select(Partner::as_select())
        .first(conn)
        .await
        .optional()?)
}

pub async fn set_status(
    conn: &mut AsyncPgConnection,
    id: PartnerId,
    status: DbPartnerStatus,
) -> Result<(), StoreError> {
    diesel::update(partners::table.find(id.0))
        .set((
            partners::status.eq(status),
            partners::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Creates the partner and its first API key in one transaction.
pub async fn create_with_key(
    conn: &mut AsyncPgConnection,
    draft: PartnerDraft,
) -> Result<(Partner, partnerhub_domain::ApiKey), StoreError> {
    use diesel_async::AsyncConnection;
    conn.transaction::<_, StoreError, _>(async |conn| {
        let partner = insert(conn, draft).await?;
        let key = crate::api_keys::rotate(conn, partner.partner_id()).await?;
        Ok((partner, key))
    })
    .await
}
