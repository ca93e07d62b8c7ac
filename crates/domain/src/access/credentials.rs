//! Sign-in names (an e-mail address or a Thai mobile number) and the rules for a new password.

use crate::error::FieldError;
use crate::ids::{Email, Phone};

/// How a person signs in. Producers often have no e-mail, so a mobile number serves too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInName {
    Email(Email),
    Mobile(Phone),
}

impl SignInName {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let t = input.trim();
        if t.is_empty() {
            return Err(FieldError::required(field));
        }
        if t.contains('@') {
            return Email::parse(field, t).map(SignInName::Email);
        }
        match Phone::parse(field, t) {
            Ok(p) if p.is_mobile() => Ok(SignInName::Mobile(p)),
            _ => Err(FieldError::new(
                field,
                input,
                "ใช้อีเมล (เช่น somsri@example.com) หรือเบอร์มือถือ 10 หลัก (เช่น 081-234-5678) ในการเข้าสู่ระบบ",
                "Sign in with an e-mail address (e.g. somsri@example.com) or a 10-digit mobile number (e.g. 081-234-5678)",
            )),
        }
    }

    /// The form stored and looked up: lower-case e-mail or the mobile's digits.
    pub fn key(&self) -> String {
        match self {
            SignInName::Email(e) => e.as_str().to_lowercase(),
            SignInName::Mobile(p) => p.as_str().to_string(),
        }
    }

    pub fn email(&self) -> Option<&Email> {
        match self {
            SignInName::Email(e) => Some(e),
            SignInName::Mobile(_) => None,
        }
    }

    pub fn mobile(&self) -> Option<&Phone> {
        match self {
            SignInName::Mobile(p) => Some(p),
            SignInName::Email(_) => None,
        }
    }
}

/// Shortest password accepted: long enough to resist guessing when the throttle allows five
/// tries a minute, short enough for a producer to type on a phone.
pub const MIN_PASSWORD_CHARS: usize = 10;
const MAX_PASSWORD_CHARS: usize = 128;

/// Passwords people pick first; a longer list belongs in a breached-password check.
const COMMON: &[&str] = &[
    "1234567890",
    "0123456789",
    "1111111111",
    "0000000000",
    "password123",
    "password1234",
    "qwertyuiop",
    "asdfghjkl;",
    "iloveyou123",
    "1q2w3e4r5t",
    "otop123456",
    "abcdefghij",
];

/// Checks a new password; `sign_in` is the name it must not repeat.
pub fn check_new_password(field: &str, password: &str, sign_in: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    let fail = |th: String, en: String| Err(FieldError::new(field, "", th, en));
    if n < MIN_PASSWORD_CHARS {
        return fail(
            format!("รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_CHARS} ตัวอักษร (ตอนนี้ {n} ตัว) — ใช้ประโยคสั้น ๆ ที่จำง่ายก็ได้"),
            format!(
                "The password needs at least {MIN_PASSWORD_CHARS} characters (it has {n}) — a short sentence is easy to remember"
            ),
        );
    }
    if n > MAX_PASSWORD_CHARS {
        return fail(
            format!("รหัสผ่านยาวได้ไม่เกิน {MAX_PASSWORD_CHARS} ตัวอักษร"),
            format!("The password may have at most {MAX_PASSWORD_CHARS} characters"),
        );
    }
    let lower = password.to_lowercase();
    let digits_of = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let same_as_name = !sign_in.is_empty()
        && (lower == sign_in.to_lowercase()
            || (digits_of(sign_in).len() >= 9 && digits_of(password) == digits_of(sign_in)));
    if same_as_name {
        return fail(
            "รหัสผ่านต้องไม่ซ้ำกับอีเมลหรือเบอร์โทรที่ใช้เข้าสู่ระบบ".into(),
            "The password must not be your sign-in e-mail or phone number".into(),
        );
    }
    let one_char = password.chars().all(|c| password.starts_with(c));
    if one_char || COMMON.contains(&lower.as_str()) {
        return fail(
            "รหัสผ่านนี้เดาง่ายเกินไป — ลองใช้คำหลายคำต่อกัน".into(),
            "This password is too easy to guess — try several words together".into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_names_are_e_mails_or_mobiles() {
        assert_eq!(SignInName::parse("u", " Somsri@Example.COM ").unwrap().key(), "somsri@example.com");
        assert_eq!(SignInName::parse("u", "081-234-5678").unwrap().key(), "0812345678");
        assert_eq!(SignInName::parse("u", "+66 81 234 5678").unwrap().key(), "0812345678");
        let landline = SignInName::parse("u", "053-123-456").unwrap_err();
        assert!(landline.message.th.contains("เบอร์มือถือ"), "{}", landline.message.th);
        assert!(SignInName::parse("u", "somsri@").is_err());
        assert_eq!(SignInName::parse("u", "  ").unwrap_err().message.en, "This field is required");
    }

    #[test]
    fn weak_passwords_are_refused_with_what_to_do() {
        let short = check_new_password("password", "lamyai", "a@b.co").unwrap_err();
        assert!(short.message.th.contains("อย่างน้อย 10 ตัวอักษร (ตอนนี้ 6 ตัว)"), "{}", short.message.th);
        assert!(check_new_password("password", "0812345678", "0812345678").is_err());
        assert!(check_new_password("password", "somsri@example.com", "Somsri@example.com").is_err());
        assert!(check_new_password("password", "aaaaaaaaaaaa", "x@y.co").is_err());
        assert!(check_new_password("password", "Password123", "x@y.co").is_err());
        assert!(check_new_password("password", &"ก".repeat(129), "x@y.co").is_err());
        assert!(check_new_password("password", "ลำไยอบแห้งป้าศรี", "x@y.co").is_ok());
        assert!(check_new_password("password", "correct horse battery", "0812345678").is_ok());
    }
}
