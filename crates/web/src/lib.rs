//! The web front of otop-upgrade: server-rendered pages (Thai first, English on `?lang=en`),
//! the JSON API under `/api/v1` with its OpenAPI document at `/api/openapi.json`, embedded
//! static files under `/static/`, and `/healthz`.
//!
//! Layout: `pages/` (one askama template and struct per page), `api/` (JSON handlers, each
//! declared to OpenAPI), `ops` (what both do to save: validate via the domain, check, store
//! with an actor), `frame` (language and error rendering for every request), `error` (the
//! one error type and its code table), `forms`, `filters` and `views` (input and output
//! helpers), `assets` (the embedded files).

mod api;
mod assets;
mod error;
mod filters;
mod forms;
mod frame;
mod i18n;
mod ops;
mod pages;
mod views;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::response::IntoResponse;
use axum::routing::get;
use otop_store::Store;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use error::{ErrorBody, WebError};
pub use i18n::Lang;

/// Largest request body accepted: forms and JSON are far smaller; imports have their own limit.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// What every handler shares. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

/// Every route of the application: pages, API, OpenAPI document, static files, health.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router();
    let openapi_json: Arc<str> = openapi.to_pretty_json().unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")).into();
    Router::new()
        .merge(pages::router())
        .merge(api)
        .route(
            "/api/openapi.json",
            get(move || {
                let body = openapi_json.clone();
                async move { ([(CONTENT_TYPE, "application/json")], body.to_string()).into_response() }
            }),
        )
        .route("/static/{file}", get(assets::asset))
        .fallback(|| async { WebError::NotFound })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::middleware::from_fn(frame::frame))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, shutdown_signal()).await
}

/// Serves until `shutdown` completes (tests and embedding), then finishes the requests in flight.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}
