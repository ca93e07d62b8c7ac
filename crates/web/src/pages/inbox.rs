//! `/inbox`: what awaits the signed-in person (งานที่รอดำเนินการ), computed from the
//! records' states: referrals to answer, coupons to screen or approve, deliveries to check,
//! payments to claim or approve, outcomes and follow-ups to record.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use otop_store::workflow::InboxItem;

use super::html;
use crate::AppState;
use crate::access::Viewer;
use crate::error::WebError;
use crate::i18n::{Lang, PageCtx};
use crate::transfer::files::today;
use crate::views;

pub struct InboxLine {
    pub what: &'static str,
    pub href: String,
    pub enterprise: String,
    pub service: String,
    pub since: String,
    pub overdue: bool,
}

/// Where an item is done: its project, else its need's referrals.
pub fn line(lang: Lang, i: &InboxItem) -> InboxLine {
    let href = match (i.engagement_id, i.referral_id) {
        (Some(g), _) => format!("/projects/{g}"),
        (None, Some(r)) => format!("/needs/{}#referral-{r}", i.need_id),
        (None, None) => format!("/needs/{}", i.need_id),
    };
    InboxLine {
        what: lang.t(i.kind.name_th(), i.kind.name_en()),
        href,
        enterprise: i.enterprise_name.clone(),
        service: i.service_title.clone(),
        since: views::date(lang, i.since),
        overdue: i.overdue,
    }
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    ctx: PageCtx,
    items: Vec<InboxLine>,
    overdue: usize,
    reply_days: u32,
}

pub async fn page(State(state): State<AppState>, ctx: PageCtx, viewer: Viewer) -> Result<Response, WebError> {
    let who = viewer.signed_in()?;
    let items: Vec<InboxLine> =
        state.store.inbox(who, today(), state.reply_days).await?.iter().map(|i| line(ctx.lang, i)).collect();
    let overdue = items.iter().filter(|i| i.overdue).count();
    Ok(html(&InboxPage { ctx, overdue, items, reply_days: state.reply_days }))
}
