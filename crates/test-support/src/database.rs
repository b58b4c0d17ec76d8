use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use partnerhub_persistence::migrations;
use std::sync::atomic::{AtomicU32, Ordering};
use tokio::sync::OnceCell;

const TEMPLATE: &str = "partnerhub_test_template";
/// Serialises template upkeep and cloning across test processes.
const TEMPLATE_LOCK: i64 = 0x5048_5445_4d50;

/// The server the tests use: `DATABASE_URL` when set (any database on it), else local trust auth.
pub fn server_url() -> String {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
    with_database(&url, "postgres")
}

fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let server = match base.rsplit_once('/') {
        Some((server, _)) if server.contains("://") && !server.ends_with('/') => server,
        _ => base,
    };
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

async fn admin_connection() -> AsyncPgConnection {
    let url = server_url();
    AsyncPgConnection::establish(&url)
        .await
        .unwrap_or_else(|error| panic!("cannot reach PostgreSQL at {url}: {error}"))
}

async fn execute(conn: &mut AsyncPgConnection, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .await
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
}

static TEMPLATE_READY: OnceCell<()> = OnceCell::const_new();

/// Creates the template once and brings it up to the current migrations.
async fn ensure_template() {
    TEMPLATE_READY
        .get_or_init(|| async {
            let mut admin = admin_connection().await;
            execute(
                &mut admin,
                &format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"),
            )
            .await;
            let exists: i64 = diesel::sql_query(format!(
                "SELECT count(*) AS count FROM pg_database WHERE datname = '{TEMPLATE}'"
            ))
            .get_result::<Count>(&mut admin)
            .await
            .map(|row| row.count)
            .expect("cannot look up the template");
            if exists == 0 {
                execute(&mut admin, &format!("CREATE DATABASE {TEMPLATE}")).await;
            }
            let migrated = migrations::run_pending(&with_database(&server_url(), TEMPLATE)).await;
            execute(
                &mut admin,
                &format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"),
            )
            .await;
            if let Err(error) = migrated {
                panic!("migrating the test template failed: {error}");
            }
        })
        .await;
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    count: i64,
}

/// A database of its own for one test, cloned from the migrated template and dropped after.
pub struct TestDatabase {
    pub name: String,
    pub url: String,
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut random = [0u8; 4];
    getrandom::fill(&mut random).expect("random");
    format!(
        "partnerhub_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        u32::from_le_bytes(random)
    )
}

impl TestDatabase {
    /// A migrated database.
    pub async fn create() -> Self {
        ensure_template().await;
        let name = unique_name();
        let mut admin = admin_connection().await;
        execute(
            &mut admin,
            &format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"),
        )
        .await;
        execute(
            &mut admin,
            &format!("CREATE DATABASE {name} TEMPLATE {TEMPLATE}"),
        )
        .await;
        execute(
            &mut admin,
            &format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"),
        )
        .await;
        let url = with_database(&server_url(), &name);
        Self { name, url }
    }

    /// An empty database, for testing migrations themselves.
    pub async fn create_empty() -> Self {
        let name = unique_name();
        let mut admin = admin_connection().await;
        execute(&mut admin, &format!("CREATE DATABASE {name}")).await;
        let url = with_database(&server_url(), &name);
        Self { name, url }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop runs inside the test's runtime, which cannot block on itself: use a thread.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let mut admin = admin_connection().await;
                diesel::sql_query(sql)
                    .execute(&mut admin)
                    .await
                    .map(|_| ())
                    .map_err(|error| std::io::Error::other(error.to_string()))
            })
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!("could not drop test database {}: {error}", self.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn swaps_the_database_in_a_url() {
        assert_eq!(
            with_database("postgres://u@h:5432/app?sslmode=disable", "x"),
            "postgres://u@h:5432/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://u@h:5432", "x"),
            "postgres://u@h:5432/x"
        );
    }
}
