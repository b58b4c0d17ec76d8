use crate::config::Settings;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "partnerhub",
    version,
    about = "PartnerHub: the partner-referral backend",
    after_help = "RUST_LOG sets the log filter (default: info). A .env file in the working directory is read first."
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve the API and deliver webhooks.
    Serve {
        /// Serve the API only; run `partnerhub worker` elsewhere to deliver webhooks.
        #[arg(long)]
        no_worker: bool,
    },
    /// Apply pending migrations, then deliver webhooks (no API).
    Worker,
    /// Apply pending migrations.
    Migrate,
    /// Print the OpenAPI document (`partnerhub openapi > docs/openapi.json` updates the snapshot).
    Openapi,
    /// Manage partners.
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// Manage the funding types leads may name.
    #[command(subcommand, name = "funding-type")]
    FundingType(FundingTypeCommand),
    /// Manage webhook secrets at rest.
    #[command(subcommand)]
    Secrets(SecretsCommand),
}

#[derive(Subcommand)]
pub enum SecretsCommand {
    /// Store every webhook secret under PARTNERHUB_SECRET_KEY (opened with it or an earlier
    /// key), or in clear when no key is set; prints {"resealed": <endpoints changed>}.
    Reseal,
}

#[derive(Subcommand)]
pub enum PartnerCommand {
    /// Create a partner; prints {"partner_id": ..., "api_key": "..."}.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        lead_handling: Option<LeadHandlingArg>,
        #[arg(long = "parent")]
        parent: Option<i64>,
        #[arg(long)]
        rate_limit_per_hour: Option<i64>,
    },
    /// Issue a new API key and revoke the old one; prints {"partner_id": ..., "api_key": "..."}.
    RotateKey {
        #[arg(long)]
        id: i64,
    },
    /// Invite a person to the partner's portal; prints {"invitation": {...}, "url": "..."}.
    Invite {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        email: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum LeadHandlingArg {
    FullManagement,
    FundingOnly,
}

#[derive(Subcommand)]
pub enum FundingTypeCommand {
    /// Add a funding type (or re-activate it).
    Add { name: String },
    /// Stop accepting a funding type on new leads.
    Deactivate { name: String },
}
