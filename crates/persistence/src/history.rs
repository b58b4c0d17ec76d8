use crate::StoreError;
use crate::schema::lead_status_history;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{LeadId, PartnerId, Stage};

/// One pipeline move, as recorded.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lead_status_history)]
pub struct HistoryEntry {
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub actor: String,
    pub note: Option<String>,
    pub forced: bool,
    pub created_at: DateTime<Utc>,
}

/// Who made a change: a partner through the API, the platform's staff, or a visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Partner(PartnerId),
    Operator,
    TrackingLink,
}

impl Actor {
    pub fn label(self) -> String {
        match self {
            Self::Partner(id) => format!("partner:{id}"),
            Self::Operator => "operator".to_string(),
            Self::TrackingLink => "tracking_link".to_string(),
        }
    }
}

pub struct Recorded<'a> {
    pub lead: LeadId,
    pub from: Option<Stage>,
    pub to: Stage,
    pub actor: Actor,
    pub note: Option<&'a str>,
    pub forced: bool,
}

pub async fn record(mut conn: &AsyncPgConnection, entry: Recorded<'_>) -> Result<(), StoreError> {
    diesel::insert_into(lead_status_history::table)
        .values((
            lead_status_history::lead_id.eq(entry.lead),
            lead_status_history::from_stage.eq(entry.from),
            lead_status_history::to_stage.eq(entry.to),
            lead_status_history::actor.eq(entry.actor.label()),
            lead_status_history::note.eq(entry.note),
            lead_status_history::forced.eq(entry.forced),
        ))
        .execute(&mut conn)
        .await?;
    Ok(())
}

pub async fn for_lead(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
) -> Result<Vec<HistoryEntry>, StoreError> {
    Ok(lead_status_history::table
        .filter(lead_status_history::lead_id.eq(lead))
        .order(lead_status_history::id)
        .select(HistoryEntry::as_select())
        .load(conn)
        .await?)
}
