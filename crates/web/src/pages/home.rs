use askama::Template;
use axum::extract::State;
use axum::response::Response;
use otop_store::stats::Counts;

use super::html;
use crate::AppState;
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::views::{Opt, stage_options};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    counts: Counts,
    stages: Vec<Opt>,
}

impl HomePage {
    fn n(&self, v: &i64) -> String {
        crate::views::count(*v)
    }
}

pub async fn home(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let counts = state.store.counts().await?;
    let stages = stage_options(ctx.lang);
    Ok(html(&HomePage { ctx, counts, stages }))
}
