//! The stable `code` of a 4xx answer: partners' code matches on these, so they never change.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// A body field is missing, of the wrong type, or out of its rule.
    InvalidField,
    /// A query parameter is malformed or out of range.
    InvalidParameter,
    NotFound,
    /// The lead failed validation; `errors` lists every reason.
    ValidationError,
    DuplicateLead,
    IdempotencyKeyReused,
    RateLimited,
    PayloadTooLarge,
    MalformedJson,
    MalformedBody,
    UnsupportedContentType,
    DuplicateApiKey,
    EmailInUse,
    DownlineCycle,
    InvalidTransition,
    NotAClick,
    NotTraffic,
    PayoutNotPending,
    WebhookDisabled,
    /// Sign-in refused: wrong email or password (the same for an unknown email).
    InvalidCredentials,
    /// Too many failed sign-ins for the email or from the address; see `Retry-After`.
    SignInLocked,
    /// The partner of a user signing in is not active.
    PartnerInactive,
    /// The invitation link was used already, or has expired.
    InvitationExpired,
    /// The session cookie is unknown or expired: sign in again.
    SessionExpired,
    /// The database is away for a moment: nothing was changed; retry after `Retry-After`.
    ServiceUnavailable,
    /// A change sent with the session cookie from a page of another site.
    CrossSiteRequest,
    /// Only a signed-in person may do this, not an API key.
    SessionRequired,
    /// The application was approved or rejected already.
    ApplicationDecided,
    /// The lead does not carry the flag (never did, or was reviewed already).
    NotFlagged,
}
