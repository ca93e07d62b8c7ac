//! Enterprises with their certifications.

use otop_domain::access::EnterpriseScope;
use otop_domain::{
    Address, Category, CertificationHeld, CertificationKind, Email, Enterprise, EnterpriseData, EnterpriseKind,
    NationalId, Phone, PostalCode, Quadrant, Registration, Stars,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Connection, Row};

use crate::audit::{json, record};
use crate::codec::{corrupt, decode_list, encode_list, like_member};
use crate::sql::{Page, Sql};
use crate::{Actor, Result, Store, StoreError};

/// What the enterprise list can be narrowed by. `scope` is the viewer's (from the policy)
/// and defaults to nothing, so a caller that forgets it shows no one's data.
#[derive(Debug, Clone)]
pub struct EnterpriseFilter {
    pub scope: EnterpriseScope,
    pub q: Option<String>,
    pub province_code: Option<u8>,
    pub region: Option<otop_geo::Region>,
    pub category: Option<Category>,
    pub stars: Option<u8>,
    pub limit: i64,
    pub offset: i64,
}

impl Default for EnterpriseFilter {
    fn default() -> Self {
        Self {
            scope: EnterpriseScope::Nothing,
            q: None,
            province_code: None,
            region: None,
            category: None,
            stars: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// Narrows a query to the enterprises `scope` covers; `id_column` names the enterprise id
/// in the query's table (`id` in `enterprises`, `enterprise_id` elsewhere).
pub(crate) fn push_scope(q: &mut Sql, scope: &EnterpriseScope, id_column: &str) {
    match scope {
        EnterpriseScope::All => {}
        EnterpriseScope::Nothing => {
            q.push(" AND 1 = 0");
        }
        EnterpriseScope::Provinces(ps) if ps.is_empty() => {
            q.push(" AND 1 = 0");
        }
        EnterpriseScope::Provinces(ps) => {
            if id_column == "id" {
                q.push(" AND province_code IN (");
            } else {
                q.push(&format!(" AND {id_column} IN (SELECT id FROM enterprises WHERE province_code IN ("));
            }
            for (i, p) in ps.iter().enumerate() {
                q.push(if i == 0 { "" } else { ", " }).bind(*p as i64);
            }
            q.push(if id_column == "id" { ")" } else { "))" });
        }
        EnterpriseScope::MemberOf(account) => {
            q.push(&format!(" AND {id_column} IN (SELECT enterprise_id FROM enterprise_members WHERE account_id = "))
                .bind(*account)
                .push(")");
        }
        EnterpriseScope::NominatedBy(agency) => {
            q.push(&format!(" AND {id_column} IN (SELECT enterprise_id FROM nominations WHERE agency = "))
                .bind(agency.code())
                .push(")");
        }
    }
}

pub(crate) const COLUMNS: &str = "id, kind, name, registration_kind, registration_no, address_line, subdistrict_code, district_code, province_code, postal_code, contact_name, phone, email, stars, quadrant, categories";

impl Store {
    pub async fn create_enterprise(&self, actor: &Actor, data: &EnterpriseData) -> Result<i64> {
        self.create_enterprise_for(actor, data, None, None).await
    }

    /// Creates an enterprise that belongs to `member` (the entrepreneur registering it)
    /// and/or is nominated by `nominated_by`, all in one transaction.
    pub async fn create_enterprise_for(
        &self,
        actor: &Actor,
        data: &EnterpriseData,
        member: Option<i64>,
        nominated_by: Option<otop_domain::Agency>,
    ) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let id = insert(&mut tx, data).await?;
        insert_certifications(&mut tx, id, &data.certifications).await?;
        if let Some(account) = member {
            crate::accounts::add_member_in(&mut tx, id, account).await?;
        }
        if let Some(agency) = nominated_by {
            crate::accounts::nominate_in(&mut tx, actor, id, agency).await?;
        }
        record(&mut *tx, actor, "create", "enterprise", Some(id), None, Some(json(data))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_enterprise(&self, actor: &Actor, id: i64, data: &EnterpriseData) -> Result<()> {
        let before = self.enterprise(id).await?;
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let now = crate::now_text();
        let (reg_kind, reg_no) = registration_columns(&data.registration);
        let r = sqlx::query(
            "UPDATE enterprises SET kind = $1, name = $2, registration_kind = $3, registration_no = $4, address_line = $5, \
             subdistrict_code = $6, district_code = $7, province_code = $8, postal_code = $9, contact_name = $10, phone = $11, \
             email = $12, stars = $13, quadrant = $14, categories = $15, updated_at = $16 WHERE id = $17",
        )
        .bind(data.kind.code())
        .bind(data.name.clone())
        .bind(reg_kind)
        .bind(reg_no)
        .bind(data.address.line.clone())
        .bind(data.address.subdistrict_code as i64)
        .bind(data.address.district_code as i64)
        .bind(data.address.province_code as i64)
        .bind(data.address.postal_code.as_str().to_string())
        .bind(data.contact_name.clone())
        .bind(data.phone.as_ref().map(|p| p.as_str().to_string()))
        .bind(data.email.as_ref().map(|e| e.as_str().to_string()))
        .bind(data.stars.map(|s| s.get() as i64))
        .bind(data.quadrant.map(|q| q.code()))
        .bind(encode_list(data.categories.iter().map(|c| c.code())))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(duplicate_registration)?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM enterprise_certifications WHERE enterprise_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_certifications(&mut tx, id, &data.certifications).await?;
        record(&mut *tx, actor, "update", "enterprise", Some(id), Some(json(&before.data)), Some(json(data))).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn enterprise(&self, id: i64) -> Result<Enterprise> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM enterprises WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut e = enterprise_from_row(&row)?;
        e.data.certifications = self.certifications_of(id).await?;
        Ok(e)
    }

    async fn certifications_of(&self, id: i64) -> Result<Vec<CertificationHeld>> {
        let rows = sqlx::query(
            "SELECT kind, number, expires_on FROM enterprise_certifications WHERE enterprise_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.get("kind");
                let expires: Option<String> = r.get("expires_on");
                Ok(CertificationHeld {
                    kind: CertificationKind::parse(&kind).ok_or_else(|| corrupt("certification kind", &kind))?,
                    number: r.get("number"),
                    expires_on: expires.and_then(|d| d.parse().ok()),
                })
            })
            .collect()
    }

    /// A page of enterprises; certifications are not loaded for lists.
    pub async fn enterprises(&self, f: &EnterpriseFilter) -> Result<Page<Enterprise>> {
        let limit = f.limit.clamp(1, 1000);
        let offset = f.offset.max(0);
        let mut count = Sql::new(self.backend, "SELECT COUNT(*) AS n FROM enterprises");
        push_where(&mut count, f);
        let total: i64 = count.query().fetch_one(&self.pool).await?.get("n");
        let mut q = Sql::new(self.backend, &format!("SELECT {COLUMNS} FROM enterprises"));
        push_where(&mut q, f);
        q.push(" ORDER BY name, id LIMIT ").bind(limit).push(" OFFSET ").bind(offset);
        let rows = q.query().fetch_all(&self.pool).await?;
        let items = rows.iter().map(enterprise_from_row).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total, offset, limit })
    }

    pub async fn delete_enterprise(&self, actor: &Actor, id: i64) -> Result<()> {
        let before = self.enterprise(id).await?;
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        sqlx::query("DELETE FROM enterprises WHERE id = $1").bind(id).execute(&mut *tx).await?;
        record(&mut *tx, actor, "delete", "enterprise", Some(id), Some(json(&before.data)), None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Which of these registration numbers are already in the registry.
    pub async fn existing_registrations(&self, numbers: &[String]) -> Result<std::collections::HashSet<String>> {
        let mut found = std::collections::HashSet::new();
        for chunk in numbers.chunks(500) {
            let mut q = Sql::new(self.backend, "SELECT registration_no FROM enterprises WHERE registration_no IN (");
            for (i, n) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.bind(n.clone());
            }
            q.push(")");
            for r in q.query().fetch_all(&self.pool).await? {
                found.insert(r.get("registration_no"));
            }
        }
        Ok(found)
    }

    pub async fn enterprise_id_by_registration(&self, registration_no: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM enterprises WHERE registration_no = $1")
            .bind(registration_no.to_string())
            .fetch_optional(&self.pool)
            .await?)
    }
}

fn push_where(q: &mut Sql, f: &EnterpriseFilter) {
    q.push(" WHERE 1 = 1");
    push_scope(q, &f.scope, "id");
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pat = format!("%{text}%");
        q.push(" AND (name LIKE ").bind(pat.clone());
        q.push(" OR registration_no LIKE ").bind(pat).push(")");
    }
    if let Some(p) = f.province_code {
        q.push(" AND province_code = ").bind(p as i64);
    }
    if let Some(r) = f.region {
        q.push(" AND province_code IN (SELECT code FROM provinces WHERE region = ").bind(r.code()).push(")");
    }
    if let Some(c) = f.category {
        q.push(" AND categories LIKE ").bind(like_member(c.code()));
    }
    if let Some(s) = f.stars {
        q.push(" AND stars = ").bind(s as i64);
    }
}

pub(crate) fn registration_columns(r: &Registration) -> (&'static str, String) {
    (r.kind_code(), r.number().to_string())
}

pub(crate) async fn insert(tx: &mut sqlx::Transaction<'_, Any>, data: &EnterpriseData) -> Result<i64> {
    let now = crate::now_text();
    let (reg_kind, reg_no) = registration_columns(&data.registration);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO enterprises (kind, name, registration_kind, registration_no, address_line, subdistrict_code, district_code, \
         province_code, postal_code, contact_name, phone, email, stars, quadrant, categories, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
    )
    .bind(data.kind.code())
    .bind(data.name.clone())
    .bind(reg_kind)
    .bind(reg_no)
    .bind(data.address.line.clone())
    .bind(data.address.subdistrict_code as i64)
    .bind(data.address.district_code as i64)
    .bind(data.address.province_code as i64)
    .bind(data.address.postal_code.as_str().to_string())
    .bind(data.contact_name.clone())
    .bind(data.phone.as_ref().map(|p| p.as_str().to_string()))
    .bind(data.email.as_ref().map(|e| e.as_str().to_string()))
    .bind(data.stars.map(|s| s.get() as i64))
    .bind(data.quadrant.map(|q| q.code()))
    .bind(encode_list(data.categories.iter().map(|c| c.code())))
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .map_err(duplicate_registration)?;
    Ok(id)
}

pub(crate) async fn insert_certifications(
    tx: &mut sqlx::Transaction<'_, Any>,
    id: i64,
    certs: &[CertificationHeld],
) -> Result<()> {
    for c in certs {
        sqlx::query(
            "INSERT INTO enterprise_certifications (enterprise_id, kind, number, expires_on) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(c.kind.code())
        .bind(c.number.clone())
        .bind(c.expires_on.map(|d| d.to_string()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) fn duplicate_registration(e: sqlx::Error) -> StoreError {
    crate::on_unique(
        e,
        "registration_no",
        "เลขทะเบียนนี้มีอยู่ในระบบแล้ว — ค้นหาผู้ประกอบการรายนี้แทนการเพิ่มใหม่",
        "This registration number is already registered — find that enterprise instead of adding it again",
    )
}

pub(crate) fn enterprise_from_row(r: &AnyRow) -> Result<Enterprise> {
    let kind: String = r.get("kind");
    let reg_kind: String = r.get("registration_kind");
    let reg_no: String = r.get("registration_no");
    let registration = match reg_kind.as_str() {
        "juristic" => Registration::Juristic(reg_no),
        "community_enterprise" => Registration::CommunityEnterprise(reg_no),
        "erased" => Registration::Erased(reg_no),
        "national_id" => Registration::NationalId(
            NationalId::parse("registration_no", &reg_no).map_err(|_| corrupt("national id", "masked"))?,
        ),
        other => return Err(corrupt("registration kind", other)),
    };
    let postal: String = r.get("postal_code");
    let phone: Option<String> = r.get("phone");
    let email: Option<String> = r.get("email");
    let stars: Option<i64> = r.get("stars");
    let quadrant: Option<String> = r.get("quadrant");
    let categories: String = r.get("categories");
    Ok(Enterprise {
        id: r.get("id"),
        data: EnterpriseData {
            kind: EnterpriseKind::parse(&kind).ok_or_else(|| corrupt("enterprise kind", &kind))?,
            name: r.get("name"),
            registration,
            address: Address {
                line: r.get("address_line"),
                subdistrict_code: r.get::<i64, _>("subdistrict_code") as u32,
                district_code: r.get::<i64, _>("district_code") as u16,
                province_code: r.get::<i64, _>("province_code") as u8,
                postal_code: PostalCode::parse("postal_code", &postal).map_err(|_| corrupt("postal code", &postal))?,
            },
            contact_name: r.get("contact_name"),
            phone: phone.and_then(|p| Phone::parse("phone", &p).ok()),
            email: email.and_then(|e| Email::parse("email", &e).ok()),
            stars: stars.and_then(|s| Stars::new(s as u8)),
            quadrant: quadrant.and_then(|q| Quadrant::parse(&q)),
            categories: decode_list(&categories, Category::parse)?,
            certifications: Vec::new(),
        },
    })
}
