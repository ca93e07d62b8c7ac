//! `/match`: a producer's problem in everyday Thai in, the services that can solve it out,
//! ranked, each with why. A GET form, so that results are links and work without
//! JavaScript; `?need=ID` ranks a stored need (the enterprise page's form sends there).

use std::collections::HashSet;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use otop_domain::{Need, ValidationErrors};

use super::render;
use super::steps::{self, Problem};
use crate::AppState;
use crate::access::Viewer;
use crate::error::WebError;
use crate::forms::{FormData, FormView};
use crate::i18n::{Lang, PageCtx};
use crate::matching::{DEFAULT_TOP, Found, MatchDraft, Piece, marked, need_words, rank};
use crate::views::{self, Opt, ProvinceGroup, category_options, province_groups, stage_options};

/// Characters of a service's description shown on its card.
const SUMMARY: usize = 220;

/// Everyday problems (text, province code, category) offered as examples on a first visit.
const EXAMPLES: &[(&str, &str, &str)] = &[
    ("ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา", "51", "food"),
    ("ผ้าฝ้ายย้อมสีธรรมชาติ ซักแล้วสีตก", "48", "textile"),
    ("อยากขอ อย. ให้น้ำพริก แต่ไม่รู้ต้องเริ่มตรงไหน", "30", "food"),
    ("กล่องใส่ขนมไม่สวย ส่งขายในห้างไม่ได้", "10", "food"),
];

/// A ranked service as its card shows it.
struct MatchCard {
    rank: usize,
    id: i64,
    title: Vec<Piece>,
    summary: Vec<Piece>,
    provider_id: i64,
    provider_name: String,
    provider_kind: &'static str,
    unit_name: String,
    coverage: String,
    reasons: Vec<String>,
    /// The status of this need's open referral to this service, if there is one.
    referred: Option<&'static str>,
    /// The refer form's note as typed after a problem, and whether to show it open.
    note_value: String,
    refer_failed: bool,
}

impl MatchCard {
    fn new(lang: Lang, rank: usize, f: &Found, words: &HashSet<String>) -> Self {
        let l = &f.listing;
        let d = &l.service.data;
        MatchCard {
            rank,
            id: l.service.id,
            title: marked(&d.title, words),
            summary: marked(&views::shorten(&d.description, SUMMARY), words),
            provider_id: d.provider_id,
            provider_name: l.provider_name.clone(),
            provider_kind: lang.t(l.provider_kind.name_th(), l.provider_kind.name_en()),
            unit_name: l.unit_name.clone().unwrap_or_default(),
            coverage: views::coverage(lang, &d.coverage),
            reasons: f.reasons.iter().map(|r| lang.t(&r.th, &r.en).to_string()).collect(),
            referred: None,
            note_value: String::new(),
            refer_failed: false,
        }
    }
}

/// The stored need being matched, when the page was opened with `?need=ID`.
struct NeedShown {
    id: i64,
    /// The viewer may refer this need: each ranked service gets a form to do so.
    may_refer: bool,
    /// Open referrals of the need: service and status.
    referred: Vec<(i64, &'static str)>,
    enterprise_id: i64,
    enterprise_name: String,
    created: String,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "match.html")]
struct MatchPage {
    ctx: PageCtx,
    form: FormView,
    provinces: Vec<ProvinceGroup>,
    categories: Vec<Opt>,
    stages: Vec<Opt>,
    need: Option<NeedShown>,
    /// Just saved from the enterprise page.
    saved: bool,
    /// `None` until a need was sent.
    cards: Option<Vec<MatchCard>>,
    /// The directory with the same province and category, for "see all services".
    directory: String,
    /// A referral that did not go through.
    problem: Option<Problem>,
    notice: Option<crate::forms::Msg>,
}

impl MatchPage {
    fn province_selected(&self, code: &str) -> bool {
        self.form.selected("province", code)
    }

    /// Problems as producers put them, each a link to its results.
    fn examples(&self) -> Vec<(&'static str, String)> {
        EXAMPLES
            .iter()
            .map(|(text, province, category)| {
                let q = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("text", text)
                    .append_pair("province", province)
                    .append_pair("category", category)
                    .finish();
                (*text, format!("/match?{q}#results"))
            })
            .collect()
    }

    /// Each field with an error once, with its label, for the summary above the form.
    fn fields_to_fix(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for s in self.form.summary() {
            if !out.iter().any(|(f, _)| *f == s.field) {
                out.push((s.field, s.label));
            }
        }
        out
    }

    fn stages_open(&self) -> bool {
        !self.form.value("stages").trim().is_empty() || self.form.invalid("stages")
    }
}

/// Anyone may match a typed problem; a stored need (`?need=`) is shown only to those who
/// may see its enterprise.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let q = FormData::parse(raw.unwrap_or_default().as_bytes());
    page_with(&state, ctx, &viewer, &q, None).await
}

/// A stored need's ranked services again, with why its referral did not go through.
pub(super) async fn need_match_page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    need: i64,
    problem: Option<Problem>,
) -> Result<Response, WebError> {
    page_with(state, ctx, viewer, &FormData::parse(format!("need={need}").as_bytes()), problem).await
}

async fn page_with(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    q: &FormData,
    problem: Option<Problem>,
) -> Result<Response, WebError> {
    let (draft, need) = match q.get("need").trim() {
        "" => (draft_from_query(q), None),
        id => {
            let id = id.parse::<i64>().ok().filter(|id| *id > 0).ok_or(WebError::NotFound)?;
            let (draft, shown) = stored_need(state, viewer, ctx.lang, id).await?;
            (draft, Some(shown))
        }
    };
    let saved = need.is_some() && q.get("saved") == "1";
    // A first visit (or a link from an enterprise with its province) shows the form only.
    if need.is_none() && !q.has("text") {
        return Ok(match_page(ctx, draft, None, need, saved, None, None));
    }
    match draft.validate() {
        Err(errs) => Ok(match_page(ctx, draft, Some(&errs), need, saved, None, problem)),
        Ok((query, _)) => {
            let found = rank(state, &query, DEFAULT_TOP).await?;
            let words = need_words(state, &query);
            let mut cards: Vec<MatchCard> =
                found.iter().enumerate().map(|(i, f)| MatchCard::new(ctx.lang, i + 1, f, &words)).collect();
            if let Some(n) = &need {
                for c in &mut cards {
                    c.referred = n.referred.iter().find(|(s, _)| *s == c.id).map(|(_, status)| *status);
                    let form = format!("refer-{}", c.id);
                    c.refer_failed = steps::failed(&problem, &form);
                    c.note_value = steps::typed(&problem, &form, "note");
                }
            }
            // The choices as codes, so that the selects show what was understood.
            let shown = MatchDraft {
                province: query.province_code.map(|c| c.to_string()).unwrap_or_default(),
                category: query.category.map(|c| c.code().to_string()).unwrap_or_default(),
                stages: query.stages.iter().map(|s| s.code()).collect::<Vec<_>>().join(", "),
                ..draft
            };
            Ok(match_page(ctx, shown, None, need, saved, Some(cards), problem))
        }
    }
}

fn draft_from_query(q: &FormData) -> MatchDraft {
    MatchDraft {
        text: q.get("text"),
        province: q.get("province"),
        category: q.get("category"),
        product: q.get("product"),
        stages: q.joined("stages"),
        top: String::new(),
    }
}

/// A stored need as the form's values, and what the page says about it.
async fn stored_need(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    id: i64,
) -> Result<(MatchDraft, NeedShown), WebError> {
    let need: Need = state.store.need(id).await?;
    let d = &need.data;
    let facts = crate::ops::viewable_enterprise(&state.store, viewer, d.enterprise_id).await?;
    let today = crate::transfer::files::today();
    let may_refer = viewer.principal.as_ref().is_some_and(|who| who.may_refer(&facts, false))
        || match &viewer.principal {
            Some(who) if who.may_refer(&facts, true) => {
                crate::cases::entrepreneurs_may_refer(&state.store, today).await?
            }
            _ => false,
        };
    let referred = if may_refer {
        state
            .store
            .referrals_of_need(id)
            .await?
            .into_iter()
            .filter(|r| r.status.is_open())
            .map(|r| (r.service_id, lang.t(r.status.name_th(), r.status.name_en())))
            .collect()
    } else {
        Vec::new()
    };
    let enterprise = state.store.enterprise(d.enterprise_id).await?;
    let product = match d.product_id {
        Some(pid) => state.store.product(pid).await.ok(),
        None => None,
    };
    let category = d.category.or(product.as_ref().map(|p| p.data.category));
    let draft = MatchDraft {
        text: d.text.clone(),
        province: d.province_code.to_string(),
        category: category.map(|c| c.code().to_string()).unwrap_or_default(),
        product: product.map(|p| p.data.name).unwrap_or_default(),
        stages: d.stages.iter().map(|s| s.code()).collect::<Vec<_>>().join(", "),
        top: String::new(),
    };
    let shown = NeedShown {
        id,
        may_refer,
        referred,
        enterprise_id: d.enterprise_id,
        enterprise_name: enterprise.data.name,
        created: views::date(lang, d.created_on),
        status: views::need_status(lang, d.status),
    };
    Ok((draft, shown))
}

fn match_page(
    ctx: PageCtx,
    draft: MatchDraft,
    errors: Option<&ValidationErrors>,
    need: Option<NeedShown>,
    saved: bool,
    cards: Option<Vec<MatchCard>>,
    problem: Option<Problem>,
) -> Response {
    let lang = ctx.lang;
    let mut directory = url::form_urlencoded::Serializer::new(String::new());
    if errors.is_none() {
        for (key, v) in [("province", draft.province.trim()), ("category", draft.category.trim())] {
            if !v.is_empty() {
                directory.append_pair(key, v);
            }
        }
    }
    let directory = match directory.finish() {
        q if q.is_empty() => "/services".to_string(),
        q => format!("/services?{q}"),
    };
    let page = MatchPage {
        form: FormView::new(lang, &draft, errors, &["text"]),
        provinces: province_groups(lang),
        categories: category_options(lang),
        stages: stage_options(lang),
        need,
        saved,
        cards,
        directory,
        ctx,
        problem,
        notice: None,
    };
    let status = match (&page.problem, errors) {
        (Some(p), _) => p.status,
        (None, Some(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        (None, None) => StatusCode::OK,
    };
    render(status, &page)
}
