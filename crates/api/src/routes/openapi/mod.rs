//! The OpenAPI 3.1 document, generated from the handlers' annotations and the body types;
//! served at `/openapi.json`, with a reference page at `/docs`. docs/openapi.json is a
//! snapshot of it (`partnerhub openapi > docs/openapi.json`), checked by a test.

mod storable;

use storable::StorableText;

use super::{
    account, admin, applications, health, leads, portal, referrals, referrer, tracking, webhooks,
    welcome,
};
use crate::bodies::common::ErrorBody;
use crate::session::SESSION_COOKIE;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};
use std::sync::OnceLock;
use utoipa::openapi::PathItem;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_swagger_ui::{Config, SwaggerUi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "PartnerHub API",
        version = "1.1.0",
        description = "The partner API (wire-compatible with StartCap Partners API v1.1.0) under \
            `/app/partners/api/v1`, and the operator API under `/app/admin/api/v1`. Errors are \
            always JSON with an `error` string; 4xx answers may add a stable `code` and the \
            offending `field`. Every partner answer carries `X-RateLimit-Limit`, \
            `X-RateLimit-Remaining` and `X-RateLimit-Reset`. People at partners sign in to \
            the portal (`/app/partners`); every partner route accepts their session cookie as \
            well as the API key, and refuses a change carried by the cookie from another site."
    ),
    paths(
        health::healthz, health::readyz, super::metrics_route, openapi_json, docs,
        tracking::follow,
        tracking::follow_head,
        welcome::page,
        account::show::show, account::update::update, account::rotate_key::rotate_key,
        account::audit_log::audit_log, applications::create::create,
        leads::list::list, leads::export::export, leads::validate::validate,
        leads::submit::submit, leads::show::show,
        referrals::stats::stats, referrals::timeseries::timeseries, referrals::stages::stages,
        referrals::show::show,
        referrer::stats::stats, referrer::earnings_timeseries::earnings_timeseries,
        referrer::commissions::commissions,
        referrer::payouts::payouts, referrer::downline::downline,
        webhooks::list::list, webhooks::create::create, webhooks::update::update,
        webhooks::delete::delete, webhooks::rotate_secret::rotate_secret,
        webhooks::send_test::send_test, webhooks::deliveries::deliveries,
        webhooks::resend::resend,
        admin::partners::create::create, admin::partners::show::show, admin::partners::update::update,
        admin::partners::rotate_key::rotate_key, admin::partners::invite::invite,
        admin::partners::list::list,
        admin::applications::list::list, admin::applications::approve::approve,
        admin::applications::reject::reject,
        admin::leads::list::list, admin::leads::export::export,
        admin::leads::review::clear_self_referral, admin::leads::review::void_self_referral,
        admin::payouts::list::list, admin::payouts::export::export,
        admin::commissions::list::list, admin::commissions::export::export,
        admin::deliveries::deliveries, admin::audit_log::audit_log,
        admin::funding_types::list::list, admin::funding_types::add::add, admin::funding_types::set_active::set_active,
        admin::leads::create::create, admin::leads::show::show,
        admin::leads::move_stage::move_stage, admin::leads::replace_quotes::replace_quotes,
        admin::referrals::convert,
        admin::payouts::run::run, admin::payouts::complete::complete, admin::payouts::fail::fail,
        portal::session::sign_in::sign_in, portal::session::current::current,
        portal::session::sign_out::sign_out,
        portal::invitations::page::page, portal::invitations::accept::accept,
        portal::pages::login, portal::pages::apply, portal::pages::dashboard, portal::pages::leads,
        portal::pages::settings, portal::pages::integration, portal::pages::earnings,
        portal::assets::asset,
    ),
    components(schemas(ErrorBody)),
    modifiers(&SecuritySchemes, &CommonErrors, &OperationIds, &StorableText),
)]
struct ApiDoc;

/// The document as served and as committed in docs/openapi.json: pretty JSON and a final
/// newline. Built once.
pub fn document_json() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut text = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
        text.push('\n');
        text
    })
}

/// `GET /openapi.json`.
#[utoipa::path(get, path = "/openapi.json", tag = "Reference",
    responses((status = 200, description = "This document", content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document_json())
}

/// `GET /docs`: the reference page (Swagger UI, embedded in the binary).
#[utoipa::path(get, path = "/docs", tag = "Reference",
    responses((status = 302, description = "To the reference page at `/docs/`")))]
pub async fn docs() -> HttpResponse {
    HttpResponse::Found()
        .insert_header((LOCATION, "/docs/"))
        .finish()
}

/// The reference page's files, from the `utoipa-swagger-ui` crate's vendored Swagger UI.
pub fn reference_page() -> SwaggerUi {
    SwaggerUi::new("/docs/{_:.*}").config(Config::from("/openapi.json"))
}

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-API-Key",
                "The partner's API key. A POST may instead carry it as the `api_key` field of \
                 its JSON body; it is never stored, logged or echoed.",
            ))),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "A signed-in person's session (`POST /app/partners/session`). A POST, PUT, \
                 PATCH or DELETE carried by it must send an `Origin` of the public URL or of \
                 `PARTNERHUB_CORS_ORIGINS`, else 403 `CROSS_SITE_REQUEST`.",
            ))),
        );
        components.add_security_scheme(
            "operator_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("`Authorization: Bearer <PARTNERHUB_ADMIN_TOKEN>`"))
                    .build(),
            ),
        );
        // Every route that takes the API key takes the session cookie as well.
        for item in document.paths.paths.values_mut() {
            for operation in operations_of(item) {
                if let Some(requirements) = operation.security.as_mut()
                    && takes_api_key(requirements)
                {
                    requirements.push(SecurityRequirement::new("session", Vec::<String>::new()));
                }
            }
        }
    }
}

/// Whether any of the requirements names the `api_key` scheme (utoipa keeps them opaque).
fn takes_api_key(requirements: &[SecurityRequirement]) -> bool {
    serde_json::to_value(requirements)
        .ok()
        .and_then(|value| value.as_array().cloned())
        .is_some_and(|alternatives| {
            alternatives
                .iter()
                .any(|alternative| alternative.get("api_key").is_some())
        })
}

/// The answers every operation of a kind can give, added where the handler does not
/// describe them itself.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, document: &mut Document) {
        for (path, item) in document.paths.paths.iter_mut() {
            let partner = path.starts_with(super::PARTNER_API);
            // The portal's own routes describe their answers themselves.
            let api = partner || path.starts_with(super::admin::ADMIN_API);
            let has_path_parameter = path.contains('{');
            // (the operation, whether it reads a body, whether it changes anything)
            let operations = [
                (&mut item.get, false, false),
                (&mut item.post, true, true),
                (&mut item.put, true, true),
                (&mut item.patch, true, true),
                (&mut item.delete, false, true),
            ];
            for (operation, reads_body, changes) in operations {
                let Some(operation) = operation.as_mut() else {
                    continue;
                };
                if has_path_parameter {
                    add(
                        operation,
                        "404",
                        "Not found (also for another partner's resource)",
                    );
                }
                if !api {
                    continue;
                }
                let authenticated = operation
                    .security
                    .as_ref()
                    .is_some_and(|requirements| !requirements.is_empty());
                add(operation, "400", "A malformed query value or header");
                if authenticated {
                    add(operation, "401", "Missing or invalid credentials");
                }
                if reads_body {
                    add(operation, "413", "The body is over 64 KiB");
                }
                if partner && changes && authenticated {
                    add(
                        operation,
                        "403",
                        "`CROSS_SITE_REQUEST`: sent with the session cookie from a page of another site",
                    );
                }
                if partner {
                    add(
                        operation,
                        "429",
                        "Over the hourly quota (or the validate guard); see `Retry-After`",
                    );
                }
                add(
                    operation,
                    "500",
                    "`Internal server error`; the cause is logged with the request id",
                );
                add(
                    operation,
                    "503",
                    "`SERVICE_UNAVAILABLE`: the database is away for a moment; nothing changed; see `Retry-After`",
                );
            }
        }
    }
}

/// Operation ids from method and path (`post_partner_leads_submit`), unique by construction:
/// handlers in different modules share names like `show`.
struct OperationIds;

impl Modify for OperationIds {
    fn modify(&self, document: &mut Document) {
        for (path, item) in document.paths.paths.iter_mut() {
            let name = path
                .replacen(super::PARTNER_API, "/partner", 1)
                .replacen(super::admin::ADMIN_API, "/operator", 1)
                .split('/')
                .filter(|segment| !segment.is_empty())
                .map(|segment| segment.trim_matches(['{', '}']).replace(['-', '.'], "_"))
                .collect::<Vec<_>>()
                .join("_");
            let operations = [
                ("get", &mut item.get),
                ("post", &mut item.post),
                ("put", &mut item.put),
                ("patch", &mut item.patch),
                ("delete", &mut item.delete),
            ];
            for (method, operation) in operations {
                if let Some(operation) = operation {
                    operation.operation_id = Some(format!("{method}_{name}"));
                }
            }
        }
    }
}

fn operations_of(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.post.as_mut(),
        item.put.as_mut(),
        item.patch.as_mut(),
        item.delete.as_mut(),
    ]
    .into_iter()
    .flatten()
}

fn add(operation: &mut Operation, status: &str, description: &str) {
    operation
        .responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| RefOr::T(error_response(description)));
}

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build(),
        )
        .build()
}

/// Registers `/openapi.json` and `/docs`.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(super::endpoint::Endpoint::new("/openapi.json").get(openapi_json))
        .service(super::endpoint::Endpoint::new("/docs").get(docs))
        .service(reference_page());
}
