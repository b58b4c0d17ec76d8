//! Values the answers carry that no stored type names.

use serde::Serialize;
use utoipa::ToSchema;

/// How one delivery attempt went.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttemptStatus {
    Succeeded,
    Failed,
}
