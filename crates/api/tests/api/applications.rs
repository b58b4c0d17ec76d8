//! Applications to become a partner: sent without a key, limited per address, decided once
//! by an operator; an approval makes the partner and invites the applicant.

use partnerhub_test_support::{PASSWORD, TestApp, send};
use serde_json::{Value, json};

async fn apply(app: &TestApp, body: Value) -> (u16, Value) {
    send(
        app.client
            .post(app.partner_url("/applications"))
            .json(&body),
    )
    .await
}

fn application(n: u32) -> Value {
    json!({"name": format!("Applicant {n}"), "email": format!("applicant{n}@broker.test"),
           "company_name": "Broker Co", "website": "https://broker.test", "message": "We refer 50 a month"})
}

#[tokio::test]
async fn anyone_may_apply_and_an_operator_approves_once() {
    let app = TestApp::spawn().await;
    let (status, received) = apply(&app, application(1)).await;
    assert_eq!(status, 201, "{received}");
    assert_eq!(received["success"], true);
    let id = received["application_id"].as_i64().unwrap();

    let (status, listed) = send(app.admin_get("/applications?status=pending")).await;
    assert_eq!(status, 200);
    let listed = &listed["applications"][0];
    assert_eq!(listed["id"], id);
    assert_eq!(listed["email"], "applicant1@broker.test");
    assert_eq!(listed["company_name"], "Broker Co");
    assert_eq!(listed["status"], "pending");
    assert_eq!(listed["decided_at"], Value::Null);

    let (status, approved) =
        send(app.admin_post(&format!("/applications/{id}/approve"), &json!({}))).await;
    assert_eq!(status, 200, "{approved}");
    let partner = &approved["partner"];
    assert_eq!(partner["name"], "Applicant 1");
    assert_eq!(partner["email"], "applicant1@broker.test");
    assert_eq!(partner["status"], "active");
    let url = approved["invitation_url"].as_str().unwrap();
    assert!(
        url.starts_with("https://partners.test/app/partners/invitations/"),
        "{url}"
    );
    // The applicant chooses a password through the link and signs in to the new partner.
    let token = url.rsplit('/').next().unwrap();
    assert_eq!(app.accept_invitation(token, PASSWORD).await.0, 201);
    let (status, signed_in, _) = app.sign_in("applicant1@broker.test", PASSWORD).await;
    assert_eq!(status, 200);
    assert_eq!(signed_in["user"]["partner_id"], partner["id"]);

    let (_, decided) = send(app.admin_get("/applications?status=approved")).await;
    assert_eq!(decided["applications"][0]["partner_id"], partner["id"]);
    assert_eq!(decided["pagination"]["total"], 1);
    for action in ["approve", "reject"] {
        let (status, twice) =
            send(app.admin_post(&format!("/applications/{id}/{action}"), &json!({}))).await;
        assert_eq!(
            (status, twice["code"].clone()),
            (409, json!("APPLICATION_DECIDED"))
        );
    }
    // Its email is a partner's now: no second application with it.
    let (status, refused) = apply(&app, application(1)).await;
    assert_eq!(
        (status, refused["code"].clone()),
        (409, json!("EMAIL_IN_USE"))
    );
}

#[tokio::test]
async fn an_application_is_rejected_with_a_reason_or_approved_as_pending() {
    let app = TestApp::spawn().await;
    let (_, first) = apply(&app, application(1)).await;
    let (_, second) = apply(&app, application(2)).await;
    let (first, second) = (
        first["application_id"].as_i64().unwrap(),
        second["application_id"].as_i64().unwrap(),
    );
    let (status, rejected) = send(app.admin_post(
        &format!("/applications/{first}/reject"),
        &json!({"reason": "No website traffic yet"}),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(rejected["application"]["status"], "rejected");
    assert_eq!(rejected["application"]["reason"], "No website traffic yet");
    let (status, approved) = send(app.admin_post(
        &format!("/applications/{second}/approve"),
        &json!({"status": "pending"}),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(approved["partner"]["status"], "pending");
    // A rejected applicant may apply again.
    assert_eq!(apply(&app, application(1)).await.0, 201);
    let (status, missing) = send(app.admin_post("/applications/999999/approve", &json!({}))).await;
    assert_eq!(
        (status, missing),
        (
            404,
            json!({"error": "Application not found", "code": "NOT_FOUND"})
        )
    );
    let (status, bad) = send(app.admin_get("/applications?status=maybe")).await;
    assert_eq!((status, bad["field"].clone()), (400, json!("status")));
}

#[tokio::test]
async fn bad_applications_are_400s_and_one_address_sends_ten_an_hour() {
    let app = TestApp::spawn().await;
    app.operator_partner(&json!({"name": "Taken", "email": "taken@broker.test"}))
        .await;
    for (body, field) in [
        (json!({"email": "a@broker.test"}), "name"),
        (json!({"name": "A"}), "email"),
        (json!({"name": "A", "email": "not-an-email"}), "email"),
        (
            json!({"name": "A", "email": "a@b.test", "website": "ftp://x"}),
            "website",
        ),
        (
            json!({"name": "A", "email": "a@b.test", "message": "x".repeat(2001)}),
            "message",
        ),
        (
            json!({"name": "A", "email": "a@b.test", "company_name": 7}),
            "company_name",
        ),
    ] {
        let (status, refused) = apply(&app, body.clone()).await;
        assert_eq!(
            (status, refused["field"].clone()),
            (400, json!(field)),
            "{body}"
        );
    }
    let (status, refused) = apply(&app, json!({"name": "T", "email": "TAKEN@broker.test"})).await;
    assert_eq!(
        (status, refused["code"].clone()),
        (409, json!("EMAIL_IN_USE"))
    );
    assert_eq!(apply(&app, application(1)).await.0, 201);
    let (status, refused) = apply(&app, application(1)).await;
    assert_eq!(
        (status, refused["code"].clone()),
        (409, json!("EMAIL_IN_USE")),
        "a pending application has it"
    );
    for n in 2..=10 {
        assert_eq!(apply(&app, application(n)).await.0, 201, "application {n}");
    }
    let response = app
        .client
        .post(app.partner_url("/applications"))
        .json(&application(11))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let (_, listed) = send(app.admin_get("/applications")).await;
    assert_eq!(listed["pagination"]["total"], 10);
}

#[tokio::test]
async fn an_approval_is_refused_when_a_partner_took_the_email_meanwhile() {
    let app = TestApp::spawn().await;
    let (_, received) = apply(&app, application(1)).await;
    let id = received["application_id"].as_i64().unwrap();
    app.operator_partner(&json!({"name": "Quick", "email": "applicant1@broker.test"}))
        .await;
    let (status, refused) =
        send(app.admin_post(&format!("/applications/{id}/approve"), &json!({}))).await;
    assert_eq!(
        (status, refused["code"].clone()),
        (409, json!("EMAIL_IN_USE"))
    );
    let (_, listed) = send(app.admin_get("/applications?status=pending")).await;
    assert_eq!(listed["applications"][0]["id"], id, "still pending");
    let (_, partners) = send(app.admin_get("/partners?q=applicant1")).await;
    assert_eq!(partners["pagination"]["total"], 1, "no second partner");
    let (status, _) = send(app.admin_post(&format!("/applications/{id}/reject"), &json!({}))).await;
    assert_eq!(status, 200, "it can still be rejected");
}
