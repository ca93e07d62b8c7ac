//! The column tables: one definition per sheet kind, used both to recognise the header of an
//! imported file and to write the header of an export, so that an export imports as it is.
//!
//! An exported header reads `ไทย (English)`, e.g. `ชื่อผู้ประกอบการ (Name)`. On import a header
//! matches a column when, ignoring case, spaces, `_ - . / * :` and zero-width characters,
//! the whole header, the part before the brackets or the part inside them equals the Thai
//! name, the English name or a synonym.

/// One column of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The field the column fills: the form/draft field name, e.g. `registration_no`.
    pub field: &'static str,
    /// Thai name, e.g. `เลขทะเบียน`.
    pub th: &'static str,
    /// English name, e.g. `Registration no.`.
    pub en: &'static str,
    /// The export header, always `"{th} ({en})"` (checked by a test).
    pub header: &'static str,
    /// Other names people give the column, Thai or English.
    pub synonyms: &'static [&'static str],
    /// Whether an import file must have this column.
    pub required: bool,
}

impl Column {
    /// Whether a header as written in a file names this column.
    pub fn matches(&self, header: &str) -> bool {
        header_keys(header).iter().any(|k| self.keys().any(|c| c == *k))
    }

    fn keys(&self) -> impl Iterator<Item = String> + '_ {
        [self.th, self.en, self.header].into_iter().chain(self.synonyms.iter().copied()).map(header_key)
    }
}

/// The columns of the enterprise sheet, in export order.
pub const ENTERPRISE_COLUMNS: &[Column] = &[
    Column {
        field: "kind",
        th: "ประเภทผู้ประกอบการ",
        en: "Kind",
        header: "ประเภทผู้ประกอบการ (Kind)",
        synonyms: &[
            "ประเภทกิจการ",
            "ประเภทผปก",
            "ประเภทกลุ่ม",
            "ประเภทองค์กร",
            "kind",
            "enterprise kind",
            "enterprise type",
            "type",
        ],
        required: true,
    },
    Column {
        field: "name",
        th: "ชื่อผู้ประกอบการ",
        en: "Name",
        header: "ชื่อผู้ประกอบการ (Name)",
        synonyms: &[
            "ชื่อกลุ่ม",
            "ชื่อกลุ่ม/ผู้ประกอบการ",
            "ชื่อวิสาหกิจชุมชน",
            "ชื่อกิจการ",
            "ชื่อ",
            "ชื่อผปก",
            "enterprise name",
            "enterprise",
            "business name",
        ],
        required: true,
    },
    Column {
        field: "registration_no",
        th: "เลขทะเบียน",
        en: "Registration no.",
        header: "เลขทะเบียน (Registration no.)",
        synonyms: &[
            "เลขประจำตัวประชาชน",
            "เลขประจำตัวประชาชน 13 หลัก",
            "เลขบัตรประชาชน",
            "เลขบัตรประชาชน 13 หลัก",
            "เลขบัตรประจำตัวประชาชน",
            "เลขนิติบุคคล",
            "เลขทะเบียนนิติบุคคล",
            "เลขประจำตัวผู้เสียภาษี",
            "รหัสทะเบียน",
            "รหัสทะเบียนวิสาหกิจชุมชน",
            "เลขทะเบียนวิสาหกิจชุมชน",
            "registration number",
            "registration",
            "national id",
            "citizen id",
            "juristic id",
            "juristic person number",
            "tax id",
        ],
        required: true,
    },
    Column {
        field: "address_line",
        th: "ที่อยู่",
        en: "Address",
        header: "ที่อยู่ (Address)",
        synonyms: &["บ้านเลขที่", "ที่ตั้ง", "เลขที่", "address line", "house no"],
        required: false,
    },
    Column {
        field: "subdistrict",
        th: "ตำบล/แขวง",
        en: "Subdistrict",
        header: "ตำบล/แขวง (Subdistrict)",
        synonyms: &["ตำบล", "แขวง", "แขวง/ตำบล", "tambon", "sub-district", "khwaeng"],
        required: true,
    },
    Column {
        field: "district",
        th: "อำเภอ/เขต",
        en: "District",
        header: "อำเภอ/เขต (District)",
        synonyms: &["อำเภอ", "เขต", "เขต/อำเภอ", "amphoe", "khet"],
        required: true,
    },
    Column {
        field: "province",
        th: "จังหวัด",
        en: "Province",
        header: "จังหวัด (Province)",
        synonyms: &["changwat"],
        required: true,
    },
    Column {
        field: "postal_code",
        th: "รหัสไปรษณีย์",
        en: "Postal code",
        header: "รหัสไปรษณีย์ (Postal code)",
        synonyms: &["ไปรษณีย์", "postcode", "post code", "zip", "zip code", "zipcode"],
        required: true,
    },
    Column {
        field: "contact_name",
        th: "ผู้ติดต่อ",
        en: "Contact person",
        header: "ผู้ติดต่อ (Contact person)",
        synonyms: &["ชื่อผู้ติดต่อ", "ผู้ประสานงาน", "ชื่อผู้ประสานงาน", "contact", "contact name"],
        required: false,
    },
    Column {
        field: "phone",
        th: "โทรศัพท์",
        en: "Phone",
        header: "โทรศัพท์ (Phone)",
        synonyms: &[
            "เบอร์โทร",
            "เบอร์โทรศัพท์",
            "หมายเลขโทรศัพท์",
            "เบอร์มือถือ",
            "มือถือ",
            "โทร",
            "telephone",
            "tel",
            "mobile",
            "phone number",
        ],
        required: false,
    },
    Column {
        field: "email",
        th: "อีเมล",
        en: "E-mail",
        header: "อีเมล (E-mail)",
        synonyms: &["อีเมล์", "อีเมร์", "email address", "mail"],
        required: false,
    },
    Column {
        field: "stars",
        th: "ระดับดาว",
        en: "Stars",
        header: "ระดับดาว (Stars)",
        synonyms: &["ดาว", "จำนวนดาว", "ระดับดาวโอทอป", "star", "star rating", "otop stars"],
        required: false,
    },
    Column {
        field: "quadrant",
        th: "กลุ่ม ABCD",
        en: "Quadrant",
        header: "กลุ่ม ABCD (Quadrant)",
        synonyms: &["กลุ่ม A/B/C/D", "กลุ่มผลิตภัณฑ์ ABCD", "กลุ่มผลิตภัณฑ์", "กลุ่มผลิตภัณฑ์ A/B/C/D", "abcd", "cdd quadrant"],
        required: false,
    },
    Column {
        field: "categories",
        th: "ประเภทผลิตภัณฑ์",
        en: "Product categories",
        header: "ประเภทผลิตภัณฑ์ (Product categories)",
        synonyms: &["หมวดผลิตภัณฑ์", "ประเภทสินค้า", "product category", "categories", "category"],
        required: false,
    },
    Column {
        field: "certifications",
        th: "มาตรฐานที่ได้รับ",
        en: "Certifications",
        header: "มาตรฐานที่ได้รับ (Certifications)",
        synonyms: &["มาตรฐาน", "การรับรอง", "มาตรฐานผลิตภัณฑ์", "certification", "standards"],
        required: false,
    },
];

/// Columns that carry no registry data (a running number) and are ignored without a warning.
pub(crate) const SILENTLY_IGNORED: &[&str] = &["ลำดับ", "ลำดับที่", "ที่", "no", "no.", "#", "seq", "ลำดับ (No.)"];

/// The columns of a product export.
pub const PRODUCT_COLUMNS: &[Column] = &[
    Column {
        field: "enterprise",
        th: "ผู้ประกอบการ",
        en: "Enterprise",
        header: "ผู้ประกอบการ (Enterprise)",
        synonyms: &["ชื่อผู้ประกอบการ"],
        required: true,
    },
    Column {
        field: "name",
        th: "ชื่อผลิตภัณฑ์",
        en: "Product",
        header: "ชื่อผลิตภัณฑ์ (Product)",
        synonyms: &["ผลิตภัณฑ์", "product name"],
        required: true,
    },
    Column {
        field: "category",
        th: "ประเภทผลิตภัณฑ์",
        en: "Category",
        header: "ประเภทผลิตภัณฑ์ (Category)",
        synonyms: &["product category"],
        required: true,
    },
    Column {
        field: "description",
        th: "รายละเอียด",
        en: "Description",
        header: "รายละเอียด (Description)",
        synonyms: &[],
        required: false,
    },
    Column {
        field: "stars",
        th: "ระดับดาว",
        en: "Stars",
        header: "ระดับดาว (Stars)",
        synonyms: &["ดาว"],
        required: false,
    },
    Column {
        field: "price",
        th: "ราคา (บาท)",
        en: "Price, baht",
        header: "ราคา (บาท) (Price, baht)",
        synonyms: &["ราคา", "price"],
        required: false,
    },
];

/// The columns of a service-offering export.
pub const SERVICE_COLUMNS: &[Column] = &[
    Column {
        field: "provider",
        th: "ผู้ให้บริการ",
        en: "Provider",
        header: "ผู้ให้บริการ (Provider)",
        synonyms: &[],
        required: true,
    },
    Column {
        field: "title",
        th: "ชื่อบริการ",
        en: "Service",
        header: "ชื่อบริการ (Service)",
        synonyms: &["บริการ", "title"],
        required: true,
    },
    Column {
        field: "description",
        th: "รายละเอียด",
        en: "Description",
        header: "รายละเอียด (Description)",
        synonyms: &[],
        required: true,
    },
    Column {
        field: "stages",
        th: "ห่วงโซ่คุณค่า",
        en: "Value-chain stages",
        header: "ห่วงโซ่คุณค่า (Value-chain stages)",
        synonyms: &["stages"],
        required: true,
    },
    Column {
        field: "categories",
        th: "ประเภทผลิตภัณฑ์",
        en: "Product categories",
        header: "ประเภทผลิตภัณฑ์ (Product categories)",
        synonyms: &["categories"],
        required: true,
    },
    Column {
        field: "coverage",
        th: "พื้นที่ให้บริการ",
        en: "Coverage",
        header: "พื้นที่ให้บริการ (Coverage)",
        synonyms: &[],
        required: true,
    },
    Column {
        field: "capacity_per_year",
        th: "รับได้ต่อปี (ราย)",
        en: "Capacity per year",
        header: "รับได้ต่อปี (ราย) (Capacity per year)",
        synonyms: &["รับได้ต่อปี", "capacity"],
        required: false,
    },
    Column {
        field: "prices",
        th: "รายการราคา",
        en: "Price list",
        header: "รายการราคา (Price list)",
        synonyms: &["ราคา", "prices"],
        required: false,
    },
    Column {
        field: "active",
        th: "สถานะ",
        en: "Status",
        header: "สถานะ (Status)",
        synonyms: &["active"],
        required: false,
    },
];

/// The export headers of a column table.
pub fn headers(columns: &[Column]) -> Vec<&'static str> {
    columns.iter().map(|c| c.header).collect()
}

/// The header row of an enterprise export (and of the import template).
pub fn enterprise_headers() -> Vec<&'static str> {
    headers(ENTERPRISE_COLUMNS)
}

pub fn product_headers() -> Vec<&'static str> {
    headers(PRODUCT_COLUMNS)
}

pub fn service_headers() -> Vec<&'static str> {
    headers(SERVICE_COLUMNS)
}

/// The comparable form of a header: lower case, without spaces, `_ - . / * :` and
/// zero-width characters.
pub fn header_key(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '_' | '-' | '.' | '/' | '*' | ':' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}')
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The keys a written header can match: the whole, the part before the first bracket and
/// the part inside the last brackets ("ชื่อผู้ประกอบการ (Name)" → whole, "ชื่อผู้ประกอบการ", "Name").
fn header_keys(header: &str) -> Vec<String> {
    let mut keys = vec![header_key(header)];
    if let Some(open) = header.find(['(', '（']) {
        keys.push(header_key(&header[..open]));
    }
    if let (Some(open), Some(close)) = (header.rfind(['(', '（']), header.rfind([')', '）']))
        && open < close
    {
        let inner = &header[open + header[open..].chars().next().map_or(1, char::len_utf8)..close];
        keys.push(header_key(inner));
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// Which column of `columns` a header names, if any. The whole header is tried first, then
/// the part before the brackets, then the part inside them.
pub fn column_for(columns: &'static [Column], header: &str) -> Option<&'static Column> {
    let keys = header_keys(header);
    keys.iter().find_map(|k| columns.iter().find(|c| c.keys().any(|ck| ck == *k)))
}

/// How the headers of a file map to a column table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMap {
    /// For each column of the table (same order), the index of the file column holding it.
    pub index: Vec<Option<usize>>,
    /// File headers that name no column (and are not a running number), as written.
    pub unknown: Vec<String>,
    /// Required columns not found, as their export headers.
    pub missing: Vec<String>,
    /// Groups of file headers that name the same column.
    pub duplicate: Vec<Vec<String>>,
}

/// Maps the headers of a file to `columns`.
pub fn map_headers(columns: &'static [Column], headers: &[String]) -> HeaderMap {
    let mut index: Vec<Option<usize>> = vec![None; columns.len()];
    let mut seen: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    let mut unknown = Vec::new();
    let silent: Vec<String> = SILENTLY_IGNORED.iter().map(|s| header_key(s)).collect();
    for (i, h) in headers.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        match column_for(columns, h).and_then(|c| columns.iter().position(|x| x.field == c.field)) {
            Some(ci) => {
                seen[ci].push(i);
                index[ci].get_or_insert(i);
            }
            None if silent.contains(&header_key(h)) => {}
            None => unknown.push(h.clone()),
        }
    }
    let missing = columns
        .iter()
        .zip(&index)
        .filter(|(c, i)| c.required && i.is_none())
        .map(|(c, _)| c.header.to_string())
        .collect();
    let duplicate =
        seen.iter().filter(|s| s.len() > 1).map(|s| s.iter().map(|&i| headers[i].clone()).collect()).collect();
    HeaderMap { index, unknown, missing, duplicate }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_headers_are_thai_then_english_in_brackets() {
        for c in ENTERPRISE_COLUMNS.iter().chain(PRODUCT_COLUMNS).chain(SERVICE_COLUMNS) {
            assert_eq!(c.header, format!("{} ({})", c.th, c.en));
        }
    }

    #[test]
    fn every_export_header_and_name_maps_back_to_its_own_column() {
        for table in [ENTERPRISE_COLUMNS, PRODUCT_COLUMNS, SERVICE_COLUMNS] {
            for c in table {
                for h in [c.header, c.th, c.en].iter().chain(c.synonyms) {
                    assert_eq!(column_for(table, h).map(|x| x.field), Some(c.field), "{h}");
                }
            }
        }
    }

    #[test]
    fn no_name_is_shared_between_two_columns() {
        for table in [ENTERPRISE_COLUMNS, PRODUCT_COLUMNS, SERVICE_COLUMNS] {
            let mut all: Vec<(String, &str)> = Vec::new();
            for c in table {
                let mut keys: Vec<String> = c.keys().collect();
                keys.sort();
                keys.dedup();
                all.extend(keys.into_iter().map(|k| (k, c.field)));
            }
            all.sort();
            for w in all.windows(2) {
                assert!(w[0].0 != w[1].0, "{} is used by {} and {}", w[0].0, w[0].1, w[1].1);
            }
        }
    }

    #[test]
    fn loose_spelling_matches() {
        let f = |h: &str| column_for(ENTERPRISE_COLUMNS, h).map(|c| c.field);
        assert_eq!(f("  เลขประจำตัวประชาชน 13 หลัก "), Some("registration_no"));
        assert_eq!(f("เลขประจำตัวประชาชน (13 หลัก)"), Some("registration_no"));
        assert_eq!(f("Postal_Code"), Some("postal_code"));
        assert_eq!(f("ชื่อผู้ประกอบการ*"), Some("name"));
        assert_eq!(f("กลุ่ม A/B/C/D"), Some("quadrant"));
        assert_eq!(f("E-MAIL"), Some("email"));
        assert_eq!(f("ตำบล"), Some("subdistrict"));
        assert_eq!(f("แขวง / ตำบล"), Some("subdistrict"));
        assert_eq!(f("หมายเหตุ"), None);
    }

    #[test]
    fn mapping_reports_missing_duplicate_and_unknown() {
        let hs: Vec<String> =
            ["ลำดับ", "ชื่อกลุ่ม", "ชื่อผู้ประกอบการ", "จังหวัด", "หมายเหตุ"].iter().map(|s| s.to_string()).collect();
        let m = map_headers(ENTERPRISE_COLUMNS, &hs);
        assert_eq!(m.duplicate, vec![vec!["ชื่อกลุ่ม".to_string(), "ชื่อผู้ประกอบการ".to_string()]]);
        assert_eq!(m.unknown, vec!["หมายเหตุ".to_string()]);
        assert!(m.missing.contains(&"เลขทะเบียน (Registration no.)".to_string()));
        assert!(!m.missing.iter().any(|h| h.starts_with("จังหวัด")));
    }
}
