//! The partner portal under `/app/partners`: sign-in and sessions, invitations, and the
//! pages (static HTML and JavaScript, embedded in the binary, calling the partner API with
//! the session cookie).

pub(in crate::routes) mod assets;
pub(in crate::routes) mod invitations;
pub(in crate::routes) mod pages;
pub(in crate::routes) mod session;

pub const PORTAL: &str = "/app/partners";
pub const INVITATIONS: &str = "/app/partners/invitations/";

/// The link an invitation's token opens: the page to choose a password.
pub fn invitation_url(public_url: &str, token: &str) -> String {
    format!("{}{INVITATIONS}{token}", public_url.trim_end_matches('/'))
}
