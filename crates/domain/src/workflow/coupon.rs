//! The science coupon (คูปองวิทย์): the programme's share of a service's price, applied for
//! against an accepted referral, screened and approved within the budget, then paid once
//! the work is delivered.

use serde::Serialize;

use super::{Refusal, not_now};
use crate::codes::vocabulary;
use crate::ids::Satang;

vocabulary! {
    CouponStatus, "สถานะคูปอง", "coupon status" {
        Submitted => "submitted", "ยื่นคำขอแล้ว รอตรวจคุณสมบัติ", "Submitted";
        Screened => "screened", "ผ่านการตรวจคุณสมบัติ รออนุมัติ", "Screened";
        Approved => "approved", "อนุมัติแล้ว", "Approved";
        Rejected => "rejected", "ไม่อนุมัติ", "Rejected";
        Cancelled => "cancelled", "ยกเลิกแล้ว", "Cancelled";
        Payable => "payable", "ส่งมอบงานแล้ว รอเบิกจ่าย", "Payable";
        Paid => "paid", "จ่ายเงินแล้ว", "Paid";
    }
}

impl CouponStatus {
    fn refuse(self, code: &'static str, th: &str, en: &str) -> Refusal {
        not_now(code, th, en, self.name_th(), self.name_en())
    }

    pub fn screen(self) -> Result<Self, Refusal> {
        match self {
            Self::Submitted => Ok(Self::Screened),
            _ => Err(self.refuse("coupon.not_submitted", "ตรวจคุณสมบัติคำขอนี้", "screen this application")),
        }
    }

    /// Approval commits the amount in the ledger.
    pub fn approve(self) -> Result<Self, Refusal> {
        match self {
            Self::Submitted | Self::Screened => Ok(Self::Approved),
            Self::Approved | Self::Payable | Self::Paid => Err(Refusal::new(
                "coupon.already_approved",
                "คูปองนี้อนุมัติไปแล้ว อนุมัติซ้ำไม่ได้",
                "This coupon is already approved; it cannot be approved twice",
            )),
            _ => Err(self.refuse("coupon.not_pending", "อนุมัติคูปองนี้", "approve this coupon")),
        }
    }

    pub fn reject(self, reason: &str) -> Result<Self, Refusal> {
        match self {
            Self::Submitted | Self::Screened => {
                super::check_reason(reason)?;
                Ok(Self::Rejected)
            }
            _ => Err(self.refuse("coupon.not_pending", "ไม่อนุมัติคูปองนี้", "reject this coupon")),
        }
    }

    /// Cancelling an approved coupon releases its commitment.
    pub fn cancel(self, reason: &str) -> Result<Self, Refusal> {
        match self {
            Self::Submitted | Self::Screened | Self::Approved => {
                super::check_reason(reason)?;
                Ok(Self::Cancelled)
            }
            _ => Err(self.refuse("coupon.not_cancellable", "ยกเลิกคูปองนี้", "cancel this coupon")),
        }
    }

    /// The entrepreneur accepted the delivery: the commitment becomes payable.
    pub fn make_payable(self) -> Result<Self, Refusal> {
        match self {
            Self::Approved => Ok(Self::Payable),
            _ => Err(self.refuse("coupon.not_approved", "ตั้งเบิกคูปองนี้", "make this coupon payable")),
        }
    }

    pub fn pay(self) -> Result<Self, Refusal> {
        match self {
            Self::Payable => Ok(Self::Paid),
            Self::Paid => Err(Refusal::new("coupon.already_paid", "คูปองนี้จ่ายเงินไปแล้ว", "This coupon is already paid")),
            _ => Err(Refusal::new(
                "coupon.not_payable",
                "ยังจ่ายเงินไม่ได้: ผู้ประกอบการต้องรับมอบงานก่อน",
                "Cannot pay yet: the entrepreneur must accept the delivery first",
            )),
        }
    }

    /// Counts against the round's ceiling for the enterprise.
    pub fn holds_money(self) -> bool {
        matches!(self, Self::Approved | Self::Payable | Self::Paid)
    }

    pub fn is_pending(self) -> bool {
        matches!(self, Self::Submitted | Self::Screened)
    }
}

/// How a price splits between the enterprise (co-payment) and the programme (the coupon).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CouponTerms {
    pub price: Satang,
    pub copay: Satang,
    /// What the programme pays: committed on approval.
    pub amount: Satang,
}

impl CouponTerms {
    /// The co-payment is rounded to the satang, half up, so the programme never pays a
    /// fraction more than its share.
    pub fn compute(price: Satang, copay_basis_points: u32) -> Result<Self, Refusal> {
        if price.0 <= 0 {
            return Err(Refusal::new(
                "coupon.no_price",
                "บริการนี้ยังไม่มีราคาในรายการราคา จึงยื่นขอคูปองไม่ได้",
                "This service has no price on its price list, so no coupon can be applied for",
            ));
        }
        let copay = (i128::from(price.0) * i128::from(copay_basis_points) + 5_000) / 10_000;
        let copay = Satang(copay as i64);
        Ok(Self { price, copay, amount: Satang(price.0 - copay.0) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CouponStatus::*;

    #[test]
    fn the_coupon_lifecycle() {
        let s = Submitted.screen().and_then(CouponStatus::approve).unwrap();
        assert_eq!(s, Approved);
        assert_eq!(s.make_payable().and_then(CouponStatus::pay), Ok(Paid));
        assert!(Submitted.approve().is_ok(), "approval may skip a separate screening");
    }

    #[test]
    fn invalid_steps_are_refused_with_their_own_message() {
        assert_eq!(Approved.approve().unwrap_err().code, "coupon.already_approved");
        assert_eq!(Approved.pay().unwrap_err().code, "coupon.not_payable");
        assert_eq!(Paid.pay().unwrap_err().code, "coupon.already_paid");
        assert_eq!(Rejected.approve().unwrap_err().code, "coupon.not_pending");
        assert_eq!(Paid.cancel("ผิดพลาด ขอยกเลิก").unwrap_err().code, "coupon.not_cancellable");
        assert_eq!(Submitted.reject("").unwrap_err().code, "reason.missing");
        assert!(Approved.screen().unwrap_err().message.th.contains("อนุมัติแล้ว"));
    }

    #[test]
    fn co_payment_is_rounded_to_the_satang() {
        let t = CouponTerms::compute(Satang::from_baht(18_750), 2000).unwrap();
        assert_eq!((t.copay, t.amount), (Satang::from_baht(3_750), Satang::from_baht(15_000)));
        let odd = CouponTerms::compute(Satang(1_001), 1250).unwrap();
        assert_eq!(odd.copay.0 + odd.amount.0, 1_001);
        assert_eq!(odd.copay, Satang(125));
        assert_eq!(CouponTerms::compute(Satang(0), 0).unwrap_err().code, "coupon.no_price");
    }
}
