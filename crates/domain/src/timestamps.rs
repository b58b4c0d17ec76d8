use chrono::format::{Item, Numeric, Pad};
use chrono::{DateTime, NaiveDate, Utc};

/// `%Y-%m-%d %H:%M:%S`, parsed once rather than on every call.
const DATE_TIME: &[Item<'static>] = &[
    Item::Numeric(Numeric::Year, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Month, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Day, Pad::Zero),
    Item::Literal(" "),
    Item::Numeric(Numeric::Hour, Pad::Zero),
    Item::Literal(":"),
    Item::Numeric(Numeric::Minute, Pad::Zero),
    Item::Literal(":"),
    Item::Numeric(Numeric::Second, Pad::Zero),
];

/// `%Y%m%d`, parsed once.
const COMPACT_DATE: &[Item<'static>] = &[
    Item::Numeric(Numeric::Year, Pad::Zero),
    Item::Numeric(Numeric::Month, Pad::Zero),
    Item::Numeric(Numeric::Day, Pad::Zero),
];

/// Lead and referral objects show UTC times as `YYYY-MM-DD HH:MM:SS`, as the seed does.
pub fn display(at: DateTime<Utc>) -> String {
    at.format_with_items(DATE_TIME.iter()).to_string()
}

/// `YYYYMMDD`, as in a reference id.
pub fn compact_date(day: NaiveDate) -> impl std::fmt::Display {
    day.format_with_items(COMPACT_DATE.iter())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_as_the_format_strings_do() {
        for at in [
            Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
            Utc.with_ymd_and_hms(987, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(12345, 6, 7, 0, 0, 0).unwrap(),
        ] {
            assert_eq!(display(at), at.format("%Y-%m-%d %H:%M:%S").to_string());
            let day = at.date_naive();
            assert_eq!(
                compact_date(day).to_string(),
                day.format("%Y%m%d").to_string()
            );
        }
    }
}
