//! Partners' webhook endpoints. Every query is scoped by the owning partner.

use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::schema::webhook_endpoints;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PartnerId;
use partnerhub_domain::WebhookId;
use partnerhub_domain::webhooks::{SealError, SecretKeys};
use serde_json::Value;

/// How long a rotated-out secret keeps signing beside the new one.
pub const ROTATION_GRACE: Duration = Duration::hours(24);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_endpoints)]
pub struct Endpoint {
    pub id: WebhookId,
    pub partner_id: PartnerId,
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<String>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct NewEndpoint<'a> {
    pub url: &'a str,
    pub description: Option<&'a str>,
    pub event_types: &'a [String],
}

/// The fields a partner may change; `None` leaves one as it is.
#[derive(Debug, Default)]
pub struct EndpointChanges {
    pub url: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub enabled: Option<bool>,
    pub description: Option<Option<String>>,
}

#[derive(AsChangeset)]
#[diesel(table_name = webhook_endpoints)]
struct Changeset {
    url: Option<String>,
    event_types: Option<Vec<String>>,
    enabled: Option<bool>,
    description: Option<Option<String>>,
    disabled_reason: Option<Option<String>>,
    failing_since: Option<Option<DateTime<Utc>>>,
    updated_at: DateTime<Utc>,
}

pub async fn create(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    endpoint: NewEndpoint<'_>,
    stored_secret: &str,
    audit: &Audit,
) -> Result<Endpoint, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let created: Endpoint = diesel::insert_into(webhook_endpoints::table)
            .values((
                webhook_endpoints::partner_id.eq(partner),
                webhook_endpoints::url.eq(endpoint.url),
                webhook_endpoints::description.eq(endpoint.description),
                webhook_endpoints::event_types.eq(endpoint.event_types),
                webhook_endpoints::secret.eq(stored_secret),
            ))
            .returning(Endpoint::as_returning())
            .get_result(conn)
            .await?;
        let changes = Changes::default()
            .new_value("url", &created.url)
            .new_value("events", &created.event_types)
            .new_value("enabled", created.enabled)
            .new_value("description", &created.description);
        let entry = Entry::new("webhook.created", "webhook", created.id)
            .of_partner(partner)
            .with(changes);
        audit::record(conn, audit, entry).await?;
        Ok(created)
    })
    .await
}

/// The partner's endpoints, oldest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
) -> Result<Vec<Endpoint>, StoreError> {
    Ok(webhook_endpoints::table
        .filter(webhook_endpoints::partner_id.eq(partner))
        .order(webhook_endpoints::id)
        .select(Endpoint::as_select())
        .load(conn)
        .await?)
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    id: WebhookId,
) -> Result<Option<Endpoint>, StoreError> {
    Ok(webhook_endpoints::table
        .filter(webhook_endpoints::partner_id.eq(partner))
        .filter(webhook_endpoints::id.eq(id))
        .select(Endpoint::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Applies the changes; enabling an endpoint also forgets why it was disabled and its
/// failure streak, so it gets a fresh five days.
pub async fn update(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    id: WebhookId,
    changes: EndpointChanges,
    audit: &Audit,
) -> Result<Option<Endpoint>, StoreError> {
    let enabling = changes.enabled == Some(true);
    let changeset = Changeset {
        url: changes.url,
        event_types: changes.event_types,
        enabled: changes.enabled,
        description: changes.description,
        disabled_reason: enabling.then_some(None),
        failing_since: enabling.then_some(None),
        updated_at: Utc::now(),
    };
    conn.transaction::<_, StoreError, _>(async |conn| {
        let Some(before) = webhook_endpoints::table
            .filter(webhook_endpoints::partner_id.eq(partner))
            .filter(webhook_endpoints::id.eq(id))
            .for_update()
            .select(Endpoint::as_select())
            .first(conn)
            .await
            .optional()?
        else {
            return Ok(None);
        };
        let after: Endpoint = diesel::update(webhook_endpoints::table.find(id))
            .set(changeset)
            .returning(Endpoint::as_returning())
            .get_result(conn)
            .await?;
        let diff = Changes::default()
            .field("url", &before.url, &after.url)
            .field("events", &before.event_types, &after.event_types)
            .field("enabled", before.enabled, after.enabled)
            .field("description", &before.description, &after.description);
        let entry = Entry::new("webhook.updated", "webhook", id)
            .of_partner(partner)
            .with(diff);
        audit::record_if_changed(conn, audit, entry).await?;
        Ok(Some(after))
    })
    .await
}

pub async fn delete(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    id: WebhookId,
    audit: &Audit,
) -> Result<bool, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let deleted: Option<String> = diesel::delete(
            webhook_endpoints::table
                .filter(webhook_endpoints::partner_id.eq(partner))
                .filter(webhook_endpoints::id.eq(id)),
        )
        .returning(webhook_endpoints::url)
        .get_result(conn)
        .await
        .optional()?;
        let Some(url) = deleted else {
            return Ok(false);
        };
        let changes = Changes::default().field("url", &url, Value::Null);
        let entry = Entry::new("webhook.deleted", "webhook", id)
            .of_partner(partner)
            .with(changes);
        audit::record(conn, audit, entry).await?;
        Ok(true)
    })
    .await
}

/// Makes `stored_secret` (as `SecretKeys::seal` stores it) the signing secret; the one it
/// replaces signs beside it for
/// [`ROTATION_GRACE`]. Returns false when the partner has no such endpoint.
pub async fn rotate_secret(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    id: WebhookId,
    stored_secret: &str,
    audit: &Audit,
) -> Result<bool, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let rotated = diesel::update(
            webhook_endpoints::table
                .filter(webhook_endpoints::partner_id.eq(partner))
                .filter(webhook_endpoints::id.eq(id)),
        )
        .set((
            webhook_endpoints::previous_secret.eq(webhook_endpoints::secret.nullable()),
            webhook_endpoints::previous_secret_expires_at.eq(Some(Utc::now() + ROTATION_GRACE)),
            webhook_endpoints::secret.eq(stored_secret),
            webhook_endpoints::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
        if rotated > 0 {
            let entry = Entry::new("webhook.secret_rotated", "webhook", id).of_partner(partner);
            audit::record(conn, audit, entry).await?;
        }
        Ok(rotated > 0)
    })
    .await
}

/// Stores every endpoint's secrets (current and rotated-out) as `keys` would store them now:
/// sealed under the current key, or in clear without one. Returns how many endpoints changed.
pub async fn reseal_all(
    conn: &mut AsyncPgConnection,
    keys: &SecretKeys,
) -> Result<Result<usize, SealError>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let stored: Vec<(WebhookId, String, Option<String>)> = webhook_endpoints::table
            .select((
                webhook_endpoints::id,
                webhook_endpoints::secret,
                webhook_endpoints::previous_secret,
            ))
            .for_update()
            .load(conn)
            .await?;
        let mut changed = 0;
        for (id, secret, previous) in stored {
            let current = keys.is_current(&secret)
                && previous
                    .as_deref()
                    .is_none_or(|previous| keys.is_current(previous));
            if current {
                continue;
            }
            let reseal = |stored: &str| keys.open(stored).and_then(|open| keys.seal(&open));
            let (secret, previous) =
                match (reseal(&secret), previous.as_deref().map(reseal).transpose()) {
                    (Ok(secret), Ok(previous)) => (secret, previous),
                    (Err(error), _) | (_, Err(error)) => return Ok(Err(error)),
                };
            diesel::update(webhook_endpoints::table.find(id))
                .set((
                    webhook_endpoints::secret.eq(secret),
                    webhook_endpoints::previous_secret.eq(previous),
                ))
                .execute(conn)
                .await?;
            changed += 1;
        }
        Ok(Ok(changed))
    })
    .await
}
