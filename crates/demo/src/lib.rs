//! Demo data for otop-upgrade: realistic Thai data that a fresh install, a screenshot or a
//! load test can start from.
//!
//! - [`providers()`] and [`services()`]: the STI providers (agencies, university technology
//!   clinics in all six regions, KBO networks, standards bodies, private experts, banks) and
//!   their service offerings, embedded from `data/*.json` and checked through the domain's
//!   drafts. The 63 offerings of the matching benchmark keep their ids (`S001`…) as
//!   [`DemoService::reference`].
//! - [`enterprises()`]: a deterministic generator of OTOP producers with their products and
//!   needs. [`base_enterprises()`] is the standard demo (320 enterprises, seed 2570); the same
//!   generator makes a million in about 1.5 s (release, one core) for load tests.
//!
//! Everything is built as domain values with ids left at 0: the loader stores providers
//! first, then services (mapping `provider_key`/`unit`), then each enterprise, its products,
//! and its needs (mapping `product_index` to the stored product's id).

mod catalogue;
mod enterprises;
mod people;
mod places;
mod problems;
mod products;
mod rng;

use otop_domain::{EnterpriseData, NeedData, ProductData, ProviderData, ServiceData};

pub use catalogue::{PROVIDERS_JSON, SERVICES_JSON, providers, services};
pub use enterprises::{DEMO_TODAY, NEEDS_FROM, enterprise_at, enterprises};

/// How many enterprises the standard demo has.
pub const BASE_ENTERPRISES: usize = 320;
/// The seed of the standard demo.
pub const BASE_SEED: u64 = 2570;

/// The standard demo: `enterprises(BASE_ENTERPRISES, BASE_SEED)`.
pub fn base_enterprises() -> impl ExactSizeIterator<Item = DemoEnterprise> + Clone {
    enterprises(BASE_ENTERPRISES, BASE_SEED)
}

/// A provider with its stable key (services refer to it) and the names of its units
/// (departments, campuses, centres), to be stored as `ProviderUnit`s.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoProvider {
    pub key: String,
    pub data: ProviderData,
    pub units: Vec<String>,
}

/// A service offering. `data.provider_id` is 0 and `data.unit_id` is None: set them from
/// `provider_key` and `unit` (one of that provider's `units`) when loading.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoService {
    /// A stable id: the matching benchmark's `S001`…`S063`, or `X001`… for offerings the
    /// demo adds.
    pub reference: String,
    pub provider_key: String,
    pub unit: Option<String>,
    pub data: ServiceData,
}

/// An enterprise with its products (`enterprise_id` 0) and needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoEnterprise {
    pub data: EnterpriseData,
    pub products: Vec<ProductData>,
    pub needs: Vec<DemoNeed>,
}

/// A need. `data.enterprise_id` is 0 and `data.product_id` None; `product_index`, when set,
/// points into the enterprise's `products`.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoNeed {
    pub product_index: Option<usize>,
    pub data: NeedData,
}
