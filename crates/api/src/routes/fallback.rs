use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::json;

pub async fn not_found() -> HttpResponse {
    HttpResponse::build(StatusCode::NOT_FOUND).json(json!({ "error": "Not found" }))
}
