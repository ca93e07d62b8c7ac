//! What wraps every request: the language (from `?lang=`, the `lang` cookie, or Thai), and
//! the rendering of errors — an HTML page for people, JSON under `/api/`. Error responses
//! made by axum itself (unknown method, body too large, …) are rendered the same way.

use axum::Json;
use axum::extract::{FromRequestParts, Request};
use axum::http::header::{ALLOW, CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ErrorInfo, WebError};
use crate::i18n::{Lang, PageCtx};

/// A year: the choice of language is kept until changed.
const COOKIE_MAX_AGE: u32 = 365 * 24 * 3600;

pub async fn frame(mut req: Request, next: Next) -> Response {
    let from_query = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(&v))
    });
    let lang = from_query.or_else(|| cookie_lang(req.headers())).unwrap_or_default();
    let path = req.uri().path().to_string();
    let path_and_query = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| path.clone());
    let is_get = req.method() == axum::http::Method::GET;
    let ctx = PageCtx::new(lang, &path, req.uri().query());
    req.extensions_mut().insert(ctx.clone());

    let mut res = next.run(req).await;

    let status = res.status();
    // A page that needs an account sends people to sign in, then back.
    if status == axum::http::StatusCode::UNAUTHORIZED && is_get && !path.starts_with("/api/") && has_error_info(&res) {
        let next: String = url::form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect();
        return axum::response::Redirect::to(&format!("/signin?next={next}")).into_response();
    }
    if status.is_client_error() || status.is_server_error() {
        let info = res.extensions_mut().remove::<ErrorInfo>();
        let info = info.or_else(|| (!has_document_body(res.headers())).then(|| ErrorInfo::of_status(status)));
        if let Some(info) = info {
            let allow = res.headers().get(ALLOW).cloned();
            res = if path.starts_with("/api/") {
                (info.status, Json(info.body())).into_response()
            } else {
                crate::pages::error_page(&ctx, &info)
            };
            if let Some(allow) = allow {
                res.headers_mut().insert(ALLOW, allow);
            }
        }
    }
    if let Some(l) = from_query {
        let cookie = format!("lang={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly", l.code());
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

fn has_error_info(res: &Response) -> bool {
    res.extensions().get::<ErrorInfo>().is_some_and(|i| i.code == "sign_in_required")
}

/// Pages and JSON made by our handlers pass through; plain-text and empty error bodies
/// (axum's rejections, the body limit) get rendered.
fn has_document_body(h: &HeaderMap) -> bool {
    h.get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"))
}

fn cookie_lang(h: &HeaderMap) -> Option<Lang> {
    h.get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().strip_prefix("lang="))
        .find_map(Lang::parse)
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<PageCtx>()
            .cloned()
            .unwrap_or_else(|| PageCtx::new(Lang::default(), parts.uri.path(), parts.uri.query())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lang_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; lang=en; b=2"));
        assert_eq!(cookie_lang(&h), Some(Lang::En));
        h.insert(COOKIE, HeaderValue::from_static("lang=xx"));
        assert_eq!(cookie_lang(&h), None);
    }
}
