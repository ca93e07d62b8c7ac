//! Products: a product's page and the product form (under its enterprise).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use otop_domain::{ProductDraft, ValidationErrors};

use super::enterprises::star_options;
use super::{Id, html, render, see_other};
use crate::AppState;
use crate::access::Viewer;
use crate::error::WebError;
use crate::forms::{FormData, FormView};
use crate::i18n::PageCtx;
use crate::ops;
use crate::views::{self, Opt, ProductLine, category_options};

#[derive(Template)]
#[template(path = "product.html")]
struct ProductPage {
    ctx: PageCtx,
    product: ProductLine,
    description: String,
    enterprise_id: i64,
    enterprise_name: String,
}

pub async fn detail(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
) -> Result<Response, WebError> {
    let p = ops::viewable_product(&state.store, &viewer, id).await?;
    let e = state.store.enterprise(p.data.enterprise_id).await?;
    let page = ProductPage {
        product: views::product_line(ctx.lang, &p),
        description: p.data.description.clone(),
        enterprise_id: e.id,
        enterprise_name: e.data.name,
        ctx,
    };
    Ok(html(&page))
}

const REQUIRED: &[&str] = &["name", "category"];

#[derive(Template)]
#[template(path = "product_form.html")]
struct ProductFormPage {
    ctx: PageCtx,
    form: FormView,
    action: String,
    editing: bool,
    cancel: String,
    enterprise_id: i64,
    enterprise_name: String,
    categories: Vec<Opt>,
    star_choices: Vec<Opt>,
}

struct Target {
    /// The product being edited, or None for a new one.
    product_id: Option<i64>,
    enterprise_id: i64,
    enterprise_name: String,
}

fn form_page(ctx: PageCtx, t: &Target, draft: &ProductDraft, errors: Option<&ValidationErrors>) -> Response {
    let lang = ctx.lang;
    let page = ProductFormPage {
        form: FormView::new(lang, draft, errors, REQUIRED),
        action: match t.product_id {
            Some(id) => format!("/products/{id}/edit"),
            None => format!("/enterprises/{}/products/new", t.enterprise_id),
        },
        editing: t.product_id.is_some(),
        cancel: match t.product_id {
            Some(id) => format!("/products/{id}"),
            None => format!("/enterprises/{}", t.enterprise_id),
        },
        enterprise_id: t.enterprise_id,
        enterprise_name: t.enterprise_name.clone(),
        categories: category_options(lang),
        star_choices: star_options(lang),
        ctx,
    };
    render(if errors.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }, &page)
}

fn draft_from(f: &FormData) -> ProductDraft {
    ProductDraft {
        name: f.get("name"),
        category: f.get("category"),
        description: f.get("description"),
        stars: f.get("stars"),
        price: f.get("price"),
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(enterprise_id): Id,
) -> Result<Response, WebError> {
    ops::editable_enterprise(&state.store, &viewer, enterprise_id).await?;
    let e = state.store.enterprise(enterprise_id).await?;
    let t = Target { product_id: None, enterprise_id, enterprise_name: e.data.name };
    Ok(form_page(ctx, &t, &ProductDraft::default(), None))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(enterprise_id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = draft_from(&form);
    match ops::create_product(&state.store, &viewer, enterprise_id, &draft).await {
        Ok(id) => Ok(see_other(&format!("/products/{id}"))),
        Err(e) => match e.field_errors() {
            Some(errs) => {
                let ent = state.store.enterprise(enterprise_id).await?;
                let t = Target { product_id: None, enterprise_id, enterprise_name: ent.data.name };
                Ok(form_page(ctx, &t, &draft, Some(errs)))
            }
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
    let p = state.store.product(id).await?;
    ops::editable_enterprise(&state.store, &viewer, p.data.enterprise_id).await?;
    let e = state.store.enterprise(p.data.enterprise_id).await?;
    let t = Target { product_id: Some(id), enterprise_id: e.id, enterprise_name: e.data.name };
    Ok(form_page(ctx, &t, &ops::product_draft(&p), None))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = draft_from(&form);
    match ops::update_product(&state.store, &viewer, id, &draft).await {
        Ok(id) => Ok(see_other(&format!("/products/{id}"))),
        Err(e) => match e.field_errors() {
            Some(errs) => {
                let p = state.store.product(id).await?;
                let ent = state.store.enterprise(p.data.enterprise_id).await?;
                let t = Target { product_id: Some(id), enterprise_id: ent.id, enterprise_name: ent.data.name };
                Ok(form_page(ctx, &t, &draft, Some(errs)))
            }
            None => Err(e),
        },
    }
}
