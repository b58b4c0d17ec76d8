//! People at a partner, who sign in to the portal. An email names one user across all
//! partners (it is how they sign in).

use crate::StoreError;
use crate::schema::{partner_sessions, partner_users};
use crate::sql_functions::lower;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::DatabaseErrorKind;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use partnerhub_domain::{PartnerId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partner_users)]
pub struct PartnerUser {
    pub id: UserId,
    pub partner_id: PartnerId,
    pub email: String,
    /// The argon2id PHC string.
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The user signing in with this email (any case).
pub async fn find_by_email(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> Result<Option<PartnerUser>, StoreError> {
    Ok(partner_users::table
        .filter(lower(partner_users::email).eq(email.to_lowercase()))
        .select(PartnerUser::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Sets the password of the partner's user with this email, creating the user if there is
/// none, and ends the user's sessions. An email that belongs to another partner's user is
/// refused with [`StoreError::EmailInUse`]. Call inside a transaction.
pub async fn set_password(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    email: &str,
    password_hash: &str,
) -> Result<PartnerUser, StoreError> {
    let existing = partner_users::table
        .filter(lower(partner_users::email).eq(email.to_lowercase()))
        .for_update()
        .select(PartnerUser::as_select())
        .first(conn)
        .await
        .optional()?;
    match existing {
        Some(user) if user.partner_id != partner => Err(StoreError::EmailInUse),
        Some(user) => {
            diesel::delete(partner_sessions::table.filter(partner_sessions::user_id.eq(user.id)))
                .execute(conn)
                .await?;
            Ok(diesel::update(partner_users::table.find(user.id))
                .set((
                    partner_users::password_hash.eq(password_hash),
                    partner_users::updated_at.eq(diesel::dsl::now),
                ))
                .returning(PartnerUser::as_returning())
                .get_result(conn)
                .await?)
        }
        None => diesel::insert_into(partner_users::table)
            .values((
                partner_users::partner_id.eq(partner),
                partner_users::email.eq(email),
                partner_users::password_hash.eq(password_hash),
            ))
            .returning(PartnerUser::as_returning())
            .get_result(conn)
            .await
            .map_err(|error| match &error {
                // Another partner's invitation for the same email was redeemed first.
                diesel::result::Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    StoreError::EmailInUse
                }
                _ => StoreError::Query(error),
            }),
    }
}

/// Whether the email belongs to a user of another partner than `partner`.
pub async fn used_elsewhere(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
    email: &str,
) -> Result<bool, StoreError> {
    Ok(find_by_email(conn, email)
        .await?
        .is_some_and(|user| user.partner_id != partner))
}

/// The emails the partner's people sign in with.
pub async fn emails_of(
    conn: &mut AsyncPgConnection,
    partner: PartnerId,
) -> Result<Vec<String>, StoreError> {
    Ok(partner_users::table
        .filter(partner_users::partner_id.eq(partner))
        .select(partner_users::email)
        .load(conn)
        .await?)
}
