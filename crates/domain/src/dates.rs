//! Dates as Thai users type them: Buddhist-Era or Christian-Era years, day-first or ISO.

use chrono::NaiveDate;

use crate::error::FieldError;
use crate::fiscal::BE_OFFSET;
use crate::ids::thai_digit_to_ascii;

/// Years above this are taken as Buddhist Era (2500 BE = 1957 CE).
const BE_THRESHOLD: i32 = 2400;

/// Parses "2027-12-31", "2570-12-31", "31/12/2570", "31-12-2027" or "31.12.70"-free forms.
pub fn parse_date(field: &str, input: &str) -> Result<NaiveDate, FieldError> {
    let s: String = input.trim().chars().map(thai_digit_to_ascii).collect();
    let bad = || {
        FieldError::new(
            field,
            input,
            "วันที่ไม่ถูกต้อง ใช้รูปแบบ วัน/เดือน/ปี พ.ศ. เช่น 31/12/2570 หรือ 2027-12-31",
            "Invalid date: use day/month/year, e.g. 31/12/2570 (Buddhist Era) or 2027-12-31",
        )
    };
    if s.is_empty() {
        return Err(FieldError::required(field));
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3 {
        return Err(bad());
    }
    let nums: Vec<i32> = parts.iter().map(|p| p.trim().parse::<i32>()).collect::<Result<_, _>>().map_err(|_| bad())?;
    let (y, m, d) = if parts[0].trim().len() == 4 {
        (nums[0], nums[1], nums[2])
    } else if parts[2].trim().len() == 4 {
        (nums[2], nums[1], nums[0])
    } else {
        return Err(bad());
    };
    let ce = if y > BE_THRESHOLD { y - BE_OFFSET } else { y };
    NaiveDate::from_ymd_opt(ce, m as u32, d as u32).ok_or_else(bad)
}

/// "25 พ.ย. 2569": the compact Thai form used in tables.
pub fn format_th_short(d: NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] =
        ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year() + BE_OFFSET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn be_and_ce() {
        let want = NaiveDate::from_ymd_opt(2027, 12, 31).unwrap();
        assert_eq!(parse_date("d", "31/12/2570").unwrap(), want);
        assert_eq!(parse_date("d", "2027-12-31").unwrap(), want);
        assert_eq!(parse_date("d", "2570-12-31").unwrap(), want);
        assert_eq!(parse_date("d", "๓๑/๑๒/๒๕๗๐").unwrap(), want);
        assert!(parse_date("d", "31/13/2570").is_err());
        assert!(parse_date("d", "hello").is_err());
        assert_eq!(format_th_short(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()), "25 พ.ย. 2569");
    }
}
