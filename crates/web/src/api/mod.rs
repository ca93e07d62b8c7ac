//! The JSON API under `/api/v1`, for other government systems. Request bodies are the
//! domain's `*Draft` types (text in, validated by the domain: bad input is a 422 with every
//! field error in Thai and English, and nothing changes); responses are the domain types as
//! serde writes them, with national IDs and producers' phone numbers masked. Every route is
//! declared to OpenAPI through `utoipa-axum`, so the document cannot miss one.

mod imports;
mod matching;
mod resources;
mod schema;
mod workflow;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use otop_domain::{Bilingual, FieldError};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::access::{RouteRule, Rule};
use crate::error::WebError;
use axum::http::Method;
use otop_domain::access::Permission;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "otop-upgrade API",
        description = "ระบบยกระดับโอทอปด้วย วทน. — OTOP upgrade with science, technology and innovation.\n\n\
            Request bodies carry text as a person would type it (Thai or English names, codes, Buddhist-Era \
            dates); numbers, booleans and arrays of them are accepted too and read as text. Invalid input \
            gives 422 with one entry per field to fix, in Thai and English. National ID numbers and \
            producers' phone numbers are masked in responses.",
        license(name = "Apache-2.0")
    ),
    tags(
        (name = "enterprises", description = "ผู้ประกอบการและผลิตภัณฑ์ — Enterprises and their products"),
        (name = "providers", description = "ผู้ให้บริการ วทน. — STI providers"),
        (name = "services", description = "บริการ วทน. — STI service offerings"),
        (name = "matching", description = "จับคู่โจทย์กับบริการ วทน. — Matching needs to STI services"),
        (name = "imports", description = "นำเข้าข้อมูลจากไฟล์ CSV หรือ Excel — Imports from CSV or Excel files"),
        (name = "workflow", description = "ส่งต่อ คูปองวิทย์ โครงการ ผลลัพธ์ และงบประมาณ — Referrals, science coupons, projects, outcomes and budgets"),
        (name = "system", description = "สถานะระบบ — System status"),
    )
)]
struct ApiDoc;

/// The API's routes, in two groups by body limit, their access rules, and the OpenAPI
/// document of both.
pub struct Api {
    /// Under the 2 MB limit of forms and JSON.
    pub routes: Router<AppState>,
    pub rules: Vec<RouteRule>,
    /// Receiving files, under [`crate::transfer::UPLOAD_LIMIT`].
    pub uploads: Router<AppState>,
    pub upload_rules: Vec<RouteRule>,
    pub openapi: utoipa::openapi::OpenApi,
}

/// Every API operation's rule. The OpenAPI document is made from the real routes, so
/// [`router`] can check that each operation has exactly one entry here, and declares each
/// operation's security from it.
const RULES: &[(&str, &str, Rule)] = &[
    ("GET", "/api/v1/enterprises", Rule::Needs(Permission::ViewEnterprises)),
    ("POST", "/api/v1/enterprises", Rule::Needs(Permission::CreateEnterprises)),
    ("GET", "/api/v1/enterprises/{id}", Rule::Needs(Permission::ViewEnterprises)),
    ("PUT", "/api/v1/enterprises/{id}", Rule::Needs(Permission::EditEnterprises)),
    ("GET", "/api/v1/enterprises/{id}/products", Rule::Needs(Permission::ViewEnterprises)),
    ("POST", "/api/v1/enterprises/{id}/products", Rule::Needs(Permission::EditEnterprises)),
    ("GET", "/api/v1/products/{id}", Rule::Needs(Permission::ViewEnterprises)),
    ("PUT", "/api/v1/products/{id}", Rule::Needs(Permission::EditEnterprises)),
    ("GET", "/api/v1/providers", Rule::Public),
    ("POST", "/api/v1/providers", Rule::Needs(Permission::CreateProviders)),
    ("GET", "/api/v1/providers/{id}", Rule::Public),
    ("GET", "/api/v1/services", Rule::Public),
    ("POST", "/api/v1/services", Rule::Needs(Permission::EditServices)),
    ("GET", "/api/v1/services/{id}", Rule::Public),
    ("PUT", "/api/v1/services/{id}", Rule::Needs(Permission::EditServices)),
    ("POST", "/api/v1/match", Rule::Public),
    ("GET", "/healthz", Rule::Public),
    ("POST", "/api/v1/imports/enterprises", Rule::Needs(Permission::ImportEnterprises)),
    ("POST", "/api/v1/enterprises/{id}/needs", Rule::Needs(Permission::EditEnterprises)),
    ("GET", "/api/v1/needs/{id}", Rule::SignedIn),
    ("POST", "/api/v1/needs/{id}/referrals", Rule::Needs(Permission::Refer)),
    ("POST", "/api/v1/referrals/{id}/accept", Rule::Needs(Permission::DeliverServices)),
    ("POST", "/api/v1/referrals/{id}/decline", Rule::Needs(Permission::DeliverServices)),
    ("POST", "/api/v1/referrals/{id}/withdraw", Rule::Needs(Permission::DecideCoupons)),
    ("POST", "/api/v1/engagements/{id}/coupons", Rule::Needs(Permission::ApplyCoupons)),
    ("POST", "/api/v1/coupons/{id}/screen", Rule::Needs(Permission::DecideCoupons)),
    ("POST", "/api/v1/coupons/{id}/approve", Rule::Needs(Permission::DecideCoupons)),
    ("POST", "/api/v1/coupons/{id}/reject", Rule::Needs(Permission::DecideCoupons)),
    ("POST", "/api/v1/coupons/{id}/cancel", Rule::Needs(Permission::DecideCoupons)),
    ("GET", "/api/v1/engagements/{id}", Rule::SignedIn),
    ("POST", "/api/v1/engagements/{id}/milestones", Rule::Needs(Permission::DeliverServices)),
    ("POST", "/api/v1/engagements/{id}/milestones/{milestone}/done", Rule::Needs(Permission::DeliverServices)),
    ("POST", "/api/v1/engagements/{id}/deliverables", Rule::Needs(Permission::DeliverServices)),
    ("GET", "/api/v1/deliverables/{id}", Rule::SignedIn),
    ("POST", "/api/v1/engagements/{id}/report", Rule::Needs(Permission::DeliverServices)),
    ("POST", "/api/v1/engagements/{id}/return", Rule::Needs(Permission::ConfirmDelivery)),
    ("POST", "/api/v1/engagements/{id}/accept", Rule::Needs(Permission::ConfirmDelivery)),
    ("POST", "/api/v1/engagements/{id}/claim", Rule::Needs(Permission::DeliverServices)),
    ("POST", "/api/v1/engagements/{id}/pay", Rule::Needs(Permission::DecideCoupons)),
    ("POST", "/api/v1/engagements/{id}/close", Rule::Needs(Permission::RecordOutcomes)),
    ("POST", "/api/v1/engagements/{id}/follow-up", Rule::Needs(Permission::RecordOutcomes)),
    ("POST", "/api/v1/engagements/{id}/cancel", Rule::Needs(Permission::DecideCoupons)),
    ("GET", "/api/v1/rounds", Rule::SignedIn),
    ("POST", "/api/v1/rounds", Rule::Needs(Permission::ManageRounds)),
    ("POST", "/api/v1/rounds/{id}/funding", Rule::Needs(Permission::ManageRounds)),
    ("POST", "/api/v1/rounds/{id}/allocations", Rule::Needs(Permission::AllocateBudget)),
    ("GET", "/api/v1/rounds/{id}/budget", Rule::Needs(Permission::ViewLedger)),
    ("GET", "/api/v1/inbox", Rule::SignedIn),
];

/// The rules of the operations in `doc`; panics (at start-up, and in every test) if an
/// operation has no rule, so a new API route cannot ship without one.
fn rules_of(doc: &utoipa::openapi::OpenApi) -> Vec<RouteRule> {
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        for (method, _) in operations(item) {
            let (_, p, rule) = RULES
                .iter()
                .find(|(m, p, _)| *m == method.as_str() && p == path)
                .unwrap_or_else(|| panic!("API route {method} {path} has no access rule in api::RULES"));
            out.push(RouteRule { method: method.clone(), path: p, rule: *rule });
        }
    }
    out
}

fn operations(item: &utoipa::openapi::PathItem) -> Vec<(Method, &utoipa::openapi::path::Operation)> {
    [
        (Method::GET, &item.get),
        (Method::POST, &item.post),
        (Method::PUT, &item.put),
        (Method::PATCH, &item.patch),
        (Method::DELETE, &item.delete),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|o| (m, o)))
    .collect()
}

/// Declares how to authenticate (an API token, or the browser's session with its CSRF
/// header) and which operations need it: none for the public ones.
fn declare_security(doc: &mut utoipa::openapi::OpenApi, rules: &[RouteRule]) {
    use utoipa::openapi::security::{
        ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
    };
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "api_token",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("โทเค็น API จากผู้ดูแลระบบ — an API token issued by an administrator (otk_…)"))
                .build(),
        ),
    );
    components.add_security_scheme(
        "session",
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            crate::access::SESSION_COOKIE,
            "The browser's session; state-changing calls also send the otop_csrf cookie's value in X-CSRF-Token",
        ))),
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in [
            (Method::GET, &mut item.get),
            (Method::POST, &mut item.post),
            (Method::PUT, &mut item.put),
            (Method::PATCH, &mut item.patch),
            (Method::DELETE, &mut item.delete),
        ] {
            let Some(op) = op.as_mut() else { continue };
            let rule = rules.iter().find(|r| r.method == method && r.path == path).map(|r| r.rule);
            op.security = Some(match rule {
                Some(Rule::Public) | None => Vec::new(),
                Some(_) => vec![
                    SecurityRequirement::new("api_token", Vec::<String>::new()),
                    SecurityRequirement::new("session", Vec::<String>::new()),
                ],
            });
        }
    }
}

pub fn router() -> Api {
    use resources::*;
    let (routes, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(list_enterprises, create_enterprise))
        .routes(routes!(get_enterprise, update_enterprise))
        .routes(routes!(list_products, create_product))
        .routes(routes!(get_product, update_product))
        .routes(routes!(list_providers, create_provider))
        .routes(routes!(get_provider))
        .routes(routes!(list_services, create_service))
        .routes(routes!(get_service, update_service))
        .routes(routes!(matching::match_need))
        .routes(routes!(healthz))
        .routes(routes!(workflow::create_need))
        .routes(routes!(workflow::get_need))
        .routes(routes!(workflow::refer))
        .routes(routes!(workflow::accept_referral))
        .routes(routes!(workflow::decline_referral))
        .routes(routes!(workflow::withdraw_referral))
        .routes(routes!(workflow::apply_coupon))
        .routes(routes!(workflow::screen_coupon))
        .routes(routes!(workflow::approve_coupon))
        .routes(routes!(workflow::reject_coupon))
        .routes(routes!(workflow::cancel_coupon))
        .routes(routes!(workflow::get_project))
        .routes(routes!(workflow::add_milestone))
        .routes(routes!(workflow::complete_milestone))
        .routes(routes!(workflow::download_deliverable))
        .routes(routes!(workflow::report_delivery))
        .routes(routes!(workflow::return_delivery))
        .routes(routes!(workflow::accept_delivery))
        .routes(routes!(workflow::claim_payment))
        .routes(routes!(workflow::approve_payment))
        .routes(routes!(workflow::close_project))
        .routes(routes!(workflow::follow_up))
        .routes(routes!(workflow::cancel_project))
        .routes(routes!(workflow::list_rounds, workflow::create_round))
        .routes(routes!(workflow::fund_round))
        .routes(routes!(workflow::allocate))
        .routes(routes!(workflow::budget))
        .routes(routes!(workflow::inbox))
        .split_for_parts();
    let (uploads, upload_doc) = OpenApiRouter::new()
        .routes(routes!(imports::import_enterprises))
        .routes(routes!(workflow::upload_deliverable))
        .split_for_parts();
    let rules = rules_of(&openapi);
    let upload_rules = rules_of(&upload_doc);
    openapi.merge(upload_doc);
    let all: Vec<RouteRule> = rules.iter().chain(&upload_rules).cloned().collect();
    declare_security(&mut openapi, &all);
    Api { routes, rules, uploads, upload_rules, openapi }
}

/// A JSON body read as a draft. Scalars and arrays of scalars become text first, so
/// `"stars": 3` and `"stages": ["packaging", "standards"]` work like their text forms.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json") || ct.contains("+json"));
        if !is_json {
            return Err(WebError::Code("unsupported_media_type"));
        }
        let body = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                WebError::Code("payload_too_large")
            } else {
                WebError::BadRequest(Bilingual::new("อ่านข้อมูลที่ส่งมาไม่ได้", "Could not read the request body"))
            }
        })?;
        let value: Value = serde_json::from_slice(&body).map_err(|e| {
            WebError::BadRequest(Bilingual::new(
                format!("JSON ไม่ถูกต้อง (บรรทัด {} ตำแหน่ง {})", e.line(), e.column()),
                format!("Malformed JSON (line {}, column {}): {e}", e.line(), e.column()),
            ))
        })?;
        let Value::Object(fields) = value else {
            return Err(body_error("ข้อมูลต้องเป็นออบเจ็กต์ JSON เช่น {\"name\": \"...\"}", "The body must be a JSON object"));
        };
        let text: Map<String, Value> = fields.into_iter().map(|(k, v)| (k, as_text(v))).collect();
        serde_json::from_value(Value::Object(text)).map(ApiJson).map_err(|e| {
            body_error(
                &format!("ข้อมูลไม่ถูกต้อง: {e} — ทุกช่องเป็นข้อความ ตัวเลข หรือรายการ"),
                &format!("Invalid body: {e} — every field is text, a number or a list"),
            )
        })
    }
}

fn body_error(th: &str, en: &str) -> WebError {
    WebError::Invalid(FieldError::new("body", "", th, en).into())
}

fn as_text(v: Value) -> Value {
    match v {
        Value::Null => Value::String(String::new()),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .into_iter()
                .map(|i| match as_text(i) {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect();
            Value::String(parts.join("\n"))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_and_lists_become_text() {
        assert_eq!(as_text(serde_json::json!(3)), Value::String("3".into()));
        assert_eq!(as_text(serde_json::json!(["a", 2, true])), Value::String("a\n2\ntrue".into()));
        assert_eq!(as_text(Value::Null), Value::String(String::new()));
    }
}
