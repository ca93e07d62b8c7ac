//! The Thai government fiscal year: 1 October – 30 September, named by the Buddhist-Era
//! year in which it ends (ปีงบประมาณ 2570 = 1 Oct 2026 – 30 Sep 2027).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub const BE_OFFSET: i32 = 543;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    pub fn of(date: NaiveDate) -> Self {
        let ce = if date.month() >= 10 { date.year() + 1 } else { date.year() };
        Self(ce + BE_OFFSET)
    }

    pub fn be(self) -> i32 {
        self.0
    }

    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 - BE_OFFSET - 1, 10, 1).expect("valid date")
    }

    pub fn end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 - BE_OFFSET, 9, 30).expect("valid date")
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Self::of(date) == self
    }

    pub fn label_th(self) -> String {
        format!("ปีงบประมาณ พ.ศ. {}", self.0)
    }

    pub fn label_en(self) -> String {
        format!("Fiscal year {} BE ({}–{})", self.0, self.0 - BE_OFFSET - 1, self.0 - BE_OFFSET)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn boundaries() {
        assert_eq!(FiscalYear::of(d(2026, 9, 30)), FiscalYear(2569));
        assert_eq!(FiscalYear::of(d(2026, 10, 1)), FiscalYear(2570));
        assert_eq!(FiscalYear::of(d(2026, 11, 25)), FiscalYear(2570));
        assert_eq!(FiscalYear::of(d(2027, 9, 30)), FiscalYear(2570));
        assert_eq!(FiscalYear(2570).start(), d(2026, 10, 1));
        assert_eq!(FiscalYear(2570).end(), d(2027, 9, 30));
        assert!(FiscalYear(2570).contains(d(2027, 1, 1)));
        assert!(!FiscalYear(2570).contains(d(2027, 10, 1)));
    }
}
