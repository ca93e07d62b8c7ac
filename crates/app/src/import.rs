//! Importing a sheet of enterprises: check every row, check the registry for numbers that
//! are already registered, then insert all rows in one transaction — or nothing.

use otop_sheets::{EnterpriseImport, RowError, Table};
use otop_store::bulk::EnterpriseBundle;
use otop_store::{Actor, Store, StoreError};

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Import the good rows even when some rows are bad (the default imports nothing).
    pub partial: bool,
    /// The provinces the importer may register enterprises in (an officer's scope);
    /// `None` for anywhere.
    pub provinces: Option<Vec<u8>>,
}

#[derive(Debug)]
pub struct ImportOutcome {
    pub checked_rows: usize,
    pub imported: usize,
    pub errors: Vec<RowError>,
    pub ignored_columns: Vec<String>,
}

impl ImportOutcome {
    pub fn rows_with_errors(&self) -> usize {
        let mut rows: Vec<usize> = self.errors.iter().map(|e| e.row).collect();
        rows.dedup();
        rows.len()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", .0.message())]
    Sheet(#[from] otop_sheets::SheetError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Checks `table` and imports it. `progress(done, total)` covers checking and inserting.
pub async fn import_enterprises(
    store: &Store,
    actor: &Actor,
    table: &Table,
    opts: ImportOptions,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<ImportOutcome, ImportError> {
    let EnterpriseImport { valid, mut errors, ignored_columns, total_rows } =
        otop_sheets::validate_enterprises(table, &mut |d, t| progress(d / 2, t))?;
    let numbers: Vec<String> = valid.iter().map(|(_, d)| d.registration.number().to_string()).collect();
    let existing = store.existing_registrations(&numbers).await?;
    let reg_column = header_of(table, "registration_no");
    let province_column = header_of(table, "province");
    let mut bundles = Vec::with_capacity(valid.len());
    for (row, data) in valid {
        let number = data.registration.number().to_string();
        let province = data.address.province_code;
        if let Some(allowed) = opts.provinces.as_ref().filter(|ps| !ps.contains(&province)) {
            let names: Vec<&str> =
                allowed.iter().filter_map(|c| otop_geo::geography().province(*c)).map(|p| p.name_th).collect();
            let name = otop_geo::geography().province(province).map(|p| p.name_th).unwrap_or_default();
            errors.push(RowError {
                row,
                column: province_column.clone(),
                value: name.to_string(),
                message_th: format!(
                    "จังหวัด{name}อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({}) — ลบแถวนี้ออก หรือส่งให้เจ้าหน้าที่ของจังหวัดนั้นนำเข้า",
                    names.join(", ")
                ),
                message_en: format!(
                    "{name} is outside your provinces ({}) — remove the row or ask that province's officer to import it",
                    allowed.len()
                ),
            });
        } else if existing.contains(&number) {
            errors.push(RowError {
                row,
                column: reg_column.clone(),
                value: number,
                message_th: "เลขทะเบียนนี้มีอยู่ในระบบแล้ว — ลบแถวนี้ออก หรือแก้ไขข้อมูลรายเดิมในระบบ".into(),
                message_en: "This registration number is already registered — remove the row or edit the existing record"
                    .into(),
            });
        } else {
            bundles.push(EnterpriseBundle { data, products: vec![], needs: vec![] });
        }
    }
    errors.sort_by_key(|e| e.row);
    let imported = if errors.is_empty() || opts.partial {
        store.insert_bundles(actor, &bundles, true).await?;
        bundles.len()
    } else {
        0
    };
    progress(total_rows, total_rows);
    Ok(ImportOutcome { checked_rows: total_rows, imported, errors, ignored_columns })
}

/// The sheet's own header for a field, to name the column in a row error.
fn header_of(table: &Table, field: &str) -> String {
    table
        .headers
        .iter()
        .find(|h| {
            otop_sheets::columns::column_for(otop_sheets::ENTERPRISE_COLUMNS, h).is_some_and(|c| c.field == field)
        })
        .cloned()
        .unwrap_or_else(|| field.into())
}
