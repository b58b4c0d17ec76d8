use crate::bodies::common::ErrorBody;
use actix_web::HttpResponse;

pub fn error_body(message: &str) -> ErrorBody {
    ErrorBody {
        error: message.to_string(),
        code: None,
        field: None,
    }
}

pub async fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(error_body("Not found"))
}
