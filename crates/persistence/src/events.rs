use crate::StoreError;
use crate::schema::events;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PartnerId;
use partnerhub_domain::events::Event;
use partnerhub_domain::{EventId, WebhookId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct StoredEvent {
    pub id: EventId,
    pub partner_id: PartnerId,
    pub event_type: String,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// Writes the event to the outbox on the caller's connection, so it commits or rolls back
/// with the change it reports.
pub async fn record(mut conn: &AsyncPgConnection, event: &Event) -> Result<EventId, StoreError> {
    Ok(diesel::insert_into(events::table)
        .values((
            events::partner_id.eq(event.partner),
            events::event_type.eq(event.event_type.as_str()),
            events::payload.eq(&event.payload),
        ))
        .returning(events::id)
        .get_result(&mut conn)
        .await?)
}

/// Writes a test event that only `endpoint_id` receives, whatever it subscribes to.
pub async fn record_for_endpoint(
    mut conn: &AsyncPgConnection,
    event: &Event,
    endpoint_id: WebhookId,
) -> Result<EventId, StoreError> {
    Ok(diesel::insert_into(events::table)
        .values((
            events::partner_id.eq(event.partner),
            events::event_type.eq(event.event_type.as_str()),
            events::payload.eq(&event.payload),
            events::test_endpoint_id.eq(endpoint_id),
        ))
        .returning(events::id)
        .get_result(&mut conn)
        .await?)
}

/// The partner's events, oldest first.
pub async fn for_partner(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
) -> Result<Vec<StoredEvent>, StoreError> {
    Ok(events::table
        .filter(events::partner_id.eq(partner))
        .order(events::id)
        .select(StoredEvent::as_select())
        .load(conn)
        .await?)
}
