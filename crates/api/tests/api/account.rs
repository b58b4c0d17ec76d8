use partnerhub_domain::LeadHandling;
use partnerhub_test_support::{TestApp, send};
use serde_json::json;

#[tokio::test]
async fn shows_the_callers_own_account() {
    let app = TestApp::spawn().await;
    let partner = app
        .partner_with(|draft| {
            draft.name = "Acme Brokers".into();
            draft.email = "ops@acme.test".into();
            draft.lead_handling = Some(LeadHandling::FundingOnly);
            draft.rate_limit_per_hour = Some(250);
        })
        .await;
    let (status, body) = send(app.get("/account", &partner.api_key)).await;
    assert_eq!(status, 200);
    let account = &body["account"];
    let code = account["referral_code"].as_str().unwrap_or_default();
    assert_eq!(code.len(), 10);
    assert_eq!(
        body,
        json!({"success": true, "account": {
            "id": partner.id, "name": "Acme Brokers", "email": "ops@acme.test", "status": "active",
            "referral_code": code, "tracking_url": format!("https://partners.test/r/{code}"),
            "lead_handling": "funding_only", "rate_limit_per_hour": 250, "landing_url": null
        }})
    );
}
