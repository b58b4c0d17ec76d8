use std::collections::HashMap;

/// The funding types a lead may name right now, matched without regard to case.
#[derive(Debug, Clone, Default)]
pub struct AcceptedFundingTypes {
    by_lowercase_name: HashMap<String, String>,
}

impl AcceptedFundingTypes {
    pub fn new<I: IntoIterator<Item = String>>(active_names: I) -> Self {
        let by_lowercase_name = active_names
            .into_iter()
            .map(|name| (name.to_lowercase(), name))
            .collect();
        Self { by_lowercase_name }
    }

    /// The canonical spelling of `name` when it is an active funding type.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.by_lowercase_name
            .get(&name.to_lowercase())
            .map(String::as_str)
    }
}
