//! The `partnerhub` binary as separate processes (`serve`, `worker`) on one database, for
//! the scale-out and fault tests: started on a free port, stopped by SIGTERM or SIGKILL.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const OPERATOR_TOKEN: &str = "process-operator-token";

pub struct Process {
    child: Child,
    /// `http://127.0.0.1:<port>` for `serve`; empty for `worker`.
    pub url: String,
    logs: Arc<Mutex<Vec<String>>>,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

impl Process {
    /// `partnerhub serve --no-worker` on a free port; returns once `/healthz` answers.
    pub async fn api(binary: &str, database_url: &str, env: &[(&str, &str)]) -> Self {
        Self::serve(
            binary,
            database_url,
            &["serve", "--no-worker"],
            free_port(),
            env,
        )
        .await
    }

    /// `partnerhub <args>` (`serve`, with or without its worker) on `port`; returns once
    /// `/healthz` answers.
    pub async fn serve(
        binary: &str,
        database_url: &str,
        args: &[&str],
        port: u16,
        env: &[(&str, &str)],
    ) -> Self {
        let bind = format!("127.0.0.1:{port}");
        let mut env = env.to_vec();
        env.push(("PARTNERHUB_BIND", &bind));
        let mut process = Self::start(binary, database_url, args, &env);
        process.url = format!("http://{bind}");
        process.wait_until_serving().await;
        process
    }

    /// `partnerhub worker`.
    pub fn worker(binary: &str, database_url: &str, env: &[(&str, &str)]) -> Self {
        Self::start(binary, database_url, &["worker"], env)
    }

    /// Any command, with the settings every test process shares.
    pub fn start(binary: &str, database_url: &str, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(binary)
            .args(args)
            .env("DATABASE_URL", database_url)
            .env("PARTNERHUB_ADMIN_TOKEN", OPERATOR_TOKEN)
            .env("PARTNERHUB_PUBLIC_URL", "https://partners.test")
            .env("PARTNERHUB_WEBHOOK_ALLOW_PRIVATE", "true")
            .env("PARTNERHUB_WEBHOOK_TIMEOUT_SECS", "2")
            .env("PARTNERHUB_LOG_FORMAT", "json")
            .env("PARTNERHUB_DB_POOL_SIZE", "8")
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot run partnerhub");
        let logs = Arc::new(Mutex::new(Vec::new()));
        if let Some(stderr) = child.stderr.take() {
            let lines = logs.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Ok(mut lines) = lines.lock() {
                        lines.push(line);
                    }
                }
            });
        }
        Self {
            child,
            url: String::new(),
            logs,
        }
    }

    async fn wait_until_serving(&self) {
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(answer) = client.get(format!("{}/healthz", self.url)).send().await
                && answer.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} never served; logs: {:#?}", self.url, self.logs());
    }

    pub fn logs(&self) -> Vec<String> {
        self.logs
            .lock()
            .map(|lines| lines.clone())
            .unwrap_or_default()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then waits (at most a minute) for the process to exit by itself.
    pub fn terminate(&mut self) -> Option<ExitStatus> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        for _ in 0..600 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        self.kill();
        None
    }

    /// Whether the process has exited.
    pub fn exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if !self.exited() {
            self.kill();
        }
    }
}
