//! What the matcher knows about a service offering and about a need: plain data, filled
//! from the database, from a benchmark file or from a form.

use otop_domain::{Category, Coverage, ProviderKind, Stage};

/// A service offering as the matcher sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRecord {
    /// The caller's stable id: the database id as text, or a file's id (`S001`).
    pub key: String,
    pub provider: String,
    pub kind: Option<ProviderKind>,
    pub title: String,
    pub description: String,
    pub stages: Vec<Stage>,
    /// Empty means any product category.
    pub categories: Vec<Category>,
    pub coverage: Coverage,
    /// Places left in the current fiscal year; `None` = not limited.
    pub capacity_left: Option<u32>,
    pub feedback: Feedback,
}

/// What happened to earlier referrals to a service. Recorded by the referral and outcome
/// workflow; all zero until it has run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Feedback {
    pub referrals_accepted: u32,
    pub referrals_declined: u32,
    pub projects_completed: u32,
}

impl Feedback {
    /// A bounded signal in [-0.5, 1]: completed projects count most, declines count against,
    /// and a service needs several outcomes before the signal means much (the +3 prior).
    pub fn signal(&self) -> f32 {
        let good = 2.0 * self.projects_completed as f32 + self.referrals_accepted as f32;
        let bad = self.referrals_declined as f32;
        let seen = good + bad;
        if seen == 0.0 {
            return 0.0;
        }
        let rate = (good - bad) / (seen + 3.0);
        rate.clamp(-0.5, 1.0)
    }
}

/// A need to match: the producer's own words and what the form or sheet adds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeedQuery {
    pub text: String,
    pub province_code: Option<u8>,
    pub category: Option<Category>,
    /// The product the need is about (`ลำไยอบแห้ง`), if known.
    pub product: Option<String>,
    /// Stages the producer or officer chose; more are inferred from the text.
    pub stages: Vec<Stage>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_rewards_completed_projects_and_counts_declines_against() {
        assert_eq!(Feedback::default().signal(), 0.0);
        let done = Feedback { referrals_accepted: 4, referrals_declined: 0, projects_completed: 4 };
        let declined = Feedback { referrals_accepted: 0, referrals_declined: 6, projects_completed: 0 };
        assert!(done.signal() > 0.5);
        assert!(declined.signal() < 0.0);
        let one = Feedback { referrals_accepted: 1, ..Default::default() };
        assert!(one.signal() < done.signal(), "one referral is weak evidence");
    }
}
