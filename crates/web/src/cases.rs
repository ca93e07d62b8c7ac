//! What the workflow's pages and API do alike (DESIGN.md §4.3): load a case's record, ask
//! the policy whether this viewer may take this step on it (403 before anything else), read
//! the typed input through the domain, and call the store, whose state machines refuse a
//! step the record's state does not allow (409, with the step's own message).
//!
//! A case is a need with its referrals, projects and coupons; it belongs to one enterprise
//! (its scope decides for officers, members and partners) and, once referred, to a provider.

use chrono::NaiveDate;
use otop_domain::access::{CaseFacts, Permission};
use otop_domain::workflow::{Holder, MilestoneDraft, OutcomeDraft, OutcomeStage, Refusal, RoundDraft, check_reason};
use otop_domain::{FieldError, Need, Satang, ValidationErrors};
use otop_store::Store;
use otop_store::workflow::{Coupon, Engagement, NewReferral, Referral};
use serde::Deserialize;

use crate::access::{Viewer, check};
use crate::error::WebError;

/// Referring a need: which service, and a word to the provider.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReferDraft {
    pub service_id: String,
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AcceptDraft {
    /// The day work starts: 2026-12-01 or 1/12/2569.
    pub start_on: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReasonDraft {
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CouponDraft {
    pub round_id: String,
    /// Which line of the service's price list (0 = the first).
    pub price_index: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReportDraft {
    pub report: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct FundDraft {
    /// Baht: "30,000,000".
    pub amount: String,
    pub memo: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AllocationDraft {
    /// `national`, `region:north`, `province:51` or `provider:3`.
    pub from: String,
    pub to: String,
    /// Baht: "1,500,000".
    pub amount: String,
    pub memo: String,
}

fn id_field(field: &str, v: &str) -> Result<i64, FieldError> {
    v.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| FieldError::new(field, v, "เลือกรายการจากตัวเลือกที่มีให้", "Choose one of the options offered"))
}

fn date_field(field: &str, v: &str) -> Result<NaiveDate, ValidationErrors> {
    Ok(otop_domain::dates::parse_date(field, v)?)
}

fn reason(r: &ReasonDraft) -> Result<String, WebError> {
    check_reason(&r.reason).map_err(|refusal| field_refusal("reason", &r.reason, refusal))?;
    Ok(r.reason.trim().to_string())
}

/// A check of typed text that the domain words as a refusal, shown as the field's error.
fn field_refusal(field: &str, value: &str, r: Refusal) -> WebError {
    WebError::Invalid(FieldError::new(field, value, r.message.th, r.message.en).into())
}

fn memo(v: &str) -> Result<String, WebError> {
    let m = v.trim();
    if m.chars().count() > 500 {
        return Err(WebError::Invalid(
            FieldError::new("memo", v, "บันทึกยาวเกิน 500 ตัวอักษร", "The memo is longer than 500 characters").into(),
        ));
    }
    Ok(m.to_string())
}

// ---------------------------------------------------------------- loading a case

async fn facts(store: &Store, enterprise_id: i64, provider_id: Option<i64>) -> Result<CaseFacts, WebError> {
    Ok(CaseFacts { enterprise: store.enterprise_facts(enterprise_id).await?, provider_id })
}

/// A need the viewer may see: its enterprise is in scope, or it was referred to the
/// viewer's provider.
pub async fn need(store: &Store, viewer: &Viewer, id: i64) -> Result<(Need, CaseFacts), WebError> {
    let who = viewer.signed_in()?;
    let need = store.need(id).await?;
    let referred_to_viewer = match who.provider_id {
        Some(p) => store.referrals_of_need(id).await?.iter().any(|r| r.provider_id == p).then_some(p),
        None => None,
    };
    let f = facts(store, need.data.enterprise_id, referred_to_viewer).await?;
    check(who.may_see_case(&f))?;
    Ok((need, f))
}

pub async fn referral(store: &Store, viewer: &Viewer, id: i64) -> Result<(Referral, CaseFacts), WebError> {
    let who = viewer.signed_in()?;
    let r = store.referral(id).await?;
    let f = facts(store, r.enterprise_id, Some(r.provider_id)).await?;
    check(who.may_see_case(&f))?;
    Ok((r, f))
}

pub async fn engagement(store: &Store, viewer: &Viewer, id: i64) -> Result<(Engagement, CaseFacts), WebError> {
    let who = viewer.signed_in()?;
    let g = store.engagement(id).await?;
    let f = facts(store, g.enterprise_id, Some(g.provider_id)).await?;
    check(who.may_see_case(&f))?;
    Ok((g, f))
}

pub async fn coupon(store: &Store, viewer: &Viewer, id: i64) -> Result<(Coupon, CaseFacts), WebError> {
    let c = store.coupon(id).await?;
    let (_, f) = engagement(store, viewer, c.engagement_id).await?;
    Ok((c, f))
}

/// Whether entrepreneurs may refer their own needs today (an open round allows it).
pub async fn entrepreneurs_may_refer(store: &Store, today: NaiveDate) -> Result<bool, WebError> {
    Ok(store.open_rounds(today).await?.iter().any(|r| r.rules.entrepreneurs_may_refer))
}

// ---------------------------------------------------------------- referrals

pub async fn refer(
    store: &Store,
    viewer: &Viewer,
    need_id: i64,
    d: &ReferDraft,
    today: NaiveDate,
) -> Result<i64, WebError> {
    let who = viewer.needs(Permission::Refer)?;
    let (_, f) = need(store, viewer, need_id).await?;
    check(who.may_refer(&f.enterprise, entrepreneurs_may_refer(store, today).await?))?;
    let service_id = id_field("service_id", &d.service_id).map_err(ValidationErrors::from)?;
    otop_domain::workflow::check_note(&d.note).map_err(|r| field_refusal("note", &d.note, r))?;
    match store.service(service_id).await {
        Ok(_) => {}
        Err(otop_store::StoreError::NotFound) => {
            return Err(WebError::Invalid(
                FieldError::new("service_id", &d.service_id, "ไม่พบบริการนี้ในรายการ", "No such service").into(),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let r = NewReferral { need_id, service_id, note: d.note.trim().to_string() };
    Ok(store.refer(&viewer.actor(), &r, today).await?)
}

pub async fn accept_referral(store: &Store, viewer: &Viewer, id: i64, d: &AcceptDraft) -> Result<i64, WebError> {
    let (_, f) = referral(store, viewer, id).await?;
    check(viewer.signed_in()?.may_deliver(&f))?;
    let start = date_field("start_on", &d.start_on)?;
    Ok(store.accept_referral(&viewer.actor(), id, start).await?)
}

pub async fn decline_referral(store: &Store, viewer: &Viewer, id: i64, d: &ReasonDraft) -> Result<(), WebError> {
    let (_, f) = referral(store, viewer, id).await?;
    check(viewer.signed_in()?.may_deliver(&f))?;
    Ok(store.decline_referral(&viewer.actor(), id, &reason(d)?).await?)
}

pub async fn withdraw_referral(store: &Store, viewer: &Viewer, id: i64) -> Result<(), WebError> {
    let (_, f) = referral(store, viewer, id).await?;
    check(viewer.signed_in()?.may_cancel_case(&f.enterprise))?;
    Ok(store.withdraw_referral(&viewer.actor(), id).await?)
}

// ---------------------------------------------------------------- coupons

pub async fn apply_coupon(
    store: &Store,
    viewer: &Viewer,
    engagement_id: i64,
    d: &CouponDraft,
    today: NaiveDate,
) -> Result<i64, WebError> {
    let (_, f) = engagement(store, viewer, engagement_id).await?;
    check(viewer.signed_in()?.may_apply_coupon(&f.enterprise))?;
    let mut errs = ValidationErrors::default();
    let round = errs.take(id_field("round_id", &d.round_id));
    let index = if d.price_index.trim().is_empty() {
        Some(0)
    } else {
        errs.take(d.price_index.trim().parse::<usize>().map_err(|_| {
            FieldError::new(
                "price_index",
                &d.price_index,
                "เลือกรายการราคาจากรายการที่มีให้",
                "Choose an item of the price list",
            )
        }))
    };
    let (round, index) = errs.into_result(|| (round.expect("checked"), index.expect("checked")))?;
    if store.round(round).await.is_err() {
        return Err(WebError::Invalid(FieldError::new("round_id", &d.round_id, "ไม่พบรอบนี้", "No such round").into()));
    }
    Ok(store.apply_coupon(&viewer.actor(), engagement_id, round, index, today).await?)
}

/// Screen, approve, reject or cancel: the officers over the case.
pub async fn decide_coupon(
    store: &Store,
    viewer: &Viewer,
    id: i64,
    decision: Decision,
    today: NaiveDate,
) -> Result<(), WebError> {
    let (_, f) = coupon(store, viewer, id).await?;
    check(viewer.signed_in()?.may_decide_coupon(&f.enterprise))?;
    let actor = viewer.actor();
    match decision {
        Decision::Screen => store.screen_coupon(&actor, id, today).await?,
        Decision::Approve => store.approve_coupon(&actor, id, today).await?,
        Decision::Reject(r) => store.reject_coupon(&actor, id, &reason(&r)?, today).await?,
        Decision::Cancel(r) => store.cancel_coupon(&actor, id, &reason(&r)?, today).await?,
    }
    Ok(())
}

pub enum Decision {
    Screen,
    Approve,
    Reject(ReasonDraft),
    Cancel(ReasonDraft),
}

// ---------------------------------------------------------------- projects

/// What can be done to a project, each by its own actor.
pub enum ProjectStep {
    AddMilestone(MilestoneDraft),
    CompleteMilestone(i64),
    Report(ReportDraft),
    Return(ReasonDraft),
    Accept,
    Claim,
    Pay,
    Close(OutcomeDraft),
    FollowUp(OutcomeDraft),
    Cancel(ReasonDraft),
}

pub async fn project_step(
    store: &Store,
    viewer: &Viewer,
    id: i64,
    step: ProjectStep,
    today: NaiveDate,
) -> Result<(), WebError> {
    let (_, f) = engagement(store, viewer, id).await?;
    let who = viewer.signed_in()?;
    let allowed = match &step {
        ProjectStep::AddMilestone(_)
        | ProjectStep::CompleteMilestone(_)
        | ProjectStep::Report(_)
        | ProjectStep::Claim => who.may_deliver(&f),
        ProjectStep::Return(_) | ProjectStep::Accept => who.may_confirm_delivery(&f.enterprise),
        ProjectStep::Pay => who.may_decide_coupon(&f.enterprise),
        ProjectStep::Close(_) | ProjectStep::FollowUp(_) => who.may_record_outcome(&f.enterprise),
        ProjectStep::Cancel(_) => who.may_cancel_case(&f.enterprise),
    };
    check(allowed)?;
    let actor = viewer.actor();
    match step {
        ProjectStep::AddMilestone(d) => {
            let (title, due) = d.validate()?;
            store.add_milestone(&actor, id, &title, due).await?;
        }
        ProjectStep::CompleteMilestone(m) => store.complete_milestone(&actor, id, m, today).await?,
        ProjectStep::Report(d) => {
            otop_domain::workflow::check_report(&d.report).map_err(|r| field_refusal("report", &d.report, r))?;
            store.report_delivery(&actor, id, &d.report, today).await?
        }
        ProjectStep::Return(r) => store.return_delivery(&actor, id, &reason(&r)?).await?,
        ProjectStep::Accept => store.accept_delivery(&actor, id, today).await?,
        ProjectStep::Claim => store.claim_payment(&actor, id, today).await?,
        ProjectStep::Pay => store.approve_payment(&actor, id, today).await?,
        ProjectStep::Close(d) => store.close_engagement(&actor, id, &d.validate(OutcomeStage::AtClose)?, today).await?,
        ProjectStep::FollowUp(d) => {
            store.record_follow_up(&actor, id, &d.validate(OutcomeStage::FollowUp)?, today).await?
        }
        ProjectStep::Cancel(r) => store.cancel_engagement(&actor, id, &reason(&r)?, today).await?,
    }
    Ok(())
}

// ---------------------------------------------------------------- rounds and budget

pub async fn create_round(store: &Store, viewer: &Viewer, d: &RoundDraft) -> Result<i64, WebError> {
    viewer.needs(Permission::ManageRounds)?;
    Ok(store.create_round(&viewer.actor(), &d.validate()?).await?)
}

pub async fn fund_round(store: &Store, viewer: &Viewer, round: i64, d: &FundDraft) -> Result<(), WebError> {
    viewer.needs(Permission::ManageRounds)?;
    store.round(round).await?;
    let amount = Satang::parse_baht("amount", &d.amount).map_err(ValidationErrors::from)?;
    store.fund_round(&viewer.actor(), round, amount, &memo(&d.memo)?).await?;
    Ok(())
}

pub async fn allocate(store: &Store, viewer: &Viewer, round: i64, d: &AllocationDraft) -> Result<(), WebError> {
    let who = viewer.needs(Permission::AllocateBudget)?;
    store.round(round).await?;
    let mut errs = ValidationErrors::default();
    let holder = |field: &str, v: &str| {
        Holder::parse_key(v.trim()).ok_or_else(|| {
            FieldError::new(
                field,
                v,
                "ระบุผู้ถือวงเงินเป็น national, region:north, province:51 หรือ provider:3",
                "Name the budget holder as national, region:north, province:51 or provider:3",
            )
        })
    };
    let from = errs.take(holder("from", &d.from));
    let to = errs.take(holder("to", &d.to));
    let amount = errs.take(Satang::parse_baht("amount", &d.amount));
    let (from, to, amount) =
        errs.into_result(|| (from.expect("checked"), to.expect("checked"), amount.expect("checked")))?;
    check(who.may_allocate(from, to))?;
    store.allocate(&viewer.actor(), round, from, to, amount, &memo(&d.memo)?).await?;
    Ok(())
}

// ---------------------------------------------------------------- deliverable files

/// Largest deliverable: a scanned report or a few photos.
pub const DELIVERABLE_LIMIT: usize = 10 * 1024 * 1024;

/// What a file's first bytes say it is; the name and the browser's type are not trusted.
fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("image/webp", "webp"))
    } else {
        None
    }
}

/// Checks an uploaded deliverable (kind by content, size) and stores it with the project.
pub async fn store_deliverable(
    store: &Store,
    viewer: &Viewer,
    engagement_id: i64,
    upload: Result<crate::transfer::Upload, WebError>,
) -> Result<i64, WebError> {
    let (_, f) = engagement(store, viewer, engagement_id).await?;
    check(viewer.signed_in()?.may_deliver(&f))?;
    // Read only by those who may send it: a stranger learns nothing from the form's errors.
    let upload = upload?;
    if upload.bytes.len() > DELIVERABLE_LIMIT {
        return Err(WebError::TooLarge(otop_domain::Bilingual::new(
            "ไฟล์ส่งมอบต้องไม่เกิน 10 MB — ย่อรูปหรือบีบอัด PDF แล้วส่งใหม่",
            "A deliverable may be at most 10 MB — shrink the images or compress the PDF and send it again",
        )));
    }
    let Some((content_type, ext)) = sniff(&upload.bytes) else {
        return Err(WebError::BadRequest(otop_domain::Bilingual::new(
            "รับเฉพาะไฟล์ PDF หรือรูปภาพ (PNG, JPEG, WebP) — ไฟล์นี้ไม่ใช่ชนิดดังกล่าว",
            "Only PDF files and images (PNG, JPEG, WebP) are accepted — this file is none of them",
        )));
    };
    // The stored name always ends in the extension of what the file really is.
    let stem = upload.file_name.rsplit_once('.').map_or(upload.file_name.as_str(), |(s, _)| s);
    let stem: String = stem.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/')).take(120).collect();
    let name = format!("{}.{ext}", if stem.trim().is_empty() { "deliverable" } else { stem.trim() });
    Ok(store.add_deliverable(&viewer.actor(), engagement_id, &name, content_type, upload.bytes.to_vec()).await?)
}

/// A deliverable for those who may see its project, always as a download.
pub async fn deliverable_download(
    store: &Store,
    viewer: &Viewer,
    id: i64,
) -> Result<axum::response::Response, WebError> {
    use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
    use axum::response::IntoResponse;
    let file = store.deliverable_file(id).await?;
    engagement(store, viewer, file.info.engagement_id).await?;
    let ascii: String = file
        .info
        .file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' })
        .collect();
    let encoded: String =
        url::form_urlencoded::byte_serialize(file.info.file_name.as_bytes()).collect::<String>().replace('+', "%20");
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (CONTENT_TYPE, file.info.content_type.clone()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "private, no-store".to_string()),
        ],
        file.content,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_content() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(("application/pdf", "pdf")));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(("image/png", "png")));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(("image/jpeg", "jpg")));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"MZ\x90\x00"), None);
    }
}
