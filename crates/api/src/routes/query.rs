//! Query-string parameters, with 400s that name the parameter.

use crate::error::ApiError;
use actix_web::web;
use chrono::NaiveDate;
use partnerhub_domain::timeseries::{self, Interval};
use std::ops::AddAssign;

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

impl SeriesQuery {
    /// Every period with the sum of the values of its days (`days` oldest first; a day may
    /// come more than once, days without a value may be absent): one walk over both.
    pub fn sum_by_period<'a, T: Default + AddAssign + 'a>(
        &'a self,
        days: Vec<(NaiveDate, T)>,
    ) -> impl Iterator<Item = (NaiveDate, T)> + 'a {
        let mut days = days.into_iter().peekable();
        let mut starts = self.periods.iter().peekable();
        std::iter::from_fn(move || {
            let start = *starts.next()?;
            let next = starts.peek().copied();
            let mut total = T::default();
            while let Some((_, value)) = days.next_if(|(day, _)| next.is_none_or(|next| day < next))
            {
                total += value;
            }
            Some((start, total))
        })
    }
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

/// The value of parameter `name`, if sent.
pub fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// An id parameter (`partner_id`), if sent.
pub fn optional_id(pairs: &[(String, String)], name: &str) -> Result<Option<i64>, ApiError> {
    value(pairs, name)
        .map(|text| bounded(name, text, 1, i64::MAX))
        .transpose()
}

/// `true` or `false`, if sent.
pub fn optional_bool(pairs: &[(String, String)], name: &str) -> Result<Option<bool>, ApiError> {
    value(pairs, name)
        .map(|text| match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(ApiError::invalid_parameter(
                name,
                format!("Invalid {name}: expected true or false"),
            )),
        })
        .transpose()
}

/// A search text (`q`), trimmed, up to 200 characters; blank is none.
pub fn search(pairs: &[(String, String)]) -> Result<Option<String>, ApiError> {
    match value(pairs, "q").map(str::trim).filter(|q| !q.is_empty()) {
        None => Ok(None),
        Some(q) if q.chars().count() <= 200 => Ok(Some(q.to_string())),
        Some(_) => Err(ApiError::invalid_parameter(
            "q",
            "Invalid q: at most 200 characters",
        )),
    }
}

/// One of an enum's values (`status`), if sent; else a 400 listing them.
pub fn optional_choice<T: Copy>(
    pairs: &[(String, String)],
    name: &str,
    choices: &[(&str, T)],
) -> Result<Option<T>, ApiError> {
    let Some(text) = value(pairs, name) else {
        return Ok(None);
    };
    choices
        .iter()
        .find(|(label, _)| *label == text)
        .map(|(_, choice)| Some(*choice))
        .ok_or_else(|| {
            let allowed: Vec<&str> = choices.iter().map(|(label, _)| *label).collect();
            ApiError::invalid_parameter(
                name,
                format!("Invalid {name}: allowed values are {}", allowed.join(", ")),
            )
        })
}

/// `page` and `per_page` as the listings take them.
pub fn paging(pairs: &[(String, String)]) -> Result<partnerhub_persistence::leads::Page, ApiError> {
    let (number, per_page) = page(pairs)?;
    Ok(partnerhub_persistence::leads::Page { number, per_page })
}

/// A text parameter, trimmed, of at most `max` characters; blank is none.
pub fn text(
    pairs: &[(String, String)],
    name: &str,
    max: usize,
) -> Result<Option<String>, ApiError> {
    match value(pairs, name)
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        None => Ok(None),
        Some(text) if text.chars().count() <= max => Ok(Some(text.to_string())),
        Some(_) => Err(ApiError::invalid_parameter(
            name,
            format!("Invalid {name}: at most {max} characters"),
        )),
    }
}
