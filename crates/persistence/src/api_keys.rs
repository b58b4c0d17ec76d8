use crate::StoreError;
use crate::schema::api_keys;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{ApiKey, PartnerId};

/// Issues a new key for the partner and revokes every earlier one, in one transaction.
/// The returned key is the only copy in clear text.
pub async fn rotate(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
) -> Result<ApiKey, StoreError> {
    let key = ApiKey::generate()?;
    let hash = key.hash();
    conn.transaction::<_, StoreError, _>(async |conn| {
        diesel::update(api_keys::table)
            .filter(api_keys::partner_id.eq(partner))
            .filter(api_keys::revoked_at.is_null())
            .set(api_keys::revoked_at.eq(diesel::dsl::now))
            .execute(conn)
            .await?;
        diesel::insert_into(api_keys::table)
            .values((
                api_keys::partner_id.eq(partner),
                api_keys::key_hash.eq(hash.0.as_slice()),
            ))
            .execute(conn)
            .await?;
        Ok(())
    })
    .await?;
    Ok(key)
}
