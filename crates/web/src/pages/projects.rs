//! `/projects/{id}`: a project (โครงการ) — its coupon with the officer's decisions, the
//! application form, milestones, deliverables, the delivery report and its acceptance, the
//! payment claim and its approval, the close with its outcome and the six-month follow-up.
//! Each form is shown only to whom the policy allows it; each POST goes through `cases`,
//! which checks again.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use otop_domain::workflow::{CouponStatus, EngagementStatus, OutcomeDraft, OutcomeStage};
use otop_domain::{Bilingual, Satang};

use super::needs::{DoneQuery, sees_enterprise, today_be};
use super::steps::{self, Problem};
use super::{Id, IdPair, render, see_other};
use crate::AppState;
use crate::access::Viewer;
use crate::cases::{self, CouponDraft, Decision, ProjectStep, ReasonDraft, ReportDraft};
use crate::error::WebError;
use crate::forms::{FormData, Msg};
use crate::i18n::{Lang, PageCtx};
use crate::transfer::Upload;
use crate::transfer::files::today;
use crate::views::{self, Opt};

struct CouponView {
    id: i64,
    round_name: String,
    price_item: String,
    price: String,
    copay: String,
    amount: String,
    funded_by: String,
    status: &'static str,
    code: &'static str,
    reason: String,
    applied: String,
    decided: String,
    can_screen: bool,
    can_approve: bool,
    /// Rejecting and cancelling take a reason; their forms open again after a problem.
    can_reject: bool,
    can_cancel: bool,
    reject_value: String,
    reject_open: bool,
    cancel_value: String,
    cancel_open: bool,
}

struct MilestoneView {
    id: i64,
    title: String,
    due_on: String,
    done_on: String,
    late: bool,
}

struct FileView {
    id: i64,
    name: String,
    size: String,
    uploaded: String,
}

struct OutcomeView {
    stage: &'static str,
    recorded: String,
    rows: Vec<(&'static str, String)>,
}

/// The coupon application form: the open rounds and the service's price list.
struct ApplyForm {
    rounds: Vec<Opt>,
    prices: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage {
    ctx: PageCtx,
    id: i64,
    need_id: i64,
    need_text: String,
    enterprise_id: i64,
    enterprise_name: String,
    enterprise_link: bool,
    service_id: i64,
    service_title: String,
    provider_id: i64,
    provider_name: String,
    status: &'static str,
    code: &'static str,
    /// Dates of the project's steps, those that happened: (label, date).
    dates: Vec<(&'static str, String)>,
    report: String,
    return_reason: String,
    cancel_reason: String,
    coupons: Vec<CouponView>,
    /// Shown to those who may apply while the project has no live coupon.
    apply: Option<ApplyForm>,
    /// Why there is no application form though the viewer may apply (no open round, no price).
    apply_blocked: Option<&'static str>,
    milestones: Vec<MilestoneView>,
    files: Vec<FileView>,
    outcomes: Vec<OutcomeView>,
    /// The provider's staff while the work is open: milestones, files, the report.
    can_work: bool,
    can_report: bool,
    can_claim: bool,
    can_confirm: bool,
    can_pay: bool,
    can_close: bool,
    can_follow_up: bool,
    follow_up_due: String,
    can_cancel: bool,
    star_choices: Vec<Opt>,
    cert_choices: Vec<Opt>,
    today: String,
    notice: Option<Msg>,
    problem: Option<Problem>,
}

impl ProjectPage {
    fn typed(&self, form: &str, name: &str) -> String {
        steps::typed(&self.problem, form, name)
    }

    fn failed(&self, form: &str) -> bool {
        steps::failed(&self.problem, form)
    }

    fn label(&self, field: &str) -> &'static str {
        steps::label(self.ctx.lang, field)
    }

    /// The outcome form's id: the close, or the follow-up once closed.
    fn outcome_form(&self) -> &'static str {
        if self.can_follow_up { "follow-up" } else { "close" }
    }

    fn outcome_value(&self, name: &str) -> String {
        self.typed(self.outcome_form(), name)
    }

    fn cert_checked(&self, code: &str) -> bool {
        let typed =
            self.problem.as_ref().map(|p| p.typed_all(self.outcome_form(), "certifications")).unwrap_or_default();
        otop_domain::registry::split_list(&typed).any(|c| c == code)
    }

    fn star_selected(&self, name: &str, value: &str) -> bool {
        self.outcome_value(name) == value
    }

    /// A due date after a problem, else today.
    fn due_value(&self) -> String {
        if self.failed("milestone") { self.typed("milestone", "due_on") } else { self.today.clone() }
    }
}

fn money(lang: Lang, s: Satang) -> String {
    views::baht(lang, s)
}

fn size(n: i64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (n + 1023) / 1024)
    }
}

fn outcome_rows(lang: Lang, o: &otop_domain::workflow::OutcomeData) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let pair = |before: Option<String>, after: Option<String>| match (before, after) {
        (None, None) => None,
        (b, a) => Some(format!("{} → {}", b.unwrap_or_else(|| "—".into()), a.unwrap_or_else(|| "—".into()))),
    };
    if !o.certifications.is_empty() {
        let names: Vec<&str> = o.certifications.iter().map(|c| lang.t(c.name_th(), c.name_en())).collect();
        rows.push((lang.t("มาตรฐานที่ได้รับใหม่", "Certifications gained"), names.join(", ")));
    }
    let stars = |s: Option<otop_domain::Stars>| s.map(|s| views::stars_label(lang, Some(s)));
    if let Some(v) = pair(stars(o.stars_before), stars(o.stars_after)) {
        rows.push((lang.t("ระดับดาว ก่อน → หลัง", "Stars, before → after"), v));
    }
    let baht = |s: Option<Satang>| s.map(|s| money(lang, s));
    if let Some(v) = pair(baht(o.revenue_before), baht(o.revenue_after)) {
        rows.push((lang.t("รายได้ต่อเดือน ก่อน → หลัง", "Monthly revenue, before → after"), v));
    }
    let people = |n: Option<u32>| n.map(|n| format!("{n} {}", lang.t("คน", "people")));
    if let Some(v) = pair(people(o.jobs_before), people(o.jobs_after)) {
        rows.push((lang.t("คนทำงาน ก่อน → หลัง", "People employed, before → after"), v));
    }
    if o.new_products > 0 {
        rows.push((lang.t("ผลิตภัณฑ์ใหม่", "New products"), o.new_products.to_string()));
    }
    if !o.new_markets.is_empty() {
        rows.push((lang.t("ตลาดหรือช่องทางขายใหม่", "New markets or channels"), o.new_markets.clone()));
    }
    if !o.note.is_empty() {
        rows.push((lang.t("หมายเหตุ", "Note"), o.note.clone()));
    }
    rows
}

async fn project_page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    id: i64,
    notice: Option<Msg>,
    problem: Option<Problem>,
) -> Result<Response, WebError> {
    let (g, facts) = cases::engagement(&state.store, viewer, id).await?;
    let who = viewer.signed_in()?;
    let store = &state.store;
    let lang = ctx.lang;
    let day = today();
    let coupons = store.coupons_of_engagement(id).await?;
    let live = coupons.iter().find(|c| !matches!(c.status, CouponStatus::Rejected | CouponStatus::Cancelled));
    let live_status = live.map(|c| c.status);
    let decides = who.may_decide_coupon(&facts.enterprise);
    let provider_names: Vec<(i64, String)> = vec![(g.provider_id, g.provider_name.clone())];
    let coupon_views = coupons
        .iter()
        .rev()
        .map(|c| {
            let reject = format!("reject-{}", c.id);
            let cancel = format!("cancel-{}", c.id);
            CouponView {
                id: c.id,
                round_name: c.round_name.clone(),
                price_item: c.price_item.clone(),
                price: money(lang, c.terms.price),
                copay: money(lang, c.terms.copay),
                amount: money(lang, c.terms.amount),
                funded_by: steps::holder_name(lang, c.funded_by, &provider_names),
                status: lang.t(c.status.name_th(), c.status.name_en()),
                code: c.status.code(),
                reason: c.reason.clone().unwrap_or_default(),
                applied: format!("{} · {}", views::date(lang, c.applied_on), steps::actor_name(&c.applied_by)),
                decided: match (&c.decided_on, &c.decided_by) {
                    (Some(d), Some(by)) => format!("{} · {}", views::date(lang, *d), steps::actor_name(by)),
                    (Some(d), None) => views::date(lang, *d),
                    _ => String::new(),
                },
                can_screen: decides && c.status == CouponStatus::Submitted,
                can_approve: decides && c.status.is_pending(),
                can_reject: decides && c.status.is_pending(),
                can_cancel: decides
                    && matches!(c.status, CouponStatus::Submitted | CouponStatus::Screened | CouponStatus::Approved),
                reject_value: steps::typed(&problem, &reject, "reason"),
                reject_open: steps::failed(&problem, &reject),
                cancel_value: steps::typed(&problem, &cancel, "reason"),
                cancel_open: steps::failed(&problem, &cancel),
            }
        })
        .collect();
    let open_work = matches!(g.status, EngagementStatus::Active | EngagementStatus::Reported);
    let may_apply = who.may_apply_coupon(&facts.enterprise) && open_work && live.is_none();
    let (apply, apply_blocked) = if may_apply {
        let rounds = store.open_rounds(day).await?;
        let prices = store.service(g.service_id).await?.service.data.prices;
        if rounds.is_empty() {
            (None, Some(lang.t("ยังไม่มีรอบคูปองที่เปิดรับคำขอในตอนนี้", "No coupon round is taking applications now")))
        } else if prices.is_empty() {
            (
                None,
                Some(lang.t(
                    "บริการนี้ยังไม่มีรายการราคา จึงยื่นขอคูปองไม่ได้ — แจ้งผู้ให้บริการให้เพิ่มอัตราค่าบริการ",
                    "This service has no price list yet, so no coupon can be applied for — ask the provider to add its prices",
                )),
            )
        } else {
            let rounds = rounds
                .iter()
                .map(|r| Opt {
                    value: r.id.to_string(),
                    label: format!(
                        "{} ({} {}%)",
                        r.rules.name,
                        lang.t("ร่วมจ่าย", "co-payment"),
                        r.rules.copay_percent()
                    ),
                })
                .collect();
            let prices = prices
                .iter()
                .enumerate()
                .map(|(i, p)| Opt { value: i.to_string(), label: format!("{} — {}", p.label, money(lang, p.amount)) })
                .collect();
            (Some(ApplyForm { rounds, prices }), None)
        }
    } else {
        (None, None)
    };
    let milestones = store
        .milestones(id)
        .await?
        .into_iter()
        .map(|m| MilestoneView {
            id: m.id,
            late: m.done_on.is_none() && m.due_on < day,
            due_on: views::date(lang, m.due_on),
            done_on: steps::opt_date(lang, m.done_on),
            title: m.title,
        })
        .collect();
    let files = store
        .deliverables(id)
        .await?
        .into_iter()
        .map(|d| FileView {
            id: d.id,
            size: size(d.size),
            uploaded: format!("{} · {}", steps::timestamp(lang, &d.uploaded_at), steps::actor_name(&d.uploaded_by)),
            name: d.file_name,
        })
        .collect();
    let outcomes_stored = store.outcomes(id).await?;
    let has_follow_up = outcomes_stored.iter().any(|o| o.data.stage == OutcomeStage::FollowUp);
    let outcomes = outcomes_stored
        .iter()
        .map(|o| OutcomeView {
            stage: lang.t(o.data.stage.name_th(), o.data.stage.name_en()),
            recorded: format!("{} · {}", views::date(lang, o.recorded_on), steps::actor_name(&o.recorded_by)),
            rows: outcome_rows(lang, &o.data),
        })
        .collect();
    let delivers = who.may_deliver(&facts);
    let records = who.may_record_outcome(&facts.enterprise);
    let mut dates = vec![(lang.t("เริ่มงาน", "Work started"), views::date(lang, g.start_on))];
    for (label, d) in [
        (lang.t("รายงานส่งมอบ", "Delivery reported"), g.reported_on),
        (lang.t("รับมอบงาน", "Delivery accepted"), g.accepted_on),
        (lang.t("ขอเบิกเงิน", "Payment claimed"), g.claimed_on),
        (lang.t("อนุมัติจ่าย", "Payment approved"), g.paid_on),
        (lang.t("ปิดโครงการ", "Closed"), g.closed_on),
    ] {
        if let Some(d) = d {
            dates.push((label, views::date(lang, d)));
        }
    }
    let status = problem.as_ref().map(|p| p.status).unwrap_or_default();
    let page = ProjectPage {
        id,
        need_id: g.need_id,
        need_text: views::shorten(&g.need_text, 200),
        enterprise_id: g.enterprise_id,
        enterprise_name: g.enterprise_name.clone(),
        enterprise_link: sees_enterprise(who, &facts),
        service_id: g.service_id,
        service_title: g.service_title.clone(),
        provider_id: g.provider_id,
        provider_name: g.provider_name.clone(),
        status: lang.t(g.status.name_th(), g.status.name_en()),
        code: g.status.code(),
        dates,
        report: g.report.clone().unwrap_or_default(),
        return_reason: if g.status == EngagementStatus::Active {
            g.return_reason.clone().unwrap_or_default()
        } else {
            String::new()
        },
        cancel_reason: g.cancel_reason.clone().unwrap_or_default(),
        coupons: coupon_views,
        apply,
        apply_blocked,
        milestones,
        files,
        outcomes,
        can_work: delivers && open_work,
        can_report: delivers && g.status == EngagementStatus::Active,
        can_claim: delivers && g.status == EngagementStatus::Accepted && live_status == Some(CouponStatus::Payable),
        can_confirm: who.may_confirm_delivery(&facts.enterprise) && g.status == EngagementStatus::Reported,
        can_pay: decides && g.status == EngagementStatus::Claimed,
        can_close: records
            && (g.status == EngagementStatus::Paid || (g.status == EngagementStatus::Accepted && live.is_none())),
        can_follow_up: records
            && g.status == EngagementStatus::Closed
            && !has_follow_up
            && g.follow_up_due.is_some_and(|d| d <= day),
        follow_up_due: if g.status == EngagementStatus::Closed && !has_follow_up {
            steps::opt_date(lang, g.follow_up_due)
        } else {
            String::new()
        },
        can_cancel: who.may_cancel_case(&facts.enterprise) && open_work,
        star_choices: super::enterprises::star_options(lang),
        cert_choices: otop_domain::CertificationKind::ALL
            .iter()
            .map(|c| Opt { value: c.code().to_string(), label: lang.t(c.name_th(), c.name_en()).to_string() })
            .collect(),
        today: today_be(),
        notice,
        problem,
        ctx,
    };
    Ok(render(status, &page))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let notice = steps::done_notice(ctx.lang, &q.done);
    project_page(&state, ctx, &viewer, id, notice, None).await
}

/// A step that did not go through: the project's page again, with why.
async fn sent_back(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    project: i64,
    e: WebError,
    form: &str,
    values: FormData,
) -> Result<Response, WebError> {
    let problem = Problem::of(ctx.lang, e, form, values)?;
    project_page(state, ctx, viewer, project, None, Some(problem)).await
}

#[allow(clippy::too_many_arguments)]
async fn step(
    state: AppState,
    ctx: PageCtx,
    viewer: Viewer,
    id: i64,
    step: ProjectStep,
    done: &str,
    form: &str,
    values: FormData,
) -> Result<Response, WebError> {
    match cases::project_step(&state.store, &viewer, id, step, today()).await {
        Ok(()) => Ok(see_other(&format!("/projects/{id}?done={done}"))),
        Err(e) => sent_back(&state, ctx, &viewer, id, e, form, values).await,
    }
}

fn reason(f: &FormData) -> ReasonDraft {
    ReasonDraft { reason: f.get("reason") }
}

fn outcome(f: &FormData) -> OutcomeDraft {
    OutcomeDraft {
        certifications: f.joined("certifications"),
        stars_before: f.get("stars_before"),
        stars_after: f.get("stars_after"),
        revenue_before: f.get("revenue_before"),
        revenue_after: f.get("revenue_after"),
        jobs_before: f.get("jobs_before"),
        jobs_after: f.get("jobs_after"),
        new_products: f.get("new_products"),
        new_markets: f.get("new_markets"),
        note: f.get("note"),
    }
}

pub async fn apply_coupon(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let d = CouponDraft { round_id: form.get("round_id"), price_index: form.get("price_index") };
    match cases::apply_coupon(&state.store, &viewer, id, &d, today()).await {
        Ok(_) => Ok(see_other(&format!("/projects/{id}?done=applied"))),
        Err(e) => sent_back(&state, ctx, &viewer, id, e, "apply", form).await,
    }
}

#[allow(clippy::too_many_arguments)]
async fn decide(
    state: AppState,
    ctx: PageCtx,
    viewer: Viewer,
    coupon: i64,
    decision: Decision,
    done: &str,
    form: String,
    values: FormData,
) -> Result<Response, WebError> {
    match cases::decide_coupon(&state.store, &viewer, coupon, decision, today()).await {
        Ok(()) => {
            let project = state.store.coupon(coupon).await?.engagement_id;
            Ok(see_other(&format!("/projects/{project}?done={done}")))
        }
        Err(e) => {
            let problem = Problem::of(ctx.lang, e, form, values)?;
            let project = state.store.coupon(coupon).await?.engagement_id;
            project_page(&state, ctx, &viewer, project, None, Some(problem)).await
        }
    }
}

pub async fn screen(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    decide(state, ctx, viewer, id, Decision::Screen, "screened", format!("screen-{id}"), form).await
}

pub async fn approve(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    decide(state, ctx, viewer, id, Decision::Approve, "approved", format!("approve-{id}"), form).await
}

pub async fn reject(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    decide(state, ctx, viewer, id, Decision::Reject(reason(&form)), "rejected", format!("reject-{id}"), form).await
}

pub async fn cancel_coupon(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let d = Decision::Cancel(reason(&form));
    decide(state, ctx, viewer, id, d, "coupon-cancelled", format!("cancel-{id}"), form).await
}

pub async fn add_milestone(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let d = otop_domain::workflow::MilestoneDraft { title: form.get("title"), due_on: form.get("due_on") };
    step(state, ctx, viewer, id, ProjectStep::AddMilestone(d), "milestone", "milestone", form).await
}

pub async fn milestone_done(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    IdPair(id, milestone): IdPair,
    form: FormData,
) -> Result<Response, WebError> {
    let form_id = format!("done-{milestone}");
    step(state, ctx, viewer, id, ProjectStep::CompleteMilestone(milestone), "milestone-done", &form_id, form).await
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    upload: Result<Upload, WebError>,
) -> Result<Response, WebError> {
    // The import's "choose a file" message speaks of sheets; a deliverable is a PDF or image.
    let upload = upload.map_err(|e| match e {
        WebError::BadRequest(m) if m == crate::transfer::upload::no_file().info().message => {
            WebError::BadRequest(Bilingual::new(
                "ยังไม่ได้เลือกไฟล์ — กด “เลือกไฟล์” แล้วเลือกไฟล์ PDF หรือรูปภาพ ก่อนกดแนบไฟล์",
                "No file was chosen — press “Choose file”, pick a PDF or an image, then upload",
            ))
        }
        other => other,
    });
    match cases::store_deliverable(&state.store, &viewer, id, upload).await {
        Ok(_) => Ok(see_other(&format!("/projects/{id}?done=uploaded"))),
        Err(e) => sent_back(&state, ctx, &viewer, id, e, "upload", FormData::default()).await,
    }
}

pub async fn download(State(state): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Response, WebError> {
    cases::deliverable_download(&state.store, &viewer, id).await
}

pub async fn report(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let d = ReportDraft { report: form.get("report") };
    step(state, ctx, viewer, id, ProjectStep::Report(d), "reported", "report", form).await
}

pub async fn claim(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    step(state, ctx, viewer, id, ProjectStep::Claim, "claimed", "claim", form).await
}

pub async fn send_back(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    step(state, ctx, viewer, id, ProjectStep::Return(reason(&form)), "returned", "return", form).await
}

pub async fn accept_delivery(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    step(state, ctx, viewer, id, ProjectStep::Accept, "delivery-accepted", "accept", form).await
}

pub async fn pay(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    step(state, ctx, viewer, id, ProjectStep::Pay, "paid", "pay", form).await
}

pub async fn cancel(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    step(state, ctx, viewer, id, ProjectStep::Cancel(reason(&form)), "cancelled", "cancel", form).await
}

pub async fn close(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    step(state, ctx, viewer, id, ProjectStep::Close(outcome(&form)), "closed", "close", form).await
}

pub async fn follow_up(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    step(state, ctx, viewer, id, ProjectStep::FollowUp(outcome(&form)), "followed-up", "follow-up", form).await
}
