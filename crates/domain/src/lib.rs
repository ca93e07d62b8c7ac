//! The domain of otop-upgrade: the registry's types, the rules that make a value valid,
//! and the bilingual messages that say what to fix. Nothing here does I/O, so storage,
//! import, web and CLI all share one definition of "valid".

pub mod access;
pub mod codes;
pub mod dates;
pub mod error;
pub mod fiscal;
pub mod ids;
pub mod need;
pub mod registry;
pub mod text;
pub mod workflow;

pub use codes::{Agency, Category, CertificationKind, EnterpriseKind, ProviderKind, Quadrant, Role, Stage};
pub use error::{FieldError, ValidationErrors};
pub use fiscal::FiscalYear;
pub use ids::{Email, NationalId, Phone, PostalCode, Registration, Satang, Stars};
pub use need::{Need, NeedData, NeedDraft, NeedStatus};
pub use registry::{
    Address, AddressDraft, CertificationHeld, Coverage, CoverageFit, Enterprise, EnterpriseData, EnterpriseDraft,
    PriceItem, Product, ProductData, ProductDraft, Provider, ProviderData, ProviderDraft, ProviderUnit, Service,
    ServiceData, ServiceDraft,
};
pub use text::Bilingual;
