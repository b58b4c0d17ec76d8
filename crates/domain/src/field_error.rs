/// A field refused by a rule: `Field 'name' must be 1-200 characters`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Field '{field}' {problem}")]
pub struct FieldError {
    pub field: &'static str,
    /// What is wrong, as a sentence's end: `is required`, `must be ...`.
    pub problem: &'static str,
}

impl FieldError {
    pub const fn new(field: &'static str, problem: &'static str) -> Self {
        Self { field, problem }
    }
}
