use actix_web::HttpResponse;
use actix_web::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY};

const WELCOME: &str = include_str!("../../assets/welcome.html");

/// `GET /welcome`: where tracking links land when neither the partner nor the platform
/// set a landing URL, so a visitor never meets a 404.
#[utoipa::path(get, path = "/welcome", tag = "Referrals",
    responses((status = 200, description = "A small page of the server's own", content_type = "text/html")))]
pub async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
        ))
        .insert_header((REFERRER_POLICY, "no-referrer"))
        .body(WELCOME)
}
