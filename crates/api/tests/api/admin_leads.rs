use diesel_async::RunQueryDsl;
use partnerhub_test_support::fixtures::{dollars, seed_example_lead, unique_lead, with};
use partnerhub_test_support::{TestApp, TestPartner, send};
use serde_json::{Value, json};

async fn submitted(app: &TestApp, partner: &TestPartner, n: u32) -> String {
    let (status, created) =
        send(app.post("/leads/submit", &partner.api_key, &unique_lead(n))).await;
    assert_eq!(status, 200, "{created}");
    created["reference_id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn move_to(app: &TestApp, reference: &str, body: Value) -> (u16, Value) {
    send(app.admin_post(&format!("/leads/{reference}/status"), &body)).await
}

#[tokio::test]
async fn creates_a_manual_lead_that_its_partner_sees() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let body = with(
        seed_example_lead(),
        json!({"partner_id": partner.id, "email": null, "phone": null}),
    );
    let (status, created) = send(app.admin_post("/leads", &body)).await;
    assert_eq!(status, 201, "{created}");
    let reference = created["reference_id"].as_str().unwrap_or_default();
    let (status, referral) =
        send(app.get(&format!("/referrals/{reference}"), &partner.api_key)).await;
    assert_eq!(status, 200);
    assert_eq!(referral["referral"]["referral_type"], "manual_lead");
    assert_eq!(referral["referral"]["status"], "lead");
    let events = app.events(partner.id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].1["data"]["old_status"], Value::Null);
    assert_eq!(events[0].1["data"]["new_status"], "lead");

    let (status, duplicate) = send(app.admin_post("/leads", &body)).await;
    assert_eq!(
        (status, &duplicate["reference_id"]),
        (409, &json!(reference))
    );
}

#[tokio::test]
async fn bad_manual_leads_are_400() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let (status, error) = send(app.admin_post("/leads", &seed_example_lead())).await;
    assert_eq!((status, error["field"].as_str()), (400, Some("partner_id")));
    let (status, error) = send(app.admin_post(
        "/leads",
        &with(seed_example_lead(), json!({"partner_id": 999999})),
    ))
    .await;
    assert_eq!((status, error["field"].as_str()), (400, Some("partner_id")));
    let invalid = with(
        seed_example_lead(),
        json!({"partner_id": partner.id, "residential_zip": "1"}),
    );
    let (status, error) = send(app.admin_post("/leads", &invalid)).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (400, Some("Field 'residential_zip' must be 5 or 9 digits"))
    );
    assert!(app.events(partner.id).await.is_empty());
}

#[tokio::test]
async fn moves_a_lead_from_lead_to_funded_with_history_and_events() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let reference = submitted(&app, &partner, 1).await;
    let path = [
        "in_underwriting",
        "offer_ready",
        "call_scheduled",
        "sign_docs",
        "processing",
        "in_funding",
    ];
    for stage in path {
        let (status, moved) = move_to(
            &app,
            &reference,
            json!({"status": stage, "note": format!("to {stage}")}),
        )
        .await;
        assert_eq!(status, 200, "{stage}: {moved}");
        assert_eq!(moved["lead"]["status"], "application");
        assert_eq!(moved["lead"]["application_status"], stage);
        assert_eq!(moved["lead"]["effective_status"], stage);
    }
    let (status, funded) = move_to(
        &app,
        &reference,
        json!({"status": "funded", "funded_amount": 50000}),
    )
    .await;
    assert_eq!(status, 200, "{funded}");
    assert_eq!(funded["lead"]["status"], "funded");
    assert_eq!(funded["lead"]["funded_amount"], dollars("50000.00"));

    let (_, shown) = send(app.get(&format!("/leads/{reference}"), &partner.api_key)).await;
    assert_eq!(
        (
            shown["lead"]["status"].as_str(),
            shown["lead"]["application_status"].as_str()
        ),
        (Some("funded"), Some("funded"))
    );
    let (_, listed) = send(app.get("/leads?status=funded", &partner.api_key)).await;
    assert_eq!(listed["pagination"]["total"], 1);

    let (_, detail) = send(app.admin_get(&format!("/leads/{reference}"))).await;
    let history = detail["history"].as_array().cloned().unwrap_or_default();
    assert_eq!(history.len(), 8);
    assert_eq!(
        (
            history[0]["from"].clone(),
            history[0]["to"].clone(),
            history[0]["actor"].clone()
        ),
        (
            Value::Null,
            json!("lead"),
            json!(format!("partner:{}", partner.id))
        )
    );
    assert_eq!(
        history[1],
        json!({"from": "lead", "to": "in_underwriting", "actor": "operator",
        "note": "to in_underwriting", "forced": false, "at": history[1]["at"]})
    );
    assert_eq!(history[7]["to"], "funded");

    let all = app.events(partner.id).await;
    let events: Vec<_> = all
        .iter()
        .filter(|(kind, _)| kind == "lead.status_changed")
        .cloned()
        .collect();
    assert_eq!(events.len(), 8, "one for the new lead, one per move");
    assert_eq!(
        all.last().map(|(kind, _)| kind.as_str()),
        Some("commission.earned")
    );
    let last = &events[7].1;
    assert_eq!(last["event"], "lead.status_changed");
    let data = &last["data"];
    assert_eq!(data["lead_reference_id"], json!(reference));
    assert_eq!(
        (data["old_status"].as_str(), data["new_status"].as_str()),
        (Some("application"), Some("funded"))
    );
    assert_eq!(
        (
            data["old_application_status"].as_str(),
            data["new_application_status"].as_str()
        ),
        (Some("in_funding"), Some("funded"))
    );
    assert_eq!(data["lead_details"]["reference_id"], json!(reference));
    assert_eq!(data["lead_details"]["status"], "funded");
    assert_eq!(data["lead_details"]["application_status"], "funded");
    assert_eq!(data["lead_details"]["email"], "ann1@example.com");
    let first = &events[1].1["data"];
    assert_eq!(
        (first["old_status"].as_str(), first["new_status"].as_str()),
        (Some("lead"), Some("application"))
    );
    assert_eq!(
        (
            first["old_application_status"].as_str(),
            first["new_application_status"].as_str()
        ),
        (Some("lead"), Some("in_underwriting"))
    );
}

#[tokio::test]
async fn a_refused_move_is_409_with_the_allowed_stages_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let reference = submitted(&app, &partner, 1).await;
    let (status, error) = move_to(&app, &reference, json!({"status": "offer_ready"})).await;
    assert_eq!(status, 409);
    assert_eq!(
        error,
        json!({"error": "A lead cannot move from lead to offer_ready", "code": "INVALID_TRANSITION",
                             "current_status": "lead", "allowed": ["in_underwriting"]})
    );
    let (status, error) = move_to(&app, &reference, json!({"status": "lead"})).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (409, Some("INVALID_TRANSITION"))
    );
    let (_, shown) = send(app.get(&format!("/leads/{reference}"), &partner.api_key)).await;
    assert_eq!(shown["lead"]["status"], "lead");
    assert_eq!(
        app.events(partner.id).await.len(),
        1,
        "only the new lead's event"
    );
}

#[tokio::test]
async fn funded_needs_an_amount_and_force_is_recorded() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let reference = submitted(&app, &partner, 1).await;
    for (body, field) in [
        (json!({"status": "funded", "force": true}), "funded_amount"),
        (
            json!({"status": "funded", "force": true, "funded_amount": 0}),
            "funded_amount",
        ),
        (
            json!({"status": "funded", "force": true, "funded_amount": -5}),
            "funded_amount",
        ),
        (
            json!({"status": "funded", "force": true, "funded_amount": 10.001}),
            "funded_amount",
        ),
        (
            json!({"status": "funded", "force": true, "funded_amount": "lots"}),
            "funded_amount",
        ),
        (json!({"status": "approved"}), "status"),
        (json!({}), "status"),
        (
            json!({"status": "in_underwriting", "force": "yes"}),
            "force",
        ),
    ] {
        let (status, error) = move_to(&app, &reference, body.clone()).await;
        assert_eq!(
            (status, error["field"].as_str()),
            (400, Some(field)),
            "{body}: {error}"
        );
    }
    let (status, forced) = move_to(
        &app,
        &reference,
        json!({"status": "funded", "force": true, "funded_amount": 1234.5}),
    )
    .await;
    assert_eq!(status, 200, "{forced}");
    assert_eq!(forced["lead"]["funded_amount"], dollars("1234.50"));
    let (status, error) = move_to(&app, &reference, json!({"status": "processing"})).await;
    assert_eq!(
        (status, error["allowed"].clone()),
        (409, json!([])),
        "funded is final"
    );
    let (status, back) = move_to(
        &app,
        &reference,
        json!({"status": "processing", "force": true, "note": "reopened"}),
    )
    .await;
    assert_eq!(
        (status, back["lead"]["funded_amount"].clone()),
        (200, Value::Null)
    );
    let (_, detail) = send(app.admin_get(&format!("/leads/{reference}"))).await;
    let forced_flags: Vec<bool> = detail["history"]
        .as_array()
        .map(|h| h.iter().map(|e| e["forced"] == true).collect())
        .unwrap_or_default();
    assert_eq!(forced_flags, [false, true, true]);
}

#[tokio::test]
async fn unknown_leads_are_404() {
    let app = TestApp::spawn().await;
    for reference in ["20240101-999999", "garbage"] {
        let (status, error) = move_to(&app, reference, json!({"status": "in_underwriting"})).await;
        assert_eq!(
            (status, error["error"].as_str()),
            (404, Some("Lead not found"))
        );
        assert_eq!(
            send(app.admin_get(&format!("/leads/{reference}"))).await.0,
            404
        );
        let quotes = json!({"quote_group_status": "ready", "quotes": []});
        assert_eq!(
            send(app.admin_put(&format!("/leads/{reference}/quotes"), &quotes))
                .await
                .0,
            404
        );
    }
}

#[tokio::test]
async fn quotes_are_replaced_and_shown_to_the_partner() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let reference = submitted(&app, &partner, 1).await;
    let quotes = json!({"quote_group_status": "sent", "quotes": [
        {"quote_type": "Term Loan", "amount": 50000, "status": "sent"},
        {"quote_type": "Line of Credit", "amount": null, "status": "pending"}]});
    let (status, replaced) =
        send(app.admin_put(&format!("/leads/{reference}/quotes"), &quotes)).await;
    assert_eq!(status, 200, "{replaced}");
    let (_, shown) = send(app.get(&format!("/leads/{reference}"), &partner.api_key)).await;
    assert_eq!(
        shown["quotes"],
        json!([
        {"quote_type": "Term Loan", "amount": dollars("50000.00"), "status": "sent", "quote_group_status": "sent"},
        {"quote_type": "Line of Credit", "amount": null, "status": "pending", "quote_group_status": "sent"}])
    );

    for bad in [
        json!({"quote_group_status": "done", "quotes": []}),
        json!({"quote_group_status": "ready"}),
        json!({"quote_group_status": "ready", "quotes": [{"quote_type": "Term Loan", "amount": -1, "status": "sent"}]}),
        json!({"quote_group_status": "ready", "quotes": [{"quote_type": "Term Loan", "amount": 1, "status": "maybe"}]}),
        json!({"quote_group_status": "ready", "quotes": [{"quote_type": "", "amount": 1, "status": "sent"}]}),
        json!({"quote_group_status": "ready", "quotes": ["Term Loan"]}),
    ] {
        let (status, _) = send(app.admin_put(&format!("/leads/{reference}/quotes"), &bad)).await;
        assert_eq!(status, 400, "{bad}");
    }
    let (_, unchanged) = send(app.get(&format!("/leads/{reference}"), &partner.api_key)).await;
    assert_eq!(unchanged["quotes"], shown["quotes"]);

    let empty = json!({"quote_group_status": "waiting", "quotes": []});
    assert_eq!(
        send(app.admin_put(&format!("/leads/{reference}/quotes"), &empty))
            .await
            .0,
        200
    );
    let (_, cleared) = send(app.get(&format!("/leads/{reference}"), &partner.api_key)).await;
    assert!(cleared.get("quotes").is_none());
}

#[tokio::test]
async fn a_move_that_fails_midway_rolls_back_with_its_event() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let reference = submitted(&app, &partner, 1).await;
    assert_eq!(
        move_to(&app, &reference, json!({"status": "in_underwriting"}))
            .await
            .0,
        200
    );
    // Make the outbox insert fail for moves to need_info, after the stage and history were written.
    let mut conn = app.conn().await;
    for sql in [
        "CREATE FUNCTION refuse_event() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_need_info BEFORE INSERT ON events FOR EACH ROW \
         WHEN (NEW.payload::jsonb->'data'->>'new_application_status' = 'need_info') EXECUTE FUNCTION refuse_event()",
    ] {
        assert!(
            diesel::sql_query(sql).execute(&mut conn).await.is_ok(),
            "{sql}"
        );
    }
    let (status, error) = move_to(&app, &reference, json!({"status": "need_info"})).await;
    assert_eq!(
        (status, error),
        (500, json!({"error": "Internal server error"}))
    );
    let (_, shown) = send(app.get(&format!("/leads/{reference}"), &partner.api_key)).await;
    assert_eq!(shown["lead"]["application_status"], "in_underwriting");
    let (_, detail) = send(app.admin_get(&format!("/leads/{reference}"))).await;
    assert_eq!(
        detail["history"].as_array().map(Vec::len),
        Some(2),
        "no history row for the failed move"
    );
    assert_eq!(app.events(partner.id).await.len(), 2);
}
