//! A referral (การส่งต่อ): a need sent to one service; the provider answers.

use chrono::NaiveDate;

use super::{Refusal, not_now};
use crate::codes::vocabulary;

/// Days a provider has to answer before the referral is flagged, unless configured.
pub const DEFAULT_REPLY_DAYS: u32 = 7;

vocabulary! {
    ReferralStatus, "สถานะการส่งต่อ", "referral status" {
        Sent => "sent", "รอผู้ให้บริการตอบรับ", "Awaiting the provider's answer";
        Accepted => "accepted", "ผู้ให้บริการรับแล้ว", "Accepted";
        Declined => "declined", "ผู้ให้บริการปฏิเสธ", "Declined";
        Withdrawn => "withdrawn", "ถอนการส่งต่อ", "Withdrawn";
    }
}

impl ReferralStatus {
    fn refuse(self, code: &'static str, th: &str, en: &str) -> Refusal {
        not_now(code, th, en, self.name_th(), self.name_en())
    }

    /// The provider takes the work on, starting on `start_on` (not before the referral
    /// was sent, and within a year).
    pub fn accept(self, sent_on: NaiveDate, start_on: NaiveDate) -> Result<Self, Refusal> {
        if self != Self::Sent {
            return Err(self.refuse("referral.not_waiting", "ตอบรับการส่งต่อ", "accept this referral"));
        }
        if start_on < sent_on || start_on > sent_on + chrono::Days::new(366) {
            return Err(Refusal::new(
                "referral.bad_start",
                "วันเริ่มงานต้องไม่ก่อนวันที่ส่งต่อ และไม่เกิน 1 ปีหลังจากนั้น",
                "The start date must be on or after the referral date and within a year of it",
            ));
        }
        Ok(Self::Accepted)
    }

    pub fn decline(self, reason: &str) -> Result<Self, Refusal> {
        if self != Self::Sent {
            return Err(self.refuse("referral.not_waiting", "ปฏิเสธการส่งต่อ", "decline this referral"));
        }
        check_reason(reason)?;
        Ok(Self::Declined)
    }

    /// The officer (or entrepreneur) who referred takes it back before it is answered.
    pub fn withdraw(self) -> Result<Self, Refusal> {
        if self != Self::Sent {
            return Err(self.refuse("referral.not_waiting", "ถอนการส่งต่อ", "withdraw this referral"));
        }
        Ok(Self::Withdrawn)
    }

    /// Unanswered for more than `reply_days` days.
    pub fn is_overdue(self, sent_on: NaiveDate, today: NaiveDate, reply_days: u32) -> bool {
        self == Self::Sent && (today - sent_on).num_days() > i64::from(reply_days)
    }

    pub fn is_open(self) -> bool {
        matches!(self, Self::Sent | Self::Accepted)
    }
}

/// What a referrer writes to the provider: optional, but not a document.
pub fn check_note(note: &str) -> Result<(), Refusal> {
    if note.trim().chars().count() > 2000 {
        return Err(Refusal::new(
            "referral.note",
            "ข้อความถึงผู้ให้บริการยาวเกิน 2,000 ตัวอักษร — ย่อให้สั้นลง",
            "The note to the provider is longer than 2,000 characters — shorten it",
        ));
    }
    Ok(())
}

/// A reason that a person can act on: a few words at least, not a page.
pub fn check_reason(reason: &str) -> Result<(), Refusal> {
    let n = reason.trim().chars().count();
    if n < 5 {
        return Err(Refusal::new(
            "reason.missing",
            "กรุณาระบุเหตุผลอย่างน้อย 5 ตัวอักษร เพื่อให้อีกฝ่ายรู้ว่าต้องทำอย่างไรต่อ",
            "Give a reason of at least 5 characters, so that the other side knows what to do next",
        ));
    }
    if n > 1000 {
        return Err(Refusal::new(
            "reason.too_long",
            "เหตุผลยาวเกิน 1,000 ตัวอักษร",
            "The reason is longer than 1,000 characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_referral_is_answered_once() {
        let s = ReferralStatus::Sent;
        assert_eq!(s.accept(d(11, 1), d(11, 10)), Ok(ReferralStatus::Accepted));
        assert_eq!(s.decline("คิวเต็มถึงสิ้นปี"), Ok(ReferralStatus::Declined));
        let again = ReferralStatus::Accepted.decline("เปลี่ยนใจแล้วครับ").unwrap_err();
        assert_eq!(again.code, "referral.not_waiting");
        assert!(again.message.th.contains("ผู้ให้บริการรับแล้ว"), "{}", again.message.th);
        assert_eq!(ReferralStatus::Declined.withdraw().unwrap_err().code, "referral.not_waiting");
    }

    #[test]
    fn declining_needs_a_reason_and_accepting_a_sensible_start() {
        assert_eq!(ReferralStatus::Sent.decline("ไม่").unwrap_err().code, "reason.missing");
        assert_eq!(ReferralStatus::Sent.accept(d(11, 1), d(10, 31)).unwrap_err().code, "referral.bad_start");
        assert!(ReferralStatus::Sent.accept(d(1, 1), d(12, 31)).is_ok());
        assert!(check_note("").is_ok());
        assert_eq!(check_note(&"ก".repeat(2001)).unwrap_err().code, "referral.note");
    }

    #[test]
    fn flagged_after_the_reply_days() {
        let s = ReferralStatus::Sent;
        assert!(!s.is_overdue(d(11, 1), d(11, 8), 7));
        assert!(s.is_overdue(d(11, 1), d(11, 9), 7));
        assert!(!ReferralStatus::Accepted.is_overdue(d(1, 1), d(11, 9), 7));
    }
}
