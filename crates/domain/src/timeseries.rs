//! Periods of a time series: UTC days, ISO weeks (Monday first, as PostgreSQL's
//! `date_trunc('week', ...)`) or calendar months.

use chrono::{Datelike, Days, Months, NaiveDate};

/// The most points one series may have.
pub const MAX_POINTS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Day,
    Week,
    Month,
}

impl Interval {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            "month" => Some(Self::Month),
            _ => None,
        }
    }

    /// The unit's name, as PostgreSQL's `date_trunc` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The first day of the period holding `day`.
    pub fn period_start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => day,
            Self::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Self::Month => day.with_day(1).unwrap_or(day),
        }
    }

    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Day => start.checked_add_days(Days::new(1)),
            Self::Week => start.checked_add_days(Days::new(7)),
            Self::Month => start.checked_add_months(Months::new(1)),
        }
    }

    /// The default range ending on `end`: the last 30 days, 12 weeks or 12 months.
    pub fn default_start(self, end: NaiveDate) -> NaiveDate {
        let earlier = match self {
            Self::Day => end.checked_sub_days(Days::new(29)),
            Self::Week => self.period_start(end).checked_sub_days(Days::new(7 * 11)),
            Self::Month => self.period_start(end).checked_sub_months(Months::new(11)),
        };
        earlier.unwrap_or(end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyPoints;

/// The start of every period from the one holding `start` to the one holding `end`.
pub fn periods(
    interval: Interval,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<NaiveDate>, TooManyPoints> {
    let mut points = Vec::new();
    let mut period = Some(interval.period_start(start));
    while let Some(current) = period.filter(|current| *current <= end) {
        if points.len() == MAX_POINTS {
            return Err(TooManyPoints);
        }
        points.push(current);
        period = interval.next(current);
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_cover_the_range_with_monday_weeks_and_calendar_months() {
        assert_eq!(
            periods(Interval::Day, day("2024-02-28"), day("2024-03-01")),
            Ok(vec![
                day("2024-02-28"),
                day("2024-02-29"),
                day("2024-03-01")
            ])
        );
        // 2024-01-03 is a Wednesday; its week starts Monday 2024-01-01.
        assert_eq!(
            periods(Interval::Week, day("2024-01-03"), day("2024-01-15")),
            Ok(vec![
                day("2024-01-01"),
                day("2024-01-08"),
                day("2024-01-15")
            ])
        );
        assert_eq!(
            periods(Interval::Month, day("2024-01-31"), day("2024-03-01")),
            Ok(vec![
                day("2024-01-01"),
                day("2024-02-01"),
                day("2024-03-01")
            ])
        );
        assert_eq!(
            periods(Interval::Day, day("2024-01-02"), day("2024-01-01")),
            Ok(vec![])
        );
    }

    #[test]
    fn a_thousand_points_is_the_most() {
        let start = day("2020-01-01");
        let end = start + Days::new(999);
        assert_eq!(
            periods(Interval::Day, start, end).map(|p| p.len()),
            Ok(1000)
        );
        assert_eq!(
            periods(Interval::Day, start, end + Days::new(1)),
            Err(TooManyPoints)
        );
    }

    #[test]
    fn default_ranges_end_on_the_given_day() {
        let end = day("2024-06-12");
        assert_eq!(Interval::Day.default_start(end), day("2024-05-14"));
        assert_eq!(
            periods(Interval::Week, Interval::Week.default_start(end), end).map(|p| p.len()),
            Ok(12)
        );
        assert_eq!(Interval::Month.default_start(end), day("2023-07-01"));
    }
}
