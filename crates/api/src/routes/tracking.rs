use crate::error::ApiError;
use crate::state::AppState;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::{LOCATION, USER_AGENT};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::lead::Utm;
use partnerhub_domain::tracking::counts_as_click;
use partnerhub_domain::{PartnerStatus, ReferenceId};
use std::net::{IpAddr, Ipv4Addr};

const COOKIE: &str = "ph_ref";
const COOKIE_DAYS: i64 = 30;

/// `GET /r/{referral_code}`: the public tracking link. A person's visit is counted as a
/// traffic referral at `click` (once per visitor per link per hour; bots, link previews and
/// visits without a user agent are not counted), remembered in the `ph_ref` cookie unless
/// the visitor already has one, and redirected to the landing page. The click is stored by
/// the batch writer within a second; the redirect does not wait for it.
#[utoipa::path(get, path = "/r/{referral_code}", tag = "Referrals",
    params(
        ("referral_code" = String, Path),
        ("utm_source" = Option<String>, Query), ("utm_medium" = Option<String>, Query),
        ("utm_campaign" = Option<String>, Query), ("utm_term" = Option<String>, Query),
        ("utm_content" = Option<String>, Query)),
    responses(
        (status = 302, description = "To the partner's landing page; a counted visit without a `ph_ref` cookie gets one naming its referral's reference id",
            headers(("Location" = String), ("Set-Cookie" = String))),
        (status = 404, description = "`Referral code not found`", body = crate::bodies::common::ErrorBody),
        (status = 429, description = "`RATE_LIMITED`: more than 60 visits a minute from one address; see `Retry-After`", body = crate::bodies::common::ErrorBody)))]
pub async fn follow(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    visit(&state, &request, &path).await
}

/// `HEAD /r/{referral_code}`: the same redirect, never counted.
#[utoipa::path(head, path = "/r/{referral_code}", tag = "Referrals",
    params(("referral_code" = String, Path)),
    responses(
        (status = 302, description = "To the partner's landing page; nothing is recorded", headers(("Location" = String))),
        (status = 404, description = "The code is unknown or its partner not active (the GET's answer, without its body)", body = crate::bodies::common::ErrorBody),
        (status = 429, description = "More than 60 visits a minute from one address; see `Retry-After`", body = crate::bodies::common::ErrorBody)))]
pub async fn follow_head(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    visit(&state, &request, &path).await
}

async fn visit(
    state: &AppState,
    request: &HttpRequest,
    code: &str,
) -> Result<HttpResponse, ApiError> {
    let address = request
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| peer.ip());
    state
        .clicks
        .admit(address)
        .map_err(ApiError::rate_limited)?;
    let partner = state
        .referral_partner(code)
        .await?
        .filter(|partner| partner.status == PartnerStatus::Active)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "Referral code not found"))?;
    let landing = partner
        .landing_url
        .clone()
        .unwrap_or_else(|| state.settings.landing_url.clone());
    let mut response = HttpResponse::Found();
    response.insert_header((LOCATION, landing));
    let user_agent = request
        .headers()
        .get(USER_AGENT)
        .and_then(|agent| agent.to_str().ok());
    if request.method() != Method::GET || !counts_as_click(user_agent) {
        return Ok(response.finish());
    }
    let user_agent = user_agent.unwrap_or_default();
    let visitor = state
        .clicks
        .visitor(&state.pool, partner.id, address, user_agent)
        .await;
    let click = match visitor.and_then(|visitor| state.clicks.earlier_click(&visitor)) {
        Some(earlier) => earlier,
        None => {
            state
                .clicks
                .record(&state.pool, partner.id, visitor, utm(request))
                .await?
        }
    };
    let has_referral = request
        .cookie(COOKIE)
        .is_some_and(|cookie| ReferenceId::parse(cookie.value()).is_some());
    if !has_referral {
        response.cookie(
            Cookie::build(COOKIE, click.to_string())
                .path("/")
                .max_age(actix_web::cookie::time::Duration::days(COOKIE_DAYS))
                .http_only(true)
                .same_site(SameSite::Lax)
                .finish(),
        );
    }
    Ok(response.finish())
}

/// The link's `utm_*` query values, each cut to 255 characters; a value holding a NUL,
/// which PostgreSQL cannot store, is dropped.
fn utm(request: &HttpRequest) -> Utm {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(request.query_string())
        .map(|query| query.into_inner())
        .unwrap_or_default();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().chars().take(255).collect::<String>())
            .filter(|value| !value.is_empty() && !value.contains('\0'))
    };
    Utm {
        source: value("utm_source"),
        medium: value("utm_medium"),
        campaign: value("utm_campaign"),
        term: value("utm_term"),
        content: value("utm_content"),
    }
}
