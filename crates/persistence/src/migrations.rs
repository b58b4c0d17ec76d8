use diesel::Connection;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// Applies every pending migration; returns how many ran.
pub async fn run_pending(database_url: &str) -> Result<usize, String> {
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut connection = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url)
            .map_err(|error| format!("cannot connect to the database: {error}"))?;
        connection
            .run_pending_migrations(MIGRATIONS)
            .map(|applied| applied.len())
            .map_err(|error| format!("migration failed: {error}"))
    })
    .await
    .map_err(|error| format!("migration task failed: {error}"))?
}

/// Reverts every migration (used by the round-trip test).
pub async fn revert_all(database_url: &str) -> Result<(), String> {
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut connection = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url)
            .map_err(|error| error.to_string())?;
        connection
            .revert_all_migrations(MIGRATIONS)
            .map(|_| ())
            .map_err(|error| error.to_string())
    })
    .await
    .map_err(|error| error.to_string())?
}
