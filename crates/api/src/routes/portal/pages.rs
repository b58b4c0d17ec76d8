//! The portal's pages. Each is one HTML shell (assets/portal/shell.html) around the page's
//! own content, built once; its script then calls the partner API with the session cookie.
//! A page asked for without a live session redirects to the sign-in page.

use super::PORTAL;
use crate::session;
use crate::state::AppState;
use actix_web::http::header::{CONTENT_SECURITY_POLICY, LOCATION, REFERRER_POLICY};
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::{LeadHandling, Stage};
use serde_json::{Map, Value};
use std::sync::OnceLock;

const SHELL: &str = include_str!("../../../assets/portal/shell.html");
const NAV: &str = include_str!("../../../assets/portal/nav.html");

/// Everything a page loads is its own: no inline script, no other host.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Login,
    Apply,
    Invitation,
    Dashboard,
    Leads,
    Settings,
    Integration,
    Earnings,
}

impl Page {
    const ALL: [Page; 8] = [
        Page::Login,
        Page::Apply,
        Page::Invitation,
        Page::Dashboard,
        Page::Leads,
        Page::Settings,
        Page::Integration,
        Page::Earnings,
    ];

    fn name(self) -> &'static str {
        match self {
            Page::Login => "login",
            Page::Apply => "apply",
            Page::Invitation => "invitation",
            Page::Dashboard => "dashboard",
            Page::Leads => "leads",
            Page::Settings => "settings",
            Page::Integration => "integration",
            Page::Earnings => "earnings",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Page::Login => "Sign in",
            Page::Apply => "Become a partner",
            Page::Invitation => "Choose your password",
            Page::Dashboard => "Dashboard",
            Page::Leads => "Leads",
            Page::Settings => "Settings",
            Page::Integration => "API Integration",
            Page::Earnings => "Earnings",
        }
    }

    fn content(self) -> &'static str {
        match self {
            Page::Login => include_str!("../../../assets/portal/login.html"),
            Page::Apply => include_str!("../../../assets/portal/apply.html"),
            Page::Invitation => include_str!("../../../assets/portal/invitation.html"),
            Page::Dashboard => include_str!("../../../assets/portal/dashboard.html"),
            Page::Leads => include_str!("../../../assets/portal/leads.html"),
            Page::Settings => include_str!("../../../assets/portal/settings.html"),
            Page::Integration => include_str!("../../../assets/portal/integration.html"),
            Page::Earnings => include_str!("../../../assets/portal/earnings.html"),
        }
    }

    fn signed_in(self) -> bool {
        !matches!(self, Page::Login | Page::Apply | Page::Invitation)
    }

    fn charts(self) -> bool {
        matches!(self, Page::Dashboard | Page::Earnings)
    }

    fn html(self) -> &'static str {
        static BUILT: OnceLock<Vec<String>> = OnceLock::new();
        let built = BUILT.get_or_init(|| Page::ALL.iter().map(|page| page.build()).collect());
        let index = Page::ALL.iter().position(|page| *page == self);
        index
            .and_then(|index| built.get(index))
            .map_or("", String::as_str)
    }

    fn build(self) -> String {
        let nav = if self.signed_in() {
            NAV.replace(
                &format!("data-nav=\"{}\"", self.name()),
                &format!("data-nav=\"{}\" aria-current=\"page\"", self.name()),
            )
        } else {
            String::new()
        };
        let chart_script = if self.charts() {
            r#"<script src="/app/partners/assets/uPlot.iife.min.js"></script>"#
        } else {
            ""
        };
        SHELL
            .replace("{{title}}", self.title())
            .replace("{{page}}", self.name())
            .replace("{{nav}}", &nav)
            .replace("{{labels}}", &labels_json())
            .replace("{{chart_script}}", chart_script)
            .replace("{{content}}", self.content())
    }
}

/// The display labels of stages (in pipeline order) and lead-handling choices, by their
/// API names.
#[derive(serde::Serialize)]
struct Labels {
    stages: Map<String, Value>,
    lead_handling: Map<String, Value>,
}

/// The labels as JSON for the pages' scripts: the domain says them once.
fn labels_json() -> String {
    let labels = Labels {
        stages: Stage::ALL
            .iter()
            .map(|stage| (stage.as_str().to_string(), stage.label().into()))
            .collect(),
        lead_handling: LeadHandling::ALL
            .iter()
            .map(|choice| (choice.as_str().to_string(), choice.label().into()))
            .collect(),
    };
    // Inside a <script> data block: no `</` may close it early.
    serde_json::to_string(&labels)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

/// A page's answer: its HTML with the headers every page carries.
fn page_response(html: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((CONTENT_SECURITY_POLICY, POLICY))
        .insert_header((REFERRER_POLICY, "no-referrer"))
        .insert_header(("X-Frame-Options", "DENY"))
        .body(html)
}

fn to_sign_in(request: &HttpRequest) -> HttpResponse {
    let next = url::form_urlencoded::byte_serialize(request.path().as_bytes()).collect::<String>();
    HttpResponse::Found()
        .insert_header((LOCATION, format!("{PORTAL}/login?next={next}")))
        .finish()
}

async fn has_session(state: &AppState, request: &HttpRequest) -> bool {
    match session::presented(request) {
        Some(token) => session::open(state, &token).await.is_ok(),
        None => false,
    }
}

/// A page for signed-in people: shown with a live session, else a redirect to sign in.
async fn signed_in_page(page: Page, state: &AppState, request: &HttpRequest) -> HttpResponse {
    if has_session(state, request).await {
        page_response(page.html().to_string())
    } else {
        to_sign_in(request)
    }
}

/// The invitation page, with the invited email filled in.
pub fn invitation_page(email: &str) -> HttpResponse {
    page_response(
        Page::Invitation
            .html()
            .replace("{{email}}", &escape_html(email)),
    )
}

/// The invitation page for a link that opens nothing any more.
pub fn expired_invitation_page() -> HttpResponse {
    let html = Page::Invitation.html().replace("{{email}}", "");
    let mut response = page_response(html.replace("data-open", "data-closed"));
    *response.status_mut() = actix_web::http::StatusCode::GONE;
    response
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

macro_rules! signed_in_page {
    ($name:ident, $page:expr, $path:literal, $what:literal) => {
        #[doc = concat!("`GET ", $path, "`: ", $what)]
        #[utoipa::path(get, path = $path, tag = "Portal pages",
            responses(
                (status = 200, description = $what, content_type = "text/html", body = String),
                (status = 302, description = "To the sign-in page, without a live session")))]
        pub async fn $name(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
            signed_in_page($page, &state, &request).await
        }
    };
}

signed_in_page!(
    dashboard,
    Page::Dashboard,
    "/app/partners",
    "the dashboard: referral and earnings figures, referrals over time, the pipeline, the latest leads"
);
signed_in_page!(
    leads,
    Page::Leads,
    "/app/partners/leads",
    "the leads: filters, pages, each lead with its quotes, the CSV export"
);
signed_in_page!(
    settings,
    Page::Settings,
    "/app/partners/settings",
    "settings: lead submission & handling, the landing URL"
);
signed_in_page!(
    integration,
    Page::Integration,
    "/app/partners/integration",
    "API integration: the API key, webhooks, their deliveries"
);
signed_in_page!(
    earnings,
    Page::Earnings,
    "/app/partners/earnings",
    "earnings: the commission plan, commissions, payouts, the downline"
);

/// `GET /app/partners/login`: the sign-in page; with a live session, the dashboard instead.
#[utoipa::path(get, path = "/app/partners/login", tag = "Portal pages",
    responses(
        (status = 200, description = "The sign-in page", content_type = "text/html", body = String),
        (status = 302, description = "To the dashboard, when already signed in")))]
pub async fn login(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    if has_session(&state, &request).await {
        return HttpResponse::Found()
            .insert_header((LOCATION, PORTAL))
            .finish();
    }
    page_response(Page::Login.html().to_string())
}

/// `GET /app/partners/apply`: the page to apply to become a partner.
#[utoipa::path(get, path = "/app/partners/apply", tag = "Portal pages",
    responses((status = 200, description = "The application form", content_type = "text/html", body = String)))]
pub async fn apply() -> HttpResponse {
    page_response(Page::Apply.html().to_string())
}
