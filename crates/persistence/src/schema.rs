// Written to match migrations/; `cargo test -p partnerhub-persistence` checks them against each other.

pub mod sql_types {
    pub use partnerhub_domain::sql_types::{
        ApplicationStatus, KeyMode, LeadHandling, PartnerStatus, PipelineStage, QuoteGroupStatus,
        QuoteStatus, ReferralType,
    };

    #[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(name = "commission_kind"))]
    pub struct CommissionKind;

    #[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(name = "commission_status"))]
    pub struct CommissionStatus;

    #[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(name = "payout_status"))]
    pub struct PayoutStatus;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::{LeadHandling, PartnerStatus};

    partners (id) {
        id -> Int8,
        name -> Text,
        email -> Text,
        status -> PartnerStatus,
        parent_partner_id -> Nullable<Int8>,
        lead_handling -> Nullable<LeadHandling>,
        rate_limit_per_hour -> Int4,
        commission_plan_bps -> Array<Int4>,
        referral_code -> Text,
        landing_url -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        commission_hold_days -> Nullable<Int4>,
        phone -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::KeyMode;

    api_keys (id) {
        id -> Int8,
        partner_id -> Int8,
        key_hash -> Bytea,
        created_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        mode -> KeyMode,
    }
}

diesel::table! {
    funding_types (name) {
        name -> Text,
        active -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::{PipelineStage, QuoteGroupStatus, ReferralType};

    leads (id) {
        id -> Int8,
        partner_id -> Int8,
        referral_type -> ReferralType,
        stage -> PipelineStage,
        first_name -> Text,
        last_name -> Text,
        date_of_birth -> Nullable<Date>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        company_name -> Nullable<Text>,
        residential_street -> Nullable<Text>,
        residential_city -> Nullable<Text>,
        residential_state -> Nullable<Text>,
        residential_zip -> Nullable<Text>,
        notes -> Nullable<Text>,
        funding_type -> Nullable<Text>,
        utm_source -> Nullable<Text>,
        utm_medium -> Nullable<Text>,
        utm_campaign -> Nullable<Text>,
        utm_term -> Nullable<Text>,
        utm_content -> Nullable<Text>,
        tcpa_consent -> Nullable<Bool>,
        consent_timestamp -> Nullable<Timestamptz>,
        ip_address -> Nullable<Text>,
        source_url -> Nullable<Text>,
        consent_text -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        trustedform_cert_url -> Nullable<Text>,
        funded_amount_cents -> Nullable<Int8>,
        quote_group_status -> Nullable<QuoteGroupStatus>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        /// Generated from `stage`: 0 click, 1 lead, 2 application, 3 funded.
        coarse -> Int2,
        funding_round -> Int4,
        test -> Bool,
        flags -> Array<Text>,
        visitor_hash -> Nullable<Bytea>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::QuoteStatus;

    lead_quotes (id) {
        id -> Int8,
        lead_id -> Int8,
        position -> Int4,
        quote_type -> Text,
        amount_cents -> Nullable<Int8>,
        status -> QuoteStatus,
    }
}

diesel::table! {
    idempotency_keys (partner_id, idempotency_key) {
        partner_id -> Int8,
        idempotency_key -> Text,
        request_hash -> Bytea,
        response_status -> Nullable<Int2>,
        response_body -> Nullable<Jsonb>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::PipelineStage;

    lead_status_history (id) {
        id -> Int8,
        lead_id -> Int8,
        from_stage -> Nullable<PipelineStage>,
        to_stage -> PipelineStage,
        actor -> Text,
        note -> Nullable<Text>,
        forced -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    events (id) {
        id -> Int8,
        partner_id -> Int8,
        event_type -> Text,
        payload -> Json,
        created_at -> Timestamptz,
        test_endpoint_id -> Nullable<Int8>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::PipelineStage;

    referral_count_deltas (id) {
        id -> Int8,
        partner_id -> Int8,
        day -> Date,
        stage -> PipelineStage,
        delta -> Int4,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::PipelineStage;

    referral_daily_counts (partner_id, day, stage) {
        partner_id -> Int8,
        day -> Date,
        stage -> PipelineStage,
        count -> Int4,
    }
}

diesel::table! {
    partner_unheld_pending (partner_id) {
        partner_id -> Int8,
        cents -> Int8,
    }
}

diesel::table! {
    referral_daily_statuses (partner_id, day) {
        partner_id -> Int8,
        day -> Date,
        click -> Int4,
        lead -> Int4,
        application -> Int4,
        funded -> Int4,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::PipelineStage;

    referral_total_counts (partner_id, stage) {
        partner_id -> Int8,
        stage -> PipelineStage,
        count -> Int8,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::PayoutStatus;

    payouts (id) {
        id -> Int8,
        partner_id -> Int8,
        amount_cents -> Int8,
        status -> PayoutStatus,
        failure_reason -> Nullable<Text>,
        created_at -> Timestamptz,
        processed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::{CommissionKind, CommissionStatus};

    commissions (id) {
        id -> Int8,
        partner_id -> Int8,
        lead_id -> Int8,
        funding_round -> Int4,
        level -> Int2,
        kind -> CommissionKind,
        basis_points -> Int4,
        funded_amount_cents -> Int8,
        amount_cents -> Int8,
        status -> CommissionStatus,
        payout_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        payable_at -> Timestamptz,
        held_for_review -> Bool,
        reason -> Nullable<Text>,
        lead_created_at -> Timestamptz,
    }
}

diesel::table! {
    partner_earnings (partner_id) {
        partner_id -> Int8,
        pending_cents -> Int8,
        paid_cents -> Int8,
        commission_count -> Int8,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> Int8,
        partner_id -> Int8,
        url -> Text,
        description -> Nullable<Text>,
        event_types -> Array<Text>,
        enabled -> Bool,
        disabled_reason -> Nullable<Text>,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Timestamptz>,
        failing_since -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Int8,
        endpoint_id -> Int8,
        event_id -> Int8,
        status -> Text,
        attempt_count -> Int4,
        failures_in_row -> Int4,
        next_attempt_at -> Timestamptz,
        claim -> Nullable<Int8>,
        created_at -> Timestamptz,
        completed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Int8,
        delivery_id -> Int8,
        attempted_at -> Timestamptz,
        succeeded -> Bool,
        response_status -> Nullable<Int4>,
        response_body -> Nullable<Text>,
        error -> Nullable<Text>,
        latency_ms -> Int4,
    }
}

diesel::table! {
    partner_users (id) {
        id -> Int8,
        partner_id -> Int8,
        email -> Text,
        password_hash -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    partner_invitations (id) {
        id -> Int8,
        partner_id -> Int8,
        email -> Text,
        token_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    partner_sessions (id) {
        id -> Int8,
        token_hash -> Bytea,
        user_id -> Int8,
        partner_id -> Int8,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Int8,
        email_hash -> Bytea,
        client_hash -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    partner_earnings_daily (partner_id, day) {
        partner_id -> Int8,
        day -> Date,
        earned_cents -> Int8,
        paid_cents -> Int8,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::ApplicationStatus;

    partner_applications (id) {
        id -> Int8,
        name -> Text,
        email -> Text,
        company_name -> Nullable<Text>,
        website -> Nullable<Text>,
        message -> Nullable<Text>,
        status -> ApplicationStatus,
        reason -> Nullable<Text>,
        partner_id -> Nullable<Int8>,
        client_hash -> Bytea,
        created_at -> Timestamptz,
        decided_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        actor -> Text,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        partner_id -> Nullable<Int8>,
        changes -> Jsonb,
        request_id -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(api_keys -> partners (partner_id));
diesel::joinable!(commissions -> leads (lead_id));
diesel::joinable!(commissions -> payouts (payout_id));
diesel::table! {
    /// Written only by `take_rate_tokens` and `return_rate_tokens` (rate_buckets.rs).
    rate_buckets (partner_id, kind) {
        partner_id -> Int8,
        kind -> Int2,
        tat -> Float8,
    }
}

diesel::table! {
    visitor_keys (day) {
        day -> Date,
        key -> Bytea,
    }
}

diesel::joinable!(lead_status_history -> leads (lead_id));
diesel::joinable!(events -> partners (partner_id));
diesel::joinable!(leads -> partners (partner_id));
diesel::joinable!(lead_quotes -> leads (lead_id));
diesel::joinable!(idempotency_keys -> partners (partner_id));
diesel::joinable!(webhook_endpoints -> partners (partner_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_deliveries -> events (event_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::joinable!(partner_users -> partners (partner_id));
diesel::joinable!(partner_invitations -> partners (partner_id));
diesel::joinable!(partner_sessions -> partner_users (user_id));
diesel::joinable!(partner_sessions -> partners (partner_id));
diesel::joinable!(partner_earnings_daily -> partners (partner_id));
diesel::allow_tables_to_appear_in_same_query!(
    partners,
    api_keys,
    funding_types,
    leads,
    lead_quotes,
    idempotency_keys,
    lead_status_history,
    events,
    referral_count_deltas,
    referral_daily_counts,
    referral_daily_statuses,
    referral_total_counts,
    payouts,
    commissions,
    partner_earnings,
    webhook_endpoints,
    webhook_deliveries,
    webhook_attempts,
    partner_users,
    partner_invitations,
    partner_sessions,
    login_failures,
    partner_earnings_daily,
    partner_unheld_pending,
    partner_applications,
    audit_log,
    rate_buckets,
    visitor_keys,
);
