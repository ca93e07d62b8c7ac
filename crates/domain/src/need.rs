//! A need (โจทย์): a problem an enterprise states in its own words, to be matched to services.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::{Category, Stage};
use crate::error::{FieldError, ValidationErrors};
use crate::registry::{parse_province, split_list};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeedStatus {
    Open,
    Referred,
    InProgress,
    Solved,
    Closed,
}

impl NeedStatus {
    pub fn code(self) -> &'static str {
        match self {
            NeedStatus::Open => "open",
            NeedStatus::Referred => "referred",
            NeedStatus::InProgress => "in_progress",
            NeedStatus::Solved => "solved",
            NeedStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Referred, Self::InProgress, Self::Solved, Self::Closed].into_iter().find(|v| v.code() == s)
    }

    pub fn name_th(self) -> &'static str {
        match self {
            NeedStatus::Open => "รอจับคู่",
            NeedStatus::Referred => "ส่งต่อแล้ว",
            NeedStatus::InProgress => "กำลังดำเนินการ",
            NeedStatus::Solved => "แก้ไขแล้ว",
            NeedStatus::Closed => "ปิด",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedData {
    pub enterprise_id: i64,
    pub product_id: Option<i64>,
    pub text: String,
    /// The province where help is needed; normally the enterprise's.
    pub province_code: u8,
    pub category: Option<Category>,
    pub stages: Vec<Stage>,
    pub status: NeedStatus,
    pub created_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Need {
    pub id: i64,
    #[serde(flatten)]
    pub data: NeedData,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NeedDraft {
    pub text: String,
    pub province: String,
    pub category: String,
    pub stages: String,
}

impl NeedDraft {
    /// Checks the parts a person typed; ids and dates come from the caller.
    pub fn validate(
        &self,
        enterprise_id: i64,
        product_id: Option<i64>,
        default_province: u8,
        today: NaiveDate,
    ) -> Result<NeedData, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let text = self.text.trim();
        if text.chars().count() < 10 {
            errs.push(FieldError::new(
                "text",
                &self.text,
                "เล่าปัญหาให้ละเอียดขึ้นอีกนิด (อย่างน้อย 10 ตัวอักษร) เช่น \"ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา\"",
                "Describe the problem in a little more detail (at least 10 characters)",
            ));
        } else if text.chars().count() > 4000 {
            errs.push(FieldError::new(
                "text",
                "",
                "ยาวเกินไป: ไม่เกิน 4,000 ตัวอักษร",
                "Too long: at most 4,000 characters",
            ));
        }
        let province_code = if self.province.trim().is_empty() {
            Some(default_province)
        } else {
            errs.take(parse_province("province", &self.province))
        };
        let category = if self.category.trim().is_empty() {
            None
        } else {
            errs.take(Category::parse_field("category", &self.category))
        };
        let mut stages = Vec::new();
        for s in split_list(&self.stages) {
            if let Some(st) = errs.take(Stage::parse_field("stages", s)) {
                stages.push(st);
            }
        }
        stages.sort();
        stages.dedup();
        errs.into_result(|| NeedData {
            enterprise_id,
            product_id,
            text: text.to_string(),
            province_code: province_code.expect("checked"),
            category,
            stages,
            status: NeedStatus::Open,
            created_on: today,
        })
    }
}
