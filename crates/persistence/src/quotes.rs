use crate::StoreError;
use crate::schema::{lead_quotes, leads};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::LeadId;
use partnerhub_domain::quotes::{QuoteDraft, QuoteGroupStatus, QuoteStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lead_quotes)]
pub struct Quote {
    pub quote_type: String,
    pub amount_cents: Option<i64>,
    pub status: QuoteStatus,
}

pub async fn for_lead(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
) -> Result<Vec<Quote>, StoreError> {
    Ok(lead_quotes::table
        .filter(lead_quotes::lead_id.eq(lead))
        .order(lead_quotes::position)
        .select(Quote::as_select())
        .load(conn)
        .await?)
}

/// Replaces the lead's quotes and their group status, in one transaction.
pub async fn replace(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
    group_status: QuoteGroupStatus,
    quotes: &[QuoteDraft],
) -> Result<(), StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        replace_in(conn, lead, group_status, quotes).await
    })
    .await
}

async fn replace_in(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
    group_status: QuoteGroupStatus,
    quotes: &[QuoteDraft],
) -> Result<(), StoreError> {
    diesel::delete(lead_quotes::table.filter(lead_quotes::lead_id.eq(lead)))
        .execute(conn)
        .await?;
    let rows: Vec<_> = quotes
        .iter()
        .zip(0..)
        .map(|(quote, position): (&QuoteDraft, i32)| {
            (
                lead_quotes::lead_id.eq(lead),
                lead_quotes::position.eq(position),
                lead_quotes::quote_type.eq(&quote.quote_type),
                lead_quotes::amount_cents.eq(quote.amount.map(|cents| cents.0)),
                lead_quotes::status.eq(quote.status),
            )
        })
        .collect();
    diesel::insert_into(lead_quotes::table)
        .values(rows)
        .execute(conn)
        .await?;
    diesel::update(leads::table.find(lead))
        .set((
            leads::quote_group_status.eq(Some(group_status)),
            leads::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}
