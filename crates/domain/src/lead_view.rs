//! A lead as its partner reads it: API responses and webhook `lead_details` use this one shape.

use crate::timestamps::display;
use crate::{ReferenceId, Stage};
use chrono::{DateTime, Utc};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "diesel",
    derive(diesel_derive_enum::DbEnum),
    ExistingTypePath = "crate::sql_types::ReferralType"
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// Borrowed from the stored row: building one copies nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadView<'a> {
    pub reference_id: ReferenceId,
    pub referral_type: ReferralType,
    pub stage: Stage,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub company_name: Option<&'a str>,
    pub residential_street: Option<&'a str>,
    pub residential_city: Option<&'a str>,
    pub residential_state: Option<&'a str>,
    pub residential_zip: Option<&'a str>,
    pub funding_type: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Submitted with a test key: seen only by test calls, never counted, never earning.
    pub test: bool,
}

impl<'a> LeadView<'a> {
    /// The lead object of `GET /leads` and webhook `lead_details`.
    pub fn as_lead(&self) -> LeadJson<'_, 'a> {
        LeadJson {
            view: self,
            with_referral_type: false,
        }
    }

    /// The referral object of `GET /referrals/{id}`: the lead with its `referral_type`.
    pub fn as_referral(&self) -> LeadJson<'_, 'a> {
        LeadJson {
            view: self,
            with_referral_type: true,
        }
    }

    /// Traffic referrals are visitors, not partner-submitted leads: for their privacy only
    /// the last-name initial is shown, and email, phone and address are left out.
    pub fn is_visitor(&self) -> bool {
        self.referral_type == ReferralType::Traffic
    }

    /// The last name as the partner may see it: a visitor's initial (`S.`), else the name.
    pub fn last_name_shown(&self) -> Cow<'a, str> {
        if !self.is_visitor() {
            return Cow::Borrowed(self.last_name);
        }
        match self.last_name.chars().next() {
            Some(initial) => Cow::Owned(format!("{initial}.")),
            None => Cow::Borrowed(""),
        }
    }

    pub fn referral_json(&self) -> Value {
        serde_json::to_value(self.as_referral()).unwrap_or_default()
    }
}

/// The JSON shape of a lead, written straight to the output.
pub struct LeadJson<'v, 'a> {
    view: &'v LeadView<'a>,
    with_referral_type: bool,
}

impl Serialize for LeadJson<'_, '_> {
    /// A visitor's referral keeps its privacy ([`LeadView::is_visitor`]).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let lead = self.view;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("reference_id", &lead.reference_id.to_string())?;
        if self.with_referral_type {
            map.serialize_entry("referral_type", lead.referral_type.as_str())?;
        }
        map.serialize_entry("first_name", lead.first_name)?;
        if lead.is_visitor() {
            map.serialize_entry("last_name", &lead.last_name_shown())?;
            map.serialize_entry("company_name", lead.company_name.unwrap_or(""))?;
        } else {
            map.serialize_entry("last_name", lead.last_name)?;
            map.serialize_entry("email", &lead.email)?;
            map.serialize_entry("phone", &lead.phone)?;
            map.serialize_entry("company_name", &lead.company_name)?;
            map.serialize_entry("residential_street", &lead.residential_street)?;
            map.serialize_entry("residential_city", &lead.residential_city)?;
            map.serialize_entry("residential_state", &lead.residential_state)?;
            map.serialize_entry("residential_zip", &lead.residential_zip)?;
        }
        map.serialize_entry("funding_type", &lead.funding_type)?;
        map.serialize_entry("status", lead.stage.coarse().as_str())?;
        map.serialize_entry(
            "application_status",
            &lead.stage.application_status().map(Stage::as_str),
        )?;
        map.serialize_entry("effective_status", lead.stage.effective_status().as_str())?;
        map.serialize_entry("created_at", &display(lead.created_at))?;
        map.serialize_entry("updated_at", &display(lead.updated_at))?;
        map.end()
    }
}
