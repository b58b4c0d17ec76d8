use crate::error::ErrorCode;
use serde::Serialize;
use utoipa::ToSchema;

/// Every error: `error` always; a stable `code` and the offending `field` when they apply.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// `{"success": true}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Success {
    pub success: bool,
}

impl Success {
    pub const YES: Self = Self { success: true };
}

/// The `pagination` object of every paged answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Pagination {
    page: i64,
    per_page: i64,
    total: i64,
    total_pages: i64,
}

impl Pagination {
    pub fn new(page: i64, per_page: i64, total: i64) -> Self {
        Self {
            page,
            per_page,
            total,
            total_pages: (total + per_page - 1) / per_page,
        }
    }
}

/// `GET /healthz` and `GET /readyz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` (the process is up) or `ready` (the database answers).
    pub status: &'static str,
}
