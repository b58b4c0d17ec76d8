//! The portal's static files, embedded in the binary: its own CSS, scripts and icon, and
//! uPlot (the `uplot` npm package, vendored in assets/vendor/ with its licence). Served with
//! an ETag, so browsers revalidate instead of downloading again.

use actix_web::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

macro_rules! asset {
    ($name:literal, $content_type:expr, $path:literal) => {
        Asset {
            name: $name,
            content_type: $content_type,
            body: include_str!($path),
        }
    };
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

const ASSETS: &[Asset] = &[
    asset!("portal.css", CSS, "../../../assets/portal/portal.css"),
    asset!("portal.js", JS, "../../../assets/portal/portal.js"),
    asset!("login.js", JS, "../../../assets/portal/login.js"),
    asset!("apply.js", JS, "../../../assets/portal/apply.js"),
    asset!("invitation.js", JS, "../../../assets/portal/invitation.js"),
    asset!("dashboard.js", JS, "../../../assets/portal/dashboard.js"),
    asset!("leads.js", JS, "../../../assets/portal/leads.js"),
    asset!("settings.js", JS, "../../../assets/portal/settings.js"),
    asset!(
        "integration.js",
        JS,
        "../../../assets/portal/integration.js"
    ),
    asset!("earnings.js", JS, "../../../assets/portal/earnings.js"),
    asset!("charts.js", JS, "../../../assets/portal/charts.js"),
    asset!(
        "favicon.svg",
        "image/svg+xml",
        "../../../assets/portal/favicon.svg"
    ),
    asset!(
        "uPlot.iife.min.js",
        JS,
        "../../../assets/vendor/uplot/uPlot.iife.min.js"
    ),
    asset!(
        "uPlot.min.css",
        CSS,
        "../../../assets/vendor/uplot/uPlot.min.css"
    ),
];

fn etags() -> &'static [String] {
    static ETAGS: OnceLock<Vec<String>> = OnceLock::new();
    ETAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|asset| format!("\"{}\"", &hex::encode(Sha256::digest(asset.body))[..16]))
            .collect()
    })
}

/// `GET /app/partners/assets/{name}`.
#[utoipa::path(get, path = "/app/partners/assets/{name}", tag = "Portal pages",
    params(("name" = String, Path, description = "`portal.js`, `portal.css`, `uPlot.iife.min.js`, ...")),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/javascript"), (String = "text/css"), (String = "image/svg+xml"))),
        (status = 304, description = "Unchanged since the `If-None-Match` ETag")))]
pub async fn asset(request: HttpRequest, name: web::Path<String>) -> HttpResponse {
    let found = ASSETS
        .iter()
        .zip(etags())
        .find(|(asset, _)| asset.name == name.as_str());
    let Some((asset, etag)) = found else {
        return crate::routes::not_found().await;
    };
    let unchanged = request
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|sent| sent == etag);
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((ETAG, etag.as_str()))
        .insert_header((CACHE_CONTROL, "no-cache"));
    if unchanged {
        return response.finish();
    }
    response.content_type(asset.content_type).body(asset.body)
}
