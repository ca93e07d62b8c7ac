//! The closed vocabularies of the programme (DESIGN.md §3). Each value has a stable code
//! used in storage, the API and files, and a Thai and an English name for people. Parsing
//! accepts any of the three (and common abbreviations), so imports in either language work.

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $field_th:literal, $field_en:literal {
            $( $variant:ident => $code:literal, $th:literal, $en:literal $(, [$($alias:literal),*])? ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn name_th(self) -> &'static str {
                match self { $($name::$variant => $th),+ }
            }

            pub fn name_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// Accepts the code, the Thai or English name, or a known abbreviation;
            /// spaces, dots and letter case do not matter.
            pub fn parse(input: &str) -> Option<Self> {
                let key = $crate::codes::vocabulary_key(input);
                if key.is_empty() {
                    return None;
                }
                $(
                    if key == $crate::codes::vocabulary_key($code)
                        || key == $crate::codes::vocabulary_key($th)
                        || key == $crate::codes::vocabulary_key($en)
                        $($(|| key == $crate::codes::vocabulary_key($alias))*)?
                    {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// Like [`Self::parse`], with a message naming the field and listing what is allowed.
            pub fn parse_field(field: &str, input: &str) -> Result<Self, $crate::error::FieldError> {
                Self::parse(input).ok_or_else(|| {
                    let th: Vec<&str> = Self::ALL.iter().map(|v| v.name_th()).collect();
                    let en: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                    $crate::error::FieldError::new(
                        field,
                        input,
                        format!("{}ไม่ถูกต้อง: \"{}\" — ใช้ได้: {}", $field_th, input.trim(), th.join(", ")),
                        format!("Unknown {} \"{}\" — use one of: {}", $field_en, input.trim(), en.join(", ")),
                    )
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::FieldError;
            fn from_str(s: &str) -> Result<Self, $crate::error::FieldError> {
                Self::parse_field($field_en, s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                Self::parse(&s).ok_or_else(|| serde::de::Error::custom(
                    format!("unknown {} \"{}\"", $field_en, s)))
            }
        }
    };
}

// Statuses elsewhere in the domain (the workflow's) are vocabularies too.
pub(crate) use vocabulary;

/// Folds case and drops spaces, dots and hyphens so that "อ.ย.", "อย" and "FDA" compare simply.
pub(crate) fn vocabulary_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '_' | '/'))
        .flat_map(char::to_lowercase)
        .collect()
}

vocabulary! {
    /// The five OTOP product groups.
    Category, "ประเภทผลิตภัณฑ์", "category" {
        Food => "food", "อาหาร", "Food";
        Beverage => "beverage", "เครื่องดื่ม", "Beverage", ["drink", "drinks"];
        Textile => "textile", "ผ้าและเครื่องแต่งกาย", "Textiles and clothing", ["ผ้า", "เครื่องแต่งกาย", "textiles", "clothing"];
        DecorSouvenir => "decor_souvenir", "ของใช้ ของตกแต่ง ของที่ระลึก", "Household items, decorations and souvenirs", ["ของใช้", "ของตกแต่ง", "ของที่ระลึก", "decor", "souvenir", "ของใช้ของตกแต่งของที่ระลึก"];
        HerbalNonFood => "herbal_non_food", "สมุนไพรที่ไม่ใช่อาหาร", "Herbal products (non-food)", ["สมุนไพร", "herbal", "สมุนไพรไม่ใช่อาหาร"];
    }
}

vocabulary! {
    /// Where on the value chain a service helps.
    Stage, "ห่วงโซ่คุณค่า", "stage" {
        RawMaterial => "raw_material", "วัตถุดิบต้นน้ำ", "Raw materials", ["วัตถุดิบ"];
        ProductInnovation => "product_innovation", "นวัตกรรมผลิตภัณฑ์", "Product innovation", ["พัฒนาผลิตภัณฑ์"];
        ProductionProcess => "production_process", "กระบวนการผลิต", "Production process", ["การผลิต"];
        Standards => "standards", "มาตรฐาน", "Standards", ["standard"];
        Packaging => "packaging", "บรรจุภัณฑ์", "Packaging";
        Machinery => "machinery", "เครื่องจักร", "Machinery", ["เครื่องจักรกล"];
        Finance => "finance", "การเงิน", "Finance", ["แหล่งเงินทุน", "สินเชื่อ"];
        Marketing => "marketing", "การตลาด", "Marketing", ["ตลาด"];
    }
}

vocabulary! {
    /// The kinds of STI provider.
    ProviderKind, "ประเภทผู้ให้บริการ", "provider kind" {
        Agency => "agency", "หน่วยงาน", "Government agency", ["หน่วยงานรัฐ"];
        TechnologyClinic => "technology_clinic", "คลินิกเทคโนโลยี", "Technology clinic";
        KboNetwork => "kbo_network", "เครือข่าย KBO", "KBO network", ["kbo"];
        StandardsBody => "standards_body", "หน่วยรับรองมาตรฐาน", "Standards body";
        PrivateExpert => "private_expert", "ผู้เชี่ยวชาญ", "Private expert", ["expert"];
        Bank => "bank", "ธนาคาร", "Bank", ["สถาบันการเงิน"];
    }
}

vocabulary! {
    /// What sort of producer an enterprise is.
    EnterpriseKind, "ประเภทผู้ประกอบการ", "enterprise kind" {
        ProducerGroup => "producer_group", "กลุ่มผู้ผลิตชุมชน", "Community producer group", ["กลุ่มผู้ผลิต", "กลุ่ม"];
        CommunityEnterprise => "community_enterprise", "วิสาหกิจชุมชน", "Community enterprise", ["วสช"];
        Individual => "individual", "ผู้ประกอบการรายเดียว", "Individual entrepreneur", ["บุคคล", "บุคคลธรรมดา", "ผู้ประกอบการรายบุคคล"];
        Sme => "sme", "ผู้ประกอบการ SME", "SME", ["เอสเอ็มอี", "นิติบุคคล", "บริษัท"];
    }
}

vocabulary! {
    /// The Community Development Department's quadrant; D is "ready to develop".
    Quadrant, "กลุ่มผลิตภัณฑ์ (A/B/C/D)", "quadrant" {
        A => "A", "กลุ่ม A (Star)", "A (Star)", ["กลุ่มA", "star"];
        B => "B", "กลุ่ม B (Unique)", "B (Unique)", ["กลุ่มB", "unique"];
        C => "C", "กลุ่ม C (Quality)", "C (Quality)", ["กลุ่มC", "quality"];
        D => "D", "กลุ่ม D (ปรับตัวสู่การพัฒนา)", "D (Developing)", ["กลุ่มD", "developing", "ปรับตัวสู่การพัฒนา"];
    }
}

vocabulary! {
    /// Certifications and registrations that shops and buyers ask for.
    CertificationKind, "ประเภทมาตรฐาน", "certification" {
        Fda => "fda", "อย.", "Thai FDA registration", ["เลขอย", "สารบบอาหาร", "อาหารและยา"];
        Tcps => "tcps", "มผช.", "Thai Community Product Standard", ["มาตรฐานผลิตภัณฑ์ชุมชน", "community product standard"];
        Tis => "tis", "มอก.", "Thai Industrial Standard", ["มาตรฐานผลิตภัณฑ์อุตสาหกรรม"];
        Gmp => "gmp", "GMP", "Good Manufacturing Practice", ["จีเอ็มพี"];
        Haccp => "haccp", "HACCP", "HACCP", ["แฮซเซป"];
        Halal => "halal", "ฮาลาล", "Halal";
        Organic => "organic", "เกษตรอินทรีย์", "Organic", ["organic thailand", "ออร์แกนิค"];
        Gi => "gi", "สิ่งบ่งชี้ทางภูมิศาสตร์ (GI)", "Geographical indication (GI)", ["สิ่งบ่งชี้ทางภูมิศาสตร์", "จีไอ"];
        Gap => "gap", "GAP", "Good Agricultural Practice", ["จีเอพี"];
        Q => "q_mark", "เครื่องหมาย Q", "Q mark", ["q", "คิว"];
    }
}

vocabulary! {
    /// What an account may do (DESIGN.md §2); the scope that goes with it is on the account.
    Role, "บทบาท", "role" {
        Entrepreneur => "entrepreneur", "ผู้ประกอบการ", "Entrepreneur";
        ProviderStaff => "provider_staff", "เจ้าหน้าที่ผู้ให้บริการ วทน.", "Provider staff", ["provider"];
        ProvincialOfficer => "provincial_officer", "เจ้าหน้าที่จังหวัด", "Provincial officer", ["pcso"];
        RegionalOfficer => "regional_officer", "เจ้าหน้าที่ภาค (ศวภ.)", "Regional officer", ["ศวภ"];
        NationalOfficer => "national_officer", "เจ้าหน้าที่ส่วนกลาง", "National officer";
        PartnerOfficer => "partner_officer", "เจ้าหน้าที่หน่วยงานพันธมิตร", "Partner officer", ["partner"];
        Admin => "admin", "ผู้ดูแลระบบ", "Administrator", ["administrator"];
    }
}

vocabulary! {
    /// Partner departments that nominate entrepreneurs to the programme.
    Agency, "หน่วยงานพันธมิตร", "partner agency" {
        Dip => "dip", "กรมส่งเสริมอุตสาหกรรม (กสอ.)", "Department of Industrial Promotion (DIP)", ["กสอ"];
        Cdd => "cdd", "กรมการพัฒนาชุมชน (พช.)", "Community Development Department (CDD)", ["พช"];
        Kbo => "kbo", "เครือข่าย KBO", "Knowledge-Based OTOP network (KBO)";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_code_thai_and_english() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(*c));
            assert_eq!(Category::parse(c.name_th()), Some(*c));
            assert_eq!(Category::parse(c.name_en()), Some(*c));
        }
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.name_th()), Some(*s));
        }
        assert_eq!(Stage::ALL.len(), 8);
        assert_eq!(Category::ALL.len(), 5);
        assert_eq!(ProviderKind::ALL.len(), 6);
    }

    #[test]
    fn abbreviations_with_and_without_dots_parse() {
        assert_eq!(CertificationKind::parse("อ.ย."), Some(CertificationKind::Fda));
        assert_eq!(CertificationKind::parse("อย"), Some(CertificationKind::Fda));
        assert_eq!(CertificationKind::parse("มผช"), Some(CertificationKind::Tcps));
        assert_eq!(CertificationKind::parse("HACCP"), Some(CertificationKind::Haccp));
        assert_eq!(Quadrant::parse("d"), Some(Quadrant::D));
    }

    #[test]
    fn unknown_values_explain_what_is_allowed() {
        let e = Category::parse_field("category", "รถยนต์").unwrap_err();
        assert!(e.message.th.contains("อาหาร"), "{}", e.message.th);
        assert!(e.message.en.contains("herbal_non_food"), "{}", e.message.en);
        assert_eq!(Category::parse(""), None);
        assert_eq!(Category::parse("  "), None);
    }

    #[test]
    fn serde_uses_codes() {
        let j = serde_json::to_string(&Stage::ProductionProcess).unwrap();
        assert_eq!(j, "\"production_process\"");
        let back: Stage = serde_json::from_str("\"บรรจุภัณฑ์\"").unwrap();
        assert_eq!(back, Stage::Packaging);
        assert!(serde_json::from_str::<Stage>("\"nope\"").is_err());
    }
}
