//! The import/export page: upload an enterprise sheet (with the template and an example to
//! download), see what was imported and every bad row, download the error report; and the
//! registry's exports.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use otop_app::import::ImportOutcome;
use otop_domain::Bilingual;
use otop_sheets::ENTERPRISE_COLUMNS;
use serde::Deserialize;

use super::render;
use crate::AppState;
use crate::access::Viewer;
use crate::error::WebError;
use crate::forms::{FormData, Msg};
use crate::i18n::PageCtx;
use crate::transfer::files::{self, Download};
use crate::transfer::{self, UPLOAD_LIMIT, Upload, report};
use crate::views::count;

/// Row errors listed on the result page; the downloadable report has them all.
const SHOWN: usize = 500;

struct ColumnName {
    th: &'static str,
    en: &'static str,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    ctx: PageCtx,
    problem: Option<Msg>,
    required: Vec<ColumnName>,
    optional: Vec<ColumnName>,
    limit_mb: usize,
    partial: bool,
}

fn import_page(ctx: PageCtx, status: StatusCode, problem: Option<&Bilingual>, partial: bool) -> Response {
    let names = |required: bool| {
        ENTERPRISE_COLUMNS
            .iter()
            .filter(|c| c.required == required)
            .map(|c| ColumnName { th: c.th, en: c.en })
            .collect()
    };
    let page = ImportPage {
        problem: problem.map(|m| Msg::of(ctx.lang, m)),
        required: names(true),
        optional: names(false),
        limit_mb: UPLOAD_LIMIT / (1024 * 1024),
        partial,
        ctx,
    };
    render(status, &page)
}

pub async fn page(ctx: PageCtx) -> Response {
    import_page(ctx, StatusCode::OK, None, false)
}

/// `/export` is a section of the import page.
pub async fn export_index() -> Redirect {
    Redirect::to("/import#export")
}

/// The address of the upload's result page, opened again later.
pub async fn to_import_page() -> Redirect {
    Redirect::to("/import")
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    upload: Result<Upload, WebError>,
) -> Result<Response, WebError> {
    let upload = match upload {
        Ok(u) => u,
        Err(e) => return refused(ctx, e, false),
    };
    match transfer::import_enterprises(&state.store, &viewer, &upload).await {
        Ok(outcome) => Ok(result_page(ctx, &upload, &outcome)),
        Err(e) => refused(ctx, e, upload.partial),
    }
}

/// A file that could not be imported at all: the upload form again, with what to fix.
fn refused(ctx: PageCtx, e: WebError, partial: bool) -> Result<Response, WebError> {
    let info = e.info();
    if !info.status.is_client_error() {
        return Err(e);
    }
    tracing::debug!(error = %e, "upload refused");
    Ok(import_page(ctx, info.status, Some(&info.message), partial))
}

struct ErrorLine {
    row: usize,
    column: String,
    value: String,
    th: String,
    en: String,
}

#[derive(Template)]
#[template(path = "import_result.html")]
struct ResultPage {
    ctx: PageCtx,
    file_name: String,
    /// `ok`, `partial` or `rejected`: the style of the headline.
    verdict: &'static str,
    headline: Msg,
    checked: String,
    imported: String,
    bad_rows: String,
    ignored: Option<Msg>,
    lines: Vec<ErrorLine>,
    total_errors: String,
    truncated: bool,
    /// Every error, packed for the report download (see `transfer::report`).
    report: String,
}

fn result_page(ctx: PageCtx, upload: &Upload, o: &ImportOutcome) -> Response {
    let (checked, imported, bad, n) = (o.checked_rows, o.imported, o.rows_with_errors(), o.errors.len());
    let (verdict, headline) = if o.errors.is_empty() {
        (
            "ok",
            Bilingual::new(
                format!("นำเข้าสำเร็จ {} ราย", count(imported as i64)),
                format!("Imported {}", en_count(imported, "enterprise", "enterprises")),
            ),
        )
    } else if upload.partial {
        (
            "partial",
            Bilingual::new(
                format!(
                    "นำเข้า {} ราย และข้าม {} แถวที่มีปัญหา — แก้ไขแถวเหล่านี้ แล้วนำเข้าเฉพาะแถวที่แก้อีกครั้ง",
                    count(imported as i64),
                    count(bad as i64)
                ),
                format!(
                    "Imported {} and skipped {} with problems — fix those rows and import just them again",
                    en_count(imported, "enterprise", "enterprises"),
                    en_count(bad, "row", "rows")
                ),
            ),
        )
    } else {
        (
            "rejected",
            Bilingual::new(
                format!(
                    "ยังไม่ได้นำเข้าข้อมูลใดเลย: พบปัญหา {} จุดใน {} แถว — แก้ไขตามรายการด้านล่าง แล้วนำเข้าไฟล์อีกครั้ง หรือเลือก “นำเข้าเฉพาะแถวที่ถูกต้อง”",
                    count(n as i64),
                    count(bad as i64)
                ),
                format!(
                    "Nothing was imported: {} in {} — fix them as listed below and import the file again, or tick “Import the good rows”",
                    en_count(n, "problem", "problems"),
                    en_count(bad, "row", "rows")
                ),
            ),
        )
    };
    let status = if verdict == "rejected" { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let lines = o
        .errors
        .iter()
        .take(SHOWN)
        .map(|e| ErrorLine {
            row: e.row,
            column: e.column.clone(),
            value: e.value.clone(),
            th: e.message_th.clone(),
            en: e.message_en.clone(),
        })
        .collect();
    let page = ResultPage {
        file_name: upload.file_name.clone(),
        verdict,
        headline: Msg::of(ctx.lang, &headline),
        checked: count(checked as i64),
        imported: count(imported as i64),
        bad_rows: count(bad as i64),
        ignored: transfer::ignored_columns_message(o).map(|m| Msg::of(ctx.lang, &m)),
        lines,
        total_errors: count(n as i64),
        truncated: n > SHOWN,
        report: if n > 0 { report::pack(&o.errors) } else { String::new() },
        ctx,
    };
    render(status, &page)
}

/// "1 row", "1,200 rows".
fn en_count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n as i64), if n == 1 { one } else { many })
}

/// The full error report of an import, from the packed field of its result page.
pub async fn errors_csv(form: FormData) -> Result<Download, WebError> {
    let errors = report::unpack(&form.get("report"))?;
    let bytes = report::csv(&errors)?;
    Ok(Download::csv(files::dated("import-errors", "csv"), bytes))
}

/// `template.csv|xlsx` and `example.csv|xlsx`.
pub async fn import_sheet(Path(file): Path<String>) -> Result<Download, WebError> {
    files::import_sheet(&file).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportQuery {
    /// "1" to include national IDs and phones in full (logged).
    personal: String,
}

/// `/export/enterprises.csv` and the like, within the viewer's scope.
pub async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(file): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, WebError> {
    Ok(files::export(&state.store, &viewer, &file, q.personal == "1").await?.into_response())
}
