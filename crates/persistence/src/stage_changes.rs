//! A lead's stage change as partners learn of it: the history row and the
//! `lead.status_changed` event, written together on the caller's connection (so inside the
//! caller's transaction) in one round trip.

use crate::StoreError;
use crate::events;
use crate::history::{self, Actor, Recorded};
use crate::leads::Lead;
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use futures_util::future::try_join;
use partnerhub_domain::Stage;
use partnerhub_domain::events::lead_status_changed;

/// What changed; `lead` is the row as it is after the change.
pub struct StageChange<'a> {
    /// `None` for a lead just created.
    pub from: Option<Stage>,
    pub actor: Actor,
    pub note: Option<&'a str>,
    pub forced: bool,
    pub at: DateTime<Utc>,
}

pub async fn record(
    conn: &AsyncPgConnection,
    lead: &Lead,
    change: StageChange<'_>,
) -> Result<(), StoreError> {
    let event = lead_status_changed(lead.partner(), change.from, &lead.view(), change.at);
    let entry = Recorded {
        lead: lead.id,
        from: change.from,
        to: lead.stage(),
        actor: change.actor,
        note: change.note,
        forced: change.forced,
    };
    try_join(history::record(conn, entry), events::record(conn, &event)).await?;
    Ok(())
}
