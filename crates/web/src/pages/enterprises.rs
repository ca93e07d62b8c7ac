//! Enterprises: the list with its filters, an enterprise's page, the enterprise form.
//! Personal data is masked on these public pages: national IDs and phone numbers.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use otop_domain::{AddressDraft, EnterpriseDraft, NeedDraft, ValidationErrors};
use serde::Deserialize;

use super::services::problems;
use super::{Id, html, render, see_other};
use crate::AppState;
use crate::access::Viewer;
use crate::error::WebError;
use crate::filters::{EnterpriseFilterText, enterprise_filter, page_number};
use crate::forms::{FormData, FormView};
use crate::i18n::PageCtx;
use crate::ops;
use crate::transfer::files::today;
use crate::views::{
    self, CertLine, NeedLine, Opt, Pager, ProductLine, ProvinceGroup, category_labels, category_options,
    enterprise_kind_options, province_groups, province_name, province_names, quadrant_options, region_options,
    stage_options,
};
use otop_domain::access::Permission;

const PER_PAGE: i64 = 25;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EnterprisesQuery {
    q: String,
    province: String,
    region: String,
    category: String,
    page: String,
}

struct EnterpriseRow {
    id: i64,
    name: String,
    kind: &'static str,
    province: String,
    categories: Vec<&'static str>,
    stars: String,
    stars_label: String,
}

#[derive(Default)]
struct Chosen {
    q: String,
    province: String,
    region: String,
    category: String,
}

#[derive(Template)]
#[template(path = "enterprises.html")]
struct EnterprisesPage {
    ctx: PageCtx,
    chosen: Chosen,
    provinces: Vec<ProvinceGroup>,
    regions: Vec<Opt>,
    categories: Vec<Opt>,
    problems: Vec<String>,
    rows: Vec<EnterpriseRow>,
    pager: Pager,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Query(q): Query<EnterprisesQuery>,
) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::ViewEnterprises)?;
    let (mut filter, errs) = enterprise_filter(&EnterpriseFilterText {
        q: &q.q,
        province: &q.province,
        region: &q.region,
        category: &q.category,
        stars: "",
    });
    let page = page_number(&q.page);
    filter.scope = who.enterprise_scope();
    filter.limit = PER_PAGE;
    filter.offset = (page - 1) * PER_PAGE;
    let found = state.store.enterprises(&filter).await?;
    let lang = ctx.lang;
    let chosen = Chosen {
        q: q.q.trim().to_string(),
        province: filter.province_code.map(|p| p.to_string()).unwrap_or_default(),
        region: filter.region.map(|r| r.code().to_string()).unwrap_or_default(),
        category: filter.category.map(|c| c.code().to_string()).unwrap_or_default(),
    };
    let params = [
        ("q", chosen.q.as_str()),
        ("province", chosen.province.as_str()),
        ("region", chosen.region.as_str()),
        ("category", chosen.category.as_str()),
    ];
    let pager = Pager::new("/enterprises", &params, page, PER_PAGE, found.total);
    let rows = found
        .items
        .into_iter()
        .map(|e| EnterpriseRow {
            id: e.id,
            kind: lang.t(e.data.kind.name_th(), e.data.kind.name_en()),
            province: province_name(lang, e.data.address.province_code),
            categories: category_labels(lang, &e.data.categories),
            stars: views::stars(e.data.stars),
            stars_label: views::stars_label(lang, e.data.stars),
            name: e.data.name,
        })
        .collect();
    let page = EnterprisesPage {
        problems: problems(&ctx, &errs),
        provinces: province_groups(lang),
        regions: region_options(lang),
        categories: category_options(lang),
        chosen,
        rows,
        pager,
        ctx,
    };
    Ok(html(&page))
}

#[derive(Template)]
#[template(path = "enterprise.html")]
struct EnterprisePage {
    ctx: PageCtx,
    id: i64,
    name: String,
    kind: &'static str,
    registration_kind: &'static str,
    registration: String,
    address: String,
    contact_name: String,
    phone: String,
    email: String,
    stars: String,
    stars_label: String,
    quadrant: String,
    categories: Vec<&'static str>,
    certifications: Vec<CertLine>,
    products: Vec<ProductLine>,
    needs: Vec<NeedLine>,
    /// The form to record a need, with what was typed and its errors when it did not save.
    need_form: FormView,
    product_choices: Vec<Opt>,
    stage_choices: Vec<Opt>,
    /// `/match` with the enterprise's province (and category, when it makes one kind).
    match_href: String,
    /// The viewer may change this enterprise (edit links, the need form).
    can_edit: bool,
    /// The viewer may ask to see the full national ID and phone (logged when they do).
    can_reveal: bool,
    revealed: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DetailQuery {
    reveal: String,
}

const NEED_REQUIRED: &[&str] = &["text"];

pub async fn detail(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    Query(q): Query<DetailQuery>,
) -> Result<Response, WebError> {
    enterprise_page(&state, ctx, &viewer, id, &NeedDraft::default(), "", None, q.reveal == "1").await
}

#[allow(clippy::too_many_arguments)]
async fn enterprise_page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    id: i64,
    need: &NeedDraft,
    product_id: &str,
    errors: Option<&ValidationErrors>,
    reveal: bool,
) -> Result<Response, WebError> {
    let facts = ops::viewable_enterprise(&state.store, viewer, id).await?;
    let can_edit = viewer.principal.as_ref().is_some_and(|p| p.may_edit_enterprise(&facts));
    let can_reveal = ops::may_reveal(viewer, &facts);
    let revealed = reveal && can_reveal;
    if revealed {
        state.store.log_personal_view(&viewer.actor(), "enterprise", id, &["registration_no", "phone"]).await?;
    }
    let e = state.store.enterprise(id).await?;
    let products = state.store.products_of(id).await?;
    let needs = state.store.needs_of(id).await?;
    let lang = ctx.lang;
    let d = e.data;
    let mut match_query = url::form_urlencoded::Serializer::new(String::new());
    match_query.append_pair("province", &d.address.province_code.to_string());
    if let [only] = d.categories.as_slice() {
        match_query.append_pair("category", only.code());
    }
    let page = EnterprisePage {
        id,
        kind: lang.t(d.kind.name_th(), d.kind.name_en()),
        registration_kind: views::registration_kind(lang, &d.registration),
        registration: if revealed { d.registration.number().to_string() } else { d.registration.display_masked() },
        address: views::address(lang, &d.address),
        phone: if revealed {
            d.phone.as_ref().map(|p| p.formatted()).unwrap_or_default()
        } else {
            views::masked_phone(&d.phone)
        },
        can_edit,
        can_reveal,
        revealed,
        email: d.email.as_ref().map(|e| e.as_str().to_string()).unwrap_or_default(),
        stars: views::stars(d.stars),
        stars_label: views::stars_label(lang, d.stars),
        quadrant: views::quadrant(lang, d.quadrant),
        categories: category_labels(lang, &d.categories),
        certifications: views::certifications(lang, &d.certifications),
        product_choices: products.iter().map(|p| Opt { value: p.id.to_string(), label: p.data.name.clone() }).collect(),
        products: products.iter().map(|p| views::product_line(lang, p)).collect(),
        needs: needs.iter().map(|n| views::need_line(lang, n)).collect(),
        need_form: FormView::new(lang, need, errors, NEED_REQUIRED).with_value("product_id", product_id),
        stage_choices: stage_options(lang),
        match_href: format!("/match?{}", match_query.finish()),
        name: d.name,
        contact_name: d.contact_name,
        ctx,
    };
    let status = if errors.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(render(status, &page))
}

/// Records a need from the enterprise page, then shows the services ranked for it.
pub async fn create_need(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = NeedDraft { text: form.get("text"), stages: form.joined("stages"), ..Default::default() };
    let product_id = form.get("product_id");
    match ops::save_need(&state.store, &viewer, id, &draft, &product_id, today()).await {
        Ok(need) => Ok(see_other(&format!("/match?need={need}&saved=1#results"))),
        Err(e) => match e.field_errors() {
            Some(errs) => enterprise_page(&state, ctx, &viewer, id, &draft, &product_id, Some(errs), false).await,
            None => Err(e),
        },
    }
}

/// The need form lives on the enterprise page.
pub async fn to_need_form(Id(id): Id) -> Response {
    see_other(&format!("/enterprises/{id}#need-form"))
}

// ---------------------------------------------------------------- form

const REQUIRED: &[&str] = &["kind", "name", "registration_no", "subdistrict", "district", "province", "postal_code"];

#[derive(Template)]
#[template(path = "enterprise_form.html")]
struct EnterpriseFormPage {
    ctx: PageCtx,
    form: FormView,
    action: String,
    editing: bool,
    cancel: String,
    kinds: Vec<Opt>,
    quadrants: Vec<Opt>,
    categories: Vec<Opt>,
    star_choices: Vec<Opt>,
    provinces: Vec<&'static str>,
}

fn form_page(ctx: PageCtx, id: Option<i64>, draft: &EnterpriseDraft, errors: Option<&ValidationErrors>) -> Response {
    let lang = ctx.lang;
    let page = EnterpriseFormPage {
        form: FormView::new(lang, draft, errors, REQUIRED),
        action: id.map(|id| format!("/enterprises/{id}/edit")).unwrap_or_else(|| "/enterprises/new".into()),
        editing: id.is_some(),
        cancel: id.map(|id| format!("/enterprises/{id}")).unwrap_or_else(|| "/enterprises".into()),
        kinds: enterprise_kind_options(lang),
        quadrants: quadrant_options(lang),
        categories: category_options(lang),
        star_choices: star_options(lang),
        provinces: province_names(lang),
        ctx,
    };
    render(if errors.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }, &page)
}

pub(super) fn star_options(lang: crate::i18n::Lang) -> Vec<Opt> {
    (1..=5u8)
        .map(|n| Opt { value: n.to_string(), label: views::stars_label(lang, otop_domain::Stars::new(n)) })
        .collect()
}

fn draft_from(f: &FormData) -> EnterpriseDraft {
    EnterpriseDraft {
        kind: f.get("kind"),
        name: f.get("name"),
        registration_no: f.get("registration_no"),
        address: AddressDraft {
            address_line: f.get("address_line"),
            subdistrict: f.get("subdistrict"),
            district: f.get("district"),
            province: f.get("province"),
            postal_code: f.get("postal_code"),
        },
        contact_name: f.get("contact_name"),
        phone: f.get("phone"),
        email: f.get("email"),
        stars: f.get("stars"),
        quadrant: f.get("quadrant"),
        categories: f.joined("categories"),
        certifications: f.get("certifications"),
    }
}

pub async fn new_form(ctx: PageCtx) -> Response {
    form_page(ctx, None, &EnterpriseDraft::default(), None)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = draft_from(&form);
    match ops::save_enterprise(&state.store, &viewer, None, &draft).await {
        Ok(id) => Ok(see_other(&format!("/enterprises/{id}"))),
        Err(e) => match e.field_errors() {
            Some(errs) => Ok(form_page(ctx, None, &draft, Some(errs))),
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
    ops::editable_enterprise(&state.store, &viewer, id).await?;
    let e = state.store.enterprise(id).await?;
    Ok(form_page(ctx, Some(id), &ops::enterprise_draft(&e), None))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = draft_from(&form);
    match ops::save_enterprise(&state.store, &viewer, Some(id), &draft).await {
        Ok(id) => Ok(see_other(&format!("/enterprises/{id}"))),
        Err(e) => match e.field_errors() {
            Some(errs) => Ok(form_page(ctx, Some(id), &draft, Some(errs))),
            None => Err(e),
        },
    }
}
