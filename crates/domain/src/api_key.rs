use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const KEY_PREFIX: &str = "phk_";
const KEY_RANDOM_BYTES: usize = 24;

/// A partner API key in clear text: exists only between creation and the response that shows it.
pub struct ApiKey(String);

/// What is stored: the SHA-256 of the key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApiKeyHash(pub [u8; 32]);

#[derive(Debug, thiserror::Error)]
#[error("the operating system's random source failed: {0}")]
pub struct RandomSourceError(pub(crate) String);

impl ApiKey {
    /// 192 random bits, hex-encoded behind a recognisable prefix.
    pub fn generate() -> Result<Self, RandomSourceError> {
        Ok(Self(format!(
            "{KEY_PREFIX}{}",
            random_hex(KEY_RANDOM_BYTES)?
        )))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> ApiKeyHash {
        ApiKeyHash::of(&self.0)
    }
}

impl ApiKeyHash {
    pub fn of(presented_key: &str) -> Self {
        Self(Sha256::digest(presented_key.as_bytes()).into())
    }

    pub fn matches(&self, other: &ApiKeyHash) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl std::fmt::Debug for ApiKeyHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKeyHash(..)")
    }
}

pub fn random_hex(bytes: usize) -> Result<String, RandomSourceError> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|error| RandomSourceError(error.to_string()))?;
    Ok(hex::encode(buffer))
}

/// A tracking-link code: 10 characters from an alphabet without look-alikes.
pub fn generate_referral_code() -> Result<String, RandomSourceError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut buffer = [0u8; 10];
    getrandom::fill(&mut buffer).map_err(|error| RandomSourceError(error.to_string()))?;
    Ok(buffer
        .iter()
        .map(|byte| ALPHABET[usize::from(*byte) % ALPHABET.len()] as char)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_unique_and_hash_consistently() {
        let a = ApiKey::generate().unwrap();
        let b = ApiKey::generate().unwrap();
        assert_ne!(a.expose(), b.expose());
        assert!(a.expose().starts_with("phk_"));
        assert_eq!(a.expose().len(), 4 + 48);
        assert!(a.hash().matches(&ApiKeyHash::of(a.expose())));
        assert!(!a.hash().matches(&b.hash()));
    }
}
