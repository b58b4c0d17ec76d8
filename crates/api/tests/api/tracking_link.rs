//! The tracking link under real traffic: who is counted, once an hour, the cookie, the
//! per-address guard, and the batch writer's one click per visitor across processes.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use partnerhub_domain::lead::Utm;
use partnerhub_domain::{LeadId, PartnerId};
use partnerhub_persistence::clicks::{self, NewClick};
use partnerhub_persistence::schema::{leads, visitor_keys};
use partnerhub_test_support::{BROWSER_AGENT, TestApp, send};
use reqwest::Client;

async fn tracking_path(app: &TestApp, key: &str) -> String {
    let (_, account) = send(app.get("/account", key)).await;
    let code = account["account"]["referral_code"]
        .as_str()
        .unwrap_or_default();
    format!("/r/{code}")
}

async fn clicks_of(app: &TestApp, partner: i64) -> i64 {
    let mut conn = app.conn().await;
    leads::table
        .filter(leads::partner_id.eq(partner))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap_or(-1)
}

fn no_redirects(user_agent: Option<&str>) -> Client {
    let builder = Client::builder().redirect(reqwest::redirect::Policy::none());
    match user_agent {
        Some(agent) => builder.user_agent(agent),
        None => builder,
    }
    .build()
    .unwrap_or_default()
}

fn set_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("set-cookie")
        .and_then(|cookie| cookie.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn head_requests_bots_and_link_previews_are_redirected_but_never_counted() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let path = tracking_path(&app, &partner.api_key).await;
    let url = app.url(&path);

    let head = no_redirects(Some(BROWSER_AGENT))
        .head(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 302);
    assert_eq!(
        head.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("https://landing.test/welcome")
    );
    assert_eq!(set_cookie(&head), None);
    for agent in [
        Some("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        Some("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"),
        Some("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"),
        Some("curl/8.5.0"),
        None,
    ] {
        let visit = no_redirects(agent).get(&url).send().await.unwrap();
        assert_eq!(visit.status(), 302, "{agent:?}");
        assert_eq!(set_cookie(&visit), None, "{agent:?}");
    }
    // A person's visit after them: once it is stored, everything queued before it is too.
    let person = app.visit(&path).await;
    assert!(person.reference.is_some());
    assert_eq!(clicks_of(&app, partner.id).await, 1);
}

#[tokio::test]
async fn a_visitor_counts_once_an_hour_and_keeps_the_referral_of_its_cookie() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let path = tracking_path(&app, &partner.api_key).await;

    let first = app.visit(&path).await;
    let reference = first.reference.clone().unwrap_or_default();
    // The same browser without its cookie: not counted again, told the same referral.
    let again = app.visit(&path).await;
    assert_eq!(again.response.status(), 302);
    assert_eq!(again.reference.as_deref(), Some(reference.as_str()));
    // Another person is another click.
    let other = app.visit_as(&path, &format!("{BROWSER_AGENT} other")).await;
    assert_ne!(other.reference, first.reference);
    assert_eq!(clicks_of(&app, partner.id).await, 2);

    // A third person who already carries a ph_ref cookie is counted, and the cookie kept.
    let third = no_redirects(Some(&format!("{BROWSER_AGENT} third")))
        .get(app.url(&path))
        .header("cookie", format!("ph_ref={reference}"))
        .send()
        .await
        .unwrap();
    assert_eq!(third.status(), 302);
    assert_eq!(set_cookie(&third), None);
    let counted =
        partnerhub_test_support::eventually(|| async { clicks_of(&app, partner.id).await == 3 })
            .await;
    assert!(counted);
    let (status, referral) =
        send(app.get(&format!("/referrals/{reference}"), &partner.api_key)).await;
    assert_eq!(
        (status, &referral["referral"]["status"]),
        (200, &"click".into())
    );
}

#[tokio::test]
async fn a_click_names_its_visitor_by_a_keyed_hash_never_by_its_address() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let path = tracking_path(&app, &partner.api_key).await;
    app.visit(&path).await;
    let mut conn = app.conn().await;
    let (hash, address): (Option<Vec<u8>>, Option<String>) = leads::table
        .filter(leads::partner_id.eq(partner.id))
        .select((leads::visitor_hash, leads::ip_address))
        .first(&mut conn)
        .await
        .unwrap();
    let hash = hash.unwrap_or_default();
    assert_eq!((hash.len(), address), (32, None));
    let unkeyed: [u8; 32] = partnerhub_domain::sign_in::address_hash("127.0.0.1");
    assert_ne!(hash, unkeyed.to_vec());
    let days: Vec<chrono::NaiveDate> = visitor_keys::table
        .select(visitor_keys::day)
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(days, vec![Utc::now().date_naive()]);
}

#[tokio::test]
async fn more_visits_a_minute_from_one_address_than_the_guard_allows_get_429() {
    let app = TestApp::spawn_with(|settings| settings.tracking_per_minute = 3).await;
    let partner = app.partner().await;
    let path = tracking_path(&app, &partner.api_key).await;
    for n in 0..3 {
        let visit = app.visit_as(&path, &format!("{BROWSER_AGENT} n{n}")).await;
        assert_eq!(visit.response.status(), 302);
    }
    let refused = no_redirects(Some(BROWSER_AGENT))
        .get(app.url(&path))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "RATE_LIMITED");
    // Unknown codes are refused the same way: the guard comes before any lookup.
    let unknown = no_redirects(Some(BROWSER_AGENT))
        .get(app.url("/r/nosuchcode"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 429);
    assert_eq!(clicks_of(&app, partner.id).await, 3);
}

#[tokio::test]
async fn batches_from_two_processes_store_one_click_per_visitor_per_hour() {
    let app = TestApp::spawn().await;
    let partner = app.partner().await;
    let mut conn = app.conn().await;
    let ids = partnerhub_persistence::leads::lease_ids(&mut conn, 4)
        .await
        .unwrap();
    let click = |id: LeadId, visitor: Option<[u8; 32]>, minutes_ago: i64| NewClick {
        id,
        partner: PartnerId::new(partner.id),
        at: Utc::now() - chrono::Duration::minutes(minutes_ago),
        visitor,
        utm: Utm::default(),
    };
    // One process stored this visitor's click 90 minutes ago, another 20 minutes ago.
    let stored = clicks::store(&mut conn, &[click(ids[0], Some([1; 32]), 90)]).await;
    assert_eq!(stored.ok(), Some(1));
    let stored = clicks::store(&mut conn, &[click(ids[1], Some([1; 32]), 20)]).await;
    assert_eq!(stored.ok(), Some(1), "more than an hour after the first");
    // Now both processes queue the same visitor again, and one visitor they cannot tell.
    let stored = clicks::store(
        &mut conn,
        &[click(ids[2], Some([1; 32]), 0), click(ids[3], None, 0)],
    )
    .await;
    assert_eq!(stored.ok(), Some(1));
    assert_eq!(clicks_of(&app, partner.id).await, 3);
}

#[tokio::test]
async fn a_link_without_a_landing_url_lands_on_the_servers_own_page() {
    let app = TestApp::spawn_on_own_address(|settings, address| {
        settings.landing_url = format!("{address}/welcome");
    })
    .await;
    let partner = app.partner().await;
    let path = tracking_path(&app, &partner.api_key).await;
    let landed = Client::builder()
        .user_agent(BROWSER_AGENT)
        .build()
        .unwrap_or_default()
        .get(app.url(&path))
        .send()
        .await
        .unwrap();
    assert_eq!(landed.status(), 200);
    assert_eq!(landed.url().path(), "/welcome");
    let page = landed.text().await.unwrap_or_default();
    assert!(
        page.contains("<h1>Funding for your business</h1>"),
        "{page}"
    );
}
