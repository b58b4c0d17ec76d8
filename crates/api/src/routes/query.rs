//! Query-string parameters, with 400s that name the parameter.

use crate::error::ApiError;
use actix_web::web;
use chrono::NaiveDate;

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
