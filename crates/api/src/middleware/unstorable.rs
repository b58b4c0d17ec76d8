//! PostgreSQL cannot store a NUL character in text. A path holding one names nothing (404);
//! a query value holding one is a 400 naming the parameter, except on the public tracking
//! link, whose handler drops such `utm_*` values instead. Bodies are checked where they are
//! read (`json_body`).

use crate::error::ApiError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};

pub async fn refuse(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if let Some(error) = unstorable(&request) {
        let response = error.error_response();
        return Ok(request.into_response(response).map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}

fn unstorable(request: &ServiceRequest) -> Option<ApiError> {
    let uri = request.uri();
    if contains_encoded_nul(uri.path()) {
        return Some(ApiError::new(StatusCode::NOT_FOUND, "Not found"));
    }
    if uri.path().starts_with("/r/") {
        return None;
    }
    let query = uri.query().unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, value)| name.contains('\0') || value.contains('\0'))
        .map(|(name, _)| {
            let name = name.replace('\0', "\\u0000");
            ApiError::invalid_parameter(
                &name,
                format!("Invalid {name}: contains a NUL character, which cannot be stored"),
            )
        })
}

fn contains_encoded_nul(path: &str) -> bool {
    path.as_bytes().windows(3).any(|window| window == b"%00")
}

#[cfg(test)]
mod tests {
    use super::contains_encoded_nul;

    #[test]
    fn only_an_encoded_nul_counts() {
        assert!(contains_encoded_nul("/r/ab%00c"));
        assert!(!contains_encoded_nul("/r/ab%2500c"));
        assert!(!contains_encoded_nul("/leads/20240101-100"));
    }
}
