//! The service directory, a service's page and the service form.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use otop_domain::{ServiceDraft, ValidationErrors};
use serde::Deserialize;

use super::{Id, html, render, see_other};
use crate::AppState;
use crate::access::{Viewer, check};
use crate::error::WebError;
use crate::filters::{ServiceFilterText, page_number, service_filter};
use crate::forms::{FormData, FormView};
use crate::i18n::{PageCtx, field_label};
use crate::ops;
use crate::views::{
    Opt, Pager, ProvinceGroup, ServiceCard, category_options, provider_kind_options, province_groups, region_options,
    stage_options,
};

const PER_PAGE: i64 = 20;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DirectoryQuery {
    q: String,
    stage: String,
    category: String,
    province: String,
    region: String,
    kind: String,
    page: String,
}

/// The filter choices as the form shows them selected (codes of what was understood).
#[derive(Default)]
struct Chosen {
    q: String,
    stage: String,
    category: String,
    province: String,
    region: String,
    kind: String,
}

#[derive(Template)]
#[template(path = "services.html")]
struct DirectoryPage {
    ctx: PageCtx,
    chosen: Chosen,
    stages: Vec<Opt>,
    categories: Vec<Opt>,
    kinds: Vec<Opt>,
    regions: Vec<Opt>,
    provinces: Vec<ProvinceGroup>,
    problems: Vec<String>,
    cards: Vec<ServiceCard>,
    pager: Pager,
    filtered: bool,
    /// The secondary filters start open when one of them is in use.
    more_open: bool,
}

pub async fn directory(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<DirectoryQuery>,
) -> Result<Response, WebError> {
    let (mut filter, errs) = service_filter(&ServiceFilterText {
        q: &q.q,
        stage: &q.stage,
        category: &q.category,
        province: &q.province,
        region: &q.region,
        kind: &q.kind,
        provider: "",
    });
    let page = page_number(&q.page);
    filter.limit = PER_PAGE;
    filter.offset = (page - 1) * PER_PAGE;
    let found = state.store.services(&filter).await?;
    let lang = ctx.lang;
    let chosen = Chosen {
        q: q.q.trim().to_string(),
        stage: filter.stage.map(|s| s.code().to_string()).unwrap_or_default(),
        category: filter.category.map(|c| c.code().to_string()).unwrap_or_default(),
        province: filter.province_code.map(|p| p.to_string()).unwrap_or_default(),
        region: filter.region.map(|r| r.code().to_string()).unwrap_or_default(),
        kind: filter.provider_kind.map(|k| k.code().to_string()).unwrap_or_default(),
    };
    let params = [
        ("q", chosen.q.as_str()),
        ("stage", chosen.stage.as_str()),
        ("category", chosen.category.as_str()),
        ("province", chosen.province.as_str()),
        ("region", chosen.region.as_str()),
        ("kind", chosen.kind.as_str()),
    ];
    let filtered = params.iter().any(|(_, v)| !v.is_empty());
    let more_open = !(chosen.category.is_empty() && chosen.region.is_empty() && chosen.kind.is_empty());
    let pager = Pager::new("/services", &params, page, PER_PAGE, found.total);
    let page = DirectoryPage {
        problems: problems(&ctx, &errs),
        stages: stage_options(lang),
        categories: category_options(lang),
        kinds: provider_kind_options(lang),
        regions: region_options(lang),
        provinces: province_groups(lang),
        cards: found.items.iter().map(|l| ServiceCard::new(lang, l)).collect(),
        chosen,
        pager,
        filtered,
        more_open,
        ctx,
    };
    Ok(html(&page))
}

/// Filter values that were not understood, as lines for a notice.
pub(crate) fn problems(ctx: &PageCtx, errs: &ValidationErrors) -> Vec<String> {
    errs.errors
        .iter()
        .map(|e| format!("{}: {}", field_label(ctx.lang, &e.field), ctx.lang.pair(&e.message).0))
        .collect()
}

#[derive(Template)]
#[template(path = "service.html")]
struct ServicePage {
    ctx: PageCtx,
    card: ServiceCard,
}

pub async fn detail(State(state): State<AppState>, ctx: PageCtx, Id(id): Id) -> Result<Response, WebError> {
    let listing = state.store.service(id).await?;
    let card = ServiceCard::new(ctx.lang, &listing);
    Ok(html(&ServicePage { ctx, card }))
}

// ---------------------------------------------------------------- form

const REQUIRED: &[&str] = &["provider_id", "title", "description", "stages", "categories", "coverage"];

/// A provider and its units, for the form's choices.
struct ProviderChoice {
    id: String,
    name: String,
    units: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "service_form.html")]
struct ServiceFormPage {
    ctx: PageCtx,
    form: FormView,
    /// Where the form posts; also tells a new service from an edit.
    action: String,
    editing: bool,
    cancel: String,
    providers: Vec<ProviderChoice>,
    stages: Vec<Opt>,
    categories: Vec<Opt>,
    coverage_choices: Vec<String>,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    id: Option<i64>,
    draft: &ServiceDraft,
    errors: Option<&ValidationErrors>,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let providers = state
        .store
        .providers(None)
        .await?
        .into_iter()
        .map(|p| ProviderChoice {
            id: p.id.to_string(),
            name: p.data.name.clone(),
            units: p.units.iter().map(|u| Opt { value: u.id.to_string(), label: u.name.clone() }).collect(),
        })
        .collect();
    let mut coverage_choices = vec![lang.t("ทั่วประเทศ", "Nationwide").to_string()];
    coverage_choices.extend(otop_geo::Region::ALL.iter().map(|r| lang.t(r.name_th(), r.name_en()).to_string()));
    coverage_choices.extend(crate::views::province_names(lang).into_iter().map(str::to_string));
    let page = ServiceFormPage {
        form: FormView::new(lang, draft, errors, REQUIRED),
        action: match id {
            Some(id) => format!("/services/{id}/edit"),
            None => "/services/new".into(),
        },
        editing: id.is_some(),
        cancel: match id {
            Some(id) => format!("/services/{id}"),
            None => "/services".into(),
        },
        providers,
        stages: stage_options(lang),
        categories: category_options(lang),
        coverage_choices,
        ctx,
    };
    let status = if errors.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(render(status, &page))
}

fn draft_from(f: &FormData) -> ServiceDraft {
    ServiceDraft {
        provider_id: f.get("provider_id"),
        unit_id: f.get("unit_id"),
        title: f.get("title"),
        description: f.get("description"),
        stages: f.joined("stages"),
        categories: f.joined("categories"),
        coverage: f.get("coverage"),
        capacity_per_year: f.get("capacity_per_year"),
        prices: f.get("prices"),
        active: f.get("active"),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewServiceQuery {
    provider_id: String,
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Query(q): Query<NewServiceQuery>,
) -> Result<Response, WebError> {
    // Provider staff add services for their own provider.
    let who = viewer.signed_in()?;
    let provider_id = match who.provider_id.filter(|_| who.role == otop_domain::Role::ProviderStaff) {
        Some(own) => own.to_string(),
        None => q.provider_id,
    };
    let draft = ServiceDraft { provider_id, active: "true".into(), ..Default::default() };
    form_page(&state, ctx, None, &draft, None).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = draft_from(&form);
    match ops::save_service(&state.store, &viewer, None, &draft).await {
        Ok(id) => Ok(see_other(&format!("/services/{id}"))),
        Err(e) => match e.field_errors() {
            Some(errs) => form_page(&state, ctx, None, &draft, Some(errs)).await,
            None => Err(e),
        },
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
) -> Result<Response, WebError> {
    let listing = state.store.service(id).await?;
    check(viewer.signed_in()?.may_edit_services_of(listing.service.data.provider_id))?;
    form_page(&state, ctx, Some(id), &ops::service_draft(&listing.service), None).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = draft_from(&form);
    match ops::save_service(&state.store, &viewer, Some(id), &draft).await {
        Ok(id) => Ok(see_other(&format!("/services/{id}"))),
        Err(e) => match e.field_errors() {
            Some(errs) => form_page(&state, ctx, Some(id), &draft, Some(errs)).await,
            None => Err(e),
        },
    }
}
