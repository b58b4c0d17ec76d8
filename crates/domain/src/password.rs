//! People's passwords: the length rule, and argon2id hashing (the crate's default parameters,
//! OWASP's minimum: 19 MiB, 2 passes). Only the PHC string is stored.

use crate::field_error::FieldError;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::OnceLock;

pub const MIN_PASSWORD_CHARS: usize = 12;
/// Long enough for any passphrase, short enough that hashing one costs what hashing any does.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// A password that meets the rules, on its way to being hashed.
pub struct NewPassword(String);

impl NewPassword {
    /// Taken as typed: spaces count, nothing is trimmed.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        match text.chars().count() {
            0 => Err(FieldError::new("password", "is required")),
            n if n < MIN_PASSWORD_CHARS => Err(FieldError::new(
                "password",
                "must be at least 12 characters",
            )),
            n if n > MAX_PASSWORD_CHARS => Err(FieldError::new(
                "password",
                "must be at most 1024 characters",
            )),
            _ => Ok(Self(text.to_string())),
        }
    }

    /// The argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`), with a random salt.
    pub fn hash(&self) -> Result<String, PasswordError> {
        Argon2::default()
            .hash_password(self.0.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|error| PasswordError(error.to_string()))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct PasswordError(String);

/// Whether `candidate` is the password `stored` was made from. A stored value that is not a
/// PHC string matches nothing.
pub fn verify(candidate: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(candidate.as_bytes(), &hash)
            .is_ok()
    })
}

/// Spends the time a real check takes, against a hash nobody's password made: a sign-in for
/// an unknown email then answers in about the time a wrong password does.
pub fn verify_against_nothing(candidate: &str) {
    static DECOY: OnceLock<Option<String>> = OnceLock::new();
    let decoy = DECOY.get_or_init(|| {
        NewPassword::parse("decoy password of no user")
            .ok()
            .and_then(|password| password.hash().ok())
    });
    if let Some(decoy) = decoy {
        verify(candidate, decoy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_need_12_characters_and_hash_to_argon2id() {
        assert_eq!(
            NewPassword::parse("short").err().map(|e| e.to_string()),
            Some("Field 'password' must be at least 12 characters".to_string())
        );
        assert!(NewPassword::parse(&"x".repeat(1025)).is_err());
        let hash = NewPassword::parse("correct horse battery")
            .unwrap()
            .hash()
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &hash));
        assert!(!verify("correct horse batterY", &hash));
        assert!(!verify("correct horse battery", "not a hash"));
    }
}
