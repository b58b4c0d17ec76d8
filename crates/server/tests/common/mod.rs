//! What the CLI test binaries share.

use partnerhub_test_support::TestDatabase;
use std::process::{Command, Output};

/// Runs the real binary against `database`, at the default log level, JSON logs.
pub fn partnerhub(database: &TestDatabase, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .args(args)
        .env("DATABASE_URL", &database.url)
        .env("PARTNERHUB_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .output()
        .expect("cannot run partnerhub")
}
