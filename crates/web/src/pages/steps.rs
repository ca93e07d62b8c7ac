//! What the workflow's pages share (DESIGN.md §4.3): the banner of a step that did not go
//! through, shown on the page the form was on with what was typed; the note after one that
//! did; the names of the workflow's fields; and how budget holders, times and actors are
//! written.

use axum::http::StatusCode;
use chrono::{DateTime, FixedOffset, NaiveDate};
use otop_domain::Bilingual;
use otop_domain::workflow::Holder;
use otop_geo::geography;

use crate::error::WebError;
use crate::forms::{FormData, Msg};
use crate::i18n::Lang;
use crate::views;

/// A step refused or sent back: why, in the page language first, and the form to show
/// again with what was typed. Nothing was changed.
pub struct Problem {
    pub status: StatusCode,
    pub headline: Msg,
    /// The refusal's or the request's own message (none for field errors).
    pub message: Option<Msg>,
    /// Each field to fix: its label and message.
    pub fields: Vec<(String, Msg)>,
    /// The id of the form that was sent.
    pub form: String,
    values: FormData,
}

impl Problem {
    /// The banner for a step's error, or the error itself when it has a page of its own
    /// (not allowed, not found, a fault on our side).
    pub fn of(lang: Lang, e: WebError, form: impl Into<String>, values: FormData) -> Result<Problem, WebError> {
        let headline = match &e {
            WebError::Refused(_) => Bilingual::new(
                "ขณะนี้ยังทำขั้นตอนนี้ไม่ได้ — ระบบยังไม่ได้เปลี่ยนแปลงข้อมูลใด ๆ",
                "This step cannot be taken now — nothing was changed",
            ),
            WebError::Invalid(_) | WebError::Duplicate(_) | WebError::BadRequest(_) | WebError::TooLarge(_) => {
                Bilingual::new(
                    "ยังไม่ได้บันทึก — โปรดแก้ไขตามข้อความด้านล่างแล้วส่งอีกครั้ง",
                    "Not saved — fix what is said below and send again",
                )
            }
            _ => return Err(e),
        };
        tracing::debug!(error = %e, "workflow step sent back");
        let info = e.info();
        let fields: Vec<(String, Msg)> =
            info.fields.iter().map(|f| (label(lang, &f.field).to_string(), Msg::of(lang, &f.message))).collect();
        Ok(Problem {
            status: info.status,
            headline: Msg::of(lang, &headline),
            message: fields.is_empty().then(|| Msg::of(lang, &info.message)),
            fields,
            form: form.into(),
            values,
        })
    }

    /// What was typed in `name` when `form` was the one sent; "" otherwise.
    pub fn typed(&self, form: &str, name: &str) -> String {
        if self.form == form { self.values.get(name) } else { String::new() }
    }

    /// Every value of a repeated field (check boxes) as typed, joined with ", ".
    pub fn typed_all(&self, form: &str, name: &str) -> String {
        if self.form == form { self.values.joined(name) } else { String::new() }
    }
}

/// The typed value of a field of a form after a [`Problem`], or "".
pub fn typed(problem: &Option<Problem>, form: &str, name: &str) -> String {
    problem.as_ref().map(|p| p.typed(form, name)).unwrap_or_default()
}

/// Whether the problem came from this form (to open it again).
pub fn failed(problem: &Option<Problem>, form: &str) -> bool {
    problem.as_ref().is_some_and(|p| p.form == form)
}

/// The note a page shows after a step went through (`?done=<step>`).
pub fn done_notice(lang: Lang, done: &str) -> Option<Msg> {
    let (th, en) = match done {
        "referred" => ("ส่งต่อโจทย์ให้ผู้ให้บริการแล้ว รอผู้ให้บริการตอบรับ", "Referred; the provider will answer"),
        "accepted" => ("ตอบรับการส่งต่อแล้ว และเปิดโครงการแล้ว", "Referral accepted; the project is open"),
        "declined" => ("ปฏิเสธการส่งต่อแล้ว", "Referral declined"),
        "withdrawn" => ("ถอนการส่งต่อแล้ว", "Referral withdrawn"),
        "applied" => ("ยื่นขอคูปองแล้ว รอเจ้าหน้าที่ตรวจคุณสมบัติ", "Coupon applied for; an officer will screen it"),
        "screened" => ("บันทึกผลตรวจคุณสมบัติแล้ว", "Application screened"),
        "approved" => ("อนุมัติคูปองแล้ว และผูกพันงบประมาณแล้ว", "Coupon approved; the budget is committed"),
        "rejected" => ("บันทึกการไม่อนุมัติคูปองแล้ว", "Coupon rejected"),
        "coupon-cancelled" => ("ยกเลิกคูปองแล้ว", "Coupon cancelled"),
        "milestone" => ("เพิ่มงวดงานแล้ว", "Milestone added"),
        "milestone-done" => ("บันทึกว่างวดงานเสร็จแล้ว", "Milestone marked done"),
        "uploaded" => ("แนบไฟล์ส่งมอบแล้ว", "Deliverable uploaded"),
        "reported" => ("รายงานส่งมอบงานแล้ว รอผู้ประกอบการตรวจรับ", "Delivery reported; the entrepreneur will check it"),
        "returned" => ("ส่งงานกลับไปให้ผู้ให้บริการแก้ไขแล้ว", "Delivery sent back to the provider"),
        "delivery-accepted" => ("รับมอบงานแล้ว", "Delivery accepted"),
        "claimed" => ("ขอเบิกเงินคูปองแล้ว รออนุมัติจ่าย", "Payment claimed; awaiting approval"),
        "paid" => ("อนุมัติจ่ายเงินแล้ว", "Payment approved"),
        "closed" => ("ปิดโครงการและบันทึกผลแล้ว", "Project closed with its outcome"),
        "followed-up" => ("บันทึกผลติดตาม 6 เดือนแล้ว", "Six-month follow-up recorded"),
        "cancelled" => ("ยกเลิกโครงการแล้ว", "Project cancelled"),
        "round" => ("เปิดรอบคูปองแล้ว", "Round opened"),
        "funded" => ("รับงบประมาณเข้าส่วนกลางแล้ว", "Appropriation received"),
        "allocated" => ("จัดสรรวงเงินแล้ว", "Budget allocated"),
        _ => return None,
    };
    Some(Msg::of(lang, &Bilingual::new(th, en)))
}

/// The name of a workflow form field, as its label and the banner show it.
pub fn label(lang: Lang, field: &str) -> &'static str {
    let (th, en) = match field {
        "reason" => ("เหตุผล", "Reason"),
        "start_on" => ("วันเริ่มงาน", "Start date"),
        "service_id" => ("บริการ", "Service"),
        "note" => ("หมายเหตุ", "Note"),
        "round_id" => ("รอบคูปอง", "Coupon round"),
        "price_index" => ("รายการราคา", "Price-list item"),
        "report" => ("รายงานการส่งมอบงาน", "Delivery report"),
        "title" => ("ชื่องวดงาน", "Milestone"),
        "due_on" => ("กำหนดเสร็จ", "Due date"),
        "amount" => ("จำนวนเงิน (บาท)", "Amount (baht)"),
        "memo" => ("บันทึกประกอบ", "Memo"),
        "from" => ("โอนจาก", "From"),
        "to" => ("โอนให้", "To"),
        "name" => ("ชื่อรอบ", "Round name"),
        "fiscal_year" => ("ปีงบประมาณ (พ.ศ.)", "Fiscal year (BE)"),
        "stages" => ("ด้านที่สนับสนุน", "Stages supported"),
        "categories" => ("ประเภทผลิตภัณฑ์ที่สนับสนุน", "Categories supported"),
        "ceiling" => ("วงเงินสูงสุดต่อผู้ประกอบการ (บาท)", "Ceiling per enterprise (baht)"),
        "copay_percent" => ("สัดส่วนที่ผู้ประกอบการร่วมจ่าย (%)", "Co-payment (%)"),
        "opens_on" => ("วันเปิดรับคำขอ", "Applications open"),
        "closes_on" => ("วันปิดรับคำขอ", "Applications close"),
        "entrepreneurs_may_refer" => ("ผู้ประกอบการส่งต่อโจทย์เองได้", "Entrepreneurs may refer"),
        "certifications" => ("มาตรฐานที่ได้รับใหม่", "Certifications gained"),
        "stars_before" => ("ระดับดาวก่อนเข้าร่วม", "Stars before"),
        "stars_after" => ("ระดับดาวหลังเข้าร่วม", "Stars after"),
        "revenue_before" => ("รายได้ต่อเดือนก่อนเข้าร่วม (บาท)", "Monthly revenue before (baht)"),
        "revenue_after" => ("รายได้ต่อเดือนหลังเข้าร่วม (บาท)", "Monthly revenue after (baht)"),
        "jobs_before" => ("จำนวนคนทำงานก่อนเข้าร่วม", "People employed before"),
        "jobs_after" => ("จำนวนคนทำงานหลังเข้าร่วม", "People employed after"),
        "new_products" => ("จำนวนผลิตภัณฑ์ใหม่", "New products"),
        "new_markets" => ("ตลาดหรือช่องทางขายใหม่", "New markets or sales channels"),
        "file" => ("ไฟล์", "File"),
        _ => return "",
    };
    lang.t(th, en)
}

/// The name of a budget holder.
pub fn holder_name(lang: Lang, h: Holder, provider_names: &[(i64, String)]) -> String {
    match h {
        Holder::National => lang.t("ส่วนกลาง", "National").to_string(),
        Holder::Region(r) => lang.t(r.name_th(), r.name_en()).to_string(),
        Holder::Province(p) => match lang {
            Lang::Th => format!("จ.{}", views::province_name(lang, p)),
            Lang::En => views::province_name(lang, p),
        },
        Holder::Provider(id) => provider_names
            .iter()
            .find(|(p, _)| *p == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| format!("{} #{id}", lang.t("ผู้ให้บริการ", "Provider"))),
    }
}

/// The order holders are listed in: the nation, its regions, their provinces, providers.
pub fn holder_order(h: &Holder) -> (u8, usize, i64) {
    let region_index = |r: otop_geo::Region| otop_geo::Region::ALL.iter().position(|x| *x == r).unwrap_or(0);
    match h {
        Holder::National => (0, 0, 0),
        Holder::Region(r) => (1, region_index(*r), 0),
        Holder::Province(p) => {
            (2, geography().province(*p).map(|p| region_index(p.region)).unwrap_or(0), i64::from(*p))
        }
        Holder::Provider(id) => (3, 0, *id),
    }
}

/// A stored time (RFC 3339, UTC) as a date and time in Thailand: "26 พ.ย. 2569 10:59".
pub fn timestamp(lang: Lang, at: &str) -> String {
    let bangkok = FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let t = t.with_timezone(&bangkok);
            format!("{} {}", views::date(lang, t.date_naive()), t.format("%H:%M"))
        }
        Err(_) => at.to_string(),
    }
}

/// Who did it, as a person reads it: "account:12 สมศรี" → "สมศรี".
pub fn actor_name(label: &str) -> String {
    match label.split_once(' ') {
        Some((tag, name)) if tag.starts_with("account:") || tag.starts_with("api_token:") => name.to_string(),
        _ => label.to_string(),
    }
}

/// An event's detail with its ISO dates written in the Buddhist Era: "บริการ · 2026-12-01" →
/// "บริการ · 1 ธ.ค. 2569".
pub fn detail(lang: Lang, d: &str) -> String {
    d.split(" · ")
        .map(|part| match part.trim().parse::<NaiveDate>() {
            Ok(day) => views::date(lang, day),
            Err(_) => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn opt_date(lang: Lang, d: Option<NaiveDate>) -> String {
    d.map(|d| views::date(lang, d)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_actors_read_naturally() {
        assert_eq!(timestamp(Lang::Th, "2026-11-26T03:59:27.000Z"), "26 พ.ย. 2569 10:59");
        assert_eq!(actor_name("account:12 สมศรี ใจดี"), "สมศรี ใจดี");
        assert_eq!(actor_name("test"), "test");
        assert_eq!(detail(Lang::Th, "ออกแบบฉลาก · 2026-12-01"), "ออกแบบฉลาก · 1 ธ.ค. 2569");
    }

    #[test]
    fn only_input_and_state_errors_become_a_banner() {
        let refused = WebError::Refused(otop_domain::workflow::Refusal::new("x", "ไม่ได้", "No"));
        let p = Problem::of(Lang::Th, refused, "f", FormData::parse(b"reason=abc")).unwrap();
        assert_eq!(p.status, StatusCode::CONFLICT);
        assert_eq!(p.typed("f", "reason"), "abc");
        assert_eq!(p.typed("g", "reason"), "");
        assert!(Problem::of(Lang::Th, crate::access::forbidden(), "f", FormData::default()).is_err());
        assert!(Problem::of(Lang::Th, WebError::NotFound, "f", FormData::default()).is_err());
    }
}
