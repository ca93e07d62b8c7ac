//! The files of matching: services and needs read from JSONL (the matching benchmark's form),
//! CSV or Excel, and the rankings written as JSONL or as a sheet for officers. Used by
//! `otop-upgrade match`; the web's upload page can call the same `*_bytes` readers.
//!
//! # Sheets (CSV, XLSX)
//!
//! One row per need or service under a header row; headers in Thai or English (the names
//! below, or `ไทย (English)` as the exports write them), in any order. Lists (stages,
//! categories, regions, provinces) are comma-separated in one cell; codes, Thai or English
//! names all work (`food`, `อาหาร`; `packaging`, `บรรจุภัณฑ์`).
//!
//! Needs: `id`/`รหัส`, `text`/`ข้อความ`/`ปัญหา` (required), `province`/`จังหวัด` (name or code),
//! `category`/`กลุ่มผลิตภัณฑ์`, `product`/`ผลิตภัณฑ์`, `stages`/`ขั้น`.
//!
//! Services: `id`/`รหัส`, `provider`/`ผู้ให้บริการ`, `kind`/`ประเภทผู้ให้บริการ`,
//! `title`/`ชื่อบริการ`, `description`/`รายละเอียด`, `stages`/`ห่วงโซ่คุณค่า`,
//! `categories`/`ประเภทผลิตภัณฑ์`, `coverage`/`พื้นที่ให้บริการ` (required: `ทั่วประเทศ`/`nationwide`,
//! regions or provinces), optionally `coverage_kind`/`ประเภทพื้นที่` (`nationwide`/`ทั่วประเทศ`,
//! `regions`/`ภาค`, `provinces`/`จังหวัด`) to say which, `capacity_left`/`รับได้อีก` and
//! `status`/`สถานะ` (`ปิดรับ`/`inactive` rows are left out). The sheet of
//! `otop-upgrade export services` reads as it is.
//!
//! Without an id column a row's id is its row number. Every bad row or line is reported,
//! each with its number, field, value and what to fix, in Thai and English.

use std::collections::HashMap;
use std::path::Path;

use otop_domain::registry::{parse_province, split_list};
use otop_domain::{Bilingual, Category, Coverage, FieldError, ProviderKind, Stage};
use otop_sheets::columns::{Column, map_headers};
use otop_sheets::{SheetError, Table, TableRow};

pub use otop_matching::{
    Feedback, LineError, MatchError, Matcher, NeedLineRecord, NeedQuery, Ranked, Reason, ServiceRecord, need_from_line,
    service_from_line,
};

// ---------------------------------------------------------------- formats

/// How an input file is read, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON object a line (`.jsonl`).
    Jsonl,
    /// A spreadsheet: CSV or Excel, read by `otop_sheets::read_table`.
    Sheet,
}

/// How results are written, from the `--out` extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Jsonl,
    Csv,
    Xlsx,
}

fn extension(file_name: &str) -> String {
    Path::new(file_name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default()
}

/// The format of an input file; an unknown extension is a message saying which work.
pub fn input_format(file_name: &str) -> Result<InputFormat, Bilingual> {
    match extension(file_name).as_str() {
        "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
        "csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "xls" | "ods" => Ok(InputFormat::Sheet),
        _ => Err(Bilingual::new(
            format!("ไม่รู้จักชนิดของไฟล์ \"{file_name}\" — ใช้ไฟล์ที่ลงท้ายด้วย .jsonl (JSON หนึ่งรายการต่อบรรทัด), .csv หรือ .xlsx"),
            format!(
                "Unknown kind of file \"{file_name}\" — use a file ending in .jsonl (one JSON object a line), .csv or .xlsx"
            ),
        )),
    }
}

/// The format of the results file.
pub fn output_format(file_name: &str) -> Result<OutputFormat, Bilingual> {
    match extension(file_name).as_str() {
        "jsonl" | "ndjson" => Ok(OutputFormat::Jsonl),
        "csv" => Ok(OutputFormat::Csv),
        "xlsx" => Ok(OutputFormat::Xlsx),
        _ => Err(Bilingual::new(
            format!("ไฟล์ผลลัพธ์ \"{file_name}\" ต้องลงท้ายด้วย .jsonl, .csv หรือ .xlsx"),
            format!("The results file \"{file_name}\" must end in .jsonl, .csv or .xlsx"),
        )),
    }
}

// ---------------------------------------------------------------- errors

/// One bad line (JSONL) or row (sheet): where, which field, the value, and what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file name, as given.
    pub file: String,
    pub format: InputFormat,
    /// The line number (JSONL) or the row number as Excel shows it (sheets), from 1.
    pub row: usize,
    /// The JSON field or the column header as written in the file.
    pub field: String,
    pub value: String,
    pub th: String,
    pub en: String,
}

impl InputError {
    fn quoted_value(&self) -> String {
        let v: String = self.value.split_whitespace().collect::<Vec<_>>().join(" ");
        if v.is_empty() {
            return String::new();
        }
        let mut short: String = v.chars().take(60).collect();
        if short.len() < v.len() {
            short.push('…');
        }
        format!(" (\"{short}\")")
    }

    /// `needs.jsonl บรรทัด 3, ช่อง "province" ("เมืองลับแล"): …`
    pub fn line_th(&self) -> String {
        let (place, field) = match self.format {
            InputFormat::Jsonl => ("บรรทัด", "ช่อง"),
            InputFormat::Sheet => ("แถว", "คอลัมน์"),
        };
        format!("{} {place} {}, {field} \"{}\"{}: {}", self.file, self.row, self.field, self.quoted_value(), self.th)
    }

    /// `needs.jsonl line 3, field "province" ("เมืองลับแล"): …`
    pub fn line_en(&self) -> String {
        let (place, field) = match self.format {
            InputFormat::Jsonl => ("line", "field"),
            InputFormat::Sheet => ("row", "column"),
        };
        format!("{} {place} {}, {field} \"{}\"{}: {}", self.file, self.row, self.field, self.quoted_value(), self.en)
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.line_th(), self.line_en())
    }
}

/// Why a file gave no records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file as a whole: unknown extension, unreadable, no header, required columns missing.
    File(Bilingual),
    /// Every bad line or row, in file order.
    Rows(Vec<InputError>),
}

impl From<SheetError> for ReadError {
    fn from(e: SheetError) -> Self {
        ReadError::File(e.message())
    }
}

/// Records read from a file, and the sheet columns that were not recognised (ignored).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded<T> {
    pub records: Vec<T>,
    pub ignored_columns: Vec<String>,
}

// ---------------------------------------------------------------- reading

/// Reads a services file (.jsonl, .csv, .xlsx).
pub fn read_services(path: &Path) -> Result<Loaded<ServiceRecord>, ReadError> {
    let name = display_name(path);
    input_format(&name).map_err(ReadError::File)?;
    read_services_bytes(&read_file(path)?, &name)
}

/// Reads a needs file (.jsonl, .csv, .xlsx).
pub fn read_needs(path: &Path) -> Result<Loaded<NeedLineRecord>, ReadError> {
    let name = display_name(path);
    input_format(&name).map_err(ReadError::File)?;
    read_needs_bytes(&read_file(path)?, &name)
}

/// Reads the bytes of an uploaded services file; `file_name` gives the format.
pub fn read_services_bytes(bytes: &[u8], file_name: &str) -> Result<Loaded<ServiceRecord>, ReadError> {
    match input_format(file_name).map_err(ReadError::File)? {
        InputFormat::Jsonl => {
            let text = otop_sheets::decode_text(bytes, file_name)?;
            Ok(Loaded { records: services_from_jsonl(&text, file_name)?, ignored_columns: Vec::new() })
        }
        InputFormat::Sheet => services_from_table(&otop_sheets::read_table_bytes(bytes, file_name)?),
    }
}

/// Reads the bytes of an uploaded needs file; `file_name` gives the format.
pub fn read_needs_bytes(bytes: &[u8], file_name: &str) -> Result<Loaded<NeedLineRecord>, ReadError> {
    match input_format(file_name).map_err(ReadError::File)? {
        InputFormat::Jsonl => {
            let text = otop_sheets::decode_text(bytes, file_name)?;
            Ok(Loaded { records: needs_from_jsonl(&text, file_name)?, ignored_columns: Vec::new() })
        }
        InputFormat::Sheet => needs_from_table(&otop_sheets::read_table_bytes(bytes, file_name)?),
    }
}

fn display_name(path: &Path) -> String {
    path.display().to_string()
}

fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    std::fs::read(path).map_err(|source| SheetError::Io { file_name: display_name(path), source }.into())
}

/// Services in the benchmark's JSONL form; every bad line is reported.
pub fn services_from_jsonl(text: &str, file_name: &str) -> Result<Vec<ServiceRecord>, ReadError> {
    jsonl(text, file_name, service_from_line, |s| &s.key)
}

/// Needs in the benchmark's JSONL form; every bad line is reported.
pub fn needs_from_jsonl(text: &str, file_name: &str) -> Result<Vec<NeedLineRecord>, ReadError> {
    jsonl(text, file_name, need_from_line, |n| &n.id)
}

fn jsonl<T>(
    text: &str,
    file_name: &str,
    parse: impl Fn(usize, &str) -> Result<T, LineError>,
    id: impl Fn(&T) -> &str,
) -> Result<Vec<T>, ReadError> {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut ids = Ids::default();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim().trim_start_matches('\u{feff}');
        if t.is_empty() {
            continue;
        }
        match parse(i + 1, t) {
            Ok(r) => match ids.check(id(&r), i + 1, "บรรทัด", "line") {
                Ok(()) => records.push(r),
                Err((th, en)) => errors.push(InputError {
                    file: file_name.to_string(),
                    format: InputFormat::Jsonl,
                    row: i + 1,
                    field: "id".into(),
                    value: id(&r).to_string(),
                    th,
                    en,
                }),
            },
            Err(e) => errors.push(InputError {
                file: file_name.to_string(),
                format: InputFormat::Jsonl,
                row: e.line,
                field: e.field,
                value: e.value,
                th: e.th,
                en: e.en,
            }),
        }
    }
    if errors.is_empty() { Ok(records) } else { Err(ReadError::Rows(errors)) }
}

/// Ids seen so far in a file, to report a repeated one with where it was first.
#[derive(Default)]
struct Ids(HashMap<String, usize>);

impl Ids {
    fn check(&mut self, id: &str, row: usize, place_th: &str, place_en: &str) -> Result<(), (String, String)> {
        match self.0.get(id) {
            Some(first) => Err((
                format!("รหัสนี้ซ้ำกับ{place_th} {first} — แต่ละรายการต้องมีรหัสไม่ซ้ำกัน"),
                format!("This id is also on {place_en} {first} — every record needs its own id"),
            )),
            None => {
                self.0.insert(id.to_string(), row);
                Ok(())
            }
        }
    }
}

// ---------------------------------------------------------------- sheet columns

const fn col(
    field: &'static str,
    th: &'static str,
    en: &'static str,
    header: &'static str,
    synonyms: &'static [&'static str],
    required: bool,
) -> Column {
    Column { field, th, en, header, synonyms, required }
}

/// The columns of a needs sheet.
pub const NEED_COLUMNS: &[Column] = &[
    col("id", "รหัส", "ID", "รหัส (ID)", &["รหัสความต้องการ", "need id", "need"], false),
    col(
        "text",
        "ข้อความ",
        "Text",
        "ข้อความ (Text)",
        &["ปัญหา", "ความต้องการ", "ข้อความปัญหา", "ปัญหาที่พบ", "ปัญหา/ความต้องการ", "problem", "need text"],
        true,
    ),
    col("province", "จังหวัด", "Province", "จังหวัด (Province)", &["changwat"], false),
    col(
        "category",
        "กลุ่มผลิตภัณฑ์",
        "Category",
        "กลุ่มผลิตภัณฑ์ (Category)",
        &["ประเภทผลิตภัณฑ์", "หมวดผลิตภัณฑ์", "product category"],
        false,
    ),
    col("product", "ผลิตภัณฑ์", "Product", "ผลิตภัณฑ์ (Product)", &["ชื่อผลิตภัณฑ์", "สินค้า", "product name"], false),
    col(
        "stages",
        "ขั้น",
        "Stages",
        "ขั้น (Stages)",
        &["stage", "ห่วงโซ่คุณค่า", "ขั้นของห่วงโซ่คุณค่า", "value-chain stages", "value chain stages"],
        false,
    ),
];

/// The columns of a services sheet; the export's headers (`otop_sheets::SERVICE_COLUMNS`) match too.
pub const SERVICE_COLUMNS: &[Column] = &[
    col("id", "รหัส", "ID", "รหัส (ID)", &["รหัสบริการ", "service id"], false),
    col(
        "provider",
        "ผู้ให้บริการ",
        "Provider",
        "ผู้ให้บริการ (Provider)",
        &["หน่วยงาน", "หน่วยงานผู้ให้บริการ", "provider name"],
        true,
    ),
    col("kind", "ประเภทผู้ให้บริการ", "Kind", "ประเภทผู้ให้บริการ (Kind)", &["provider kind", "ประเภทหน่วยงาน"], false),
    col("title", "ชื่อบริการ", "Title", "ชื่อบริการ (Title)", &["บริการ", "service", "service title"], true),
    col("description", "รายละเอียด", "Description", "รายละเอียด (Description)", &["รายละเอียดบริการ"], true),
    col(
        "stages",
        "ห่วงโซ่คุณค่า",
        "Stages",
        "ห่วงโซ่คุณค่า (Stages)",
        &["ขั้น", "stage", "ขั้นของห่วงโซ่คุณค่า", "value-chain stages", "value chain stages"],
        false,
    ),
    col(
        "categories",
        "ประเภทผลิตภัณฑ์",
        "Categories",
        "ประเภทผลิตภัณฑ์ (Categories)",
        &["กลุ่มผลิตภัณฑ์", "หมวดผลิตภัณฑ์", "category", "product categories"],
        false,
    ),
    col("coverage", "พื้นที่ให้บริการ", "Coverage", "พื้นที่ให้บริการ (Coverage)", &["พื้นที่"], true),
    col(
        "coverage_kind",
        "ประเภทพื้นที่",
        "Coverage kind",
        "ประเภทพื้นที่ (Coverage kind)",
        &["ประเภทพื้นที่ให้บริการ", "ชนิดพื้นที่"],
        false,
    ),
    col(
        "capacity_left",
        "รับได้อีก",
        "Capacity left",
        "รับได้อีก (Capacity left)",
        &["รับได้อีก (ราย)", "รับได้ต่อปี", "รับได้ต่อปี (ราย)", "capacity", "capacity per year"],
        false,
    ),
    col("prices", "รายการราคา", "Price list", "รายการราคา (Price list)", &["ราคา", "prices"], false),
    col("status", "สถานะ", "Status", "สถานะ (Status)", &["active"], false),
];

/// One sheet row's cells by field, and the errors found in it.
struct RowReader<'a> {
    table: &'a Table,
    columns: &'static [Column],
    index: Vec<Option<usize>>,
    row: &'a TableRow,
    /// The id the row gave, once read (empty if none).
    id: String,
    errors: Vec<InputError>,
}

impl<'a> RowReader<'a> {
    fn position(&self, field: &str) -> Option<usize> {
        let ci = self.columns.iter().position(|c| c.field == field).expect("a field of the table");
        self.index[ci]
    }

    fn has(&self, field: &str) -> bool {
        self.position(field).is_some()
    }

    fn cell(&self, field: &str) -> &'a str {
        self.position(field).map_or("", |i| self.row.get(i).trim())
    }

    fn error(&mut self, field: &str, value: &str, th: impl Into<String>, en: impl Into<String>) {
        let column = match self.position(field) {
            Some(i) => self.table.headers[i].clone(),
            None => field.to_string(),
        };
        self.errors.push(InputError {
            file: self.table.file_name.clone(),
            format: InputFormat::Sheet,
            row: self.row.number,
            field: column,
            value: value.to_string(),
            th: th.into(),
            en: en.into(),
        });
    }

    fn field_error(&mut self, field: &str, e: FieldError) {
        let value = if e.value.is_empty() { self.cell(field).to_string() } else { e.value };
        self.error(field, &value, e.message.th, e.message.en);
    }

    /// The row's id: its cell, or its row number when the sheet has no id column.
    fn id(&mut self, what_th: &str, what_en: &str) -> String {
        if !self.has("id") {
            self.id = self.row.number.to_string();
            return self.id.clone();
        }
        let id = self.cell("id");
        self.id = id.to_string();
        if id.is_empty() {
            self.error(
                "id",
                "",
                format!("ต้องมีรหัส{what_th} — ใส่รหัสที่ไม่ซ้ำกัน หรือลบคอลัมน์รหัสออกเพื่อใช้เลขแถวแทน"),
                format!("The {what_en} needs an id — fill in a unique id, or delete the id column to use row numbers"),
            );
        }
        id.to_string()
    }

    fn list<T>(&mut self, field: &str, parse: impl Fn(&str, &str) -> Result<T, FieldError>) -> Vec<T> {
        let mut out = Vec::new();
        for part in split_list(self.cell(field)) {
            match parse(field, part) {
                Ok(v) => out.push(v),
                Err(e) => self.field_error(field, FieldError { value: part.to_string(), ..e }),
            }
        }
        out
    }

    fn stages(&mut self) -> Vec<Stage> {
        let mut s = self.list("stages", Stage::parse_field);
        s.sort();
        s.dedup();
        s
    }
}

fn sheet<T>(
    table: &Table,
    columns: &'static [Column],
    read: impl Fn(&mut RowReader<'_>) -> Option<T>,
) -> Result<Loaded<T>, ReadError> {
    let map = map_headers(columns, &table.headers);
    if !map.missing.is_empty() || !map.duplicate.is_empty() {
        return Err(SheetError::Columns { missing: map.missing, duplicate: map.duplicate }.into());
    }
    if table.rows.is_empty() {
        return Err(SheetError::NoRows { file_name: table.file_name.clone() }.into());
    }
    let mut records = Vec::with_capacity(table.rows.len());
    let mut errors = Vec::new();
    let mut ids = Ids::default();
    for row in &table.rows {
        let mut r = RowReader { table, columns, index: map.index.clone(), row, id: String::new(), errors: Vec::new() };
        let record = read(&mut r);
        if !r.id.is_empty()
            && let Err((th, en)) = ids.check(&r.id, row.number, "แถว", "row")
        {
            let value = r.id.clone();
            r.error("id", &value, th, en);
        }
        if r.errors.is_empty() {
            records.extend(record);
        } else {
            errors.append(&mut r.errors);
        }
    }
    if errors.is_empty() { Ok(Loaded { records, ignored_columns: map.unknown }) } else { Err(ReadError::Rows(errors)) }
}

/// Needs from a sheet (see the module documentation for its columns).
pub fn needs_from_table(table: &Table) -> Result<Loaded<NeedLineRecord>, ReadError> {
    sheet(table, NEED_COLUMNS, read_need_row)
}

/// Services from a sheet (see the module documentation for its columns).
pub fn services_from_table(table: &Table) -> Result<Loaded<ServiceRecord>, ReadError> {
    sheet(table, SERVICE_COLUMNS, read_service_row)
}

fn read_need_row(r: &mut RowReader<'_>) -> Option<NeedLineRecord> {
    let id = r.id("ความต้องการ", "need");
    let text = r.cell("text").to_string();
    if text.is_empty() {
        r.error(
            "text",
            "",
            "ต้องมีข้อความปัญหา — เขียนปัญหาหรือความต้องการด้วยคำพูดของผู้ประกอบการ",
            "The need has no text — write the problem in the producer's own words",
        );
    }
    let province_code = match r.cell("province") {
        "" => None,
        p => parse_province("province", p).map_err(|e| r.field_error("province", e)).ok(),
    };
    let category = match r.cell("category") {
        "" => None,
        c => Category::parse_field("category", c).map_err(|e| r.field_error("category", e)).ok(),
    };
    let product = Some(r.cell("product").to_string()).filter(|p| !p.is_empty());
    let stages = r.stages();
    Some(NeedLineRecord { id, need: NeedQuery { text, province_code, category, product, stages } })
}

fn read_service_row(r: &mut RowReader<'_>) -> Option<ServiceRecord> {
    let key = r.id("บริการ", "service");
    let title = r.cell("title").to_string();
    if title.is_empty() {
        r.error("title", "", "ต้องมีชื่อบริการ", "The service needs a title");
    }
    let kind = match r.cell("kind") {
        "" => None,
        k => ProviderKind::parse_field("kind", k).map_err(|e| r.field_error("kind", e)).ok(),
    };
    let stages = r.stages();
    let mut categories = r.list("categories", Category::parse_field);
    categories.sort();
    categories.dedup();
    let coverage = coverage(r);
    let capacity_left = match r.cell("capacity_left") {
        "" => None,
        c => {
            let digits: String = c.chars().filter(|ch| !matches!(ch, ',' | ' ')).map(thai_digit).collect();
            match digits.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    r.error(
                        "capacity_left",
                        c,
                        "จำนวนที่รับได้ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป หรือเว้นว่างถ้าไม่จำกัด",
                        "Capacity must be a whole number, 0 or more — or empty for no limit",
                    );
                    None
                }
            }
        }
    };
    let active = match r.cell("status").to_lowercase().as_str() {
        "" | "เปิดรับ" | "เปิด" | "active" | "open" | "true" | "yes" | "ใช่" | "1" => true,
        "ปิดรับ" | "ปิด" | "inactive" | "closed" | "false" | "no" | "ไม่" | "0" => false,
        other => {
            let other = other.to_string();
            r.error(
                "status",
                &other,
                "สถานะต้องเป็น \"เปิดรับ\" หรือ \"ปิดรับ\" (แถวที่ปิดรับจะไม่นำมาจับคู่)",
                "Status must be \"active\" or \"inactive\" (inactive rows are not matched)",
            );
            true
        }
    };
    let record = ServiceRecord {
        key,
        provider: r.cell("provider").to_string(),
        kind,
        title,
        description: r.cell("description").to_string(),
        stages,
        categories,
        coverage: coverage?,
        capacity_left,
        feedback: Feedback::default(),
    };
    active.then_some(record)
}

fn thai_digit(c: char) -> char {
    match c {
        '๐'..='๙' => char::from_digit(c as u32 - '๐' as u32, 10).unwrap_or(c),
        _ => c,
    }
}

/// Which kinds of coverage a `coverage_kind` cell allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CoverageKind {
    Nationwide,
    Regions,
    Provinces,
}

fn coverage_kind(v: &str) -> Option<CoverageKind> {
    let k: String =
        v.chars().filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-')).flat_map(char::to_lowercase).collect();
    match k.as_str() {
        "nationwide" | "ทั่วประเทศ" | "all" | "ทุกจังหวัด" => {
            Some(CoverageKind::Nationwide)
        }
        "regions" | "region" | "ภาค" | "รายภาค" => Some(CoverageKind::Regions),
        "provinces" | "province" | "จังหวัด" | "รายจังหวัด" => {
            Some(CoverageKind::Provinces)
        }
        _ => None,
    }
}

fn coverage(r: &mut RowReader<'_>) -> Option<Coverage> {
    let text = r.cell("coverage");
    let kind = match r.cell("coverage_kind") {
        "" => None,
        k => match coverage_kind(k) {
            Some(kind) => Some(kind),
            None => {
                r.error(
                    "coverage_kind",
                    k,
                    "ประเภทพื้นที่ต้องเป็น ทั่วประเทศ, ภาค หรือ จังหวัด (nationwide, regions, provinces)",
                    "Coverage kind must be nationwide, regions or provinces (ทั่วประเทศ, ภาค, จังหวัด)",
                );
                return None;
            }
        },
    };
    if kind == Some(CoverageKind::Nationwide) && text.is_empty() {
        return Some(Coverage::Nationwide);
    }
    if text.is_empty() {
        r.error(
            "coverage",
            "",
            "ต้องระบุพื้นที่ให้บริการ: \"ทั่วประเทศ\" ชื่อภาค หรือชื่อจังหวัด คั่นด้วยจุลภาค",
            "Coverage is required: \"nationwide\", region names or province names, separated by commas",
        );
        return None;
    }
    let parsed = match Coverage::parse("coverage", text) {
        Ok(c) => c,
        Err(e) => {
            r.field_error("coverage", e);
            return None;
        }
    };
    let got = match parsed {
        Coverage::Nationwide => CoverageKind::Nationwide,
        Coverage::Regions(_) => CoverageKind::Regions,
        Coverage::Provinces(_) => CoverageKind::Provinces,
    };
    match kind {
        Some(k) if k != got => {
            let (th, en) = match k {
                CoverageKind::Nationwide => ("ทั่วประเทศ", "nationwide"),
                CoverageKind::Regions => ("ชื่อภาค", "region names"),
                CoverageKind::Provinces => ("ชื่อจังหวัด", "province names"),
            };
            r.error(
                "coverage",
                text,
                format!("ประเภทพื้นที่บอกว่าเป็น{th} แต่ช่องนี้ไม่ใช่ — แก้ให้ตรงกัน"),
                format!("The coverage kind says {en}, but this cell is not — make them agree"),
            );
            None
        }
        _ => Some(parsed),
    }
}

// ---------------------------------------------------------------- writing

/// One result line: `{"need": id, "ranked": [service ids], "reasons": [[{code, th, en}, …], …]}`,
/// the form the matching benchmark's `evaluate.py` reads (reasons aligned with `ranked`).
pub fn result_line(need_id: &str, ranked: &[Ranked]) -> String {
    let mut out = String::with_capacity(256 + 512 * ranked.len());
    out.push_str("{\"need\":");
    json_string(&mut out, need_id);
    out.push_str(",\"ranked\":[");
    for (i, r) in ranked.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(&mut out, &r.key);
    }
    out.push_str("],\"reasons\":[");
    for (i, r) in ranked.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (j, reason) in r.reasons.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            out.push_str("{\"code\":");
            json_string(&mut out, reason.code);
            out.push_str(",\"th\":");
            json_string(&mut out, &reason.th);
            out.push_str(",\"en\":");
            json_string(&mut out, &reason.en);
            out.push('}');
        }
        out.push(']');
    }
    out.push_str("]}");
    out
}

/// Appends `s` as a JSON string (UTF-8 as is; quotes, backslashes and control characters escaped).
fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The header of the results sheet.
pub const RESULT_HEADERS: &[&str] = &[
    "รหัสความต้องการ (Need)",
    "อันดับ (Rank)",
    "รหัสบริการ (Service ID)",
    "ชื่อบริการ (Service)",
    "ผู้ให้บริการ (Provider)",
    "คะแนน (Score)",
    "เหตุผล (Reasons)",
];

/// What a results sheet shows of a service beside its id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceLabel {
    pub title: String,
    pub provider: String,
}

impl ServiceLabel {
    pub fn of(s: &ServiceRecord) -> Self {
        ServiceLabel { title: s.title.clone(), provider: s.provider.clone() }
    }
}

/// The rows of one need in the results sheet: one per ranked service, reasons in Thai; a need
/// nothing matched gets one row that says so.
pub fn result_rows(need_id: &str, ranked: &[Ranked], labels: &HashMap<String, ServiceLabel>) -> Vec<Vec<String>> {
    if ranked.is_empty() {
        return vec![vec![
            need_id.to_string(),
            String::new(),
            String::new(),
            "ไม่พบบริการที่ตรงกับปัญหานี้ (no matching service)".to_string(),
            String::new(),
            String::new(),
            String::new(),
        ]];
    }
    ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let label = labels.get(&r.key).cloned().unwrap_or_default();
            vec![
                need_id.to_string(),
                (i + 1).to_string(),
                r.key.clone(),
                label.title,
                label.provider,
                format!("{:.3}", r.score),
                r.reasons.iter().map(|x| x.th.as_str()).collect::<Vec<_>>().join("; "),
            ]
        })
        .collect()
}

/// Writes the results sheet as .csv or .xlsx.
pub fn write_result_sheet(path: &Path, format: OutputFormat, rows: Vec<Vec<String>>) -> Result<(), SheetError> {
    match format {
        OutputFormat::Xlsx => otop_sheets::write_xlsx(path, "ผลการจับคู่", RESULT_HEADERS, rows),
        _ => {
            let f = std::fs::File::create(path)
                .map_err(|source| SheetError::Io { file_name: path.display().to_string(), source })?;
            otop_sheets::write_csv(std::io::BufWriter::new(f), RESULT_HEADERS, rows)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use otop_sheets::columns::column_for;

    fn table(csv: &str) -> Table {
        otop_sheets::read_table_bytes(csv.as_bytes(), "t.csv").unwrap()
    }

    fn rows(e: ReadError) -> Vec<InputError> {
        match e {
            ReadError::Rows(r) => r,
            ReadError::File(f) => panic!("file error: {f}"),
        }
    }

    #[test]
    fn no_name_is_shared_between_two_columns_and_names_map_back() {
        for table in [NEED_COLUMNS, SERVICE_COLUMNS] {
            for c in table {
                assert_eq!(c.header, format!("{} ({})", c.th, c.en));
                for h in [c.header, c.th, c.en, c.field].iter().chain(c.synonyms) {
                    assert_eq!(column_for(table, h).map(|x| x.field), Some(c.field), "{h}");
                }
            }
        }
        // The service export's headers read as the same fields.
        for h in otop_sheets::service_headers() {
            assert!(column_for(SERVICE_COLUMNS, h).is_some(), "{h}");
        }
    }

    #[test]
    fn needs_sheet_with_thai_headers() {
        let t = table(
            "รหัส,ปัญหา,จังหวัด,กลุ่มผลิตภัณฑ์,ผลิตภัณฑ์,ขั้น\n\
             N1,ลำไยขึ้นรา,ลำพูน,อาหาร,ลำไยอบแห้ง,\"packaging, บรรจุภัณฑ์\"\n\
             N2,กาแฟรสไม่คงที่,Mae Hong Son,beverage,,\n",
        );
        let l = needs_from_table(&t).unwrap();
        assert_eq!(l.records.len(), 2);
        let n = &l.records[0];
        assert_eq!(n.id, "N1");
        assert_eq!(n.need.category, Some(Category::Food));
        assert_eq!(n.need.stages, vec![Stage::Packaging]);
        assert_eq!(n.need.product.as_deref(), Some("ลำไยอบแห้ง"));
        assert!(n.need.province_code.is_some());
        assert_eq!(l.records[1].need.product, None);
        assert!(l.records[1].need.province_code.is_some());
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_row() {
        let t = table(
            "id,text,province,category,stages\n\
             A,,เมืองลับแล,ขนม,\n\
             B,ok,ลำพูน,food,nonsense\n\
             A,ok again,,,\n",
        );
        let e = rows(needs_from_table(&t).unwrap_err());
        let got: Vec<(usize, &str)> = e.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(got, [(2, "text"), (2, "province"), (2, "category"), (3, "stages"), (4, "id")]);
        assert!(e.iter().all(|e| !e.th.is_empty() && !e.en.is_empty()));
        assert!(e[4].en.contains("row 2"), "{}", e[4].en);
    }

    #[test]
    fn without_an_id_column_the_row_number_is_the_id() {
        let t = table("ข้อความ\nลำไยขึ้นรา\n\nกาแฟขม\n");
        let l = needs_from_table(&t).unwrap();
        let ids: Vec<&str> = l.records.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["2", "4"]);
    }

    #[test]
    fn services_sheet_coverage_forms() {
        let t = table(
            "id,provider,kind,title,description,stages,categories,coverage,coverage_kind,capacity_left,status\n\
             S1,วศ.,agency,ทดสอบ,รายละเอียด,standards,\"food, beverage\",ทั่วประเทศ,,,\n\
             S2,คลินิก,technology_clinic,อบแห้ง,,machinery,อาหาร,\"north, ภาคอีสาน\",regions,๑๒,เปิดรับ\n\
             S3,KBO,kbo,ตลาด,,marketing,,\"ลำพูน, Chiang Mai\",จังหวัด,,\n\
             S4,ปิด,,ปิดแล้ว,,,,nationwide,,,ปิดรับ\n\
             S5,x,,y,,,,,nationwide,,\n",
        );
        let l = services_from_table(&t).unwrap();
        let keys: Vec<&str> = l.records.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["S1", "S2", "S3", "S5"], "inactive S4 left out");
        assert_eq!(l.records[0].coverage, Coverage::Nationwide);
        assert!(matches!(&l.records[1].coverage, Coverage::Regions(r) if r.len() == 2));
        assert_eq!(l.records[1].capacity_left, Some(12));
        assert!(matches!(&l.records[2].coverage, Coverage::Provinces(p) if p.len() == 2));
        assert_eq!(l.records[3].coverage, Coverage::Nationwide);

        let t = table(
            "id,provider,title,description,coverage,coverage_kind,capacity_left,kind\n\
             S1,a,t,d,ภาคเหนือ,provinces,x,robot\n\
             S2,a,t,d,,,,\n\
             S3,a,,d,เมืองลับแล,,,\n",
        );
        let e = rows(services_from_table(&t).unwrap_err());
        let got: Vec<(usize, &str)> = e.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(
            got,
            [(2, "kind"), (2, "coverage"), (2, "capacity_left"), (3, "coverage"), (4, "title"), (4, "coverage")]
        );
    }

    #[test]
    fn missing_required_columns_is_one_file_error() {
        let t = table("id,province\nA,ลำพูน\n");
        assert!(matches!(needs_from_table(&t), Err(ReadError::File(m)) if m.en.contains("Text")));
    }

    #[test]
    fn jsonl_reports_every_bad_line_and_repeated_ids() {
        let text = "{\"id\":\"D1\",\"text\":\"ลำไยขึ้นรา\"}\n\nnot json\n{\"id\":\"D1\",\"text\":\"ซ้ำ\"}\n\
                    {\"id\":\"D3\",\"text\":\"x\",\"province\":\"เมืองลับแล\"}\n";
        let e = rows(needs_from_jsonl(text, "n.jsonl").unwrap_err());
        let got: Vec<(usize, &str)> = e.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(got, [(3, "json"), (4, "id"), (5, "province")]);
        assert!(e[0].line_th().starts_with("n.jsonl บรรทัด 3"), "{}", e[0].line_th());
        assert!(e[1].line_en().contains("line 1"), "{}", e[1].line_en());
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(input_format("a.JSONL"), Ok(InputFormat::Jsonl));
        assert_eq!(input_format("a.xlsx"), Ok(InputFormat::Sheet));
        let e = input_format("a.json").unwrap_err();
        assert!(e.th.contains(".jsonl") && e.en.contains("Unknown kind of file"));
        assert_eq!(output_format("r.csv"), Ok(OutputFormat::Csv));
        assert!(output_format("r").is_err());
    }

    #[test]
    fn result_line_is_json_with_aligned_reasons() {
        let ranked = vec![
            Ranked {
                key: "S\"1".into(),
                score: 1.0,
                reasons: vec![Reason { code: "words", th: "คำ: ก\\ข".into(), en: "line\nbreak".into() }],
            },
            Ranked { key: "S2".into(), score: 0.5, reasons: vec![] },
        ];
        assert_eq!(
            result_line("D1", &ranked),
            r#"{"need":"D1","ranked":["S\"1","S2"],"reasons":[[{"code":"words","th":"คำ: ก\\ข","en":"line\nbreak"}],[]]}"#
        );
        assert_eq!(result_line("D2", &[]), r#"{"need":"D2","ranked":[],"reasons":[]}"#);
    }
}
