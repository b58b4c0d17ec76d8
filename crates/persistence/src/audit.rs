//! The audit log: who changed what, written by the function that makes the change, in its
//! transaction, so an entry exists exactly when its change committed. Append-only: a
//! trigger refuses updates and deletes. No entry holds a secret (keys, webhook secrets,
//! passwords, tokens): a new key is named by its first characters, a secret only as changed.

use crate::StoreError;
use crate::schema::audit_log;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::PartnerId;
use partnerhub_domain::audit::Actor;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// Who is making the changes of a request (or a command), and the request's id.
#[derive(Debug, Clone)]
pub struct Audit {
    pub actor: Actor,
    pub request_id: Option<String>,
}

impl Audit {
    pub fn cli() -> Self {
        Self {
            actor: Actor::Cli,
            request_id: None,
        }
    }
}

/// The fields a change changed: `{"field": {"before": ..., "after": ...}}`.
#[derive(Debug, Clone, Default)]
pub struct Changes(Map<String, Value>);

impl Changes {
    /// Notes the field when its value changed.
    pub fn field(mut self, name: &str, before: impl Serialize, after: impl Serialize) -> Self {
        let (before, after) = (json!(before), json!(after));
        if before != after {
            self.0
                .insert(name.to_string(), json!({"before": before, "after": after}));
        }
        self
    }

    /// A field of something new: no value before.
    pub fn new_value(self, name: &str, after: impl Serialize) -> Self {
        self.field(name, Value::Null, after)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: &'static str,
    pub target_type: &'static str,
    pub target_id: String,
    /// The partner the change concerns, which reads it in its own log.
    pub partner: Option<PartnerId>,
    pub changes: Changes,
}

impl Entry {
    pub fn new(action: &'static str, target_type: &'static str, target_id: impl ToString) -> Self {
        Self {
            action,
            target_type,
            target_id: target_id.to_string(),
            partner: None,
            changes: Changes::default(),
        }
    }

    pub fn of_partner(mut self, partner: PartnerId) -> Self {
        self.partner = Some(partner);
        self
    }

    pub fn with(mut self, changes: Changes) -> Self {
        self.changes = changes;
        self
    }
}

/// Writes the entry on the caller's connection: call inside the change's transaction.
pub async fn record(
    conn: &mut AsyncPgConnection,
    audit: &Audit,
    entry: Entry,
) -> Result<(), StoreError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::actor.eq(audit.actor.label()),
            audit_log::action.eq(entry.action),
            audit_log::target_type.eq(entry.target_type),
            audit_log::target_id.eq(&entry.target_id),
            audit_log::partner_id.eq(entry.partner),
            audit_log::changes.eq(Value::Object(entry.changes.0)),
            audit_log::request_id.eq(audit.request_id.as_deref()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// As [`record`], for an update: an update that changed nothing leaves no entry.
pub async fn record_if_changed(
    conn: &mut AsyncPgConnection,
    audit: &Audit,
    entry: Entry,
) -> Result<(), StoreError> {
    if entry.changes.is_empty() {
        return Ok(());
    }
    record(conn, audit, entry).await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub actor: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub partner_id: Option<PartnerId>,
    pub changes: Value,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// What a reader of the log asks for; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub partner: Option<PartnerId>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
}

/// Entries newest first, and how many match.
pub async fn list(
    conn: &mut AsyncPgConnection,
    filter: &AuditFilter,
    page: crate::leads::Page,
) -> Result<(Vec<AuditRow>, i64), StoreError> {
    let filtered = || {
        let mut query = audit_log::table.into_boxed();
        if let Some(partner) = filter.partner {
            query = query.filter(audit_log::partner_id.eq(partner));
        }
        if let Some(target_type) = &filter.target_type {
            query = query.filter(audit_log::target_type.eq(target_type.clone()));
        }
        if let Some(target_id) = &filter.target_id {
            query = query.filter(audit_log::target_id.eq(target_id.clone()));
        }
        if let Some(actor) = &filter.actor {
            query = query.filter(audit_log::actor.eq(actor.clone()));
        }
        if let Some(action) = &filter.action {
            query = query.filter(audit_log::action.eq(action.clone()));
        }
        query
    };
    let total = filtered().count().get_result(conn).await?;
    let rows = filtered()
        .order(audit_log::id.desc())
        .limit(page.per_page)
        .offset((page.number - 1) * page.per_page)
        .select(AuditRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}
