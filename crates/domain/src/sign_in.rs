//! The sign-in lockout rule: too many failures for one email, or from one client address,
//! within the window, and sign-in is refused until the window has passed.

use chrono::Duration;
use sha2::{Digest, Sha256};

pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);
pub const FAILURES_PER_EMAIL: i64 = 10;
pub const FAILURES_PER_CLIENT: i64 = 50;

/// What a sign-in attempt is counted against: the lower-cased email and the client address,
/// both as SHA-256 hashes (people type passwords into the email field; addresses are
/// personal), so neither is kept in clear.
pub struct AttemptKeys {
    pub email: [u8; 32],
    pub client: [u8; 32],
}

impl AttemptKeys {
    pub fn new(email: &str, client_address: &str) -> Self {
        Self {
            email: Sha256::digest(email.trim().to_lowercase().as_bytes()).into(),
            client: address_hash(client_address),
        }
    }
}

/// A client address as the limits keep it: its SHA-256, never the address.
pub fn address_hash(client_address: &str) -> [u8; 32] {
    Sha256::digest(client_address.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::AttemptKeys;

    #[test]
    fn an_email_counts_the_same_in_any_case() {
        let a = AttemptKeys::new(" Ann@Example.com", "203.0.113.9");
        let b = AttemptKeys::new("ann@example.com", "203.0.113.10");
        assert_eq!(a.email, b.email);
        assert_ne!(a.client, b.client);
    }
}
