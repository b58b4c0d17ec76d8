//! Who made a change, as the audit log names them.

use crate::api_key::ApiKey;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The operator API's token.
    Operator,
    /// The `partnerhub` command.
    Cli,
    /// A signed-in person, or an applicant, by email.
    Person(String),
    /// An API key, by its first characters.
    ApiKey(String),
}

impl Actor {
    pub fn api_key(presented: &str) -> Self {
        Self::ApiKey(ApiKey::label(presented))
    }

    pub fn label(&self) -> &str {
        match self {
            Self::Operator => "operator",
            Self::Cli => "cli",
            Self::Person(email) => email,
            Self::ApiKey(label) => label,
        }
    }
}
