//! Outcomes (ผลลัพธ์): what changed for the enterprise, recorded when the project closes
//! and again six months later.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::codes::{CertificationKind, vocabulary};
use crate::error::{FieldError, ValidationErrors};
use crate::ids::{Satang, Stars};
use crate::registry::split_list;

pub const FOLLOW_UP_MONTHS: u32 = 6;

/// When the follow-up of a project closed on `closed_on` is due.
pub fn follow_up_due(closed_on: NaiveDate) -> NaiveDate {
    closed_on.checked_add_months(Months::new(FOLLOW_UP_MONTHS)).unwrap_or(closed_on)
}

vocabulary! {
    OutcomeStage, "ช่วงการบันทึกผล", "outcome stage" {
        AtClose => "close", "เมื่อปิดโครงการ", "At close";
        FollowUp => "follow_up", "ติดตามผลหลัง 6 เดือน", "Six-month follow-up";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeData {
    pub stage: OutcomeStage,
    pub certifications: Vec<CertificationKind>,
    pub stars_before: Option<Stars>,
    pub stars_after: Option<Stars>,
    pub revenue_before: Option<Satang>,
    pub revenue_after: Option<Satang>,
    /// People employed before and after.
    pub jobs_before: Option<u32>,
    pub jobs_after: Option<u32>,
    pub new_products: u32,
    /// New markets or channels, in the entrepreneur's words ("ร้านของฝากสนามบิน, Shopee").
    pub new_markets: String,
    pub note: String,
}

/// An outcome as typed: every field optional except that something must be said.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeDraft {
    pub certifications: String,
    pub stars_before: String,
    pub stars_after: String,
    /// Monthly revenue in baht.
    pub revenue_before: String,
    pub revenue_after: String,
    pub jobs_before: String,
    pub jobs_after: String,
    pub new_products: String,
    pub new_markets: String,
    pub note: String,
}

impl OutcomeDraft {
    pub fn validate(&self, stage: OutcomeStage) -> Result<OutcomeData, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let mut certifications = Vec::new();
        for c in split_list(&self.certifications) {
            if let Some(k) = errs.take(CertificationKind::parse_field("certifications", c)) {
                certifications.push(k);
            }
        }
        certifications.sort();
        certifications.dedup();
        let stars = |errs: &mut ValidationErrors, field: &str, v: &str| {
            if v.trim().is_empty() { None } else { errs.take(Stars::parse(field, v)) }
        };
        let money = |errs: &mut ValidationErrors, field: &str, v: &str| {
            if v.trim().is_empty() { None } else { errs.take(Satang::parse_baht(field, v)) }
        };
        let count = |errs: &mut ValidationErrors, field: &str, v: &str| -> Option<u32> {
            let v = v.trim();
            if v.is_empty() {
                return None;
            }
            let parsed = v.replace(',', "").parse::<u32>().ok().filter(|n| *n <= 100_000);
            if parsed.is_none() {
                errs.push(FieldError::new(
                    field,
                    v,
                    "ใส่จำนวนเต็มไม่ติดลบ เช่น 5",
                    "Enter a whole number that is not negative, e.g. 5",
                ));
            }
            parsed
        };
        let stars_before = stars(&mut errs, "stars_before", &self.stars_before);
        let stars_after = stars(&mut errs, "stars_after", &self.stars_after);
        let revenue_before = money(&mut errs, "revenue_before", &self.revenue_before);
        let revenue_after = money(&mut errs, "revenue_after", &self.revenue_after);
        let jobs_before = count(&mut errs, "jobs_before", &self.jobs_before);
        let jobs_after = count(&mut errs, "jobs_after", &self.jobs_after);
        let new_products = count(&mut errs, "new_products", &self.new_products).unwrap_or(0);
        let new_markets = self.new_markets.trim().to_string();
        let note = self.note.trim().to_string();
        for (field, v) in [("new_markets", &new_markets), ("note", &note)] {
            if v.chars().count() > 2000 {
                errs.push(FieldError::new(field, "", "ยาวเกิน 2,000 ตัวอักษร", "Longer than 2,000 characters"));
            }
        }
        let said_something = !certifications.is_empty()
            || stars_after.is_some()
            || revenue_after.is_some()
            || jobs_after.is_some()
            || new_products > 0
            || !new_markets.is_empty()
            || !note.is_empty();
        if errs.is_empty() && !said_something {
            errs.push(FieldError::new(
                "note",
                "",
                "บันทึกผลอย่างน้อยหนึ่งเรื่อง เช่น มาตรฐานที่ได้ รายได้ต่อเดือนหลังทำ หรือหมายเหตุว่ายังไม่เห็นผล",
                "Record at least one result: a certification gained, monthly revenue after, or a note saying there is no result yet",
            ));
        }
        errs.into_result(|| OutcomeData {
            stage,
            certifications,
            stars_before,
            stars_after,
            revenue_before,
            revenue_after,
            jobs_before,
            jobs_after,
            new_products,
            new_markets,
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_with_numbers_parses() {
        let d = OutcomeDraft {
            certifications: "อย., มผช.".into(),
            stars_before: "2".into(),
            stars_after: "3".into(),
            revenue_before: "12,000".into(),
            revenue_after: "30,000".into(),
            jobs_after: "5".into(),
            ..Default::default()
        };
        let o = d.validate(OutcomeStage::AtClose).unwrap();
        assert_eq!(o.certifications.len(), 2);
        assert_eq!(o.revenue_after, Some(Satang::from_baht(30_000)));
        assert_eq!(o.jobs_after, Some(5));
    }

    #[test]
    fn bad_and_empty_outcomes_say_what_to_fix() {
        let bad = OutcomeDraft {
            stars_after: "7".into(),
            jobs_after: "-2".into(),
            certifications: "ISO 9".into(),
            ..Default::default()
        };
        let errs = bad.validate(OutcomeStage::AtClose).unwrap_err();
        for f in ["stars_after", "jobs_after", "certifications"] {
            assert!(errs.for_field(f).is_some(), "{f}: {errs}");
        }
        let empty = OutcomeDraft::default().validate(OutcomeStage::FollowUp).unwrap_err();
        assert!(empty.for_field("note").is_some());
    }

    #[test]
    fn the_follow_up_is_six_months_on() {
        let closed = NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
        assert_eq!(follow_up_due(closed), NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
    }
}
