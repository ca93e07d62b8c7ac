//! Enterprise import: a [`Table`] checked row by row against the domain's rules, with every
//! problem of every row reported in Thai and English.

use std::collections::HashMap;
use std::io::Write;

use otop_domain::{Bilingual, EnterpriseData, EnterpriseDraft, EnterpriseKind, FieldError, Phone, Registration};

use crate::columns::{ENTERPRISE_COLUMNS, HeaderMap, map_headers};
use crate::error::SheetError;
use crate::export::write_csv;
use crate::table::{Table, TableRow};

/// One problem in one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row number the user sees in Excel (header = 1).
    pub row: usize,
    /// The column header as written in the file.
    pub column: String,
    /// The value at fault as written (for a list cell, the bad item).
    pub value: String,
    pub message_th: String,
    pub message_en: String,
}

impl RowError {
    pub fn message(&self) -> Bilingual {
        Bilingual::new(&self.message_th, &self.message_en)
    }

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

    /// `แถว 5, คอลัมน์ "เลขประจำตัวประชาชน" ("1234"): …`
    pub fn line_th(&self) -> String {
        format!("แถว {}, คอลัมน์ \"{}\"{}: {}", self.row, self.column, self.quoted_value(), self.message_th)
    }

    /// `Row 5, column "เลขประจำตัวประชาชน" ("1234"): …`
    pub fn line_en(&self) -> String {
        format!("Row {}, column \"{}\"{}: {}", self.row, self.column, self.quoted_value(), self.message_en)
    }
}

impl std::fmt::Display for RowError {
    /// Both languages on one line: `แถว 5, … / Row 5, …`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.line_th(), self.line_en())
    }
}

/// The headers of the downloadable error report.
pub const ERROR_REPORT_HEADERS: [&str; 5] =
    ["แถว (Row)", "คอลัมน์ (Column)", "ข้อมูลที่กรอก (Value)", "ปัญหาและวิธีแก้ (ภาษาไทย)", "Problem and fix (English)"];

/// One line of the error report, under [`ERROR_REPORT_HEADERS`].
pub fn error_report_row(e: &RowError) -> Vec<String> {
    vec![e.row.to_string(), e.column.clone(), e.value.clone(), e.message_th.clone(), e.message_en.clone()]
}

/// Writes the whole error report as CSV (UTF-8 with BOM, so Excel shows the Thai).
pub fn write_error_report_csv<W: Write>(w: W, errors: &[RowError]) -> Result<(), SheetError> {
    write_csv(w, &ERROR_REPORT_HEADERS, errors.iter().map(error_report_row))
}

/// The outcome of checking an enterprise sheet. Each data row is either in `valid` or has at
/// least one entry in `errors`, never both. Import nothing unless `errors` is empty.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseImport {
    /// Rows that passed every check, with their row numbers, in file order.
    pub valid: Vec<(usize, EnterpriseData)>,
    /// Every problem found, by row and then by column order in the file.
    pub errors: Vec<RowError>,
    /// File columns that were not recognised and so not imported, as written (a warning).
    pub ignored_columns: Vec<String>,
    /// Number of non-empty data rows checked.
    pub total_rows: usize,
}

impl EnterpriseImport {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// How many distinct rows have at least one problem.
    pub fn error_row_count(&self) -> usize {
        let mut rows: Vec<usize> = self.errors.iter().map(|e| e.row).collect();
        rows.dedup();
        rows.len()
    }

    /// "ตรวจ 300 แถว: ถูกต้อง 297 แถว, มีปัญหา 3 แถว (4 จุด) — …". It does not say whether
    /// anything was imported: that is the caller's decision.
    pub fn summary(&self) -> Bilingual {
        let (total, ok) = (self.total_rows, self.valid.len());
        if self.errors.is_empty() {
            Bilingual::new(
                format!("ตรวจ {total} แถว: ถูกต้องทั้งหมด พร้อมนำเข้า"),
                format!("Checked {total} rows: all valid, ready to import"),
            )
        } else {
            let (bad, n) = (self.error_row_count(), self.errors.len());
            Bilingual::new(
                format!(
                    "ตรวจ {total} แถว: ถูกต้อง {ok} แถว, มีปัญหา {bad} แถว ({n} จุด) — แก้ไขแถวที่มีปัญหาตามรายการแล้วนำเข้าไฟล์อีกครั้ง"
                ),
                format!(
                    "Checked {total} rows: {ok} valid, {bad} with problems ({n} in all) — fix the rows listed and import the file again"
                ),
            )
        }
    }

    /// A warning naming the columns that were not imported, if any.
    pub fn ignored_columns_message(&self) -> Option<Bilingual> {
        if self.ignored_columns.is_empty() {
            return None;
        }
        let list = self.ignored_columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
        Some(Bilingual::new(
            format!("ไม่ได้นำเข้าคอลัมน์ที่ระบบไม่รู้จัก: {list} — ถ้าเป็นข้อมูลที่ต้องการ ให้เปลี่ยนชื่อหัวคอลัมน์ให้ตรงกับแบบฟอร์ม"),
            format!(
                "Columns not recognised and not imported: {list} — if you need them, rename the headers to match the template"
            ),
        ))
    }
}

/// Checks every row of an enterprise sheet. `progress(done, total)` is called with 0 first,
/// then as rows are checked, and with `total` last.
///
/// File-level problems (required columns missing, a column given twice, no data rows) are an
/// `Err`; unknown columns are only listed in [`EnterpriseImport::ignored_columns`].
pub fn validate_enterprises(
    table: &Table,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<EnterpriseImport, SheetError> {
    let map = map_headers(ENTERPRISE_COLUMNS, &table.headers);
    if !map.missing.is_empty() || !map.duplicate.is_empty() {
        return Err(SheetError::Columns { missing: map.missing, duplicate: map.duplicate });
    }
    if table.rows.is_empty() {
        return Err(SheetError::NoRows { file_name: table.file_name.clone() });
    }
    let total = table.rows.len();
    progress(0, total);
    let checker = RowChecker::new(table, &map);
    let mut valid = Vec::with_capacity(total);
    let mut errors: Vec<(usize, usize, RowError)> = Vec::new();
    let mut registrations: HashMap<(&'static str, String), Vec<usize>> = HashMap::new();
    for (i, row) in table.rows.iter().enumerate() {
        let draft = checker.draft(row);
        if let Ok(r) = Registration::parse("registration_no", &draft.registration_no) {
            registrations.entry((r.kind_code(), r.number().to_string())).or_default().push(i);
        }
        match draft.validate() {
            Ok(data) => valid.push((i, data)),
            Err(errs) => {
                for e in errs.errors {
                    let (col, err) = checker.row_error(row, &e);
                    errors.push((i, col, err));
                }
            }
        }
        if (i + 1) % 128 == 0 {
            progress(i + 1, total);
        }
    }
    // A registration number given twice: both rows are wrong, and each names the other.
    let mut duplicate_rows = vec![false; total];
    let reg_col = checker.column_of("registration_no");
    for rows in registrations.values().filter(|r| r.len() > 1) {
        for &i in rows {
            duplicate_rows[i] = true;
            let others: Vec<String> =
                rows.iter().filter(|&&j| j != i).map(|&j| table.rows[j].number.to_string()).collect();
            let others = others.join(", ");
            errors.push((
                i,
                reg_col.0,
                RowError {
                    row: table.rows[i].number,
                    column: reg_col.1.clone(),
                    value: table.rows[i].get(reg_col.0).trim().to_string(),
                    message_th: format!(
                        "เลขทะเบียนนี้ซ้ำกับแถว {others} — ผู้ประกอบการหนึ่งรายมีได้แถวเดียว ลบแถวที่ซ้ำหรือแก้เลขให้ถูกต้อง"
                    ),
                    message_en: format!(
                        "This registration number is also in row {others} — one enterprise takes one row; delete the duplicate or correct the number"
                    ),
                },
            ));
        }
    }
    valid.retain(|(i, _)| !duplicate_rows[*i]);
    errors.sort_by_key(|(i, col, _)| (*i, *col));
    progress(total, total);
    Ok(EnterpriseImport {
        valid: valid.into_iter().map(|(i, d)| (table.rows[i].number, d)).collect(),
        errors: errors.into_iter().map(|(_, _, e)| e).collect(),
        ignored_columns: map.unknown,
        total_rows: total,
    })
}

/// Reads a file and checks it: [`crate::read_table`] then [`validate_enterprises`].
pub fn validate_enterprise_file(
    path: impl AsRef<std::path::Path>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<EnterpriseImport, SheetError> {
    validate_enterprises(&crate::read_table(path)?, progress)
}

/// Turns rows into drafts and field errors into row errors for one file's header.
struct RowChecker<'a> {
    table: &'a Table,
    /// For each ENTERPRISE_COLUMNS entry, the file column index.
    index: Vec<Option<usize>>,
}

impl<'a> RowChecker<'a> {
    fn new(table: &'a Table, map: &HeaderMap) -> Self {
        Self { table, index: map.index.clone() }
    }

    fn cell<'r>(&self, row: &'r TableRow, field: &str) -> &'r str {
        ENTERPRISE_COLUMNS
            .iter()
            .position(|c| c.field == field)
            .and_then(|ci| self.index[ci])
            .map_or("", |i| row.get(i))
    }

    /// The file column index (or past the end, if absent) and the header of a field.
    fn column_of(&self, field: &str) -> (usize, String) {
        let ci = ENTERPRISE_COLUMNS.iter().position(|c| c.field == field);
        match ci.and_then(|ci| self.index[ci]) {
            Some(i) => (i, self.table.headers[i].clone()),
            None => (usize::MAX, ci.map_or_else(|| field.to_string(), |ci| ENTERPRISE_COLUMNS[ci].header.to_string())),
        }
    }

    fn draft(&self, row: &TableRow) -> EnterpriseDraft {
        let c = |f| self.cell(row, f).to_string();
        let mut d = EnterpriseDraft {
            kind: c("kind"),
            name: c("name"),
            registration_no: c("registration_no"),
            contact_name: c("contact_name"),
            phone: c("phone"),
            email: c("email"),
            stars: c("stars"),
            quadrant: c("quadrant"),
            categories: c("categories"),
            certifications: c("certifications"),
            ..Default::default()
        };
        d.address.address_line = c("address_line");
        d.address.subdistrict = c("subdistrict");
        d.address.district = c("district");
        d.address.province = c("province");
        d.address.postal_code = c("postal_code");
        restore_leading_zeros(&mut d);
        d
    }

    fn row_error(&self, row: &TableRow, e: &FieldError) -> (usize, RowError) {
        let (col, column) = self.column_of(&e.field);
        let (th, en) = excel_hint(&e.field, &e.value)
            .map(|(th, en)| (format!("{} — {th}", e.message.th), format!("{} — {en}", e.message.en)))
            .unwrap_or_else(|| (e.message.th.clone(), e.message.en.clone()));
        (col, RowError { row: row.number, column, value: e.value.trim().to_string(), message_th: th, message_en: en })
    }
}

/// Excel stores numbers, not text, unless told otherwise, and so drops the leading 0 of a
/// phone number (0812345678 → 812345678) or of a juristic-person number. Where putting the
/// 0 back gives a valid value and nothing else could have been meant, it is put back.
fn restore_leading_zeros(d: &mut EnterpriseDraft) {
    let digits = |s: &str| {
        let t = s.trim();
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.to_string())
    };
    // Every Thai phone number starts with 0.
    if let Some(p) = digits(&d.phone)
        && matches!(p.len(), 8 | 9)
        && !p.starts_with('0')
        && Phone::parse("phone", &format!("0{p}")).is_ok()
    {
        d.phone = format!("0{p}");
    }
    // A juristic-person number starts with 0; 12 digits could also be a mistyped national
    // ID, so only for an SME, whose number is juristic.
    if let Some(r) = digits(&d.registration_no)
        && r.len() == 12
        && EnterpriseKind::parse(&d.kind) == Some(EnterpriseKind::Sme)
        && matches!(Registration::parse("registration_no", &format!("0{r}")), Ok(Registration::Juristic(_)))
    {
        d.registration_no = format!("0{r}");
    }
}

/// What to do when a value looks mangled by Excel.
fn excel_hint(field: &str, value: &str) -> Option<(&'static str, &'static str)> {
    let v = value.trim();
    if !matches!(field, "registration_no" | "phone" | "postal_code") {
        return None;
    }
    let scientific = v.contains(['E', 'e'])
        && v.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'E' | 'e' | '+'))
        && v.starts_with(|c: char| c.is_ascii_digit());
    if scientific {
        return Some((
            "Excel แปลงตัวเลขยาวเป็นรูปแบบ 1.23E+12 ทำให้ตัวเลขหาย: จัดรูปแบบคอลัมน์เป็นข้อความ (Text) แล้วพิมพ์ตัวเลขใหม่ หรือบันทึกเป็น .xlsx แทน CSV",
            "Excel turned the long number into 1.23E+12 and lost digits: format the column as Text and type the number again, or save as .xlsx instead of CSV",
        ));
    }
    if field == "registration_no" && v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some((
            "ถ้าเป็นเลขนิติบุคคล (ขึ้นต้นด้วย 0) Excel อาจตัดเลข 0 ตัวหน้าทิ้ง: จัดรูปแบบคอลัมน์เป็นข้อความ (Text) แล้วพิมพ์ใหม่",
            "If this is a juristic-person number (starting with 0), Excel may have dropped the leading 0: format the column as Text and type it again",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_error_lines() {
        let e = RowError {
            row: 5,
            column: "เลขประจำตัวประชาชน".into(),
            value: "1234".into(),
            message_th: "ต้องเป็นตัวเลข 13 หลัก".into(),
            message_en: "must be 13 digits".into(),
        };
        assert_eq!(e.line_th(), "แถว 5, คอลัมน์ \"เลขประจำตัวประชาชน\" (\"1234\"): ต้องเป็นตัวเลข 13 หลัก");
        assert_eq!(e.line_en(), "Row 5, column \"เลขประจำตัวประชาชน\" (\"1234\"): must be 13 digits");
        assert_eq!(e.to_string(), format!("{} / {}", e.line_th(), e.line_en()));
        let empty = RowError { value: String::new(), ..e };
        assert_eq!(empty.line_en(), "Row 5, column \"เลขประจำตัวประชาชน\": must be 13 digits");
    }

    #[test]
    fn leading_zeros_come_back_only_when_unambiguous() {
        let mut d = EnterpriseDraft { phone: "812345678".into(), ..Default::default() };
        restore_leading_zeros(&mut d);
        assert_eq!(d.phone, "0812345678");
        let mut d = EnterpriseDraft { phone: "12345".into(), ..Default::default() };
        restore_leading_zeros(&mut d);
        assert_eq!(d.phone, "12345");
        // 0105550123457 is not necessarily valid; build one with a correct check digit.
        let twelve = "010555012345";
        let sum: u32 = twelve.bytes().enumerate().map(|(i, b)| (b - b'0') as u32 * (13 - i as u32)).sum();
        let full = format!("{twelve}{}", (11 - sum % 11) % 10);
        let mut d =
            EnterpriseDraft { kind: "SME".into(), registration_no: full[1..].to_string(), ..Default::default() };
        restore_leading_zeros(&mut d);
        assert_eq!(d.registration_no, full);
        let mut d =
            EnterpriseDraft {
                kind: "วิสาหกิจชุมชน".into(), registration_no: full[1..].to_string(), ..Default::default()
            };
        restore_leading_zeros(&mut d);
        assert_eq!(d.registration_no, full[1..]);
    }
}
