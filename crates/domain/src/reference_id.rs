use crate::LeadId;
use crate::timestamps::compact_date;
use chrono::{DateTime, NaiveDate, Utc};
use std::fmt;

/// `YYYYMMDD-<lead id>`: the lead's UTC creation date and its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceId {
    pub created_on: NaiveDate,
    pub lead_id: LeadId,
}

impl ReferenceId {
    pub fn new(lead_id: LeadId, created_at: DateTime<Utc>) -> Self {
        Self {
            created_on: created_at.date_naive(),
            lead_id,
        }
    }

    /// `None` for anything that is not a well-formed reference id.
    pub fn parse(value: &str) -> Option<Self> {
        let (date, id) = value.split_once('-')?;
        if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let created_on = NaiveDate::parse_from_str(date, "%Y%m%d").ok()?;
        let lead_id = id.parse::<i64>().ok().filter(|id| *id > 0)?;
        Some(Self {
            created_on,
            lead_id: LeadId::new(lead_id),
        })
    }
}

impl fmt::Display for ReferenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", compact_date(self.created_on), self.lead_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_and_parses_round_trip() {
        let at = Utc.with_ymd_and_hms(2024, 1, 15, 10, 30, 0).single();
        let id = ReferenceId::new(LeadId::new(123), at.unwrap_or_default());
        assert_eq!(id.to_string(), "20240115-123");
        assert_eq!(ReferenceId::parse("20240115-123"), Some(id));
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in [
            "",
            "123",
            "20240115",
            "20240115-",
            "2024011-1",
            "20241315-1",
            "20240115-0",
            "20240115--1",
            "20240115-1a",
            "abcdefgh-1",
            "20240115-99999999999999999999",
        ] {
            assert_eq!(ReferenceId::parse(bad), None, "{bad}");
        }
    }
}
