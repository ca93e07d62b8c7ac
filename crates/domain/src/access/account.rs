//! New accounts: entrepreneurs signing themselves up (on the web or at an event) and the
//! accounts admins create for officers, partners and provider staff.

use otop_geo::Region;
use serde::{Deserialize, Serialize};

use super::credentials::{SignInName, check_new_password};
use super::policy::Principal;
use crate::codes::{Agency, Role};
use crate::error::{FieldError, ValidationErrors};
use crate::registry::parse_province;

/// The privacy notice a person agrees to at sign-up; a new notice gets a new version, and
/// the version agreed to is kept with the account.
pub const PRIVACY_NOTICE_VERSION: &str = "2569-1";

/// A sign-up form as typed. At an event the short form leaves the password out: the person
/// gets a link to set one, and the provincial officer verifies them like anyone else.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SignUpDraft {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub sign_in: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_again: String,
    #[serde(default)]
    pub province: String,
    /// "on" when the privacy-notice box is ticked.
    #[serde(default)]
    pub consent: String,
}

#[derive(Debug, Clone)]
pub struct SignUp {
    pub name: String,
    pub sign_in: SignInName,
    /// `None` on the event form: a set-password link is sent instead.
    pub password: Option<String>,
    pub province: u8,
    pub notice_version: &'static str,
}

fn check_name(field: &str, v: &str) -> Result<String, FieldError> {
    let t = v.trim();
    let n = t.chars().count();
    if n == 0 {
        return Err(FieldError::required(field));
    }
    if n > 120 {
        return Err(FieldError::new(field, v, "ชื่อยาวเกิน 120 ตัวอักษร", "The name is longer than 120 characters"));
    }
    Ok(t.to_string())
}

impl SignUpDraft {
    pub fn validate(&self, with_password: bool) -> Result<SignUp, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let name = errs.take(check_name("name", &self.name));
        let sign_in = errs.take(SignInName::parse("sign_in", &self.sign_in));
        let province = errs.take(parse_province("province", &self.province));
        let mut password = None;
        if with_password {
            let key = sign_in.as_ref().map(SignInName::key).unwrap_or_default();
            if errs.take(check_new_password("password", &self.password, &key)).is_some() {
                if self.password != self.password_again {
                    errs.push(FieldError::new(
                        "password_again",
                        "",
                        "รหัสผ่านทั้งสองช่องไม่ตรงกัน — พิมพ์ให้เหมือนกัน",
                        "The two passwords differ — type the same one twice",
                    ));
                } else {
                    password = Some(self.password.clone());
                }
            }
        }
        if !matches!(self.consent.trim(), "on" | "yes" | "true" | "1") {
            errs.push(FieldError::new(
                "consent",
                &self.consent,
                "กรุณาอ่านและยอมรับประกาศความเป็นส่วนตัวก่อนสมัคร",
                "Please read and accept the privacy notice to sign up",
            ));
        }
        errs.into_result(|| SignUp {
            name: name.expect("checked"),
            sign_in: sign_in.expect("checked"),
            password,
            province: province.expect("checked"),
            notice_version: PRIVACY_NOTICE_VERSION,
        })
    }
}

/// An account an admin creates (or a provider's manager invites): the person sets their
/// own password through the link they are sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AccountDraft {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub sign_in: String,
    #[serde(default)]
    pub role: String,
    /// Provincial officers: province names or codes, separated by commas.
    #[serde(default)]
    pub provinces: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub provider_id: String,
    /// "on" for a provider's manager.
    #[serde(default)]
    pub provider_manager: String,
    #[serde(default)]
    pub agency: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub name: String,
    pub sign_in: SignInName,
    pub role: Role,
    pub provinces: Vec<u8>,
    pub region: Option<Region>,
    pub provider_id: Option<i64>,
    pub provider_manager: bool,
    pub agency: Option<Agency>,
}

/// The role-dependent part of an account or API token.
struct Scope {
    provinces: Vec<u8>,
    region: Option<Region>,
    provider_id: Option<i64>,
    agency: Option<Agency>,
}

impl AccountDraft {
    pub fn validate(&self) -> Result<NewAccount, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let name = errs.take(check_name("name", &self.name));
        let sign_in = errs.take(SignInName::parse("sign_in", &self.sign_in));
        let role = errs.take(Role::parse_field("role", &self.role));
        let scope = self.scope(role, &mut errs);
        errs.into_result(|| NewAccount {
            name: name.expect("checked"),
            sign_in: sign_in.expect("checked"),
            role: role.expect("checked"),
            provinces: scope.provinces,
            region: scope.region,
            provider_id: scope.provider_id,
            provider_manager: role == Some(Role::ProviderStaff)
                && matches!(self.provider_manager.trim(), "on" | "yes" | "true" | "1"),
            agency: scope.agency,
        })
    }

    /// An API token: named for the system that uses it, with a role and scope like an
    /// account's (no sign-in name, never a provider's manager).
    pub fn validate_token(&self) -> Result<Principal, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let name = errs.take(check_name("name", &self.name));
        let role = errs.take(Role::parse_field("role", &self.role));
        if role == Some(Role::Entrepreneur) {
            errs.push(FieldError::new(
                "role",
                &self.role,
                "โทเค็น API ใช้บทบาทผู้ประกอบการไม่ได้ (ไม่มีกิจการของตัวเอง) — เลือกบทบาทเจ้าหน้าที่",
                "An API token cannot be an entrepreneur (it owns no business) — choose an officer role",
            ));
        }
        let scope = self.scope(role, &mut errs);
        errs.into_result(|| Principal {
            account_id: None,
            token_id: None,
            name: name.expect("checked"),
            role: role.expect("checked"),
            provinces: scope.provinces,
            region: scope.region,
            provider_id: scope.provider_id,
            provider_manager: false,
            agency: scope.agency,
        })
    }

    fn scope(&self, role: Option<Role>, errs: &mut ValidationErrors) -> Scope {
        let mut s = Scope { provinces: Vec::new(), region: None, provider_id: None, agency: None };
        match role {
            Some(Role::ProvincialOfficer) => {
                for p in self.provinces.split([',', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
                    if let Some(code) = errs.take(parse_province("provinces", p))
                        && !s.provinces.contains(&code)
                    {
                        s.provinces.push(code);
                    }
                }
                if s.provinces.is_empty() && errs.for_field("provinces").is_none() {
                    errs.push(FieldError::new(
                        "provinces",
                        &self.provinces,
                        "เจ้าหน้าที่จังหวัดต้องมีอย่างน้อยหนึ่งจังหวัด เช่น ลำพูน",
                        "A provincial officer needs at least one province, e.g. Lamphun",
                    ));
                }
            }
            Some(Role::RegionalOfficer) => match Region::parse(self.region.trim()) {
                Some(r) => s.region = Some(r),
                None => errs.push(FieldError::new(
                    "region",
                    &self.region,
                    "เลือกภาคของเจ้าหน้าที่ภาค (เหนือ ตะวันออกเฉียงเหนือ กลาง ตะวันออก ตะวันตก ใต้)",
                    "Choose the regional officer's region (north, northeast, central, east, west, south)",
                )),
            },
            Some(Role::ProviderStaff) => match self.provider_id.trim().parse::<i64>() {
                Ok(id) if id > 0 => s.provider_id = Some(id),
                _ => errs.push(FieldError::new(
                    "provider_id",
                    &self.provider_id,
                    "เลือกผู้ให้บริการที่เจ้าหน้าที่สังกัด",
                    "Choose the provider this person works for",
                )),
            },
            Some(Role::PartnerOfficer) => s.agency = errs.take(Agency::parse_field("agency", &self.agency)),
            _ => {}
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_up() -> SignUpDraft {
        SignUpDraft {
            name: "ศรี ใจดี".into(),
            sign_in: "081-234-5678".into(),
            password: "ลำไยอบแห้งป้าศรี".into(),
            password_again: "ลำไยอบแห้งป้าศรี".into(),
            province: "ลำพูน".into(),
            consent: "on".into(),
        }
    }

    #[test]
    fn a_complete_sign_up_records_the_notice_version() {
        let s = sign_up().validate(true).unwrap();
        assert_eq!(
            (s.province, s.notice_version, s.sign_in.key().as_str()),
            (51, PRIVACY_NOTICE_VERSION, "0812345678")
        );
        assert_eq!(s.password.as_deref(), Some("ลำไยอบแห้งป้าศรี"));
    }

    #[test]
    fn every_problem_of_a_sign_up_is_reported_at_once() {
        let bad = SignUpDraft {
            password_again: "อย่างอื่น".into(),
            consent: String::new(),
            province: "ลำพูนน".into(),
            ..sign_up()
        };
        let errs = bad.validate(true).unwrap_err();
        let fields: Vec<&str> = errs.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["province", "password_again", "consent"]);
        // The event form needs no password.
        let event = SignUpDraft { password: String::new(), password_again: String::new(), ..sign_up() };
        assert_eq!(event.validate(false).unwrap().password, None);
    }

    #[test]
    fn an_officer_account_needs_its_scope() {
        let draft = AccountDraft {
            name: "สมชาย".into(),
            sign_in: "somchai@example.go.th".into(),
            role: "provincial_officer".into(),
            provinces: "ลำพูน, 50".into(),
            ..Default::default()
        };
        assert_eq!(draft.validate().unwrap().provinces, vec![51, 50]);
        let none = AccountDraft { provinces: String::new(), ..draft.clone() };
        assert_eq!(none.validate().unwrap_err().errors[0].field, "provinces");
        let regional = AccountDraft { role: "regional_officer".into(), region: "ใต้".into(), ..draft.clone() };
        assert_eq!(regional.validate().unwrap().region, Some(Region::South));
        let partner = AccountDraft { role: "partner_officer".into(), agency: "กสอ.".into(), ..draft.clone() };
        assert_eq!(partner.validate().unwrap().agency, Some(Agency::Dip));
        let staff = AccountDraft { role: "provider_staff".into(), provider_id: "x".into(), ..draft.clone() };
        assert_eq!(staff.validate().unwrap_err().errors[0].field, "provider_id");
        let token = AccountDraft {
            sign_in: String::new(), name: "ระบบสถิติ สสช.".into(), ..draft.clone()
        };
        assert_eq!(token.validate_token().unwrap().provinces, vec![51, 50]);
        let shop = AccountDraft { role: "entrepreneur".into(), ..token };
        assert_eq!(shop.validate_token().unwrap_err().errors[0].field, "role");
    }
}
