mod background;
mod cli;
mod commands;
mod config;
mod telemetry;

use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    if matches!(cli.command, Command::Openapi) {
        print!("{}", partnerhub_api::openapi_document());
        return ExitCode::SUCCESS;
    }
    let log_format = cli.settings.log_format();
    let config = match cli.settings.resolve() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("partnerhub: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(log_format);
    let outcome = match cli.command {
        Command::Serve { no_worker } => commands::serve(&config, !no_worker).await,
        Command::Worker => commands::worker(&config).await,
        Command::Migrate => commands::migrate(&config).await,
        Command::Openapi => Ok(()),
        Command::Partner(command) => commands::partner(&config, command).await,
        Command::FundingType(command) => commands::funding_type(&config, command).await,
        Command::Secrets(command) => commands::secrets(&config, command).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("partnerhub: {error}");
            ExitCode::FAILURE
        }
    }
}
