//! Webhook secrets at rest: sealed with XChaCha20-Poly1305 under `PARTNERHUB_SECRET_KEY`
//! when it is set, as `enc:v1:<key id>:<base64 of nonce and ciphertext>`. Earlier keys
//! still open what they sealed until `partnerhub secrets reseal` has moved every secret to
//! the current key; without any key, secrets are stored as they are.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

const PREFIX: &str = "enc:v1:";
const NONCE_BYTES: usize = 24;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("a secret key must be 64 hexadecimal characters (32 bytes)")]
    BadKey,
    #[error("the secret was sealed under key {0}, which is not configured")]
    UnknownKey(String),
    #[error("the sealed secret is damaged or was not sealed under its key")]
    Damaged,
    #[error("no random source: {0}")]
    Random(String),
}

#[derive(Clone)]
struct SealingKey {
    /// The first 8 hex characters of the key's SHA-256: names the key, reveals nothing.
    id: String,
    cipher: XChaCha20Poly1305,
}

impl SealingKey {
    fn parse(hex_key: &str) -> Result<Self, SealError> {
        let bytes = hex::decode(hex_key.trim()).map_err(|_| SealError::BadKey)?;
        let cipher = XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| SealError::BadKey)?;
        let id = hex::encode(Sha256::digest(&bytes))[..8].to_string();
        Ok(Self { id, cipher })
    }
}

/// The current key (seals and opens) and earlier ones (open only).
#[derive(Clone, Default)]
pub struct SecretKeys {
    current: Option<SealingKey>,
    previous: Vec<SealingKey>,
}

impl std::fmt::Debug for SecretKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretKeys")
            .field("current", &self.current.as_ref().map(|key| &key.id))
            .field(
                "previous",
                &self.previous.iter().map(|key| &key.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl SecretKeys {
    pub fn new(current: Option<&str>, previous: &[String]) -> Result<Self, SealError> {
        Ok(Self {
            current: current.map(SealingKey::parse).transpose()?,
            previous: previous
                .iter()
                .map(|key| SealingKey::parse(key))
                .collect::<Result<_, _>>()?,
        })
    }

    /// How a secret is stored: sealed under the current key, or as it is without one.
    pub fn seal(&self, secret: &str) -> Result<String, SealError> {
        let Some(key) = &self.current else {
            return Ok(secret.to_string());
        };
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(|error| SealError::Random(error.to_string()))?;
        let sealed = key
            .cipher
            .encrypt(XNonce::from_slice(&nonce), secret.as_bytes())
            .map_err(|_| SealError::Damaged)?;
        let mut packed = nonce.to_vec();
        packed.extend(sealed);
        Ok(format!(
            "{PREFIX}{}:{}",
            key.id,
            URL_SAFE_NO_PAD.encode(packed)
        ))
    }

    /// The secret a stored value holds, whichever configured key sealed it.
    pub fn open(&self, stored: &str) -> Result<String, SealError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_string());
        };
        let (id, packed) = rest.split_once(':').ok_or(SealError::Damaged)?;
        let key = self
            .current
            .iter()
            .chain(&self.previous)
            .find(|key| key.id == id)
            .ok_or_else(|| SealError::UnknownKey(id.to_string()))?;
        let packed = URL_SAFE_NO_PAD
            .decode(packed)
            .map_err(|_| SealError::Damaged)?;
        if packed.len() < NONCE_BYTES {
            return Err(SealError::Damaged);
        }
        let (nonce, sealed) = packed.split_at(NONCE_BYTES);
        let opened = key
            .cipher
            .decrypt(XNonce::from_slice(nonce), sealed)
            .map_err(|_| SealError::Damaged)?;
        String::from_utf8(opened).map_err(|_| SealError::Damaged)
    }

    /// Whether a stored value is already as `seal` would store it now.
    pub fn is_current(&self, stored: &str) -> bool {
        match &self.current {
            Some(key) => stored.starts_with(&format!("{PREFIX}{}:", key.id)),
            None => !stored.starts_with(PREFIX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    const NEW: &str = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    #[test]
    fn sealed_secrets_open_under_their_key_and_hide_the_secret() {
        let keys = SecretKeys::new(Some(OLD), &[]).unwrap_or_default();
        let sealed = keys.seal("whsec_abc").unwrap_or_default();
        assert!(
            sealed.starts_with("enc:v1:") && !sealed.contains("whsec_abc"),
            "{sealed}"
        );
        assert_ne!(
            sealed,
            keys.seal("whsec_abc").unwrap_or_default(),
            "a fresh nonce each time"
        );
        assert_eq!(keys.open(&sealed), Ok("whsec_abc".to_string()));
        assert!(keys.is_current(&sealed));
        assert_eq!(keys.open("whsec_plain"), Ok("whsec_plain".to_string()));
        assert!(!keys.is_current("whsec_plain"));
    }

    #[test]
    fn after_a_rotation_the_previous_key_still_opens_and_an_unknown_one_is_named() {
        let old = SecretKeys::new(Some(OLD), &[]).unwrap_or_default();
        let sealed = old.seal("whsec_abc").unwrap_or_default();
        let rotated = SecretKeys::new(Some(NEW), &[OLD.to_string()]).unwrap_or_default();
        assert_eq!(rotated.open(&sealed), Ok("whsec_abc".to_string()));
        assert!(!rotated.is_current(&sealed));
        let forgotten = SecretKeys::new(Some(NEW), &[]).unwrap_or_default();
        assert!(matches!(
            forgotten.open(&sealed),
            Err(SealError::UnknownKey(_))
        ));
        let mut damaged = sealed.clone();
        damaged.pop();
        damaged.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(old.open(&damaged), Err(SealError::Damaged));
        assert_eq!(
            SecretKeys::new(Some("abc"), &[]).err(),
            Some(SealError::BadKey)
        );
    }
}
