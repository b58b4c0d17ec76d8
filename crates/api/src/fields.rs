//! Reading typed fields from a JSON object body, with 400s that name the field.

use crate::error::ApiError;
use serde_json::{Map, Value};

pub struct Fields(pub Map<String, Value>);

fn wrong(field: &str, expected: &str) -> ApiError {
    ApiError::invalid_field(field, format!("Field '{field}' must be {expected}"))
}

impl Fields {
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// The first field sent that is none of `known`.
    pub fn unknown(&self, known: &[&str]) -> Option<&str> {
        self.0
            .keys()
            .map(String::as_str)
            .find(|name| !known.contains(name))
    }

    /// Absent and null are `None`.
    pub fn str(&self, field: &str) -> Result<Option<&str>, ApiError> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.trim())),
            Some(_) => Err(wrong(field, "a string")),
        }
    }

    /// A required string taken exactly as sent, spaces included (passwords).
    pub fn required_untrimmed(&self, field: &str) -> Result<&str, ApiError> {
        match self.0.get(field) {
            Some(Value::String(text)) if !text.is_empty() => Ok(text),
            None | Some(Value::Null | Value::String(_)) => Err(ApiError::invalid_field(
                field,
                format!("Field '{field}' is required"),
            )),
            Some(_) => Err(wrong(field, "a string")),
        }
    }

    pub fn required_str(&self, field: &str) -> Result<&str, ApiError> {
        self.str(field)?
            .filter(|text| !text.is_empty())
            .ok_or_else(|| ApiError::invalid_field(field, format!("Field '{field}' is required")))
    }

    pub fn i64(&self, field: &str) -> Result<Option<i64>, ApiError> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_i64()
                .map(Some)
                .ok_or_else(|| wrong(field, "a whole number")),
        }
    }

    pub fn f64(&self, field: &str) -> Result<Option<f64>, ApiError> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_f64()
                .map(Some)
                .ok_or_else(|| wrong(field, "a number")),
        }
    }

    pub fn bool(&self, field: &str) -> Result<Option<bool>, ApiError> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(_) => Err(wrong(field, "true or false")),
        }
    }

    pub fn array(&self, field: &str) -> Result<Option<&Vec<Value>>, ApiError> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(wrong(field, "an array")),
        }
    }

    /// For PATCH: `None` when absent, `Some(None)` when explicitly null.
    pub fn nullable<T>(
        &self,
        field: &str,
        read: impl FnOnce(&Self, &str) -> Result<Option<T>, ApiError>,
    ) -> Result<Option<Option<T>>, ApiError> {
        match self.0.get(field) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(_) => read(self, field).map(Some),
        }
    }
}
