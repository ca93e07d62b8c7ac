//! Accounts and what ties them to the registry: enterprise membership, partner nominations,
//! officers' verification of entrepreneurs, and the PDPA requests (data-subject export,
//! erasure). Every change writes the audit log in its own transaction.

use otop_domain::access::{EnterpriseFacts, NewAccount, Principal, SignUp};
use otop_domain::{Agency, Role};
use otop_geo::Region;
use serde::Serialize;
use sqlx::{Connection, Row};

use crate::audit::{json, record};
use crate::codec::{decode_list, encode_list};
use crate::sql::Sql;
use crate::{Actor, Page, Result, Store, StoreError, now_text, on_unique};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// An entrepreneur waiting for an officer of their province to verify them.
    Pending,
    Active,
    Disabled,
    /// Personal data removed on request; the row stays for anonymous statistics.
    Erased,
}

impl AccountStatus {
    pub fn code(self) -> &'static str {
        match self {
            AccountStatus::Pending => "pending",
            AccountStatus::Active => "active",
            AccountStatus::Disabled => "disabled",
            AccountStatus::Erased => "erased",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => AccountStatus::Pending,
            "active" => AccountStatus::Active,
            "disabled" => AccountStatus::Disabled,
            "erased" => AccountStatus::Erased,
            _ => return None,
        })
    }

    pub fn name_th(self) -> &'static str {
        match self {
            AccountStatus::Pending => "รอตรวจสอบ",
            AccountStatus::Active => "ใช้งาน",
            AccountStatus::Disabled => "ระงับ",
            AccountStatus::Erased => "ลบข้อมูลแล้ว",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            AccountStatus::Pending => "Awaiting verification",
            AccountStatus::Active => "Active",
            AccountStatus::Disabled => "Disabled",
            AccountStatus::Erased => "Erased",
        }
    }

    /// Whether the account may hold a session (pending entrepreneurs may sign in and
    /// register their business while they wait).
    pub fn may_sign_in(self) -> bool {
        matches!(self, AccountStatus::Pending | AccountStatus::Active)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub id: i64,
    pub sign_in: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: String,
    pub role: Role,
    pub status: AccountStatus,
    pub provinces: Vec<u8>,
    pub region: Option<Region>,
    pub provider_id: Option<i64>,
    pub provider_manager: bool,
    pub agency: Option<Agency>,
    pub consent_version: Option<String>,
    pub consent_at: Option<String>,
    pub verified_at: Option<String>,
    pub has_password: bool,
    pub created_at: String,
}

impl Account {
    pub fn principal(&self) -> Principal {
        Principal {
            account_id: Some(self.id),
            token_id: None,
            name: self.name.clone(),
            role: self.role,
            provinces: self.provinces.clone(),
            region: self.region,
            provider_id: self.provider_id,
            provider_manager: self.provider_manager,
            agency: self.agency,
        }
    }
}

/// What sign-in needs: the account's id, status and password hash.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: i64,
    pub status: AccountStatus,
    pub password_hash: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    pub role: Option<Role>,
    pub status: Option<AccountStatus>,
    /// Accounts whose provinces include one of these (verification lists).
    pub provinces: Option<Vec<u8>>,
    pub provider_id: Option<i64>,
    pub q: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

const COLUMNS: &str = "id, sign_in, email, phone, name, password_hash, role, status, provinces, region, provider_id, \
     provider_manager, agency, consent_version, consent_at, verified_at, created_at";

fn account_from_row(r: &sqlx::any::AnyRow) -> Result<Account> {
    let role: String = r.get("role");
    let status: String = r.get("status");
    let provinces: String = r.get("provinces");
    let region: Option<String> = r.get("region");
    let agency: Option<String> = r.get("agency");
    let hash: Option<String> = r.get("password_hash");
    Ok(Account {
        id: r.get("id"),
        sign_in: r.get("sign_in"),
        email: r.get("email"),
        phone: r.get("phone"),
        name: r.get("name"),
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?,
        status: AccountStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
        provinces: decode_list(&provinces, |p| p.parse().ok())?,
        region: region.as_deref().and_then(Region::parse),
        provider_id: r.get("provider_id"),
        provider_manager: r.get::<i64, _>("provider_manager") != 0,
        agency: agency.as_deref().and_then(Agency::parse),
        consent_version: r.get("consent_version"),
        consent_at: r.get("consent_at"),
        verified_at: r.get("verified_at"),
        has_password: hash.is_some(),
        created_at: r.get("created_at"),
    })
}

/// The audit log's view of an account: never the password hash.
#[derive(Serialize)]
struct AccountAudit<'a> {
    name: &'a str,
    sign_in: Option<&'a str>,
    role: &'a str,
    status: &'a str,
    provinces: &'a [u8],
    region: Option<&'a str>,
    provider_id: Option<i64>,
    provider_manager: bool,
    agency: Option<&'a str>,
}

fn audit_view(a: &Account) -> String {
    json(&AccountAudit {
        name: &a.name,
        sign_in: a.sign_in.as_deref(),
        role: a.role.code(),
        status: a.status.code(),
        provinces: &a.provinces,
        region: a.region.map(|r| r.code()),
        provider_id: a.provider_id,
        provider_manager: a.provider_manager,
        agency: a.agency.map(|g| g.code()),
    })
}

fn duplicate_sign_in(e: sqlx::Error) -> StoreError {
    on_unique(
        e,
        "sign_in",
        "อีเมลหรือเบอร์นี้มีบัญชีอยู่แล้ว — เข้าสู่ระบบ หรือใช้ \"ลืมรหัสผ่าน\"",
        "An account with this e-mail or phone already exists — sign in, or use \"forgot password\"",
    )
}

impl Store {
    /// An account made by an admin or a provider's manager; its owner sets a password
    /// through an invitation link.
    pub async fn create_account(&self, actor: &Actor, a: &NewAccount) -> Result<i64> {
        let provinces = a.provinces.iter().map(u8::to_string).collect::<Vec<_>>();
        self.insert_account(
            actor,
            NewRow {
                sign_in: a.sign_in.key(),
                email: a.sign_in.email().map(|e| e.as_str().to_string()),
                phone: a.sign_in.mobile().map(|p| p.as_str().to_string()),
                name: a.name.clone(),
                password_hash: None,
                role: a.role,
                status: AccountStatus::Active,
                provinces: encode_list(provinces.iter().map(String::as_str)),
                region: a.region.map(|r| r.code().to_string()),
                provider_id: a.provider_id,
                provider_manager: a.provider_manager,
                agency: a.agency.map(|g| g.code().to_string()),
                consent_version: None,
            },
        )
        .await
    }

    /// An entrepreneur's own sign-up: pending until an officer of the province verifies it,
    /// with the privacy notice version agreed to.
    pub async fn sign_up(&self, actor: &Actor, s: &SignUp, password_hash: Option<String>) -> Result<i64> {
        self.insert_account(
            actor,
            NewRow {
                sign_in: s.sign_in.key(),
                email: s.sign_in.email().map(|e| e.as_str().to_string()),
                phone: s.sign_in.mobile().map(|p| p.as_str().to_string()),
                name: s.name.clone(),
                password_hash,
                role: Role::Entrepreneur,
                status: AccountStatus::Pending,
                provinces: encode_list([s.province.to_string().as_str()]),
                region: None,
                provider_id: None,
                provider_manager: false,
                agency: None,
                consent_version: Some(s.notice_version.to_string()),
            },
        )
        .await
    }

    async fn insert_account(&self, actor: &Actor, n: NewRow) -> Result<i64> {
        let now = now_text();
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (sign_in, email, phone, name, password_hash, role, status, provinces, region, provider_id, \
             provider_manager, agency, consent_version, consent_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
        )
        .bind(n.sign_in)
        .bind(n.email)
        .bind(n.phone)
        .bind(n.name)
        .bind(n.password_hash)
        .bind(n.role.code())
        .bind(n.status.code())
        .bind(n.provinces)
        .bind(n.region)
        .bind(n.provider_id)
        .bind(n.provider_manager as i64)
        .bind(n.agency)
        .bind(n.consent_version.clone())
        .bind(n.consent_version.as_ref().map(|_| now.clone()))
        .bind(now.clone())
        .fetch_one(&mut *tx)
        .await
        .map_err(duplicate_sign_in)?;
        let created = account_in(&mut tx, id).await?;
        record(&mut *tx, actor, "create", "account", Some(id), None, Some(audit_view(&created))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn account(&self, id: i64) -> Result<Account> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM accounts WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        account_from_row(&row)
    }

    pub async fn credentials(&self, sign_in_key: &str) -> Result<Option<Credentials>> {
        let row = sqlx::query("SELECT id, status, password_hash FROM accounts WHERE sign_in = $1")
            .bind(sign_in_key.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let status: String = r.get("status");
            Ok(Credentials {
                id: r.get("id"),
                status: AccountStatus::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
                password_hash: r.get("password_hash"),
            })
        })
        .transpose()
    }

    pub async fn accounts(&self, f: &AccountFilter) -> Result<Page<Account>> {
        let limit = f.limit.clamp(1, 500);
        let offset = f.offset.max(0);
        let where_ = |q: &mut Sql| {
            q.push(" WHERE 1 = 1");
            if let Some(r) = f.role {
                q.push(" AND role = ").bind(r.code());
            }
            if let Some(s) = f.status {
                q.push(" AND status = ").bind(s.code());
            }
            if let Some(ps) = &f.provinces {
                q.push(" AND (1 = 0");
                for p in ps {
                    q.push(" OR provinces LIKE ").bind(crate::codec::like_member(&p.to_string()));
                }
                q.push(")");
            }
            if let Some(p) = f.provider_id {
                q.push(" AND provider_id = ").bind(p);
            }
            if let Some(t) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                let pat = format!("%{}%", t.to_lowercase());
                q.push(" AND (LOWER(name) LIKE ").bind(pat.clone()).push(" OR sign_in LIKE ").bind(pat).push(")");
            }
        };
        let mut count = Sql::new(self.backend, "SELECT COUNT(*) AS n FROM accounts");
        where_(&mut count);
        let total: i64 = count.query().fetch_one(&self.pool).await?.get("n");
        let mut q = Sql::new(self.backend, &format!("SELECT {COLUMNS} FROM accounts"));
        where_(&mut q);
        q.push(" ORDER BY id LIMIT ").bind(limit).push(" OFFSET ").bind(offset);
        let rows = q.query().fetch_all(&self.pool).await?;
        let items = rows.iter().map(account_from_row).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total, offset, limit })
    }

    /// Sets a new password (reset, invitation, change) and ends every other session.
    pub async fn set_password(&self, actor: &Actor, id: i64, hash: &str) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let n =
            sqlx::query("UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3 AND status <> 'erased'")
                .bind(hash.to_string())
                .bind(now_text())
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id).execute(&mut *tx).await?;
        record(&mut *tx, actor, "set_password", "account", Some(id), None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves an account to `status` (verify, disable, re-enable); ends its sessions when
    /// it may no longer sign in.
    pub async fn set_account_status(&self, actor: &Actor, id: i64, status: AccountStatus) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let before = account_in(&mut tx, id).await?;
        if before.status == AccountStatus::Erased {
            return Err(StoreError::NotFound);
        }
        let now = now_text();
        let verified = status == AccountStatus::Active && before.status == AccountStatus::Pending;
        sqlx::query(
            "UPDATE accounts SET status = $1, updated_at = $2, \
             verified_by = CASE WHEN $3 = 1 THEN $4 ELSE verified_by END, \
             verified_at = CASE WHEN $3 = 1 THEN $2 ELSE verified_at END WHERE id = $5",
        )
        .bind(status.code())
        .bind(now)
        .bind(verified as i64)
        .bind(actor.account_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if !status.may_sign_in() {
            sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id).execute(&mut *tx).await?;
        }
        let after = account_in(&mut tx, id).await?;
        let action = if verified { "verify" } else { "set_status" };
        record(&mut *tx, actor, action, "account", Some(id), Some(audit_view(&before)), Some(audit_view(&after)))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes `account_id` a member of the enterprise (its owner signing up, or a helper).
    pub async fn add_member(&self, actor: &Actor, enterprise_id: i64, account_id: i64) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        add_member_in(&mut tx, enterprise_id, account_id).await?;
        record(&mut *tx, actor, "add_member", "enterprise", Some(enterprise_id), None, Some(json(&account_id))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records that a partner department nominated the enterprise (once per department).
    pub async fn nominate(&self, actor: &Actor, enterprise_id: i64, agency: Agency) -> Result<bool> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let added = nominate_in(&mut tx, actor, enterprise_id, agency).await?;
        if added {
            record(&mut *tx, actor, "nominate", "enterprise", Some(enterprise_id), None, Some(json(agency.code())))
                .await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// What the policy needs to decide on one enterprise.
    pub async fn enterprise_facts(&self, id: i64) -> Result<EnterpriseFacts> {
        let province: i64 = sqlx::query_scalar("SELECT province_code FROM enterprises WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let members: Vec<i64> =
            sqlx::query_scalar("SELECT account_id FROM enterprise_members WHERE enterprise_id = $1")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        let agencies: Vec<String> = sqlx::query_scalar("SELECT agency FROM nominations WHERE enterprise_id = $1")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        Ok(EnterpriseFacts {
            province_code: province as u8,
            members,
            nominated_by: agencies.iter().filter_map(|a| Agency::parse(a)).collect(),
        })
    }

    /// The enterprises an account is a member of.
    pub async fn member_enterprises(&self, account_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT enterprise_id FROM enterprise_members WHERE account_id = $1 ORDER BY enterprise_id",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

struct NewRow {
    sign_in: String,
    email: Option<String>,
    phone: Option<String>,
    name: String,
    password_hash: Option<String>,
    role: Role,
    status: AccountStatus,
    provinces: String,
    region: Option<String>,
    provider_id: Option<i64>,
    provider_manager: bool,
    agency: Option<String>,
    consent_version: Option<String>,
}

pub(crate) async fn account_in(tx: &mut sqlx::Transaction<'_, sqlx::Any>, id: i64) -> Result<Account> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM accounts WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    account_from_row(&row)
}

pub(crate) async fn add_member_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    enterprise_id: i64,
    account_id: i64,
) -> Result<()> {
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT account_id FROM enterprise_members WHERE enterprise_id = $1 AND account_id = $2")
            .bind(enterprise_id)
            .bind(account_id)
            .fetch_optional(&mut **tx)
            .await?;
    if exists.is_none() {
        sqlx::query("INSERT INTO enterprise_members (enterprise_id, account_id) VALUES ($1, $2)")
            .bind(enterprise_id)
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub(crate) async fn nominate_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    actor: &Actor,
    enterprise_id: i64,
    agency: Agency,
) -> Result<bool> {
    let exists: Option<String> =
        sqlx::query_scalar("SELECT agency FROM nominations WHERE enterprise_id = $1 AND agency = $2")
            .bind(enterprise_id)
            .bind(agency.code())
            .fetch_optional(&mut **tx)
            .await?;
    if exists.is_some() {
        return Ok(false);
    }
    sqlx::query("INSERT INTO nominations (enterprise_id, agency, account_id, at) VALUES ($1, $2, $3, $4)")
        .bind(enterprise_id)
        .bind(agency.code())
        .bind(actor.account_id)
        .bind(now_text())
        .execute(&mut **tx)
        .await?;
    Ok(true)
}
