use crate::bodies::common::ErrorBody;
pub use crate::error_code::ErrorCode;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use partnerhub_persistence::StoreError;
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// Every error the API answers with; the body is always JSON with an `error` string.
#[derive(Debug)]
pub enum ApiError {
    /// A 4xx with a message and optionally a stable code and the offending field.
    Client {
        status: StatusCode,
        message: String,
        code: Option<ErrorCode>,
        field: Option<String>,
    },
    /// A 4xx whose body carries more than `error` (validation reports, settings notes).
    ClientBody { status: StatusCode, body: Value },
    /// A 429 with `Retry-After`: the hourly quota, the validate guard, the sign-in lockout.
    TooManyRequests {
        retry_after_secs: u64,
        code: ErrorCode,
        message: &'static str,
    },
    /// Logged with its cause; the client sees only "Internal server error".
    Internal(String),
    /// PostgreSQL is away; logged with its cause, answered 503 with `Retry-After`.
    Unavailable(String),
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self::Client {
            status,
            message: message.into(),
            code: None,
            field: None,
        }
    }

    pub fn coded(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Client {
            status,
            message: message.into(),
            code: Some(code),
            field: None,
        }
    }

    pub fn invalid_parameter(field: &str, message: impl Into<String>) -> Self {
        Self::Client {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            code: Some(ErrorCode::InvalidParameter),
            field: Some(field.to_string()),
        }
    }

    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Self::Client {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            code: Some(ErrorCode::InvalidField),
            field: Some(field.to_string()),
        }
    }

    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::coded(StatusCode::CONFLICT, code, message)
    }

    /// A 4xx with a body of its own shape.
    pub fn with_body(status: StatusCode, body: &impl Serialize) -> Self {
        match serde_json::to_value(body) {
            Ok(body) => Self::ClientBody { status, body },
            Err(error) => Self::Internal(format!("serializing an error body: {error}")),
        }
    }

    /// Over the hourly quota or the validate guard: the seed's `Rate limit exceeded`.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::TooManyRequests {
            retry_after_secs,
            code: ErrorCode::RateLimited,
            message: "Rate limit exceeded",
        }
    }

    pub fn not_found(message: &'static str) -> Self {
        Self::coded(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Client {
                status, message, ..
            } => write!(f, "{status}: {message}"),
            Self::ClientBody { status, .. } => write!(f, "{status}"),
            Self::TooManyRequests { message, .. } => f.write_str(message),
            Self::Internal(cause) => write!(f, "internal error: {cause}"),
            Self::Unavailable(cause) => write!(f, "database unavailable: {cause}"),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::EmailInUse => Self::Client {
                status: StatusCode::CONFLICT,
                message: "Email already in use".to_string(),
                code: Some(ErrorCode::EmailInUse),
                field: Some("email".to_string()),
            },
            other if other.is_unavailable() => Self::Unavailable(other.to_string()),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Client { status, .. } | Self::ClientBody { status, .. } => *status,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        match self {
            Self::Client {
                message,
                code,
                field,
                ..
            } => response.json(ErrorBody {
                error: message.clone(),
                code: *code,
                field: field.clone(),
            }),
            Self::ClientBody { body, .. } => response.json(body),
            Self::TooManyRequests {
                retry_after_secs,
                code,
                message,
            } => response
                .insert_header(("Retry-After", retry_after_secs.to_string()))
                .json(ErrorBody {
                    error: (*message).to_string(),
                    code: Some(*code),
                    field: None,
                }),
            Self::Unavailable(cause) => {
                tracing::warn!(%cause, "database unavailable");
                response
                    .insert_header(("Retry-After", "1"))
                    .json(ErrorBody {
                        error: "Service temporarily unavailable".to_string(),
                        code: Some(ErrorCode::ServiceUnavailable),
                        field: None,
                    })
            }
            Self::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                response.json(ErrorBody {
                    error: "Internal server error".to_string(),
                    code: None,
                    field: None,
                })
            }
        }
    }
}
