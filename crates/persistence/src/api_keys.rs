use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::schema::api_keys;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{ApiKey, KeyMode, PartnerId};

/// Issues a new key of the mode for the partner and revokes every earlier one of that mode,
/// in one transaction (a test key leaves the live key alone, and the other way round), with
/// its audit entry. The returned key is the only copy in clear text.
pub async fn rotate(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    mode: KeyMode,
    audit: &Audit,
) -> Result<ApiKey, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let key = issue(conn, partner, mode).await?;
        let changes = Changes::default()
            .new_value("mode", mode)
            .new_value("api_key", ApiKey::label(key.expose()));
        let entry = Entry::new("api_key.rotated", "partner", partner)
            .of_partner(partner)
            .with(changes);
        audit::record(conn, audit, entry).await?;
        Ok(key)
    })
    .await
}

/// [`rotate`] without its audit entry, for a caller that records its own. Call inside a
/// transaction.
pub(crate) async fn issue(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    mode: KeyMode,
) -> Result<ApiKey, StoreError> {
    let key = ApiKey::generate(mode)?;
    let hash = key.hash();
    diesel::update(api_keys::table)
        .filter(api_keys::partner_id.eq(partner))
        .filter(api_keys::mode.eq(mode))
        .filter(api_keys::revoked_at.is_null())
        .set(api_keys::revoked_at.eq(diesel::dsl::now))
        .execute(conn)
        .await?;
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::partner_id.eq(partner),
            api_keys::key_hash.eq(hash.0.as_slice()),
            api_keys::mode.eq(mode),
        ))
        .execute(conn)
        .await?;
    Ok(key)
}
