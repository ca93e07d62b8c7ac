//! The programme's core loop (DESIGN.md §4.3): a need is referred to a service, paid for
//! with a science coupon inside a round's budget, delivered as a project and its outcome
//! recorded. This module holds the rules only — the state machines, the money moves and
//! their messages; the store applies a step in one transaction, the web shows its message.
//! A step that is not allowed returns a [`Refusal`] and changes nothing.

mod coupon;
mod engagement;
mod ledger;
mod outcome;
mod referral;
mod round;
mod timeline;

pub use coupon::{CouponStatus, CouponTerms};
pub use engagement::{EngagementStatus, MilestoneDraft, check_report};
pub use ledger::{AccountKey, AccountKind, Holder, Movement, MovementKind, Posting, insufficient};
pub use outcome::{FOLLOW_UP_MONTHS, OutcomeData, OutcomeDraft, OutcomeStage, follow_up_due};
pub use referral::{DEFAULT_REPLY_DAYS, ReferralStatus, check_note, check_reason};
pub use round::{Round, RoundDraft, RoundRules, check_ceiling};
pub use timeline::EventKind;

use serde::Serialize;

use crate::text::Bilingual;

/// Why a step cannot be taken now. `code` is stable for programs (`coupon.not_screened`);
/// the message says in Thai and English what is wrong and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", message.line())]
pub struct Refusal {
    pub code: &'static str,
    pub message: Bilingual,
}

impl Refusal {
    pub fn new(code: &'static str, th: impl Into<String>, en: impl Into<String>) -> Self {
        Self { code, message: Bilingual::new(th, en) }
    }
}

/// The message for a step asked of a record in a state that does not allow it.
pub(crate) fn not_now(code: &'static str, what_th: &str, what_en: &str, state_th: &str, state_en: &str) -> Refusal {
    Refusal::new(
        code,
        format!("{what_th}ไม่ได้ เพราะสถานะตอนนี้คือ \"{state_th}\""),
        format!("Cannot {what_en}: the status is now \"{state_en}\""),
    )
}
