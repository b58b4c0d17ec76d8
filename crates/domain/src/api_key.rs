use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const KEY_PREFIX: &str = "phk_";
const TEST_KEY_PREFIX: &str = "phk_test_";
const KEY_RANDOM_BYTES: usize = 24;
/// How much of a key the audit log names it by: enough to tell keys apart, far too little
/// to use one.
pub const KEY_LABEL_CHARS: usize = 12;

/// A live key works on real leads; a test key (`phk_test_...`) on test leads only, which
/// are never counted and never earn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(
    feature = "diesel",
    derive(diesel_derive_enum::DbEnum),
    ExistingTypePath = "crate::sql_types::KeyMode"
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    Live,
    Test,
}

impl KeyMode {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "live" => Some(Self::Live),
            "test" => Some(Self::Test),
            _ => None,
        }
    }

    pub fn is_test(self) -> bool {
        self == Self::Test
    }
}

/// A partner API key in clear text: exists only between creation and the response that shows it.
pub struct ApiKey(String);

/// What is stored: the SHA-256 of the key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApiKeyHash(pub [u8; 32]);

#[derive(Debug, thiserror::Error)]
#[error("the operating system's random source failed: {0}")]
pub struct RandomSourceError(pub(crate) String);

impl ApiKey {
    /// 192 random bits, hex-encoded behind a recognisable prefix (`phk_`, `phk_test_`).
    pub fn generate(mode: KeyMode) -> Result<Self, RandomSourceError> {
        let prefix = match mode {
            KeyMode::Live => KEY_PREFIX,
            KeyMode::Test => TEST_KEY_PREFIX,
        };
        Ok(Self(format!("{prefix}{}", random_hex(KEY_RANDOM_BYTES)?)))
    }

    /// What the audit log calls a key: its first characters.
    pub fn label(presented: &str) -> String {
        presented.chars().take(KEY_LABEL_CHARS).collect()
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
        let a = ApiKey::generate(KeyMode::Live).unwrap();
        let b = ApiKey::generate(KeyMode::Live).unwrap();
        assert_ne!(a.expose(), b.expose());
        assert!(a.expose().starts_with("phk_"));
        assert_eq!(a.expose().len(), 4 + 48);
        assert!(a.hash().matches(&ApiKeyHash::of(a.expose())));
        assert!(!a.hash().matches(&b.hash()));
        let test = ApiKey::generate(KeyMode::Test).unwrap();
        assert!(test.expose().starts_with("phk_test_"));
        assert_eq!(test.expose().len(), 9 + 48);
        assert_eq!(
            ApiKey::label(test.expose()),
            "phk_test_".to_string() + &test.expose()[9..12]
        );
    }
}
