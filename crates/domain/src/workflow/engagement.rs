//! The project (โครงการถ่ายทอดเทคโนโลยี): the work a provider does after accepting a
//! referral — milestones, deliverables, the provider's completion report, the
//! entrepreneur's confirmation, the payment claim and its approval, then the close with
//! its outcome.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CouponStatus, Refusal, not_now};
use crate::codes::vocabulary;
use crate::error::{FieldError, ValidationErrors};

vocabulary! {
    EngagementStatus, "สถานะโครงการ", "project status" {
        Active => "active", "กำลังดำเนินงาน", "In progress";
        Reported => "reported", "ผู้ให้บริการรายงานส่งมอบแล้ว รอผู้ประกอบการรับมอบ", "Delivery reported";
        Accepted => "accepted", "ผู้ประกอบการรับมอบงานแล้ว", "Delivery accepted";
        Claimed => "claimed", "ผู้ให้บริการขอเบิกเงินแล้ว รออนุมัติจ่าย", "Payment claimed";
        Paid => "paid", "อนุมัติจ่ายแล้ว", "Paid";
        Closed => "closed", "ปิดโครงการแล้ว", "Closed";
        Cancelled => "cancelled", "ยกเลิกโครงการ", "Cancelled";
    }
}

impl EngagementStatus {
    fn refuse(self, code: &'static str, th: &str, en: &str) -> Refusal {
        not_now(code, th, en, self.name_th(), self.name_en())
    }

    pub fn report_delivery(self, report: &str) -> Result<Self, Refusal> {
        if self != Self::Active {
            return Err(self.refuse("project.not_active", "รายงานส่งมอบงาน", "report the delivery"));
        }
        check_report(report)?;
        Ok(Self::Reported)
    }

    /// The entrepreneur sends the work back with a reason; the provider continues.
    pub fn return_delivery(self, reason: &str) -> Result<Self, Refusal> {
        if self != Self::Reported {
            return Err(self.refuse("project.not_reported", "ส่งงานกลับไปแก้ไข", "send the delivery back"));
        }
        super::check_reason(reason)?;
        Ok(Self::Active)
    }

    pub fn accept_delivery(self) -> Result<Self, Refusal> {
        if self != Self::Reported {
            return Err(self.refuse("project.not_reported", "รับมอบงาน", "accept the delivery"));
        }
        Ok(Self::Accepted)
    }

    /// The provider claims the coupon's payment; only a coupon that became payable
    /// (approved, and the delivery accepted) can be claimed.
    pub fn claim_payment(self, coupon: Option<CouponStatus>) -> Result<Self, Refusal> {
        if self != Self::Accepted {
            return Err(Refusal::new(
                "project.not_delivered",
                "ยังขอเบิกเงินไม่ได้: ผู้ประกอบการต้องรับมอบงานก่อน",
                "Cannot claim payment yet: the entrepreneur must accept the delivery first",
            ));
        }
        match coupon {
            Some(CouponStatus::Payable) => Ok(Self::Claimed),
            _ => Err(Refusal::new(
                "project.no_coupon",
                "โครงการนี้ไม่มีคูปองที่อนุมัติแล้ว จึงไม่มีเงินให้เบิก",
                "This project has no approved coupon, so there is nothing to claim",
            )),
        }
    }

    pub fn approve_payment(self) -> Result<Self, Refusal> {
        match self {
            Self::Claimed => Ok(Self::Paid),
            Self::Paid | Self::Closed => Err(Refusal::new(
                "project.already_paid",
                "โครงการนี้อนุมัติจ่ายไปแล้ว",
                "This project's payment is already approved",
            )),
            Self::Active | Self::Reported => Err(Refusal::new(
                "project.not_delivered",
                "ยังจ่ายเงินไม่ได้: งานยังไม่ได้ส่งมอบและรับมอบ",
                "Cannot pay yet: the work has not been delivered and accepted",
            )),
            _ => Err(self.refuse("project.not_claimed", "อนุมัติจ่ายเงิน", "approve the payment")),
        }
    }

    /// Closing records the outcome. With a coupon the payment must be approved first.
    pub fn close(self, has_coupon: bool) -> Result<Self, Refusal> {
        match (self, has_coupon) {
            (Self::Paid, _) | (Self::Accepted, false) => Ok(Self::Closed),
            (Self::Accepted | Self::Claimed, true) => Err(Refusal::new(
                "project.unpaid",
                "ยังปิดโครงการไม่ได้: ต้องอนุมัติจ่ายเงินคูปองก่อน",
                "Cannot close yet: the coupon's payment must be approved first",
            )),
            _ => Err(self.refuse("project.not_closable", "ปิดโครงการ", "close the project")),
        }
    }

    pub fn cancel(self, reason: &str) -> Result<Self, Refusal> {
        match self {
            Self::Active | Self::Reported => {
                super::check_reason(reason)?;
                Ok(Self::Cancelled)
            }
            _ => Err(self.refuse("project.not_cancellable", "ยกเลิกโครงการ", "cancel the project")),
        }
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Self::Closed | Self::Cancelled)
    }
}

/// The provider's completion report: what was done, in a few sentences at least.
pub fn check_report(report: &str) -> Result<(), Refusal> {
    let n = report.trim().chars().count();
    if !(20..=8000).contains(&n) {
        return Err(Refusal::new(
            "project.report",
            "รายงานการส่งมอบต้องยาว 20–8,000 ตัวอักษร: บอกว่าทำอะไรไป ได้ผลอย่างไร และส่งมอบอะไรบ้าง",
            "The delivery report must be 20–8,000 characters: what was done, what came of it and what was handed over",
        ));
    }
    Ok(())
}

/// A milestone as typed in the form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MilestoneDraft {
    pub title: String,
    pub due_on: String,
}

impl MilestoneDraft {
    pub fn validate(&self) -> Result<(String, NaiveDate), ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let title = self.title.trim();
        if title.chars().count() < 3 || title.chars().count() > 300 {
            errs.push(FieldError::new(
                "title",
                &self.title,
                "ชื่องวดงาน 3–300 ตัวอักษร เช่น \"ทดสอบอายุการเก็บรักษา\"",
                "Name the milestone in 3–300 characters",
            ));
        }
        let due = errs.take(crate::dates::parse_date("due_on", &self.due_on));
        errs.into_result(|| (title.to_string(), due.expect("checked")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EngagementStatus::*;

    const REPORT: &str = "ทดสอบอายุการเก็บรักษาแล้ว ปรับสูตรและบรรจุภัณฑ์ให้เก็บได้ 6 เดือน";

    #[test]
    fn from_work_to_payment_to_close() {
        let s = Active.report_delivery(REPORT).and_then(EngagementStatus::accept_delivery).unwrap();
        assert_eq!(s, Accepted);
        let s = s.claim_payment(Some(CouponStatus::Payable)).and_then(EngagementStatus::approve_payment).unwrap();
        assert_eq!(s.close(true), Ok(Closed));
        assert_eq!(Accepted.close(false), Ok(Closed), "work without a coupon closes after acceptance");
    }

    #[test]
    fn payment_before_delivery_and_twice_is_refused() {
        assert_eq!(Active.approve_payment().unwrap_err().code, "project.not_delivered");
        assert_eq!(Reported.claim_payment(Some(CouponStatus::Payable)).unwrap_err().code, "project.not_delivered");
        assert_eq!(Accepted.claim_payment(None).unwrap_err().code, "project.no_coupon");
        assert_eq!(Accepted.claim_payment(Some(CouponStatus::Submitted)).unwrap_err().code, "project.no_coupon");
        assert_eq!(Paid.approve_payment().unwrap_err().code, "project.already_paid");
        assert_eq!(Claimed.close(true).unwrap_err().code, "project.unpaid");
    }

    #[test]
    fn reports_need_substance_and_returns_a_reason() {
        assert_eq!(Active.report_delivery("เสร็จแล้ว").unwrap_err().code, "project.report");
        assert_eq!(Reported.return_delivery("").unwrap_err().code, "reason.missing");
        assert_eq!(Reported.return_delivery("ฉลากยังไม่ครบตามที่ตกลง"), Ok(Active));
        assert_eq!(Closed.cancel("ไม่ต้องการแล้ว").unwrap_err().code, "project.not_cancellable");
    }

    #[test]
    fn milestones_are_checked() {
        let ok = MilestoneDraft {
            title: "ทดสอบอายุการเก็บ".into(), due_on: "15/1/2570".into()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.1, NaiveDate::from_ymd_opt(2027, 1, 15).unwrap());
        let bad = MilestoneDraft { title: "x".into(), due_on: "soon".into() }.validate().unwrap_err();
        assert!(bad.for_field("title").is_some() && bad.for_field("due_on").is_some());
    }
}
