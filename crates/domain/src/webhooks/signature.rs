use super::WebhookSecret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The signature headers of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// `X-Webhook-Signature`: lowercase hex HMAC-SHA256 of the body, keyed by the current secret.
    pub body_signature: String,
    /// `X-Webhook-Signature-Previous`: the same with the previous secret, while it still signs.
    pub previous_body_signature: Option<String>,
    /// `webhook-signature`: `v1,<base64>` per signing secret, space-separated.
    pub standard_signature: String,
}

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    // HMAC takes keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        unreachable!("HMAC accepts every key length")
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn body_signature(secret: &WebhookSecret, body: &[u8]) -> String {
    hex::encode(hmac_sha256(secret.body_signing_key(), &[body]))
}

fn standard_signature(secret: &WebhookSecret, id: &str, timestamp: i64, body: &[u8]) -> String {
    let timestamp = timestamp.to_string();
    let signed = hmac_sha256(
        &secret.standard_signing_key(),
        &[id.as_bytes(), b".", timestamp.as_bytes(), b".", body],
    );
    format!("v1,{}", STANDARD.encode(signed))
}

/// Signs `body` for message `id` sent at `timestamp` (Unix seconds) with the current secret
/// and, during a rotation's grace period, the previous one too.
pub fn sign(
    current: &WebhookSecret,
    previous: Option<&WebhookSecret>,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> SignedHeaders {
    let mut standard = standard_signature(current, id, timestamp, body);
    if let Some(previous) = previous {
        standard.push(' ');
        standard.push_str(&standard_signature(previous, id, timestamp, body));
    }
    SignedHeaders {
        body_signature: body_signature(current, body),
        previous_body_signature: previous.map(|previous| body_signature(previous, body)),
        standard_signature: standard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_webhooks_reference_vector() {
        // From the Standard Webhooks specification's test vectors.
        let secret =
            WebhookSecret::from_stored("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_string());
        let body = br#"{"test": 2432232314}"#;
        let signed = sign(
            &secret,
            None,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            body,
        );
        assert_eq!(
            signed.standard_signature,
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn the_body_signature_is_hex_hmac_keyed_by_the_whole_secret_string() {
        let secret = WebhookSecret::from_stored("your_webhook_secret_here".to_string());
        let signed = sign(&secret, None, "1", 0, b"{}");
        assert_eq!(signed.body_signature.len(), 64);
        assert!(
            signed
                .body_signature
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(signed.previous_body_signature, None);
    }

    #[test]
    fn during_a_rotation_both_secrets_sign() {
        let current = WebhookSecret::from_stored("whsec_bmV3".to_string());
        let previous = WebhookSecret::from_stored("whsec_b2xk".to_string());
        let both = sign(&current, Some(&previous), "9", 5, b"{}");
        let alone = sign(&current, None, "9", 5, b"{}");
        let old = sign(&previous, None, "9", 5, b"{}");
        assert_eq!(
            both.standard_signature,
            format!("{} {}", alone.standard_signature, old.standard_signature)
        );
        assert_eq!(both.body_signature, alone.body_signature);
        assert_eq!(both.previous_body_signature, Some(old.body_signature));
    }
}
