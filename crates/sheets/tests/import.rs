//! Import tests on real files written to a temporary directory.

use std::path::{Path, PathBuf};

use otop_domain::{EnterpriseData, EnterpriseKind};
use otop_sheets::fixtures::{synthetic_enterprises, with_check_digit};
use otop_sheets::{
    EnterpriseImport, RowError, SheetError, Table, enterprise_data_row, enterprise_headers, enterprises_to_csv,
    enterprises_to_xlsx, read_table, read_table_bytes, validate_enterprises, write_csv, write_error_report_csv,
};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn no_progress() -> impl FnMut(usize, usize) {
    |_, _| {}
}

fn validate(t: &Table) -> Result<EnterpriseImport, SheetError> {
    validate_enterprises(t, &mut no_progress())
}

/// A Lamphun community enterprise, as an officer types it.
const LAMPHUN_HEADER: &str = "ประเภทผู้ประกอบการ,ชื่อกลุ่ม,เลขทะเบียน,บ้านเลขที่,ตำบล,อำเภอ,จังหวัด,รหัสไปรษณีย์,ผู้ติดต่อ,เบอร์โทร,อีเมล,ระดับดาว,กลุ่ม ABCD,ประเภทผลิตภัณฑ์,มาตรฐานที่ได้รับ";

fn lamphun_rows() -> Vec<String> {
    let id = with_check_digit("351010012345");
    vec![
        "วิสาหกิจชุมชน,วิสาหกิจชุมชนลำไยอบแห้งบ้านแซม,5-51-01-01/1-0014,12 หมู่ 3,ในเมือง,เมืองลำพูน,ลำพูน,51000,นางสมศรี ใจดี,081-234-5678,somsri@example.com,3,D,อาหาร,\"อย. 51-2-00123-2-0001 หมดอายุ 31/12/2570; มผช. 107/2565\"".to_string(),
        format!("ผู้ประกอบการรายเดียว,ผ้าไหมป่าซาง,{id},99,ป่าซาง,ป่าซาง,ลำพูน,51120,,053-123-456,,4,B,\"ผ้า, ของที่ระลึก\","),
        "กลุ่มผู้ผลิตชุมชน,กลุ่มจักสานบ้านโฮ่ง,5-51-05-01/1-0002,,บ้านโฮ่ง,บ้านโฮ่ง,ลำพูน,51130,,,,,,,".to_string(),
    ]
}

fn lamphun_csv() -> String {
    let mut s = String::from(LAMPHUN_HEADER);
    for r in lamphun_rows() {
        s.push('\n');
        s.push_str(&r);
    }
    s.push('\n');
    s
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn assert_lamphun(imp: &EnterpriseImport) {
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!(imp.valid.len(), 3);
    let rows: Vec<usize> = imp.valid.iter().map(|(r, _)| *r).collect();
    assert_eq!(rows, [2, 3, 4]);
    let first = &imp.valid[0].1;
    assert_eq!(first.kind, EnterpriseKind::CommunityEnterprise);
    assert_eq!(first.name, "วิสาหกิจชุมชนลำไยอบแห้งบ้านแซม");
    assert_eq!(first.address.province_code, 51);
    assert_eq!(first.certifications.len(), 2);
    assert_eq!(first.phone.as_ref().unwrap().as_str(), "0812345678");
    assert_eq!(imp.valid[1].1.categories.len(), 2);
}

#[test]
fn csv_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "lamphun.csv", lamphun_csv().as_bytes());
    let t = read_table(&p).unwrap();
    assert_eq!(t.headers.len(), 15);
    assert_eq!(t.headers[0], "ประเภทผู้ประกอบการ");
    assert_lamphun(&validate(&t).unwrap());
}

#[test]
fn csv_utf8_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(lamphun_csv().as_bytes());
    let p = write(dir.path(), "lamphun-bom.CSV", &bytes);
    let t = read_table(&p).unwrap();
    assert_eq!(t.headers[0], "ประเภทผู้ประกอบการ", "the BOM must not stick to the first header");
    assert_lamphun(&validate(&t).unwrap());
}

#[test]
fn csv_windows_874_as_thai_excel_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = lamphun_csv().replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture must not be valid UTF-8");
    let p = write(dir.path(), "lamphun-874.csv", &bytes);
    let t = read_table(&p).unwrap();
    assert_eq!(t.headers[1], "ชื่อกลุ่ม");
    assert_lamphun(&validate(&t).unwrap());
}

#[test]
fn csv_with_semicolons_and_tabs() {
    let semi = lamphun_csv().replace(',', ";").replace("\"ผ้า; ของที่ระลึก\"", "\"ผ้า, ของที่ระลึก\"");
    let t = read_table_bytes(semi.as_bytes(), "semi.csv").unwrap();
    assert_eq!(t.headers.len(), 15);
    let imp = validate(&t).unwrap();
    assert_eq!(imp.valid.len(), 3, "{:#?}", imp.errors);

    let tabbed = lamphun_csv().replace(',', "\t").replace("\"ผ้า\t ของที่ระลึก\"", "\"ผ้า, ของที่ระลึก\"");
    let t = read_table_bytes(tabbed.as_bytes(), "copied.txt").unwrap();
    assert_eq!(validate(&t).unwrap().valid.len(), 3);
}

#[test]
fn xlsx_with_numbers_dates_and_a_title_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("officer.xlsx");
    let id = with_check_digit("351010012345");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    // A title in A1 and a blank row 2, as many provincial sheets have.
    sheet.write_string(0, 0, "รายชื่อผู้ประกอบการ OTOP จังหวัดลำพูน").unwrap();
    let headers = [
        "ลำดับ",
        "ประเภท ผู้ประกอบการ",
        "ชื่อผู้ประกอบการ",
        "เลขประจำตัวประชาชน",
        "ตำบล",
        "อำเภอ",
        "จังหวัด",
        "รหัสไปรษณีย์",
        "โทรศัพท์",
        "ระดับดาว",
        "วันที่ขึ้นทะเบียน",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    // Everything numeric stored as numbers, the way Excel does when nobody formats a column.
    sheet.write_number(3, 0, 1).unwrap();
    sheet.write_string(3, 1, "ผู้ประกอบการรายเดียว").unwrap();
    sheet.write_string(3, 2, "ผ้าไหมป่าซาง").unwrap();
    sheet.write_number(3, 3, id.parse::<f64>().unwrap()).unwrap();
    sheet.write_string(3, 4, "ป่าซาง").unwrap();
    sheet.write_string(3, 5, "ป่าซาง").unwrap();
    sheet.write_string(3, 6, "ลำพูน").unwrap();
    sheet.write_number(3, 7, 51120).unwrap();
    sheet.write_number(3, 8, 812345678).unwrap();
    sheet.write_number(3, 9, 4).unwrap();
    let d = ExcelDateTime::from_ymd(2026, 11, 25).unwrap();
    sheet.write_datetime_with_format(3, 10, &d, &date).unwrap();
    book.save(&path).unwrap();

    let t = read_table(&path).unwrap();
    assert_eq!(t.header_row, 3);
    assert_eq!(t.rows.len(), 1);
    let row = &t.rows[0];
    assert_eq!(row.number, 4);
    assert_eq!(row.cells[0], "1");
    assert_eq!(row.cells[3], id, "a 13-digit number stored as a number reads back whole");
    assert_eq!(row.cells[7], "51120");
    assert_eq!(row.cells[8], "812345678");
    assert_eq!(row.cells[10], "2026-11-25");

    let imp = validate(&t).unwrap();
    assert!(imp.errors.is_empty(), "{:#?}", imp.errors);
    assert_eq!(imp.ignored_columns, ["วันที่ขึ้นทะเบียน"], "ลำดับ is ignored silently");
    assert!(imp.ignored_columns_message().unwrap().th.contains("วันที่ขึ้นทะเบียน"));
    let (n, e) = &imp.valid[0];
    assert_eq!(*n, 4);
    assert_eq!(e.registration.number(), id);
    assert_eq!(e.phone.as_ref().unwrap().as_str(), "0812345678", "Excel's lost leading zero is put back");
}

/// Writes `rows` (already as cells under the enterprise export headers) as a CSV file.
fn csv_file(dir: &Path, name: &str, rows: &[Vec<String>]) -> PathBuf {
    let mut out = Vec::new();
    write_csv(&mut out, &enterprise_headers(), rows).unwrap();
    write(dir, name, &out)
}

fn col(header_starts: &str) -> usize {
    enterprise_headers().iter().position(|h| h.starts_with(header_starts)).unwrap()
}

#[test]
fn bad_rows_are_reported_cell_by_cell_and_nothing_else_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let data = synthetic_enterprises(12);
    let mut rows: Vec<Vec<String>> = data.iter().map(|d| enterprise_data_row(d, true)).collect();
    // Data row index i is file row i + 2.
    // Row 3: a national ID with a wrong check digit.
    let id = with_check_digit("110370207178");
    let last = id.as_bytes()[12] - b'0';
    let bad_id = format!("{}{}", &id[..12], (last + 1) % 10);
    rows[1][col("ประเภทผู้ประกอบการ")] = "ผู้ประกอบการรายเดียว".into();
    rows[1][col("เลขทะเบียน")] = bad_id.clone();
    // Row 5: three bad cells at once.
    rows[3][col("ชื่อผู้ประกอบการ")] = "  ".into();
    rows[3][col("ระดับดาว")] = "7".into();
    rows[3][col("ประเภทผลิตภัณฑ์")] = "อาหาร, รถยนต์".into();
    // Row 8: a postal code of another province and an e-mail without a domain.
    rows[6][col("รหัสไปรษณีย์")] = "51000".into();
    rows[6][col("อีเมล")] = "somchai@".into();
    // Row 13: unknown subdistrict.
    rows[11][col("ตำบล")] = "ไม่มีจริง".into();
    let path = csv_file(dir.path(), "bad.csv", &rows);

    let t = read_table(&path).unwrap();
    let imp = validate(&t).unwrap();
    let got: Vec<(usize, &str)> = imp.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(
        got,
        [
            (3, "เลขทะเบียน (Registration no.)"),
            (5, "ชื่อผู้ประกอบการ (Name)"),
            (5, "ระดับดาว (Stars)"),
            (5, "ประเภทผลิตภัณฑ์ (Product categories)"),
            (8, "รหัสไปรษณีย์ (Postal code)"),
            (8, "อีเมล (E-mail)"),
            (13, "ตำบล/แขวง (Subdistrict)"),
        ]
    );
    for e in &imp.errors {
        assert!(!e.message_th.is_empty() && !e.message_en.is_empty());
        assert!(e.message_th.chars().any(|c| ('\u{0e00}'..='\u{0e7f}').contains(&c)), "{}", e.message_th);
        assert!(e.message_en.chars().filter(char::is_ascii_alphabetic).count() > 10, "{}", e.message_en);
    }
    assert_eq!(imp.errors[0].value, bad_id);
    assert!(imp.errors[0].message_th.contains("หลักตรวจสอบ"), "{}", imp.errors[0].message_th);
    assert!(imp.errors[0].message_en.contains("check digit"));
    assert_eq!(imp.errors[3].value, "รถยนต์");
    assert!(imp.errors[6].message_th.contains("ไม่มีจริง"));
    let line = imp.errors[0].to_string();
    assert!(line.starts_with(&format!("แถว 3, คอลัมน์ \"เลขทะเบียน (Registration no.)\" (\"{bad_id}\"): ")), "{line}");
    assert!(line.contains(" / Row 3, column \"เลขทะเบียน (Registration no.)\""), "{line}");

    // Every other row is valid and unchanged; none is lost or added.
    let valid_rows: Vec<usize> = imp.valid.iter().map(|(r, _)| *r).collect();
    assert_eq!(valid_rows, [2, 4, 6, 7, 9, 10, 11, 12]);
    for (r, d) in &imp.valid {
        assert_eq!(d, &data[r - 2]);
    }
    assert_eq!(imp.total_rows, 12);
    assert_eq!(imp.error_row_count(), 4);
    assert!(imp.summary().th.contains("มีปัญหา 4 แถว"), "{}", imp.summary().th);

    // The downloadable report has one line per error and reads back.
    let mut report = Vec::new();
    write_error_report_csv(&mut report, &imp.errors).unwrap();
    assert!(report.starts_with(&[0xEF, 0xBB, 0xBF]));
    let back = read_table_bytes(&report, "errors.csv").unwrap();
    assert_eq!(back.rows.len(), imp.errors.len());
    assert_eq!(back.rows[0].cells[0], "3");
    assert_eq!(back.rows[0].cells[2], bad_id);
    assert_eq!(back.rows[0].cells[3], imp.errors[0].message_th);
}

#[test]
fn duplicate_registration_numbers_name_each_other() {
    let data = synthetic_enterprises(6);
    let mut rows: Vec<Vec<String>> = data.iter().map(|d| enterprise_data_row(d, true)).collect();
    let reg = col("เลขทะเบียน");
    // Row 6 repeats row 2's number, written with dashes.
    let n = rows[0][reg].clone();
    assert_eq!(n.len(), 13);
    rows[4][reg] = format!("{}-{}-{}-{}-{}", &n[0..1], &n[1..5], &n[5..10], &n[10..12], &n[12..]);
    rows[4][col("ประเภทผู้ประกอบการ")] = rows[0][col("ประเภทผู้ประกอบการ")].clone();
    let dir = tempfile::tempdir().unwrap();
    let t = read_table(csv_file(dir.path(), "dup.csv", &rows)).unwrap();
    let imp = validate(&t).unwrap();
    assert_eq!(imp.errors.len(), 2, "{:#?}", imp.errors);
    assert_eq!((imp.errors[0].row, imp.errors[1].row), (2, 6));
    assert!(imp.errors[0].message_th.contains("แถว 6"), "{}", imp.errors[0].message_th);
    assert!(imp.errors[1].message_en.contains("row 2"), "{}", imp.errors[1].message_en);
    assert_eq!(imp.errors[0].column, "เลขทะเบียน (Registration no.)");
    let valid_rows: Vec<usize> = imp.valid.iter().map(|(r, _)| *r).collect();
    assert_eq!(valid_rows, [3, 4, 5, 7]);
}

#[test]
fn missing_and_duplicate_columns_are_one_file_error() {
    let t = read_table_bytes("ชื่อผู้ประกอบการ,จังหวัด,หมายเหตุ\nก,ลำพูน,x\n".as_bytes(), "short.csv").unwrap();
    let e = validate(&t).unwrap_err();
    assert_eq!(e.code(), "columns");
    let m = e.message();
    for missing in ["ประเภทผู้ประกอบการ", "เลขทะเบียน", "ตำบล/แขวง", "อำเภอ/เขต", "รหัสไปรษณีย์"]
    {
        assert!(m.th.contains(missing), "{}", m.th);
    }
    assert!(m.en.contains("Registration no."), "{}", m.en);
    assert!(!m.th.contains("จังหวัด (Province)"));

    let mut header = LAMPHUN_HEADER.to_string();
    header.push_str(",เลขประจำตัวประชาชน");
    let t = read_table_bytes(format!("{header}\n{}\n", lamphun_rows()[0]).as_bytes(), "dup.csv").unwrap();
    let e = validate(&t).unwrap_err();
    match &e {
        SheetError::Columns { missing, duplicate } => {
            assert!(missing.is_empty());
            assert_eq!(duplicate, &[vec!["เลขทะเบียน".to_string(), "เลขประจำตัวประชาชน".to_string()]]);
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("\"เลขทะเบียน\" = \"เลขประจำตัวประชาชน\""), "{e}");
}

#[test]
fn unreadable_files_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write(dir.path(), "list.pdf", b"%PDF-1.4");
    let e = read_table(&pdf).unwrap_err();
    assert!(matches!(e, SheetError::UnsupportedExtension { .. }));
    assert!(e.message().th.contains(".xlsx") && e.message().en.contains("Save As"));
    assert_eq!(read_table_bytes(b"x", "noextension").unwrap_err().code(), "unsupported_extension");

    // Damaged workbooks: random bytes, and a zip that is not a workbook.
    let e = read_table_bytes(b"this is not a spreadsheet at all", "broken.xlsx").unwrap_err();
    assert_eq!(e.code(), "corrupt");
    assert!(e.message().th.contains("เสียหาย"));
    let e = read_table_bytes(b"PK\x03\x04\x14\x00\x00\x00garbage-garbage-garbage", "broken.xlsx").unwrap_err();
    assert_eq!(e.code(), "corrupt", "{e}");
    let mut truncated = std::fs::read(write_sample_xlsx(dir.path())).unwrap();
    truncated.truncate(truncated.len() / 2);
    assert_eq!(read_table_bytes(&truncated, "cut.xlsx").unwrap_err().code(), "corrupt");

    assert_eq!(read_table(dir.path().join("missing.csv")).unwrap_err().code(), "io");
    assert_eq!(read_table_bytes(b"", "empty.csv").unwrap_err().code(), "empty");
    assert_eq!(read_table_bytes(b"", "empty.xlsx").unwrap_err().code(), "empty");
    let header_only = read_table_bytes(LAMPHUN_HEADER.as_bytes(), "template.csv").unwrap();
    assert_eq!(validate(&header_only).unwrap_err().code(), "no_rows");
    // Bytes that are neither UTF-8 nor Windows-874 (0xDB is unassigned in Windows-874).
    assert_eq!(read_table_bytes(b"a,b\n\xdb\xdc,1\n", "odd.csv").unwrap_err().code(), "encoding");
}

fn write_sample_xlsx(dir: &Path) -> PathBuf {
    let p = dir.join("sample.xlsx");
    enterprises_to_xlsx(&synthetic_enterprises(50), &p).unwrap();
    p
}

#[test]
fn an_excel_file_named_csv_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(write_sample_xlsx(dir.path())).unwrap();
    let t = read_table_bytes(&bytes, "really-excel.csv").unwrap();
    assert_eq!(t.rows.len(), 50);
}

#[test]
fn progress_runs_from_zero_to_total() {
    let data = synthetic_enterprises(300);
    let mut out = Vec::new();
    enterprises_to_csv(&data, &mut out).unwrap();
    let t = read_table_bytes(&out, "p.csv").unwrap();
    let mut seen = Vec::new();
    let imp = validate_enterprises(&t, &mut |done, total| seen.push((done, total))).unwrap();
    assert_eq!(imp.valid.len(), 300);
    assert_eq!(seen.first(), Some(&(0, 300)));
    assert_eq!(seen.last(), Some(&(300, 300)));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
}

fn round_trip(data: &[EnterpriseData], imp: &EnterpriseImport) {
    let problems: Vec<String> = imp.errors.iter().take(20).map(RowError::to_string).collect();
    assert!(imp.errors.is_empty(), "{} errors, first: {problems:#?}", imp.errors.len());
    assert_eq!(imp.valid.len(), data.len());
    for ((row, got), want) in imp.valid.iter().zip(data) {
        assert_eq!(got, want, "row {row}");
    }
}

#[test]
fn export_then_import_gives_the_same_enterprises_xlsx_10_000_rows_every_subdistrict() {
    let n = otop_geo::geography().subdistricts().len().max(10_000);
    let data = synthetic_enterprises(n);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    enterprises_to_xlsx(&data, &path).unwrap();
    let t = read_table(&path).unwrap();
    assert_eq!(t.headers, enterprise_headers());
    round_trip(&data, &validate(&t).unwrap());
}

#[test]
fn export_then_import_gives_the_same_enterprises_csv() {
    let data = synthetic_enterprises(400);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    enterprises_to_csv(&data, std::fs::File::create(&path).unwrap()).unwrap();
    round_trip(&data, &validate(&read_table(&path).unwrap()).unwrap());
}

#[test]
fn numbers_mangled_by_excel_are_repaired_or_explained() {
    let juristic = with_check_digit("010555012345");
    let csv = format!(
        "{LAMPHUN_HEADER}\n\
         SME,บริษัท ลำไยทอง จำกัด,{},1,ในเมือง,เมืองลำพูน,ลำพูน,51000,,812345678,,,,,\n\
         ผู้ประกอบการรายเดียว,ผ้าไหม,3.51010E+12,1,ในเมือง,เมืองลำพูน,ลำพูน,51000,,,,,,,\n",
        &juristic[1..]
    );
    let imp = validate(&read_table_bytes(csv.as_bytes(), "mangled.csv").unwrap()).unwrap();
    assert_eq!(imp.valid.len(), 1, "{:#?}", imp.errors);
    assert_eq!(imp.valid[0].1.registration.number(), juristic, "the SME's leading 0 is put back");
    assert_eq!(imp.valid[0].1.phone.as_ref().unwrap().as_str(), "0812345678");
    assert_eq!(imp.errors.len(), 1);
    assert_eq!(imp.errors[0].row, 3);
    assert!(imp.errors[0].message_th.contains("ข้อความ (Text)"), "{}", imp.errors[0].message_th);
    assert!(imp.errors[0].message_en.contains("format the column as Text"), "{}", imp.errors[0].message_en);
}
