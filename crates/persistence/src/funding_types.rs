use crate::StoreError;
use crate::schema::funding_types;
use crate::sql_functions::lower;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

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
pub async fn add(conn: &mut AsyncPgConnection, name: &str) -> Result<FundingType, StoreError> {
    let reactivated = set_active(conn, name, true).await?;
    if let Some(existing) = reactivated {
        return Ok(existing);
    }
    Ok(diesel::insert_into(funding_types::table)
        .values(funding_types::name.eq(name))
        .returning(FundingType::as_returning())
        .get_result(conn)
        .await?)
}

/// `None` when no type has this name (compared without regard to case).
pub async fn set_active(
    conn: &mut AsyncPgConnection,
    name: &str,
    active: bool,
) -> Result<Option<FundingType>, StoreError> {
    Ok(diesel::update(funding_types::table)
        .filter(lower(funding_types::name).eq(name.to_lowercase()))
        .set(funding_types::active.eq(active))
        .returning(FundingType::as_returning())
        .get_result(conn)
        .await
        .optional()?)
}
