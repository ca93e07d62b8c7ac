//! Server-rendered pages: one askama template and one struct per page, `base.html` around
//! them. Handlers extract, parse through the domain, call the store and render.

mod enterprises;
mod home;
mod import;
mod matching;
mod products;
mod providers;
mod services;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, Path};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::AppState;
use crate::error::{ErrorInfo, WebError};
use crate::i18n::PageCtx;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/match", get(matching::page))
        .route("/services", get(services::directory))
        .route("/services/new", get(services::new_form).post(services::create))
        .route("/services/{id}", get(services::detail))
        .route("/services/{id}/edit", get(services::edit_form).post(services::update))
        .route("/providers", get(providers::list))
        .route("/providers/new", get(providers::new_form).post(providers::create))
        .route("/providers/{id}", get(providers::detail))
        .route("/providers/{id}/edit", get(providers::edit_form).post(providers::update))
        .route("/enterprises", get(enterprises::list))
        .route("/enterprises/new", get(enterprises::new_form).post(enterprises::create))
        .route("/enterprises/{id}", get(enterprises::detail))
        .route("/enterprises/{id}/edit", get(enterprises::edit_form).post(enterprises::update))
        .route("/enterprises/{id}/needs", get(enterprises::to_need_form).post(enterprises::create_need))
        .route("/enterprises/{id}/products/new", get(products::new_form).post(products::create))
        .route("/products/{id}", get(products::detail))
        .route("/products/{id}/edit", get(products::edit_form).post(products::update))
        .route("/import", get(import::page))
        .route("/import/enterprises/{file}", get(import::import_sheet))
        .route("/export", get(import::export_index))
        .route("/export/{file}", get(import::export))
}

/// The pages that receive files: served under the upload limit rather than the 2 MB one.
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/import/enterprises", get(import::to_import_page).post(import::upload))
        .route("/import/enterprises/errors.csv", post(import::errors_csv))
}

/// A page as HTML with a status (422 for a form sent back with errors).
pub(crate) fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => WebError::internal(format!("template: {e}")).into_response(),
    }
}

pub(crate) fn html(page: &impl Template) -> Response {
    render(StatusCode::OK, page)
}

/// After a successful form post: 303 to the page of what was saved.
pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A numeric id from the path; anything else is a page that does not exist.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, WebError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| WebError::NotFound)?;
        raw.parse::<i64>().ok().filter(|id| *id > 0).map(Id).ok_or(WebError::NotFound)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: &'a PageCtx,
    status: u16,
    primary: &'a str,
    secondary: &'a str,
    fields: Vec<(String, String, String)>,
}

/// The HTML page for an error, in both languages (the page's own first).
pub(crate) fn error_page(ctx: &PageCtx, info: &ErrorInfo) -> Response {
    let (primary, secondary) = ctx.lang.pair(&info.message);
    let fields = info
        .fields
        .iter()
        .map(|f| {
            let (p, s) = ctx.lang.pair(&f.message);
            (crate::i18n::field_label(ctx.lang, &f.field), p.to_string(), s.to_string())
        })
        .collect();
    let page = ErrorPage { ctx, status: info.status.as_u16(), primary, secondary, fields };
    match page.render() {
        Ok(html) => (info.status, [(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page template failed");
            (info.status, format!("{} / {}", info.message.th, info.message.en)).into_response()
        }
    }
}
