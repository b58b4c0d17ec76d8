use crate::caches::KeyHolder;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::StatusCode;
use partnerhub_domain::ApiKeyHash;
use partnerhub_domain::PartnerStatus;
use partnerhub_domain::lead::API_KEY_FIELD;
use partnerhub_persistence::partners;
use serde_json::{Map, Value};
use std::sync::Arc;

pub const API_KEY_HEADER: &str = "x-api-key";

/// The key in the body's `api_key` field, if there is one and it is not blank.
pub fn body_key(body: &Map<String, Value>) -> Option<&str> {
    body.get(API_KEY_FIELD)?
        .as_str()
        .map(str::trim)
        .filter(|key| !key.is_empty())
}

/// The active partner owning `key`, and the key's mode; unknown, revoked and inactive keys
/// get one answer.
pub async fn authenticate(state: &AppState, key: Option<&str>) -> Result<KeyHolder, ApiError> {
    let key = key.ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "API key required"))?;
    let hash = ApiKeyHash::of(key);
    let holder = match state.partners.get(&hash) {
        Some(holder) => Some(holder),
        None => {
            let generation = state.partners.generation();
            let mut conn = state.connection().await?;
            let found =
                partners::find_by_key_hash(&mut conn, &hash)
                    .await?
                    .map(|(partner, mode)| KeyHolder {
                        partner: Arc::new(partner),
                        mode,
                    });
            if let Some(holder) = &found {
                state.partners.insert(&hash, holder.clone(), generation);
            }
            found
        }
    };
    let holder = holder
        .filter(|holder| holder.partner.status == PartnerStatus::Active)
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "Invalid or inactive API key"))?;
    Ok(holder)
}
