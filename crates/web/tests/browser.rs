//! The browser harness: headless Chromium, driven through chromedriver with fantoccini,
//! against the real server on a real port, as a person on a 360 px phone would use it.
//! Later issues add their journeys here (see `Browser` and `journey!`-style functions).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`apt-get install chromium
//! chromium-driver`); without them the test fails and says so. Screenshots go to
//! `target/screenshots/`.

mod common;

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use otop_store::testing::{TempDir, TestDb};
use otop_store::{Backend, Store};
use serde_json::json;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WIDTH: u32 = 360;

/// A child process killed when dropped, so a failing test leaves nothing running.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn require(path: &str, what: &str) {
    assert!(
        Path::new(path).exists(),
        "{what} not found at {path}: the browser tests need Debian's chromium and chromium-driver \
         (apt-get install chromium chromium-driver)"
    );
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// The app on 127.0.0.1 with its own database, chromedriver, and a browser session.
struct Browser {
    client: Client,
    base: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _driver: KillOnDrop,
    _profile: TempDir,
}

impl Browser {
    async fn start(store: &Store) -> Browser {
        require(CHROMIUM, "Chromium");
        require(CHROMEDRIVER, "chromedriver");

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the app");
        let base = format!("http://{}", listener.local_addr().expect("app address"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = otop_web::AppState { store: store.clone() };
        let server = tokio::spawn(otop_web::serve_until(listener, state, async move {
            let _ = rx.await;
        }));

        let port = free_port();
        let driver = KillOnDrop(
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}")),
        );
        let profile = TempDir::new("otop-chromium");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                    format!("--window-size={WIDTH},800"),
                    format!("--user-data-dir={}", profile.0.display()),
                ]
            }
        });
        let caps = caps.as_object().cloned().expect("object");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
                Ok(c) => break c,
                Err(e) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("chromedriver on port {port} did not start a Chromium session: {e}"),
            }
        };
        Browser { client, base, shutdown: Some(tx), server: Some(server), _driver: driver, _profile: profile }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Saves the whole page, 360 px wide, as `target/screenshots/<name>.png`: the window is
    /// grown until its viewport holds the page (fonts may still change the height meanwhile).
    async fn screenshot(&self, name: &str) -> Result<PathBuf, String> {
        const SIZES: &str = "return [window.innerHeight, window.outerHeight, \
                             Math.ceil(document.documentElement.scrollHeight)];";
        for _ in 0..30 {
            let v = self.client.execute(SIZES, vec![]).await.map_err(|e| e.to_string())?;
            let [inner, outer, page] = [0, 1, 2].map(|i| v[i].as_u64().unwrap_or(0) as u32);
            if inner >= page {
                break;
            }
            let frame = outer.saturating_sub(inner);
            self.client.set_window_size(WIDTH, (page + frame).min(10_000)).await.map_err(|e| e.to_string())?;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let png = self.client.screenshot().await.map_err(|e| e.to_string())?;
        self.client.set_window_size(WIDTH, 800).await.map_err(|e| e.to_string())?;
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }

    /// Fails when the page is wider than the phone's screen.
    async fn no_horizontal_scroll(&self) -> Result<(), String> {
        let v = self
            .client
            .execute("return [document.documentElement.scrollWidth, window.innerWidth];", vec![])
            .await
            .map_err(|e| e.to_string())?;
        let (scroll, inner) = (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0));
        check(scroll <= inner, format!("page is {scroll}px wide in a {inner}px window"))
    }

    async fn texts(&self, css: &str) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for e in self.client.find_all(Locator::Css(css)).await.map_err(|e| e.to_string())? {
            out.push(e.text().await.map_err(|e| e.to_string())?.trim().to_string());
        }
        Ok(out)
    }

    /// Waits (up to 10 s) for the address bar to contain `part`.
    async fn wait_for_url(&self, part: &str) -> Result<(), String> {
        let started = Instant::now();
        loop {
            let url = self.client.current_url().await.map_err(|e| e.to_string())?;
            if url.as_str().contains(part) {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!("expected the address to contain {part}, it is {url}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Closes the browser, then the app; run even when the journey failed.
    async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), server).await;
        }
    }
}

fn check(ok: bool, msg: impl Into<String>) -> Result<(), String> {
    if ok { Ok(()) } else { Err(msg.into()) }
}

/// The Thai home page, then the directory filtered by stage = บรรจุภัณฑ์.
async fn home_and_directory_filter(b: &Browser) -> Result<(), String> {
    let c = &b.client;
    c.goto(&b.url("/")).await.map_err(|e| e.to_string())?;
    let lang =
        c.find(Locator::Css("html")).await.map_err(|e| e.to_string())?.attr("lang").await.map_err(|e| e.to_string())?;
    check(lang.as_deref() == Some("th"), format!("home page language is {lang:?}"))?;
    let h1 = b.texts("h1").await?;
    check(h1.first().is_some_and(|h| h.contains("ยกระดับโอทอปด้วยวิทยาศาสตร์")), format!("home heading: {h1:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("home-360").await?;

    c.find(Locator::Css("nav.main a[href='/services']"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    c.wait().for_element(Locator::Css("form.filters")).await.map_err(|e| e.to_string())?;
    let all = b.texts("article.service h2 a").await?;
    check(all.len() == 5, format!("directory before filtering lists {all:?}"))?;

    // Choose the stage by its Thai label, as a person would, and send the form.
    let stage = c.find(Locator::Css("select#stage")).await.map_err(|e| e.to_string())?;
    stage.select_by_label("บรรจุภัณฑ์").await.map_err(|e| e.to_string())?;
    c.find(Locator::Css("form.filters button[type=submit]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    b.wait_for_url("stage=packaging").await?;
    let mut listed = b.texts("article.service h2 a").await?;
    listed.sort();
    check(
        listed == common::sorted(&[common::PACKAGING_FOOD, common::BATIK_PACKAGING]),
        format!("stage = บรรจุภัณฑ์ lists {listed:?}"),
    )?;
    let count = b.texts(".result-count").await?;
    check(count == ["พบ 2 บริการ"], format!("result count {count:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("services-packaging-360").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thai_home_and_directory_filter_in_chromium() {
    let db = TestDb::new(Backend::Sqlite).await;
    common::seed(&db.store).await;
    let browser = Browser::start(&db.store).await;
    let outcome = home_and_directory_filter(&browser).await;
    browser.stop().await;
    db.cleanup().await;
    if let Err(e) = outcome {
        panic!("browser journey failed: {e}");
    }
}
