//! The API's handlers: extract, parse through the domain, call the store, answer JSON.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use otop_domain::{Enterprise, EnterpriseDraft, ProductDraft, ProviderDraft, ProviderKind, Registration, ServiceDraft};
use otop_store::Page;
use serde::Deserialize;
use serde_json::Value;

use super::ApiJson;
use super::schema::*;
use crate::AppState;
use crate::access::Viewer;
use crate::error::{ErrorBody, WebError};
use crate::filters::{EnterpriseFilterText, ServiceFilterText, enterprise_filter, service_filter};
use crate::ops;
use crate::pages::Id;
use otop_domain::access::Permission;

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 200;

fn limits(limit: Option<i64>, offset: Option<i64>) -> (i64, i64) {
    (limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT), offset.unwrap_or(0).max(0))
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// An enterprise as the domain serialises it, with the national ID and phone masked.
fn enterprise_json(e: &Enterprise) -> Value {
    let mut v = to_json(e);
    if let Registration::NationalId(n) = &e.data.registration {
        v["registration"]["number"] = Value::String(n.masked());
    }
    if let Some(p) = &e.data.phone {
        v["phone"] = Value::String(p.masked());
    }
    v
}

fn page_json<T>(p: &Page<T>, item: impl Fn(&T) -> Value) -> Value {
    serde_json::json!({
        "items": p.items.iter().map(item).collect::<Vec<_>>(),
        "total": p.total,
        "offset": p.offset,
        "limit": p.limit,
    })
}

fn created(location: &str, body: Value) -> Response {
    (StatusCode::CREATED, [(LOCATION, location.to_string())], Json(body)).into_response()
}

fn text(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

// ---------------------------------------------------------------- enterprises

/// Enterprises, a page at a time (certifications are not loaded in lists).
#[utoipa::path(get, path = "/api/v1/enterprises", tag = "enterprises", params(EnterpriseParams),
    responses(
        (status = 200, description = "A page of enterprises", body = EnterprisePage),
        (status = 422, description = "A filter value is not understood", body = ErrorBody),
    ))]
pub async fn list_enterprises(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<EnterpriseParams>,
) -> Result<Json<Value>, WebError> {
    let who = viewer.needs(Permission::ViewEnterprises)?;
    let (mut f, errs) = enterprise_filter(&EnterpriseFilterText {
        q: text(&p.q),
        province: text(&p.province),
        region: text(&p.region),
        category: text(&p.category),
        stars: text(&p.stars),
    });
    if !errs.is_empty() {
        return Err(errs.into());
    }
    (f.limit, f.offset) = limits(p.limit, p.offset);
    f.scope = who.enterprise_scope();
    let page = state.store.enterprises(&f).await?;
    Ok(Json(page_json(&page, enterprise_json)))
}

/// Registers an enterprise.
#[utoipa::path(post, path = "/api/v1/enterprises", tag = "enterprises", request_body = EnterpriseDraftDoc,
    responses(
        (status = 201, description = "Created", body = EnterpriseDoc,
            headers(("Location" = String, description = "URL of the new enterprise"))),
        (status = 409, description = "The registration number is already registered", body = ErrorBody),
        (status = 422, description = "Invalid input: every field error, in Thai and English", body = ErrorBody),
    ))]
pub async fn create_enterprise(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(draft): ApiJson<EnterpriseDraft>,
) -> Result<Response, WebError> {
    let id = ops::save_enterprise(&state.store, &viewer, None, &draft).await?;
    let e = state.store.enterprise(id).await?;
    Ok(created(&format!("/api/v1/enterprises/{id}"), enterprise_json(&e)))
}

/// One enterprise with its certifications.
#[utoipa::path(get, path = "/api/v1/enterprises/{id}", tag = "enterprises",
    params(("id" = i64, Path, description = "Enterprise id")),
    responses(
        (status = 200, description = "The enterprise", body = EnterpriseDoc),
        (status = 404, description = "No such enterprise", body = ErrorBody),
    ))]
pub async fn get_enterprise(
    State(state): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
) -> Result<Json<Value>, WebError> {
    ops::viewable_enterprise(&state.store, &viewer, id).await?;
    Ok(Json(enterprise_json(&state.store.enterprise(id).await?)))
}

/// Replaces an enterprise's data. A masked registration number or phone sent back as it
/// was received keeps the stored value.
#[utoipa::path(put, path = "/api/v1/enterprises/{id}", tag = "enterprises",
    params(("id" = i64, Path, description = "Enterprise id")), request_body = EnterpriseDraftDoc,
    responses(
        (status = 200, description = "Updated", body = EnterpriseDoc),
        (status = 404, description = "No such enterprise", body = ErrorBody),
        (status = 409, description = "The registration number belongs to another enterprise", body = ErrorBody),
        (status = 422, description = "Invalid input", body = ErrorBody),
    ))]
pub async fn update_enterprise(
    State(state): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(draft): ApiJson<EnterpriseDraft>,
) -> Result<Json<Value>, WebError> {
    ops::save_enterprise(&state.store, &viewer, Some(id), &draft).await?;
    Ok(Json(enterprise_json(&state.store.enterprise(id).await?)))
}

// ---------------------------------------------------------------- products

/// The products of an enterprise.
#[utoipa::path(get, path = "/api/v1/enterprises/{id}/products", tag = "enterprises",
    params(("id" = i64, Path, description = "Enterprise id")),
    responses(
        (status = 200, description = "Its products", body = Vec<ProductDoc>),
        (status = 404, description = "No such enterprise", body = ErrorBody),
    ))]
pub async fn list_products(State(state): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    ops::viewable_enterprise(&state.store, &viewer, id).await?;
    Ok(Json(to_json(&state.store.products_of(id).await?)))
}

/// Adds a product to an enterprise.
#[utoipa::path(post, path = "/api/v1/enterprises/{id}/products", tag = "enterprises",
    params(("id" = i64, Path, description = "Enterprise id")), request_body = ProductDraftDoc,
    responses(
        (status = 201, description = "Created", body = ProductDoc,
            headers(("Location" = String, description = "URL of the new product"))),
        (status = 404, description = "No such enterprise", body = ErrorBody),
        (status = 422, description = "Invalid input", body = ErrorBody),
    ))]
pub async fn create_product(
    State(state): State<AppState>,
    viewer: Viewer,
    Id(enterprise_id): Id,
    ApiJson(draft): ApiJson<ProductDraft>,
) -> Result<Response, WebError> {
    let id = ops::create_product(&state.store, &viewer, enterprise_id, &draft).await?;
    Ok(created(&format!("/api/v1/products/{id}"), to_json(&state.store.product(id).await?)))
}

/// One product.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "enterprises",
    params(("id" = i64, Path, description = "Product id")),
    responses(
        (status = 200, description = "The product", body = ProductDoc),
        (status = 404, description = "No such product", body = ErrorBody),
    ))]
pub async fn get_product(State(state): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    Ok(Json(to_json(&ops::viewable_product(&state.store, &viewer, id).await?)))
}

/// Replaces a product's data.
#[utoipa::path(put, path = "/api/v1/products/{id}", tag = "enterprises",
    params(("id" = i64, Path, description = "Product id")), request_body = ProductDraftDoc,
    responses(
        (status = 200, description = "Updated", body = ProductDoc),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 422, description = "Invalid input", body = ErrorBody),
    ))]
pub async fn update_product(
    State(state): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(draft): ApiJson<ProductDraft>,
) -> Result<Json<Value>, WebError> {
    ops::update_product(&state.store, &viewer, id, &draft).await?;
    Ok(Json(to_json(&state.store.product(id).await?)))
}

// ---------------------------------------------------------------- providers

/// Every provider with its units, optionally of one kind.
#[utoipa::path(get, path = "/api/v1/providers", tag = "providers", params(ProviderParams),
    responses(
        (status = 200, description = "The providers", body = Vec<ProviderDoc>),
        (status = 422, description = "Unknown kind", body = ErrorBody),
    ))]
pub async fn list_providers(
    State(state): State<AppState>,
    Query(p): Query<ProviderParams>,
) -> Result<Json<Value>, WebError> {
    let kind = match p.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Some(ProviderKind::parse_field("kind", k).map_err(|e| WebError::Invalid(e.into()))?),
        None => None,
    };
    Ok(Json(to_json(&state.store.providers(kind).await?)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProviderBody {
    #[serde(flatten)]
    draft: ProviderDraft,
    units: String,
}

/// Adds a provider with its units.
#[utoipa::path(post, path = "/api/v1/providers", tag = "providers", request_body = ProviderDraftDoc,
    responses(
        (status = 201, description = "Created", body = ProviderDoc,
            headers(("Location" = String, description = "URL of the new provider"))),
        (status = 409, description = "A provider of this name exists", body = ErrorBody),
        (status = 422, description = "Invalid input", body = ErrorBody),
    ))]
pub async fn create_provider(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<ProviderBody>,
) -> Result<Response, WebError> {
    let id = ops::save_provider(&state.store, &viewer, None, &body.draft, &body.units).await?;
    Ok(created(&format!("/api/v1/providers/{id}"), to_json(&state.store.provider(id).await?)))
}

/// One provider with its units.
#[utoipa::path(get, path = "/api/v1/providers/{id}", tag = "providers",
    params(("id" = i64, Path, description = "Provider id")),
    responses(
        (status = 200, description = "The provider", body = ProviderDoc),
        (status = 404, description = "No such provider", body = ErrorBody),
    ))]
pub async fn get_provider(State(state): State<AppState>, Id(id): Id) -> Result<Json<Value>, WebError> {
    Ok(Json(to_json(&state.store.provider(id).await?)))
}

// ---------------------------------------------------------------- services

/// The service directory, with the same filters as the directory page.
#[utoipa::path(get, path = "/api/v1/services", tag = "services", params(ServiceParams),
    responses(
        (status = 200, description = "A page of services", body = ServicePage),
        (status = 422, description = "A filter value is not understood", body = ErrorBody),
    ))]
pub async fn list_services(
    State(state): State<AppState>,
    Query(p): Query<ServiceParams>,
) -> Result<Json<Value>, WebError> {
    let provider = p.provider_id.map(|id| id.to_string()).unwrap_or_default();
    let (mut f, errs) = service_filter(&ServiceFilterText {
        q: text(&p.q),
        stage: text(&p.stage),
        category: text(&p.category),
        province: text(&p.province),
        region: text(&p.region),
        kind: text(&p.kind),
        provider: &provider,
    });
    if !errs.is_empty() {
        return Err(errs.into());
    }
    f.include_withdrawn = p.include_withdrawn.unwrap_or(false);
    (f.limit, f.offset) = limits(p.limit, p.offset);
    let page = state.store.services(&f).await?;
    Ok(Json(page_json(&page, to_json)))
}

/// Offers a service.
#[utoipa::path(post, path = "/api/v1/services", tag = "services", request_body = ServiceDraftDoc,
    responses(
        (status = 201, description = "Created", body = ServiceDoc,
            headers(("Location" = String, description = "URL of the new service"))),
        (status = 422, description = "Invalid input", body = ErrorBody),
    ))]
pub async fn create_service(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(draft): ApiJson<ServiceDraft>,
) -> Result<Response, WebError> {
    let id = ops::save_service(&state.store, &viewer, None, &draft).await?;
    Ok(created(&format!("/api/v1/services/{id}"), to_json(&state.store.service(id).await?)))
}

/// One service with its provider's name and kind.
#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    responses(
        (status = 200, description = "The service", body = ServiceDoc),
        (status = 404, description = "No such service", body = ErrorBody),
    ))]
pub async fn get_service(State(state): State<AppState>, Id(id): Id) -> Result<Json<Value>, WebError> {
    Ok(Json(to_json(&state.store.service(id).await?)))
}

/// Replaces a service's data.
#[utoipa::path(put, path = "/api/v1/services/{id}", tag = "services",
    params(("id" = i64, Path, description = "Service id")), request_body = ServiceDraftDoc,
    responses(
        (status = 200, description = "Updated", body = ServiceDoc),
        (status = 404, description = "No such service", body = ErrorBody),
        (status = 422, description = "Invalid input", body = ErrorBody),
    ))]
pub async fn update_service(
    State(state): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(draft): ApiJson<ServiceDraft>,
) -> Result<Json<Value>, WebError> {
    ops::save_service(&state.store, &viewer, Some(id), &draft).await?;
    Ok(Json(to_json(&state.store.service(id).await?)))
}

// ---------------------------------------------------------------- health

/// 200 once the database answers `SELECT 1`; 503 otherwise.
#[utoipa::path(get, path = "/healthz", tag = "system",
    responses(
        (status = 200, description = "Up, and the database answers", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    ))]
pub async fn healthz(State(state): State<AppState>) -> Response {
    let database = state.store.backend().name();
    match ops::ping(&state.store).await {
        Ok(()) => Json(Health { status: "ok", database }).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database })).into_response()
        }
    }
}
