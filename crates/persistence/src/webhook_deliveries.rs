//! What partners see of deliveries: the list with attempts, resending one, test events.

use crate::schema::{events, webhook_attempts, webhook_deliveries, webhook_endpoints};
use crate::{StoreError, events as outbox};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PartnerId;
use partnerhub_domain::events::Event;
use partnerhub_domain::webhooks::DeliveryStatus;
use partnerhub_domain::{AttemptId, DeliveryId, EventId, WebhookId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct Delivery {
    pub id: DeliveryId,
    pub endpoint_id: WebhookId,
    pub event_id: EventId,
    pub status: DeliveryStatus,
    pub attempt_count: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_attempts)]
pub struct Attempt {
    pub id: AttemptId,
    pub delivery_id: DeliveryId,
    pub attempted_at: DateTime<Utc>,
    pub succeeded: bool,
    pub response_status: Option<i32>,
    pub response_body: Option<String>,
    pub error: Option<String>,
    pub latency_ms: i32,
}

/// A delivery as listed: the event it carries and every attempt so far, oldest first.
#[derive(Debug, Clone)]
pub struct DeliveryRecord {
    pub delivery: Delivery,
    pub event_type: String,
    pub attempts: Vec<Attempt>,
}

pub struct DeliveryPage {
    pub deliveries: Vec<DeliveryRecord>,
    pub total: i64,
}

/// One endpoint's deliveries, newest first. The caller has checked the endpoint is the partner's.
pub async fn list(
    conn: &mut AsyncPgConnection,
    endpoint_id: WebhookId,
    status: Option<DeliveryStatus>,
    page: i64,
    per_page: i64,
) -> Result<DeliveryPage, StoreError> {
    let mut query = webhook_deliveries::table
        .inner_join(events::table)
        .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
        .into_boxed();
    let mut count = webhook_deliveries::table
        .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(webhook_deliveries::status.eq(status));
        count = count.filter(webhook_deliveries::status.eq(status));
    }
    let total: i64 = count.count().get_result(conn).await?;
    let rows: Vec<(Delivery, String)> = query
        .order(webhook_deliveries::id.desc())
        .limit(per_page)
        .offset((page - 1).saturating_mul(per_page))
        .select((Delivery::as_select(), events::event_type))
        .load(conn)
        .await?;
    let deliveries = with_attempts(conn, rows).await?;
    Ok(DeliveryPage { deliveries, total })
}

/// Each delivery with its attempts, oldest first (one query for all of them).
async fn with_attempts(
    conn: &mut AsyncPgConnection,
    rows: Vec<(Delivery, String)>,
) -> Result<Vec<DeliveryRecord>, StoreError> {
    let ids: Vec<i64> = rows.iter().map(|(delivery, _)| delivery.id.get()).collect();
    let mut attempts: Vec<Attempt> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(&ids))
        .order(webhook_attempts::id)
        .select(Attempt::as_select())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(delivery, event_type)| {
            let mine: Vec<Attempt> = attempts
                .extract_if(.., |attempt| attempt.delivery_id == delivery.id)
                .collect();
            DeliveryRecord {
                delivery,
                event_type,
                attempts: mine,
            }
        })
        .collect())
}

/// Deliveries across partners (the back office), newest first, each with its partner.
pub async fn list_all(
    conn: &mut AsyncPgConnection,
    status: Option<DeliveryStatus>,
    partner: Option<PartnerId>,
    page: i64,
    per_page: i64,
) -> Result<(Vec<(DeliveryRecord, PartnerId)>, i64), StoreError> {
    let filtered = || {
        let mut query = webhook_deliveries::table
            .inner_join(events::table)
            .inner_join(webhook_endpoints::table)
            .into_boxed();
        if let Some(status) = status {
            query = query.filter(webhook_deliveries::status.eq(status));
        }
        if let Some(partner) = partner {
            query = query.filter(webhook_endpoints::partner_id.eq(partner));
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn).await?;
    let rows: Vec<(Delivery, String, PartnerId)> = filtered()
        .order(webhook_deliveries::id.desc())
        .limit(per_page)
        .offset((page - 1).saturating_mul(per_page))
        .select((
            Delivery::as_select(),
            events::event_type,
            webhook_endpoints::partner_id,
        ))
        .load(conn)
        .await?;
    let partners: Vec<PartnerId> = rows.iter().map(|(_, _, partner)| *partner).collect();
    let records = with_attempts(
        conn,
        rows.into_iter()
            .map(|(delivery, event_type, _)| (delivery, event_type))
            .collect(),
    )
    .await?;
    Ok((records.into_iter().zip(partners).collect(), total))
}

/// What resending found.
#[derive(Debug, PartialEq, Eq)]
pub enum Resend {
    /// Due again now, with a fresh retry schedule.
    Queued,
    /// A worker is sending it at this moment; it is left to finish.
    InFlight,
    NotFound,
}

/// Makes one of the partner's deliveries due now with a fresh schedule, whatever its status.
pub async fn resend(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    delivery_id: DeliveryId,
) -> Result<Resend, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let found: Option<(DeliveryStatus, Option<i64>, DateTime<Utc>, bool)> =
            webhook_deliveries::table
                .inner_join(webhook_endpoints::table)
                .filter(webhook_endpoints::partner_id.eq(partner))
                .filter(webhook_deliveries::id.eq(delivery_id))
                .select((
                    webhook_deliveries::status,
                    webhook_deliveries::claim,
                    webhook_deliveries::next_attempt_at,
                    webhook_endpoints::enabled,
                ))
                .for_update()
                .first(conn)
                .await
                .optional()?;
        let Some((status, claim, next_attempt_at, enabled)) = found else {
            return Ok(Resend::NotFound);
        };
        if status == DeliveryStatus::Pending && claim.is_some() && next_attempt_at > Utc::now() {
            return Ok(Resend::InFlight);
        }
        diesel::update(webhook_deliveries::table.find(delivery_id))
            .set((
                webhook_deliveries::status.eq(if enabled {
                    DeliveryStatus::Pending
                } else {
                    DeliveryStatus::Paused
                }),
                webhook_deliveries::failures_in_row.eq(0),
                webhook_deliveries::next_attempt_at.eq(diesel::dsl::now),
                webhook_deliveries::claim.eq(None::<i64>),
                webhook_deliveries::completed_at.eq(None::<DateTime<Utc>>),
            ))
            .execute(conn)
            .await?;
        Ok(Resend::Queued)
    })
    .await
}

/// Records a test event addressed to one endpoint only and returns its delivery's id.
pub async fn send_test(
    conn: &mut AsyncPgConnection,
    endpoint_id: WebhookId,
    event: &Event,
) -> Result<Option<DeliveryId>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let event_id = outbox::record_for_endpoint(conn, event, endpoint_id).await?;
        Ok(webhook_deliveries::table
            .filter(webhook_deliveries::event_id.eq(event_id))
            .select(webhook_deliveries::id)
            .first(conn)
            .await
            .optional()?)
    })
    .await
}
