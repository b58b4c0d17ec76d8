//! An operator's review of a flagged lead (a self-referral): clearing the flag lets its
//! commissions be paid after their hold; voiding reverses them. Either ends the review.

use crate::audit::{self, Audit, Changes, Entry};
use crate::leads::{self, Lead};
use crate::{StoreError, commissions};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use partnerhub_domain::LeadId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Clear,
    Void,
}

impl Decision {
    fn action(self) -> &'static str {
        match self {
            Self::Clear => "lead.flag_cleared",
            Self::Void => "lead.commissions_voided",
        }
    }
}

/// `None` when the lead does not carry the flag (never did, or was reviewed already).
pub async fn decide(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
    flag: &str,
    decision: Decision,
    audit: &Audit,
) -> Result<Option<(Lead, usize)>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        let before = leads::lock(conn, lead).await?;
        let Some(after) = leads::remove_flag(conn, lead, flag).await? else {
            return Ok(None);
        };
        let commissions = match decision {
            Decision::Clear => commissions::release_held(conn, lead).await?,
            Decision::Void => commissions::void_held(conn, lead).await?,
        };
        let changes = Changes::default()
            .field("flags", &before.flags, &after.flags)
            .new_value("commissions", commissions);
        let entry = Entry::new(decision.action(), "lead", after.reference_id())
            .of_partner(after.partner())
            .with(changes);
        audit::record(conn, audit, entry).await?;
        Ok(Some((after, commissions)))
    })
    .await
}
