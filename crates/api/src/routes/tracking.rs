use crate::error::ApiError;
use crate::state::AppState;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::PartnerStatus;
use partnerhub_domain::lead::Utm;
use partnerhub_persistence::{partners, traffic};

const COOKIE_DAYS: i64 = 30;

/// `GET /r/{referral_code}`: the public tracking link. Records the visit as a traffic
/// referral at `click`, remembers it in the `ph_ref` cookie, and redirects to the landing page.
#[utoipa::path(get, path = "/r/{referral_code}", tag = "Referrals",
    params(
        ("referral_code" = String, Path),
        ("utm_source" = Option<String>, Query), ("utm_medium" = Option<String>, Query),
        ("utm_campaign" = Option<String>, Query), ("utm_term" = Option<String>, Query),
        ("utm_content" = Option<String>, Query)),
    responses(
        (status = 302, description = "To the partner's landing page; sets the `ph_ref` cookie to the referral's reference id",
            headers(("Location" = String), ("Set-Cookie" = String))),
        (status = 404, description = "`Referral code not found`", body = crate::bodies::common::ErrorBody)))]
pub async fn follow(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || {
        ApiError::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "Referral code not found",
        )
    };
    let mut conn = state.connection().await?;
    let partner = partners::find_by_referral_code(&mut conn, &path)
        .await?
        .filter(|partner| partner.status == PartnerStatus::Active)
        .ok_or_else(not_found)?;
    let click = traffic::record_click(&mut conn, partner.partner_id(), &utm(&request)).await?;
    let cookie = Cookie::build("ph_ref", click.reference_id().to_string())
        .path("/")
        .max_age(actix_web::cookie::time::Duration::days(COOKIE_DAYS))
        .http_only(true)
        .same_site(SameSite::Lax)
        .finish();
    let landing = partner
        .landing_url
        .clone()
        .unwrap_or_else(|| state.settings.landing_url.clone());
    Ok(HttpResponse::Found()
        .insert_header((LOCATION, landing))
        .cookie(cookie)
        .finish())
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
