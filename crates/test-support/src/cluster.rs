//! A PostgreSQL cluster of the test's own, in a temporary directory on a free port, for
//! tests that stop and restart the server (never the machine's shared one). As root it
//! runs as the `postgres` user, since PostgreSQL refuses to run as root.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct PrivateCluster {
    data: PathBuf,
    bindir: PathBuf,
    pub port: u16,
}

fn bindir() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dirs| {
            dirs.filter_map(Result::ok)
                .map(|dir| dir.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versions.retain(|dir| dir.join("pg_ctl").exists());
    versions.sort_by_key(|dir| {
        dir.parent()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .and_then(|name| name.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions
        .pop()
        .expect("PostgreSQL's binaries under /usr/lib/postgresql/<version>/bin")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout.starts_with(b"0\n"))
}

impl PrivateCluster {
    /// Creates (initdb) and starts a cluster with trust authentication.
    pub fn start() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let data = std::env::temp_dir().join(format!(
            "partnerhub-cluster-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).expect("a directory for the cluster");
        let cluster = Self {
            data,
            bindir: bindir(),
            port: std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|listener| listener.local_addr())
                .map(|address| address.port())
                .expect("a free port"),
        };
        if is_root() {
            let chowned = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(&cluster.data)
                .status();
            assert!(
                chowned.is_ok_and(|status| status.success()),
                "chown to postgres"
            );
        }
        cluster.run(
            "initdb",
            &["-U", "postgres", "--auth=trust", "-E", "UTF8", "-D"],
            true,
        );
        cluster.start_again();
        cluster
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// `pg_ctl stop -m fast`: connections are closed, the server is gone until started.
    pub fn stop(&self) {
        self.run("pg_ctl", &["stop", "-m", "fast", "-w", "-D"], true);
    }

    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.data.display()
        );
        let log = self.data.join("server.log");
        self.run_args(
            "pg_ctl",
            &[
                "start".into(),
                "-w".into(),
                "-l".into(),
                log.display().to_string(),
                "-o".into(),
                options,
                "-D".into(),
                self.data.display().to_string(),
            ],
            true,
        );
    }

    /// Runs a PostgreSQL program with `args` and then the data directory.
    fn run(&self, program: &str, args: &[&str], must: bool) {
        let mut all: Vec<String> = args.iter().map(|arg| (*arg).to_string()).collect();
        all.push(self.data.display().to_string());
        self.run_args(program, &all, must);
    }

    fn run_args(&self, program: &str, args: &[String], must: bool) {
        let binary = self.bindir.join(program);
        let mut command = if is_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(binary);
            command
        } else {
            Command::new(binary)
        };
        let output = command
            .args(args)
            .current_dir(std::env::temp_dir())
            .output()
            .expect("a PostgreSQL program");
        if must {
            assert!(
                output.status.success(),
                "{program} {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        self.run("pg_ctl", &["stop", "-m", "immediate", "-w", "-D"], false);
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
