//! What the forms and the API do alike: validate a draft through the domain, check what only
//! the database knows (the enterprise or provider exists, the unit belongs to the provider),
//! save with an [`Actor`], and turn a taken unique value into a field error. Also the edit
//! forms' starting values, and the few read-only queries this crate runs itself.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use otop_domain::Role;
use otop_domain::access::{EnterpriseFacts, Permission};
use otop_domain::fiscal::BE_OFFSET;
use otop_domain::{
    AddressDraft, Enterprise, EnterpriseData, EnterpriseDraft, FieldError, NeedDraft, Product, ProductDraft, Provider,
    ProviderDraft, Service, ServiceDraft, ValidationErrors,
};
use otop_geo::geography;
use otop_store::{Store, StoreError};
use sqlx::Row;

use crate::access::{Viewer, check};
use crate::error::WebError;

// ---------------------------------------------------------------- scope

/// The enterprise's facts if `viewer` may see it (403 if not theirs, 404 if none).
pub async fn viewable_enterprise(store: &Store, viewer: &Viewer, id: i64) -> Result<EnterpriseFacts, WebError> {
    let who = viewer.needs(Permission::ViewEnterprises)?;
    let facts = store.enterprise_facts(id).await?;
    check(who.may_view_enterprise(&facts))?;
    Ok(facts)
}

/// The enterprise's facts if `viewer` may change it.
pub async fn editable_enterprise(store: &Store, viewer: &Viewer, id: i64) -> Result<EnterpriseFacts, WebError> {
    let who = viewer.needs(Permission::EditEnterprises)?;
    let facts = store.enterprise_facts(id).await?;
    check(who.may_edit_enterprise(&facts))?;
    Ok(facts)
}

/// A product if `viewer` may see its enterprise.
pub async fn viewable_product(store: &Store, viewer: &Viewer, id: i64) -> Result<Product, WebError> {
    let p = store.product(id).await?;
    viewable_enterprise(store, viewer, p.data.enterprise_id).await?;
    Ok(p)
}

/// Whether national IDs and phones may be shown in full to `viewer` for this enterprise.
pub fn may_reveal(viewer: &Viewer, facts: &EnterpriseFacts) -> bool {
    viewer.principal.as_ref().is_some_and(|p| p.may_reveal_personal(facts))
}

// ---------------------------------------------------------------- enterprises

/// Creates (`id` = None) or updates an enterprise. On update, a registration number or phone
/// sent back exactly as masked (the edit form shows them masked) keeps the stored value.
///
/// Scope: an update needs the enterprise in the viewer's scope, and an officer cannot move
/// it to a province outside theirs; a new one is registered where the viewer may register
/// (and belongs to the entrepreneur who registers it, or is nominated by the partner's
/// department).
pub async fn save_enterprise(
    store: &Store,
    viewer: &Viewer,
    id: Option<i64>,
    draft: &EnterpriseDraft,
) -> Result<i64, WebError> {
    let mut effective = draft.clone();
    match id {
        Some(id) => {
            let facts = editable_enterprise(store, viewer, id).await?;
            let who = viewer.signed_in()?;
            let current = store.enterprise(id).await?;
            keep_masked(&mut effective, &current.data);
            let data = effective.validate()?;
            if data.address.province_code != facts.province_code {
                check(who.may_create_enterprise_in(data.address.province_code))?;
            }
            store.update_enterprise(&viewer.actor(), id, &data).await.map_err(|e| with_value(e, draft))?;
            Ok(id)
        }
        None => {
            let who = viewer.needs(Permission::CreateEnterprises)?;
            let data = effective.validate()?;
            check(who.may_create_enterprise_in(data.address.province_code))?;
            let member = who.account_id.filter(|_| who.role == Role::Entrepreneur);
            let nominated = who.agency.filter(|_| who.role == Role::PartnerOfficer);
            store
                .create_enterprise_for(&viewer.actor(), &data, member, nominated)
                .await
                .map_err(|e| with_value(e, draft))
        }
    }
}

fn keep_masked(d: &mut EnterpriseDraft, current: &EnterpriseData) {
    if d.registration_no.trim() == current.registration.display_masked() {
        d.registration_no = current.registration.number().to_string();
    }
    if let Some(p) = &current.phone
        && d.phone.trim() == p.masked()
    {
        d.phone = p.as_str().to_string();
    }
}

/// A duplicate registration number names the number that was sent.
fn with_value(e: StoreError, draft: &EnterpriseDraft) -> WebError {
    match WebError::from(e) {
        WebError::Duplicate(mut errs) => {
            for f in &mut errs.errors {
                if f.field == "registration_no" {
                    f.value = draft.registration_no.clone();
                }
            }
            WebError::Duplicate(errs)
        }
        other => other,
    }
}

/// The edit form's starting values: codes for choices, names for places, and the
/// registration number and phone masked (see [`save_enterprise`]).
pub fn enterprise_draft(e: &Enterprise) -> EnterpriseDraft {
    let d = &e.data;
    let g = geography();
    EnterpriseDraft {
        kind: d.kind.code().into(),
        name: d.name.clone(),
        registration_no: d.registration.display_masked(),
        address: AddressDraft {
            address_line: d.address.line.clone(),
            subdistrict: g.subdistrict(d.address.subdistrict_code).map(|s| s.name_th.to_string()).unwrap_or_default(),
            district: g.district(d.address.district_code).map(|s| s.name_th.to_string()).unwrap_or_default(),
            province: g.province(d.address.province_code).map(|s| s.name_th.to_string()).unwrap_or_default(),
            postal_code: d.address.postal_code.as_str().to_string(),
        },
        contact_name: d.contact_name.clone(),
        phone: d.phone.as_ref().map(|p| p.masked()).unwrap_or_default(),
        email: d.email.as_ref().map(|e| e.as_str().to_string()).unwrap_or_default(),
        stars: d.stars.map(|s| s.get().to_string()).unwrap_or_default(),
        quadrant: d.quadrant.map(|q| q.code().to_string()).unwrap_or_default(),
        categories: d.categories.iter().map(|c| c.code()).collect::<Vec<_>>().join(", "),
        certifications: d
            .certifications
            .iter()
            .map(|c| {
                let mut line = format!("{} {}", c.kind.name_th(), c.number);
                if let Some(x) = c.expires_on {
                    line.push_str(&format!(" หมดอายุ {}/{}/{}", x.day(), x.month(), x.year() + BE_OFFSET));
                }
                line.trim().to_string()
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

// ---------------------------------------------------------------- products

pub async fn create_product(
    store: &Store,
    viewer: &Viewer,
    enterprise_id: i64,
    draft: &ProductDraft,
) -> Result<i64, WebError> {
    editable_enterprise(store, viewer, enterprise_id).await?;
    let data = draft.validate(enterprise_id)?;
    Ok(store.create_product(&viewer.actor(), &data).await?)
}

pub async fn update_product(store: &Store, viewer: &Viewer, id: i64, draft: &ProductDraft) -> Result<i64, WebError> {
    let current = store.product(id).await?;
    editable_enterprise(store, viewer, current.data.enterprise_id).await?;
    let data = draft.validate(current.data.enterprise_id)?;
    store.update_product(&viewer.actor(), id, &data).await?;
    Ok(id)
}

pub fn product_draft(p: &Product) -> ProductDraft {
    ProductDraft {
        name: p.data.name.clone(),
        category: p.data.category.code().into(),
        description: p.data.description.clone(),
        stars: p.data.stars.map(|s| s.get().to_string()).unwrap_or_default(),
        price: p.data.price.map(|s| s.baht_display()).unwrap_or_default(),
    }
}

// ---------------------------------------------------------------- providers

/// A provider's units from text: one a line (or separated by semicolons), blanks dropped.
pub fn parse_units(text: &str) -> Result<Vec<String>, ValidationErrors> {
    let mut errs = ValidationErrors::default();
    let mut units: Vec<String> = Vec::new();
    for u in text.split(['\n', ';']).map(str::trim).filter(|u| !u.is_empty()) {
        if u.chars().count() > 200 {
            errs.push(FieldError::new(
                "units",
                u,
                "ชื่อหน่วยงานย่อยยาวเกินไป: ไม่เกิน 200 ตัวอักษร",
                "A unit name is too long: at most 200 characters",
            ));
        } else if !units.iter().any(|x| x == u) {
            units.push(u.to_string());
        }
    }
    errs.into_result(|| units)
}

/// Creates or updates a provider. Units are set on creation; the store has no way yet to
/// change them afterwards, so an update leaves them as they are.
pub async fn save_provider(
    store: &Store,
    viewer: &Viewer,
    id: Option<i64>,
    draft: &ProviderDraft,
    units_text: &str,
) -> Result<i64, WebError> {
    match id {
        Some(id) => {
            store.provider(id).await?;
            check(viewer.needs(Permission::EditProviders)?.may_edit_provider(id))?;
        }
        None => {
            viewer.needs(Permission::CreateProviders)?;
        }
    }
    let mut errs = ValidationErrors::default();
    let data = draft.validate().map_err(|e| errs.errors.extend(e.errors)).ok();
    let units = parse_units(units_text).map_err(|e| errs.errors.extend(e.errors)).ok();
    let (Some(data), Some(units)) = (data, units) else {
        return Err(WebError::Invalid(errs));
    };
    match id {
        Some(id) => {
            store.update_provider(&viewer.actor(), id, &data).await?;
            Ok(id)
        }
        None => Ok(store.create_provider(&viewer.actor(), &data, &units).await?),
    }
}

pub fn provider_draft(p: &Provider) -> ProviderDraft {
    let d = &p.data;
    ProviderDraft {
        name: d.name.clone(),
        short_name: d.short_name.clone(),
        kind: d.kind.code().into(),
        province: d
            .province_code
            .and_then(|c| geography().province(c))
            .map(|p| p.name_th.to_string())
            .unwrap_or_default(),
        website: d.website.clone(),
        phone: d.phone.as_ref().map(|p| p.formatted()).unwrap_or_default(),
        email: d.email.as_ref().map(|e| e.as_str().to_string()).unwrap_or_default(),
        description: d.description.clone(),
    }
}

pub fn units_text(p: &Provider) -> String {
    p.units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join("\n")
}

// ---------------------------------------------------------------- services

/// Provider staff create and edit their own provider's services only (and cannot hand one
/// to another provider).
pub async fn save_service(
    store: &Store,
    viewer: &Viewer,
    id: Option<i64>,
    draft: &ServiceDraft,
) -> Result<i64, WebError> {
    let who = viewer.needs(Permission::EditServices)?;
    if let Some(id) = id {
        let current = store.service(id).await?;
        check(who.may_edit_services_of(current.service.data.provider_id))?;
    }
    let data = draft.validate()?;
    check(who.may_edit_services_of(data.provider_id))?;
    let provider = match store.provider(data.provider_id).await {
        Ok(p) => p,
        Err(StoreError::NotFound) => {
            return Err(WebError::Invalid(
                FieldError::new(
                    "provider_id",
                    &draft.provider_id,
                    format!("ไม่พบผู้ให้บริการรหัส {} — เลือกผู้ให้บริการจากรายการ", data.provider_id),
                    format!("There is no provider with id {} — choose one from the list", data.provider_id),
                )
                .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(unit) = data.unit_id
        && !provider.units.iter().any(|u| u.id == unit)
    {
        return Err(WebError::Invalid(
            FieldError::new(
                "unit_id",
                &draft.unit_id,
                format!("หน่วยงานย่อยนี้ไม่ได้อยู่ใน {} — เลือกหน่วยงานของผู้ให้บริการที่เลือก หรือเว้นว่าง", provider.data.name),
                format!("This unit does not belong to {} — choose one of its units or none", provider.data.name),
            )
            .into(),
        ));
    }
    match id {
        Some(id) => {
            store.update_service(&viewer.actor(), id, &data).await?;
            Ok(id)
        }
        None => Ok(store.create_service(&viewer.actor(), &data).await?),
    }
}

pub fn service_draft(s: &Service) -> ServiceDraft {
    let d = &s.data;
    ServiceDraft {
        provider_id: d.provider_id.to_string(),
        unit_id: d.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        title: d.title.clone(),
        description: d.description.clone(),
        stages: d.stages.iter().map(|s| s.code()).collect::<Vec<_>>().join(", "),
        categories: d.categories.iter().map(|c| c.code()).collect::<Vec<_>>().join(", "),
        coverage: d.coverage.display_th(),
        capacity_per_year: d.capacity_per_year.map(|c| c.to_string()).unwrap_or_default(),
        // "label: amount" keeps labels that end in digits ("ISO 9001") apart from the amount.
        prices: d
            .prices
            .iter()
            .map(|p| format!("{}: {}", p.label, p.amount.baht_display()))
            .collect::<Vec<_>>()
            .join("\n"),
        active: if d.active { "true" } else { "false" }.into(),
    }
}

// ---------------------------------------------------------------- needs

/// Records an enterprise's need: the province is the enterprise's, the category the chosen
/// product's (or the enterprise's, when it makes one kind of product). `product_id` is the
/// form's text: empty, or one of the enterprise's products.
pub async fn save_need(
    store: &Store,
    viewer: &Viewer,
    enterprise_id: i64,
    draft: &NeedDraft,
    product_id: &str,
    today: NaiveDate,
) -> Result<i64, WebError> {
    editable_enterprise(store, viewer, enterprise_id).await?;
    let enterprise = store.enterprise(enterprise_id).await?;
    let product = match product_id.trim() {
        "" => None,
        v => {
            let not_theirs = || {
                WebError::Invalid(
                    FieldError::new(
                        "product_id",
                        v,
                        "ผลิตภัณฑ์นี้ไม่ใช่ของผู้ประกอบการรายนี้ — เลือกจากรายการ หรือเว้นว่าง",
                        "This product is not one of this enterprise's — choose one from the list or none",
                    )
                    .into(),
                )
            };
            let id = v.parse::<i64>().map_err(|_| not_theirs())?;
            match store.product(id).await {
                Ok(p) if p.data.enterprise_id == enterprise_id => Some(p),
                Ok(_) | Err(StoreError::NotFound) => return Err(not_theirs()),
                Err(e) => return Err(e.into()),
            }
        }
    };
    let mut effective = draft.clone();
    if effective.category.trim().is_empty() {
        let category = match (&product, enterprise.data.categories.as_slice()) {
            (Some(p), _) => Some(p.data.category),
            (None, [only]) => Some(*only),
            _ => None,
        };
        effective.category = category.map(|c| c.code().to_string()).unwrap_or_default();
    }
    let data =
        effective.validate(enterprise_id, product.map(|p| p.id), enterprise.data.address.province_code, today)?;
    Ok(store.create_need(&viewer.actor(), &data).await?)
}

// ---------------------------------------------------------------- read-only queries

/// How many open services each provider offers.
pub async fn active_service_counts(store: &Store) -> Result<HashMap<i64, i64>, WebError> {
    let rows = sqlx::query("SELECT provider_id, COUNT(*) AS n FROM services WHERE active = $1 GROUP BY provider_id")
        .bind(1_i64)
        .fetch_all(store.pool())
        .await
        .map_err(StoreError::from)?;
    Ok(rows.iter().map(|r| (r.get::<i64, _>("provider_id"), r.get::<i64, _>("n"))).collect())
}

/// The database answers a trivial query.
pub async fn ping(store: &Store) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(store.pool()).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_split_trimmed_and_deduplicated() {
        assert_eq!(parse_units(" ก \n\nข; ก ").unwrap(), vec!["ก".to_string(), "ข".to_string()]);
        assert!(parse_units(&"x".repeat(201)).is_err());
    }
}
