use chrono::{DateTime, Utc};
use std::time::Duration;

/// The longest wait a receiver's `Retry-After` can ask for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// How long to wait after each failed attempt; after the last, the delivery has failed.
#[derive(Debug, Clone, PartialEq)]
pub struct RetrySchedule(Vec<Duration>);

impl Default for RetrySchedule {
    /// About 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.
    fn default() -> Self {
        Self::from_secs(&[5, 300, 1800, 7200, 18000, 36000, 36000])
    }
}

impl RetrySchedule {
    pub fn from_secs(delays: &[u64]) -> Self {
        Self(delays.iter().copied().map(Duration::from_secs).collect())
    }

    pub fn new(delays: Vec<Duration>) -> Self {
        Self(delays)
    }

    /// Parses comma-separated seconds, e.g. `5,300,1800` (fractions allowed: `0.2,0.5`).
    pub fn parse(text: &str) -> Option<Self> {
        text.split(',')
            .map(|part| {
                let seconds: f64 = part.trim().parse().ok()?;
                (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
            })
            .collect::<Option<Vec<_>>>()
            .map(Self)
    }

    /// Attempts in all: the first and one per delay.
    pub fn attempts(&self) -> usize {
        self.0.len() + 1
    }

    /// The wait after the `failures`-th failed attempt in a row (1-based), spread by ±20%
    /// with `unit` drawn uniformly from [0, 1); `None` when no attempt is left.
    pub fn delay_after(&self, failures: usize, unit: f64) -> Option<Duration> {
        let base = self.0.get(failures.checked_sub(1)?)?;
        Some(base.mul_f64(0.8 + 0.4 * unit.clamp(0.0, 1.0)))
    }
}

/// A `Retry-After` value, in seconds or as an HTTP date, as a wait from `now` (at most 24 h).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    let wait = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => {
            let at = DateTime::parse_from_rfc2822(value)
                .ok()?
                .with_timezone(&Utc);
            (at - now).to_std().unwrap_or(Duration::ZERO)
        }
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_has_eight_attempts_and_jitters_by_a_fifth() {
        let schedule = RetrySchedule::default();
        assert_eq!(schedule.attempts(), 8);
        assert_eq!(schedule.delay_after(1, 0.0), Some(Duration::from_secs(4)));
        assert_eq!(schedule.delay_after(1, 1.0), Some(Duration::from_secs(6)));
        assert_eq!(schedule.delay_after(2, 0.5), Some(Duration::from_secs(300)));
        assert_eq!(
            schedule.delay_after(7, 0.5),
            Some(Duration::from_secs(36000))
        );
        assert_eq!(schedule.delay_after(8, 0.5), None);
        assert_eq!(schedule.delay_after(0, 0.5), None);
    }

    #[test]
    fn schedules_parse_from_comma_separated_seconds() {
        assert_eq!(
            RetrySchedule::parse("5, 300,1800"),
            Some(RetrySchedule::from_secs(&[5, 300, 1800]))
        );
        assert_eq!(
            RetrySchedule::parse("0.25"),
            Some(RetrySchedule::new(vec![Duration::from_millis(250)]))
        );
        assert_eq!(RetrySchedule::parse("5,x"), None);
        assert_eq!(RetrySchedule::parse("-1"), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:27:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("999999", now),
            Some(Duration::from_secs(86400))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
