use crate::cli::{FundingTypeCommand, LeadHandlingArg, PartnerCommand, SecretsCommand};
use crate::config::Config;
use partnerhub_api::Application;
use partnerhub_domain::LeadHandling;
use partnerhub_domain::partner::{self as partner_rules, FieldError};
use partnerhub_domain::timestamps::display;
use partnerhub_domain::{KeyMode, PartnerId, SecretToken};
use partnerhub_persistence::audit::Audit;
use partnerhub_persistence::partners::{self, PartnerDraft};
use partnerhub_persistence::{
    Doorbell, StoreError, api_keys, connect_pool, funding_types, invitations, migrations,
    webhook_endpoints,
};
use serde_json::json;
use std::sync::Arc;
use tokio::sync::Notify;

pub type CommandResult = Result<(), String>;

/// A refused field, said as the flag that carried it: `--email must be a valid email address`.
fn flag_error(error: FieldError) -> String {
    format!("--{} {}", error.field.replace('_', "-"), error.problem)
}

pub async fn migrate(config: &Config) -> CommandResult {
    let applied = migrations::run_pending(&config.database_url).await?;
    tracing::info!(applied, "migrations are up to date");
    Ok(())
}

pub async fn serve(config: &Config, with_worker: bool) -> CommandResult {
    migrate(config).await?;
    let pool = connect_pool(&config.database_url, config.pool_size)?;
    tokio::spawn(crate::background::fold_referral_counts(pool.clone()));
    tokio::spawn(crate::background::purge_expired_sign_ins(
        pool.clone(),
        config.api.sessions,
    ));
    let mut doorbell = Doorbell::start(config.database_url.clone());
    let stop_worker = Arc::new(Notify::new());
    let mut delivery = None;
    if with_worker {
        let wake = Arc::new(Notify::new());
        doorbell = doorbell.with_local_worker(wake.clone());
        let stop = stop_worker.clone();
        let worker = partnerhub_webhooks::run_until(
            config.database_url.clone(),
            config.webhooks.clone(),
            wake,
            async move { stop.notified().await },
        );
        delivery = Some(tokio::spawn(async move {
            if let Err(error) = worker.await {
                tracing::error!(%error, "the webhook worker stopped");
            }
        }));
    }
    let app = Application::build(
        &config.bind,
        &config.database_url,
        pool,
        config.api.clone(),
        doorbell,
    )
    .map_err(|error| format!("cannot listen on {}: {error}", config.bind))?;
    tracing::info!(bind = %config.bind, port = app.port(), "serving the PartnerHub API");
    // actix stops on SIGTERM or SIGINT once the requests in flight are answered.
    let served = app.run_until_stopped().await;
    if let Some(delivery) = delivery {
        stop_worker.notify_one();
        let _ = delivery.await;
    }
    served.map_err(|error| error.to_string())
}

pub async fn worker(config: &Config) -> CommandResult {
    migrate(config).await?;
    if let Some(bind) = &config.metrics_bind {
        let pool = connect_pool(&config.database_url, 1)?;
        let metrics = partnerhub_api::metrics::serve_alone(bind, pool)
            .map_err(|error| format!("cannot serve metrics on {bind}: {error}"))?;
        tokio::spawn(metrics);
        tracing::info!(bind = %bind, "serving /metrics");
    }
    tracing::info!(
        max_in_flight = config.webhooks.max_in_flight,
        "delivering webhooks"
    );
    partnerhub_webhooks::run_until(
        config.database_url.clone(),
        config.webhooks.clone(),
        Arc::new(Notify::new()),
        stop_signal(),
    )
    .await
}

/// SIGTERM or SIGINT.
async fn stop_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = terminate => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

async fn connection(config: &Config) -> Result<partnerhub_persistence::PooledConnection, String> {
    let pool = connect_pool(&config.database_url, 1)?;
    pool.get()
        .await
        .map_err(|error| format!("cannot connect to the database: {error}"))
}

pub async fn partner(config: &Config, command: PartnerCommand) -> CommandResult {
    let mut conn = connection(config).await?;
    let (partner_id, key) = match command {
        PartnerCommand::Create {
            name,
            email,
            lead_handling,
            parent,
            rate_limit_per_hour,
        } => {
            let draft = PartnerDraft {
                name: partner_rules::partner_name(&name).map_err(flag_error)?,
                email: partner_rules::partner_email(&email).map_err(flag_error)?,
                parent_partner_id: parent.map(PartnerId::new),
                lead_handling: lead_handling.map(|handling| match handling {
                    LeadHandlingArg::FullManagement => LeadHandling::FullManagement,
                    LeadHandlingArg::FundingOnly => LeadHandling::FundingOnly,
                }),
                rate_limit_per_hour: rate_limit_per_hour
                    .map(partner_rules::rate_limit_per_hour)
                    .transpose()
                    .map_err(flag_error)?,
                ..PartnerDraft::default()
            };
            if let Some(parent) = parent {
                existing(&mut conn, PartnerId::new(parent), "parent partner").await?;
            }
            let (partner, key) = partners::create_with_key(&mut conn, draft, &Audit::cli())
                .await
                .map_err(|error| match error {
                    StoreError::EmailInUse => {
                        "--email is already used by another partner".to_string()
                    }
                    other => other.to_string(),
                })?;
            (partner.id, key)
        }
        PartnerCommand::RotateKey { id } => {
            let id = PartnerId::new(id);
            existing(&mut conn, id, "partner").await?;
            let key = api_keys::rotate(&mut conn, id, KeyMode::Live, &Audit::cli())
                .await
                .map_err(|error| error.to_string())?;
            (id, key)
        }
        PartnerCommand::Invite { id, email } => {
            return invite(config, &mut conn, PartnerId::new(id), &email).await;
        }
    };
    println!(
        "{}",
        json!({ "partner_id": partner_id, "api_key": key.expose() })
    );
    Ok(())
}

/// Refuses, in one line, an id that names no partner.
async fn existing(
    conn: &mut partnerhub_persistence::PooledConnection,
    id: PartnerId,
    what: &str,
) -> CommandResult {
    match partners::find(conn, id).await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(format!("{what} {id} does not exist")),
        Err(error) => Err(error.to_string()),
    }
}

/// Prints what the operator API's `POST /partners/{id}/invitations` answers.
async fn invite(
    config: &Config,
    conn: &mut partnerhub_persistence::PooledConnection,
    id: PartnerId,
    email: &str,
) -> CommandResult {
    let email = partner_rules::partner_email(email).map_err(flag_error)?;
    existing(conn, id, "partner").await?;
    let token = SecretToken::generate().map_err(|error| error.to_string())?;
    let invitation = invitations::create(conn, id, &email, &token.hash(), &Audit::cli())
        .await
        .map_err(|error| match error {
            StoreError::EmailInUse => "--email already signs in to another partner".to_string(),
            other => other.to_string(),
        })?;
    println!(
        "{}",
        json!({
            "invitation": {
                "email": invitation.email,
                "expires_at": display(invitation.expires_at),
            },
            "url": partnerhub_api::invitation_url(&config.api.public_url, token.expose()),
        })
    );
    Ok(())
}

pub async fn funding_type(config: &Config, command: FundingTypeCommand) -> CommandResult {
    let mut conn = connection(config).await?;
    let (name, active) = match command {
        FundingTypeCommand::Add { name } => {
            let name = partner_rules::funding_type_name(&name)
                .map_err(|error| format!("NAME {}", error.problem))?;
            let added = funding_types::add(&mut conn, &name, &Audit::cli())
                .await
                .map_err(|e| e.to_string())?;
            (added.name, added.active)
        }
        FundingTypeCommand::Deactivate { name } => {
            let updated = funding_types::set_active(&mut conn, name.trim(), false, &Audit::cli())
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no funding type is named {name:?}"))?;
            (updated.name, updated.active)
        }
    };
    println!("{}", json!({ "name": name, "active": active }));
    Ok(())
}

pub async fn secrets(config: &Config, command: SecretsCommand) -> CommandResult {
    let SecretsCommand::Reseal = command;
    let mut conn = connection(config).await?;
    let resealed = webhook_endpoints::reseal_all(&mut conn, &config.api.secret_keys)
        .await
        .map_err(|error| error.to_string())?
        .map_err(|error| format!("cannot reseal: {error}"))?;
    println!("{}", json!({ "resealed": resealed }));
    Ok(())
}
