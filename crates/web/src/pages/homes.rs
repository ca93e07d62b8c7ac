//! Each role's home, where signing in lands: the entrepreneur's own businesses, the
//! provider's services and colleagues, the officer's province (verifications waiting,
//! enterprises in scope), the partner's nominations. Also what those pages post: verifying
//! an entrepreneur, nominating an enterprise, inviting a colleague.

use axum::extract::{Query, State};
use axum::response::Response;
use otop_domain::access::{AccountDraft, EnterpriseScope, Permission, Principal};
use otop_domain::{Bilingual, Registration, Role, ValidationErrors};
use otop_store::accounts::{AccountFilter, AccountStatus};
use otop_store::enterprises::EnterpriseFilter;
use otop_store::services::ServiceFilter;
use serde::Deserialize;

use super::account::{AccountForm, field, select};
use super::dashboard::{Dashboard, InlineForm, Row, Section};
use super::{Id, html, render, see_other};
use crate::AppState;
use crate::access::{Viewer, check, forbidden};
use crate::error::WebError;
use crate::forms::FormData;
use crate::i18n::{Lang, PageCtx, home_of};
use crate::views::{self, Opt, count, province_name};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HomeQuery {
    done: String,
}

/// Someone whose home is another page is sent there.
fn elsewhere(who: &Principal, role: Role) -> Option<Response> {
    (who.role != role).then(|| see_other(home_of(who.role)))
}

async fn enterprise_rows(
    state: &AppState,
    lang: Lang,
    scope: EnterpriseScope,
    limit: i64,
) -> Result<(Vec<Row>, i64), WebError> {
    let page = state.store.enterprises(&EnterpriseFilter { scope, limit, ..Default::default() }).await?;
    let rows = page
        .items
        .iter()
        .map(|e| {
            Row::new(
                Some(format!("/enterprises/{}", e.id)),
                vec![
                    e.data.name.clone(),
                    province_name(lang, e.data.address.province_code),
                    views::stars_label(lang, e.data.stars),
                ],
            )
        })
        .collect();
    Ok((rows, page.total))
}

/// How many things await the person, with the link to their inbox.
async fn inbox_section(state: &AppState, lang: Lang, who: &Principal) -> Result<Section, WebError> {
    let items = state.store.inbox(who, crate::transfer::files::today(), state.reply_days).await?;
    let overdue = items.iter().filter(|i| i.overdue).count();
    let text = match (lang, items.len(), overdue) {
        (Lang::Th, 0, _) => "ไม่มีงานที่รอท่านอยู่ในตอนนี้".to_string(),
        (Lang::Th, n, 0) => format!("มี {n} เรื่องรอท่านดำเนินการ"),
        (Lang::Th, n, o) => format!("มี {n} เรื่องรอท่านดำเนินการ เกินกำหนด {o} เรื่อง"),
        (Lang::En, 0, _) => "Nothing awaits you right now".to_string(),
        (Lang::En, n, 0) => format!("{n} things await you"),
        (Lang::En, n, o) => format!("{n} things await you, {o} of them overdue"),
    };
    Ok(Section::new(lang, "inbox", ("งานที่รอดำเนินการ", "Inbox")).text(text).link(
        lang,
        "/inbox",
        ("เปิดงานที่รอดำเนินการ", "Open the inbox"),
    ))
}

const ENTERPRISE_HEAD: &[(&str, &str)] = &[("ชื่อกิจการ", "Business"), ("จังหวัด", "Province"), ("ระดับดาว", "Stars")];

// ---------------------------------------------------------------- entrepreneur

pub async fn entrepreneur(State(state): State<AppState>, ctx: PageCtx, viewer: Viewer) -> Result<Response, WebError> {
    let who = viewer.signed_in()?;
    if let Some(r) = elsewhere(who, Role::Entrepreneur) {
        return Ok(r);
    }
    let lang = ctx.lang;
    let account = state.store.account(who.account_id.ok_or_else(forbidden)?).await?;
    let (rows, _) = enterprise_rows(&state, lang, who.enterprise_scope(), 100).await?;
    let mut page = Dashboard::new(ctx, ("หน้าของฉัน", "My page")).lead(format!(
        "{} · {}",
        account.name,
        lang.t(who.role.name_th(), who.role.name_en())
    ));
    if account.status == AccountStatus::Pending {
        page = page.notice(&Bilingual::new(
            "บัญชีของคุณรอเจ้าหน้าที่จังหวัดตรวจสอบ ระหว่างนี้ลงทะเบียนกิจการและบันทึกปัญหาที่พบได้เลย",
            "Your account awaits verification by your provincial officer; meanwhile you can register your business and state your problems",
        ));
    }
    let page = page
        .section(inbox_section(&state, lang, who).await?)
        .section(
            Section::new(lang, "mine", ("กิจการของฉัน", "My businesses"))
                .table(
                    lang,
                    ENTERPRISE_HEAD,
                    rows,
                    ("ยังไม่มีกิจการ — เริ่มจากลงทะเบียนกิจการของคุณ", "No business yet — start by registering yours"),
                )
                .link(lang, "/enterprises/new", ("ลงทะเบียนกิจการ", "Register a business"))
                .link(lang, "/match", ("หาหน่วยงานช่วยแก้ปัญหา", "Find help for a problem")),
        )
        .section(
            Section::new(lang, "account", ("บัญชีของฉัน", "My account"))
                .link(lang, "/password/change", ("เปลี่ยนรหัสผ่าน", "Change password"))
                .link(lang, "/me/data.json", ("ดาวน์โหลดข้อมูลของฉัน", "Download my data"))
                .link(lang, "/privacy", ("ประกาศความเป็นส่วนตัว", "Privacy notice")),
        );
    Ok(html(&page))
}

// ---------------------------------------------------------------- provider

pub async fn provider(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::EditServices)?;
    if let Some(r) = elsewhere(who, Role::ProviderStaff) {
        return Ok(r);
    }
    let lang = ctx.lang;
    let pid = who.provider_id.ok_or_else(forbidden)?;
    let p = state.store.provider(pid).await?;
    let services = state
        .store
        .services(&ServiceFilter { provider_id: Some(pid), include_withdrawn: true, limit: 200, ..Default::default() })
        .await?;
    let rows = services
        .items
        .iter()
        .map(|l| {
            let s = &l.service;
            Row::new(
                Some(format!("/services/{}", s.id)),
                vec![
                    s.data.title.clone(),
                    views::stage_labels(lang, &s.data.stages).join(", "),
                    lang.t(
                        if s.data.active { "เปิดรับ" } else { "ปิดรับ" },
                        if s.data.active { "Open" } else { "Withdrawn" },
                    )
                    .to_string(),
                ],
            )
        })
        .collect();
    let mut page = Dashboard::new(ctx, ("บริการของหน่วยงาน", "Our services")).lead(p.data.name.clone());
    if q.done == "invited" {
        page = page.notice(&Bilingual::new("ส่งคำเชิญแล้ว", "The invitation is on its way"));
    }
    let mut services_section = Section::new(lang, "services", ("บริการ วทน.", "STI services"))
        .table(
            lang,
            &[("บริการ", "Service"), ("ห่วงโซ่คุณค่า", "Stages"), ("สถานะ", "Status")],
            rows,
            ("ยังไม่มีบริการ", "No services yet"),
        )
        .link(lang, "/services/new", ("เพิ่มบริการ", "Add a service"))
        .link(lang, &format!("/providers/{pid}"), ("หน้าผู้ให้บริการ", "Provider page"));
    if who.may_edit_provider(pid) {
        services_section =
            services_section.link(lang, &format!("/providers/{pid}/edit"), ("แก้ไขข้อมูลหน่วยงาน", "Edit the provider"));
    }
    page = page.section(inbox_section(&state, lang, who).await?).section(services_section);
    if who.may(Permission::InviteProviderStaff) {
        let staff = state
            .store
            .accounts(&AccountFilter { provider_id: Some(pid), limit: 200, ..Default::default() })
            .await?
            .items
            .into_iter()
            .map(|a| {
                Row::new(
                    None,
                    vec![
                        a.name,
                        lang.t(
                            if a.provider_manager {
                                "ผู้จัดการ"
                            } else {
                                "เจ้าหน้าที่"
                            },
                            if a.provider_manager { "Manager" } else { "Staff" },
                        )
                        .to_string(),
                        lang.t(a.status.name_th(), a.status.name_en()).to_string(),
                    ],
                )
            })
            .collect();
        page = page.section(
            Section::new(lang, "staff", ("เจ้าหน้าที่", "Staff"))
                .table(lang, &[("ชื่อ", "Name"), ("หน้าที่", "Role"), ("สถานะ", "Status")], staff, ("ยังไม่มี", "None yet"))
                .link(lang, "/provider/staff/new", ("เชิญเจ้าหน้าที่", "Invite a colleague")),
        );
    }
    Ok(html(&page))
}

fn invite_page(
    ctx: PageCtx,
    who: &Principal,
    providers: Vec<Opt>,
    d: &AccountDraft,
    errs: Option<&ValidationErrors>,
) -> AccountForm {
    let mut fields = vec![field("name", "text", "off"), field("sign_in", "text", "off")];
    if who.role != Role::ProviderStaff {
        fields.push(select("provider_id", providers));
    }
    fields.push(field("provider_manager", "checkbox", ""));
    AccountForm::new(
        ctx,
        ("เชิญเจ้าหน้าที่ของผู้ให้บริการ", "Invite provider staff"),
        "/provider/staff/new",
        ("ส่งคำเชิญ", "Send the invitation"),
    )
    .intro(
        "ผู้ได้รับเชิญจะได้รับลิงก์สำหรับตั้งรหัสผ่าน (ใช้ได้ 7 วัน)",
        "The person receives a link to set a password (valid for 7 days)",
    )
    .fields(fields)
    .values(d, errs, &["name", "sign_in"])
}

/// Every provider as a choice (admin forms pick the provider of an account or token).
pub(super) async fn provider_options(state: &AppState) -> Result<Vec<Opt>, WebError> {
    Ok(state
        .store
        .providers(None)
        .await?
        .into_iter()
        .map(|p| Opt { value: p.id.to_string(), label: p.data.name })
        .collect())
}

pub async fn invite_staff_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::InviteProviderStaff)?.clone();
    let providers = provider_options(&state).await?;
    Ok(html(&invite_page(ctx, &who, providers, &AccountDraft::default(), None)))
}

pub async fn invite_staff(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    form: FormData,
) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::InviteProviderStaff)?.clone();
    let provider_id = match (who.role, who.provider_id) {
        (Role::ProviderStaff, Some(own)) => own.to_string(),
        _ => form.get("provider_id"),
    };
    let draft = AccountDraft {
        name: form.get("name"),
        sign_in: form.get("sign_in"),
        role: Role::ProviderStaff.code().into(),
        provider_id,
        provider_manager: form.get("provider_manager"),
        ..Default::default()
    };
    let result = match draft.validate() {
        Ok(a) => {
            check(a.provider_id.is_some_and(|p| who.may_edit_provider(p)))?;
            state.store.provider(a.provider_id.unwrap_or_default()).await?;
            otop_app::auth::invite(&state.store, &viewer.actor(), &a, &state.public_url)
                .await
                .map(|(id, _)| id)
                .map_err(WebError::from)
        }
        Err(e) => Err(WebError::Invalid(e)),
    };
    match result {
        Ok(_) if who.role == Role::ProviderStaff => Ok(see_other("/provider?done=invited")),
        Ok(_) => Ok(see_other("/admin?done=invited")),
        Err(e) => match e.field_errors() {
            Some(errs) => {
                let providers = provider_options(&state).await?;
                Ok(render(e.info().status, &invite_page(ctx, &who, providers, &draft, Some(errs))))
            }
            None => Err(e),
        },
    }
}

// ---------------------------------------------------------------- officers

pub async fn office(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::VerifyEntrepreneurs)?;
    if !matches!(who.role, Role::ProvincialOfficer | Role::RegionalOfficer | Role::NationalOfficer) {
        return Ok(see_other(home_of(who.role)));
    }
    let lang = ctx.lang;
    let scope = who.enterprise_scope();
    let area = match (&scope, who.role, who.region) {
        (EnterpriseScope::All, _, _) => lang.t("ทั่วประเทศ", "Nationwide").to_string(),
        (_, Role::RegionalOfficer, Some(r)) => lang.t(r.name_th(), r.name_en()).to_string(),
        _ => who.provinces.iter().map(|c| province_name(lang, *c)).collect::<Vec<_>>().join(", "),
    };
    let pending_filter = AccountFilter {
        role: Some(Role::Entrepreneur),
        status: Some(AccountStatus::Pending),
        provinces: (scope != EnterpriseScope::All).then(|| who.officer_provinces()),
        limit: 100,
        ..Default::default()
    };
    let pending = state.store.accounts(&pending_filter).await?;
    let verify_label = lang.t("ยืนยันตัวตน", "Verify");
    let pending_rows = pending
        .items
        .iter()
        .map(|a| {
            Row::new(
                None,
                vec![
                    a.name.clone(),
                    a.provinces.first().map(|c| province_name(lang, *c)).unwrap_or_default(),
                    a.sign_in.as_deref().map(mask_sign_in).unwrap_or_default(),
                    views::date(lang, a.created_at.get(..10).and_then(|d| d.parse().ok()).unwrap_or_default()),
                ],
            )
            .button(format!("/accounts/{}/verify", a.id), verify_label)
        })
        .collect();
    let (rows, total) = enterprise_rows(&state, lang, scope, 10).await?;
    let title = match who.role {
        Role::NationalOfficer => ("งานส่วนกลาง", "National office"),
        Role::RegionalOfficer => ("งานภาค (ศวภ.)", "Regional office"),
        _ => ("งานจังหวัด", "Provincial office"),
    };
    let mut page = Dashboard::new(ctx, title).lead(format!("{} · {area}", who.name));
    if q.done == "verified" {
        page = page.notice(&Bilingual::new("ยืนยันตัวตนผู้ประกอบการแล้ว", "The entrepreneur is verified"));
    }
    let page = page
        .section(inbox_section(&state, lang, who).await?.link(
            lang,
            "/rounds",
            ("รอบคูปองและงบประมาณ", "Coupon rounds and budgets"),
        ))
        .section(Section::new(lang, "verify", ("ผู้ประกอบการรอยืนยันตัวตน", "Entrepreneurs awaiting verification")).table(
            lang,
            &[("ชื่อ", "Name"), ("จังหวัด", "Province"), ("ติดต่อ", "Contact"), ("สมัครเมื่อ", "Signed up"), ("", "")],
            pending_rows,
            ("ไม่มีรายการรอตรวจสอบ", "Nobody is waiting"),
        ))
        .section(
            Section::new(lang, "enterprises", ("ผู้ประกอบการในพื้นที่", "Enterprises in your area"))
                .text(format!("{} {}", count(total), lang.t("ราย", "enterprises")))
                .table(lang, ENTERPRISE_HEAD, rows, ("ยังไม่มีผู้ประกอบการ", "No enterprises yet"))
                .more(lang, "/enterprises", ("ดูทั้งหมด", "See all"))
                .link(lang, "/enterprises/new", ("ลงทะเบียนผู้ประกอบการ", "Register an enterprise"))
                .link(lang, "/import", ("นำเข้า/ส่งออก", "Import/Export"))
                .link(lang, "/signup/event", ("ลงทะเบียนหน้างาน", "Event registration")),
        );
    Ok(html(&page))
}

/// Enough of an e-mail or phone for an officer to recognise a person, not to contact them.
fn mask_sign_in(s: &str) -> String {
    match s.split_once('@') {
        Some((user, domain)) => format!("{}…@{domain}", user.chars().take(2).collect::<String>()),
        None if s.len() >= 4 => format!("{}x-xxx-{}", &s[..2], &s[s.len() - 4..]),
        None => "xxx".into(),
    }
}

pub async fn verify(State(state): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::VerifyEntrepreneurs)?;
    let account = state.store.account(id).await?;
    check(account.role == Role::Entrepreneur && account.provinces.iter().any(|p| who.may_verify_in(*p)))?;
    if account.status != AccountStatus::Pending {
        return Err(WebError::BadRequest(Bilingual::new(
            "บัญชีนี้ไม่ได้รอการยืนยันตัวตน",
            "This account is not waiting for verification",
        )));
    }
    state.store.set_account_status(&viewer.actor(), id, AccountStatus::Active).await?;
    Ok(see_other("/office?done=verified#verify"))
}

// ---------------------------------------------------------------- partners

pub async fn partner(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::Nominate)?;
    let lang = ctx.lang;
    let agency = who.agency.map(|a| lang.t(a.name_th(), a.name_en()).to_string()).unwrap_or_default();
    let (rows, total) = enterprise_rows(&state, lang, who.enterprise_scope(), 100).await?;
    let mut page = Dashboard::new(ctx, ("ผู้ประกอบการที่หน่วยงานเสนอชื่อ", "Enterprises we nominated"))
        .lead(format!("{} · {agency}", who.name));
    page = match q.done.as_str() {
        "nominated" => page.notice(&Bilingual::new("เสนอชื่อแล้ว", "Nominated")),
        "unknown" => page.problem(&Bilingual::new(
            "ไม่พบผู้ประกอบการที่ใช้เลขทะเบียนนี้ — ตรวจสอบเลข หรือลงทะเบียนผู้ประกอบการรายใหม่",
            "No enterprise is registered under this number — check it, or register the enterprise",
        )),
        _ => page,
    };
    let page = page.section(
        Section::new(lang, "nominated", ("รายชื่อที่เสนอ", "Nominations"))
            .text(format!("{} {}", count(total), lang.t("ราย", "enterprises")))
            .table(lang, ENTERPRISE_HEAD, rows, ("ยังไม่ได้เสนอชื่อผู้ประกอบการ", "No nominations yet"))
            .form(InlineForm {
                action: "/partner/nominations".into(),
                name: "registration_lookup",
                label: crate::i18n::field_label(lang, "registration_lookup"),
                hint: lang
                    .t(
                        "เลขประจำตัวประชาชน เลขนิติบุคคล หรือรหัสวิสาหกิจชุมชนของผู้ประกอบการที่ลงทะเบียนแล้ว",
                        "The national ID, juristic or community-enterprise number of a registered enterprise",
                    )
                    .into(),
                submit: lang.t("เสนอชื่อ", "Nominate").into(),
            })
            .link(
                lang,
                "/enterprises/new",
                ("ลงทะเบียนและเสนอชื่อผู้ประกอบการรายใหม่", "Register and nominate a new enterprise"),
            ),
    );
    Ok(html(&page))
}

pub async fn nominate(State(state): State<AppState>, viewer: Viewer, form: FormData) -> Result<Response, WebError> {
    let who = viewer.needs(Permission::Nominate)?;
    let agency = who.agency.ok_or_else(forbidden)?;
    let typed = form.get("registration_lookup");
    let number = Registration::parse("registration_lookup", &typed).map(|r| r.number().to_string()).unwrap_or(typed);
    let Some(id) = state.store.enterprise_id_by_registration(number.trim()).await? else {
        return Ok(see_other("/partner?done=unknown"));
    };
    state.store.nominate(&viewer.actor(), id, agency).await?;
    Ok(see_other("/partner?done=nominated"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_names_are_masked_for_officers() {
        assert_eq!(mask_sign_in("somsri@example.com"), "so…@example.com");
        assert_eq!(mask_sign_in("0812345678"), "08x-xxx-5678");
    }
}
