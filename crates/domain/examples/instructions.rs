//! The work of two hot paths, N times, for `scripts/instructions.sh` to count under
//! callgrind (instructions are repeatable whatever else the machine does):
//!   instructions validate N   validates the seed's body N times
//!   instructions webhook N    builds a lead.status_changed payload and signs it, N times
//! N = 0 measures the program's fixed cost, which the script subtracts.

use chrono::{TimeZone, Utc};
use partnerhub_domain::events::lead_status_changed_body;
use partnerhub_domain::lead::{ValidationContext, validate};
use partnerhub_domain::webhooks::{WebhookSecret, sign};
use partnerhub_domain::{AcceptedFundingTypes, LeadId, LeadView, ReferenceId, ReferralType, Stage};
use serde_json::{Map, Value};
use std::hint::black_box;

const SEED_BODY: &str = r#"{"first_name":"John","last_name":"Doe","date_of_birth":"1985-03-15",
  "email":"john@example.com","phone":"5551234567","company_name":"Example Corp",
  "residential_street":"123 Main St","residential_city":"Los Angeles","residential_state":"CA",
  "residential_zip":"90001","notes":"Optional notes","funding_type":"Term Loan",
  "utm_source":"my-website","utm_medium":"api","utm_campaign":"q1-leads"}"#;

fn validate_seed(times: u64) {
    let body: Map<String, Value> = serde_json::from_str(SEED_BODY).unwrap_or_default();
    let funding_types = AcceptedFundingTypes::new(["Term Loan".to_string()]);
    let now = Utc
        .with_ymd_and_hms(2026, 12, 2, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let context = ValidationContext {
        lead_handling: None,
        funding_types: &funding_types,
        now,
    };
    for _ in 0..times {
        black_box(validate(black_box(&body), &context));
    }
}

fn build_and_sign(times: u64) {
    let at = Utc
        .with_ymd_and_hms(2026, 12, 2, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let secret = WebhookSecret::from_stored("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_string());
    let lead = LeadView {
        reference_id: ReferenceId::new(LeadId::new(4242), at),
        referral_type: ReferralType::ApiLead,
        stage: Stage::InUnderwriting,
        first_name: "John",
        last_name: "Doe",
        email: Some("john@example.com"),
        phone: Some("5551234567"),
        company_name: Some("Example Corp"),
        residential_street: Some("123 Main St"),
        residential_city: Some("Los Angeles"),
        residential_state: Some("CA"),
        residential_zip: Some("90001"),
        funding_type: Some("Term Loan"),
        created_at: at,
        updated_at: at,
        test: false,
    };
    for _ in 0..times {
        let body = lead_status_changed_body(Some(Stage::Lead), black_box(&lead), at);
        black_box(sign(
            &secret,
            None,
            "evt_4242",
            at.timestamp(),
            body.as_bytes(),
        ));
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_default();
    let times: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    match what.as_str() {
        "validate" => validate_seed(times),
        "webhook" => build_and_sign(times),
        _ => {
            eprintln!("usage: instructions validate|webhook N");
            std::process::exit(2);
        }
    }
}
