//! The sheets offered for download: the blank import template, a filled-in example, and the
//! exports of the registry — all written by `otop-sheets`, as the CLI writes them.

use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{FixedOffset, NaiveDate, Utc};
use otop_app::export::Dataset;
use otop_domain::Role;
use otop_domain::access::Permission;
use otop_sheets::SheetError;
use otop_store::Store;

use crate::access::{Viewer, forbidden};

use crate::error::WebError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    fn of_extension(ext: &str) -> Option<Format> {
        match ext {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// `"enterprises.csv"` → `("enterprises", Csv)`.
fn split_name(file: &str) -> Option<(&str, Format)> {
    let (stem, ext) = file.rsplit_once('.')?;
    Some((stem, Format::of_extension(ext)?))
}

/// A file for the browser to save.
pub struct Download {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl Download {
    pub fn csv(file_name: String, bytes: Vec<u8>) -> Download {
        Download { file_name, content_type: Format::Csv.content_type(), bytes }
    }
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        // File names are ASCII (see `dated`), so they need no RFC 5987 encoding.
        let disposition = format!("attachment; filename=\"{}\"", self.file_name);
        (
            [
                (CONTENT_TYPE, self.content_type.to_string()),
                (CONTENT_DISPOSITION, disposition),
                (CACHE_CONTROL, "no-store".into()),
            ],
            self.bytes,
        )
            .into_response()
    }
}

/// Today in Thailand (UTC+7), whatever the server's time zone.
pub fn today() -> NaiveDate {
    let bangkok = FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    Utc::now().with_timezone(&bangkok).date_naive()
}

/// `otop-enterprises-2026-11-25.csv`.
pub fn dated(stem: &str, ext: &str) -> String {
    format!("otop-{stem}-{}.{ext}", today().format("%Y-%m-%d"))
}

/// Writes a sheet off the async threads: a large workbook takes a moment.
async fn sheet(
    format: Format,
    sheet_name: &'static str,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
) -> Result<Vec<u8>, WebError> {
    tokio::task::spawn_blocking(move || -> Result<Vec<u8>, SheetError> {
        match format {
            Format::Csv => {
                let mut out = Vec::new();
                otop_sheets::write_csv(&mut out, &headers, rows)?;
                Ok(out)
            }
            Format::Xlsx => otop_sheets::write_xlsx_bytes(sheet_name, &headers, rows),
        }
    })
    .await
    .map_err(WebError::internal)?
    .map_err(WebError::internal)
}

// ---------------------------------------------------------------- import template and example

/// `template.csv|xlsx` (the header row only) or `example.csv|xlsx` (a few made-up
/// enterprises, personal data shown, so that the file imports as it is).
pub async fn import_sheet(file: &str) -> Result<Download, WebError> {
    let (stem, format) = split_name(file).ok_or(WebError::NotFound)?;
    let rows: Vec<Vec<String>> = match stem {
        "template" => Vec::new(),
        "example" => example_rows(),
        _ => return Err(WebError::NotFound),
    };
    let bytes = sheet(format, "ผู้ประกอบการ", otop_sheets::enterprise_headers(), rows).await?;
    Ok(Download {
        file_name: format!("otop-enterprises-{stem}.{}", format.extension()),
        content_type: format.content_type(),
        bytes,
    })
}

/// Five made-up enterprises of every kind, from different regions.
fn example_rows() -> Vec<Vec<String>> {
    const PICK: [usize; 5] = [1_200, 2_901, 4_402, 5_903, 7_004];
    let all = otop_sheets::fixtures::synthetic_enterprises(PICK[PICK.len() - 1] + 1);
    PICK.iter().map(|&i| otop_sheets::enterprise_data_row(&all[i], true)).collect()
}

// ---------------------------------------------------------------- exports

/// `enterprises.csv`, `products.xlsx`, … : every record, as the CLI's `export` writes them.
/// An export within the viewer's scope. Personal data stays masked unless asked for by
/// someone who may see it for everyone exported (an admin, or a provincial officer for
/// their provinces); each such export is logged.
pub async fn export(store: &Store, viewer: &Viewer, file: &str, personal: bool) -> Result<Download, WebError> {
    let who = viewer.needs(Permission::Export)?;
    let (stem, format) = split_name(file).ok_or(WebError::NotFound)?;
    let dataset = Dataset::parse(stem).ok_or(WebError::NotFound)?;
    let show_personal = personal && matches!(who.role, Role::Admin | Role::ProvincialOfficer);
    if personal && !show_personal {
        return Err(forbidden());
    }
    if show_personal {
        store.log_personal_view(&viewer.actor(), "export", 0, &[dataset.code()]).await?;
    }
    let (headers, rows) = otop_app::export::rows(store, dataset, &who.enterprise_scope(), show_personal).await?;
    let bytes = sheet(format, dataset.sheet_name(), headers, rows).await?;
    Ok(Download { file_name: dated(dataset.code(), format.extension()), content_type: format.content_type(), bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_formats() {
        assert_eq!(split_name("enterprises.csv"), Some(("enterprises", Format::Csv)));
        assert_eq!(split_name("products.xlsx"), Some(("products", Format::Xlsx)));
        assert_eq!(split_name("services.pdf"), None);
        assert_eq!(split_name("services"), None);
        let name = dated("services", "csv");
        assert!(name.starts_with("otop-services-20") && name.ends_with(".csv") && name.is_ascii(), "{name}");
    }

    #[test]
    fn the_example_imports_cleanly() {
        let rows = example_rows();
        assert_eq!(rows.len(), 5);
        let mut csv = Vec::new();
        otop_sheets::write_csv(&mut csv, &otop_sheets::enterprise_headers(), rows).unwrap();
        let table = otop_sheets::read_table_bytes(&csv, "example.csv").unwrap();
        let checked = otop_sheets::validate_enterprises(&table, &mut |_, _| {}).unwrap();
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        assert_eq!(checked.valid.len(), 5);
    }
}
