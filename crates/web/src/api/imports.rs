//! Importing a sheet through the API: the same upload, checks and outcome as the web page.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::schema::{ImportForm, ImportResult, ImportRowError};
use crate::AppState;
use crate::access::Viewer;
use crate::error::{ErrorBody, WebError};
use crate::transfer::{self, Upload};

/// Imports enterprises from a CSV or Excel file. Every row is checked first; unless
/// `partial` is true, one bad row means nothing is imported.
#[utoipa::path(post, path = "/api/v1/imports/enterprises", tag = "imports",
    request_body(content = inline(ImportForm), content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Imported: every row, or with `partial` the good rows (the bad ones are in `errors`)",
            body = ImportResult),
        (status = 400, description = "No file, or a file that cannot be imported at all (wrong type, damaged, \
            required columns missing, no data rows); nothing was imported", body = ErrorBody),
        (status = 413, description = "Larger than 20 MB", body = ErrorBody),
        (status = 422, description = "Some rows are bad and `partial` is not set: nothing was imported", body = ImportResult),
    ))]
pub async fn import_enterprises(
    State(state): State<AppState>,
    viewer: Viewer,
    upload: Upload,
) -> Result<Response, WebError> {
    let o = transfer::import_enterprises(&state.store, &viewer, &upload).await?;
    let status = if o.errors.is_empty() || upload.partial { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let body = ImportResult {
        file_name: upload.file_name,
        partial: upload.partial,
        checked_rows: o.checked_rows,
        imported: o.imported,
        rows_with_errors: o.rows_with_errors(),
        errors: o
            .errors
            .into_iter()
            .map(|e| ImportRowError {
                row: e.row,
                column: e.column,
                value: e.value,
                message_th: e.message_th,
                message_en: e.message_en,
            })
            .collect(),
        ignored_columns: o.ignored_columns,
    };
    Ok((status, Json(body)).into_response())
}
