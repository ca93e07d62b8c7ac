//! `otop-upgrade match` as people run it: the matching benchmark's development set through the
//! CLI (scored here exactly as the benchmark's `evaluate.py` scores it, and by `evaluate.py`
//! itself when Python is there), needs and services as CSV and Excel, files with bad lines,
//! the database's services, and the timing figures of `--stats`.
//!
//! The benchmark files are copies in `tests/data/matching/` (see its README).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use otop_store::testing::TempDir;

mod common;

use common::{run, stderr, stdout};

fn data(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/matching").join(file)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

// ---------------------------------------------------------------- a little JSON reader

/// Just enough JSON for the CLI's output and the benchmark's files.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    fn parse(text: &str) -> Json {
        let mut p = JsonParser { b: text.as_bytes(), i: 0 };
        let v = p.value();
        p.ws();
        assert_eq!(p.i, p.b.len(), "trailing text after JSON: {text}");
        v
    }

    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            other => panic!("not a string: {other:?}"),
        }
    }

    fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(a) => a,
            other => panic!("not an array: {other:?}"),
        }
    }

    fn num(&self) -> f64 {
        match self {
            Json::Num(n) => *n,
            other => panic!("not a number: {other:?}"),
        }
    }
}

struct JsonParser<'a> {
    b: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\r' | b'\n') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(self.b.get(self.i), Some(&c), "expected {:?} at {}", c as char, self.i);
        self.i += 1;
    }

    fn value(&mut self) -> Json {
        self.ws();
        match self.b[self.i] {
            b'{' => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.b[self.i] == b'}' {
                    self.i += 1;
                    return Json::Obj(fields);
                }
                loop {
                    self.ws();
                    let k = self.string();
                    self.eat(b':');
                    fields.push((k, self.value()));
                    self.ws();
                    self.i += 1;
                    match self.b[self.i - 1] {
                        b',' => continue,
                        b'}' => return Json::Obj(fields),
                        c => panic!("unexpected {:?} in object", c as char),
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b[self.i] == b']' {
                    self.i += 1;
                    return Json::Arr(items);
                }
                loop {
                    items.push(self.value());
                    self.ws();
                    self.i += 1;
                    match self.b[self.i - 1] {
                        b',' => continue,
                        b']' => return Json::Arr(items),
                        c => panic!("unexpected {:?} in array", c as char),
                    }
                }
            }
            b'"' => Json::Str(self.string()),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            _ => {
                let start = self.i;
                while self.i < self.b.len() && matches!(self.b[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.b[start..self.i]).unwrap();
                Json::Num(t.parse().unwrap_or_else(|_| panic!("bad number {t:?}")))
            }
        }
    }

    fn word(&mut self, w: &str, v: Json) -> Json {
        assert!(self.b[self.i..].starts_with(w.as_bytes()));
        self.i += w.len();
        v
    }

    fn hex4(&mut self) -> u32 {
        let h = std::str::from_utf8(&self.b[self.i..self.i + 4]).unwrap();
        self.i += 4;
        u32::from_str_radix(h, 16).unwrap()
    }

    fn string(&mut self) -> String {
        assert_eq!(self.b[self.i], b'"');
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.b[self.i];
                    self.i += 1;
                    let ch = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => {
                            let mut u = self.hex4();
                            if (0xD800..0xDC00).contains(&u) && self.b[self.i..].starts_with(b"\\u") {
                                self.i += 2;
                                let lo = self.hex4();
                                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                            }
                            char::from_u32(u).expect("valid \\u escape")
                        }
                        other => other as char,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(c),
            }
        }
        String::from_utf8(out).expect("UTF-8 string")
    }
}

// ---------------------------------------------------------------- the benchmark's metrics

/// One need's ranking as the CLI wrote it.
#[derive(Debug, Clone)]
struct Ranking {
    need: String,
    ranked: Vec<String>,
    reasons: Vec<Vec<(String, String, String)>>,
}

fn rankings(jsonl: &str) -> Vec<Ranking> {
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v = Json::parse(l);
            let ranked: Vec<String> = v.get("ranked").unwrap().arr().iter().map(|x| x.str().to_string()).collect();
            let reasons = v
                .get("reasons")
                .unwrap()
                .arr()
                .iter()
                .map(|rs| {
                    rs.arr()
                        .iter()
                        .map(|r| {
                            let f = |k| r.get(k).unwrap().str().to_string();
                            (f("code"), f("th"), f("en"))
                        })
                        .collect()
                })
                .collect();
            Ranking { need: v.get("need").unwrap().str().to_string(), ranked, reasons }
        })
        .collect()
}

type Qrels = HashMap<String, HashMap<String, u32>>;

fn qrels() -> Qrels {
    let mut q: Qrels = HashMap::new();
    for line in std::fs::read_to_string(data("qrels-dev.tsv")).unwrap().lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        assert_eq!(parts.len(), 3, "{line}");
        q.entry(parts[0].to_string()).or_default().insert(parts[1].to_string(), parts[2].parse().unwrap());
    }
    q
}

#[derive(Debug, Clone, Copy, Default)]
struct Metrics {
    ndcg5: f64,
    ndcg10: f64,
    recall10: f64,
    mrr: f64,
}

/// The means over every judged need, as `evaluate.py` computes them: gain 2^grade − 1,
/// discount 1/log2(rank + 1), ideal from all judged services of the need; duplicates after the
/// first ignored; a need without a ranking scores 0; Recall@10 and MRR count grade ≥ 2.
fn evaluate(results: &[Ranking], qrels: &Qrels) -> Metrics {
    let gain = |g: u32| 2f64.powi(g as i32) - 1.0;
    let dcg = |grades: &[u32], k: usize| -> f64 {
        grades.iter().take(k).enumerate().map(|(i, g)| gain(*g) / ((i + 2) as f64).log2()).sum()
    };
    let mut by_need: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in results {
        by_need.entry(&r.need).or_insert_with(|| {
            let mut seen = HashSet::new();
            r.ranked.iter().map(String::as_str).filter(|s| seen.insert(*s)).collect()
        });
    }
    let mut m = Metrics::default();
    for (need, rel) in qrels {
        let ranked = by_need.get(need.as_str()).cloned().unwrap_or_default();
        let grades: Vec<u32> = ranked.iter().map(|s| rel.get(*s).copied().unwrap_or(0)).collect();
        let mut ideal: Vec<u32> = rel.values().copied().collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        for (k, slot) in [(5, &mut m.ndcg5), (10, &mut m.ndcg10)] {
            let idcg = dcg(&ideal, k);
            *slot += if idcg > 0.0 { dcg(&grades, k) / idcg } else { 0.0 };
        }
        let good: HashSet<&str> = rel.iter().filter(|(_, g)| **g >= 2).map(|(s, _)| s.as_str()).collect();
        if !good.is_empty() {
            m.recall10 += ranked.iter().take(10).filter(|s| good.contains(*s)).count() as f64 / good.len() as f64;
        }
        if let Some(i) = ranked.iter().position(|s| rel.get(*s).copied().unwrap_or(0) >= 2) {
            m.mrr += 1.0 / (i + 1) as f64;
        }
    }
    let n = qrels.len() as f64;
    Metrics { ndcg5: m.ndcg5 / n, ndcg10: m.ndcg10 / n, recall10: m.recall10 / n, mrr: m.mrr / n }
}

fn python3() -> bool {
    Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success())
}

// ---------------------------------------------------------------- tests

#[test]
fn dev_benchmark_through_the_cli_reaches_ndcg5_of_0_80_and_agrees_with_evaluate_py() {
    let dir = TempDir::new("otop-match");
    let out = dir.0.join("results.jsonl");
    let o = run(
        &["match", "--services", s(&data("services.jsonl")), "--needs", s(&data("needs-dev.jsonl")), "--out", s(&out)],
        &dir.0.join("data"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "results go to --out, not stdout: {}", stdout(&o));
    let results = rankings(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(results.len(), 30);
    for r in &results {
        assert_eq!(r.ranked.len(), 10, "{}", r.need);
        assert_eq!(r.reasons.len(), r.ranked.len(), "reasons aligned with ranked: {}", r.need);
        assert!(!r.reasons[0].is_empty(), "the best result of {} says why", r.need);
        for (code, th, en) in r.reasons.iter().flatten() {
            assert!(!code.is_empty() && !th.is_empty() && !en.is_empty());
        }
    }
    let q = qrels();
    let m = evaluate(&results, &q);
    eprintln!("dev set through the CLI: {m:?}");
    assert!(m.ndcg5 >= 0.80, "nDCG@5 {:.4} below 0.80", m.ndcg5);

    if !python3() {
        eprintln!("python3 not found: evaluate.py not run");
        return;
    }
    let py = Command::new("python3")
        .arg(data("evaluate.py"))
        .arg(&out)
        .arg(data("qrels-dev.tsv"))
        .arg("--json")
        .output()
        .expect("run evaluate.py");
    assert!(py.status.success(), "{}", stderr(&py));
    let v = Json::parse(stdout(&py).trim());
    assert_eq!(v.get("needs").unwrap().num(), 30.0);
    for (name, ours) in [("nDCG@5", m.ndcg5), ("nDCG@10", m.ndcg10), ("Recall@10", m.recall10), ("MRR", m.mrr)] {
        let theirs = v.get(name).unwrap().num();
        // evaluate.py --json rounds to 4 decimals.
        assert!((ours - theirs).abs() <= 0.00005 + 1e-9, "{name}: ours {ours:.6}, evaluate.py {theirs}");
    }
}

/// The benchmark's needs as rows: (id, text, province, category, product).
fn dev_need_rows() -> Vec<[String; 5]> {
    std::fs::read_to_string(data("needs-dev.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v = Json::parse(l);
            let f = |k: &str| v.get(k).map(|x| x.str().to_string()).unwrap_or_default();
            [f("id"), f("text"), f("province"), f("category"), f("product")]
        })
        .collect()
}

/// The benchmark's services as sheet rows, with coverage in one cell and its kind in another.
fn dev_service_rows() -> Vec<Vec<String>> {
    std::fs::read_to_string(data("services.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v = Json::parse(l);
            let f = |k: &str| v.get(k).map(|x| x.str().to_string()).unwrap_or_default();
            let list = |k: &str| -> String {
                v.get(k).map(|x| x.arr().iter().map(|i| i.str()).collect::<Vec<_>>().join(", ")).unwrap_or_default()
            };
            let c = v.get("coverage").unwrap();
            let (coverage, kind) = if c.get("nationwide").is_some() {
                ("ทั่วประเทศ".to_string(), "ทั่วประเทศ")
            } else if let Some(r) = c.get("regions") {
                (r.arr().iter().map(|i| i.str()).collect::<Vec<_>>().join(", "), "regions")
            } else {
                (c.get("provinces").unwrap().arr().iter().map(|i| i.str()).collect::<Vec<_>>().join(", "), "จังหวัด")
            };
            vec![
                f("id"),
                f("provider"),
                f("kind"),
                f("title"),
                f("description"),
                list("stages"),
                list("categories"),
                coverage,
                kind.to_string(),
            ]
        })
        .collect()
}

fn ranked_by_need(stdout_jsonl: &str) -> Vec<(String, Vec<String>)> {
    rankings(stdout_jsonl).into_iter().map(|r| (r.need, r.ranked)).collect()
}

#[test]
fn csv_and_xlsx_files_rank_exactly_like_the_jsonl() {
    let dir = TempDir::new("otop-match");
    let data_dir = dir.0.join("data");
    let services = data("services.jsonl");
    let needs = data("needs-dev.jsonl");
    let o = run(&["match", "--services", s(&services), "--needs", s(&needs)], &data_dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = ranked_by_need(&stdout(&o));
    assert_eq!(expected.len(), 30);

    // CSV with English headers and codes; XLSX with Thai headers, Thai category names and a
    // running-number column.
    let rows = dev_need_rows();
    let csv = dir.0.join("needs.csv");
    otop_sheets::write_csv(
        std::fs::File::create(&csv).unwrap(),
        &["id", "text", "province", "category", "product"],
        rows.iter().map(|r| r.to_vec()),
    )
    .unwrap();
    let xlsx = dir.0.join("needs.xlsx");
    let thai_rows = rows.iter().enumerate().map(|(i, r)| {
        let category = otop_domain::Category::parse(&r[3]).unwrap().name_th().to_string();
        vec![(i + 1).to_string(), r[0].clone(), r[1].clone(), r[2].clone(), category, r[4].clone()]
    });
    otop_sheets::write_xlsx(&xlsx, "ความต้องการ", &["ลำดับ", "รหัส", "ปัญหา", "จังหวัด", "กลุ่มผลิตภัณฑ์", "ผลิตภัณฑ์"], thai_rows)
        .unwrap();
    for needs_file in [&csv, &xlsx] {
        let o = run(&["match", "--services", s(&services), "--needs", s(needs_file)], &data_dir);
        assert!(o.status.success(), "{}: {}", needs_file.display(), stderr(&o));
        assert!(!stderr(&o).contains("Warning"), "no unknown columns: {}", stderr(&o));
        assert_eq!(ranked_by_need(&stdout(&o)), expected, "{}", needs_file.display());
    }

    // The services as a sheet too, coverage in one column and its kind in another.
    let services_xlsx = dir.0.join("services.xlsx");
    let headers = [
        "รหัส (ID)",
        "ผู้ให้บริการ",
        "kind",
        "ชื่อบริการ",
        "รายละเอียด",
        "ห่วงโซ่คุณค่า",
        "ประเภทผลิตภัณฑ์",
        "พื้นที่ให้บริการ",
        "coverage_kind",
    ];
    otop_sheets::write_xlsx(&services_xlsx, "บริการ", &headers, dev_service_rows()).unwrap();
    let o = run(&["match", "--services", s(&services_xlsx), "--needs", s(&xlsx)], &data_dir);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(ranked_by_need(&stdout(&o)), expected, "services from .xlsx");

    // Results as a sheet for officers: one row per result, in rank order.
    for ext in ["xlsx", "csv"] {
        let out = dir.0.join(format!("results.{ext}"));
        let o =
            run(&["match", "--services", s(&services), "--needs", s(&csv), "--top", "3", "--out", s(&out)], &data_dir);
        assert!(o.status.success(), "{}", stderr(&o));
        let t = otop_sheets::read_table(&out).unwrap();
        assert_eq!(t.headers.len(), 7, "{:?}", t.headers);
        assert!(t.headers[0].contains("Need") && t.headers[6].contains("Reasons"), "{:?}", t.headers);
        assert_eq!(t.rows.len(), 30 * 3);
        let first = &t.rows[0];
        assert_eq!(first.get(0), expected[0].0);
        assert_eq!(first.get(1), "1");
        assert_eq!(first.get(2), expected[0].1[0]);
        assert!(!first.get(3).is_empty(), "title shown");
        assert!(first.get(5).parse::<f32>().is_ok(), "score {}", first.get(5));
        assert!(first.get(6).chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)), "reasons in Thai");
        assert_eq!(t.rows[4].get(2), expected[1].1[1]);
    }
}

/// The line numbers named in the Thai lines of the error report.
fn named_lines(err: &str, word: &str) -> Vec<usize> {
    let mut named: Vec<usize> = err
        .lines()
        .filter_map(|l| l.split_once(&format!(" {word} ")))
        .filter_map(|(_, rest)| rest.split(',').next()?.trim().parse().ok())
        .collect();
    named.dedup();
    named
}

#[test]
fn a_needs_file_with_bad_lines_lists_each_one_and_writes_nothing() {
    let dir = TempDir::new("otop-match");
    let data_dir = dir.0.join("data");
    let services = data("services.jsonl");
    let needs = dir.0.join("needs.jsonl");
    std::fs::write(
        &needs,
        [
            r#"{"id":"N1","province":"ลำพูน","category":"food","text":"ลำไยอบแห้งขึ้นรา"}"#,
            r#"{"id":"N2","province":"ลำพูน","text":"ลืมปิดวงเล็บ""#,
            r#"{"id":"N3","province":"เมืองลับแล","category":"food","text":"กล้วยตากดำ"}"#,
            r#"{"id":"N4","text":"ผ้าสีตก"}"#,
            r#"{"id":"N5","province":"น่าน","category":"ขนมหวาน","text":"เครื่องเงินหมอง"}"#,
            r#"{"id":"N6","province":"ลำปาง","category":"decor_souvenir","text":"   "}"#,
            "",
        ]
        .join("\n"),
    )
    .unwrap();
    let out = dir.0.join("results.jsonl");
    let o = run(&["match", "--services", s(&services), "--needs", s(&needs), "--out", s(&out)], &data_dir);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(named_lines(&err, "บรรทัด"), [2, 3, 5, 6], "{err}");
    assert_eq!(named_lines(&err, "line"), [2, 3, 5, 6], "{err}");
    for field in ["\"json\"", "\"province\" (\"เมืองลับแล\")", "\"category\" (\"ขนมหวาน\")", "\"text\""]
    {
        assert!(err.contains(field), "{field} in {err}");
    }
    assert!(err.contains("Nothing matched or written: 4 problems"), "{err}");
    assert!(!out.exists(), "nothing written");
    assert!(stdout(&o).is_empty());

    // The same mistakes in a sheet name rows and columns as the officer sees them.
    let csv = dir.0.join("needs.csv");
    std::fs::write(&csv, "รหัส,ปัญหา,จังหวัด,กลุ่มผลิตภัณฑ์,ขั้น\nN1,ลำไยขึ้นรา,ลำพูน,อาหาร,\nN2,,ลำพูน,,\nN3,กล้วยดำ,เมืองลับแล,food,การตลาด\nN1,ซ้ำ,,,ปลูกผัก\n").unwrap();
    let o = run(&["match", "--services", s(&services), "--needs", s(&csv), "--out", s(&out)], &data_dir);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(named_lines(&err, "แถว"), [3, 4, 5], "{err}");
    assert!(err.contains("คอลัมน์ \"ปัญหา\""), "{err}");
    assert!(err.contains("column \"รหัส\" (\"N1\"): This id is also on row 2"), "{err}");
    assert!(err.contains("column \"ขั้น\" (\"ปลูกผัก\")"), "{err}");
    assert!(!out.exists());

    // An unknown extension, and an unknown results extension, stop with one clear line.
    let txt = dir.0.join("needs.json");
    std::fs::write(&txt, "{}").unwrap();
    let o = run(&["match", "--services", s(&services), "--needs", s(&txt)], &data_dir);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(".jsonl") && err.contains("Unknown kind of file"), "{err}");
    assert!(err.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)), "Thai too: {err}");
    let o = run(&["match", "--services", s(&services), "--needs", s(&needs), "--out", "x.pdf"], &data_dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must end in .jsonl, .csv or .xlsx"), "{}", stderr(&o));
}

fn database_services(data_dir: &Path) -> HashMap<String, String> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}?mode=rwc", data_dir.join("otop.db").display());
        let store = otop_store::Store::open(&url).await.unwrap();
        let all = store.all_services().await.unwrap();
        store.close().await;
        all.into_iter()
            .filter(|l| l.service.data.active)
            .map(|l| (l.service.id.to_string(), l.service.data.title))
            .collect()
    })
}

#[test]
fn db_demo_data_ranks_database_ids_with_reasons() {
    let dir = TempDir::new("otop-match");
    let data_dir = dir.0.join("data");
    let o = run(&["demo"], &data_dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let in_db = database_services(&data_dir);
    assert!(in_db.len() >= 60, "{}", in_db.len());

    let o = run(&["match", "--db", "--needs", s(&data("needs-dev.jsonl")), "--top", "5"], &data_dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let results = rankings(&stdout(&o));
    assert_eq!(results.len(), 30);
    for r in &results {
        assert_eq!(r.ranked.len(), 5, "{}", r.need);
        for id in &r.ranked {
            assert!(id.parse::<i64>().is_ok(), "a database id: {id}");
            assert!(in_db.contains_key(id), "{id} is an active service of the database");
        }
        assert_eq!(r.reasons.len(), 5);
        assert!(r.reasons[0].iter().any(|(code, th, _)| !code.is_empty() && !th.is_empty()), "{}", r.need);
    }

    // The sheet shows the database's titles.
    let out = dir.0.join("db.xlsx");
    let o = run(&["match", "--db", "--needs", s(&data("needs-dev.jsonl")), "--top", "5", "--out", s(&out)], &data_dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = otop_sheets::read_table(&out).unwrap();
    assert_eq!(t.rows.len(), 30 * 5);
    for row in &t.rows {
        assert_eq!(Some(row.get(3)), in_db.get(row.get(2)).map(String::as_str));
    }

    // --services and --db together, or neither, is a usage error.
    let o = run(&["match", "--db", "--services", s(&data("services.jsonl")), "--needs", "x.jsonl"], &data_dir);
    assert!(!o.status.success());
    let o = run(&["match", "--needs", s(&data("needs-dev.jsonl"))], &data_dir);
    assert!(!o.status.success());
}

/// The number after `label` in `text` (e.g. "p50 1.234 ms").
fn figure(text: &str, label: &str) -> f64 {
    let rest = &text[text.find(label).unwrap_or_else(|| panic!("{label} in {text}")) + label.len()..];
    let num: String = rest.trim_start().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    num.parse().unwrap_or_else(|_| panic!("a number after {label}: {rest}"))
}

#[test]
fn stats_prints_build_time_counts_and_latency_percentiles() {
    let dir = TempDir::new("otop-match");
    let o = run(
        &["match", "--services", s(&data("services.jsonl")), "--needs", s(&data("needs-dev.jsonl")), "--stats"],
        &dir.0.join("data"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(rankings(&stdout(&o)).len(), 30, "results still on stdout");
    assert!(figure(&err, "index build:") > 0.0, "{err}");
    assert_eq!(figure(&err, "services:"), 63.0, "{err}");
    assert_eq!(figure(&err, "needs:"), 30.0, "{err}");
    let (p50, p95, p99) = (figure(&err, "p50"), figure(&err, "p95"), figure(&err, "p99"));
    assert!(0.0 < p50 && p50 <= p95 && p95 <= p99, "{err}");
    assert!(figure(&err, "max") >= p99, "{err}");
}
