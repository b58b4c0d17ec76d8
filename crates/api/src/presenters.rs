//! JSON shapes of stored rows, as the seed documents them.

use partnerhub_domain::timestamps::display;
use partnerhub_domain::{Cents, Stage};
use partnerhub_persistence::leads::Lead;
use partnerhub_persistence::quotes::Quote;
use serde::Serialize;

#[derive(Serialize)]
pub struct LeadJson<'a> {
    pub reference_id: String,
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
    pub status: &'static str,
    pub application_status: Option<&'static str>,
    pub effective_status: &'static str,
    pub created_at: String,
    pub updated_at: String,
}

impl<'a> From<&'a Lead> for LeadJson<'a> {
    fn from(lead: &'a Lead) -> Self {
        let stage: Stage = lead.stage();
        Self {
            reference_id: lead.reference_id().to_string(),
            first_name: &lead.first_name,
            last_name: &lead.last_name,
            email: lead.email.as_deref(),
            phone: lead.phone.as_deref(),
            company_name: lead.company_name.as_deref(),
            residential_street: lead.residential_street.as_deref(),
            residential_city: lead.residential_city.as_deref(),
            residential_state: lead.residential_state.as_deref(),
            residential_zip: lead.residential_zip.as_deref(),
            funding_type: lead.funding_type.as_deref(),
            status: stage.coarse().as_str(),
            application_status: stage.application_status().map(Stage::as_str),
            effective_status: stage.effective_status().as_str(),
            created_at: display(lead.created_at),
            updated_at: display(lead.updated_at),
        }
    }
}

#[derive(Serialize)]
pub struct QuoteJson<'a> {
    pub quote_type: &'a str,
    pub amount: Option<Cents>,
    pub status: &'static str,
    pub quote_group_status: Option<&'static str>,
}

impl<'a> QuoteJson<'a> {
    pub fn new(quote: &'a Quote, lead: &Lead) -> Self {
        Self {
            quote_type: &quote.quote_type,
            amount: quote.amount_cents.map(Cents),
            status: quote.status.as_str(),
            quote_group_status: lead.quote_group_status.map(|status| status.as_str()),
        }
    }
}
