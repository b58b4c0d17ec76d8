//! Which visits of a tracking link count as clicks, and how a visitor is recognised without
//! keeping who they are.

use crate::api_key::RandomSourceError;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::sync::LazyLock;

/// A visitor counts once per link within this window.
pub const ONE_CLICK_PER: chrono::Duration = chrono::Duration::hours(1);

/// Crawlers, link-preview fetchers and HTTP libraries, by user agent: the isbot crate's
/// list (omrilotan/isbot's patterns, which include facebookexternalhit, Slackbot,
/// Twitterbot, WhatsApp, Discordbot, TelegramBot, curl and python clients).
static BOTS: LazyLock<isbot::Bots> = LazyLock::new(isbot::Bots::default);

/// Whether a visit with this user agent is a person's: no user agent, or a known bot's,
/// is redirected but never counted.
pub fn counts_as_click(user_agent: Option<&str>) -> bool {
    user_agent
        .map(str::trim)
        .is_some_and(|agent| !agent.is_empty() && !BOTS.is_bot(agent))
}

/// The key of one UTC day's visitor hashes: 32 random bytes, deleted after two days.
#[derive(Clone)]
pub struct VisitorKey(pub [u8; 32]);

impl VisitorKey {
    pub fn generate() -> Result<Self, RandomSourceError> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|error| RandomSourceError(error.to_string()))?;
        Ok(Self(key))
    }
}

/// A visitor of one link: HMAC-SHA256 under the day's key of the link's partner, the client
/// address and the user agent. Without the key, which is deleted, no hash leads back to an
/// address.
pub fn visitor_hash(key: &VisitorKey, partner: i64, address: &str, user_agent: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key.0)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(&partner.to_be_bytes());
    mac.update(address.as_bytes());
    mac.update(&[0]);
    mac.update(user_agent.as_bytes());
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_count_and_bots_and_previews_do_not() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert!(counts_as_click(Some(chrome)));
        assert!(counts_as_click(Some(iphone)));
        for agent in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "Twitterbot/1.0",
            "WhatsApp/2.23.20.0 A",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            "TelegramBot (like TwitterBot)",
            "curl/8.5.0",
            "python-requests/2.31.0",
            "",
            "   ",
        ] {
            assert!(!counts_as_click(Some(agent)), "{agent}");
        }
        assert!(!counts_as_click(None));
    }

    #[test]
    fn a_visitor_hash_depends_on_the_key_the_link_and_the_client() {
        let key = VisitorKey([7; 32]);
        let other_day = VisitorKey([8; 32]);
        let a = visitor_hash(&key, 1, "203.0.113.9", "Firefox");
        assert_eq!(a, visitor_hash(&key, 1, "203.0.113.9", "Firefox"));
        assert_ne!(a, visitor_hash(&other_day, 1, "203.0.113.9", "Firefox"));
        assert_ne!(a, visitor_hash(&key, 2, "203.0.113.9", "Firefox"));
        assert_ne!(a, visitor_hash(&key, 1, "203.0.113.10", "Firefox"));
        assert_ne!(a, visitor_hash(&key, 1, "203.0.113.9", "Chrome"));
    }
}
