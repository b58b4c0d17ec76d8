//! The OpenAPI 3.1 document, generated from the handlers' annotations and the body types;
//! served at `/openapi.json`, with a reference page at `/docs`. docs/openapi.json is a
//! snapshot of it (`partnerhub openapi > docs/openapi.json`), checked by a test.

mod storable;

use storable::StorableText;

use super::{account, admin, health, leads, referrals, referrer, tracking, webhooks};
use crate::bodies::common::ErrorBody;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};
use std::sync::OnceLock;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
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
            `X-RateLimit-Remaining` and `X-RateLimit-Reset`."
    ),
    paths(
        health::healthz, health::readyz, super::metrics_route, openapi_json, docs,
        tracking::follow,
        account::show,
        leads::list::list, leads::validate::validate, leads::submit::submit, leads::show::show,
        referrals::stats::stats, referrals::show::show,
        referrer::stats::stats, referrer::commissions::commissions,
        referrer::payouts::payouts, referrer::downline::downline,
        webhooks::list::list, webhooks::create::create, webhooks::update::update,
        webhooks::delete::delete, webhooks::rotate_secret::rotate_secret,
        webhooks::send_test::send_test, webhooks::deliveries::deliveries,
        webhooks::resend::resend,
        admin::partners::create::create, admin::partners::show::show, admin::partners::update::update,
        admin::partners::rotate_key::rotate_key,
        admin::funding_types::list::list, admin::funding_types::add::add, admin::funding_types::set_active::set_active,
        admin::leads::create::create, admin::leads::show::show,
        admin::leads::move_stage::move_stage, admin::leads::replace_quotes::replace_quotes,
        admin::referrals::convert,
        admin::payouts::run::run, admin::payouts::complete::complete, admin::payouts::fail::fail,
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
            "operator_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("`Authorization: Bearer <PARTNERHUB_ADMIN_TOKEN>`"))
                    .build(),
            ),
        );
    }
}

/// The answers every operation of a kind can give, added where the handler does not
/// describe them itself.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, document: &mut Document) {
        for (path, item) in document.paths.paths.iter_mut() {
            let partner = path.starts_with(super::PARTNER_API);
            let api = path.starts_with("/app/");
            let has_path_parameter = path.contains('{');
            let operations = [
                (&mut item.get, false),
                (&mut item.post, true),
                (&mut item.put, true),
                (&mut item.patch, true),
                (&mut item.delete, false),
            ];
            for (operation, reads_body) in operations {
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
                add(operation, "400", "A malformed query value or header");
                add(operation, "401", "Missing or invalid credentials");
                if reads_body {
                    add(operation, "413", "The body is over 64 KiB");
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
