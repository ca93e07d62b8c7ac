//! The error report of an import, carried by the result page itself.
//!
//! The server keeps no state between requests (several instances may run behind a load
//! balancer), and checking the file again would not give the same report after a partial
//! import: the rows just imported would then read "already registered". So the result page
//! holds every row error, gzipped and base64url-encoded, in a hidden form field; its
//! "download" button posts it back and gets the CSV ([`otop_sheets::write_error_report_csv`]).
//! A 10,000-row file with an error on every row packs into a few hundred kilobytes.
//!
//! A forged report only comes back to whoever sent it, as a CSV written by our own writer
//! (formulas neutralised), so the field needs no signature.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use otop_domain::Bilingual;
use otop_sheets::RowError;

use crate::error::WebError;

/// Unpacked reports larger than this are refused (a small field must not inflate to gigabytes).
const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

/// Every error, in the report's own column order ([`otop_sheets::error_report_row`]).
pub fn pack(errors: &[RowError]) -> String {
    let rows: Vec<Vec<String>> = errors.iter().map(otop_sheets::error_report_row).collect();
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    let packed = serde_json::to_writer(&mut gz, &rows).map_err(std::io::Error::from).and_then(|()| gz.finish());
    match packed {
        Ok(bytes) => URL_SAFE_NO_PAD.encode(bytes),
        // Writing into memory does not fail; an empty report is the safe answer if it did.
        Err(_) => String::new(),
    }
}

pub fn unpack(field: &str) -> Result<Vec<RowError>, WebError> {
    let bytes = URL_SAFE_NO_PAD.decode(field.trim()).map_err(|_| unreadable())?;
    let mut json = Vec::new();
    GzDecoder::new(bytes.as_slice()).take(MAX_UNPACKED).read_to_end(&mut json).map_err(|_| unreadable())?;
    let rows: Vec<(String, String, String, String, String)> =
        serde_json::from_slice(&json).map_err(|_| unreadable())?;
    rows.into_iter()
        .map(|(row, column, value, message_th, message_en)| {
            let row = row.parse().map_err(|_| unreadable())?;
            Ok(RowError { row, column, value, message_th, message_en })
        })
        .collect()
}

/// The CSV of the report: UTF-8 with BOM, so that Excel shows the Thai.
pub fn csv(errors: &[RowError]) -> Result<Vec<u8>, WebError> {
    let mut out = Vec::new();
    otop_sheets::write_error_report_csv(&mut out, errors).map_err(WebError::internal)?;
    out.flush().map_err(WebError::internal)?;
    Ok(out)
}

fn unreadable() -> WebError {
    WebError::BadRequest(Bilingual::new(
        "อ่านรายงานนี้ไม่ได้ — นำเข้าไฟล์อีกครั้งเพื่อสร้างรายงานใหม่",
        "This report cannot be read — import the file again to get a new report",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_survives_the_round_trip() {
        let errors = vec![
            RowError {
                row: 3,
                column: "รหัสไปรษณีย์".into(),
                value: "5000".into(),
                message_th: "รหัสไปรษณีย์ต้องเป็นตัวเลข 5 หลัก".into(),
                message_en: "A postal code has 5 digits".into(),
            },
            RowError {
                row: 12,
                column: "เลขทะเบียน".into(),
                value: "=1+1".into(),
                message_th: "ก".into(),
                message_en: "a".into(),
            },
        ];
        let packed = pack(&errors);
        assert!(packed.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{packed}");
        assert_eq!(unpack(&packed).unwrap(), errors);
        assert!(unpack("not a report").is_err());
        assert!(unpack(&URL_SAFE_NO_PAD.encode(b"plain")).is_err());
        let csv = String::from_utf8(csv(&errors).unwrap()).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("'=1+1"), "{csv}");
    }

    #[test]
    fn many_errors_pack_small() {
        let errors: Vec<RowError> = (2..10_002)
            .map(|row| RowError {
                row,
                column: "รหัสไปรษณีย์ (Postal code)".into(),
                value: format!("{}", 10_000 + row),
                message_th: "รหัสไปรษณีย์นี้ไม่ตรงกับตำบลที่ระบุ — ตรวจสอบรหัสไปรษณีย์หรือชื่อตำบลอีกครั้ง".into(),
                message_en:
                    "This postal code does not match the subdistrict — check the postal code or the subdistrict".into(),
            })
            .collect();
        let packed = pack(&errors);
        assert!(packed.len() < 400_000, "{} bytes", packed.len());
    }
}
