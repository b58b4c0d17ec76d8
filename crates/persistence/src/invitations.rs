//! Invitations: a link that lets one person set a password, once, within its validity.

use crate::StoreError;
use crate::audit::{self, Audit, Changes, Entry};
use crate::partner_users::{self, PartnerUser};
use crate::schema::partner_invitations as invitations;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::audit::Actor;
use partnerhub_domain::{InvitationId, PartnerId, TokenHash};

/// How long an invitation link works.
pub const VALIDITY: Duration = Duration::hours(72);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: InvitationId,
    pub partner_id: PartnerId,
    pub email: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// Records an invitation for `email` to the partner. An email that already signs in to
/// another partner is refused with [`StoreError::EmailInUse`].
pub async fn create(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    email: &str,
    token: &TokenHash,
    audit: &Audit,
) -> Result<Invitation, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        if partner_users::used_elsewhere(conn, partner, email).await? {
            return Err(StoreError::EmailInUse);
        }
        let invitation: Invitation = diesel::insert_into(invitations::table)
            .values((
                invitations::partner_id.eq(partner),
                invitations::email.eq(email),
                invitations::token_hash.eq(token.0.as_slice()),
                invitations::expires_at.eq(Utc::now() + VALIDITY),
            ))
            .returning(Invitation::as_returning())
            .get_result(conn)
            .await?;
        let changes = Changes::default()
            .new_value("email", &invitation.email)
            .new_value("expires_at", invitation.expires_at);
        let entry = Entry::new("user.invited", "invitation", invitation.id)
            .of_partner(partner)
            .with(changes);
        audit::record(conn, audit, entry).await?;
        Ok(invitation)
    })
    .await
}

/// The invitation behind a token, if it is unused and unexpired.
pub async fn find_open(
    conn: &mut AsyncPgConnection,
    token: &TokenHash,
) -> Result<Option<Invitation>, StoreError> {
    Ok(invitations::table
        .filter(invitations::token_hash.eq(token.0.as_slice()))
        .filter(invitations::used_at.is_null())
        .filter(invitations::expires_at.gt(Utc::now()))
        .select(Invitation::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Uses the invitation: sets the user's password (creating the user) and marks the
/// invitation used, in one transaction. `None` when the token is unknown, used or expired.
pub async fn redeem(
    conn: &mut AsyncPgConnection,
    token: &TokenHash,
    password_hash: &str,
    request_id: Option<&str>,
) -> Result<Option<PartnerUser>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let Some(invitation) = invitations::table
            .filter(invitations::token_hash.eq(token.0.as_slice()))
            .filter(invitations::used_at.is_null())
            .filter(invitations::expires_at.gt(Utc::now()))
            .for_update()
            .select(Invitation::as_select())
            .first(conn)
            .await
            .optional()?
        else {
            return Ok(None);
        };
        diesel::update(invitations::table.find(invitation.id))
            .set(invitations::used_at.eq(diesel::dsl::now))
            .execute(conn)
            .await?;
        let user = partner_users::set_password(
            conn,
            invitation.partner_id,
            &invitation.email,
            password_hash,
        )
        .await?;
        let person = Audit {
            actor: Actor::Person(user.email.clone()),
            request_id: request_id.map(str::to_owned),
        };
        let entry = Entry::new("user.password_set", "user", user.id)
            .of_partner(user.partner_id)
            .with(Changes::default().new_value("email", &user.email));
        audit::record(conn, &person, entry).await?;
        Ok(Some(user))
    })
    .await
}
