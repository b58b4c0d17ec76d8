use super::NewLead;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

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
            map.serialize_entry(entry.field, entry)?;
        }
        map.end()
    }
}
