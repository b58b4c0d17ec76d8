use partnerhub_test_support::fixtures::{seed_validate_example, with};
use partnerhub_test_support::{TestApp, send};
use serde_json::{Value, json};

/// (what changes, the sentence expected in `errors`, the field, its short error)
fn failing_cases() -> Vec<(Value, &'static str, &'static str, &'static str)> {
    let long = |n: usize| "a".repeat(n);
    vec![
        (
            json!({"first_name": null}),
            "Field 'first_name' is required",
            "first_name",
            "This field is required",
        ),
        (
            json!({"first_name": "  "}),
            "Field 'first_name' is required",
            "first_name",
            "This field is required",
        ),
        (
            json!({"first_name": "J"}),
            "Field 'first_name' must be 2-50 characters, letters and spaces only",
            "first_name",
            "Must be 2-50 characters, letters and spaces only",
        ),
        (
            json!({"first_name": long(51)}),
            "Field 'first_name' must be 2-50 characters, letters and spaces only",
            "first_name",
            "Must be 2-50 characters, letters and spaces only",
        ),
        (
            json!({"first_name": "J0hn"}),
            "Field 'first_name' must be 2-50 characters, letters and spaces only",
            "first_name",
            "Must be 2-50 characters, letters and spaces only",
        ),
        (
            json!({"first_name": 42}),
            "Field 'first_name' must be a string",
            "first_name",
            "Must be a string",
        ),
        (
            json!({"last_name": null}),
            "Field 'last_name' is required",
            "last_name",
            "This field is required",
        ),
        (
            json!({"last_name": "Doe!"}),
            "Field 'last_name' must be 2-50 characters, letters and spaces only",
            "last_name",
            "Must be 2-50 characters, letters and spaces only",
        ),
        (
            json!({"date_of_birth": null}),
            "Field 'date_of_birth' is required",
            "date_of_birth",
            "This field is required",
        ),
        (
            json!({"date_of_birth": "03/15/1985"}),
            "Field 'date_of_birth' must be a valid date in YYYY-MM-DD format",
            "date_of_birth",
            "Must be a valid date in YYYY-MM-DD format",
        ),
        (
            json!({"date_of_birth": "1985-02-30"}),
            "Field 'date_of_birth' must be a valid date in YYYY-MM-DD format",
            "date_of_birth",
            "Must be a valid date in YYYY-MM-DD format",
        ),
        (
            json!({"date_of_birth": "2999-01-01"}),
            "Field 'date_of_birth' must be a valid date in YYYY-MM-DD format",
            "date_of_birth",
            "Must not be in the future",
        ),
        (
            json!({"date_of_birth": "1850-01-01"}),
            "Field 'date_of_birth' must be a valid date in YYYY-MM-DD format",
            "date_of_birth",
            "Must not be more than 120 years ago",
        ),
        (
            json!({"email": "john@"}),
            "Field 'email' must be a valid email address",
            "email",
            "Must be a valid email address",
        ),
        (
            json!({"email": format!("{}@example.com", long(250))}),
            "Field 'email' must be a valid email address",
            "email",
            "Must be a valid email address",
        ),
        (
            json!({"phone": "555123456"}),
            "Field 'phone' must be exactly 10 digits",
            "phone",
            "Must be exactly 10 digits",
        ),
        (
            json!({"phone": "555-CALL-NOW"}),
            "Field 'phone' must be exactly 10 digits",
            "phone",
            "Must be exactly 10 digits",
        ),
        (
            json!({"company_name": long(101)}),
            "Field 'company_name' must be at most 100 characters",
            "company_name",
            "Must be at most 100 characters",
        ),
        (
            json!({"residential_street": null}),
            "Residential address: Street is required",
            "residential_street",
            "This field is required",
        ),
        (
            json!({"residential_street": long(256)}),
            "Field 'residential_street' must be at most 255 characters",
            "residential_street",
            "Must be at most 255 characters",
        ),
        (
            json!({"residential_city": null}),
            "Residential address: City is required",
            "residential_city",
            "This field is required",
        ),
        (
            json!({"residential_city": long(101)}),
            "Field 'residential_city' must be at most 100 characters",
            "residential_city",
            "Must be at most 100 characters",
        ),
        (
            json!({"residential_state": null}),
            "Residential address: State is required",
            "residential_state",
            "This field is required",
        ),
        (
            json!({"residential_state": "XX"}),
            "Field 'residential_state' must be a valid 2-letter US state code",
            "residential_state",
            "Must be a valid 2-letter US state code",
        ),
        (
            json!({"residential_zip": null}),
            "Residential address: ZIP code is required",
            "residential_zip",
            "This field is required",
        ),
        (
            json!({"residential_zip": "1234"}),
            "Field 'residential_zip' must be 5 or 9 digits",
            "residential_zip",
            "Must be 5 or 9 digits",
        ),
        (
            json!({"residential_zip": "90001-12"}),
            "Field 'residential_zip' must be 5 or 9 digits",
            "residential_zip",
            "Must be 5 or 9 digits",
        ),
        (
            json!({"notes": long(1001)}),
            "Field 'notes' must be at most 1000 characters",
            "notes",
            "Must be at most 1000 characters",
        ),
        (
            json!({"funding_type": "Crypto Loan"}),
            "This funding type is not currently accepted for lead submissions. Please use an allowed funding type or omit funding_type.",
            "funding_type",
            "This funding type is not currently accepted",
        ),
        (
            json!({"utm_source": long(256)}),
            "Field 'utm_source' must be at most 255 characters",
            "utm_source",
            "Must be at most 255 characters",
        ),
        (
            json!({"utm_content": long(256)}),
            "Field 'utm_content' must be at most 255 characters",
            "utm_content",
            "Must be at most 255 characters",
        ),
        (
            json!({"tcpa_consent": "yes"}),
            "Field 'tcpa_consent' must be true or false",
            "tcpa_consent",
            "Must be true or false",
        ),
        (
            consent(json!({"consent_timestamp": null})),
            "Field 'consent_timestamp' is required when tcpa_consent is true",
            "consent_timestamp",
            "This field is required",
        ),
        (
            consent(json!({"consent_timestamp": "2999-01-01T00:00:00Z"})),
            "Field 'consent_timestamp' must be an RFC 3339 timestamp that is not in the future",
            "consent_timestamp",
            "Must be an RFC 3339 timestamp that is not in the future",
        ),
        (
            consent(json!({"consent_timestamp": "yesterday"})),
            "Field 'consent_timestamp' must be an RFC 3339 timestamp that is not in the future",
            "consent_timestamp",
            "Must be an RFC 3339 timestamp that is not in the future",
        ),
        (
            consent(json!({"ip_address": "300.1.1.1"})),
            "Field 'ip_address' must be a valid IPv4 or IPv6 address",
            "ip_address",
            "Must be a valid IPv4 or IPv6 address",
        ),
        (
            consent(json!({"ip_address": null})),
            "Field 'ip_address' is required when tcpa_consent is true",
            "ip_address",
            "This field is required",
        ),
        (
            consent(json!({"source_url": "example.com/apply"})),
            "Field 'source_url' must be an absolute http or https URL",
            "source_url",
            "Must be an absolute http or https URL",
        ),
        (
            consent(json!({"consent_text": null})),
            "Field 'consent_text' is required when tcpa_consent is true",
            "consent_text",
            "This field is required",
        ),
    ]
}

fn consent(changes: Value) -> Value {
    with(
        json!({
            "tcpa_consent": true,
            "consent_timestamp": "2026-01-02T10:30:00Z",
            "ip_address": "203.0.113.9",
            "source_url": "https://example.com/apply",
            "consent_text": "I agree to be contacted by phone and email."
        }),
        changes,
    )
}

#[tokio::test]
async fn every_rule_rejects_what_it_forbids_with_the_documented_texts() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    for (changes, error, field, short) in failing_cases() {
        let body = with(seed_validate_example(), changes.clone());
        let (status, report) = send(app.post("/leads/validate", &partner.api_key, &body)).await;
        assert_eq!(status, 400, "{changes}: {report}");
        assert_eq!(report["valid"], false, "{changes}");
        assert_eq!(report["message"], "Lead data has validation errors");
        assert_eq!(report["errors"], json!([error]), "{changes}");
        assert_eq!(
            report["field_validations"][field]["valid"], false,
            "{changes}"
        );
        assert_eq!(
            report["field_validations"][field]["errors"],
            json!([short]),
            "{changes}"
        );
        assert_eq!(report["field_validations"][field]["field"], field);
    }
}

#[tokio::test]
async fn accepted_variants_pass_with_the_right_warnings() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"first_name": "José", "last_name": "O'Brien-Smith"}),
            vec![],
        ),
        (json!({"first_name": "Mary Jane"}), vec![]),
        (
            json!({"phone": "+1 (555) 123-4567"}),
            vec!["Field 'phone' was normalised to 5551234567"],
        ),
        (
            json!({"phone": "15551234567"}),
            vec!["Field 'phone' was normalised to 5551234567"],
        ),
        (
            json!({"phone": "555.123.4567"}),
            vec!["Field 'phone' was normalised to 5551234567"],
        ),
        (json!({"residential_state": "ca"}), vec![]),
        (json!({"residential_zip": "90001-1234"}), vec![]),
        (json!({"residential_zip": "900011234"}), vec![]),
        (
            json!({"residential_zip": "10001"}),
            vec!["ZIP code 10001 is not one USPS assigns to CA"],
        ),
        (
            json!({"email": "john@gmial.com"}),
            vec!["Email domain 'gmial.com' looks like a typo of 'gmail.com'"],
        ),
        (
            json!({"date_of_birth": "2015-06-01"}),
            vec!["Applicant appears to be under 18"],
        ),
        (json!({"funding_type": "term loan"}), vec![]),
        (
            json!({"email": null, "phone": null, "company_name": "", "notes": null}),
            vec![],
        ),
        (json!({"utm_term": "loans", "utm_content": "ad-2"}), vec![]),
        (
            consent(
                json!({"user_agent": "Mozilla/5.0", "trustedform_cert_url": "https://cert.trustedform.com/abc"}),
            ),
            vec![],
        ),
        (json!({"tcpa_consent": false}), vec![]),
        (
            json!({"favourite_colour": "blue"}),
            vec!["Unknown field 'favourite_colour' was ignored"],
        ),
    ];
    for (changes, warnings) in cases {
        let body = with(seed_validate_example(), changes.clone());
        let (status, report) = send(app.post("/leads/validate", &partner.api_key, &body)).await;
        assert_eq!(status, 200, "{changes}: {report}");
        assert_eq!(report["valid"], true);
        assert_eq!(report["message"], "Lead data is valid");
        assert_eq!(report["errors"], json!([]));
        assert_eq!(report["warnings"], json!(warnings), "{changes}");
    }
}

#[tokio::test]
async fn reports_every_error_at_once_and_echoes_the_data_received() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let body = with(
        seed_validate_example(),
        json!({"residential_state": null, "residential_zip": "123"}),
    );
    let (status, report) = send(app.post("/leads/validate", &partner.api_key, &body)).await;
    assert_eq!(status, 400);
    assert_eq!(
        report["errors"],
        json!([
            "Residential address: State is required",
            "Field 'residential_zip' must be 5 or 9 digits"
        ])
    );
    assert_eq!(
        report["field_validations"]["residential_state"]["errors"],
        json!(["This field is required"])
    );
    assert_eq!(
        report["field_validations"]["residential_zip"]["errors"],
        json!(["Must be 5 or 9 digits"])
    );
    assert_eq!(report["data_received"], body);
}

#[tokio::test]
async fn writes_nothing() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (status, _) = send(app.post(
        "/leads/validate",
        &partner.api_key,
        &seed_validate_example(),
    ))
    .await;
    assert_eq!(status, 200);
    let (_, listing) = send(app.get("/leads", &partner.api_key)).await;
    assert_eq!(listing["pagination"]["total"], 0);
    assert_eq!(listing["leads"], json!([]));
}

#[tokio::test]
async fn full_management_requires_email_and_phone() {
    let app = TestApp::spawn().await;
    let partner = app
        .partner_with(|draft| {
            draft.lead_handling = Some(partnerhub_domain::LeadHandling::FullManagement)
        })
        .await;
    let body = with(seed_validate_example(), json!({"email": null}));
    let (status, report) = send(app.post("/leads/validate", &partner.api_key, &body)).await;
    assert_eq!(status, 400);
    assert_eq!(
        report["errors"],
        json!([
            "Field 'email' is required when your account is set to 'StartCap fully manages onboarding and funding'."
        ])
    );
    assert_eq!(
        report["settings_url"],
        "https://partners.test/app/partners/settings"
    );
}
