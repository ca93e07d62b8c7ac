//! The binary as people run it: configuration mistakes, a first start with no set-up,
//! importing real CSV and XLSX files (good and bad), export round trips and backups.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use otop_store::testing::TempDir;

mod common;

use common::{bin, run, stderr, stdout};

/// A fatal configuration error: non-zero exit and exactly one line, in Thai and English.
fn assert_one_bilingual_line(o: &Output, english: &str) {
    assert!(!o.status.success(), "should fail: {o:?}");
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one line, got: {err}");
    let line = lines[0];
    assert!(line.starts_with("ข้อผิดพลาด:"), "Thai first: {line}");
    assert!(line.contains(english), "expected {english:?} in: {line}");
    assert!(line.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)), "has Thai: {line}");
}

#[test]
fn bad_database_url_stops_with_one_line() {
    let dir = TempDir::new("otop-cli");
    let o = run(&["--database-url", "mysql:/nowhere", "migrate"], &dir.0);
    assert_one_bilingual_line(&o, "Invalid database URL");
    let o = run(&["--database-url", "not a url", "migrate"], &dir.0);
    assert_one_bilingual_line(&o, "Invalid database URL");
}

#[test]
fn unreachable_database_stops_with_one_line() {
    let dir = TempDir::new("otop-cli");
    let o = run(&["--database-url", "postgres://postgres@127.0.0.1:1/otop", "migrate"], &dir.0);
    assert_one_bilingual_line(&o, "Cannot reach the database");
}

#[test]
fn port_in_use_stops_with_one_line() {
    let dir = TempDir::new("otop-cli");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let o = run(&["--bind", &addr, "serve"], &dir.0);
    assert_one_bilingual_line(&o, "already in use");
    let o = run(&["--bind", "localhost-8080", "serve"], &dir.0);
    assert_one_bilingual_line(&o, "Invalid bind address");
}

#[test]
fn unwritable_data_dir_stops_with_one_line() {
    let dir = TempDir::new("otop-cli");
    // A path below a regular file can never be created, whoever runs the test.
    let file = dir.0.join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let o = run(&["migrate"], &file.join("data"));
    assert_one_bilingual_line(&o, "Cannot write to the data folder");
}

#[test]
fn bad_referral_reply_days_stop_with_one_line() {
    let dir = TempDir::new("otop-cli");
    for bad in ["0", "seven", "365"] {
        let o = run(&["--referral-reply-days", bad, "migrate"], &dir.0);
        assert_one_bilingual_line(&o, "Invalid referral reply days");
    }
}

/// Reads one HTTP response with nothing but the standard library.
fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn first_start_creates_the_database_loads_demo_data_and_serves_thai() {
    let dir = TempDir::new("otop-cli");
    let data = dir.0.join("data");
    let mut child = bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let server = Server(child);
    let started = Instant::now();
    let mut banner = String::new();
    let mut buf = [0u8; 4096];
    let addr = loop {
        let n = out.read(&mut buf).unwrap();
        assert!(n > 0, "server exited early: {banner}");
        banner.push_str(&String::from_utf8_lossy(&buf[..n]));
        if let Some(i) = banner.find("http://") {
            let rest = &banner[i + 7..];
            if let Some(end) = rest.find(char::is_whitespace) {
                break rest[..end].to_string();
            }
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no address printed: {banner}");
    };
    assert!(data.join("otop.db").exists());
    assert!(banner.contains("ผู้ประกอบการ"), "{banner}");
    let (status, body) = http_get(&addr, "/healthz");
    assert_eq!(status, 200, "{body}");
    let (status, body) = http_get(&addr, "/");
    assert_eq!(status, 200);
    assert!(body.contains("lang=\"th\""), "Thai page: {}", &body[..body.len().min(500)]);
    drop(server);
    // A second start finds the data and does not load the demo again.
    let o = run(&["migrate"], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("up to date"), "{}", stdout(&o));
}

fn enterprise_rows(n: usize) -> Vec<Vec<String>> {
    otop_sheets::fixtures::synthetic_enterprises(n).iter().map(|d| otop_sheets::enterprise_data_row(d, true)).collect()
}

fn count_enterprises(data: &Path) -> i64 {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}?mode=rwc", data.join("otop.db").display());
        let store = otop_store::Store::open(&url).await.unwrap();
        let n = store.counts().await.unwrap().enterprises;
        store.close().await;
        n
    })
}

#[test]
fn ten_thousand_row_xlsx_imports_and_five_bad_rows_import_nothing() {
    let dir = TempDir::new("otop-cli");
    let data = dir.0.join("data");
    let headers = otop_sheets::enterprise_headers();
    let rows = enterprise_rows(10_000);
    let good = dir.0.join("good.xlsx");
    otop_sheets::write_xlsx(&good, "enterprises", &headers, rows.clone()).unwrap();

    // The same file with 5 bad rows, each wrong in a different way.
    let col = |field: &str| otop_sheets::ENTERPRISE_COLUMNS.iter().position(|c| c.field == field).unwrap();
    let mut bad_rows = rows.clone();
    let spoil = [
        (17, "registration_no", "1234567890123"),
        (2_500, "postal_code", "99999"),
        (4_999, "stars", "9"),
        (7_000, "province", "เมืองลับแล"),
        (9_998, "phone", "12-34"),
    ];
    for (i, field, value) in spoil {
        bad_rows[i][col(field)] = value.to_string();
    }
    let bad = dir.0.join("bad.xlsx");
    otop_sheets::write_xlsx(&bad, "enterprises", &headers, bad_rows).unwrap();

    let o = run(&["import", "enterprises", bad.to_str().unwrap()], &data);
    assert!(!o.status.success());
    let err = stderr(&o);
    let mut named: Vec<usize> = err
        .lines()
        .filter_map(|l| l.strip_prefix("แถว "))
        .filter_map(|l| l.split(',').next()?.trim().parse().ok())
        .collect();
    named.dedup();
    let expected: Vec<usize> = spoil.iter().map(|(i, _, _)| i + 2).collect();
    assert_eq!(named, expected, "{err}");
    assert!(err.contains("Nothing imported"), "{err}");
    assert_eq!(count_enterprises(&data), 0);

    let o = run(&["import", "enterprises", good.to_str().unwrap()], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Imported 10000"), "{}", stdout(&o));
    assert_eq!(count_enterprises(&data), 10_000);

    // Importing the same file again is refused row by row and changes nothing.
    let o = run(&["import", "enterprises", good.to_str().unwrap()], &data);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already registered"));
    assert_eq!(count_enterprises(&data), 10_000);
}

#[test]
fn csv_export_imports_back_into_a_fresh_database() {
    let dir = TempDir::new("otop-cli");
    let first = dir.0.join("first");
    let second = dir.0.join("second");
    let csv = dir.0.join("in.csv");
    let f = std::fs::File::create(&csv).unwrap();
    otop_sheets::write_csv(f, &otop_sheets::enterprise_headers(), enterprise_rows(300)).unwrap();
    let o = run(&["import", "enterprises", csv.to_str().unwrap()], &first);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.0.join("out.xlsx");
    let o = run(&["export", "enterprises", "--show-personal", "--out", out.to_str().unwrap()], &first);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["import", "enterprises", out.to_str().unwrap()], &second);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count_enterprises(&second), 300);
    for kind in ["products", "services"] {
        let o = run(&["export", kind, "--out", dir.0.join(format!("{kind}.csv")).to_str().unwrap()], &first);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = run(&["export", "enterprises", "--out", dir.0.join("x.pdf").to_str().unwrap()], &first);
    assert!(!o.status.success());
    assert!(stderr(&o).contains(".xlsx"));
    // A file that does not exist is one clear error.
    let o = run(&["import", "enterprises", dir.0.join("missing.csv").to_str().unwrap()], &first);
    assert!(!o.status.success());
}

#[test]
fn demo_scale_generates_deterministic_data_and_backup_copies_it() {
    let dir = TempDir::new("otop-cli");
    let data = dir.0.join("data");
    let o = run(&["demo", "--scale", "3000", "--seed", "7"], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("enterprises/s"), "{}", stdout(&o));
    assert_eq!(count_enterprises(&data), 3_000);
    let backup = dir.0.join("copy.db");
    let o = run(&["backup", "--out", backup.to_str().unwrap()], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = dir.0.join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(&backup, copy.join("otop.db")).unwrap();
    assert_eq!(count_enterprises(&copy), 3_000);
    // The base demo refuses a database that already has data.
    let o = run(&["demo"], &data);
    assert!(!o.status.success());
}

#[test]
fn account_invite_makes_the_first_administrator_and_refuses_bad_input() {
    let dir = TempDir::new("otop-cli");
    let data = dir.0.join("data");
    let o = run(&["account", "invite", "--role", "boss", "--name", "สมศรี", "--sign-in", "somsri@example.go.th"], &data);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("--role: บทบาทไม่ถูกต้อง") && err.contains("Unknown role"), "{err}");
    let o = run(
        &["account", "invite", "--role", "provincial_officer", "--name", "สมศรี", "--sign-in", "somsri@example.go.th"],
        &data,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--provinces: เจ้าหน้าที่จังหวัดต้องมีอย่างน้อยหนึ่งจังหวัด"), "{}", stderr(&o));
    let args = ["account", "invite", "--role", "admin", "--name", "สมศรี ดูแลดี", "--sign-in", "somsri@example.go.th"];
    let o = bin()
        .arg("--data-dir")
        .arg(&data)
        .arg("--public-url")
        .arg("https://otop.example.go.th/")
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let link = out.lines().find(|l| l.starts_with("https://otop.example.go.th/password/set?token=")).expect(&out);
    assert_eq!(link.len(), "https://otop.example.go.th/password/set?token=".len() + 64);
    // The same sign-in again is refused with what to do.
    let o = run(&args, &data);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("มีบัญชีอยู่แล้ว"), "{}", stderr(&o));
    // A public URL that is not one stops the program.
    let o = bin().arg("--data-dir").arg(&data).arg("--public-url").arg("otop.example").args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ที่อยู่เว็บสาธารณะไม่ถูกต้อง"), "{}", stderr(&o));
}

#[test]
fn a_missing_mail_command_stops_with_one_line() {
    let dir = TempDir::new("otop-cli");
    let o = bin()
        .arg("--data-dir")
        .arg(&dir.0)
        .args(["--mail-command", "/nonexistent/sendmail -t", "migrate"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("ไม่พบคำสั่งส่งข้อความ \"/nonexistent/sendmail\"") && err.contains("was not found"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// Runs one SQL statement on a data folder's SQLite file, as someone editing it by hand.
fn execute_sql(data: &Path, sql: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}?mode=rw", data.join("otop.db").display());
        let store = otop_store::Store::open(&url).await.unwrap();
        let done = sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).execute(store.pool()).await.unwrap();
        assert_eq!(done.rows_affected(), 1, "{sql}");
        store.close().await;
    })
}

#[test]
fn verify_passes_on_the_demo_and_names_what_a_hand_edit_broke() {
    let dir = TempDir::new("otop-cli");
    let data = dir.0.join("data");
    // No database: one line, exit 2, and nothing created.
    let o = run(&["verify"], &data);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert_one_bilingual_line(&o, "No database at");
    assert!(!data.join("otop.db").exists(), "verify must not create a database");

    let o = run(&["demo"], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["verify"], &data);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("ไม่พบปัญหา") && stdout(&o).contains("no problems found"), "{}", stdout(&o));

    // One satang more on Lamphun's available budget than its entries say.
    execute_sql(
        &data,
        "UPDATE ledger_accounts SET balance = balance + 1 \
         WHERE id = (SELECT MIN(id) FROM ledger_accounts WHERE kind = 'available' AND holder = 'province:51')",
    );
    let o = run(&["verify"], &data);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let problems: Vec<&str> = out.lines().filter(|l| l.starts_with("ledger.")).collect();
    assert_eq!(problems.len(), 1, "{out}");
    assert!(problems[0].starts_with("ledger.balance:") && problems[0].contains("available:province:51"), "{out}");
    assert!(out.contains("พบปัญหา 1 รายการ") && out.contains("Found 1 problem"), "{out}");

    // An entry that creates 500 satang out of nothing: its transaction no longer balances.
    execute_sql(
        &data,
        "INSERT INTO ledger_entries (transaction_id, account_id, amount) \
         SELECT MIN(t.id), MIN(a.id), 500 FROM ledger_transactions t, ledger_accounts a \
         WHERE t.kind = 'fund' AND a.kind = 'available' AND a.holder = 'national'",
    );
    let o = run(&["verify"], &data);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.lines().any(|l| l.starts_with("ledger.unbalanced: transaction ")), "{out}");
    assert!(out.contains("Found 4 problems"), "{out}");
}
