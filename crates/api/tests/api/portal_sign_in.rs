//! People at partners: invitations, passwords, sign-in, the lockout, sign-out, expiry, and
//! suspension ending sessions.

use diesel_async::RunQueryDsl;
use partnerhub_test_support::{PASSWORD, TestApp, send, session_cookie};
use reqwest::header::{COOKIE, ORIGIN};
use serde_json::{Value, json};

async fn partner(app: &TestApp, email: &str) -> (i64, String) {
    app.operator_partner(&json!({"name": "Acme Brokers", "email": email}))
        .await
}

async fn sql(app: &TestApp, statement: &str) -> usize {
    let mut conn = app.conn().await;
    diesel::sql_query(statement)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|error| panic!("{statement}: {error}"))
}

async fn count(app: &TestApp, query: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.conn().await;
    diesel::sql_query(query)
        .get_result::<Count>(&mut conn)
        .await
        .map(|row| row.n)
        .unwrap_or_else(|error| panic!("{query}: {error}"))
}

async fn account_status(app: &TestApp, cookie: &str) -> (u16, Value) {
    send(
        app.client
            .get(app.partner_url("/account"))
            .header(COOKIE, cookie),
    )
    .await
}

#[tokio::test]
async fn an_invitation_is_a_single_use_link_to_choose_a_password() {
    let app = TestApp::spawn().await;
    let (id, _) = partner(&app, "ops@acme.test").await;
    let invitation = app.invite(id, " Ann@Acme.test ").await;
    assert_eq!(invitation["invitation"]["email"], "Ann@Acme.test");
    let url = invitation["url"].as_str().unwrap();
    let token = TestApp::invitation_token(&invitation);
    assert_eq!(
        url,
        format!("https://partners.test/app/partners/invitations/{token}")
    );
    assert_eq!(token.len(), 43);
    // Valid 72 hours, stored only as a hash.
    let expires = chrono::NaiveDateTime::parse_from_str(
        invitation["invitation"]["expires_at"].as_str().unwrap(),
        "%Y-%m-%d %H:%M:%S",
    )
    .unwrap()
    .and_utc();
    let hours = (expires - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((71.9..=72.0).contains(&hours), "{hours}");
    let hashed = format!(
        "SELECT count(*) AS n FROM partner_invitations WHERE token_hash = sha256(convert_to('{token}', 'UTF8'))"
    );
    assert_eq!(count(&app, &hashed).await, 1);
    let clear = format!(
        "SELECT count(*) AS n FROM partner_invitations i WHERE row_to_json(i)::text LIKE '%{token}%'"
    );
    assert_eq!(count(&app, &clear).await, 0);

    // The link opens the page to choose a password, naming the email.
    let page = app
        .client
        .get(app.url(&format!("/app/partners/invitations/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Ann@Acme.test"));

    assert_eq!(
        app.accept_invitation(&token, "eleven char").await,
        (
            400,
            json!({"error": "Field 'password' must be at least 12 characters", "code": "INVALID_FIELD", "field": "password"})
        )
    );
    assert_eq!(
        app.accept_invitation(&token, PASSWORD).await,
        (201, json!({"success": true}))
    );
    let used = (
        410,
        json!({"error": "Invitation expired or used", "code": "INVITATION_EXPIRED"}),
    );
    assert_eq!(
        app.accept_invitation(&token, "another long password").await,
        used
    );
    assert_eq!(
        app.accept_invitation("not-a-token-at-all", PASSWORD).await,
        used
    );
    let page = app
        .client
        .get(app.url(&format!("/app/partners/invitations/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 410);

    // The person signs in with the email in any case and the password chosen, and only that.
    let hash = count(
        &app,
        "SELECT count(*) AS n FROM partner_users WHERE password_hash LIKE '$argon2id$%'",
    )
    .await;
    assert_eq!(hash, 1);
    let (status, body, session) = app.sign_in("ann@acme.test", PASSWORD).await;
    assert_eq!(
        (status, body),
        (
            200,
            json!({"success": true, "user": {"email": "Ann@Acme.test", "partner_id": id}})
        )
    );
    assert!(session.is_some());
    let (status, _, _) = app.sign_in("ann@acme.test", "another long password").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn an_expired_invitation_is_gone_and_an_email_belongs_to_one_partner() {
    let app = TestApp::spawn().await;
    let (first, _) = partner(&app, "ops@first.test").await;
    let (second, _) = partner(&app, "ops@second.test").await;
    let invitation = app.invite(first, "sam@example.test").await;
    let token = TestApp::invitation_token(&invitation);
    sql(
        &app,
        "UPDATE partner_invitations SET expires_at = now() - interval '1 second'",
    )
    .await;
    assert_eq!(app.accept_invitation(&token, PASSWORD).await.0, 410);

    app.person(first, "sam@example.test").await;
    let (status, body) = send(app.admin_post(
        &format!("/partners/{second}/invitations"),
        &json!({"email": "SAM@example.test"}),
    ))
    .await;
    assert_eq!((status, body["code"].clone()), (409, json!("EMAIL_IN_USE")));
    let (status, body) = send(app.admin_post(
        "/partners/999999/invitations",
        &json!({"email": "x@example.test"}),
    ))
    .await;
    assert_eq!(
        (status, body),
        (
            404,
            json!({"error": "Partner not found", "code": "NOT_FOUND"})
        )
    );
    let (status, body) = send(app.admin_post(
        &format!("/partners/{first}/invitations"),
        &json!({"email": "not an email"}),
    ))
    .await;
    assert_eq!((status, body["field"].clone()), (400, json!("email")));
    // Inviting again someone who has a password sets a new one and ends their sessions.
    let (_, _, session) = app.sign_in("sam@example.test", PASSWORD).await;
    let session = session.unwrap();
    let again = app.invite(first, "sam@example.test").await;
    let token = TestApp::invitation_token(&again);
    assert_eq!(
        app.accept_invitation(&token, "a brand new passphrase")
            .await
            .0,
        201
    );
    assert_eq!(account_status(&app, &session.cookie).await.0, 401);
    assert_eq!(
        app.sign_in("sam@example.test", "a brand new passphrase")
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_secure_over_https() {
    let app = TestApp::spawn().await;
    let (id, _) = partner(&app, "ops@acme.test").await;
    app.person(id, "ann@acme.test").await;
    let response = app
        .client
        .post(app.url("/app/partners/session"))
        .json(&json!({"email": "ann@acme.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let (pair, header) = session_cookie(&response).unwrap();
    let token = pair.trim_start_matches("ph_session=");
    assert_eq!(token.len(), 43, "{pair}");
    // The session row keeps only the token's hash.
    let hashed = format!(
        "SELECT count(*) AS n FROM partner_sessions WHERE token_hash = sha256(convert_to('{token}', 'UTF8'))"
    );
    assert_eq!(count(&app, &hashed).await, 1);
    let clear = format!(
        "SELECT count(*) AS n FROM partner_sessions s WHERE row_to_json(s)::text LIKE '%{token}%'"
    );
    assert_eq!(count(&app, &clear).await, 0);
    for attribute in [
        "HttpOnly",
        "SameSite=Lax",
        "Secure",
        "Path=/",
        "Max-Age=604800",
    ] {
        assert!(header.contains(attribute), "{header} lacks {attribute}");
    }

    let plain =
        TestApp::spawn_with(|settings| settings.public_url = "http://127.0.0.1".into()).await;
    let (id, _) = partner(&plain, "ops@plain.test").await;
    plain.person(id, "bo@plain.test").await;
    let response = plain
        .client
        .post(plain.url("/app/partners/session"))
        .json(&json!({"email": "bo@plain.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let (_, header) = session_cookie(&response).unwrap();
    assert!(!header.contains("Secure"), "{header}");
    assert!(header.contains("HttpOnly"), "{header}");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = TestApp::spawn().await;
    let (id, _) = partner(&app, "ops@acme.test").await;
    app.person(id, "ann@acme.test").await;
    let refused = json!({"error": "Invalid email or password", "code": "INVALID_CREDENTIALS"});
    let (status, body, session) = app.sign_in("ann@acme.test", "wrong password!").await;
    assert_eq!(
        (status, body, session.is_none()),
        (401, refused.clone(), true)
    );
    let (status, body, session) = app.sign_in("nobody@acme.test", PASSWORD).await;
    assert_eq!((status, body, session.is_none()), (401, refused, true));
    // Bad bodies are 400s naming the field.
    let (status, body) = send(
        app.client
            .post(app.url("/app/partners/session"))
            .json(&json!({"email": "ann@acme.test", "password": 12})),
    )
    .await;
    assert_eq!((status, body["field"].clone()), (400, json!("password")));
    let (status, body) = send(
        app.client
            .post(app.url("/app/partners/session"))
            .json(&json!({"password": PASSWORD})),
    )
    .await;
    assert_eq!((status, body["field"].clone()), (400, json!("email")));
    // A sign-in page of another site cannot sign a browser in.
    let (status, body) = send(
        app.client
            .post(app.url("/app/partners/session"))
            .header(ORIGIN, "https://evil.test")
            .json(&json!({"email": "ann@acme.test", "password": PASSWORD})),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (403, json!("CROSS_SITE_REQUEST"))
    );
}

#[tokio::test]
async fn ten_failures_for_one_email_lock_it_until_the_window_passes() {
    let app = TestApp::spawn().await;
    let (id, _) = partner(&app, "ops@acme.test").await;
    app.person(id, "ann@acme.test").await;
    app.person(id, "bo@acme.test").await;
    for _ in 0..10 {
        assert_eq!(app.sign_in("Ann@acme.test", "wrong password!").await.0, 401);
    }
    let request = app
        .client
        .post(app.url("/app/partners/session"))
        .json(&json!({"email": "ann@acme.test", "password": PASSWORD}));
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((850..=900).contains(&wait), "{wait}");
    let (_, body) = partnerhub_test_support::json_of(response).await;
    assert_eq!(
        body,
        json!({"error": "Too many failed sign-ins; try again later", "code": "SIGN_IN_LOCKED"})
    );
    // Another email from the same address still signs in.
    assert_eq!(app.sign_in("bo@acme.test", PASSWORD).await.0, 200);
    // Failures are kept as hashes only.
    let hashed = "SELECT count(*) AS n FROM login_failures \
        WHERE email_hash = sha256(convert_to('ann@acme.test', 'UTF8')) \
        AND client_hash = sha256(convert_to('127.0.0.1', 'UTF8'))";
    assert_eq!(count(&app, hashed).await, 10);
    let clear = "SELECT count(*) AS n FROM login_failures f \
        WHERE row_to_json(f)::text LIKE '%ann%' OR row_to_json(f)::text LIKE '%127.0.0.1%'";
    assert_eq!(count(&app, clear).await, 0);
    // Once the window has passed, the right password works again.
    sql(
        &app,
        "UPDATE login_failures SET created_at = created_at - interval '15 minutes'",
    )
    .await;
    assert_eq!(app.sign_in("ann@acme.test", PASSWORD).await.0, 200);
}

#[tokio::test]
async fn fifty_failures_from_one_address_lock_every_email_from_it() {
    let app = TestApp::spawn().await;
    let (id, _) = partner(&app, "ops@acme.test").await;
    app.person(id, "ann@acme.test").await;
    for n in 0..50 {
        let email = format!("guess{n}@acme.test");
        assert_eq!(app.sign_in(&email, "wrong password!").await.0, 401);
    }
    let (status, body, _) = app.sign_in("ann@acme.test", PASSWORD).await;
    assert_eq!(
        (status, body["code"].clone()),
        (429, json!("SIGN_IN_LOCKED"))
    );
    sql(
        &app,
        "UPDATE login_failures SET created_at = created_at - interval '16 minutes'",
    )
    .await;
    assert_eq!(app.sign_in("ann@acme.test", PASSWORD).await.0, 200);
}

#[tokio::test]
async fn signing_out_ends_the_session_everywhere() {
    let app = TestApp::spawn().await;
    let (id, _) = partner(&app, "ops@acme.test").await;
    let session = app.person(id, "ann@acme.test").await;
    let (status, body) = send(
        app.client
            .get(app.url("/app/partners/session"))
            .header(COOKIE, &session.cookie),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            200,
            json!({"success": true, "user": {"email": "ann@acme.test", "partner_id": id}})
        )
    );
    assert_eq!(account_status(&app, &session.cookie).await.0, 200);
    let response = app
        .as_person(
            app.client.delete(app.url("/app/partners/session")),
            &session,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (_, cleared) = session_cookie(&response).unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(
        account_status(&app, &session.cookie).await,
        (
            401,
            json!({"error": "Session expired; sign in again", "code": "SESSION_EXPIRED"})
        )
    );
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM partner_sessions").await,
        0
    );
    // Signing out with no session is already done.
    assert_eq!(
        send(app.client.delete(app.url("/app/partners/session"))).await,
        (200, json!({"success": true}))
    );
}

#[tokio::test]
async fn a_session_ends_after_12_idle_hours_or_7_days() {
    let app = TestApp::spawn().await;
    let (id, _) = partner(&app, "ops@acme.test").await;
    let idle = app.person(id, "ann@acme.test").await;
    let old = app.person(id, "bo@acme.test").await;
    let busy = app.person(id, "cy@acme.test").await;
    sql(
        &app,
        "UPDATE partner_sessions s SET last_seen_at = now() - interval '12 hours 1 minute' \
         FROM partner_users u WHERE u.id = s.user_id AND u.email = 'ann@acme.test'",
    )
    .await;
    sql(
        &app,
        "UPDATE partner_sessions s SET created_at = now() - interval '7 days 1 minute', \
         last_seen_at = now() - interval '1 minute' \
         FROM partner_users u WHERE u.id = s.user_id AND u.email = 'bo@acme.test'",
    )
    .await;
    sql(
        &app,
        "UPDATE partner_sessions s SET last_seen_at = now() - interval '11 hours' \
         FROM partner_users u WHERE u.id = s.user_id AND u.email = 'cy@acme.test'",
    )
    .await;
    assert_eq!(account_status(&app, &idle.cookie).await.0, 401);
    assert_eq!(account_status(&app, &old.cookie).await.0, 401);
    // Using a session restarts its idle clock.
    assert_eq!(account_status(&app, &busy.cookie).await.0, 200);
    let fresh = count(
        &app,
        "SELECT count(*) AS n FROM partner_sessions s JOIN partner_users u ON u.id = s.user_id \
         WHERE u.email = 'cy@acme.test' AND s.last_seen_at > now() - interval '1 minute'",
    )
    .await;
    assert_eq!(fresh, 1);
    // A page asked for with an expired session goes to the sign-in page.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = no_redirects
        .get(app.url("/app/partners/leads"))
        .header(COOKIE, &idle.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 302);
    assert_eq!(
        page.headers()["location"],
        "/app/partners/login?next=%2Fapp%2Fpartners%2Fleads"
    );
}

#[tokio::test]
async fn suspending_a_partner_ends_its_sessions_at_once() {
    let app = TestApp::spawn().await;
    let (id, key) = partner(&app, "ops@acme.test").await;
    let (other, _) = partner(&app, "ops@other.test").await;
    let session = app.person(id, "ann@acme.test").await;
    let bystander = app.person(other, "bo@other.test").await;
    let (status, _) =
        send(app.admin_patch(&format!("/partners/{id}"), &json!({"status": "suspended"}))).await;
    assert_eq!(status, 200);
    assert_eq!(account_status(&app, &session.cookie).await.0, 401);
    assert_eq!(send(app.get("/account", &key)).await.0, 401);
    assert_eq!(account_status(&app, &bystander.cookie).await.0, 200);
    let (status, body, _) = app.sign_in("ann@acme.test", PASSWORD).await;
    assert_eq!(
        (status, body),
        (
            403,
            json!({"error": "This partner account is not active", "code": "PARTNER_INACTIVE"})
        )
    );
    // Reactivated, the partner's people sign in again; the ended session stays ended.
    send(app.admin_patch(&format!("/partners/{id}"), &json!({"status": "active"}))).await;
    assert_eq!(account_status(&app, &session.cookie).await.0, 401);
    assert_eq!(app.sign_in("ann@acme.test", PASSWORD).await.0, 200);
}
