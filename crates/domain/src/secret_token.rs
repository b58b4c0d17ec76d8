//! Bearer secrets handed to a person once: an invitation link's token, a session cookie's.
//! Only their SHA-256 is stored, so a copy of the database opens nothing.

use crate::api_key::RandomSourceError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

const TOKEN_RANDOM_BYTES: usize = 32;

/// A token in clear text: exists only between creation and the answer that carries it.
pub struct SecretToken(String);

/// What is stored: the SHA-256 of the token.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TokenHash(pub [u8; 32]);

impl SecretToken {
    /// 256 random bits, URL-safe base64 (43 characters), so it fits a path or a cookie as is.
    pub fn generate() -> Result<Self, RandomSourceError> {
        let mut buffer = [0u8; TOKEN_RANDOM_BYTES];
        getrandom::fill(&mut buffer).map_err(|error| RandomSourceError(error.to_string()))?;
        Ok(Self(URL_SAFE_NO_PAD.encode(buffer)))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash::of(&self.0)
    }
}

impl TokenHash {
    pub fn of(presented: &str) -> Self {
        Self(Sha256::digest(presented.as_bytes()).into())
    }
}

impl std::fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenHash(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_url_safe_and_hash_consistently() {
        let a = SecretToken::generate().unwrap();
        let b = SecretToken::generate().unwrap();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.expose().len(), 43);
        assert!(
            a.expose()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_eq!(a.hash(), TokenHash::of(a.expose()));
        assert_ne!(a.hash(), b.hash());
    }
}
