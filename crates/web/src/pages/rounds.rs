//! `/rounds`: the coupon rounds and, for national officers, the form to open one;
//! `/rounds/{id}`: a round's budget — the balances of each holder the viewer may see, the
//! funding and allocation forms, and the latest ledger transactions.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use otop_domain::access::{Permission, Principal};
use otop_domain::workflow::{AccountKind, Holder, Round, RoundDraft};
use otop_geo::{Region, geography};

use super::needs::DoneQuery;
use super::steps::{self, Problem};
use super::{Id, render, see_other};
use crate::AppState;
use crate::access::Viewer;
use crate::cases::{self, AllocationDraft, FundDraft};
use crate::error::WebError;
use crate::forms::{FormData, Msg};
use crate::i18n::{Lang, PageCtx};
use crate::transfer::files::today;
use crate::views::{self, Opt, category_options, stage_options};

struct RoundLine {
    id: i64,
    name: String,
    fiscal_year: String,
    window: String,
    ceiling: String,
    copay: String,
    stages: String,
    categories: String,
    entrepreneurs_refer: bool,
    open: bool,
}

fn round_line(lang: Lang, r: &Round, day: chrono::NaiveDate) -> RoundLine {
    let rules = &r.rules;
    let all = |v: Vec<&'static str>, none: (&'static str, &'static str)| {
        if v.is_empty() { lang.t(none.0, none.1).to_string() } else { v.join(", ") }
    };
    RoundLine {
        id: r.id,
        name: rules.name.clone(),
        fiscal_year: match lang {
            Lang::Th => rules.fiscal_year.label_th(),
            Lang::En => rules.fiscal_year.label_en(),
        },
        window: format!("{} – {}", views::date(lang, rules.opens_on), views::date(lang, rules.closes_on)),
        ceiling: views::baht(lang, rules.ceiling),
        copay: format!("{}%", rules.copay_percent()),
        stages: all(views::stage_labels(lang, &rules.stages), ("ทุกด้าน", "Every stage")),
        categories: all(views::category_labels(lang, &rules.categories), ("ทุกประเภท", "Every category")),
        entrepreneurs_refer: rules.entrepreneurs_may_refer,
        open: rules.is_open_on(day),
    }
}

#[derive(Template)]
#[template(path = "rounds.html")]
struct RoundsPage {
    ctx: PageCtx,
    rounds: Vec<RoundLine>,
    /// National officers open rounds.
    can_create: bool,
    stage_choices: Vec<Opt>,
    category_choices: Vec<Opt>,
    notice: Option<Msg>,
    problem: Option<Problem>,
}

impl RoundsPage {
    fn typed(&self, name: &str) -> String {
        steps::typed(&self.problem, "round", name)
    }

    fn checked(&self, name: &str, code: &str) -> bool {
        let typed = self.problem.as_ref().map(|p| p.typed_all("round", name)).unwrap_or_default();
        otop_domain::registry::split_list(&typed).any(|c| c == code)
    }

    fn label(&self, field: &str) -> &'static str {
        steps::label(self.ctx.lang, field)
    }
}

async fn rounds_page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    problem: Option<Problem>,
) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::ViewLedger)?;
    let lang = ctx.lang;
    let day = today();
    let rounds = state.store.rounds().await?.iter().map(|r| round_line(lang, r, day)).collect();
    let status = problem.as_ref().map(|p| p.status).unwrap_or_default();
    let page = RoundsPage {
        rounds,
        can_create: who.may(Permission::ManageRounds),
        stage_choices: stage_options(lang),
        category_choices: category_options(lang),
        notice: None,
        problem,
        ctx,
    };
    Ok(render(status, &page))
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx, viewer: Viewer) -> Result<Response, WebError> {
    rounds_page(&state, ctx, &viewer, None).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    form: FormData,
) -> Result<Response, WebError> {
    let d = RoundDraft {
        name: form.get("name"),
        fiscal_year: form.get("fiscal_year"),
        stages: form.joined("stages"),
        categories: form.joined("categories"),
        ceiling: form.get("ceiling"),
        copay_percent: form.get("copay_percent"),
        opens_on: form.get("opens_on"),
        closes_on: form.get("closes_on"),
        entrepreneurs_may_refer: form.get("entrepreneurs_may_refer"),
    };
    match cases::create_round(&state.store, &viewer, &d).await {
        Ok(id) => Ok(see_other(&format!("/rounds/{id}?done=round"))),
        Err(e) => {
            let problem = Problem::of(ctx.lang, e, "round", form)?;
            rounds_page(&state, ctx, &viewer, Some(problem)).await
        }
    }
}

// ---------------------------------------------------------------- one round's budget

struct BalanceRow {
    /// `province-51`: the row's id.
    key: String,
    name: String,
    available: String,
    committed: String,
    payable: String,
    paid: String,
}

struct EntryLine {
    holder: String,
    account: &'static str,
    amount: String,
}

struct TransactionLine {
    at: String,
    kind: &'static str,
    memo: String,
    actor: String,
    entries: Vec<EntryLine>,
}

struct HolderGroup {
    label: String,
    holders: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "round.html")]
struct RoundPage {
    ctx: PageCtx,
    round: RoundLine,
    rows: Vec<BalanceRow>,
    transactions: Vec<TransactionLine>,
    can_fund: bool,
    /// The holders the viewer may move budget between, grouped for the selects; empty:
    /// no allocation form.
    holders: Vec<HolderGroup>,
    notice: Option<Msg>,
    problem: Option<Problem>,
}

impl RoundPage {
    fn typed(&self, form: &str, name: &str) -> String {
        steps::typed(&self.problem, form, name)
    }

    fn failed(&self, form: &str) -> bool {
        steps::failed(&self.problem, form)
    }

    fn label(&self, field: &str) -> &'static str {
        steps::label(self.ctx.lang, field)
    }
}

/// Whether `who` may move budget from or to `h` with someone (the selects' choices).
fn allocatable(who: &Principal, h: Holder) -> bool {
    let neighbours = [h.parent()].into_iter().flatten().chain(match h {
        Holder::National => vec![Holder::Region(Region::North)],
        Holder::Region(r) => geography().provinces_in(r).map(|p| Holder::Province(p.code)).take(1).collect(),
        _ => vec![],
    });
    neighbours.into_iter().any(|n| who.may_allocate(h, n) || who.may_allocate(n, h))
}

fn holder_groups(lang: Lang, who: &Principal, providers: &[(i64, String)]) -> Vec<HolderGroup> {
    let opt = |h: Holder| Opt { value: h.key(), label: steps::holder_name(lang, h, providers) };
    let mut groups = Vec::new();
    let mut top: Vec<Opt> = Vec::new();
    if allocatable(who, Holder::National) {
        top.push(opt(Holder::National));
    }
    top.extend(Region::ALL.iter().map(|r| Holder::Region(*r)).filter(|h| allocatable(who, *h)).map(opt));
    if !top.is_empty() {
        groups.push(HolderGroup {
            label: lang.t("ส่วนกลางและภาค", "National and regions").to_string(), holders: top
        });
    }
    for r in Region::ALL {
        let mut provinces: Vec<Opt> = geography()
            .provinces_in(r)
            .map(|p| Holder::Province(p.code))
            .filter(|h| allocatable(who, *h))
            .map(opt)
            .collect();
        provinces.sort_by_cached_key(|o| views::sort_key(&o.label));
        if !provinces.is_empty() {
            groups.push(HolderGroup { label: lang.t(r.name_th(), r.name_en()).to_string(), holders: provinces });
        }
    }
    let provider_holders: Vec<Opt> =
        providers.iter().map(|(id, _)| Holder::Provider(*id)).filter(|h| allocatable(who, *h)).map(opt).collect();
    if !provider_holders.is_empty() {
        groups.push(HolderGroup {
            label: lang.t("ผู้ให้บริการ", "Providers").to_string(), holders: provider_holders
        });
    }
    groups
}

async fn round_page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    id: i64,
    notice: Option<Msg>,
    problem: Option<Problem>,
) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::ViewLedger)?;
    let store = &state.store;
    let lang = ctx.lang;
    let round = store.round(id).await?;
    let providers: Vec<(i64, String)> = store.providers(None).await?.into_iter().map(|p| (p.id, p.data.name)).collect();
    let mut by_holder: Vec<(Holder, [i64; 4])> = Vec::new();
    for b in store.balances(Some(id)).await?.into_iter().filter(|b| who.may_view_budget_of(b.holder)) {
        let column = match b.kind {
            AccountKind::Available => 0,
            AccountKind::Committed => 1,
            AccountKind::Payable => 2,
            AccountKind::Paid => 3,
            AccountKind::Source => continue,
        };
        match by_holder.iter_mut().find(|(h, _)| *h == b.holder) {
            Some((_, sums)) => sums[column] += b.balance.0,
            None => {
                let mut sums = [0; 4];
                sums[column] = b.balance.0;
                by_holder.push((b.holder, sums));
            }
        }
    }
    by_holder.sort_by_key(|(h, _)| steps::holder_order(h));
    let baht = |v: i64| views::baht(lang, otop_domain::Satang(v));
    let rows = by_holder
        .iter()
        .map(|(h, s)| BalanceRow {
            key: h.key().replace(':', "-"),
            name: steps::holder_name(lang, *h, &providers),
            available: baht(s[0]),
            committed: baht(s[1]),
            payable: baht(s[2]),
            paid: baht(s[3]),
        })
        .collect();
    let transactions = store
        .ledger_transactions(id, None, 200)
        .await?
        .into_iter()
        .filter(|t| t.entries.iter().any(|e| who.may_view_budget_of(e.holder)))
        .take(50)
        .map(|t| TransactionLine {
            at: steps::timestamp(lang, &t.at),
            kind: lang.t(t.kind.name_th(), t.kind.name_en()),
            memo: t.memo.clone(),
            actor: steps::actor_name(&t.actor),
            entries: t
                .entries
                .iter()
                .map(|e| EntryLine {
                    holder: steps::holder_name(lang, e.holder, &providers),
                    account: lang.t(e.kind.name_th(), e.kind.name_en()),
                    amount: format!("{}{}", if e.amount.0 > 0 { "+" } else { "" }, baht(e.amount.0)),
                })
                .collect(),
        })
        .collect();
    let status = problem.as_ref().map(|p| p.status).unwrap_or_default();
    let page = RoundPage {
        round: round_line(lang, &round, today()),
        rows,
        transactions,
        can_fund: who.may(Permission::ManageRounds),
        holders: if who.may(Permission::AllocateBudget) { holder_groups(lang, who, &providers) } else { Vec::new() },
        notice,
        problem,
        ctx,
    };
    Ok(render(status, &page))
}

pub async fn detail(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let notice = steps::done_notice(ctx.lang, &q.done);
    round_page(&state, ctx, &viewer, id, notice, None).await
}

pub async fn fund(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let d = FundDraft { amount: form.get("amount"), memo: form.get("memo") };
    match cases::fund_round(&state.store, &viewer, id, &d).await {
        Ok(()) => Ok(see_other(&format!("/rounds/{id}?done=funded"))),
        Err(e) => {
            let problem = Problem::of(ctx.lang, e, "fund", form)?;
            round_page(&state, ctx, &viewer, id, None, Some(problem)).await
        }
    }
}

pub async fn allocate(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let d = AllocationDraft {
        from: form.get("from"),
        to: form.get("to"),
        amount: form.get("amount"),
        memo: form.get("memo"),
    };
    match cases::allocate(&state.store, &viewer, id, &d).await {
        Ok(()) => Ok(see_other(&format!("/rounds/{id}?done=allocated"))),
        Err(e) => {
            let problem = Problem::of(ctx.lang, e, "allocate", form)?;
            round_page(&state, ctx, &viewer, id, None, Some(problem)).await
        }
    }
}
