//! The authenticated partner as an extractor. `Partner` reads the `X-API-Key` header, else
//! the portal's session cookie; `PartnerRequest` also reads the JSON body and, without the
//! header, takes the key from its `api_key` field before falling back to the cookie. Each
//! meters the call (one quota per partner, whichever credential) and leaves the quota in the
//! request's extensions, where the `quota_headers` middleware puts it on whatever the call
//! answers. A change carried by the cookie must come from the portal's own origin.

use crate::auth::{API_KEY_HEADER, authenticate, body_key};
use crate::error::{ApiError, ErrorCode};
use crate::json_body::read_object;
use crate::middleware::request_log::LoggedPartner;
use crate::rate_limit::QuotaState;
use crate::session;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use partnerhub_domain::audit::Actor;
use partnerhub_domain::lead::API_KEY_FIELD;
use partnerhub_domain::{ApiKey, KeyMode};
use partnerhub_persistence::audit::Audit;
use partnerhub_persistence::partners::Partner as PartnerRow;
use serde_json::{Map, Value};
use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;

/// How a call counts against the partner's limits.
pub trait Metering: 'static {
    fn meter(
        state: &AppState,
        partner: &PartnerRow,
    ) -> impl Future<Output = Result<QuotaState, (ApiError, QuotaState)>>;
}

/// One request of the hourly quota.
pub struct Hourly;

/// Outside the hourly quota, under the per-second guard of `/leads/validate`.
pub struct ValidateGuard;

fn limit_of(partner: &PartnerRow) -> u32 {
    u32::try_from(partner.rate_limit_per_hour).unwrap_or(1)
}

fn refused(limit: &'static str) {
    metrics::counter!("partnerhub_rate_limit_refusals_total", "limit" => limit).increment(1);
}

impl Metering for Hourly {
    async fn meter(
        state: &AppState,
        partner: &PartnerRow,
    ) -> Result<QuotaState, (ApiError, QuotaState)> {
        let limit = limit_of(partner);
        match state
            .limits
            .check_hourly(&state.pool, partner.id, limit)
            .await
        {
            Ok(Ok(quota)) => Ok(quota),
            Ok(Err(exceeded)) => {
                refused("hourly");
                let error = ApiError::rate_limited(exceeded.retry_after_secs);
                Err((error, exceeded.quota))
            }
            Err(error) => Err((error.into(), state.limits.peek_hourly(partner.id, limit))),
        }
    }
}

impl Metering for ValidateGuard {
    async fn meter(
        state: &AppState,
        partner: &PartnerRow,
    ) -> Result<QuotaState, (ApiError, QuotaState)> {
        let quota = state.limits.peek_hourly(partner.id, limit_of(partner));
        match state.limits.check_validate(&state.pool, partner.id).await {
            Ok(Ok(())) => Ok(quota),
            Ok(Err(retry_after_secs)) => {
                refused("validate");
                Err((ApiError::rate_limited(retry_after_secs), quota))
            }
            Err(error) => Err((error.into(), quota)),
        }
    }
}

/// How the caller proved who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// An API key: live, or a test key (`phk_test_`) that sees test leads only.
    ApiKey { mode: KeyMode, label: String },
    /// A signed-in person, by the portal's session cookie; a person works on live leads.
    Session { user_email: String },
}

impl Credential {
    /// Whether the call works on test leads.
    pub fn test(&self) -> bool {
        matches!(
            self,
            Self::ApiKey {
                mode: KeyMode::Test,
                ..
            }
        )
    }

    fn actor(&self) -> Actor {
        match self {
            Self::ApiKey { label, .. } => Actor::ApiKey(label.clone()),
            Self::Session { user_email } => Actor::Person(user_email.clone()),
        }
    }
}

/// The partner behind the `X-API-Key` header or the session cookie, its call counted against
/// the hourly quota.
pub struct Partner {
    row: Arc<PartnerRow>,
    pub credential: Credential,
    audit: Audit,
}

impl Partner {
    /// Who the call's changes are made by, for the audit log.
    pub fn audit(&self) -> &Audit {
        &self.audit
    }
}

impl Deref for Partner {
    type Target = PartnerRow;

    fn deref(&self) -> &PartnerRow {
        &self.row
    }
}

/// A call with a JSON object body: the partner (header, else the body's `api_key`, else the
/// session cookie) and the body.
pub struct PartnerRequest<M: Metering = Hourly> {
    pub partner: Arc<PartnerRow>,
    pub credential: Credential,
    pub audit: Audit,
    pub body: Map<String, Value>,
    metering: PhantomData<M>,
}

fn state_of(request: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal("no application state".into()))
}

/// The `X-API-Key` header's key, if sent and not blank; sent twice, it is refused rather
/// than guessed.
fn header_key(request: &HttpRequest) -> Result<Option<String>, ApiError> {
    let mut sent = request.headers().get_all(API_KEY_HEADER);
    let first = sent.next();
    if sent.next().is_some() {
        return Err(ApiError::coded(
            StatusCode::BAD_REQUEST,
            ErrorCode::DuplicateApiKey,
            "Send exactly one X-API-Key header",
        ));
    }
    Ok(first
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .map(str::to_owned))
}

/// Authenticates the key, else the session cookie, and meters the call; the quota, once
/// known, goes into the extensions.
async fn authorize<M: Metering>(
    state: &AppState,
    request: &HttpRequest,
    key: Option<&str>,
) -> Result<(Arc<PartnerRow>, Credential), ApiError> {
    let (partner, credential) = match (key, session::presented(request)) {
        (None, Some(token)) => {
            session::refuse_cross_site(state, request)?;
            let opened = session::open(state, &token).await?;
            let credential = Credential::Session {
                user_email: opened.user_email,
            };
            (Arc::new(opened.partner), credential)
        }
        (key, _) => {
            let holder = authenticate(state, key).await?;
            let credential = Credential::ApiKey {
                mode: holder.mode,
                label: ApiKey::label(key.unwrap_or_default()),
            };
            (holder.partner, credential)
        }
    };
    request.extensions_mut().insert(LoggedPartner(partner.id));
    let metered = M::meter(state, &partner).await;
    let quota = match &metered {
        Ok(quota) | Err((_, quota)) => *quota,
    };
    request.extensions_mut().insert(quota);
    metered
        .map(|_| (partner, credential))
        .map_err(|(error, _)| error)
}

impl FromRequest for Partner {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            let state = state_of(&request)?;
            let key = header_key(&request)?;
            let (row, credential) = authorize::<Hourly>(&state, &request, key.as_deref()).await?;
            let audit = crate::audit::audit(&request, credential.actor());
            Ok(Partner {
                row,
                credential,
                audit,
            })
        })
    }
}

impl<M: Metering> FromRequest for PartnerRequest<M> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        let payload = payload.take();
        Box::pin(async move {
            let state = state_of(&request)?;
            let header = header_key(&request)?;
            // With the header, a bad key is refused before the body is read.
            let early = match header.as_deref() {
                Some(key) => Some(authorize::<M>(&state, &request, Some(key)).await?),
                None => None,
            };
            let body = read_object(&request, payload).await?;
            if body
                .get(API_KEY_FIELD)
                .is_some_and(|key| !key.is_string() && !key.is_null())
            {
                return Err(ApiError::invalid_field(
                    API_KEY_FIELD,
                    "Field 'api_key' must be a string",
                ));
            }
            let (partner, credential) = match early {
                Some(authorized) => authorized,
                None => authorize::<M>(&state, &request, body_key(&body)).await?,
            };
            let audit = crate::audit::audit(&request, credential.actor());
            Ok(Self {
                partner,
                credential,
                audit,
                body,
                metering: PhantomData,
            })
        })
    }
}
