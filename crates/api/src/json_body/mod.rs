use crate::error::{ApiError, ErrorCode};
use actix_web::HttpRequest;
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::web::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use parse::{Parsed, parse};
use serde_json::{Map, Value};

mod parse;

pub const MAX_BODY_BYTES: usize = 64 * 1024;

fn too_large() -> ApiError {
    ApiError::coded(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
        "Request body must not exceed 64 KiB",
    )
}

/// As [`read_object`] for a body that may be left out: none at all reads as `{}`.
pub async fn read_optional_object<S>(
    request: &HttpRequest,
    payload: S,
) -> Result<Map<String, Value>, ApiError>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin,
{
    let declared = |name| request.headers().contains_key(name);
    let empty = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|length| length.trim() == "0");
    if !declared(CONTENT_TYPE) && (empty || !declared(CONTENT_LENGTH)) {
        return Ok(Map::new());
    }
    read_object(request, payload).await
}

/// Reads a POST body of at most 64 KiB, sent as `application/json`, holding a JSON object.
pub async fn read_object<S>(
    request: &HttpRequest,
    mut payload: S,
) -> Result<Map<String, Value>, ApiError>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin,
{
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::coded(
            StatusCode::BAD_REQUEST,
            ErrorCode::UnsupportedContentType,
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
    let mut body = BytesMut::with_capacity(declared_length.unwrap_or_default());
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::coded(
                StatusCode::BAD_REQUEST,
                ErrorCode::MalformedBody,
                "Request body could not be read",
            )
        })?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    match parse(&body) {
        // JSON can only spell a NUL as the escape `\u0000`: without a backslash there is none.
        Parsed::Object(object) if !body.contains(&b'\\') => Ok(object),
        Parsed::Object(object) => match unstorable_field(&object) {
            None => Ok(object),
            Some(field) => Err(ApiError::invalid_field(
                &field,
                format!("Field '{field}' contains a NUL character, which cannot be stored"),
            )),
        },
        Parsed::NotAnObject => Err(ApiError::coded(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            "Request body must be a JSON object",
        )),
        Parsed::Malformed(error) => Err(ApiError::coded(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("Malformed JSON: {error}"),
        )),
    }
}

/// The first field (as `a.b[2].c`) whose name or text holds a character PostgreSQL cannot
/// store in text: NUL. JSON itself rejects lone surrogates, the only other such text.
fn unstorable_field(object: &Map<String, Value>) -> Option<String> {
    let mut path = String::new();
    object_holds_nul(object, &mut path).then_some(path)
}

fn object_holds_nul(object: &Map<String, Value>, path: &mut String) -> bool {
    object.iter().any(|(name, item)| {
        let length = path.len();
        if length > 0 {
            path.push('.');
        }
        if name.contains('\0') {
            path.push_str(&name.replace('\0', "\\u0000"));
            return true;
        }
        path.push_str(name);
        let found = holds_nul(item, path);
        if !found {
            path.truncate(length);
        }
        found
    })
}

fn holds_nul(value: &Value, path: &mut String) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Object(object) => object_holds_nul(object, path),
        Value::Array(items) => items.iter().enumerate().any(|(index, item)| {
            let length = path.len();
            path.push_str(&format!("[{index}]"));
            let found = holds_nul(item, path);
            if !found {
                path.truncate(length);
            }
            found
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::unstorable_field;
    use serde_json::{Value, json};

    fn field(body: Value) -> Option<String> {
        unstorable_field(body.as_object().unwrap_or(&Default::default()))
    }

    #[test]
    fn names_the_first_field_holding_a_nul() {
        assert_eq!(field(json!({"a": "fine", "b": 1})), None);
        assert_eq!(field(json!({"notes": "x\u{0}y"})), Some("notes".into()));
        assert_eq!(
            field(json!({"quotes": [{"status": "ok"}, {"quote_type": "\u{0}"}]})),
            Some("quotes[1].quote_type".into())
        );
        assert_eq!(field(json!({"ke\u{0}y": 1})), Some("ke\\u0000y".into()));
    }
}
