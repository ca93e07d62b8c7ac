//! Administration: accounts (create with an invitation, verify, disable, a person's data
//! export and erasure), the outbox of messages waiting for a sender, API tokens, and the
//! audit log with its CSV export.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, NaiveDate};
use otop_domain::access::{AccountDraft, Permission};
use otop_domain::{Agency, Bilingual, Role, ValidationErrors};
use otop_store::accounts::{AccountFilter, AccountStatus};
use otop_store::audit::{AuditEntry, AuditFilter};
use serde::Deserialize;

use super::account::{AccountForm, field, json_download, select};
use super::dashboard::{Button, Dashboard, Row, Section};
use super::homes::provider_options;
use super::{Id, html, render, see_other};
use crate::AppState;
use crate::access::Viewer;
use crate::error::WebError;
use crate::filters::page_number;
use crate::forms::{FormData, Msg};
use crate::i18n::{Lang, PageCtx};
use crate::transfer::files::{Download, dated};
use crate::views::{Opt, Pager, count, province_name, region_options};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// "25 พ.ย. 2569 14:05" in Thai time.
fn when(lang: Lang, at: &str) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(at) else { return at.to_string() };
    let local = t.with_timezone(&FixedOffset::east_opt(7 * 3600).expect("UTC+7"));
    format!("{} {}", crate::views::date(lang, local.date_naive()), local.format("%H:%M"))
}

fn role_options(lang: Lang) -> Vec<Opt> {
    Role::ALL.iter().map(|r| Opt { value: r.code().into(), label: lang.t(r.name_th(), r.name_en()).into() }).collect()
}

fn agency_options(lang: Lang) -> Vec<Opt> {
    Agency::ALL.iter().map(|a| Opt { value: a.code().into(), label: lang.t(a.name_th(), a.name_en()).into() }).collect()
}

// ---------------------------------------------------------------- accounts

pub async fn home(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let accounts = state.store.accounts(&AccountFilter { limit: 500, ..Default::default() }).await?;
    let pending_messages = state.store.pending_messages().await?.len();
    let rows = accounts
        .items
        .iter()
        .map(|a| {
            Row::new(
                Some(format!("/admin/accounts/{}", a.id)),
                vec![
                    a.name.clone(),
                    lang.t(a.role.name_th(), a.role.name_en()).to_string(),
                    lang.t(a.status.name_th(), a.status.name_en()).to_string(),
                    a.sign_in.clone().unwrap_or_default(),
                ],
            )
        })
        .collect();
    let mut page = Dashboard::new(ctx, ("ผู้ดูแลระบบ", "Administration")).lead(format!(
        "{} {}",
        count(accounts.total),
        lang.t("บัญชี", "accounts")
    ));
    if q.done == "invited" {
        page = page
            .notice(&Bilingual::new("สร้างบัญชีและส่งคำเชิญแล้ว", "The account is created and the invitation is on its way"));
    }
    let page = page
        .section(
            Section::new(lang, "tasks", ("งานของผู้ดูแล", "Tasks"))
                .text(format!(
                    "{} {}",
                    count(pending_messages as i64),
                    lang.t("ข้อความรอส่ง", "messages waiting to be sent")
                ))
                .link(lang, "/admin/accounts/new", ("สร้างบัญชีเจ้าหน้าที่", "Create an officer account"))
                .link(lang, "/provider/staff/new", ("เชิญเจ้าหน้าที่ผู้ให้บริการ", "Invite provider staff"))
                .link(lang, "/admin/outbox", ("ข้อความรอส่ง", "Outbox"))
                .link(lang, "/admin/tokens", ("โทเค็น API", "API tokens"))
                .link(lang, "/audit", ("บันทึกการใช้งาน", "Audit log")),
        )
        .section(Section::new(lang, "accounts", ("บัญชีผู้ใช้", "Accounts")).table(
            lang,
            &[("ชื่อ", "Name"), ("บทบาท", "Role"), ("สถานะ", "Status"), ("เข้าสู่ระบบด้วย", "Signs in with")],
            rows,
            ("ยังไม่มีบัญชี", "No accounts"),
        ));
    Ok(html(&page))
}

fn account_form(
    ctx: PageCtx,
    providers: Vec<Opt>,
    d: &AccountDraft,
    errs: Option<&ValidationErrors>,
    token: bool,
) -> AccountForm {
    let lang = ctx.lang;
    let mut fields = vec![field("name", "text", "off")];
    if !token {
        fields.push(field("sign_in", "text", "off"));
    }
    fields.extend([
        select("role", role_options(lang)),
        field("provinces", "text", "off"),
        select("region", region_options(lang)),
        select("provider_id", providers),
    ]);
    if !token {
        fields.push(field("provider_manager", "checkbox", ""));
    }
    fields.push(select("agency", agency_options(lang)));
    let form = if token {
        AccountForm::new(ctx, ("สร้างโทเค็น API", "Create an API token"), "/admin/tokens/new", ("สร้างโทเค็น", "Create the token")).intro(
            "โทเค็นใช้แทนบัญชีสำหรับระบบของหน่วยงานอื่น ตั้งชื่อตามระบบที่ใช้ เลือกบทบาทและพื้นที่ให้แคบที่สุดที่ระบบนั้นต้องการ",
            "A token stands in for an account for another agency's system: name it after the system and give it the narrowest role and area it needs",
        )
    } else {
        AccountForm::new(ctx, ("สร้างบัญชีเจ้าหน้าที่", "Create an officer account"), "/admin/accounts/new", ("สร้างบัญชีและส่งคำเชิญ", "Create and invite")).intro(
            "เลือกบทบาท แล้วกรอกเฉพาะช่องของบทบาทนั้น: จังหวัด (เจ้าหน้าที่จังหวัด) ภาค (ศวภ.) ผู้ให้บริการ หรือหน่วยงานพันธมิตร",
            "Choose the role, then fill in only its field: provinces (provincial officer), region (regional officer), provider, or partner agency",
        )
    };
    form.fields(fields).values(d, errs, &["name", "sign_in", "role"])
}

fn account_draft(f: &FormData) -> AccountDraft {
    AccountDraft {
        name: f.get("name"),
        sign_in: f.get("sign_in"),
        role: f.get("role"),
        provinces: f.get("provinces"),
        region: f.get("region"),
        provider_id: f.get("provider_id"),
        provider_manager: f.get("provider_manager"),
        agency: f.get("agency"),
    }
}

pub async fn new_account_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let providers = provider_options(&state).await?;
    Ok(html(&account_form(ctx, providers, &AccountDraft::default(), None, false)))
}

pub async fn create_account(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = account_draft(&form);
    let result = match draft.validate() {
        Ok(a) => otop_app::auth::invite(&state.store, &viewer.actor(), &a, &state.public_url)
            .await
            .map(|(id, _)| id)
            .map_err(WebError::from),
        Err(e) => Err(WebError::Invalid(e)),
    };
    match result {
        Ok(id) => Ok(see_other(&format!("/admin/accounts/{id}?done=invited"))),
        Err(e) => match e.field_errors() {
            Some(errs) => {
                let providers = provider_options(&state).await?;
                Ok(render(e.info().status, &account_form(ctx, providers, &draft, Some(errs), false)))
            }
            None => Err(e),
        },
    }
}

pub async fn account(
    State(state): State<AppState>,
    ctx: PageCtx,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let a = state.store.account(id).await?;
    let scope = match a.role {
        Role::ProvincialOfficer | Role::Entrepreneur => {
            a.provinces.iter().map(|c| province_name(lang, *c)).collect::<Vec<_>>().join(", ")
        }
        Role::RegionalOfficer => a.region.map(|r| lang.t(r.name_th(), r.name_en()).to_string()).unwrap_or_default(),
        Role::ProviderStaff => match a.provider_id {
            Some(p) => state.store.provider(p).await.map(|p| p.data.name).unwrap_or_default(),
            None => String::new(),
        },
        Role::PartnerOfficer => a.agency.map(|g| lang.t(g.name_th(), g.name_en()).to_string()).unwrap_or_default(),
        Role::NationalOfficer | Role::Admin => lang.t("ทั่วประเทศ", "Nationwide").to_string(),
    };
    let kv = |k: (&str, &str), v: String| Row::new(None, vec![lang.t(k.0, k.1).to_string(), v]);
    let details = vec![
        kv(("บทบาท", "Role"), lang.t(a.role.name_th(), a.role.name_en()).to_string()),
        kv(("พื้นที่/สังกัด", "Scope"), scope),
        kv(("สถานะ", "Status"), lang.t(a.status.name_th(), a.status.name_en()).to_string()),
        kv(("เข้าสู่ระบบด้วย", "Signs in with"), a.sign_in.clone().unwrap_or_else(|| "—".into())),
        kv(
            ("ตั้งรหัสผ่านแล้ว", "Password set"),
            lang.t(if a.has_password { "แล้ว" } else { "ยังไม่ได้ตั้ง" }, if a.has_password { "Yes" } else { "Not yet" })
                .to_string(),
        ),
        kv(
            ("ความยินยอม", "Consent"),
            match (&a.consent_version, &a.consent_at) {
                (Some(v), Some(at)) => format!("{} {v} · {}", lang.t("ฉบับ", "version"), when(lang, at)),
                _ => "—".into(),
            },
        ),
        kv(("สร้างเมื่อ", "Created"), when(lang, &a.created_at)),
    ];
    let mut page = Dashboard::new(ctx, ("บัญชีผู้ใช้", "Account")).lead(a.name.clone());
    page = match q.done.as_str() {
        "invited" => page.notice(&Bilingual::new(
            "สร้างบัญชีและส่งคำเชิญแล้ว (ดูลิงก์ได้ที่ ข้อความรอส่ง)",
            "Account created and invited (the link is in the outbox)",
        )),
        "erased" => page.notice(&Bilingual::new("ลบข้อมูลส่วนบุคคลแล้ว", "The personal data is erased")),
        "status" => page.notice(&Bilingual::new("เปลี่ยนสถานะแล้ว", "The status is changed")),
        _ => page,
    };
    let mut actions = Vec::new();
    let button = |label: (&str, &str), action: String, hidden: Vec<(String, String)>, secondary: bool| Row {
        href: None,
        cells: vec![],
        button: Some(Button { action, label: lang.t(label.0, label.1).to_string(), hidden, secondary }),
    };
    if a.status != AccountStatus::Erased {
        let status_url = format!("/admin/accounts/{id}/status");
        if a.status != AccountStatus::Active {
            actions.push(button(
                ("เปิดใช้งาน", "Activate"),
                status_url.clone(),
                vec![("status".into(), "active".into())],
                false,
            ));
        }
        if a.status != AccountStatus::Disabled {
            actions.push(button(("ระงับบัญชี", "Disable"), status_url, vec![("status".into(), "disabled".into())], true));
        }
        actions.push(button(
            ("ลบข้อมูลส่วนบุคคลตามคำขอ (ถาวร)", "Erase personal data on request (permanent)"),
            format!("/admin/accounts/{id}/erase"),
            vec![("confirm".into(), "on".into())],
            true,
        ));
    }
    let page = page
        .section(Section::new(lang, "details", ("ข้อมูลบัญชี", "Details")).table(
            lang,
            &[("", ""), ("", "")],
            details,
            ("", ""),
        ))
        .section(
            Section::new(lang, "actions", ("จัดการ", "Manage"))
                .table(lang, &[("", "")], actions, ("ไม่มีสิ่งที่ทำได้", "Nothing to do"))
                .link(
                    lang,
                    &format!("/admin/accounts/{id}/data.json"),
                    ("ส่งออกข้อมูลของบุคคลนี้ (PDPA)", "Export this person's data (PDPA)"),
                )
                .link(lang, &format!("/audit?actor=account:{id}"), ("ดูบันทึกการใช้งาน", "See the audit log"))
                .link(lang, "/admin", ("กลับ", "Back")),
        );
    Ok(html(&page))
}

pub async fn set_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    let status = match form.get("status").as_str() {
        "active" => AccountStatus::Active,
        "disabled" => AccountStatus::Disabled,
        other => {
            return Err(WebError::BadRequest(Bilingual::new(
                format!("สถานะ \"{other}\" ไม่ถูกต้อง — ใช้ active หรือ disabled"),
                format!("Unknown status \"{other}\" — use active or disabled"),
            )));
        }
    };
    if viewer.principal.as_ref().and_then(|p| p.account_id) == Some(id) && status == AccountStatus::Disabled {
        return Err(WebError::BadRequest(Bilingual::new("ระงับบัญชีของตัวเองไม่ได้", "You cannot disable your own account")));
    }
    state.store.set_account_status(&viewer.actor(), id, status).await?;
    Ok(see_other(&format!("/admin/accounts/{id}?done=status")))
}

pub async fn subject_export(State(state): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Response, WebError> {
    viewer.needs(Permission::HandleDataRequests)?;
    let data = state.store.subject_export(id).await?;
    state.store.log_personal_view(&viewer.actor(), "account", id, &["subject_export"]).await?;
    Ok(json_download(&format!("otop-account-{id}-data.json"), &data))
}

pub async fn erase(
    State(state): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    form: FormData,
) -> Result<Response, WebError> {
    viewer.needs(Permission::HandleDataRequests)?;
    if form.get("confirm") != "on" {
        return Err(WebError::BadRequest(Bilingual::new(
            "ต้องยืนยันการลบข้อมูล — การลบย้อนกลับไม่ได้",
            "Confirm the erasure — it cannot be undone",
        )));
    }
    if viewer.principal.as_ref().and_then(|p| p.account_id) == Some(id) {
        return Err(WebError::BadRequest(Bilingual::new(
            "ลบข้อมูลบัญชีของตัวเองจากหน้านี้ไม่ได้",
            "You cannot erase your own account here",
        )));
    }
    state.store.erase_account(&viewer.actor(), id).await?;
    Ok(see_other(&format!("/admin/accounts/{id}?done=erased")))
}

// ---------------------------------------------------------------- outbox

pub async fn outbox(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let rows = state
        .store
        .pending_messages()
        .await?
        .into_iter()
        .map(|m| Row::new(None, vec![when(lang, &m.created_at), m.recipient, m.subject, m.body]))
        .collect();
    let page = Dashboard::new(ctx, ("ข้อความรอส่ง", "Outbox"))
        .lead(lang.t(
            "ข้อความที่ยังไม่ได้ส่ง หากยังไม่ได้ตั้งค่าการส่งอีเมลหรือ SMS (OTOP_MAIL_COMMAND) โปรดส่งลิงก์เหล่านี้ให้ผู้รับด้วยตนเอง — ลิงก์ตั้งรหัสผ่านเป็นความลับ",
            "Messages not yet sent. Until mail or SMS delivery is configured (OTOP_MAIL_COMMAND), pass these links on to their recipients yourself — password links are secret",
        ).to_string())
        .section(Section::new(lang, "messages", ("ข้อความ", "Messages")).table(
            lang,
            &[("เวลา", "When"), ("ถึง", "To"), ("เรื่อง", "Subject"), ("ข้อความ", "Message")],
            rows,
            ("ไม่มีข้อความรอส่ง", "No messages waiting"),
        ));
    Ok(html(&page))
}

// ---------------------------------------------------------------- API tokens

pub async fn tokens(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let revoke = lang.t("เพิกถอน", "Revoke");
    let rows = state
        .store
        .api_tokens()
        .await?
        .into_iter()
        .map(|t| {
            let row = Row::new(
                None,
                vec![
                    t.name.clone(),
                    format!("{}…", t.prefix),
                    lang.t(t.role.name_th(), t.role.name_en()).to_string(),
                    t.last_used_at
                        .as_deref()
                        .map(|at| when(lang, at))
                        .unwrap_or_else(|| lang.t("ยังไม่เคยใช้", "Never").into()),
                    t.revoked_at
                        .as_deref()
                        .map(|at| format!("{} {}", lang.t("เพิกถอนแล้ว", "Revoked"), when(lang, at)))
                        .unwrap_or_default(),
                ],
            );
            if t.revoked_at.is_none() { row.button(format!("/admin/tokens/{}/revoke", t.id), revoke) } else { row }
        })
        .collect();
    let page = Dashboard::new(ctx, ("โทเค็น API", "API tokens")).section(
        Section::new(lang, "tokens", ("โทเค็นทั้งหมด", "All tokens"))
            .table(
                lang,
                &[
                    ("ชื่อ", "Name"),
                    ("ขึ้นต้นด้วย", "Starts with"),
                    ("บทบาท", "Role"),
                    ("ใช้ล่าสุด", "Last used"),
                    ("สถานะ", "Status"),
                ],
                rows,
                ("ยังไม่มีโทเค็น", "No tokens yet"),
            )
            .link(lang, "/admin/tokens/new", ("สร้างโทเค็น", "Create a token")),
    );
    Ok(html(&page))
}

pub async fn new_token_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let providers = provider_options(&state).await?;
    Ok(html(&account_form(ctx, providers, &AccountDraft::default(), None, true)))
}

pub async fn create_token(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    form: FormData,
) -> Result<Response, WebError> {
    let draft = account_draft(&form);
    match draft.validate_token() {
        Ok(p) => {
            let (_, secret) = otop_app::auth::create_api_token(&state.store, &viewer.actor(), &p).await?;
            let lang = ctx.lang;
            let page = Dashboard::new(ctx, ("สร้างโทเค็นแล้ว", "Token created"))
                .notice(&Bilingual::new(
                    "คัดลอกโทเค็นนี้เก็บไว้ตอนนี้ — ระบบจะไม่แสดงอีก ใช้ในส่วนหัว Authorization: Bearer …",
                    "Copy this token now — it is not shown again. Send it as Authorization: Bearer …",
                ))
                .section(Section::new(lang, "secret", ("โทเค็น", "Token")).text(secret).link(
                    lang,
                    "/admin/tokens",
                    ("กลับ", "Back"),
                ));
            Ok(html(&page).into_response())
        }
        Err(errs) => {
            let providers = provider_options(&state).await?;
            Ok(render(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                &account_form(ctx, providers, &draft, Some(&errs), true),
            ))
        }
    }
}

pub async fn revoke_token(State(state): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Response, WebError> {
    state.store.revoke_api_token(&viewer.actor(), id).await?;
    Ok(see_other("/admin/tokens"))
}

// ---------------------------------------------------------------- audit log

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    actor: String,
    entity: String,
    action: String,
    from: String,
    until: String,
    page: String,
}

const AUDIT_PER_PAGE: i64 = 100;
const ENTITIES: &[(&str, &str, &str)] = &[
    ("enterprise", "ผู้ประกอบการ", "Enterprise"),
    ("product", "ผลิตภัณฑ์", "Product"),
    ("need", "โจทย์", "Need"),
    ("provider", "ผู้ให้บริการ", "Provider"),
    ("service", "บริการ", "Service"),
    ("account", "บัญชีผู้ใช้", "Account"),
    ("api_token", "โทเค็น API", "API token"),
    ("export", "การส่งออก", "Export"),
];

struct AuditRow {
    at: String,
    actor: String,
    ip: String,
    action: String,
    entity: String,
    before: String,
    after: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: PageCtx,
    q: AuditQuery,
    entities: Vec<Opt>,
    problem: Option<Msg>,
    total: String,
    rows: Vec<AuditRow>,
    pager: Pager,
    csv_href: String,
}

/// The filter from the page's fields; a date that is not one is reported, not ignored.
fn audit_filter(q: &AuditQuery) -> (AuditFilter, Option<Bilingual>) {
    let mut problem = None;
    let mut date = |s: &str| -> Option<String> {
        let t = s.trim();
        if t.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
            Err(_) => {
                problem = Some(Bilingual::new(
                    format!("วันที่ \"{t}\" ไม่ถูกต้อง — ใช้ปฏิทินในช่องวันที่ หรือพิมพ์แบบ 2026-11-25"),
                    format!("\"{t}\" is not a date — use the date picker or type it as 2026-11-25"),
                ));
                None
            }
        }
    };
    let from = date(&q.from);
    let until = date(&q.until);
    let f = AuditFilter {
        actor: Some(q.actor.clone()),
        entity: Some(q.entity.clone()),
        action: Some(q.action.trim().to_string()),
        from,
        until,
        ..Default::default()
    };
    (f, problem)
}

fn pretty(json: &Option<String>) -> String {
    json.as_deref()
        .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
        .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
        .unwrap_or_default()
}

fn audit_params(q: &AuditQuery) -> Vec<(&'static str, String)> {
    vec![
        ("actor", q.actor.clone()),
        ("entity", q.entity.clone()),
        ("action", q.action.clone()),
        ("from", q.from.clone()),
        ("until", q.until.clone()),
    ]
}

pub async fn audit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let (mut f, problem) = audit_filter(&q);
    let page = page_number(&q.page);
    f.limit = AUDIT_PER_PAGE;
    f.offset = (page - 1) * AUDIT_PER_PAGE;
    let found = state.store.audit_entries(&f).await?;
    let params = audit_params(&q);
    let refs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut csv = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &refs {
        if !v.is_empty() {
            csv.append_pair(k, v);
        }
    }
    let rows = found
        .items
        .iter()
        .map(|e| AuditRow {
            at: when(lang, &e.at),
            actor: e.actor.clone(),
            ip: e.ip.clone().unwrap_or_default(),
            action: e.action.clone(),
            entity: entity_label(lang, e),
            before: pretty(&e.before_json),
            after: pretty(&e.after_json),
        })
        .collect();
    let page = AuditPage {
        entities: ENTITIES.iter().map(|(c, th, en)| Opt { value: (*c).into(), label: lang.t(th, en).into() }).collect(),
        problem: problem.map(|m| Msg::of(lang, &m)),
        total: format!("{} {}", count(found.total), lang.t("รายการ", "entries")),
        rows,
        pager: Pager::new("/audit", &refs, page, AUDIT_PER_PAGE, found.total),
        csv_href: format!("/audit.csv?{}", csv.finish()),
        q,
        ctx,
    };
    Ok(html(&page))
}

fn entity_label(lang: Lang, e: &AuditEntry) -> String {
    let name = ENTITIES.iter().find(|(c, _, _)| *c == e.entity).map(|(_, th, en)| lang.t(th, en)).unwrap_or(&e.entity);
    match e.entity_id {
        Some(id) => format!("{name} #{id}"),
        None => name.to_string(),
    }
}

pub async fn audit_csv(State(state): State<AppState>, Query(q): Query<AuditQuery>) -> Result<Response, WebError> {
    let (mut f, problem) = audit_filter(&q);
    if let Some(p) = problem {
        return Err(WebError::BadRequest(p));
    }
    f.limit = 100_000;
    let found = state.store.audit_entries(&f).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = ["id", "at", "actor", "account_id", "ip", "action", "entity", "entity_id", "before", "after"];
    w.write_record(header).map_err(WebError::internal)?;
    for e in &found.items {
        w.write_record([
            e.id.to_string(),
            e.at.clone(),
            e.actor.clone(),
            e.account_id.map(|a| a.to_string()).unwrap_or_default(),
            e.ip.clone().unwrap_or_default(),
            e.action.clone(),
            e.entity.clone(),
            e.entity_id.map(|a| a.to_string()).unwrap_or_default(),
            e.before_json.clone().unwrap_or_default(),
            e.after_json.clone().unwrap_or_default(),
        ])
        .map_err(WebError::internal)?;
    }
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(w.into_inner().map_err(WebError::internal)?);
    Ok(Download::csv(dated("audit", "csv"), bytes).into_response())
}
