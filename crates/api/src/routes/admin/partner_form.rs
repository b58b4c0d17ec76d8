//! The partner fields an operator sends, checked.

use crate::error::ApiError;
use crate::fields::Fields;
use partnerhub_domain::lead::{is_http_url, is_valid_email};
use partnerhub_domain::{LeadHandling, PartnerStatus};
use partnerhub_persistence::enums::{DbLeadHandling, DbPartnerStatus};
use partnerhub_persistence::partners::PartnerChanges;

pub fn name(fields: &Fields) -> Result<Option<String>, ApiError> {
    match fields.str("name")? {
        None => Ok(None),
        Some(name) if (1..=200).contains(&name.chars().count()) => Ok(Some(name.to_string())),
        Some(_) => Err(ApiError::invalid_field(
            "name",
            "Field 'name' must be 1-200 characters",
        )),
    }
}

pub fn email(fields: &Fields) -> Result<String, ApiError> {
    let email = fields.required_str("email")?;
    if is_valid_email(email) {
        Ok(email.to_string())
    } else {
        Err(ApiError::invalid_field(
            "email",
            "Field 'email' must be a valid email address",
        ))
    }
}

fn lead_handling(fields: &Fields, field: &str) -> Result<Option<DbLeadHandling>, ApiError> {
    fields
        .str(field)?
        .map(|value| {
            LeadHandling::parse(value)
                .map(DbLeadHandling::from)
                .ok_or_else(|| {
                    ApiError::invalid_field(
                        field,
                        "Field 'lead_handling' must be full_management, funding_only or null",
                    )
                })
        })
        .transpose()
}

pub fn status(fields: &Fields) -> Result<Option<DbPartnerStatus>, ApiError> {
    fields
        .str("status")?
        .map(|value| {
            PartnerStatus::parse(value)
                .map(DbPartnerStatus::from)
                .ok_or_else(|| {
                    ApiError::invalid_field(
                        "status",
                        "Field 'status' must be pending, active, suspended or inactive",
                    )
                })
        })
        .transpose()
}

fn rate_limit(fields: &Fields) -> Result<Option<i32>, ApiError> {
    fields
        .i64("rate_limit_per_hour")?
        .map(|limit| {
            i32::try_from(limit)
                .ok()
                .filter(|limit| *limit >= 1)
                .ok_or_else(|| {
                    ApiError::invalid_field(
                        "rate_limit_per_hour",
                        "Field 'rate_limit_per_hour' must be a whole number from 1 to 2147483647",
                    )
                })
        })
        .transpose()
}

/// Up to three levels, level 1 first, each in basis points (500 = 5%).
fn commission_plan(fields: &Fields) -> Result<Option<Vec<i32>>, ApiError> {
    let invalid = || {
        ApiError::invalid_field(
            "commission_plan",
            "Field 'commission_plan' must be an array of up to 3 basis-point integers from 0 to 10000",
        )
    };
    let Some(levels) = fields.array("commission_plan")? else {
        return Ok(None);
    };
    if levels.len() > 3 {
        return Err(invalid());
    }
    levels
        .iter()
        .map(|level| {
            level
                .as_i64()
                .filter(|bps| (0..=10_000).contains(bps))
                .map(|bps| bps as i32)
                .ok_or_else(invalid)
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn landing_url(fields: &Fields) -> Result<Option<String>, ApiError> {
    fields
        .str("landing_url")?
        .map(|url| {
            is_http_url(url).then(|| url.to_string()).ok_or_else(|| {
                ApiError::invalid_field(
                    "landing_url",
                    "Field 'landing_url' must be an absolute http or https URL",
                )
            })
        })
        .transpose()
}

/// Every changeable field; absent fields stay as they are, nulls clear nullable ones.
pub fn changes(fields: &Fields) -> Result<PartnerChanges, ApiError> {
    if fields.0.get("name").is_some_and(|v| v.is_null()) {
        return Err(ApiError::invalid_field(
            "name",
            "Field 'name' must be 1-200 characters",
        ));
    }
    Ok(PartnerChanges {
        name: name(fields)?,
        status: status(fields)?,
        parent_partner_id: fields.nullable("parent_partner_id", Fields::i64)?,
        lead_handling: fields.nullable("lead_handling", lead_handling)?,
        rate_limit_per_hour: rate_limit(fields)?,
        commission_plan_bps: commission_plan(fields)?,
        landing_url: fields.nullable("landing_url", |fields, _| landing_url(fields))?,
    })
}
