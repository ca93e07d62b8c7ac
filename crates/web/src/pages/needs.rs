//! `/needs/{id}`: a need's case — its text and status, the referrals with the provider's
//! answer forms and the officer's withdraw button, its projects, and the timeline of every
//! step; and the referral steps the page and the match page post.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use otop_domain::access::{CaseFacts, Permission, Principal};
use otop_domain::workflow::{EventKind, ReferralStatus};
use serde::Deserialize;

use super::steps::{self, Problem};
use super::{Id, render, see_other};
use crate::AppState;
use crate::access::Viewer;
use crate::cases::{self, AcceptDraft, ReasonDraft, ReferDraft};
use crate::error::WebError;
use crate::forms::{FormData, Msg};
use crate::i18n::PageCtx;
use crate::transfer::files::today;
use crate::views;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    pub done: String,
}

struct ReferralView {
    id: i64,
    service_id: i64,
    service_title: String,
    provider_id: i64,
    provider_name: String,
    status: &'static str,
    /// `sent`, `accepted`, … for the badge's style.
    code: &'static str,
    sent_on: String,
    sent_by: String,
    note: String,
    answered_by: String,
    start_on: String,
    reason: String,
    engagement_id: Option<i64>,
    overdue: bool,
    /// The viewer is the provider's staff and it awaits their answer.
    can_answer: bool,
    /// The viewer is an officer over the case and it is still unanswered.
    can_withdraw: bool,
    /// The answer forms' values: as typed after a problem, else today and nothing.
    start_value: String,
    reason_value: String,
    decline_open: bool,
}

struct ProjectLine {
    id: i64,
    service_title: String,
    provider_name: String,
    status: &'static str,
    start_on: String,
}

struct EventLine {
    at: String,
    actor: String,
    event: &'static str,
    detail: String,
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "need.html")]
struct NeedPage {
    ctx: PageCtx,
    id: i64,
    text: String,
    status: &'static str,
    created: String,
    stages: Vec<&'static str>,
    province: String,
    enterprise_id: i64,
    enterprise_name: String,
    /// The viewer may open the enterprise's page.
    enterprise_link: bool,
    referrals: Vec<ReferralView>,
    projects: Vec<ProjectLine>,
    timeline: Vec<EventLine>,
    may_refer: bool,
    reply_days: u32,
    notice: Option<Msg>,
    problem: Option<Problem>,
}

impl NeedPage {
    fn label(&self, field: &str) -> &'static str {
        steps::label(self.ctx.lang, field)
    }
}

fn case_of(f: &CaseFacts, provider_id: i64) -> CaseFacts {
    CaseFacts { enterprise: f.enterprise.clone(), provider_id: Some(provider_id) }
}

/// Whether `who` may open the enterprise's own page.
pub(super) fn sees_enterprise(who: &Principal, f: &CaseFacts) -> bool {
    who.may(Permission::ViewEnterprises) && who.may_view_enterprise(&f.enterprise)
}

pub(super) async fn need_page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    id: i64,
    notice: Option<Msg>,
    problem: Option<Problem>,
) -> Result<Response, WebError> {
    let (need, facts) = cases::need(&state.store, viewer, id).await?;
    let who = viewer.signed_in()?;
    let lang = ctx.lang;
    let day = today();
    let store = &state.store;
    let enterprise = store.enterprise(need.data.enterprise_id).await?;
    let referrals = store
        .referrals_of_need(id)
        .await?
        .into_iter()
        .map(|r| ReferralView {
            id: r.id,
            service_id: r.service_id,
            provider_id: r.provider_id,
            status: lang.t(r.status.name_th(), r.status.name_en()),
            code: r.status.code(),
            sent_on: views::date(lang, r.sent_on),
            sent_by: steps::actor_name(&r.sent_by),
            note: r.note.clone(),
            answered_by: r.answered_by.as_deref().map(steps::actor_name).unwrap_or_default(),
            start_on: steps::opt_date(lang, r.start_on),
            reason: r.reason.clone().unwrap_or_default(),
            engagement_id: r.engagement_id,
            overdue: r.status.is_overdue(r.sent_on, day, state.reply_days),
            can_answer: r.status == ReferralStatus::Sent && who.may_deliver(&case_of(&facts, r.provider_id)),
            can_withdraw: r.status == ReferralStatus::Sent && who.may_cancel_case(&facts.enterprise),
            start_value: if steps::failed(&problem, &format!("accept-{}", r.id)) {
                steps::typed(&problem, &format!("accept-{}", r.id), "start_on")
            } else {
                today_be()
            },
            reason_value: steps::typed(&problem, &format!("decline-{}", r.id), "reason"),
            decline_open: steps::failed(&problem, &format!("decline-{}", r.id)),
            service_title: r.service_title,
            provider_name: r.provider_name,
        })
        .collect();
    let projects = store
        .engagements_of_need(id)
        .await?
        .into_iter()
        .filter(|g| who.may_see_case(&case_of(&facts, g.provider_id)))
        .map(|g| ProjectLine {
            id: g.id,
            status: lang.t(g.status.name_th(), g.status.name_en()),
            start_on: views::date(lang, g.start_on),
            service_title: g.service_title,
            provider_name: g.provider_name,
        })
        .collect();
    // The need's own record opens its history (it is not an event of the workflow).
    let mut timeline = vec![EventLine {
        at: views::date(lang, need.data.created_on),
        actor: String::new(),
        event: lang.t(EventKind::NeedCreated.name_th(), EventKind::NeedCreated.name_en()),
        detail: String::new(),
        link: None,
    }];
    timeline.extend(store.timeline(id).await?.into_iter().map(|e| EventLine {
        at: steps::timestamp(lang, &e.at),
        actor: steps::actor_name(&e.actor),
        event: lang.t(e.event.name_th(), e.event.name_en()),
        detail: steps::detail(lang, &e.detail),
        link: e.engagement_id.map(|g| format!("/projects/{g}")),
    }));
    let may_refer = who.may_refer(&facts.enterprise, cases::entrepreneurs_may_refer(store, day).await?);
    let status = problem.as_ref().map(|p| p.status).unwrap_or_default();
    let page = NeedPage {
        id,
        text: need.data.text.clone(),
        status: views::need_status(lang, need.data.status),
        created: views::date(lang, need.data.created_on),
        stages: views::stage_labels(lang, &need.data.stages),
        province: views::province_name(lang, need.data.province_code),
        enterprise_id: need.data.enterprise_id,
        enterprise_name: enterprise.data.name,
        enterprise_link: sees_enterprise(who, &facts),
        referrals,
        projects,
        timeline,
        may_refer,
        reply_days: state.reply_days,
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
    need_page(&state, ctx, &viewer, id, notice, None).await
}

/// A step on a referral that did not go through: its need's page again, with why.
async fn sent_back(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    referral: i64,
    e: WebError,
    form: String,
    values: FormData,
) -> Result<Response, WebError> {
    let problem = Problem::of(ctx.lang, e, form, values)?;
    let need = state.store.referral(referral).await?.need_id;
    need_page(state, ctx, viewer, need, None, Some(problem)).await
}

/// Refers the need to a service (from the match page's ranked services).
pub async fn refer(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let d = ReferDraft { service_id: form.get("service_id"), note: form.get("note") };
    match cases::refer(&state.store, &viewer, id, &d, today()).await {
        Ok(_) => Ok(see_other(&format!("/needs/{id}?done=referred"))),
        Err(e) => {
            let form_id = format!("refer-{}", d.service_id.trim());
            let problem = Problem::of(ctx.lang, e, form_id, form)?;
            super::matching::need_match_page(&state, ctx, &viewer, id, Some(problem)).await
        }
    }
}

pub async fn accept(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let d = AcceptDraft { start_on: form.get("start_on") };
    match cases::accept_referral(&state.store, &viewer, id, &d).await {
        Ok(project) => Ok(see_other(&format!("/projects/{project}?done=accepted"))),
        Err(e) => sent_back(&state, ctx, &viewer, id, e, format!("accept-{id}"), form).await,
    }
}

pub async fn decline(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let d = ReasonDraft { reason: form.get("reason") };
    match cases::decline_referral(&state.store, &viewer, id, &d).await {
        Ok(()) => {
            let need = state.store.referral(id).await?.need_id;
            Ok(see_other(&format!("/needs/{need}?done=declined")))
        }
        Err(e) => sent_back(&state, ctx, &viewer, id, e, format!("decline-{id}"), form).await,
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    match cases::withdraw_referral(&state.store, &viewer, id).await {
        Ok(()) => {
            let need = state.store.referral(id).await?.need_id;
            Ok(see_other(&format!("/needs/{need}?done=withdrawn")))
        }
        Err(e) => sent_back(&state, ctx, &viewer, id, e, format!("withdraw-{id}"), form).await,
    }
}

/// Today as the date fields' example: "26/11/2569".
pub(super) fn today_be() -> String {
    use chrono::Datelike;
    let d = today();
    format!("{}/{}/{}", d.day(), d.month(), d.year() + otop_domain::fiscal::BE_OFFSET)
}
