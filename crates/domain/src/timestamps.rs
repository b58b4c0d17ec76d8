use chrono::{DateTime, Utc};

/// Lead and referral objects show UTC times as `YYYY-MM-DD HH:MM:SS`, as the seed does.
pub fn display(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}
