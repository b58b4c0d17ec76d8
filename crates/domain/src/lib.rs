//! PartnerHub's business rules. Nothing here does IO or knows about HTTP or SQL.

pub mod api_key;
pub mod commissions;
pub mod events;
pub mod field_error;
pub mod funding_types;
pub mod ids;
pub mod lead;
pub mod lead_view;
pub mod money;
pub mod partner;
pub mod pipeline;
pub mod quotes;
pub mod reference_id;
#[cfg(feature = "diesel")]
pub mod sql_types;
pub mod timestamps;
pub mod webhooks;

pub use api_key::{ApiKey, ApiKeyHash};
pub use field_error::FieldError;
pub use funding_types::AcceptedFundingTypes;
pub use ids::{
    AttemptId, CommissionId, DeliveryId, EventId, LeadId, PartnerId, PayoutId, WebhookId,
};
pub use lead_view::{LeadView, ReferralType};
pub use money::Cents;
pub use partner::{LeadHandling, PartnerStatus};
pub use pipeline::{CoarseStatus, Stage};
pub use reference_id::ReferenceId;
