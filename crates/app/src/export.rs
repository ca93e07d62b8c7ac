//! The registry as the rows of a sheet: every enterprise, product or service, one row each,
//! with the columns `otop-sheets` defines. The CLI's `export` and the web's downloads both
//! call [`rows`], so a file is the same whichever of them wrote it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use otop_domain::access::EnterpriseScope;
use otop_store::enterprises::EnterpriseFilter;
use otop_store::{Store, StoreError};

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Enterprises,
    Products,
    Services,
}

impl Dataset {
    pub const ALL: [Dataset; 3] = [Dataset::Enterprises, Dataset::Products, Dataset::Services];

    /// `enterprises`, `products`, `services`: in file names and URLs.
    pub fn code(self) -> &'static str {
        match self {
            Dataset::Enterprises => "enterprises",
            Dataset::Products => "products",
            Dataset::Services => "services",
        }
    }

    pub fn parse(s: &str) -> Option<Dataset> {
        Self::ALL.into_iter().find(|d| d.code() == s)
    }

    /// The name of the workbook's sheet.
    pub fn sheet_name(self) -> &'static str {
        match self {
            Dataset::Enterprises => "ผู้ประกอบการ",
            Dataset::Products => "ผลิตภัณฑ์",
            Dataset::Services => "บริการ",
        }
    }
}

/// Records read from the database at a time.
const PAGE: i64 = 1000;

/// The header and the rows of an export: enterprises and products within `scope`, every
/// service. National IDs, phones and e-mails are masked unless `show_personal`.
pub async fn rows(
    store: &Store,
    dataset: Dataset,
    scope: &EnterpriseScope,
    show_personal: bool,
) -> Result<(Vec<&'static str>, Vec<Vec<String>>), StoreError> {
    match dataset {
        Dataset::Enterprises => {
            let mut rows = Vec::new();
            let mut offset = 0;
            loop {
                let page = store
                    .enterprises(&EnterpriseFilter { scope: scope.clone(), limit: PAGE, offset, ..Default::default() })
                    .await?;
                for e in &page.items {
                    // Lists leave certifications out; the export needs them.
                    let full = store.enterprise(e.id).await?;
                    rows.push(otop_sheets::enterprise_row(&full, show_personal));
                }
                offset += PAGE;
                if offset >= page.total {
                    break;
                }
            }
            Ok((otop_sheets::enterprise_headers(), rows))
        }
        Dataset::Products => {
            let mut rows = Vec::new();
            let mut after = 0;
            let mut names: HashMap<i64, String> = HashMap::new();
            loop {
                let page = store.products_after(scope, after, PAGE).await?;
                let Some(last) = page.last() else { break };
                after = last.id;
                for p in &page {
                    let eid = p.data.enterprise_id;
                    if let Entry::Vacant(slot) = names.entry(eid) {
                        slot.insert(store.enterprise(eid).await.map(|e| e.data.name).unwrap_or_default());
                    }
                    rows.push(otop_sheets::product_row(p, &names[&eid]));
                }
            }
            Ok((otop_sheets::product_headers(), rows))
        }
        Dataset::Services => {
            let all = store.all_services().await?;
            let rows = all.iter().map(|s| otop_sheets::service_row(&s.service, &s.provider_name)).collect();
            Ok((otop_sheets::service_headers(), rows))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for d in Dataset::ALL {
            assert_eq!(Dataset::parse(d.code()), Some(d));
        }
        assert_eq!(Dataset::parse("needs"), None);
    }
}
