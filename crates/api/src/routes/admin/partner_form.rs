//! The partner fields an operator sends, read from the body and checked by the domain's
//! rules (the CLI applies the same ones).

use crate::error::ApiError;
use crate::fields::Fields;
use partnerhub_domain::partner::{self, FieldError};
use partnerhub_domain::{LeadHandling, PartnerStatus};
use partnerhub_persistence::partners::PartnerChanges;
use serde_json::Value;

pub fn name(fields: &Fields) -> Result<Option<String>, ApiError> {
    Ok(fields.str("name")?.map(partner::partner_name).transpose()?)
}

pub fn email(fields: &Fields) -> Result<String, ApiError> {
    Ok(partner::partner_email(
        fields.str("email")?.unwrap_or_default(),
    )?)
}

pub fn lead_handling(fields: &Fields, field: &str) -> Result<Option<LeadHandling>, ApiError> {
    fields
        .str(field)?
        .map(|value| {
            LeadHandling::parse(value).ok_or_else(|| {
                ApiError::invalid_field(
                    field,
                    "Field 'lead_handling' must be full_management, funding_only or null",
                )
            })
        })
        .transpose()
}

pub fn status(fields: &Fields) -> Result<Option<PartnerStatus>, ApiError> {
    fields
        .str("status")?
        .map(|value| {
            PartnerStatus::parse(value).ok_or_else(|| {
                ApiError::invalid_field(
                    "status",
                    "Field 'status' must be pending, active, suspended or inactive",
                )
            })
        })
        .transpose()
}

fn rate_limit(fields: &Fields) -> Result<Option<i32>, ApiError> {
    Ok(fields
        .i64("rate_limit_per_hour")?
        .map(partner::rate_limit_per_hour)
        .transpose()?)
}

fn commission_plan(fields: &Fields) -> Result<Option<Vec<i32>>, ApiError> {
    let Some(levels) = fields.array("commission_plan")? else {
        return Ok(None);
    };
    let levels: Vec<Option<i64>> = levels.iter().map(Value::as_i64).collect();
    Ok(Some(partner::commission_plan(&levels)?))
}

fn landing_url(fields: &Fields) -> Result<Option<String>, ApiError> {
    Ok(fields
        .str("landing_url")?
        .map(partner::landing_url)
        .transpose()?)
}

fn hold_days(fields: &Fields, field: &str) -> Result<Option<i32>, ApiError> {
    Ok(fields
        .i64(field)?
        .map(partner::commission_hold_days)
        .transpose()?)
}

fn phone(fields: &Fields, field: &str) -> Result<Option<String>, ApiError> {
    Ok(fields.str(field)?.map(partner::partner_phone).transpose()?)
}

/// Every changeable field; absent fields stay as they are, nulls clear nullable ones.
pub fn changes(fields: &Fields) -> Result<PartnerChanges, ApiError> {
    // A name cannot be cleared: null is checked as an empty name, and refused.
    let name = match fields.0.get("name") {
        Some(Value::Null) => Some(partner::partner_name("")?),
        _ => name(fields)?,
    };
    Ok(PartnerChanges {
        name,
        status: status(fields)?,
        parent_partner_id: fields.nullable("parent_partner_id", Fields::i64)?,
        lead_handling: fields.nullable("lead_handling", lead_handling)?,
        rate_limit_per_hour: rate_limit(fields)?,
        commission_plan_bps: commission_plan(fields)?,
        landing_url: fields.nullable("landing_url", |fields, _| landing_url(fields))?,
        commission_hold_days: fields.nullable("commission_hold_days", hold_days)?,
        phone: fields.nullable("phone", phone)?,
    })
}

impl From<FieldError> for ApiError {
    fn from(error: FieldError) -> Self {
        ApiError::invalid_field(error.field, error.to_string())
    }
}
