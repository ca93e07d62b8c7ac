//! Sheets in and out through the web, shared by the upload page and the API: reading an
//! upload, importing it with `otop-app` exactly as the CLI does (every row checked, all rows
//! or none unless `partial`), the error report the result page carries, and the files offered
//! for download.

pub mod files;
pub mod report;
pub mod upload;

use otop_app::import::{ImportError, ImportOptions, ImportOutcome};
use otop_domain::access::{EnterpriseScope, Permission};
use otop_sheets::{EnterpriseImport, SheetError};
use otop_store::Store;

use crate::access::Viewer;

pub use upload::{UPLOAD_LIMIT, Upload};

use crate::error::WebError;

/// Checks and imports an uploaded enterprise sheet. A file that cannot be imported at all
/// (wrong type, damaged, required columns missing, no rows) is a 400 saying what to fix;
/// problems in rows are in the outcome.
/// Imports an uploaded sheet as `viewer`: an officer's rows must lie in their provinces.
pub async fn import_enterprises(store: &Store, viewer: &Viewer, upload: &Upload) -> Result<ImportOutcome, WebError> {
    let who = viewer.needs(Permission::ImportEnterprises)?;
    let (store, bytes, name) = (store.clone(), upload.bytes.clone(), upload.file_name.clone());
    // The audit log tells who imported and from which file.
    let mut actor = viewer.actor();
    actor.label = format!("{} (import {name})", actor.label);
    let provinces = match who.enterprise_scope() {
        EnterpriseScope::All => None,
        _ => Some(who.officer_provinces()),
    };
    let opts = ImportOptions { partial: upload.partial, provinces };
    // Reading and checking a large sheet is a lot of CPU work: a blocking thread does it,
    // so that the async workers go on serving other requests meanwhile.
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let table = otop_sheets::read_table_bytes(&bytes, &name).map_err(|e| file_error(&e))?;
        runtime.block_on(otop_app::import::import_enterprises(&store, &actor, &table, opts, &mut |_, _| {})).map_err(
            |e| match e {
                ImportError::Sheet(e) => file_error(&e),
                ImportError::Store(e) => e.into(),
            },
        )
    })
    .await
    .map_err(WebError::internal)?
}

fn file_error(e: &SheetError) -> WebError {
    WebError::BadRequest(e.message())
}

/// "Columns not recognised and not imported: …", worded once in `otop-sheets`.
pub fn ignored_columns_message(outcome: &ImportOutcome) -> Option<otop_domain::Bilingual> {
    EnterpriseImport {
        valid: Vec::new(),
        errors: Vec::new(),
        ignored_columns: outcome.ignored_columns.clone(),
        total_rows: outcome.checked_rows,
    }
    .ignored_columns_message()
}
