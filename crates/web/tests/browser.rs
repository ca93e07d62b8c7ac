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
        let state = common::state(store).await;
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
        self.screenshot_at(name, WIDTH).await
    }

    /// [`Browser::screenshot`] at another width (a desktop, say); the phone's width after.
    async fn screenshot_at(&self, name: &str, width: u32) -> Result<PathBuf, String> {
        self.client.set_window_size(width, 800).await.map_err(|e| e.to_string())?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        const SIZES: &str = "return [window.innerHeight, window.outerHeight, \
                             Math.ceil(document.documentElement.scrollHeight)];";
        for _ in 0..30 {
            let v = self.client.execute(SIZES, vec![]).await.map_err(|e| e.to_string())?;
            let [inner, outer, page] = [0, 1, 2].map(|i| v[i].as_u64().unwrap_or(0) as u32);
            if inner >= page {
                break;
            }
            let frame = outer.saturating_sub(inner);
            self.client.set_window_size(width, (page + frame).min(10_000)).await.map_err(|e| e.to_string())?;
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

/// Signs in through the sign-in page as a person would, and returns where it landed.
async fn sign_in(b: &Browser, name: &str, password: &str) -> Result<String, String> {
    let c = &b.client;
    c.goto(&b.url("/signin")).await.map_err(|e| e.to_string())?;
    c.find(Locator::Css("#f-sign_in"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys(name)
        .await
        .map_err(|e| e.to_string())?;
    c.find(Locator::Css("#f-password"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys(password)
        .await
        .map_err(|e| e.to_string())?;
    c.find(Locator::Css("form.account button[type=submit]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    loop {
        let url = c.current_url().await.map_err(|e| e.to_string())?;
        if !url.path().starts_with("/signin") {
            return Ok(url.path().to_string());
        }
        if started.elapsed() > Duration::from_secs(10) {
            let problem = b.texts(".summary").await.unwrap_or_default().join(" ");
            return Err(format!("still on the sign-in page after 10 s: {problem}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// An officer uploads a small sheet with one bad row through the real file input and sees
/// the row named on the result page; nothing is imported.
async fn import_with_a_bad_row(b: &Browser, dir: &Path) -> Result<(), String> {
    let c = &b.client;
    let landed = sign_in(b, "national@test.otop.example", common::TEST_PASSWORD).await?;
    check(landed == "/office", format!("a national officer lands on /office, not {landed}"))?;
    let mut rows = common::sheet_rows(0, 6);
    rows[3][common::column("postal_code")] = "5000".into();
    let file = dir.join("enterprises-lamphun.csv");
    std::fs::write(&file, common::csv_of(&rows)).map_err(|e| e.to_string())?;

    c.goto(&b.url("/import")).await.map_err(|e| e.to_string())?;
    let h1 = b.texts("h1").await?;
    check(h1 == ["นำเข้าและส่งออกข้อมูล"], format!("import page heading: {h1:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("import-360").await?;
    b.screenshot_at("import-desktop", 1280).await?;

    let input = c.find(Locator::Css("form.upload input[type=file]")).await.map_err(|e| e.to_string())?;
    input.send_keys(&file.display().to_string()).await.map_err(|e| e.to_string())?;
    c.find(Locator::Css("form.upload button[type=submit]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    c.wait().for_element(Locator::Css("#outcome")).await.map_err(|e| e.to_string())?;
    let listed = b.texts("table.row-errors td.row .n").await?;
    check(listed == ["5"], format!("bad rows listed: {listed:?}"))?;
    let outcome = b.texts("#outcome").await?.join(" ");
    check(outcome.contains("ยังไม่ได้นำเข้าข้อมูลใดเลย"), format!("outcome: {outcome}"))?;
    let imported = b.texts("#imported .n").await?;
    check(imported == ["0"], format!("imported: {imported:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("import-result-360").await?;
    b.screenshot_at("import-result-desktop", 1280).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_a_sheet_with_a_bad_row_in_chromium() {
    let db = TestDb::new(Backend::Sqlite).await;
    let mut officer = common::account(otop_domain::Role::NationalOfficer);
    officer.sign_in = otop_domain::access::SignInName::parse("s", "national@test.otop.example").unwrap();
    common::with_password(&db.store, &officer, common::TEST_PASSWORD).await;
    let files = TempDir::new("otop-upload");
    let browser = Browser::start(&db.store).await;
    let outcome = import_with_a_bad_row(&browser, &files.0).await;
    browser.stop().await;
    let count = common::enterprise_count(&db.store).await;
    db.cleanup().await;
    if let Err(e) = outcome {
        panic!("browser journey failed: {e}");
    }
    assert_eq!(count, 0, "a sheet with a bad row imported something");
}

/// A producer types her problem in Thai on the home page, sends it, and reads the ranked
/// services with their reasons; then narrows to her province on the match page.
async fn find_help_for_a_thai_problem(b: &Browser) -> Result<(), String> {
    let c = &b.client;
    c.goto(&b.url("/")).await.map_err(|e| e.to_string())?;
    let ask = c.find(Locator::Css("section.ask textarea")).await.map_err(|e| e.to_string())?;
    ask.send_keys("ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา").await.map_err(|e| e.to_string())?;
    b.screenshot("home-ask-360").await?;
    c.find(Locator::Css("section.ask button[type=submit]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    b.wait_for_url("/match?text=").await?;
    c.wait().for_element(Locator::Css("ol.matches")).await.map_err(|e| e.to_string())?;
    let titles = b.texts("ol.matches li.match h3 a").await?;
    check(titles.len() == 10, format!("ranked: {titles:?}"))?;
    check(titles[..3].iter().any(|t| t.contains("ลำไย")), format!("top three: {:?}", &titles[..3]))?;
    let reasons = b.texts("ol.matches li.match:first-child ul.reasons li").await?;
    check(!reasons.is_empty(), "the first service has no reasons")?;
    let marks = b.texts("ol.matches li.match mark").await?;
    check(marks.iter().any(|m| m.contains("ลำไย")), format!("marked words: {marks:?}"))?;
    b.no_horizontal_scroll().await?;

    // Her province, chosen by its Thai name, adds where each service works.
    let province = c.find(Locator::Css("select#f-province")).await.map_err(|e| e.to_string())?;
    province.select_by_label("ลำพูน").await.map_err(|e| e.to_string())?;
    let category = c.find(Locator::Css("select#f-category")).await.map_err(|e| e.to_string())?;
    category.select_by_label("อาหาร").await.map_err(|e| e.to_string())?;
    c.find(Locator::Css("form.match button[type=submit]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    b.wait_for_url("province=51").await?;
    c.wait().for_element(Locator::Css("ol.matches")).await.map_err(|e| e.to_string())?;
    let titles = b.texts("ol.matches li.match h3 a").await?;
    let top3 = titles[..3].join(" | ");
    check(top3.contains("อบแห้งลำไย") && top3.contains("โรงอบลำไยจังหวัดลำพูน"), format!("top three in Lamphun: {top3}"))?;
    let reasons = b.texts("ol.matches li.match ul.reasons li").await?;
    check(reasons.iter().any(|r| r.contains("ลำพูน")), format!("reasons: {reasons:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("match-360").await?;
    b.screenshot_at("match-desktop", 1280).await?;

    // The producer signs in and, on her business's page, records the need; then it is ranked.
    let landed = sign_in(b, "producer@demo.otop.example", otop_app::demo_accounts::DEMO_PASSWORD).await?;
    check(landed == "/my", format!("the producer lands on /my, not {landed}"))?;
    let first = c.find(Locator::Css("main table a[href^='/enterprises/']")).await.map_err(|e| e.to_string())?;
    first.click().await.map_err(|e| e.to_string())?;
    let text = c.find(Locator::Css("#need-form textarea[name=text]")).await.map_err(|e| e.to_string())?;
    text.send_keys("บรรจุภัณฑ์ไม่สวย ส่งขายร้านของฝากไม่ได้ อยากได้กล่องใหม่").await.map_err(|e| e.to_string())?;
    b.no_horizontal_scroll().await?;
    b.screenshot("enterprise-need-360").await?;
    c.find(Locator::Css("#need-form button[type=submit]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    b.wait_for_url("saved=1").await?;
    c.wait().for_element(Locator::Css("ol.matches")).await.map_err(|e| e.to_string())?;
    let saved = b.texts("#saved").await?.join(" ");
    check(saved.contains("บันทึกโจทย์แล้ว"), format!("saved notice: {saved}"))?;
    let titles = b.texts("ol.matches li.match h3 a").await?;
    check(titles.iter().take(3).any(|t| t.contains("บรรจุภัณฑ์")), format!("packaging need ranked: {titles:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("need-saved-360").await?;

    // A bad request says what to write, in Thai and English.
    c.goto(&b.url("/match?text=")).await.map_err(|e| e.to_string())?;
    let msg = b.texts("#e-text").await?.join(" ");
    check(msg.contains("พิมพ์ปัญหาที่พบ") && msg.contains("Type the problem"), format!("message: {msg}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("match-empty-360").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_help_for_a_thai_problem_in_chromium() {
    let db = TestDb::new(Backend::Sqlite).await;
    otop_app::demo::load_base(&db.store).await.expect("demo data");
    let browser = Browser::start(&db.store).await;
    let outcome = find_help_for_a_thai_problem(&browser).await;
    browser.stop().await;
    db.cleanup().await;
    if let Err(e) = outcome {
        panic!("browser journey failed: {e}");
    }
}

/// Every demo account signs in through the page and lands on its role's home, whose
/// heading names the role's work; then signs out.
async fn every_demo_role_lands_on_its_home(b: &Browser) -> Result<(), String> {
    let c = &b.client;
    let expected: &[(&str, &str)] = &[
        ("/my", "หน้าของฉัน"),
        ("/provider", "บริการของหน่วยงาน"),
        ("/office", "งานจังหวัด"),
        ("/office", "งานภาค (ศวภ.)"),
        ("/office", "งานส่วนกลาง"),
        ("/partner", "ผู้ประกอบการที่หน่วยงานเสนอชื่อ"),
        ("/admin", "ผู้ดูแลระบบ"),
    ];
    for (demo, (home, heading)) in otop_app::demo_accounts::DEMO_SIGN_INS.iter().zip(expected) {
        let landed = sign_in(b, demo.sign_in, otop_app::demo_accounts::DEMO_PASSWORD).await?;
        check(landed == *home, format!("{} landed on {landed}, not {home}", demo.sign_in))?;
        let h1 = b.texts("h1").await?;
        check(h1 == [*heading], format!("{}: heading {h1:?}", demo.sign_in))?;
        let me = b.texts("header .account .me").await?.join(" ");
        check(me.contains(demo.name), format!("{}: header shows {me}", demo.sign_in))?;
        b.no_horizontal_scroll().await?;
        b.screenshot(&format!("home-{}-360", demo.role.code())).await?;
        c.find(Locator::Css("form.signout button"))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        b.wait_for_url("/signin").await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_as_each_demo_role_in_chromium() {
    let db = TestDb::new(Backend::Sqlite).await;
    otop_app::demo::load_base(&db.store).await.expect("demo data");
    let browser = Browser::start(&db.store).await;
    let outcome = every_demo_role_lands_on_its_home(&browser).await;
    browser.stop().await;
    db.cleanup().await;
    if let Err(e) = outcome {
        panic!("browser journey failed: {e}");
    }
}

// ---------------------------------------------------------------- the workflow (issue 5)

impl Browser {
    async fn click(&self, css: &str) -> Result<(), String> {
        let e = self.client.find(Locator::Css(css)).await.map_err(|e| format!("{css}: {e}"))?;
        e.click().await.map_err(|e| format!("click {css}: {e}"))
    }

    async fn goto(&self, path: &str) -> Result<(), String> {
        self.client.goto(&self.url(path)).await.map_err(|e| e.to_string())
    }

    async fn sign_out(&self) -> Result<(), String> {
        self.click("form.signout button").await?;
        self.wait_for_url("/signin").await
    }
}

/// The people and records of the workflow journeys: a Lamphun enterprise with two needs,
/// the second already referred to the packaging service, accepted and carrying a
/// submitted coupon; a round whose budget reaches Lamphun.
struct Journey {
    world: common::CaseWorld,
    /// The need the officer refers in the browser.
    need: i64,
    /// The project whose coupon the officer approves.
    coupon_project: i64,
    coupon: i64,
}

const OFFICER: &str = "lamphun-officer@test.otop.example";
const STAFF: &str = "tistr-staff@test.otop.example";
const OWNER: &str = "pa-sri@test.otop.example";

async fn journey_data(store: &Store) -> Journey {
    use otop_domain::Role;
    use otop_domain::access::SignInName;
    let world = common::case_world(store).await;
    let named = |role: Role, sign_in: &str, name: &str| {
        let mut a = common::account(role);
        a.sign_in = SignInName::parse("s", sign_in).unwrap();
        a.name = name.into();
        a
    };
    common::with_password(store, &named(Role::ProvincialOfficer, OFFICER, "สมชาย เจ้าหน้าที่ลำพูน"), common::TEST_PASSWORD)
        .await;
    let mut staff = named(Role::ProviderStaff, STAFF, "วิไล ศูนย์บรรจุภัณฑ์ไทย");
    staff.provider_id = Some(world.seeded.providers[0]);
    common::with_password(store, &staff, common::TEST_PASSWORD).await;
    let owner = named(Role::Entrepreneur, OWNER, "ศรี ใจดี");
    common::with_password(store, &owner, common::TEST_PASSWORD).await;
    common::add_member(store, world.enterprise, &owner).await;

    // A second need, already a project with a submitted coupon, for the officer to approve.
    let actor = otop_store::Actor::new("ศรี ใจดี");
    let today = otop_web_today();
    let second = otop_domain::NeedData {
        enterprise_id: world.enterprise,
        product_id: None,
        text: "ฉลากไม่มีข้อมูลโภชนาการ ส่งขายร้านสะดวกซื้อไม่ได้".into(),
        province_code: 51,
        category: Some(otop_domain::Category::Food),
        stages: vec![],
        status: otop_domain::NeedStatus::Open,
        created_on: today,
    };
    let second = store.create_need(&actor, &second).await.unwrap();
    let r = otop_store::workflow::NewReferral {
        need_id: second,
        service_id: world.seeded.services[0],
        note: String::new(),
    };
    let referral = store.refer(&actor, &r, today).await.unwrap();
    let coupon_project = store.accept_referral(&actor, referral, today).await.unwrap();
    let coupon = store.apply_coupon(&actor, coupon_project, world.round, 1, today).await.unwrap();
    Journey { need: world.need, coupon_project, coupon, world }
}

fn otop_web_today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).date_naive()
}

/// (a) The Lamphun officer opens the enterprise's need and refers it from the ranked services.
async fn officer_refers(b: &Browser, j: &Journey) -> Result<(), String> {
    let landed = sign_in(b, OFFICER, common::TEST_PASSWORD).await?;
    check(landed == "/office", format!("the officer lands on /office, not {landed}"))?;
    b.goto(&format!("/enterprises/{}", j.world.enterprise)).await?;
    b.click(&format!("a[href='/needs/{}']", j.need)).await?;
    b.wait_for_url(&format!("/needs/{}", j.need)).await?;
    let h1 = b.texts("h1").await?;
    check(h1 == ["โจทย์และความคืบหน้า"], format!("need page heading {h1:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-need-officer-360").await?;
    b.click("a.button[href^='/match?need=']").await?;
    b.wait_for_url("/match?need=").await?;
    let packaging = j.world.seeded.services[0];
    let button = format!("#service-{packaging} form.refer button");
    let label = b.texts(&button).await?;
    check(label == ["ส่งต่อให้หน่วยงานนี้"], format!("refer button {label:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-match-refer-360").await?;
    b.click(&button).await?;
    b.wait_for_url("done=referred").await?;
    let done = b.texts("#done").await?.join(" ");
    check(done.contains("ส่งต่อโจทย์ให้ผู้ให้บริการแล้ว"), format!("notice: {done}"))?;
    let referred = b.texts("article.referral h3").await?;
    check(referred == [common::PACKAGING_FOOD], format!("referrals: {referred:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-referred-360").await?;
    b.sign_out().await
}

/// (b) The provider's staff answers from the inbox, accepts with a start date, uploads a
/// PDF and reports the delivery.
async fn provider_delivers(b: &Browser, j: &Journey, dir: &Path) -> Result<i64, String> {
    sign_in(b, STAFF, common::TEST_PASSWORD).await?;
    b.click("nav.main a[href='/inbox']").await?;
    b.wait_for_url("/inbox").await?;
    let items = b.texts("table.inbox td a").await?;
    check(items.iter().any(|i| i == "ตอบรับหรือปฏิเสธการส่งต่อ"), format!("inbox: {items:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-inbox-staff-360").await?;
    b.click(&format!("table.inbox a[href^='/needs/{}#referral-']", j.need)).await?;
    b.wait_for_url(&format!("/needs/{}", j.need)).await?;
    let start =
        b.client.find(Locator::Css("form[id^='accept-'] input[name=start_on]")).await.map_err(|e| e.to_string())?;
    let value = start.prop("value").await.map_err(|e| e.to_string())?.unwrap_or_default();
    check(
        value.ends_with(&(otop_web_today().format("%Y").to_string().parse::<i32>().unwrap() + 543).to_string()),
        format!("start date offered: {value}"),
    )?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-referral-answer-360").await?;
    // A date that does not exist is sent back with the banner; nothing is accepted.
    start.clear().await.map_err(|e| e.to_string())?;
    start.send_keys("31/2/2569").await.map_err(|e| e.to_string())?;
    b.click("form[id^='accept-'] button[type=submit]").await?;
    b.client.wait().for_element(Locator::Css("#problem")).await.map_err(|e| e.to_string())?;
    let problem = b.texts("#problem").await?.join(" ");
    check(problem.contains("วันที่ไม่ถูกต้อง") && problem.contains("Invalid date"), format!("banner: {problem}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-accept-bad-date-360").await?;
    let start =
        b.client.find(Locator::Css("form[id^='accept-'] input[name=start_on]")).await.map_err(|e| e.to_string())?;
    start.clear().await.map_err(|e| e.to_string())?;
    start.send_keys(&value).await.map_err(|e| e.to_string())?;
    b.click("form[id^='accept-'] button[type=submit]").await?;
    b.wait_for_url("done=accepted").await?;
    let url = b.client.current_url().await.map_err(|e| e.to_string())?;
    let project: i64 = url
        .path()
        .strip_prefix("/projects/")
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| format!("not a project page: {url}"))?;

    let file = dir.join("ผลทดสอบการซึมผ่านไอน้ำ.pdf");
    std::fs::write(&file, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n").map_err(|e| e.to_string())?;
    let input = b.client.find(Locator::Css("form#upload input[type=file]")).await.map_err(|e| e.to_string())?;
    input.send_keys(&file.display().to_string()).await.map_err(|e| e.to_string())?;
    b.click("form#upload button[type=submit]").await?;
    b.wait_for_url("done=uploaded").await?;
    let files = b.texts("ul.files a").await?;
    check(files == ["ผลทดสอบการซึมผ่านไอน้ำ.pdf"], format!("files: {files:?}"))?;
    let report = b.client.find(Locator::Css("#f-report")).await.map_err(|e| e.to_string())?;
    report
        .send_keys("ทดสอบการซึมผ่านไอน้ำของถุงแล้ว แนะนำถุงอะลูมิเนียมฟอยล์ซิปล็อก เก็บได้ 6 เดือน แนบรายงานผลทดสอบแล้ว")
        .await
        .map_err(|e| e.to_string())?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-project-staff-360").await?;
    b.click("form#report button[type=submit]").await?;
    b.wait_for_url("done=reported").await?;
    let status = b.texts("#project-status").await?;
    check(status == ["ผู้ให้บริการรายงานส่งมอบแล้ว รอผู้ประกอบการรับมอบ"], format!("status {status:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-reported-360").await?;
    b.sign_out().await?;
    Ok(project)
}

/// (a) The officer screens and approves a submitted coupon; the province's available budget
/// drops by exactly the coupon's amount.
async fn officer_approves(b: &Browser, j: &Journey) -> Result<(), String> {
    sign_in(b, OFFICER, common::TEST_PASSWORD).await?;
    b.goto(&format!("/rounds/{}", j.world.round)).await?;
    let before = b.texts("#holder-province-51 td.available").await?;
    check(before == ["100,000.00 บาท"], format!("Lamphun before: {before:?}"))?;
    b.goto(&format!("/projects/{}", j.coupon_project)).await?;
    let amount = b.texts(&format!("#coupon-{} dd.amount", j.coupon)).await?;
    check(amount == ["6,400.00 บาท"], format!("coupon amount {amount:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-coupon-submitted-360").await?;
    b.click(&format!("#screen-{}", j.coupon)).await?;
    b.wait_for_url("done=screened").await?;
    b.click(&format!("#approve-{}", j.coupon)).await?;
    b.wait_for_url("done=approved").await?;
    let status = b.texts(&format!("#coupon-{} .badge", j.coupon)).await?;
    check(status == ["อนุมัติแล้ว"], format!("coupon status {status:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-coupon-approved-360").await?;
    b.click("nav.main a[href='/rounds']").await?;
    b.wait_for_url("/rounds").await?;
    b.click(&format!("a[href='/rounds/{}']", j.world.round)).await?;
    b.wait_for_url(&format!("/rounds/{}", j.world.round)).await?;
    let after = b.texts("#holder-province-51 td.available").await?;
    check(after == ["93,600.00 บาท"], format!("Lamphun after: {after:?} (100,000 − 6,400)"))?;
    let committed = b.texts("#holder-province-51 td.committed").await?;
    check(committed == ["6,400.00 บาท"], format!("committed: {committed:?}"))?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-budget-360").await?;
    b.screenshot_at("workflow-budget-desktop", 1280).await?;
    b.sign_out().await
}

/// (c) The entrepreneur opens her business's need and reads its timeline in Thai.
async fn owner_reads_the_timeline(b: &Browser, j: &Journey) -> Result<(), String> {
    let landed = sign_in(b, OWNER, common::TEST_PASSWORD).await?;
    check(landed == "/my", format!("the owner lands on /my, not {landed}"))?;
    b.click("main table a[href^='/enterprises/']").await?;
    b.click(&format!("a[href='/needs/{}']", j.need)).await?;
    b.wait_for_url(&format!("/needs/{}", j.need)).await?;
    let events = b.texts("ol.timeline .what").await?;
    let expected = ["บันทึกโจทย์", "ส่งต่อไปยังบริการ", "ผู้ให้บริการตอบรับ", "แนบไฟล์ส่งมอบ", "ผู้ให้บริการรายงานส่งมอบงาน"];
    check(events == expected, format!("timeline: {events:?}"))?;
    let who = b.texts("ol.timeline .when").await?.join(" | ");
    check(who.contains("สมชาย เจ้าหน้าที่ลำพูน") && who.contains("วิไล ศูนย์บรรจุภัณฑ์ไทย"), format!("actors: {who}"))?;
    check(
        who.contains(&(otop_web_today().format("%Y").to_string().parse::<i32>().unwrap() + 543).to_string()),
        format!("BE dates: {who}"),
    )?;
    b.no_horizontal_scroll().await?;
    b.screenshot("workflow-timeline-owner-360").await?;
    b.screenshot_at("workflow-timeline-owner-desktop", 1280).await?;
    b.goto(&format!("/needs/{}?lang=en", j.need)).await?;
    let events = b.texts("ol.timeline .what").await?;
    check(events.first().map(String::as_str) == Some("Need recorded"), format!("English timeline: {events:?}"))?;
    b.goto(&format!("/needs/{}?lang=th", j.need)).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refer_deliver_approve_and_read_the_timeline_in_chromium() {
    let db = TestDb::new(Backend::Sqlite).await;
    let j = journey_data(&db.store).await;
    let files = TempDir::new("otop-deliverable");
    let browser = Browser::start(&db.store).await;
    let outcome = async {
        officer_refers(&browser, &j).await?;
        provider_delivers(&browser, &j, &files.0).await?;
        officer_approves(&browser, &j).await?;
        owner_reads_the_timeline(&browser, &j).await
    }
    .await;
    browser.stop().await;
    let violations = db.store.verify().await.unwrap();
    db.cleanup().await;
    if let Err(e) = outcome {
        panic!("browser journey failed: {e}");
    }
    assert_eq!(violations, vec![]);
}
