use crate::error::ApiError;
use actix_web::HttpRequest;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::web::{BytesMut, Payload};
use futures_util::StreamExt;
use serde_json::{Map, Value};

pub const MAX_BODY_BYTES: usize = 64 * 1024;

fn too_large() -> ApiError {
    ApiError::coded(
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        "Request body must not exceed 64 KiB",
    )
}

/// Reads a POST body of at most 64 KiB, sent as `application/json`, holding a JSON object.
pub async fn read_object(
    request: &HttpRequest,
    mut payload: Payload,
) -> Result<Map<String, Value>, ApiError> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::coded(
            StatusCode::BAD_REQUEST,
            "UNSUPPORTED_CONTENT_TYPE",
            "Content-Type must be application/json",
        ));
    }
    let declared_length = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared_length.is_some_and(|length| length > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::coded(
                StatusCode::BAD_REQUEST,
                "MALFORMED_BODY",
                "Request body could not be read",
            )
        })?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::coded(
            StatusCode::BAD_REQUEST,
            "MALFORMED_JSON",
            "Request body must be a JSON object",
        )),
        Err(error) => Err(ApiError::coded(
            StatusCode::BAD_REQUEST,
            "MALFORMED_JSON",
            format!("Malformed JSON: {error}"),
        )),
    }
}
