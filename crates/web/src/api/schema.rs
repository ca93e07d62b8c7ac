//! OpenAPI schemas of the domain types as the API reads and writes them. The domain crate
//! stays free of HTTP concerns, so these mirrors describe its serde shapes here; a test
//! (tests/http.rs) checks that responses have exactly these properties.
#![allow(dead_code)]

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

// ---------------------------------------------------------------- request bodies

/// An enterprise as typed: every field is text and is checked by the domain.
#[derive(ToSchema)]
#[schema(as = EnterpriseDraft)]
pub struct EnterpriseDraftDoc {
    /// producer_group, community_enterprise, individual, sme — or the Thai name.
    #[schema(example = "community_enterprise")]
    kind: String,
    #[schema(example = "วิสาหกิจชุมชนลำไยอบแห้งบ้านแซม")]
    name: String,
    /// 13-digit national ID or juristic person number (check digit verified), or a
    /// community-enterprise code such as 5-51-01-01/1-0014.
    #[schema(example = "5-51-01-01/1-0014")]
    registration_no: String,
    #[schema(example = "12 หมู่ 3")]
    address_line: String,
    /// Subdistrict (ตำบล) name or 6-digit code.
    #[schema(example = "ในเมือง")]
    subdistrict: String,
    #[schema(example = "เมืองลำพูน")]
    district: String,
    /// Province name (Thai or English) or 2-digit code.
    #[schema(example = "ลำพูน")]
    province: String,
    #[schema(example = "51000")]
    postal_code: String,
    contact_name: String,
    #[schema(example = "081-234-5678")]
    phone: String,
    email: String,
    /// 1–5, empty when not rated.
    #[schema(example = "3")]
    stars: String,
    /// A, B, C or D.
    #[schema(example = "D")]
    quadrant: String,
    /// Comma-separated codes or names, or an array.
    #[schema(example = "food, beverage")]
    categories: String,
    /// One a line: kind, number, optional expiry (Buddhist or Christian era).
    #[schema(example = "อย. 51-2-00123-2-0001 หมดอายุ 31/12/2570")]
    certifications: String,
}

#[derive(ToSchema)]
#[schema(as = ProductDraft)]
pub struct ProductDraftDoc {
    #[schema(example = "ลำไยอบแห้งสีทอง")]
    name: String,
    /// food, beverage, textile, decor_souvenir, herbal_non_food — or the Thai name.
    #[schema(example = "food")]
    category: String,
    description: String,
    #[schema(example = "4")]
    stars: String,
    /// Baht, e.g. "120" or "1,250.50".
    #[schema(example = "120")]
    price: String,
}

/// A provider as typed, with its units.
#[derive(ToSchema)]
#[schema(as = ProviderDraft)]
pub struct ProviderDraftDoc {
    #[schema(example = "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้")]
    name: String,
    short_name: String,
    /// agency, technology_clinic, kbo_network, standards_body, private_expert, bank.
    #[schema(example = "technology_clinic")]
    kind: String,
    /// Where the provider sits: province name or code.
    province: String,
    website: String,
    phone: String,
    email: String,
    description: String,
    /// Units, one a line (or an array); set on creation.
    units: String,
}

#[derive(ToSchema)]
#[schema(as = ServiceDraft)]
pub struct ServiceDraftDoc {
    #[schema(example = "1")]
    provider_id: String,
    /// One of the provider's units, or empty.
    unit_id: String,
    #[schema(example = "ออกแบบและทดสอบบรรจุภัณฑ์ยืดอายุ")]
    title: String,
    description: String,
    /// raw_material, product_innovation, production_process, standards, packaging,
    /// machinery, finance, marketing — comma-separated or an array.
    #[schema(example = "packaging, standards")]
    stages: String,
    #[schema(example = "food")]
    categories: String,
    /// "nationwide", region names, or province names, comma-separated.
    #[schema(example = "ภาคเหนือ")]
    coverage: String,
    /// Enterprises per fiscal year; empty for no limit.
    #[schema(example = "20")]
    capacity_per_year: String,
    /// One item a line: "label amount", e.g. "ทดสอบจุลินทรีย์ 1,500".
    prices: String,
    /// true (open) or false (withdrawn); default true.
    #[schema(example = "true")]
    active: String,
}

// ---------------------------------------------------------------- responses

/// How the enterprise is registered; national IDs are masked.
#[derive(ToSchema)]
#[schema(as = Registration)]
pub struct RegistrationDoc {
    /// juristic, community_enterprise or national_id.
    #[schema(example = "national_id")]
    kind: String,
    #[schema(example = "x-xxxx-xxxxx-xx-3")]
    number: String,
}

#[derive(ToSchema)]
#[schema(as = Address)]
pub struct AddressDoc {
    line: String,
    #[schema(example = 510101)]
    subdistrict_code: u32,
    #[schema(example = 5101)]
    district_code: u16,
    #[schema(example = 51)]
    province_code: u8,
    #[schema(example = "51000")]
    postal_code: String,
}

#[derive(ToSchema)]
#[schema(as = CertificationHeld)]
pub struct CertificationDoc {
    #[schema(example = "fda")]
    kind: String,
    number: String,
    #[schema(format = Date, example = "2027-12-31")]
    expires_on: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Enterprise)]
pub struct EnterpriseDoc {
    id: i64,
    #[schema(example = "community_enterprise")]
    kind: String,
    name: String,
    registration: RegistrationDoc,
    address: AddressDoc,
    contact_name: String,
    /// Masked: 08x-xxx-5678.
    phone: Option<String>,
    email: Option<String>,
    stars: Option<u8>,
    quadrant: Option<String>,
    categories: Vec<String>,
    certifications: Vec<CertificationDoc>,
}

#[derive(ToSchema)]
#[schema(as = Product)]
pub struct ProductDoc {
    id: i64,
    enterprise_id: i64,
    name: String,
    #[schema(example = "food")]
    category: String,
    description: String,
    stars: Option<u8>,
    /// In satang (1/100 baht).
    price: Option<i64>,
}

#[derive(ToSchema)]
#[schema(as = ProviderUnit)]
pub struct UnitDoc {
    id: i64,
    provider_id: i64,
    name: String,
}

#[derive(ToSchema)]
#[schema(as = Provider)]
pub struct ProviderDoc {
    id: i64,
    name: String,
    short_name: String,
    #[schema(example = "technology_clinic")]
    kind: String,
    province_code: Option<u8>,
    website: String,
    phone: Option<String>,
    email: Option<String>,
    description: String,
    units: Vec<UnitDoc>,
}

#[derive(ToSchema)]
#[schema(as = PriceItem)]
pub struct PriceDoc {
    label: String,
    /// In satang (1/100 baht).
    #[schema(example = 150000)]
    amount: i64,
}

/// A service with its provider's name and kind, as the directory lists it.
#[derive(ToSchema)]
#[schema(as = Service)]
pub struct ServiceDoc {
    id: i64,
    provider_id: i64,
    unit_id: Option<i64>,
    title: String,
    description: String,
    stages: Vec<String>,
    categories: Vec<String>,
    /// "nationwide", {"regions": ["north"]} or {"provinces": [50, 51]}.
    #[schema(value_type = Object, example = json!({"regions": ["north"]}))]
    coverage: serde_json::Value,
    capacity_per_year: Option<u32>,
    prices: Vec<PriceDoc>,
    active: bool,
    provider_name: String,
    #[schema(example = "technology_clinic")]
    provider_kind: String,
    unit_name: Option<String>,
}

#[derive(ToSchema)]
pub struct EnterprisePage {
    items: Vec<EnterpriseDoc>,
    total: i64,
    offset: i64,
    limit: i64,
}

#[derive(ToSchema)]
pub struct ServicePage {
    items: Vec<ServiceDoc>,
    total: i64,
    offset: i64,
    limit: i64,
}

/// What /healthz answers: "ok" after the database answered, "unavailable" otherwise.
#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
    /// SQLite or PostgreSQL.
    #[schema(example = "SQLite")]
    pub database: &'static str,
}

// ---------------------------------------------------------------- query parameters

/// Filters of the enterprise list; names may be Thai, English or codes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct EnterpriseParams {
    /// Part of the name or registration number.
    pub q: Option<String>,
    /// Province name or 2-digit code.
    pub province: Option<String>,
    /// north, northeast, central, east, west, south — or the Thai name.
    pub region: Option<String>,
    /// Product category code or name.
    pub category: Option<String>,
    /// Star rating 1–5.
    pub stars: Option<String>,
    /// At most 200; default 50.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// Filters of the service directory; names may be Thai, English or codes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ServiceParams {
    /// Words that must all appear in the title, description or provider name.
    pub q: Option<String>,
    /// Value-chain stage code or name.
    pub stage: Option<String>,
    /// Product category code or name.
    pub category: Option<String>,
    /// Services that reach this province (name or code).
    pub province: Option<String>,
    /// Services that reach at least one province of this region.
    pub region: Option<String>,
    /// Provider kind code or name.
    pub kind: Option<String>,
    pub provider_id: Option<i64>,
    /// Include withdrawn services too.
    pub include_withdrawn: Option<bool>,
    /// At most 200; default 50.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The provider list's filter.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ProviderParams {
    /// Provider kind code or name.
    pub kind: Option<String>,
}

// ---------------------------------------------------------------- imports

/// The upload: a spreadsheet and whether to import the good rows when some are bad.
#[derive(ToSchema)]
pub struct ImportForm {
    /// .xlsx (first sheet; .xls and .ods too) or .csv (UTF-8 or Windows-874), with the column
    /// names in the first row, in Thai or English. At most 20 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `true` imports the good rows even if some rows are bad; by default one bad row means
    /// nothing is imported.
    partial: Option<bool>,
}

/// What an import did: every row checked, and every problem by row and column.
#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    #[schema(example = "ผู้ประกอบการ-ลำพูน.xlsx")]
    pub file_name: String,
    pub partial: bool,
    /// Data rows checked (blank rows are not counted).
    #[schema(example = 120)]
    pub checked_rows: usize,
    /// Enterprises added to the registry: all rows, none, or (with `partial`) the good ones.
    #[schema(example = 118)]
    pub imported: usize,
    #[schema(example = 2)]
    pub rows_with_errors: usize,
    pub errors: Vec<ImportRowError>,
    /// Columns of the file that were not recognised and so not imported.
    pub ignored_columns: Vec<String>,
}

/// One problem in one cell.
#[derive(Serialize, ToSchema)]
pub struct ImportRowError {
    /// The row number as Excel shows it (the header is row 1).
    #[schema(example = 7)]
    pub row: usize,
    /// The column's name as written in the file.
    #[schema(example = "รหัสไปรษณีย์")]
    pub column: String,
    #[schema(example = "5000")]
    pub value: String,
    pub message_th: String,
    pub message_en: String,
}

// ---------------------------------------------------------------- matching

/// A need to match, as a producer or an officer would write it.
#[derive(ToSchema)]
#[schema(as = MatchRequest)]
pub struct MatchRequestDoc {
    /// The problem in everyday Thai, at least 4 characters.
    #[schema(example = "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา")]
    text: String,
    /// Where help is needed: province name (Thai or English) or 2-digit code.
    #[schema(example = "ลำพูน")]
    province: Option<String>,
    /// food, beverage, textile, decor_souvenir, herbal_non_food — or the Thai name.
    #[schema(example = "food")]
    category: Option<String>,
    /// The product the need is about.
    #[schema(example = "ลำไยอบแห้ง")]
    product: Option<String>,
    /// Value-chain stages wanted, codes or names: comma-separated or an array.
    #[schema(example = "packaging")]
    stages: Option<String>,
    /// How many services to return, 1–50; 10 when left out.
    #[schema(example = 3, minimum = 1, maximum = 50)]
    top: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct MatchResponse {
    /// Best first.
    pub ranked: Vec<RankedService>,
}

/// One service ranked for the need.
#[derive(Serialize, ToSchema)]
pub struct RankedService {
    #[schema(example = 25)]
    pub service_id: i64,
    #[schema(example = "เทคโนโลยีการอบแห้งลำไยและผลไม้ และปรับปรุงเตาอบ")]
    pub title: String,
    /// The provider's name.
    #[schema(example = "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้")]
    pub provider: String,
    /// Higher is better; compare scores within one answer only.
    #[schema(example = 1.42)]
    pub score: f32,
    pub reasons: Vec<MatchReason>,
}

/// Why the service was ranked, in Thai and English.
#[derive(Serialize, ToSchema)]
pub struct MatchReason {
    /// words, concepts, coverage, category, stages, capacity or feedback.
    #[schema(example = "coverage")]
    pub code: &'static str,
    #[schema(example = "ให้บริการในภาคเหนือ")]
    pub th: String,
    #[schema(example = "Serves the North region")]
    pub en: String,
}
