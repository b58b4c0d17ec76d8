//! Applications to become a partner, and their decision: an approval makes the partner and
//! an invitation for the applicant, in one transaction.

use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::invitations::{self, Invitation};
use crate::partners::{self, Partner, PartnerDraft};
use crate::schema::{partner_applications as applications, partners as partner_rows};
use crate::sql_functions::lower;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::result::DatabaseErrorKind;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::application::{ApplicationDraft, ApplicationStatus};
use partnerhub_domain::audit::Actor;
use partnerhub_domain::{PartnerId, PartnerStatus, TokenHash};

/// How many applications one address may send an hour.
pub const PER_ADDRESS_PER_HOUR: i64 = 10;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct Application {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub company_name: Option<String>,
    pub website: Option<String>,
    pub message: Option<String>,
    pub status: ApplicationStatus,
    pub reason: Option<String>,
    pub partner_id: Option<PartnerId>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug)]
pub enum ApplyRefused {
    /// A partner, or a pending application, already has this email.
    EmailInUse,
    /// This address sent its hour's applications.
    TooMany { retry_after: Duration },
}

/// Records an application, unless its email is taken or its address sent enough; the
/// applicant is the audit entry's actor.
pub async fn create(
    conn: &mut AsyncPgConnection,
    draft: &ApplicationDraft,
    client_hash: &[u8; 32],
    request_id: Option<&str>,
) -> Result<Result<Application, ApplyRefused>, StoreError> {
    let hour_ago = Utc::now() - Duration::hours(1);
    let recent: Vec<DateTime<Utc>> = applications::table
        .filter(applications::client_hash.eq(client_hash.as_slice()))
        .filter(applications::created_at.gt(hour_ago))
        .order(applications::created_at.desc())
        .select(applications::created_at)
        .limit(PER_ADDRESS_PER_HOUR)
        .load(conn)
        .await?;
    if recent.len() as i64 >= PER_ADDRESS_PER_HOUR {
        let oldest = recent.last().copied().unwrap_or_else(Utc::now);
        let retry_after = oldest + Duration::hours(1) - Utc::now();
        return Ok(Err(ApplyRefused::TooMany { retry_after }));
    }
    let partner_has_it: bool = diesel::select(diesel::dsl::exists(
        partner_rows::table.filter(lower(partner_rows::email).eq(draft.email.to_lowercase())),
    ))
    .get_result(conn)
    .await?;
    if partner_has_it {
        return Ok(Err(ApplyRefused::EmailInUse));
    }
    let applicant = Audit {
        actor: Actor::Person(draft.email.clone()),
        request_id: request_id.map(str::to_owned),
    };
    let inserted = conn
        .transaction::<_, StoreError, _>(async |conn| {
            let application: Application = diesel::insert_into(applications::table)
                .values((
                    applications::name.eq(&draft.name),
                    applications::email.eq(&draft.email),
                    applications::company_name.eq(&draft.company_name),
                    applications::website.eq(&draft.website),
                    applications::message.eq(&draft.message),
                    applications::client_hash.eq(client_hash.as_slice()),
                ))
                .returning(Application::as_returning())
                .get_result(conn)
                .await?;
            let changes = Changes::default()
                .new_value("name", &application.name)
                .new_value("email", &application.email)
                .new_value("company_name", &application.company_name)
                .new_value("website", &application.website);
            let entry =
                Entry::new("application.created", "application", application.id).with(changes);
            audit::record(conn, &applicant, entry).await?;
            Ok(application)
        })
        .await;
    match inserted {
        Ok(application) => Ok(Ok(application)),
        // A pending application with this email was made meanwhile.
        Err(StoreError::Query(diesel::result::Error::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            _,
        ))) => Ok(Err(ApplyRefused::EmailInUse)),
        Err(error) => Err(error),
    }
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> Result<Option<Application>, StoreError> {
    Ok(applications::table
        .find(id)
        .select(Application::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Applications, newest first, of one status or all; and how many there are.
pub async fn list(
    conn: &mut AsyncPgConnection,
    status: Option<ApplicationStatus>,
    page: crate::leads::Page,
) -> Result<(Vec<Application>, i64), StoreError> {
    let filtered = || {
        let mut query = applications::table.into_boxed();
        if let Some(status) = status {
            query = query.filter(applications::status.eq(status));
        }
        query
    };
    let total = filtered().count().get_result(conn).await?;
    let rows = filtered()
        .order(applications::id.desc())
        .limit(page.per_page)
        .offset((page.number - 1) * page.per_page)
        .select(Application::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

#[derive(Debug)]
pub enum DecideRefused {
    NotFound,
    /// Decided already.
    Decided(ApplicationStatus),
}

/// The application, locked for its decision, if it is still pending.
async fn lock_pending(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> Result<Result<Application, DecideRefused>, StoreError> {
    let found = applications::table
        .find(id)
        .for_update()
        .select(Application::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(match found {
        None => Err(DecideRefused::NotFound),
        Some(application) if !application.status.can_decide() => {
            Err(DecideRefused::Decided(application.status))
        }
        Some(application) => Ok(application),
    })
}

/// Approves: the partner (with the status given, `active` by default), an invitation for
/// the applicant, the application's decision and their audit entries, together.
pub async fn approve(
    conn: &mut AsyncPgConnection,
    id: i64,
    status: PartnerStatus,
    token: &TokenHash,
    audit: &Audit,
) -> Result<Result<(Application, Partner, Invitation), DecideRefused>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let application = match lock_pending(conn, id).await? {
            Ok(application) => application,
            Err(refused) => return Ok(Err(refused)),
        };
        let draft = PartnerDraft {
            name: application.name.clone(),
            email: application.email.clone(),
            status: Some(status),
            ..PartnerDraft::default()
        };
        let partner = partners::insert(conn, draft).await?;
        partners::record_created(conn, &partner, None, audit).await?;
        let invitation =
            invitations::create(conn, partner.id, &application.email, token, audit).await?;
        let decided: Application = diesel::update(applications::table.find(id))
            .set((
                applications::status.eq(ApplicationStatus::Approved),
                applications::partner_id.eq(partner.id),
                applications::decided_at.eq(diesel::dsl::now),
            ))
            .returning(Application::as_returning())
            .get_result(conn)
            .await?;
        let changes = Changes::default()
            .field("status", application.status, decided.status)
            .new_value("partner_id", partner.id);
        let entry = Entry::new("application.approved", "application", id)
            .of_partner(partner.id)
            .with(changes);
        audit::record(conn, audit, entry).await?;
        Ok(Ok((decided, partner, invitation)))
    })
    .await
}

/// Rejects, with the reason.
pub async fn reject(
    conn: &mut AsyncPgConnection,
    id: i64,
    reason: Option<&str>,
    audit: &Audit,
) -> Result<Result<Application, DecideRefused>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let application = match lock_pending(conn, id).await? {
            Ok(application) => application,
            Err(refused) => return Ok(Err(refused)),
        };
        let decided: Application = diesel::update(applications::table.find(id))
            .set((
                applications::status.eq(ApplicationStatus::Rejected),
                applications::reason.eq(reason),
                applications::decided_at.eq(diesel::dsl::now),
            ))
            .returning(Application::as_returning())
            .get_result(conn)
            .await?;
        let changes = Changes::default()
            .field("status", application.status, decided.status)
            .new_value("reason", reason);
        audit::record(
            conn,
            audit,
            Entry::new("application.rejected", "application", id).with(changes),
        )
        .await?;
        Ok(Ok(decided))
    })
    .await
}
