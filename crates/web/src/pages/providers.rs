//! Providers: the list, a provider's page with its units and services, the provider form.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use otop_domain::{ProviderDraft, ProviderKind, ValidationErrors};
use otop_store::services::ServiceFilter;
use serde::Deserialize;

use super::{Id, html, render, see_other};
use crate::AppState;
use crate::access::{Viewer, check};
use crate::error::WebError;
use crate::forms::{FormData, FormView};
use crate::i18n::PageCtx;
use crate::ops;
use crate::views::{Opt, ServiceCard, provider_kind_options, province_name, province_names};

struct ProviderRow {
    id: i64,
    name: String,
    short_name: String,
    kind: &'static str,
    province: String,
    services: i64,
}

#[derive(Template)]
#[template(path = "providers.html")]
struct ProvidersPage {
    ctx: PageCtx,
    kinds: Vec<Opt>,
    chosen_kind: String,
    rows: Vec<ProviderRow>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProvidersQuery {
    kind: String,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<ProvidersQuery>,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let kind = ProviderKind::parse(&q.kind);
    let counts = ops::active_service_counts(&state.store).await?;
    let rows = state
        .store
        .providers(kind)
        .await?
        .into_iter()
        .map(|p| ProviderRow {
            id: p.id,
            kind: lang.t(p.data.kind.name_th(), p.data.kind.name_en()),
            province: p.data.province_code.map(|c| province_name(lang, c)).unwrap_or_default(),
            services: counts.get(&p.id).copied().unwrap_or(0),
            name: p.data.name,
            short_name: p.data.short_name,
        })
        .collect();
    let page = ProvidersPage {
        kinds: provider_kind_options(lang),
        chosen_kind: kind.map(|k| k.code().to_string()).unwrap_or_default(),
        rows,
        ctx,
    };
    Ok(html(&page))
}

#[derive(Template)]
#[template(path = "provider.html")]
struct ProviderPage {
    ctx: PageCtx,
    id: i64,
    name: String,
    short_name: String,
    kind: &'static str,
    province: String,
    website: String,
    phone: String,
    email: String,
    description: String,
    units: Vec<String>,
    cards: Vec<ServiceCard>,
}

pub async fn detail(State(state): State<AppState>, ctx: PageCtx, Id(id): Id) -> Result<Response, WebError> {
    let p = state.store.provider(id).await?;
    let services = state
        .store
        .services(&ServiceFilter { provider_id: Some(id), include_withdrawn: true, limit: 500, ..Default::default() })
        .await?;
    let lang = ctx.lang;
    let d = p.data;
    let page = ProviderPage {
        id,
        kind: lang.t(d.kind.name_th(), d.kind.name_en()),
        province: d.province_code.map(|c| province_name(lang, c)).unwrap_or_default(),
        // A provider's office number is public contact information, unlike a producer's.
        phone: d.phone.as_ref().map(|p| p.formatted()).unwrap_or_default(),
        email: d.email.as_ref().map(|e| e.as_str().to_string()).unwrap_or_default(),
        name: d.name,
        short_name: d.short_name,
        website: d.website,
        description: d.description,
        units: p.units.into_iter().map(|u| u.name).collect(),
        cards: services.items.iter().map(|l| ServiceCard::new(lang, l)).collect(),
        ctx,
    };
    Ok(html(&page))
}

// ---------------------------------------------------------------- form

const REQUIRED: &[&str] = &["name", "kind"];

#[derive(Template)]
#[template(path = "provider_form.html")]
struct ProviderFormPage {
    ctx: PageCtx,
    form: FormView,
    action: String,
    editing: bool,
    cancel: String,
    kinds: Vec<Opt>,
    provinces: Vec<&'static str>,
}

fn form_page(
    ctx: PageCtx,
    id: Option<i64>,
    draft: &ProviderDraft,
    units: &str,
    errors: Option<&ValidationErrors>,
) -> Response {
    let lang = ctx.lang;
    let page = ProviderFormPage {
        form: FormView::new(lang, draft, errors, REQUIRED).with_value("units", units),
        action: id.map(|id| format!("/providers/{id}/edit")).unwrap_or_else(|| "/providers/new".into()),
        editing: id.is_some(),
        cancel: id.map(|id| format!("/providers/{id}")).unwrap_or_else(|| "/providers".into()),
        kinds: provider_kind_options(lang),
        provinces: province_names(lang),
        ctx,
    };
    render(if errors.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }, &page)
}

fn draft_from(f: &FormData) -> ProviderDraft {
    ProviderDraft {
        name: f.get("name"),
        short_name: f.get("short_name"),
        kind: f.get("kind"),
        province: f.get("province"),
        website: f.get("website"),
        phone: f.get("phone"),
        email: f.get("email"),
        description: f.get("description"),
    }
}

pub async fn new_form(ctx: PageCtx) -> Response {
    form_page(ctx, None, &ProviderDraft::default(), "", None)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = draft_from(&form);
    let units = form.get("units");
    match ops::save_provider(&state.store, &viewer, None, &draft, &units).await {
        Ok(id) => Ok(see_other(&format!("/providers/{id}"))),
        Err(e) => match e.field_errors() {
            Some(errs) => Ok(form_page(ctx, None, &draft, &units, Some(errs))),
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
    let p = state.store.provider(id).await?;
    check(viewer.signed_in()?.may_edit_provider(id))?;
    Ok(form_page(ctx, Some(id), &ops::provider_draft(&p), &ops::units_text(&p), None))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = draft_from(&form);
    let p = state.store.provider(id).await?;
    let units = ops::units_text(&p);
    match ops::save_provider(&state.store, &viewer, Some(id), &draft, &units).await {
        Ok(id) => Ok(see_other(&format!("/providers/{id}"))),
        Err(e) => match e.field_errors() {
            Some(errs) => Ok(form_page(ctx, Some(id), &draft, &units, Some(errs))),
            None => Err(e),
        },
    }
}
