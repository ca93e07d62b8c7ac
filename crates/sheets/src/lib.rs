//! Spreadsheets of the registry (DESIGN.md §4.1): reading CSV and Excel files into a table,
//! checking an enterprise sheet row by row with every problem reported in Thai and English,
//! and writing CSV and Excel exports that import back as they are.
//!
//! No database and no HTTP: pure functions over bytes, files and writers, shared by the
//! CLI (`otop-upgrade import enterprises FILE`) and the web upload page.
//!
//! - [`read_table`] / [`read_table_bytes`] → [`Table`] (or a [`SheetError`] for the file).
//! - [`validate_enterprises`] → [`EnterpriseImport`]: valid rows and [`RowError`]s; import
//!   nothing unless `errors` is empty. [`write_error_report_csv`] gives the report to download.
//! - [`write_csv`], [`write_xlsx`], [`write_xlsx_bytes`] with the row builders
//!   [`enterprise_row`], [`product_row`], [`service_row`] and their header lists.
//!
//! The columns of each sheet are defined once, in [`columns`]; import header matching and
//! export headers both come from there.
//!
//! Decisions worth knowing:
//! - A required column missing, or two columns that mean the same field, is one file-level
//!   [`SheetError::Columns`] naming them all. A column we do not know is not an error: it is
//!   skipped and listed in [`EnterpriseImport::ignored_columns`] (officers' sheets carry
//!   remarks and running numbers; a running-number column is skipped without a warning).
//! - Each data row ends up either in `valid` or in `errors`, never both and never neither.
//! - Where Excel dropped the leading 0 of a phone number (or of an SME's juristic-person
//!   number, when the check digit then agrees), the 0 is put back; numbers Excel turned into
//!   `1.23E+12` get a message saying how to stop it.
//! - Exports show national IDs, phones and e-mail masked unless `show_personal`; only an
//!   export with personal data shown imports back.

pub mod columns;
mod enterprise;
mod error;
mod export;
pub mod fixtures;
mod table;

pub use columns::{
    Column, ENTERPRISE_COLUMNS, PRODUCT_COLUMNS, SERVICE_COLUMNS, enterprise_headers, product_headers, service_headers,
};
pub use enterprise::{
    ERROR_REPORT_HEADERS, EnterpriseImport, RowError, error_report_row, validate_enterprise_file, validate_enterprises,
    write_error_report_csv,
};
pub use error::SheetError;
pub use export::{
    certification_text, enterprise_data_row, enterprise_row, enterprises_to_csv, enterprises_to_xlsx, product_row,
    service_row, write_csv, write_xlsx, write_xlsx_bytes,
};
pub use table::{Table, TableRow, decode_text, read_table, read_table_bytes};
