//! Reading a spreadsheet into a plain table of strings: CSV (UTF-8, UTF-8 with BOM,
//! Windows-874/TIS-620, UTF-16 with BOM; comma, semicolon or tab) and Excel (.xlsx, .xlsm,
//! .xls) or OpenDocument (.ods), first sheet.
//!
//! Row numbers are the ones the user sees: in Excel the sheet row; in a CSV file the record
//! number, counting blank lines, as Excel shows the file (a quoted cell that spans several
//! lines is one row).

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

use crate::error::SheetError;

/// A sheet as text: the header row and every non-empty row under it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The file name, as given, for messages.
    pub file_name: String,
    /// The column names as written, with runs of spaces and line breaks made one space;
    /// trailing empty header cells are dropped.
    pub headers: Vec<String>,
    /// Row number (1-based, as the user sees it) of the header row.
    pub header_row: usize,
    pub rows: Vec<TableRow>,
}

/// One data row. `cells[i]` is under `headers[i]`; a row may be shorter or longer than the
/// header (missing cells read as empty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableRow {
    /// The row number the user sees in Excel or a text editor: the header is row 1 (if it
    /// is the first line), the first data row is 2.
    pub number: usize,
    pub cells: Vec<String>,
}

impl TableRow {
    /// The cell under column `i`, or "" if the row is shorter.
    pub fn get(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }

    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| is_blank(c))
    }
}

fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'))
}

/// The kinds of file we read, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Xlsx,
    Xls,
    Ods,
}

fn extension(file_name: &str) -> Option<String> {
    Path::new(file_name).extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase())
}

/// Reads a CSV or Excel file from disk; the format comes from the extension (and the content,
/// for files saved under the wrong extension).
pub fn read_table(path: impl AsRef<Path>) -> Result<Table, SheetError> {
    let path = path.as_ref();
    let file_name =
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    // Check the extension first so that an unsupported file is not read at all.
    kind_of(&file_name)?;
    let bytes =
        std::fs::read(path).map_err(|source| SheetError::Io { file_name: path.display().to_string(), source })?;
    read_table_bytes(&bytes, &file_name)
}

fn kind_of(file_name: &str) -> Result<Kind, SheetError> {
    match extension(file_name).as_deref() {
        Some("csv" | "tsv" | "txt") => Ok(Kind::Text),
        Some("xlsx" | "xlsm") => Ok(Kind::Xlsx),
        Some("xls") => Ok(Kind::Xls),
        Some("ods") => Ok(Kind::Ods),
        _ => Err(SheetError::UnsupportedExtension { file_name: file_name.to_string() }),
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads an uploaded file; `file_name` gives the format (by extension) and is quoted in
/// messages. A workbook saved with the wrong extension (an .xls renamed .xlsx, an Excel
/// file named .csv) is recognised from its content.
pub fn read_table_bytes(bytes: &[u8], file_name: &str) -> Result<Table, SheetError> {
    let by_name = kind_of(file_name)?;
    let kind = if bytes.starts_with(ZIP_MAGIC) {
        if by_name == Kind::Ods { Kind::Ods } else { Kind::Xlsx }
    } else if bytes.starts_with(OLE_MAGIC) {
        Kind::Xls
    } else if by_name == Kind::Text {
        Kind::Text
    } else if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SheetError::Empty { file_name: file_name.to_string() });
    } else {
        return Err(SheetError::Corrupt { file_name: file_name.to_string(), detail: "not a workbook".into() });
    };
    let rows = match kind {
        Kind::Text => text_rows(bytes, file_name)?,
        _ => workbook_rows(bytes, file_name, kind)?,
    };
    into_table(rows, file_name)
}

/// Picks the header from raw numbered rows and drops blank rows.
fn into_table(rows: Vec<TableRow>, file_name: &str) -> Result<Table, SheetError> {
    let mut rows: Vec<TableRow> = rows.into_iter().filter(|r| !r.is_blank()).collect();
    if rows.is_empty() {
        return Err(SheetError::Empty { file_name: file_name.to_string() });
    }
    // A title line above the table ("รายชื่อผู้ประกอบการ จังหวัดลำพูน") fills one cell; the
    // header is the first row with at least two cells, if there is one.
    let filled = |r: &TableRow| r.cells.iter().filter(|c| !is_blank(c)).count();
    let header_at = rows.iter().position(|r| filled(r) >= 2).unwrap_or(0);
    let header = rows.remove(header_at);
    rows.drain(..header_at);
    // A header wrapped onto two lines in its cell reads as one line.
    let mut headers: Vec<String> =
        header.cells.iter().map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    while headers.last().is_some_and(|h| h.is_empty()) {
        headers.pop();
    }
    let looks_like_data = headers
        .iter()
        .filter(|h| !h.is_empty())
        .all(|h| h.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | ',' | ' ' | '+' | ':')));
    if looks_like_data {
        return Err(SheetError::NoHeader { file_name: file_name.to_string(), row: header.number });
    }
    Ok(Table { file_name: file_name.to_string(), headers, header_row: header.number, rows })
}

// ---------------------------------------------------------------- text

/// Decodes the bytes of a text file: UTF-8 (BOM optional), UTF-16 with BOM, or else
/// Windows-874, the code page Thai Windows and Excel use for "CSV (Comma delimited)".
pub fn decode_text(bytes: &[u8], file_name: &str) -> Result<String, SheetError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(SheetError::Encoding { file_name: file_name.to_string() });
        }
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        // Thai in UTF-8 is E0 B8 xx / E0 B9 xx; in Windows-874 that pair would be เ followed
        // by a below-vowel, which Thai never writes. So a file full of it is UTF-8 with a
        // damaged byte or two: keep it UTF-8 and let the bad cells show as such.
        Err(e) if thai_utf8_pairs(&bytes[..e.valid_up_to()]) >= 3 => Ok(String::from_utf8_lossy(bytes).into_owned()),
        Err(_) => {
            let (text, had_errors) = encoding_rs::WINDOWS_874.decode_without_bom_handling(bytes);
            // Windows-874 leaves a few bytes unassigned; text with them is something else.
            if had_errors {
                return Err(SheetError::Encoding { file_name: file_name.to_string() });
            }
            Ok(text.into_owned())
        }
    }
}

fn thai_utf8_pairs(bytes: &[u8]) -> usize {
    bytes.windows(2).filter(|w| w[0] == 0xE0 && matches!(w[1], 0xB8 | 0xB9)).count()
}

/// The delimiter the header line uses: a comma unless the first line has no comma and
/// clearly uses semicolons (European Excel) or tabs (copied from Excel, "Unicode text").
fn detect_delimiter(text: &str, file_name: &str) -> u8 {
    let first_line = first_record_text(text);
    let count = |d: char| first_line.chars().filter(|&c| c == d).count();
    let (commas, semis, tabs) = (count(','), count(';'), count('\t'));
    if extension(file_name).as_deref() == Some("tsv") && tabs > 0 {
        return b'\t';
    }
    if tabs > commas && tabs >= semis && tabs > 0 {
        b'\t'
    } else if semis > commas && semis > 0 {
        b';'
    } else {
        b','
    }
}

/// The first line of content, outside quotes (so a quoted header spanning lines counts).
fn first_record_text(text: &str) -> String {
    let mut out = String::new();
    let mut in_quotes = false;
    let mut started = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' if !in_quotes => {
                if started {
                    break;
                }
                continue;
            }
            _ if in_quotes => continue,
            _ => {}
        }
        if !c.is_whitespace() {
            started = true;
        }
        out.push(c);
    }
    out
}

fn text_rows(bytes: &[u8], file_name: &str) -> Result<Vec<TableRow>, SheetError> {
    let text = decode_text(bytes, file_name)?;
    let delimiter = detect_delimiter(&text, file_name);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let bytes = text.as_bytes();
    // The csv crate's line numbers skip blank lines oddly, so count newlines ourselves:
    // the row Excel shows is the line the record starts on, less the newlines inside
    // quoted cells of the records before it.
    let (mut scanned, mut newlines, mut embedded) = (0usize, 0usize, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = record.position().map_or(scanned, |p| p.byte() as usize).max(scanned);
                while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                    start += 1;
                }
                newlines += bytes[scanned..start].iter().filter(|&&b| b == b'\n').count();
                scanned = start;
                let cells: Vec<String> = record.iter().map(unescape_formula_guard).collect();
                rows.push(TableRow { number: newlines + 1 - embedded, cells });
                embedded += record.iter().map(|c| c.matches('\n').count()).sum::<usize>();
            }
            Err(e) => {
                return Err(SheetError::Corrupt { file_name: file_name.to_string(), detail: e.to_string() });
            }
        }
    }
    Ok(rows)
}

/// [`crate::write_csv`] puts an apostrophe before a cell that Excel would run as a formula;
/// reading takes it off again, so exports round-trip.
fn unescape_formula_guard(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

// ---------------------------------------------------------------- workbooks

fn workbook_rows(bytes: &[u8], file_name: &str, kind: Kind) -> Result<Vec<TableRow>, SheetError> {
    let corrupt = |detail: String| SheetError::Corrupt { file_name: file_name.to_string(), detail };
    let cursor = Cursor::new(bytes);
    let mut book: calamine::Sheets<Cursor<&[u8]>> = match kind {
        Kind::Xlsx => calamine::Sheets::Xlsx(calamine::Xlsx::new(cursor).map_err(|e| corrupt(e.to_string()))?),
        Kind::Ods => calamine::Sheets::Ods(calamine::Ods::new(cursor).map_err(|e| corrupt(e.to_string()))?),
        // An OLE container is an old .xls, or an .xlsx protected with a password.
        _ => {
            calamine::Sheets::Xls(calamine::Xls::new(cursor).map_err(|e| corrupt(format!("{e}; password-protected?")))?)
        }
    };
    let sheet_count = book.sheet_names().len();
    let mut first: Option<Vec<TableRow>> = None;
    for i in 0..sheet_count {
        let range = match book.worksheet_range_at(i) {
            Some(Ok(r)) => r,
            Some(Err(e)) => return Err(corrupt(e.to_string())),
            None => break,
        };
        let rows = range_rows(&range);
        // The first sheet, unless it is empty and a later one is not.
        if rows.iter().any(|r| !r.is_blank()) {
            return Ok(rows);
        }
        first.get_or_insert(rows);
    }
    Ok(first.unwrap_or_default())
}

fn range_rows(range: &calamine::Range<Data>) -> Vec<TableRow> {
    let Some((row0, _)) = range.start() else {
        return Vec::new();
    };
    range
        .rows()
        .enumerate()
        .map(|(i, cells)| TableRow { number: row0 as usize + i + 1, cells: cells.iter().map(cell_text).collect() })
        .collect()
}

/// A cell as the user reads it: whole numbers without ".0", dates as ISO 8601.
pub(crate) fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else if dt.as_f64() < 1.0 {
                format!("{hh:02}:{mm:02}:{ss:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// Whole numbers without ".0" (13-digit IDs stored as numbers come back intact); others
/// rounded to the 15 significant digits Excel shows, without trailing zeros.
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e17 {
        return format!("{}", f as i64);
    }
    let magnitude = if f == 0.0 { 0 } else { f.abs().log10().floor() as i32 };
    let decimals = (14 - magnitude).clamp(0, 20) as usize;
    let s = format!("{f:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_see_them() {
        assert_eq!(number_text(1234567890123.0), "1234567890123");
        assert_eq!(number_text(51000.0), "51000");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1250.5), "1250.5");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.0), "0");
    }

    #[test]
    fn delimiter_follows_the_header() {
        assert_eq!(detect_delimiter("a,b,c\n1;2;3", "x.csv"), b',');
        assert_eq!(detect_delimiter("a;b;c\n1,5;2;3", "x.csv"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n", "x.csv"), b'\t');
        assert_eq!(detect_delimiter("\n\n\"x,y\";b;c\n", "x.csv"), b';');
        assert_eq!(detect_delimiter("a, b;c", "x.csv"), b',');
    }

    #[test]
    fn row_numbers_count_blank_lines_and_multiline_cells() {
        let t = read_table_bytes("h1,h2\n\na,\"two\nlines\"\nb,c\n".as_bytes(), "x.csv").unwrap();
        assert_eq!(t.headers, ["h1", "h2"]);
        let nums: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(nums, [3, 4]);
        assert_eq!(t.rows[0].cells[1], "two\nlines");
        let t = read_table_bytes("h1,h2\r\n\r\n\r\na,b\r\n,\r\n\"x\r\ny\",d".as_bytes(), "x.csv").unwrap();
        let nums: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(nums, [4, 6]);
    }

    #[test]
    fn a_title_line_above_the_header_is_skipped() {
        let t = read_table_bytes("รายชื่อผู้ประกอบการ,,\nชื่อ,จังหวัด\nก,ลำพูน\n".as_bytes(), "x.csv").unwrap();
        assert_eq!(t.header_row, 2);
        assert_eq!(t.headers, ["ชื่อ", "จังหวัด"]);
        assert_eq!(t.rows[0].number, 3);
    }

    #[test]
    fn data_in_the_first_row_is_no_header() {
        let e = read_table_bytes(b"1234567890123,51000\n", "x.csv").unwrap_err();
        assert_eq!(e.code(), "no_header");
        let e = read_table_bytes(b" \n ,, \n", "x.csv").unwrap_err();
        assert_eq!(e.code(), "empty");
    }

    #[test]
    fn utf16_unicode_text_and_damaged_utf8() {
        // Excel's "Unicode Text" export: UTF-16LE with a BOM, tab separated.
        let mut bytes = vec![0xFF, 0xFE];
        for u in "ชื่อ\tจังหวัด\r\nก\tลำพูน\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let t = read_table_bytes(&bytes, "export.txt").unwrap();
        assert_eq!(t.headers, ["ชื่อ", "จังหวัด"]);
        assert_eq!(t.rows[0].cells, ["ก", "ลำพูน"]);
        // One broken byte in a UTF-8 file does not turn the whole file into Windows-874.
        let mut bytes = "ชื่อ,จังหวัด\nก,ลำพูน\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xff,x\n");
        let t = read_table_bytes(&bytes, "x.csv").unwrap();
        assert_eq!(t.headers, ["ชื่อ", "จังหวัด"]);
        assert_eq!(t.rows[1].cells[0], "\u{fffd}");
    }

    #[test]
    fn formula_guard_round_trips() {
        assert_eq!(unescape_formula_guard("'=1+1"), "=1+1");
        assert_eq!(unescape_formula_guard("'hello"), "'hello");
    }
}
