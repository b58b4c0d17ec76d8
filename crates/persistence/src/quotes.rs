use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::leads::Lead;
use crate::schema::{lead_quotes, leads};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::quotes::{QuoteDraft, QuoteGroupStatus, QuoteStatus};
use partnerhub_domain::{Cents, LeadId};

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

/// Replaces the lead's quotes and their group status, in one transaction with its audit
/// entry.
pub async fn replace(
    conn: &mut AsyncPgConnection,
    lead: &Lead,
    group_status: QuoteGroupStatus,
    quotes: &[QuoteDraft],
    audit: &Audit,
) -> Result<(), StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let before = for_lead(conn, lead.id).await?;
        replace_in(conn, lead.id, group_status, quotes).await?;
        let shown = |quotes: Vec<(String, Option<i64>, QuoteStatus)>| {
            quotes
                .into_iter()
                .map(|(quote_type, cents, status)| {
                    serde_json::json!({
                        "quote_type": quote_type,
                        "amount": cents.map(Cents),
                        "status": status,
                    })
                })
                .collect::<Vec<_>>()
        };
        let before = shown(
            before
                .into_iter()
                .map(|quote| (quote.quote_type, quote.amount_cents, quote.status))
                .collect(),
        );
        let after = shown(
            quotes
                .iter()
                .map(|quote| {
                    (
                        quote.quote_type.clone(),
                        quote.amount.map(|c| c.0),
                        quote.status,
                    )
                })
                .collect(),
        );
        let changes = Changes::default()
            .field("quote_group_status", lead.quote_group_status, group_status)
            .field("quotes", before, after);
        let entry = Entry::new("lead.quotes_replaced", "lead", lead.reference_id())
            .of_partner(lead.partner())
            .with(changes);
        audit::record(conn, audit, entry).await
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
