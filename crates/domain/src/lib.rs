//! PartnerHub's business rules. Nothing here does IO or knows about HTTP or SQL.

pub mod api_key;
pub mod application;
pub mod audit;
pub mod commissions;
pub mod earning_rules;
pub mod events;
pub mod field_error;
pub mod funding_types;
pub mod ids;
pub mod lead;
pub mod lead_view;
pub mod money;
pub mod partner;
pub mod password;
pub mod pipeline;
pub mod quotes;
pub mod reference_id;
pub mod secret_token;
pub mod sign_in;
#[cfg(feature = "diesel")]
pub mod sql_types;
pub mod timeseries;
pub mod timestamps;
pub mod tracking;
pub mod webhooks;

pub use api_key::{ApiKey, ApiKeyHash, KeyMode};
pub use field_error::FieldError;
pub use funding_types::AcceptedFundingTypes;
pub use ids::{
    AttemptId, CommissionId, DeliveryId, EventId, InvitationId, LeadId, PartnerId, PayoutId,
    SessionId, UserId, WebhookId,
};
pub use lead_view::{LeadView, ReferralType};
pub use money::Cents;
pub use partner::{LeadHandling, PartnerStatus};
pub use pipeline::{CoarseStatus, Stage};
pub use reference_id::ReferenceId;
pub use secret_token::{SecretToken, TokenHash};
