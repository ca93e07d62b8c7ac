//! Writing sheets: CSV (UTF-8 with BOM) and Excel (.xlsx), and the rows of the registry's
//! exports. Every cell is text, so 13-digit numbers and leading zeros survive Excel.

use std::io::Write;
use std::path::Path;

use otop_domain::{CertificationHeld, Enterprise, EnterpriseData, Product, Service};
use otop_geo::geography;
use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use crate::columns::enterprise_headers;
use crate::error::SheetError;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Writes a CSV file: UTF-8 with a byte-order mark (so that Excel shows Thai), comma
/// separated, CRLF line ends. A cell that starts like a formula (`= + - @`) gets an
/// apostrophe in front so that Excel does not run it; [`crate::read_table`] removes it.
pub fn write_csv<W, I, R, S>(mut w: W, headers: &[&str], rows: I) -> Result<(), SheetError>
where
    W: Write,
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    w.write_all(BOM)?;
    let mut out = csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(w);
    out.write_record(headers.iter().map(|h| guard_formula(h)))?;
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| guard_formula(c.as_ref())).collect();
        out.write_record(&cells)?;
    }
    out.flush()?;
    Ok(())
}

fn guard_formula(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() }
}

/// Writes an .xlsx file with one sheet: bold frozen header row with a filter, column widths
/// from the content, and every cell stored as text (format `@`).
pub fn write_xlsx<I, R, S>(
    path: impl AsRef<Path>,
    sheet_name: &str,
    headers: &[&str],
    rows: I,
) -> Result<(), SheetError>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut book = build_workbook(sheet_name, headers, rows)?;
    book.save(path.as_ref())?;
    Ok(())
}

/// Like [`write_xlsx`], into memory (for a download).
pub fn write_xlsx_bytes<I, R, S>(sheet_name: &str, headers: &[&str], rows: I) -> Result<Vec<u8>, SheetError>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut book = build_workbook(sheet_name, headers, rows)?;
    Ok(book.save_to_buffer()?)
}

fn build_workbook<I, R, S>(sheet_name: &str, headers: &[&str], rows: I) -> Result<Workbook, SheetError>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut book = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new()
        .set_num_format("@")
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xDDEBF7);
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_title(sheet_name))?;
    let ncols = headers.len().min(u16::MAX as usize);
    // Header text wraps, so it counts for less than content when sizing.
    let mut widths: Vec<f64> = headers.iter().map(|h| (display_width(h) as f64 * 0.6).max(8.0)).collect();
    for (c, h) in headers.iter().enumerate().take(ncols) {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let mut last_row = 0u32;
    for (r, row) in rows.into_iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| SheetError::Write { detail: "too many rows".into() })?;
        for (c, cell) in row.into_iter().enumerate() {
            let cell = cell.as_ref();
            if c >= u16::MAX as usize {
                break;
            }
            if c >= widths.len() {
                widths.resize(c + 1, 8.0);
            }
            if !cell.is_empty() {
                widths[c] = widths[c].max(display_width(cell) as f64);
                sheet.write_string_with_format(r, c as u16, cell, &text)?;
            }
        }
        last_row = r;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (w + 2.0).min(60.0))?;
        sheet.set_column_format(c as u16, &text)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if ncols > 0 {
        sheet.autofilter(0, 0, last_row, (ncols - 1) as u16)?;
    }
    Ok(book)
}

/// A valid sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_title(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '-' } else { c })
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim().to_string();
    if cleaned.is_empty() { "Sheet1".into() } else { cleaned }
}

/// Columns a text takes on screen: Thai vowel and tone marks above or below a letter take none.
fn display_width(s: &str) -> usize {
    s.lines()
        .map(|l| {
            l.chars().filter(|&c| !matches!(c, '\u{0e31}' | '\u{0e34}'..='\u{0e3a}' | '\u{0e47}'..='\u{0e4e}')).count()
        })
        .max()
        .unwrap_or(0)
}

// ---------------------------------------------------------------- rows

/// A row of the enterprise export, under [`crate::enterprise_headers`]. Codes are shown by
/// their Thai names. Without `show_personal`, national IDs, phone numbers and e-mail
/// addresses are masked (PDPA); with it, the row imports back as it is.
pub fn enterprise_row(e: &Enterprise, show_personal: bool) -> Vec<String> {
    enterprise_data_row(&e.data, show_personal)
}

/// [`enterprise_row`] for data not yet stored.
pub fn enterprise_data_row(d: &EnterpriseData, show_personal: bool) -> Vec<String> {
    let g = geography();
    let a = &d.address;
    let registration =
        if show_personal { d.registration.number().to_string() } else { d.registration.display_masked() };
    let phone = d.phone.as_ref().map_or(String::new(), |p| if show_personal { p.formatted() } else { p.masked() });
    let email = d
        .email
        .as_ref()
        .map_or(String::new(), |e| if show_personal { e.as_str().to_string() } else { mask_email(e.as_str()) });
    vec![
        d.kind.name_th().to_string(),
        d.name.clone(),
        registration,
        a.line.clone(),
        g.subdistrict(a.subdistrict_code).map_or_else(|| a.subdistrict_code.to_string(), |s| s.name_th.to_string()),
        g.district(a.district_code).map_or_else(|| a.district_code.to_string(), |s| s.name_th.to_string()),
        g.province(a.province_code).map_or_else(|| a.province_code.to_string(), |s| s.name_th.to_string()),
        a.postal_code.as_str().to_string(),
        d.contact_name.clone(),
        phone,
        email,
        d.stars.map_or(String::new(), |s| s.get().to_string()),
        d.quadrant.map_or(String::new(), |q| q.name_th().to_string()),
        d.categories.iter().map(|c| c.name_th()).collect::<Vec<_>>().join(", "),
        d.certifications.iter().map(certification_text).collect::<Vec<_>>().join("; "),
    ]
}

/// "อย. 51-2-00123-2-0001 หมดอายุ 31/12/2570", as the import reads it.
pub fn certification_text(c: &CertificationHeld) -> String {
    let mut s = c.kind.name_th().to_string();
    if !c.number.is_empty() {
        s.push(' ');
        s.push_str(&c.number);
    }
    if let Some(d) = c.expires_on {
        use chrono::Datelike;
        s.push_str(&format!(" หมดอายุ {:02}/{:02}/{}", d.day(), d.month(), d.year() + otop_domain::fiscal::BE_OFFSET));
    }
    s
}

/// "s***@example.com".
fn mask_email(e: &str) -> String {
    match e.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// A row of the product export, under [`crate::product_headers`].
pub fn product_row(p: &Product, enterprise_name: &str) -> Vec<String> {
    let d = &p.data;
    vec![
        enterprise_name.to_string(),
        d.name.clone(),
        d.category.name_th().to_string(),
        d.description.clone(),
        d.stars.map_or(String::new(), |s| s.get().to_string()),
        d.price.map_or(String::new(), |p| p.baht_display()),
    ]
}

/// A row of the service export, under [`crate::service_headers`].
pub fn service_row(s: &Service, provider_name: &str) -> Vec<String> {
    let d = &s.data;
    vec![
        provider_name.to_string(),
        d.title.clone(),
        d.description.clone(),
        d.stages.iter().map(|x| x.name_th()).collect::<Vec<_>>().join(", "),
        d.categories.iter().map(|x| x.name_th()).collect::<Vec<_>>().join(", "),
        d.coverage.display_th(),
        d.capacity_per_year.map_or(String::new(), |c| c.to_string()),
        d.prices.iter().map(|p| format!("{} {}", p.label, p.amount.baht_display())).collect::<Vec<_>>().join("; "),
        if d.active { "เปิดรับ" } else { "ปิดรับ" }.to_string(),
    ]
}

/// Writes enterprises as an import-ready .xlsx (personal data shown): for templates, tests
/// and moving data between installations.
pub fn enterprises_to_xlsx(data: &[EnterpriseData], path: impl AsRef<Path>) -> Result<(), SheetError> {
    write_xlsx(path, "ผู้ประกอบการ", &enterprise_headers(), data.iter().map(|d| enterprise_data_row(d, true)))
}

/// Writes enterprises as an import-ready CSV (personal data shown).
pub fn enterprises_to_csv<W: Write>(data: &[EnterpriseData], w: W) -> Result<(), SheetError> {
    write_csv(w, &enterprise_headers(), data.iter().map(|d| enterprise_data_row(d, true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_titles_are_valid() {
        assert_eq!(sheet_title("ผู้ประกอบการ/ลำพูน"), "ผู้ประกอบการ-ลำพูน");
        assert_eq!(sheet_title(""), "Sheet1");
        assert_eq!(sheet_title(&"ก".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn thai_marks_take_no_width() {
        assert_eq!(display_width("ผู้ประกอบการ"), 10);
        assert_eq!(display_width("abc"), 3);
    }

    #[test]
    fn emails_are_masked() {
        assert_eq!(mask_email("somchai@example.com"), "s***@example.com");
    }

    #[test]
    fn formula_like_cells_are_guarded() {
        let mut out = Vec::new();
        write_csv(&mut out, &["a"], [vec!["=1+1"], vec!["-"], vec!["ok"]]).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, "\u{feff}a\r\n'=1+1\r\n'-\r\nok\r\n");
    }
}
