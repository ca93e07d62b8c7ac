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

pub mod access;
mod api;
mod assets;
mod cases;
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
use axum::http::header::{
    CONTENT_SECURITY_POLICY as CONTENT_SECURITY_POLICY_HEADER, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::response::IntoResponse;
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
    /// The address people reach the site at, for links sent in messages (never taken from
    /// a request's Host header, which a caller controls). HTTPS here makes cookies Secure.
    pub public_url: Arc<str>,
    /// Behind a reverse proxy, the client's address is the last hop the proxy adds to
    /// `X-Forwarded-For`; otherwise that header is the client's to forge and is ignored.
    pub trust_proxy: bool,
    /// Days a provider has to answer a referral before it is flagged as overdue.
    pub reply_days: u32,
}

/// Until configured otherwise, links point at the default address of `serve`.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

impl AppState {
    pub fn new(store: Store, matcher: Arc<Matcher>) -> Self {
        Self {
            store,
            matcher,
            public_url: DEFAULT_PUBLIC_URL.into(),
            trust_proxy: false,
            reply_days: otop_domain::workflow::DEFAULT_REPLY_DAYS,
        }
    }

    pub fn with_reply_days(mut self, days: u32) -> Self {
        self.reply_days = days;
        self
    }

    pub fn trusting_proxy(mut self, trust: bool) -> Self {
        self.trust_proxy = trust;
        self
    }

    pub fn with_public_url(mut self, url: &str) -> Self {
        self.public_url = url.trim_end_matches('/').into();
        self
    }

    /// Builds the matcher from the database's services and starts following the database
    /// (every [`FOLLOW_EVERY`]), so that changes made by any instance are matched within a
    /// second. Runs on the current tokio runtime.
    pub async fn start(store: Store) -> Result<Self, MatcherError> {
        let freshness = Freshness::starting_now();
        let matcher = otop_app::matching::build(&store).await?;
        spawn_follower(store.clone(), matcher.clone(), freshness, FOLLOW_EVERY);
        Ok(Self::new(store, matcher))
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("store", &self.store).field("services_matched", &self.matcher.len()).finish()
    }
}

/// Every route with its access rule: pages, API, OpenAPI document, static files, health.
/// The authorization test enumerates this table.
pub fn route_table() -> Vec<access::RouteRule> {
    routes().rules
}

fn routes() -> access::Guarded {
    use access::Rule::Public;
    let api = api::router();
    let openapi_json: Arc<str> =
        api.openapi.to_pretty_json().unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")).into();
    // Uploads get their own, larger body limit; a layer wraps only the routes added before it.
    let uploads = pages::upload_router();
    let uploads = access::Guarded {
        router: uploads
            .router
            .merge(api.uploads)
            .layer(DefaultBodyLimit::max(transfer::UPLOAD_LIMIT))
            .layer(RequestBodyLimitLayer::new(transfer::UPLOAD_LIMIT)),
        rules: uploads.rules.into_iter().chain(api.upload_rules).collect(),
    };
    let small = pages::router()
        .merge_with_rules(api.routes, api.rules)
        .get("/api/openapi.json", Public, move || {
            let body = openapi_json.clone();
            async move { ([(CONTENT_TYPE, "application/json")], body.to_string()).into_response() }
        })
        .get("/static/{file}", Public, assets::asset);
    let small = access::Guarded {
        router: small.router.layer(DefaultBodyLimit::max(BODY_LIMIT)).layer(RequestBodyLimitLayer::new(BODY_LIMIT)),
        rules: small.rules,
    };
    small.merge(uploads)
}

/// No script runs but our own files, nothing frames the site, forms post only to it.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The application: every route behind its rule, the sign-in and CSRF layer, the request
/// frame (language, error pages) and the security headers.
pub fn router(state: AppState) -> Router {
    let routes = routes();
    let table = Arc::new(routes.rules);
    routes
        .router
        .route_layer(axum::middleware::from_fn_with_state(table, access::guard))
        .fallback(|| async { WebError::NotFound })
        .layer(axum::middleware::from_fn_with_state(state.clone(), access::identify))
        .layer(axum::middleware::from_fn(frame::frame))
        // A workbook is a zip file already.
        .layer(
            CompressionLayer::new().compress_when(
                DefaultPredicate::new().and(NotForContentType::const_new("application/vnd.openxmlformats")),
            ),
        )
        .layer(SetResponseHeaderLayer::if_not_present(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            CONTENT_SECURITY_POLICY_HEADER,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
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
    // The peer address feeds sign-in throttling and the audit log.
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
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
