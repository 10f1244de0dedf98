//! One headless Chromium session through ChromeDriver, with the helpers the stories need: go to a
//! page, find, fill and click things, wait for the next page, take screenshots, and read the
//! browser's console log. ChromeDriver runs in its own process group, so dropping the session
//! (also when a test panics) ends the driver and every browser process it started.

use super::http;
use super::server::AnnealServer;
use super::tools::Tools;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long to wait for ChromeDriver to come up, or for a page or an element to appear, before
/// the test fails with what the browser shows. Generous: it bounds a hang, it measures nothing.
const WAIT: Duration = Duration::from_secs(20);
/// How often to look again while waiting.
const POLL: Duration = Duration::from_millis(50);

/// The window size of the desktop screenshots.
pub const DESKTOP: (u32, u32) = (1280, 900);
/// The window size of the phone screenshots.
pub const PHONE: (u32, u32) = (360, 780);

/// The folder for a test's screenshots and logs, `target/browser-artifacts/<test>/`, emptied
/// first so every file in it comes from this run.
pub fn artifacts_dir(test: &str) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")));
    let dir = target.join("browser-artifacts").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// ChromeDriver's process group, killed (with every browser process in it) when dropped.
struct DriverProcess {
    child: Child,
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        // The group id is the driver's pid (it was started with `process_group(0)`).
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session on one Anneal server.
pub struct Browser {
    client: Client,
    session: String,
    driver_addr: String,
    base: String,
    artifacts: PathBuf,
    shots: AtomicUsize,
    // Dropped after `Browser::drop` ended the session: first the driver, then its profile.
    _driver: DriverProcess,
    _profile: TempDir,
}

impl Browser {
    /// Starts ChromeDriver and a fresh headless Chromium (its own profile, 1280×900) pointed at
    /// `server`. With `javascript` false the browser runs no page scripts at all.
    pub async fn start(
        tools: &Tools,
        server: &AnnealServer,
        artifacts: &Path,
        javascript: bool,
    ) -> Browser {
        let profile = tempfile::tempdir().expect("a temp dir for the browser profile");
        let port = free_port();
        let log = File::create(artifacts.join("chromedriver.log")).expect("chromedriver log");
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .env("HOME", profile.path())
            .env("XDG_CONFIG_HOME", profile.path().join("config"))
            .env("XDG_CACHE_HOME", profile.path().join("cache"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("chromedriver log"))
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", tools.chromedriver.display()));
        let mut driver = DriverProcess { child };
        let driver_addr = format!("127.0.0.1:{port}");
        wait_until_ready(&mut driver, &driver_addr, artifacts).await;

        let user_data = profile.path().join("chromium");
        let mut options = json!({
            "binary": tools.chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                format!("--user-data-dir={}", user_data.display()),
                format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
            ],
        });
        if !javascript {
            options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        capabilities.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://{driver_addr}"))
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "ChromeDriver could not start {}: {e}\n{}",
                    tools.chromium.display(),
                    tail(&artifacts.join("chromedriver.log"))
                )
            });
        let session = match client.session_id().await {
            Ok(Some(id)) => id,
            other => panic!("ChromeDriver gave no session id: {other:?}"),
        };
        let browser = Browser {
            client,
            session,
            driver_addr,
            base: server.url(""),
            artifacts: artifacts.to_path_buf(),
            shots: AtomicUsize::new(0),
            _driver: driver,
            _profile: profile,
        };
        browser.resize(DESKTOP).await;
        browser
    }

    /// Opens `path` on the server.
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        if let Err(e) = self.client.goto(&url).await {
            panic!("{}", self.failure(&format!("opening {path}: {e}")).await);
        }
    }

    /// The path of the page the browser shows.
    pub async fn path(&self) -> String {
        match self.client.current_url().await {
            Ok(url) => url.path().to_string(),
            Err(e) => panic!("the browser has no current URL: {e}"),
        }
    }

    /// Waits until the page's path is `expected` (or, if it ends with `*`, starts with the rest).
    pub async fn wait_for_path(&self, expected: &str, step: &str) {
        let matches = |path: &str| match expected.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == expected,
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let path = self.path().await;
            if matches(&path) {
                return;
            }
            if Instant::now() > deadline {
                let what = format!("{step}: expected to arrive at {expected}, still at {path}");
                panic!("{}", self.failure(&what).await);
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!("{}", self.failure(&format!("no {css} ({e})")).await),
        }
    }

    /// Every element matching `css` now (no waiting).
    pub async fn all(&self, css: &str) -> Vec<Element> {
        match self.client.find_all(Locator::Css(css)).await {
            Ok(elements) => elements,
            Err(e) => panic!("{}", self.failure(&format!("looking for {css}: {e}")).await),
        }
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.all(css).await.len()
    }

    /// The rendered text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        match element.text().await {
            Ok(text) => text,
            Err(e) => panic!("{}", self.failure(&format!("reading {css}: {e}")).await),
        }
    }

    /// The `value` property of the first element matching `css`, waiting for it to appear.
    pub async fn value(&self, css: &str) -> String {
        let element = self.find(css).await;
        match element.prop("value").await {
            Ok(value) => value.unwrap_or_default(),
            Err(e) => panic!("{}", self.failure(&format!("reading {css}: {e}")).await),
        }
    }

    /// Waits until a page shows an element matching `css` whose value is not `current` (a form
    /// that re-renders at the same address, like the check's pages).
    pub async fn wait_for_value_change(&self, css: &str, current: &str, step: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(element) = self.all(css).await.into_iter().next()
                && let Ok(Some(value)) = element.prop("value").await
                && value != current
            {
                return;
            }
            if Instant::now() > deadline {
                let what = format!("{step}: {css} still has the value {current:?}");
                panic!("{}", self.failure(&what).await);
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Types `value` into the field matching `css`.
    pub async fn fill(&self, css: &str, value: &str) {
        let element = self.find(css).await;
        if let Err(e) = element.send_keys(value).await {
            panic!("{}", self.failure(&format!("typing into {css}: {e}")).await);
        }
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.click_element(&element, css).await;
    }

    /// Clicks `element` (`what` names it in a failure).
    pub async fn click_element(&self, element: &Element, what: &str) {
        if let Err(e) = element.click().await {
            panic!("{}", self.failure(&format!("clicking {what}: {e}")).await);
        }
    }

    /// Resizes the window so that the page gets exactly `width`×`height` CSS pixels (the
    /// window is a little larger than its viewport, even headless).
    pub async fn resize(&self, (width, height): (u32, u32)) {
        self.set_window_size(width, height).await;
        let (seen_width, seen_height) = self.viewport().await;
        if (seen_width, seen_height) == (width, height) {
            return;
        }
        let window_width = (2 * width).saturating_sub(seen_width);
        let window_height = (2 * height).saturating_sub(seen_height);
        self.set_window_size(window_width, window_height).await;
        let seen = self.viewport().await;
        assert_eq!(
            seen,
            (width, height),
            "a {window_width}×{window_height} window does not give a {width}×{height} viewport"
        );
    }

    async fn set_window_size(&self, width: u32, height: u32) {
        if let Err(e) = self.client.set_window_size(width, height).await {
            panic!("cannot resize the window to {width}×{height}: {e}");
        }
    }

    /// The size of what a screenshot shows.
    async fn viewport(&self) -> (u32, u32) {
        let png = match self.client.screenshot().await {
            Ok(png) => png,
            Err(e) => panic!("cannot take a screenshot to measure the window: {e}"),
        };
        png_size(&png).unwrap_or_else(|| panic!("the screenshot is not a PNG"))
    }

    /// Saves what the window shows as `NN-name.png` in the test's artifacts folder.
    pub async fn screenshot(&self, name: &str) {
        match self.client.screenshot().await {
            Ok(png) => self.save_png(name, &png),
            Err(e) => panic!("cannot take the screenshot {name}: {e}"),
        }
    }

    /// Saves a picture of the first element matching `css` alone, scrolled to the top of the
    /// window first (it needs page scripts on).
    pub async fn screenshot_of(&self, css: &str, name: &str) {
        let element = self.find(css).await;
        let scroll = self
            .client
            .execute(
                "arguments[0].scrollIntoView({block: 'start'});",
                vec![json!(element)],
            )
            .await;
        if let Err(e) = scroll {
            panic!("cannot scroll to {css}: {e}");
        }
        match element.screenshot().await {
            Ok(png) => self.save_png(name, &png),
            Err(e) => panic!("cannot take the screenshot {name} of {css}: {e}"),
        }
    }

    fn save_png(&self, name: &str, png: &[u8]) {
        let n = self.shots.fetch_add(1, Ordering::Relaxed) + 1;
        let path = self.artifacts.join(format!("{n:02}-{name}.png"));
        std::fs::write(&path, png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Asserts that the browser logged no error (level SEVERE: a script error, a blocked
    /// resource, a failed request, a CSP violation) since the last look. Every entry is also
    /// appended to `console.txt` beside the screenshots.
    pub async fn assert_console_clean(&self, step: &str) {
        let path = format!("/session/{}/se/log", self.session);
        let reply = http::request(
            &self.driver_addr,
            "POST",
            &path,
            &[("Content-Type", "application/json")],
            Some(r#"{"type":"browser"}"#),
        )
        .unwrap_or_else(|e| panic!("cannot read the browser log: {e}"));
        let entries = match reply.json()["value"].as_array() {
            Some(entries) => entries.clone(),
            None => panic!("the browser log is not a list: {}", reply.body),
        };
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.artifacts.join("console.txt"))
            .expect("console log file");
        let _ = writeln!(file, "== {step}");
        for e in &entries {
            let _ = writeln!(file, "{} {}", e["level"], e["message"]);
        }
        let severe: Vec<String> = entries
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect();
        if !severe.is_empty() {
            let what = format!(
                "{step}: the browser console has errors:\n  {}",
                severe.join("\n  ")
            );
            panic!("{}", self.failure(&what).await);
        }
    }

    /// A failure message with what the browser shows (address, title and text of the page, as
    /// the server answered it), after saving a screenshot of it.
    pub async fn failure(&self, what: &str) -> String {
        let url = match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => format!("(no URL: {e})"),
        };
        let title = self.client.title().await.unwrap_or_default();
        let body = match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => self.client.source().await.unwrap_or_default(),
        };
        let body: String = body.chars().take(3000).collect();
        if let Ok(png) = self.client.screenshot().await {
            self.save_png("failure", &png);
        }
        format!(
            "{what}\n-- the browser is at {url}, title {title:?}; the page says:\n{body}\n-- \
             screenshots and logs: {}",
            self.artifacts.display()
        )
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // End the session (the browser shuts down cleanly); the driver's process group is then
        // killed by `DriverProcess::drop`, which also catches a browser that did not exit.
        let path = format!("/session/{}", self.session);
        let _ = http::request(&self.driver_addr, "DELETE", &path, &[], None);
    }
}

/// The width and height in a PNG's header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || !png.starts_with(SIGNATURE) {
        return None;
    }
    let width = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((width, height))
}

/// A port that was free a moment ago (ChromeDriver needs an explicit one).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
    listener.local_addr().expect("the port's address").port()
}

async fn wait_until_ready(driver: &mut DriverProcess, addr: &str, artifacts: &Path) {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(reply) = http::request(addr, "GET", "/status", &[], None)
            && reply.status == 200
            && reply.json()["value"]["ready"] == true
        {
            return;
        }
        if let Ok(Some(status)) = driver.child.try_wait() {
            panic!(
                "chromedriver exited ({status}) before it was ready:\n{}",
                tail(&artifacts.join("chromedriver.log"))
            );
        }
        if Instant::now() > deadline {
            panic!(
                "chromedriver did not answer /status on {addr} within {WAIT:?}:\n{}",
                tail(&artifacts.join("chromedriver.log"))
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The last lines of a log file, for a failure message.
fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
