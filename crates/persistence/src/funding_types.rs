use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::schema::funding_types;
use crate::sql_functions::lower;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = funding_types)]
pub struct FundingType {
    pub name: String,
    pub active: bool,
}

pub async fn list(conn: &mut AsyncPgConnection) -> Result<Vec<FundingType>, StoreError> {
    Ok(funding_types::table
        .select(FundingType::as_select())
        .order(funding_types::name)
        .load(conn)
        .await?)
}

pub async fn active_names(conn: &mut AsyncPgConnection) -> Result<Vec<String>, StoreError> {
    Ok(funding_types::table
        .filter(funding_types::active.eq(true))
        .select(funding_types::name)
        .load(conn)
        .await?)
}

/// Adds the type, or re-activates it when a type of that name (in any case) exists.
pub async fn add(
    conn: &mut AsyncPgConnection,
    name: &str,
    audit: &Audit,
) -> Result<FundingType, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        if let Some(existing) = set_active(conn, name, true, audit).await? {
            return Ok(existing);
        }
        let added: FundingType = diesel::insert_into(funding_types::table)
            .values(funding_types::name.eq(name))
            .returning(FundingType::as_returning())
            .get_result(conn)
            .await?;
        let changes = Changes::default()
            .new_value("name", &added.name)
            .new_value("active", added.active);
        let entry = Entry::new("funding_type.added", "funding_type", &added.name).with(changes);
        audit::record(conn, audit, entry).await?;
        Ok(added)
    })
    .await
}

/// `None` when no type has this name (compared without regard to case).
pub async fn set_active(
    conn: &mut AsyncPgConnection,
    name: &str,
    active: bool,
    audit: &Audit,
) -> Result<Option<FundingType>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let before: Option<bool> = funding_types::table
            .filter(lower(funding_types::name).eq(name.to_lowercase()))
            .for_update()
            .select(funding_types::active)
            .first(conn)
            .await
            .optional()?;
        let Some(before) = before else {
            return Ok(None);
        };
        let after: FundingType = diesel::update(funding_types::table)
            .filter(lower(funding_types::name).eq(name.to_lowercase()))
            .set(funding_types::active.eq(active))
            .returning(FundingType::as_returning())
            .get_result(conn)
            .await?;
        let changes = Changes::default().field("active", before, after.active);
        let entry = Entry::new("funding_type.updated", "funding_type", &after.name).with(changes);
        audit::record_if_changed(conn, audit, entry).await?;
        Ok(Some(after))
    })
    .await
}
