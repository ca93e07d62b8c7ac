//! A spreadsheet sent as `multipart/form-data`: the `file` field and the `partial` check box.
//! The upload page and the API read it alike; a request that is not such a form, has no
//! file or is too large is a bilingual [`WebError`].

use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use otop_domain::Bilingual;

use crate::error::WebError;

/// Largest upload accepted. A 10,000-row workbook is about 1 MB, the same rows as CSV about
/// 4 MB; the rest is room for sheets with long remarks.
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// The file to import and how.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The name the browser gave (its last path part), quoted in messages; its extension
    /// tells CSV from Excel.
    pub file_name: String,
    pub bytes: Bytes,
    /// Import the good rows even when some are bad.
    pub partial: bool,
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let mut form = Multipart::from_request(req, state).await.map_err(|_| not_a_form())?;
        let mut file: Option<(String, Bytes)> = None;
        let mut partial = false;
        while let Some(field) = form.next_field().await.map_err(read_error)? {
            match field.name() {
                Some("file") if file.is_none() => {
                    let name = base_name(field.file_name().unwrap_or_default());
                    let bytes = field.bytes().await.map_err(read_error)?;
                    file = Some((name, bytes));
                }
                Some("file") => return Err(one_file()),
                Some("partial") => partial = is_yes(&field.text().await.map_err(read_error)?),
                _ => {}
            }
        }
        match file {
            // A browser sends an empty, nameless part when no file was chosen.
            Some((name, bytes)) if !(name.is_empty() && bytes.is_empty()) => {
                // Without a name, "csv" lets the reader decide: it recognises a workbook by
                // its content.
                let file_name = if name.is_empty() { "upload.csv".to_string() } else { name };
                Ok(Upload { file_name, bytes, partial })
            }
            _ => Err(no_file()),
        }
    }
}

/// `C:\Users\x\ผู้ประกอบการ.xlsx` (old browsers send the whole path) → `ผู้ประกอบการ.xlsx`.
fn base_name(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    name.chars().filter(|c| !c.is_control()).take(200).collect()
}

fn is_yes(v: &str) -> bool {
    matches!(v.trim().to_lowercase().as_str(), "on" | "true" | "1" | "yes" | "y" | "ใช่")
}

fn not_a_form() -> WebError {
    WebError::BadRequest(Bilingual::new(
        "ส่งไฟล์ด้วยแบบฟอร์มอัปโหลด (multipart/form-data) ในช่องชื่อ file",
        "Send the file as an upload form (multipart/form-data) in a field named file",
    ))
}

pub(crate) fn no_file() -> WebError {
    WebError::BadRequest(Bilingual::new(
        "ยังไม่ได้เลือกไฟล์ — กด “เลือกไฟล์” แล้วเลือกไฟล์ Excel (.xlsx) หรือ CSV ก่อนกดนำเข้า",
        "No file was chosen — press “Choose file”, pick an Excel (.xlsx) or CSV file, then import",
    ))
}

fn one_file() -> WebError {
    WebError::BadRequest(Bilingual::new(
        "ส่งได้ครั้งละหนึ่งไฟล์ — นำเข้าทีละไฟล์",
        "Send one file at a time — import the files one after another",
    ))
}

/// Whether reading stopped at a body limit. axum recognises its own limit but not the one of
/// the request-body layer in front of it (its error comes wrapped twice), so look down the chain.
fn over_limit(e: &MultipartError) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = c.source();
    }
    e.status() == StatusCode::PAYLOAD_TOO_LARGE
}

fn read_error(e: MultipartError) -> WebError {
    if over_limit(&e) {
        WebError::TooLarge(Bilingual::new(
            format!(
                "ไฟล์มีขนาดเกิน {} MB — แบ่งเป็นหลายไฟล์ หรือบันทึกเป็น Excel (.xlsx) ซึ่งมีขนาดเล็กกว่า CSV",
                UPLOAD_LIMIT / (1024 * 1024)
            ),
            format!(
                "The file is larger than {} MB — split it into several files, or save it as Excel (.xlsx), which is smaller than CSV",
                UPLOAD_LIMIT / (1024 * 1024)
            ),
        ))
    } else {
        WebError::BadRequest(Bilingual::new(
            "รับไฟล์ไม่ครบ การส่งอาจถูกขัดจังหวะ — ลองส่งใหม่อีกครั้ง",
            "The upload was incomplete, perhaps interrupted — send it again",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_folders() {
        assert_eq!(base_name("C:\\Users\\a\\ผู้ประกอบการ.xlsx"), "ผู้ประกอบการ.xlsx");
        assert_eq!(base_name("/tmp/x.csv"), "x.csv");
        assert_eq!(base_name(" a.csv "), "a.csv");
        assert_eq!(base_name(""), "");
    }

    #[test]
    fn check_box_values() {
        for v in ["on", "true", "TRUE", "1", "yes", "ใช่"] {
            assert!(is_yes(v), "{v}");
        }
        for v in ["", "off", "false", "0", "no"] {
            assert!(!is_yes(v), "{v}");
        }
    }
}
