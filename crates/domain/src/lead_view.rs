//! A lead as its partner reads it: API responses and webhook `lead_details` use this one shape.

use crate::timestamps::display;
use crate::{ReferenceId, Stage};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralType {
    /// Submitted through the partner API.
    ApiLead,
    /// Entered by the platform's staff.
    ManualLead,
    /// A visit through the partner's tracking link.
    Traffic,
}

impl ReferralType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ApiLead => "api_lead",
            Self::ManualLead => "manual_lead",
            Self::Traffic => "traffic",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeadView {
    pub reference_id: ReferenceId,
    pub referral_type: ReferralType,
    pub stage: Stage,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_name: Option<String>,
    pub residential_street: Option<String>,
    pub residential_city: Option<String>,
    pub residential_state: Option<String>,
    pub residential_zip: Option<String>,
    pub funding_type: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl LeadView {
    /// The lead object of `GET /leads` and webhook `lead_details`.
    pub fn lead_json(&self) -> Value {
        self.json(false)
    }

    /// The referral object of `GET /referrals/{id}`: the lead with its `referral_type`.
    pub fn referral_json(&self) -> Value {
        self.json(true)
    }

    /// Traffic referrals are visitors, not partner-submitted leads: for their privacy only
    /// the last-name initial is shown, and email, phone and address are left out.
    fn json(&self, with_referral_type: bool) -> Value {
        let traffic = self.referral_type == ReferralType::Traffic;
        let mut object = Map::new();
        object.insert("reference_id".into(), json!(self.reference_id.to_string()));
        if with_referral_type {
            object.insert("referral_type".into(), json!(self.referral_type.as_str()));
        }
        object.insert("first_name".into(), json!(self.first_name));
        if traffic {
            let initial: String = self.last_name.chars().take(1).collect();
            let shown = if initial.is_empty() {
                initial
            } else {
                format!("{initial}.")
            };
            object.insert("last_name".into(), json!(shown));
            object.insert(
                "company_name".into(),
                json!(self.company_name.as_deref().unwrap_or("")),
            );
        } else {
            object.insert("last_name".into(), json!(self.last_name));
            object.insert("email".into(), json!(self.email));
            object.insert("phone".into(), json!(self.phone));
            object.insert("company_name".into(), json!(self.company_name));
            object.insert("residential_street".into(), json!(self.residential_street));
            object.insert("residential_city".into(), json!(self.residential_city));
            object.insert("residential_state".into(), json!(self.residential_state));
            object.insert("residential_zip".into(), json!(self.residential_zip));
        }
        object.insert("funding_type".into(), json!(self.funding_type));
        object.insert("status".into(), json!(self.stage.coarse().as_str()));
        object.insert(
            "application_status".into(),
            json!(self.stage.application_status().map(Stage::as_str)),
        );
        object.insert(
            "effective_status".into(),
            json!(self.stage.effective_status().as_str()),
        );
        object.insert("created_at".into(), json!(display(self.created_at)));
        object.insert("updated_at".into(), json!(display(self.updated_at)));
        Value::Object(object)
    }
}
