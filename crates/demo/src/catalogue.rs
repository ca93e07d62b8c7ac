//! The embedded catalogue: STI providers with their units (`data/providers.json`) and their
//! service offerings (`data/services.json`). Both are parsed once and checked through the
//! domain's drafts, so a mistake in the data fails the tests rather than the database load.

use std::collections::HashMap;
use std::sync::OnceLock;

use otop_domain::{ProviderDraft, ServiceDraft};
use serde::Deserialize;

use crate::{DemoProvider, DemoService};

/// The providers file as embedded, for export or inspection.
pub const PROVIDERS_JSON: &str = include_str!("../data/providers.json");
/// The services file as embedded.
pub const SERVICES_JSON: &str = include_str!("../data/services.json");

#[derive(Deserialize)]
struct RawProvider {
    key: String,
    #[serde(flatten)]
    draft: ProviderDraft,
    #[serde(default)]
    units: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    #[serde(rename = "ref")]
    reference: String,
    provider: String,
    unit: Option<String>,
    title: String,
    description: String,
    stages: Vec<String>,
    categories: Vec<String>,
    coverage: RawCoverage,
    capacity_per_year: Option<u32>,
    prices: Vec<RawPrice>,
    #[serde(default = "yes")]
    active: bool,
}

fn yes() -> bool {
    true
}

/// `{"nationwide": true}`, `{"regions": ["north"]}` or `{"provinces": ["ลำพูน"]}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCoverage {
    #[serde(default)]
    nationwide: bool,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    provinces: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrice {
    label: String,
    baht: i64,
}

struct Catalogue {
    providers: Vec<DemoProvider>,
    services: Vec<DemoService>,
}

fn catalogue() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(|| match load() {
        Ok(c) => c,
        Err(problems) => panic!("otop-demo: the embedded catalogue is invalid:\n{}", problems.join("\n")),
    })
}

/// The STI providers of the demo, each with a stable `key` that services refer to.
pub fn providers() -> Vec<DemoProvider> {
    catalogue().providers.clone()
}

/// The service offerings of the demo. `data.provider_id` and `data.unit_id` are 0/None:
/// the loader sets them from `provider_key` and `unit` once the providers are stored.
pub fn services() -> Vec<DemoService> {
    catalogue().services.clone()
}

/// Parses and checks both files; every problem is listed, with the entry it is in.
fn load() -> Result<Catalogue, Vec<String>> {
    let mut problems = Vec::new();
    let raw: Vec<RawProvider> =
        serde_json::from_str(PROVIDERS_JSON).map_err(|e| vec![format!("providers.json: {e}")])?;
    let mut providers = Vec::with_capacity(raw.len());
    let mut units_of: HashMap<String, Vec<String>> = HashMap::new();
    for p in raw {
        if units_of.insert(p.key.clone(), p.units.clone()).is_some() {
            problems.push(format!("provider {}: duplicate key", p.key));
        }
        match p.draft.validate() {
            Ok(data) => providers.push(DemoProvider { key: p.key, data, units: p.units }),
            Err(e) => problems.push(format!("provider {}: {e}", p.key)),
        }
    }

    let raw: Vec<RawService> = serde_json::from_str(SERVICES_JSON).map_err(|e| vec![format!("services.json: {e}")])?;
    let mut services = Vec::with_capacity(raw.len());
    for s in raw {
        let at = format!("service {} ({})", s.reference, s.title);
        match units_of.get(&s.provider) {
            None => problems.push(format!("{at}: unknown provider key {:?}", s.provider)),
            Some(units) => {
                if let Some(u) = &s.unit
                    && !units.contains(u)
                {
                    problems.push(format!("{at}: provider {} has no unit {u:?}", s.provider));
                }
            }
        }
        let c = &s.coverage;
        let forms =
            usize::from(c.nationwide) + usize::from(!c.regions.is_empty()) + usize::from(!c.provinces.is_empty());
        if forms != 1 {
            problems.push(format!("{at}: coverage must be exactly one of nationwide, regions, provinces"));
            continue;
        }
        let coverage = if c.nationwide {
            "ทั่วประเทศ".to_string()
        } else if !c.regions.is_empty() {
            c.regions.join(", ")
        } else {
            c.provinces.join(", ")
        };
        let draft = ServiceDraft {
            // Any positive id passes; the loader puts the real one.
            provider_id: "1".into(),
            unit_id: String::new(),
            title: s.title.clone(),
            description: s.description.clone(),
            stages: s.stages.join(", "),
            categories: s.categories.join(", "),
            coverage,
            capacity_per_year: s.capacity_per_year.map(|n| n.to_string()).unwrap_or_default(),
            // "label: amount" keeps a label that ends in บ, า or ท whole.
            prices: s.prices.iter().map(|p| format!("{}: {}", p.label, p.baht)).collect::<Vec<_>>().join("\n"),
            active: s.active.to_string(),
        };
        match draft.validate() {
            Ok(mut data) => {
                for (got, want) in data.prices.iter().zip(&s.prices) {
                    if got.label != want.label || got.amount.0 != want.baht * 100 {
                        problems.push(format!(
                            "{at}: price {:?} {} read back as {:?} {:?}",
                            want.label, want.baht, got.label, got.amount
                        ));
                    }
                }
                if data.prices.len() != s.prices.len()
                    || data.stages.len() != s.stages.len()
                    || data.categories.len() != s.categories.len()
                {
                    problems.push(format!("{at}: a price, stage or category was dropped or merged"));
                }
                data.provider_id = 0;
                services.push(DemoService { reference: s.reference, provider_key: s.provider, unit: s.unit, data });
            }
            Err(e) => problems.push(format!("{at}: {e}")),
        }
    }
    if problems.is_empty() { Ok(Catalogue { providers, services }) } else { Err(problems) }
}
