//! The operator API's credential: `Authorization: Bearer <PARTNERHUB_ADMIN_TOKEN>`.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use partnerhub_domain::audit::Actor;
use partnerhub_persistence::audit::Audit;
use std::future::{Ready, ready};
use subtle::ConstantTimeEq;

/// Present in a handler's arguments, it admits only the platform's staff. Partner API keys
/// never open it; with no token configured, nothing does. Its changes are audited as the
/// operator's.
pub struct Operator {
    audit: Audit,
}

impl Operator {
    pub fn audit(&self) -> &Audit {
        &self.audit
    }
}

impl FromRequest for Operator {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let presented = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| !token.is_empty());
        let Some(presented) = presented else {
            return ready(Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Admin token required",
            )));
        };
        let configured = request
            .app_data::<web::Data<AppState>>()
            .and_then(|state| state.settings.admin_token.clone());
        let admitted = configured
            .is_some_and(|token| bool::from(token.as_bytes().ct_eq(presented.as_bytes())));
        ready(if admitted {
            Ok(Operator {
                audit: crate::audit::audit(request, Actor::Operator),
            })
        } else {
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Invalid admin token",
            ))
        })
    }
}
