use crate::bodies::back_office::ApplicationReceived;
use crate::bodies::common::ErrorBody;
use crate::bodies::requests::ApplicationCreate;
use crate::error::{ApiError, ErrorCode};
use crate::fields::Fields;
use crate::json_body::read_object;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::{HttpRequest, HttpResponse, web};
use partnerhub_domain::application::ApplicationDraft;
use partnerhub_domain::sign_in::address_hash;
use partnerhub_persistence::applications::{self, ApplyRefused};

/// `POST /applications`: asks to become a partner; an operator decides. No key needed;
/// 10 an hour from one address. An email a partner or a pending application has is 409.
#[utoipa::path(post, path = "/app/partners/api/v1/applications", tag = "Applications",
    request_body = ApplicationCreate,
    responses(
        (status = 201, description = "Received; an operator decides", body = ApplicationReceived),
        (status = 400, description = "A field is missing or out of its rule", body = ErrorBody),
        (status = 409, description = "`EMAIL_IN_USE`: a partner or a pending application has the email", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB", body = ErrorBody),
        (status = 429, description = "`RATE_LIMITED`: 10 an hour from one address; see `Retry-After`", body = ErrorBody),
        (status = 500, description = "`Internal server error`", body = ErrorBody)))]
pub async fn create(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields(read_object(&request, payload).await?);
    let draft = ApplicationDraft::parse(
        fields.str("name")?.unwrap_or_default(),
        fields.str("email")?.unwrap_or_default(),
        fields.str("company_name")?,
        fields.str("website")?,
        fields.str("message")?,
    )?;
    let client = request
        .peer_addr()
        .map(|address| address.ip().to_string())
        .unwrap_or_default();
    let client_hash = address_hash(&client);
    let mut conn = state.connection().await?;
    let request_id = crate::audit::request_id(&request);
    match applications::create(&mut conn, &draft, &client_hash, request_id.as_deref()).await? {
        Ok(application) => Ok(HttpResponse::Created().json(ApplicationReceived {
            success: true,
            application_id: application.id,
        })),
        Err(ApplyRefused::EmailInUse) => Err(ApiError::Client {
            status: StatusCode::CONFLICT,
            message: "A partner or a pending application already has this email".to_string(),
            code: Some(ErrorCode::EmailInUse),
            field: Some("email".to_string()),
        }),
        Err(ApplyRefused::TooMany { retry_after }) => Err(ApiError::TooManyRequests {
            retry_after_secs: u64::try_from(retry_after.num_seconds().max(1)).unwrap_or(1),
            code: ErrorCode::RateLimited,
            message: "Too many applications from this address; try again later",
        }),
    }
}
