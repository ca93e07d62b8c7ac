//! A coupon round (รอบ): which work a coupon may pay for, how much per enterprise, the
//! co-payment and the application window, inside one fiscal year.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Refusal;
use crate::codes::{Category, Stage};
use crate::error::{FieldError, ValidationErrors};
use crate::fiscal::FiscalYear;
use crate::ids::Satang;
use crate::registry::split_list;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundRules {
    pub name: String,
    pub fiscal_year: FiscalYear,
    /// Empty: every stage.
    pub stages: Vec<Stage>,
    /// Empty: every category.
    pub categories: Vec<Category>,
    /// The most the programme pays for one enterprise in this round, all coupons together.
    pub ceiling: Satang,
    /// The enterprise's share of the price, in hundredths of a per cent (2000 = 20 %).
    pub copay_basis_points: u32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// Whether entrepreneurs may refer their own needs (otherwise only officers do).
    pub entrepreneurs_may_refer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub id: i64,
    #[serde(flatten)]
    pub rules: RoundRules,
}

impl RoundRules {
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.opens_on <= day && day <= self.closes_on
    }

    pub fn copay_percent(&self) -> String {
        let bp = self.copay_basis_points;
        if bp.is_multiple_of(100) { format!("{}", bp / 100) } else { format!("{}.{:02}", bp / 100, bp % 100) }
    }

    /// Whether a coupon for this work may be applied for in this round on `today`, given
    /// what the enterprise already holds in the round (`held`: approved, payable or paid).
    pub fn check_application(
        &self,
        today: NaiveDate,
        service_stages: &[Stage],
        category: Option<Category>,
        held: Satang,
        amount: Satang,
    ) -> Result<(), Refusal> {
        if !self.is_open_on(today) {
            return Err(Refusal::new(
                "round.closed",
                format!(
                    "รอบ \"{}\" รับคำขอเฉพาะ {} ถึง {}",
                    self.name,
                    crate::dates::format_th_short(self.opens_on),
                    crate::dates::format_th_short(self.closes_on)
                ),
                format!("Round \"{}\" takes applications from {} to {} only", self.name, self.opens_on, self.closes_on),
            ));
        }
        if !self.stages.is_empty() && !service_stages.iter().any(|s| self.stages.contains(s)) {
            let names: Vec<&str> = self.stages.iter().map(|s| s.name_th()).collect();
            let codes: Vec<&str> = self.stages.iter().map(|s| s.code()).collect();
            return Err(Refusal::new(
                "round.stage",
                format!("บริการนี้ไม่อยู่ในขั้นที่รอบนี้สนับสนุน ({})", names.join(", ")),
                format!("This service is not in a stage this round supports ({})", codes.join(", ")),
            ));
        }
        if let Some(c) = category
            && !self.categories.is_empty()
            && !self.categories.contains(&c)
        {
            return Err(Refusal::new(
                "round.category",
                format!("รอบนี้ไม่สนับสนุนผลิตภัณฑ์ประเภท{}", c.name_th()),
                format!("This round does not support the {} category", c.code()),
            ));
        }
        check_ceiling(self.ceiling, held, amount)
    }
}

/// Whether `amount` more fits under an enterprise's `ceiling` when it already holds `held`.
pub fn check_ceiling(ceiling: Satang, held: Satang, amount: Satang) -> Result<(), Refusal> {
    {
        if held.0 + amount.0 > ceiling.0 {
            let left = Satang((ceiling.0 - held.0).max(0));
            return Err(Refusal::new(
                "coupon.over_ceiling",
                format!(
                    "เกินวงเงินต่อผู้ประกอบการของรอบนี้ ({} บาท): ได้รับไปแล้ว {} บาท เหลือได้อีก {} บาท",
                    ceiling.baht_display(),
                    held.baht_display(),
                    left.baht_display()
                ),
                format!(
                    "Over this round's ceiling per enterprise ({} baht): {} baht already granted, {} baht left",
                    ceiling.baht_display(),
                    held.baht_display(),
                    left.baht_display()
                ),
            ));
        }
        Ok(())
    }
}

/// A round as typed in the form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoundDraft {
    pub name: String,
    /// BE year, e.g. "2570".
    pub fiscal_year: String,
    pub stages: String,
    pub categories: String,
    /// Baht, e.g. "50,000".
    pub ceiling: String,
    /// Per cent, e.g. "20" or "12.5".
    pub copay_percent: String,
    /// ISO dates (the date inputs send them so).
    pub opens_on: String,
    pub closes_on: String,
    /// A check box: "on", "true", "ใช่" … or empty.
    pub entrepreneurs_may_refer: String,
}

impl RoundDraft {
    pub fn validate(&self) -> Result<RoundRules, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let name = self.name.trim();
        if name.chars().count() < 3 || name.chars().count() > 200 {
            errs.push(FieldError::new(
                "name",
                &self.name,
                "ตั้งชื่อรอบ 3–200 ตัวอักษร เช่น \"คูปองวิทย์เพื่อโอทอป รอบ 1/2570\"",
                "Name the round in 3–200 characters",
            ));
        }
        let fy = match self.fiscal_year.trim().parse::<i32>() {
            Ok(y) if (2560..=2700).contains(&y) => Some(FiscalYear(y)),
            _ => {
                errs.push(FieldError::new(
                    "fiscal_year",
                    &self.fiscal_year,
                    "ปีงบประมาณเป็นปี พ.ศ. 4 หลัก เช่น 2570",
                    "The fiscal year is a 4-digit Buddhist-Era year, e.g. 2570",
                ));
                None
            }
        };
        let mut stages = Vec::new();
        for s in split_list(&self.stages) {
            if let Some(v) = errs.take(Stage::parse_field("stages", s)) {
                stages.push(v);
            }
        }
        stages.sort();
        stages.dedup();
        let mut categories = Vec::new();
        for c in split_list(&self.categories) {
            if let Some(v) = errs.take(Category::parse_field("categories", c)) {
                categories.push(v);
            }
        }
        categories.sort();
        categories.dedup();
        let ceiling = errs.take(Satang::parse_baht("ceiling", &self.ceiling));
        if ceiling == Some(Satang(0)) {
            errs.push(FieldError::new(
                "ceiling",
                &self.ceiling,
                "วงเงินต่อรายต้องมากกว่า 0 บาท",
                "The ceiling must be more than 0 baht",
            ));
        }
        let copay = parse_percent(&self.copay_percent);
        if copay.is_none() {
            errs.push(FieldError::new(
                "copay_percent",
                &self.copay_percent,
                "สัดส่วนร่วมจ่ายเป็นร้อยละ 0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น 20",
                "The co-payment is a percentage from 0 to 100 with at most 2 decimals, e.g. 20",
            ));
        }
        let may_refer = match self.entrepreneurs_may_refer.trim().to_lowercase().as_str() {
            "" | "false" | "off" | "0" | "no" | "ไม่" | "ไม่ใช่" => Some(false),
            "true" | "on" | "1" | "yes" | "ใช่" => Some(true),
            _ => {
                errs.push(FieldError::new(
                    "entrepreneurs_may_refer",
                    &self.entrepreneurs_may_refer,
                    "ระบุว่าให้ผู้ประกอบการส่งต่อโจทย์เองได้หรือไม่: ใช่ หรือ ไม่",
                    "Say whether entrepreneurs may refer their own needs: true or false",
                ));
                None
            }
        };
        let opens = parse_date(&mut errs, "opens_on", &self.opens_on);
        let closes = parse_date(&mut errs, "closes_on", &self.closes_on);
        if let (Some(o), Some(c)) = (opens, closes) {
            if c < o {
                errs.push(FieldError::new(
                    "closes_on",
                    &self.closes_on,
                    "วันปิดรับต้องไม่ก่อนวันเปิดรับ",
                    "The closing date must not be before the opening date",
                ));
            } else if let Some(fy) = fy
                && (!fy.contains(o) || !fy.contains(c))
            {
                errs.push(FieldError::new(
                    "closes_on",
                    &self.closes_on,
                    format!("ช่วงรับคำขอต้องอยู่ใน{} (1 ต.ค. {} – 30 ก.ย. {})", fy.label_th(), fy.be() - 1, fy.be()),
                    format!("The application window must lie within {}", fy.label_en()),
                ));
            }
        }
        errs.into_result(|| RoundRules {
            name: name.to_string(),
            fiscal_year: fy.expect("checked"),
            stages,
            categories,
            ceiling: ceiling.expect("checked"),
            copay_basis_points: copay.expect("checked"),
            opens_on: opens.expect("checked"),
            closes_on: closes.expect("checked"),
            entrepreneurs_may_refer: may_refer.expect("checked"),
        })
    }
}

fn parse_date(errs: &mut ValidationErrors, field: &str, input: &str) -> Option<NaiveDate> {
    errs.take(crate::dates::parse_date(field, input))
}

/// "20", "12.5", "12.50 %" → basis points.
fn parse_percent(input: &str) -> Option<u32> {
    let s = input.trim().trim_end_matches('%').trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let frac: u32 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    let bp = whole.checked_mul(100)?.checked_add(frac)?;
    (bp <= 10_000).then_some(bp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> RoundDraft {
        RoundDraft {
            name: "คูปองวิทย์เพื่อโอทอป รอบ 1/2570".into(),
            fiscal_year: "2570".into(),
            stages: "packaging, standards".into(),
            categories: "".into(),
            ceiling: "50,000".into(),
            copay_percent: "20".into(),
            opens_on: "2026-10-01".into(),
            closes_on: "2027-06-30".into(),
            entrepreneurs_may_refer: String::new(),
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_good_round_parses() {
        let r = draft().validate().unwrap();
        assert_eq!(r.copay_basis_points, 2000);
        assert_eq!(r.ceiling, Satang::from_baht(50_000));
        assert_eq!(r.stages, vec![Stage::Standards, Stage::Packaging]);
        assert_eq!(r.copay_percent(), "20");
        assert!(!r.entrepreneurs_may_refer);
        let open = RoundDraft { entrepreneurs_may_refer: "on".into(), ..draft() }.validate().unwrap();
        assert!(open.entrepreneurs_may_refer);
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = RoundDraft {
            name: "x".into(),
            fiscal_year: "70".into(),
            stages: "packing".into(),
            ceiling: "-1".into(),
            copay_percent: "120".into(),
            opens_on: "2026-13-01".into(),
            entrepreneurs_may_refer: "maybe".into(),
            ..draft()
        };
        let errs = bad.validate().unwrap_err();
        for f in ["name", "fiscal_year", "stages", "ceiling", "copay_percent", "opens_on", "entrepreneurs_may_refer"] {
            assert!(errs.for_field(f).is_some(), "{f}: {errs}");
        }
        let outside = RoundDraft { closes_on: "2027-10-01".into(), ..draft() }.validate().unwrap_err();
        assert!(outside.for_field("closes_on").unwrap().message.th.contains("2570"));
    }

    #[test]
    fn applications_respect_window_stage_and_ceiling() {
        let r = draft().validate().unwrap();
        let today = d(2026, 11, 26);
        let ok = r.check_application(today, &[Stage::Packaging], None, Satang(0), Satang::from_baht(15_000));
        assert_eq!(ok, Ok(()));
        let late = r.check_application(d(2027, 7, 1), &[Stage::Packaging], None, Satang(0), Satang(1));
        assert_eq!(late.unwrap_err().code, "round.closed");
        let stage = r.check_application(today, &[Stage::Finance], None, Satang(0), Satang(1));
        assert_eq!(stage.unwrap_err().code, "round.stage");
        let over = r
            .check_application(today, &[Stage::Packaging], None, Satang::from_baht(40_000), Satang::from_baht(15_000))
            .unwrap_err();
        assert_eq!(over.code, "coupon.over_ceiling");
        assert!(over.message.th.contains("10,000.00"), "{}", over.message.th);
    }

    #[test]
    fn percentages() {
        assert_eq!(parse_percent("12.5"), Some(1250));
        assert_eq!(parse_percent("0"), Some(0));
        assert_eq!(parse_percent("100 %"), Some(10_000));
        assert_eq!(parse_percent("100.01"), None);
        assert_eq!(parse_percent("-3"), None);
    }
}
