//! Thai first, English second. The language comes from `?lang=` (which also sets the `lang`
//! cookie) or the cookie, Thai by default. UI words live in the templates as
//! `ctx.t("ไทย", "English")` pairs, so both languages of a string sit side by side; the
//! names and hints of form fields, which forms, error summaries and the API share, are in
//! [`FIELDS`] below.

use otop_domain::Bilingual;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Th,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "th" | "ไทย" => Some(Lang::Th),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Th => Lang::En,
            Lang::En => Lang::Th,
        }
    }

    /// Picks the string of this language from a pair.
    pub fn t<'a>(self, th: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Th => th,
            Lang::En => en,
        }
    }

    /// A bilingual message in this language first, the other second.
    pub fn pair(self, m: &Bilingual) -> (&str, &str) {
        match self {
            Lang::Th => (&m.th, &m.en),
            Lang::En => (&m.en, &m.th),
        }
    }
}

/// What every page knows about its request: the language, the link that switches it, and
/// the path (to mark the current section in the header).
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub path: String,
    /// The current URL with `lang` set to the other language.
    pub toggle_href: String,
    /// The CSRF token every form sends back (set by `access::identify`).
    pub csrf: String,
    /// Who is signed in, for the header.
    pub user: Option<UserBadge>,
}

/// The signed-in person as the header shows them.
#[derive(Debug, Clone)]
pub struct UserBadge {
    pub name: String,
    pub role_th: &'static str,
    pub role_en: &'static str,
    pub home: &'static str,
    pub sees_enterprises: bool,
    pub imports: bool,
    pub audits: bool,
    /// Coupon rounds and budgets.
    pub ledger: bool,
}

impl UserBadge {
    pub fn of(p: &otop_domain::access::Principal) -> Self {
        use otop_domain::access::Permission;
        Self {
            name: p.name.clone(),
            role_th: p.role.name_th(),
            role_en: p.role.name_en(),
            home: home_of(p.role),
            sees_enterprises: p.may(Permission::ViewEnterprises),
            imports: p.may(Permission::ImportEnterprises) || p.may(Permission::Export),
            audits: p.may(Permission::ViewAudit),
            ledger: p.may(Permission::ViewLedger),
        }
    }
}

/// Each role's home page, where signing in lands.
pub fn home_of(role: otop_domain::Role) -> &'static str {
    use otop_domain::Role::*;
    match role {
        Entrepreneur => "/my",
        ProviderStaff => "/provider",
        ProvincialOfficer | RegionalOfficer | NationalOfficer => "/office",
        PartnerOfficer => "/partner",
        Admin => "/admin",
    }
}

impl PageCtx {
    pub fn new(lang: Lang, path: &str, query: Option<&str>) -> Self {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            if k != "lang" {
                ser.append_pair(&k, &v);
            }
        }
        ser.append_pair("lang", lang.other().code());
        Self {
            lang,
            path: path.to_string(),
            toggle_href: format!("{path}?{}", ser.finish()),
            csrf: String::new(),
            user: None,
        }
    }

    pub fn t<'a>(&self, th: &'a str, en: &'a str) -> &'a str {
        self.lang.t(th, en)
    }

    pub fn is_en(&self) -> bool {
        self.lang == Lang::En
    }

    /// The style sheet's URL, versioned by its content.
    pub fn style_href(&self) -> String {
        crate::assets::style_href()
    }

    pub fn attribution_th(&self) -> &'static str {
        otop_geo::ATTRIBUTION_TH
    }

    pub fn attribution_en(&self) -> &'static str {
        otop_geo::ATTRIBUTION_EN
    }

    pub fn license_url(&self) -> &'static str {
        otop_geo::LICENSE_URL
    }

    /// `aria-current="page"` for the header link of the section the page belongs to.
    pub fn current(&self, prefix: &str) -> &'static str {
        let here = if prefix == "/" { self.path == "/" } else { self.path.starts_with(prefix) };
        if here { "page" } else { "false" }
    }
}

/// A form field's label and hint in both languages.
pub struct FieldText {
    pub name: &'static str,
    pub label: (&'static str, &'static str),
    pub hint: (&'static str, &'static str),
}

const fn f(
    name: &'static str,
    label_th: &'static str,
    label_en: &'static str,
    hint_th: &'static str,
    hint_en: &'static str,
) -> FieldText {
    FieldText { name, label: (label_th, label_en), hint: (hint_th, hint_en) }
}

/// Every field name used by the drafts, with its label and hint.
pub const FIELDS: &[FieldText] = &[
    f("kind", "ประเภท", "Kind", "", ""),
    f("name", "ชื่อ", "Name", "", ""),
    f(
        "registration_no",
        "เลขทะเบียน",
        "Registration number",
        "เลขประจำตัวประชาชน 13 หลัก เลขนิติบุคคล 13 หลัก (ขึ้นต้นด้วย 0) หรือรหัสวิสาหกิจชุมชน เช่น 5-51-01-01/1-0014",
        "13-digit national ID, 13-digit juristic person number (starts with 0) or a community-enterprise code such as 5-51-01-01/1-0014",
    ),
    f("address_line", "บ้านเลขที่ หมู่ ซอย ถนน", "House no., village, soi, road", "", ""),
    f("subdistrict", "ตำบล/แขวง", "Subdistrict (tambon)", "", ""),
    f("district", "อำเภอ/เขต", "District (amphoe)", "", ""),
    f("province", "จังหวัด", "Province", "", ""),
    f("postal_code", "รหัสไปรษณีย์", "Postal code", "ตัวเลข 5 หลัก เช่น 51000", "5 digits, e.g. 51000"),
    f("contact_name", "ชื่อผู้ติดต่อ", "Contact person", "", ""),
    f("phone", "โทรศัพท์", "Phone", "เช่น 081-234-5678 หรือ 053-123-456", "e.g. 081-234-5678 or 053-123-456"),
    f("email", "อีเมล", "E-mail", "", ""),
    f("stars", "ระดับดาว", "Star rating", "", ""),
    f("quadrant", "กลุ่มผลิตภัณฑ์ (A/B/C/D)", "Quadrant (A/B/C/D)", "", ""),
    f("categories", "ประเภทผลิตภัณฑ์", "Product categories", "", ""),
    f(
        "certifications",
        "มาตรฐานที่ได้รับ",
        "Certifications held",
        "บรรทัดละหนึ่งมาตรฐาน เช่น อย. 51-2-00123-2-0001 หมดอายุ 31/12/2570",
        "One a line, e.g. FDA 51-2-00123-2-0001 expires 31/12/2570",
    ),
    f("category", "ประเภทผลิตภัณฑ์", "Product category", "", ""),
    f("description", "รายละเอียด", "Description", "", ""),
    f("price", "ราคา (บาท)", "Price (baht)", "เช่น 120 หรือ 1,250.50", "e.g. 120 or 1,250.50"),
    f("short_name", "ชื่อย่อ", "Short name", "เช่น วว. หรือ ITAP", "e.g. TISTR or ITAP"),
    f("website", "เว็บไซต์", "Website", "ขึ้นต้นด้วย https://", "Starting with https://"),
    f("units", "หน่วยงานย่อย", "Units", "บรรทัดละหนึ่งหน่วย เช่น ศูนย์บรรจุภัณฑ์ไทย", "One a line, e.g. Thai Packaging Centre"),
    f("provider_id", "ผู้ให้บริการ", "Provider", "", ""),
    f("unit_id", "หน่วยงานย่อยที่ให้บริการ", "Unit offering the service", "", ""),
    f("title", "ชื่อบริการ", "Service title", "", ""),
    f("stages", "ห่วงโซ่คุณค่า", "Value-chain stages", "", ""),
    f(
        "coverage",
        "พื้นที่ให้บริการ",
        "Coverage",
        "\"ทั่วประเทศ\" ชื่อภาค หรือชื่อจังหวัด คั่นด้วยจุลภาค เช่น ภาคเหนือ หรือ ลำพูน, เชียงใหม่",
        "\"nationwide\", region names or province names separated by commas, e.g. North or Lamphun, Chiang Mai",
    ),
    f(
        "capacity_per_year",
        "รับได้กี่รายต่อปีงบประมาณ",
        "Capacity per fiscal year",
        "เว้นว่างถ้าไม่จำกัด",
        "Leave empty for no limit",
    ),
    f(
        "prices",
        "อัตราค่าบริการ",
        "Price list",
        "บรรทัดละหนึ่งรายการ: ชื่อรายการ ราคา เช่น ทดสอบจุลินทรีย์ 1,500",
        "One item a line: label amount, e.g. Microbial test 1,500",
    ),
    f("active", "สถานะ", "Status", "", ""),
    f(
        "text",
        "ปัญหาที่พบ",
        "The problem",
        "เล่าด้วยคำของท่านเอง ว่าเกิดอะไรขึ้นกับสินค้าหรือการผลิต",
        "In your own words: what goes wrong with the product or its making",
    ),
    f("product", "ชื่อสินค้า", "Product name", "", ""),
    f("product_id", "ผลิตภัณฑ์", "Product", "", ""),
    f("top", "จำนวนบริการ", "Number of services", "", ""),
    f(
        "sign_in",
        "อีเมลหรือเบอร์มือถือ",
        "E-mail or mobile number",
        "ใช้อีเมล หรือเบอร์มือถือ 10 หลัก เช่น 081-234-5678",
        "An e-mail address, or a 10-digit mobile number such as 081-234-5678",
    ),
    f(
        "password",
        "รหัสผ่าน",
        "Password",
        "อย่างน้อย 10 ตัวอักษร ใช้ประโยคสั้น ๆ ที่จำง่ายได้",
        "At least 10 characters; a short sentence works well",
    ),
    f("password_again", "ยืนยันรหัสผ่าน", "Password again", "พิมพ์รหัสผ่านเดิมอีกครั้ง", "Type the same password again"),
    f("current_password", "รหัสผ่านปัจจุบัน", "Current password", "", ""),
    f("consent", "ความยินยอม", "Consent", "", ""),
    f("role", "บทบาท", "Role", "", ""),
    f(
        "provinces",
        "จังหวัดที่รับผิดชอบ",
        "Provinces",
        "สำหรับเจ้าหน้าที่จังหวัด: ชื่อจังหวัด คั่นด้วยจุลภาค เช่น ลำพูน, เชียงใหม่",
        "For provincial officers: province names separated by commas, e.g. Lamphun, Chiang Mai",
    ),
    f("region", "ภาค", "Region", "สำหรับเจ้าหน้าที่ภาค (ศวภ.)", "For regional officers"),
    f(
        "provider_manager",
        "ผู้จัดการของผู้ให้บริการ",
        "Provider's manager",
        "แก้ไขข้อมูลผู้ให้บริการและเชิญเพื่อนร่วมงานได้",
        "May edit the provider and invite colleagues",
    ),
    f("agency", "หน่วยงานพันธมิตร", "Partner agency", "สำหรับเจ้าหน้าที่หน่วยงานพันธมิตร", "For partner officers"),
    f(
        "registration_lookup",
        "เลขทะเบียนผู้ประกอบการ",
        "Enterprise's registration number",
        "เลขที่ใช้ลงทะเบียนผู้ประกอบการในระบบ",
        "The number the enterprise is registered under",
    ),
];

pub fn field_text(name: &str) -> Option<&'static FieldText> {
    FIELDS.iter().find(|f| f.name == name)
}

/// The label of a field in `lang`, or the machine name for a field not in the table.
pub fn field_label(lang: Lang, name: &str) -> String {
    field_text(name).map(|f| lang.t(f.label.0, f.label.1).to_string()).unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggle_keeps_other_parameters() {
        let c = PageCtx::new(Lang::Th, "/services", Some("stage=packaging&lang=th&q=%E0%B8%A5"));
        assert_eq!(c.toggle_href, "/services?stage=packaging&q=%E0%B8%A5&lang=en");
        assert_eq!(PageCtx::new(Lang::En, "/", None).toggle_href, "/?lang=th");
    }

    #[test]
    fn every_field_is_named_once() {
        let mut names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
    }
}
