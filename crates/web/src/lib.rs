//! The web front of otop-upgrade: server-rendered pages (Thai first, English on `?lang=en`),
//! the JSON API under `/api/v1` with its OpenAPI document at `/api/openapi.json`, embedded
//! static files under `/static/`, and `/healthz`.
//!
//! Layout: `pages/` (one askama template and struct per page), `api/` (JSON handlers, each
//! declared to OpenAPI), `ops` (what both do to save: validate via the domain, check, store
//! with an actor), `matching` (what the match page and API share: reading a need, ranking it
//! with the state's [`Matcher`], loading the services ranked), `transfer` (sheets in and out: uploads, imports through `otop-app`, the
//! error report, downloads), `frame` (language and error rendering for every request),
//! `error` (the one error type and its code table), `forms`, `filters` and `views` (input
//! and output helpers), `assets` (the embedded files).

mod api;
mod assets;
mod error;
mod filters;
mod forms;
mod frame;
mod i18n;
mod matching;
mod ops;
mod pages;
mod transfer;
mod views;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::response::IntoResponse;
use axum::routing::get;
use otop_app::matching::{Freshness, MatcherError, spawn_follower};
use otop_matching::Matcher;
use otop_store::Store;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use error::{ErrorBody, WebError};
pub use i18n::Lang;
pub use transfer::UPLOAD_LIMIT;

/// Largest request body accepted: forms and JSON are far smaller; imports have their own
/// limit ([`UPLOAD_LIMIT`]).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// How often the matcher looks for services created, edited or withdrawn by any instance.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(500);

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The services' matching index, kept fresh by a follower of the database.
    pub matcher: Arc<Matcher>,
}

impl AppState {
    pub fn new(store: Store, matcher: Arc<Matcher>) -> Self {
        Self { store, matcher }
    }

    /// Builds the matcher from the database's services and starts following the database
    /// (every [`FOLLOW_EVERY`]), so that changes made by any instance are matched within a
    /// second. Runs on the current tokio runtime.
    pub async fn start(store: Store) -> Result<Self, MatcherError> {
        let freshness = Freshness::starting_now();
        let matcher = otop_app::matching::build(&store).await?;
        spawn_follower(store.clone(), matcher.clone(), freshness, FOLLOW_EVERY);
        Ok(Self { store, matcher })
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("store", &self.store).field("services_matched", &self.matcher.len()).finish()
    }
}

/// Every route of the application: pages, API, OpenAPI document, static files, health.
pub fn router(state: AppState) -> Router {
    let api = api::router();
    let openapi_json: Arc<str> =
        api.openapi.to_pretty_json().unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")).into();
    // Uploads get their own, larger body limit; a layer wraps only the routes added before it.
    let uploads = Router::new()
        .merge(pages::upload_router())
        .merge(api.uploads)
        .layer(DefaultBodyLimit::max(transfer::UPLOAD_LIMIT))
        .layer(RequestBodyLimitLayer::new(transfer::UPLOAD_LIMIT));
    Router::new()
        .merge(pages::router())
        .merge(api.routes)
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
        .merge(uploads)
        .layer(axum::middleware::from_fn(frame::frame))
        // A workbook is a zip file already.
        .layer(
            CompressionLayer::new().compress_when(
                DefaultPredicate::new().and(NotForContentType::const_new("application/vnd.openxmlformats")),
            ),
        )
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
