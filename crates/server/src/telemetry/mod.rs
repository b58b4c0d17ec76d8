mod json_line;

use crate::config::LogFormat;
use json_line::JsonLine;
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Logs go to stderr, so that the CLI's stdout carries only its JSON answer.
pub fn init(format: LogFormat) {
    let mut filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // tokio-postgres logs bound query parameters (lead PII) at debug level: never show them.
    if let Ok(quiet) = QUIET_POSTGRES.parse() {
        filter = filter.add_directive(quiet);
    }
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Json => builder.json().event_format(JsonLine).init(),
        LogFormat::Pretty => builder.init(),
    }
}

const QUIET_POSTGRES: &str = "tokio_postgres=info";

#[cfg(test)]
mod tests {
    #[test]
    fn the_quiet_directive_parses() {
        assert!(
            super::QUIET_POSTGRES
                .parse::<tracing_subscriber::filter::Directive>()
                .is_ok()
        );
    }
}
