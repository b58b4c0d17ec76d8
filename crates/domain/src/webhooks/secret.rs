use crate::api_key::RandomSourceError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

const PREFIX: &str = "whsec_";

/// An endpoint's signing secret: `whsec_` + base64 of 32 random bytes, as Standard Webhooks
/// libraries expect it.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(String);

impl WebhookSecret {
    pub fn generate() -> Result<Self, RandomSourceError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|error| RandomSourceError(error.to_string()))?;
        Ok(Self(format!("{PREFIX}{}", STANDARD.encode(bytes))))
    }

    /// A secret read back from storage.
    pub fn from_stored(secret: String) -> Self {
        Self(secret)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key of `X-Webhook-Signature`: the whole secret string, as the seed's receivers use it.
    pub fn body_signing_key(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The key of `webhook-signature`: the decoded bytes after the prefix, as Standard
    /// Webhooks libraries use it. A secret that is not such base64 signs with its own bytes.
    pub fn standard_signing_key(&self) -> Vec<u8> {
        let encoded = self.0.strip_prefix(PREFIX).unwrap_or(&self.0);
        STANDARD
            .decode(encoded)
            .unwrap_or_else(|_| self.0.as_bytes().to_vec())
    }
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_secret_is_the_prefix_and_32_bytes_of_base64() {
        let secret = WebhookSecret::generate().unwrap();
        assert!(secret.expose().starts_with("whsec_"));
        assert_eq!(secret.standard_signing_key().len(), 32);
        assert_ne!(secret, WebhookSecret::generate().unwrap());
    }
}
