//! Who is asking, and whether they may. Three layers, each in one place:
//!
//! - [`identify`] (every request): the principal from an API token (`Authorization: Bearer`)
//!   or the session cookie, the client's address, and CSRF: a state-changing request made
//!   with a cookie must carry the `otop_csrf` cookie's value back (form field `_csrf`,
//!   header `X-CSRF-Token`, or `?_csrf=` on file uploads) and must not come from another site.
//! - [`guard`] (every matched route): the route's [`Rule`] from the table built with the
//!   router ([`Guarded`]), so a route cannot be added without one; a route missing from
//!   the table is refused (fail closed).
//! - handlers: the record's scope, through `otop_domain::access::Principal`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::handler::Handler;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HOST, ORIGIN, SET_COOKIE, USER_AGENT};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use chrono::Utc;
use otop_domain::Bilingual;
use otop_domain::access::{Permission, Principal};
use otop_store::Actor;

use crate::AppState;
use crate::error::WebError;
use crate::i18n::{PageCtx, UserBadge};

pub const SESSION_COOKIE: &str = "otop_session";
pub const CSRF_COOKIE: &str = "otop_csrf";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// What a route asks of the person calling it. Scope (which province, which enterprise) is
/// the handler's to check on the record itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Public,
    SignedIn,
    Needs(Permission),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRule {
    pub method: Method,
    pub path: &'static str,
    pub rule: Rule,
}

/// A router whose every route is added together with its rule.
#[derive(Default)]
pub struct Guarded {
    pub router: Router<AppState>,
    pub rules: Vec<RouteRule>,
}

impl Guarded {
    pub fn new() -> Self {
        Self::default()
    }

    fn add(mut self, path: &'static str, rules: &[(Method, Rule)], route: MethodRouter<AppState>) -> Self {
        for (method, rule) in rules {
            self.rules.push(RouteRule { method: method.clone(), path, rule: *rule });
        }
        self.router = self.router.route(path, route);
        self
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, rule: Rule, h: H) -> Self {
        self.add(path, &[(Method::GET, rule)], get(h))
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, rule: Rule, h: H) -> Self {
        self.add(path, &[(Method::POST, rule)], post(h))
    }

    /// A form: shown with GET, sent with POST, under one rule.
    pub fn form<G, TG, P, TP>(self, path: &'static str, rule: Rule, show: G, send: P) -> Self
    where
        G: Handler<TG, AppState>,
        TG: 'static,
        P: Handler<TP, AppState>,
        TP: 'static,
    {
        self.add(path, &[(Method::GET, rule), (Method::POST, rule)], get(show).post(send))
    }

    /// Routes made elsewhere (the API's OpenAPI router) with their rules listed separately.
    pub fn merge_with_rules(mut self, router: Router<AppState>, rules: Vec<RouteRule>) -> Self {
        self.router = self.router.merge(router);
        self.rules.extend(rules);
        self
    }

    pub fn merge(mut self, other: Guarded) -> Self {
        self.router = self.router.merge(other.router);
        self.rules.extend(other.rules);
        self
    }
}

/// The person behind a request, as [`identify`] found them.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub principal: Option<Principal>,
    pub ip: String,
    pub user_agent: String,
    pub via_token: bool,
    /// The session cookie's value, to end or replace the session.
    pub session: Option<String>,
    pub csrf: String,
}

impl Viewer {
    pub fn signed_in(&self) -> Result<&Principal, WebError> {
        self.principal.as_ref().ok_or(WebError::SignInRequired)
    }

    pub fn needs(&self, p: Permission) -> Result<&Principal, WebError> {
        let who = self.signed_in()?;
        if who.may(p) { Ok(who) } else { Err(forbidden()) }
    }

    /// The audit log's actor: the principal and the address, or "anonymous" from the address.
    pub fn actor(&self) -> Actor {
        match &self.principal {
            Some(p) => Actor::of(p, Some(self.ip.clone())),
            None => Actor { label: "anonymous".into(), account_id: None, ip: Some(self.ip.clone()) },
        }
    }

    pub fn origin(&self) -> otop_app::auth::Origin {
        otop_app::auth::Origin { ip: self.ip.clone(), user_agent: self.user_agent.clone() }
    }
}

pub fn forbidden() -> WebError {
    WebError::Forbidden(Bilingual::new(
        "คุณไม่มีสิทธิ์ทำรายการนี้ — ข้อมูลนี้อยู่นอกบทบาทหรือพื้นที่ที่คุณรับผิดชอบ",
        "You may not do this — it is outside your role or your area",
    ))
}

/// `Ok` when `allowed`, else the 403 every scope check gives.
pub fn check(allowed: bool) -> Result<(), WebError> {
    if allowed { Ok(()) } else { Err(forbidden()) }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, WebError> {
        parts.extensions.get::<Viewer>().cloned().ok_or_else(|| WebError::internal("identify layer missing"))
    }
}

pub fn cookie<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// The client's address for throttling and the audit log. Behind a trusted proxy every
/// client would share the proxy's address (and lock each other out), so the proxy's own
/// `X-Forwarded-For` entry (the last) is used instead.
fn client_ip(state: &AppState, req: &Request) -> String {
    let forwarded = state.trust_proxy.then(|| {
        req.headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|ip| ip.parse::<std::net::IpAddr>().is_ok())
            .map(str::to_string)
    });
    forwarded.flatten().unwrap_or_else(|| {
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "local".into())
    })
}

/// Whether cookies get `Secure`: the site is served over HTTPS (a proxy in front says so).
pub fn is_https(state: &AppState, h: &HeaderMap) -> bool {
    state.public_url.starts_with("https://")
        || h.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

pub fn set_cookie(res: &mut Response, name: &str, value: &str, max_age: Option<i64>, secure: bool) {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    if let Ok(v) = HeaderValue::from_str(&c) {
        res.headers_mut().append(SET_COOKIE, v);
    }
}

pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = client_ip(&state, &req);
    let user_agent = req.headers().get(USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let now = Utc::now();
    let bearer = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_string());
    let session = cookie(req.headers(), SESSION_COOKIE).map(str::to_string);
    let (principal, via_token) = match &bearer {
        Some(token) => match otop_app::auth::token_principal(&state.store, token).await {
            Ok(Some(p)) => (Some(p), true),
            Ok(None) => {
                return WebError::Forbidden(Bilingual::new(
                    "โทเค็น API ไม่ถูกต้องหรือถูกเพิกถอนแล้ว — ขอโทเค็นใหม่จากผู้ดูแลระบบ",
                    "The API token is wrong or has been revoked — ask an administrator for a new one",
                ))
                .into_response();
            }
            Err(e) => return WebError::from(e).into_response(),
        },
        None => match &session {
            Some(secret) => match otop_app::auth::session_principal(&state.store, secret, now).await {
                Ok(p) => (p, false),
                Err(e) => return WebError::from(e).into_response(),
            },
            None => (None, false),
        },
    };

    let existing_csrf = cookie(req.headers(), CSRF_COOKIE).map(str::to_string);
    let csrf = existing_csrf.clone().unwrap_or_else(otop_app::auth::new_secret);
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && !via_token {
        let public_host = url::Url::parse(&state.public_url).ok().and_then(|u| host_of(&u));
        let (checked, ok) = check_csrf(req, existing_csrf.as_deref(), public_host.as_deref()).await;
        req = checked;
        if !ok {
            return WebError::Code("csrf_failed").into_response();
        }
    }

    if let Some(ctx) = req.extensions_mut().get_mut::<PageCtx>() {
        ctx.csrf = csrf.clone();
        ctx.user = principal.as_ref().map(UserBadge::of);
    }
    let secure = is_https(&state, req.headers());
    req.extensions_mut().insert(Viewer { principal, ip, user_agent, via_token, session, csrf: csrf.clone() });
    let mut res = next.run(req).await;
    if existing_csrf.is_none() && !via_token {
        set_cookie(&mut res, CSRF_COOKIE, &csrf, None, secure);
    }
    res
}

/// Checks a state-changing request's CSRF token and where it came from; hands the request
/// back (its body re-attached when it had to be read for the form field).
async fn check_csrf(req: Request, cookie_token: Option<&str>, public_host: Option<&str>) -> (Request, bool) {
    let h = req.headers();
    let cross_site = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|s| s == "cross-site");
    // Browsers send Origin with every cross-origin POST; it must name this host, as the
    // request or the configured public address has it ("null" names none).
    let foreign_origin = h.get(ORIGIN).and_then(|v| v.to_str().ok()).is_some_and(|origin| {
        let host = h.get(HOST).and_then(|v| v.to_str().ok());
        url::Url::parse(origin)
            .ok()
            .and_then(|u| host_of(&u))
            .is_none_or(|o| Some(o.as_str()) != host && Some(o.as_str()) != public_host)
    });
    let Some(expected) = cookie_token.filter(|_| !cross_site && !foreign_origin) else { return (req, false) };
    let from_header = h.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let from_query = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned())
    });
    if let Some(t) = from_header.or(from_query) {
        return (req, constant_time_eq(&t, expected));
    }
    let is_form = h
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (req, false);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, crate::BODY_LIMIT).await else {
        return (Request::from_parts(parts, Body::empty()), false);
    };
    let ok = url::form_urlencoded::parse(&bytes).any(|(k, v)| k == CSRF_FIELD && constant_time_eq(&v, expected));
    (Request::from_parts(parts, Body::from(bytes)), ok)
}

fn host_of(u: &url::Url) -> Option<String> {
    let host = u.host_str()?;
    Some(match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    })
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The route's rule, checked before its handler runs.
pub async fn guard(State(table): State<Arc<Vec<RouteRule>>>, req: Request, next: Next) -> Response {
    let Some(path) = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()) else {
        return next.run(req).await;
    };
    let method = if req.method() == Method::HEAD { Method::GET } else { req.method().clone() };
    let Some(rule) = table.iter().find(|r| r.method == method && r.path == path).map(|r| r.rule) else {
        // Methods without a rule are not served here, whatever the router holds.
        let allowed: Vec<&str> = table.iter().filter(|r| r.path == path).map(|r| r.method.as_str()).collect();
        if allowed.is_empty() {
            tracing::error!(%method, %path, "route without an access rule refused");
            return WebError::internal(format!("no access rule for {method} {path}")).into_response();
        }
        let mut res = WebError::Code("method_not_allowed").into_response();
        if let Ok(v) = HeaderValue::from_str(&allowed.join(", ")) {
            res.headers_mut().insert(axum::http::header::ALLOW, v);
        }
        return res;
    };
    let viewer = req.extensions().get::<Viewer>();
    let principal = viewer.and_then(|v| v.principal.as_ref());
    let verdict = match (rule, principal) {
        (Rule::Public, _) => Ok(()),
        (_, None) => Err(WebError::SignInRequired),
        (Rule::SignedIn, Some(_)) => Ok(()),
        (Rule::Needs(p), Some(who)) => check(who.may(p)),
    };
    match verdict {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_cookies_only() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("lang=en; otop_csrf=abc; otop_session="));
        assert_eq!(cookie(&h, CSRF_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, SESSION_COOKIE), None, "empty value means signed out");
        assert_eq!(cookie(&h, "otop"), None);
    }

    #[test]
    fn token_comparison_needs_equal_strings() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }
}
