//! One delivery attempt: sign, POST, read at most 2 KB of the answer, decide what follows.

use crate::WorkerSettings;
use chrono::{TimeDelta, Utc};
use partnerhub_domain::EventId;
use partnerhub_domain::webhooks::{
    SealError, SecretKeys, WebhookSecret, check_endpoint_url, parse_retry_after, sign,
};
use partnerhub_persistence::webhook_queue::{Claimed, Next, Outcome};
use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use reqwest::{Client, Response, StatusCode};
use std::time::{Duration, Instant};

/// How much of a receiver's answer is kept.
pub const KEPT_RESPONSE_BYTES: usize = 2048;

/// The id receivers de-duplicate by: the event's, the same on every attempt.
pub fn message_id(event_id: EventId) -> String {
    format!("evt_{event_id}")
}

/// What the receiver did, short of a decision.
struct Answer {
    status: Option<StatusCode>,
    retry_after: Option<Duration>,
    body: Option<String>,
    error: Option<String>,
}

pub async fn attempt(
    client: &Client,
    settings: &WorkerSettings,
    claimed: &Claimed,
    claim: i64,
) -> Outcome {
    let attempted_at = Utc::now();
    let started = Instant::now();
    let answer = match check_endpoint_url(&claimed.url, settings.allow_private) {
        Ok(_) => match secrets(&settings.secret_keys, claimed) {
            Ok((secret, previous)) => {
                post(
                    client,
                    claimed,
                    &secret,
                    previous.as_ref(),
                    attempted_at.timestamp(),
                )
                .await
            }
            Err(error) => Answer {
                status: None,
                retry_after: None,
                body: None,
                error: Some(format!("the endpoint's secret cannot be opened: {error}")),
            },
        },
        Err(refused) => Answer {
            status: None,
            retry_after: None,
            body: None,
            error: Some(refused.to_string()),
        },
    };
    let latency_ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
    let next = match answer.status {
        Some(status) if status.is_success() => Next::Succeeded,
        Some(StatusCode::GONE) => Next::Gone,
        _ => {
            let failures = usize::try_from(claimed.failures_in_row).unwrap_or(0) + 1;
            match settings.schedule.delay_after(failures, random_unit()) {
                None => Next::Failed,
                Some(delay) => {
                    let wait = delay.max(answer.retry_after.unwrap_or_default());
                    Next::RetryAt(Utc::now() + TimeDelta::from_std(wait).unwrap_or(TimeDelta::MAX))
                }
            }
        }
    };
    Outcome {
        delivery_id: claimed.delivery_id,
        endpoint_id: claimed.endpoint_id,
        claim,
        attempted_at,
        response_status: answer.status.map(|status| i32::from(status.as_u16())),
        response_body: answer.body,
        error: answer.error,
        latency_ms,
        next,
    }
}

/// The endpoint's secret and the rotated-out one still signing, opened.
fn secrets(
    keys: &SecretKeys,
    claimed: &Claimed,
) -> Result<(WebhookSecret, Option<WebhookSecret>), SealError> {
    let secret = WebhookSecret::from_stored(keys.open(&claimed.secret)?);
    let previous = claimed
        .previous_secret
        .as_deref()
        .map(|previous| keys.open(previous).map(WebhookSecret::from_stored))
        .transpose()?;
    Ok((secret, previous))
}

async fn post(
    client: &Client,
    claimed: &Claimed,
    secret: &WebhookSecret,
    previous: Option<&WebhookSecret>,
    timestamp: i64,
) -> Answer {
    let id = message_id(claimed.event_id);
    let signed = sign(secret, previous, &id, timestamp, claimed.body.as_bytes());
    let mut request = client
        .post(&claimed.url)
        .header(CONTENT_TYPE, "application/json")
        .header("X-Webhook-Event", &claimed.event_type)
        .header("X-Webhook-Signature", &signed.body_signature)
        .header("webhook-id", &id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", &signed.standard_signature);
    if let Some(previous) = &signed.previous_body_signature {
        request = request.header("X-Webhook-Signature-Previous", previous);
    }
    match request.body(claimed.body.clone()).send().await {
        Ok(response) => read_answer(response).await,
        Err(error) => Answer {
            status: None,
            retry_after: None,
            body: None,
            error: Some(describe(&error)),
        },
    }
}

async fn read_answer(mut response: Response) -> Answer {
    let status = response.status();
    let retry_after = retry_after(response.headers());
    let mut kept = Vec::new();
    let mut error = None;
    while kept.len() < KEPT_RESPONSE_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(failure) => {
                error = Some(describe(&failure));
                break;
            }
        }
    }
    // A body cut short by the timeout is no success: the answer did not arrive in time.
    let status = if error.is_some() && status.is_success() {
        None
    } else {
        Some(status)
    };
    Answer {
        status,
        retry_after,
        body: Some(truncated(&kept)),
        error,
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, Utc::now())
}

/// At most [`KEPT_RESPONSE_BYTES`] of the body as text, cut on a character boundary.
fn truncated(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(KEPT_RESPONSE_BYTES)]);
    let mut end = text.len().min(KEPT_RESPONSE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// The error without the URL (it may carry a partner's token), with its causes.
fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else if error.is_redirect() {
        "redirect refused"
    } else {
        "request failed"
    };
    let mut description = kind.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        description.push_str(": ");
        description.push_str(&cause.to_string());
        source = cause.source();
    }
    description
}

/// A uniform draw from [0, 1) for retry jitter.
fn random_unit() -> f64 {
    let mut bytes = [0u8; 4];
    match getrandom::fill(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0),
        Err(_) => 0.5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_bodies_are_cut_to_2_kb_on_a_character_boundary() {
        assert_eq!(truncated(b"ok"), "ok");
        assert_eq!(truncated(&[b'a'; 5000]).len(), 2048);
        let mut bytes = vec![b'a'; 2047];
        bytes.extend_from_slice("é".as_bytes());
        assert_eq!(truncated(&bytes).len(), 2047);
    }

    #[test]
    fn jitter_draws_stay_in_the_unit_interval() {
        for _ in 0..1000 {
            let unit = random_unit();
            assert!((0.0..1.0).contains(&unit));
        }
    }
}
