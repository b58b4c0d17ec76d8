//! Who earns a share, and when it may be paid: only a partner that is active when the lead
//! is funded earns (otherwise the share is kept as skipped, with the reason); a share is
//! payable after its hold (the partner's own, else the platform's); a self-referral's
//! shares wait for a review.

use crate::PartnerStatus;
use chrono::{DateTime, Duration, Utc};

/// A lead's flag saying its contact details are its partner's own (or a partner user's).
pub const SELF_REFERRAL: &str = "self_referral";

/// The platform's rules for a funding, from its settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EarningPolicy {
    /// Days a commission is held before it is payable, for partners without their own.
    pub default_hold_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareOutcome {
    Earned {
        payable_at: DateTime<Utc>,
        /// Not payable until an operator clears the lead's flag (or voids it).
        held_for_review: bool,
    },
    Skipped {
        reason: String,
    },
}

/// What becomes of an earner's share of a lead funded at `at`.
pub fn share_outcome(
    earner_status: PartnerStatus,
    earner_hold_days: Option<i32>,
    policy: EarningPolicy,
    lead_flags: &[String],
    at: DateTime<Utc>,
) -> ShareOutcome {
    if earner_status != PartnerStatus::Active {
        return ShareOutcome::Skipped {
            reason: format!(
                "the partner was {} when the lead was funded",
                earner_status.as_str()
            ),
        };
    }
    let hold_days = earner_hold_days.map_or(i64::from(policy.default_hold_days), i64::from);
    ShareOutcome::Earned {
        payable_at: at + Duration::days(hold_days.max(0)),
        held_for_review: lead_flags.iter().any(|flag| flag == SELF_REFERRAL),
    }
}

/// Whether a lead's contact details are its own partner's: its email equals the partner's
/// or a partner user's (without regard to case), or its phone the partner's (both as 10
/// digits).
pub fn is_self_referral(
    lead_email: Option<&str>,
    lead_phone: Option<&str>,
    partner_email: &str,
    partner_phone: Option<&str>,
    user_emails: &[String],
) -> bool {
    let same_email =
        |email: &str| lead_email.is_some_and(|lead| lead.trim().eq_ignore_ascii_case(email.trim()));
    same_email(partner_email)
        || user_emails.iter().any(|email| same_email(email))
        || lead_phone.is_some_and(|phone| partner_phone == Some(phone))
}

/// The flags a new lead carries.
pub fn flags_of_new_lead(self_referral: bool) -> Vec<String> {
    if self_referral {
        vec![SELF_REFERRAL.to_string()]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2024-01-15T10:30:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn only_an_active_partner_earns_after_its_hold() {
        let policy = EarningPolicy {
            default_hold_days: 30,
        };
        assert_eq!(
            share_outcome(PartnerStatus::Active, None, policy, &[], at()),
            ShareOutcome::Earned {
                payable_at: at() + Duration::days(30),
                held_for_review: false
            }
        );
        assert_eq!(
            share_outcome(PartnerStatus::Active, Some(0), policy, &[], at()),
            ShareOutcome::Earned {
                payable_at: at(),
                held_for_review: false
            }
        );
        assert_eq!(
            share_outcome(PartnerStatus::Suspended, None, policy, &[], at()),
            ShareOutcome::Skipped {
                reason: "the partner was suspended when the lead was funded".into()
            }
        );
        let flagged = vec![SELF_REFERRAL.to_string()];
        assert!(matches!(
            share_outcome(PartnerStatus::Active, None, policy, &flagged, at()),
            ShareOutcome::Earned {
                held_for_review: true,
                ..
            }
        ));
    }

    #[test]
    fn a_lead_with_its_partners_own_contact_details_is_a_self_referral() {
        let users = vec!["ann@acme.test".to_string()];
        let check = |email, phone| {
            is_self_referral(email, phone, "ops@acme.test", Some("5551234567"), &users)
        };
        assert!(check(Some("OPS@acme.test"), None));
        assert!(check(Some(" ann@ACME.test"), None));
        assert!(check(None, Some("5551234567")));
        assert!(!check(Some("someone@else.test"), Some("5550000000")));
        assert!(!check(None, None));
        assert!(!is_self_referral(
            None,
            Some("5551234567"),
            "a@b.test",
            None,
            &[]
        ));
    }
}
