use chrono::format::{Item, Numeric, Pad};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

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
/// Written digit by digit: a page of 100 leads shows 200 of them, and chrono's formatter
/// cost about 2,300 instructions more for each.
pub fn display(at: DateTime<Utc>) -> String {
    let (date, time) = (at.date_naive(), at.time());
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return at.format_with_items(DATE_TIME.iter()).to_string();
    }
    // A leap second shows as :60, as chrono's %S does.
    let second = time.second() + time.nanosecond() / 1_000_000_000;
    let mut text = String::with_capacity(19);
    push_digits(&mut text, year.unsigned_abs(), 4);
    text.push('-');
    push_digits(&mut text, date.month(), 2);
    text.push('-');
    push_digits(&mut text, date.day(), 2);
    text.push(' ');
    push_digits(&mut text, time.hour(), 2);
    text.push(':');
    push_digits(&mut text, time.minute(), 2);
    text.push(':');
    push_digits(&mut text, second, 2);
    text
}

fn push_digits(text: &mut String, value: u32, width: u32) {
    // A String takes every write.
    let _ = write_digits(text, value, width);
}

/// `value`'s last `width` decimal digits, zero-padded.
pub fn write_digits(out: &mut impl std::fmt::Write, value: u32, width: u32) -> std::fmt::Result {
    for place in (0..width).rev() {
        let digit = value / 10u32.pow(place) % 10;
        out.write_char(char::from(b'0' + digit as u8))?;
    }
    Ok(())
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
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-44, 3, 15, 12, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            // A leap second.
            NaiveDate::from_ymd_opt(2016, 12, 31)
                .and_then(|day| day.and_hms_milli_opt(23, 59, 59, 1_500))
                .unwrap()
                .and_utc(),
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
