//! The PostgreSQL enum types that domain enums are stored as (the `diesel` feature); the
//! persistence crate's schema names them.

#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(name = "partner_status"))]
pub struct PartnerStatus;

#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(name = "lead_handling"))]
pub struct LeadHandling;

#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(name = "referral_type"))]
pub struct ReferralType;

#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(name = "pipeline_stage"))]
pub struct PipelineStage;

#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(name = "quote_status"))]
pub struct QuoteStatus;

#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(name = "quote_group_status"))]
pub struct QuoteGroupStatus;

#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(name = "key_mode"))]
pub struct KeyMode;

#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(name = "application_status"))]
pub struct ApplicationStatus;
