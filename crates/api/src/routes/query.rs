//! Query-string parameters, with 400s that name the parameter.

use crate::error::ApiError;
use actix_web::web;
use chrono::NaiveDate;
use partnerhub_domain::timeseries::{self, Interval};

pub use crate::bodies::common::Pagination;

pub fn pairs(raw: &str) -> Result<Vec<(String, String)>, ApiError> {
    web::Query::<Vec<(String, String)>>::from_query(raw)
        .map(web::Query::into_inner)
        .map_err(|_| ApiError::invalid_parameter("query", "Query string could not be parsed"))
}

/// A `YYYY-MM-DD` day.
pub fn date(name: &str, value: &str) -> Result<NaiveDate, ApiError> {
    (value.len() == 10)
        .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            ApiError::invalid_parameter(
                name,
                format!("Invalid {name}: expected a date as YYYY-MM-DD"),
            )
        })
}

/// The parameter `name` as a `YYYY-MM-DD` day, if it was sent.
pub fn optional_date(
    pairs: &[(String, String)],
    name: &str,
) -> Result<Option<NaiveDate>, ApiError> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| date(name, value))
        .transpose()
}

/// `start_date` and `end_date`, inclusive, the end not before the start.
pub fn date_range(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ApiError> {
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        return Err(ApiError::invalid_parameter(
            "end_date",
            "Invalid end_date: must not be before start_date",
        ));
    }
    Ok((start, end))
}

pub const DEFAULT_PER_PAGE: i64 = 100;
pub const MAX_PER_PAGE: i64 = 500;

/// A whole number parameter within bounds.
pub fn bounded(name: &str, value: &str, min: i64, max: i64) -> Result<i64, ApiError> {
    value
        .parse::<i64>()
        .ok()
        .filter(|number| (min..=max).contains(number))
        .ok_or_else(|| {
            ApiError::invalid_parameter(
                name,
                format!("Invalid {name}: expected a whole number from {min} to {max}"),
            )
        })
}

/// `page` (default 1) and `per_page` (default 100, at most 500).
pub fn page(pairs: &[(String, String)]) -> Result<(i64, i64), ApiError> {
    let mut page = (1, DEFAULT_PER_PAGE);
    for (name, value) in pairs {
        match name.as_str() {
            "page" => page.0 = bounded(name, value, 1, i64::from(i32::MAX))?,
            "per_page" => page.1 = bounded(name, value, 1, MAX_PER_PAGE)?,
            _ => {}
        }
    }
    Ok(page)
}

/// The parameters of a time series: `interval` (`day`, the default, `week` or `month`) and
/// inclusive `start_date` / `end_date` (default: the last 30 days, 12 weeks or 12 months to
/// today, UTC).
pub struct SeriesQuery {
    pub interval: Interval,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Every period's first day, oldest first.
    pub periods: Vec<NaiveDate>,
}

pub fn series(raw: &str) -> Result<SeriesQuery, ApiError> {
    let pairs = pairs(raw)?;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let interval = match value("interval") {
        None => Interval::Day,
        Some(text) => Interval::parse(text).ok_or_else(|| {
            ApiError::invalid_parameter(
                "interval",
                "Invalid interval: allowed values are day, week, month",
            )
        })?,
    };
    let (start, end) = date_range(
        optional_date(&pairs, "start_date")?,
        optional_date(&pairs, "end_date")?,
    )?;
    let end = end.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let start = start.unwrap_or_else(|| interval.default_start(end).min(end));
    let periods = timeseries::periods(interval, start, end).map_err(|_| {
        ApiError::invalid_parameter(
            "start_date",
            format!(
                "Invalid range: a series has at most {} points; use a shorter range or a longer interval",
                timeseries::MAX_POINTS
            ),
        )
    })?;
    Ok(SeriesQuery {
        interval,
        start,
        end,
        periods,
    })
}
