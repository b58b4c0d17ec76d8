//! A real headless Chromium, driven through ChromeDriver (WebDriver), one per test. Debian's
//! `chromium` and `chromium-driver` packages provide both; `scripts/test.sh` installs them.

use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a page has to show what a test waits for.
const PATIENCE: Duration = Duration::from_secs(15);

pub struct Browser {
    pub client: Client,
    driver: Child,
}

fn program(variable: &str, default: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| default.to_string())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// The browser's console, as ChromeDriver keeps it (`goog:loggingPrefs`).
#[derive(Debug)]
struct ConsoleLog;

impl WebDriverCompatibleCommand for ConsoleLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

impl Browser {
    /// Starts ChromeDriver (`PARTNERHUB_CHROMEDRIVER`, default `chromedriver`) and a headless
    /// Chromium (`PARTNERHUB_CHROMIUM`, default `/usr/bin/chromium`) at a desktop size.
    pub async fn start() -> Self {
        let chromedriver = program("PARTNERHUB_CHROMEDRIVER", "chromedriver");
        let chromium = program("PARTNERHUB_CHROMIUM", "/usr/bin/chromium");
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that Drop ends Chromium with it.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "cannot start {chromedriver} ({error}): the browser tests need Debian's \
                     chromium and chromium-driver; scripts/test.sh installs them"
                )
            });
        let address = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver never listened");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                ],
            }),
        );
        capabilities.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        let client = ClientBuilder::rustls()
            .expect("TLS roots")
            .capabilities(capabilities)
            .connect(&address)
            .await
            .unwrap_or_else(|error| {
                panic!("cannot start {chromium} through chromedriver: {error}")
            });
        Self { client, driver }
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|error| panic!("cannot open {url}: {error}"));
    }

    /// The page's path and query, e.g. `/app/partners/login?next=%2Fapp%2Fpartners`.
    pub async fn location(&self) -> String {
        let url = self.client.current_url().await.expect("the current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Waits until the page's path is `path`.
    pub async fn wait_for_path(&self, path: &str) {
        self.until(path, async || {
            let url = self.client.current_url().await.expect("the current URL");
            (url.path() == path).then_some(()).ok_or(url.to_string())
        })
        .await;
    }

    /// Reads until `read` gives a value (`Ok`), or fails the test after a while naming
    /// `what` was awaited and what was there instead (`Err`), with the console.
    async fn until<T>(&self, what: &str, read: impl AsyncFn() -> Result<T, String>) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match read().await {
                Ok(value) => return value,
                Err(shown) if Instant::now() >= deadline => panic!(
                    "waited for {what}, saw {shown}; console: {:?}",
                    self.console().await
                ),
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// The element `css` selects, once the page shows it.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no {css} on the page: {error}"))
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .expect("an element's text")
    }

    /// Waits until `css` shows text that `accept` takes; returns it.
    pub async fn text_when(&self, css: &str, accept: impl Fn(&str) -> bool) -> String {
        self.until(css, async || {
            let shown = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if accept(&shown) {
                Ok(shown)
            } else {
                Err(format!("{shown:?}"))
            }
        })
        .await
    }

    /// Waits until `css` shows exactly `expected`.
    pub async fn shows(&self, css: &str, expected: &str) {
        self.text_when(css, |shown| shown == expected).await;
    }

    /// The text of every element `css` selects, in page order (as it is now, no waiting).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let found = self
            .script(
                "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim());",
                vec![json!(css)],
            )
            .await;
        found
            .as_array()
            .into_iter()
            .flatten()
            .map(|text| text.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Waits until the elements `css` selects show texts that `accept` takes; returns them.
    pub async fn texts_when(&self, css: &str, accept: impl Fn(&[String]) -> bool) -> Vec<String> {
        self.until(css, async || {
            let shown = self.texts(css).await;
            if accept(&shown) {
                Ok(shown)
            } else {
                Err(format!("{shown:?}"))
            }
        })
        .await
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("cannot click {css}: {error}"));
    }

    /// Replaces what the field `css` holds with `text`, as typed.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clearing a field");
        field.send_keys(text).await.expect("typing into a field");
    }

    /// An input's current value.
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .expect("a value")
            .unwrap_or_default()
    }

    /// Everything the page wrote to the console since the last call: (level, message).
    pub async fn console(&self) -> Vec<(String, String)> {
        let entries = self
            .client
            .issue_cmd(ConsoleLog)
            .await
            .expect("the browser's console log");
        entries
            .as_array()
            .into_iter()
            .flatten()
            .map(|entry: &Value| {
                (
                    entry["level"].as_str().unwrap_or_default().to_string(),
                    entry["message"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// The console's errors since the last call.
    pub async fn console_errors(&self) -> Vec<String> {
        self.console()
            .await
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .map(|(_, message)| message)
            .collect()
    }

    /// Runs `source` in the page (with `arguments`); its result, a promise's awaited.
    pub async fn script(&self, source: &str, arguments: Vec<Value>) -> Value {
        self.client
            .execute(source, arguments)
            .await
            .unwrap_or_else(|error| panic!("the script failed: {error}"))
    }

    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resizing the window");
    }

    /// A PNG of the whole page (the window grown to its height for the shot), written to
    /// `path`.
    pub async fn screenshot(&self, path: &std::path::Path) {
        let (width, height) = self
            .client
            .get_window_size()
            .await
            .expect("the window size");
        let (width, height) = (
            u32::try_from(width).unwrap_or(1280),
            u32::try_from(height).unwrap_or(900),
        );
        // The page's height, plus what the window takes around the page.
        let needed = self
            .script(
                "window.scrollTo(0, 0); return document.documentElement.scrollHeight \
                 + window.outerHeight - window.innerHeight;",
                vec![],
            )
            .await
            .as_u64()
            .and_then(|needed| u32::try_from(needed).ok())
            .unwrap_or(height);
        self.resize(width, needed.max(height)).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await.expect("a screenshot");
        self.resize(width, height).await;
        std::fs::write(path, png).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }

    pub async fn close(self) {
        let Self { client, .. } = &self;
        let _ = client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole process group: ChromeDriver and the Chromium it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.wait();
    }
}
