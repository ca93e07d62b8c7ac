//! Signing in and out, signing up (on the web, or the short form at an event), passwords
//! (forgotten, set from a link, changed), the privacy notice and a person's own data.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use otop_app::auth::{self, SignInError};
use otop_domain::access::{PRIVACY_NOTICE_VERSION, SignUpDraft, check_new_password};
use otop_domain::{Bilingual, FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

use super::{html, render, see_other};
use crate::AppState;
use crate::access::{CSRF_COOKIE, SESSION_COOKIE, Viewer, is_https, set_cookie};
use crate::error::WebError;
use crate::forms::{FormData, FormView, Msg};
use crate::i18n::{PageCtx, home_of};
use crate::views::{Opt, province_names};

/// One field of an account form.
pub(crate) struct FieldSpec {
    pub name: &'static str,
    /// An `<input type>`, or `consent`, `province`, `select`, `checkbox`.
    pub kind: &'static str,
    pub mode: &'static str,
    pub auto: &'static str,
    pub options: Vec<Opt>,
}

pub(crate) fn field(name: &'static str, kind: &'static str, auto: &'static str) -> FieldSpec {
    let mode = match kind {
        "tel" => "tel",
        "email" => "email",
        _ => "",
    };
    FieldSpec { name, kind, mode, auto, options: Vec::new() }
}

pub(crate) fn select(name: &'static str, options: Vec<Opt>) -> FieldSpec {
    FieldSpec { name, kind: "select", mode: "", auto: "", options }
}

/// The page every account form uses: title, fields, messages, links.
#[derive(Template)]
#[template(path = "account_form.html")]
pub(crate) struct AccountForm {
    pub ctx: PageCtx,
    pub title: String,
    pub intro: String,
    pub notice: Option<Msg>,
    pub problem: Option<Msg>,
    pub form: FormView,
    pub action: String,
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<FieldSpec>,
    pub submit: String,
    pub links: Vec<(String, String)>,
    pub provinces: Vec<&'static str>,
}

impl AccountForm {
    pub fn new(ctx: PageCtx, title: (&str, &str), action: &str, submit: (&str, &str)) -> Self {
        let lang = ctx.lang;
        Self {
            title: lang.t(title.0, title.1).to_string(),
            intro: String::new(),
            notice: None,
            problem: None,
            form: FormView::new(lang, &serde_json::json!({}), None, &[]),
            action: action.to_string(),
            hidden: Vec::new(),
            fields: Vec::new(),
            submit: lang.t(submit.0, submit.1).to_string(),
            links: Vec::new(),
            provinces: province_names(lang),
            ctx,
        }
    }

    pub fn intro(mut self, th: &str, en: &str) -> Self {
        self.intro = self.ctx.t(th, en).to_string();
        self
    }

    pub fn fields(mut self, fields: Vec<FieldSpec>) -> Self {
        self.fields = fields;
        self
    }

    /// The values shown (never passwords) and the errors beside them.
    pub fn values(
        mut self,
        values: &impl Serialize,
        errors: Option<&ValidationErrors>,
        required: &'static [&'static str],
    ) -> Self {
        self.form = FormView::new(self.ctx.lang, values, errors, required);
        self
    }

    pub fn notice(mut self, m: &Bilingual) -> Self {
        self.notice = Some(Msg::of(self.ctx.lang, m));
        self
    }

    pub fn problem(mut self, m: &Bilingual) -> Self {
        self.problem = Some(Msg::of(self.ctx.lang, m));
        self
    }

    pub fn hidden(mut self, name: &str, value: &str) -> Self {
        self.hidden.push((name.to_string(), value.to_string()));
        self
    }

    pub fn link(mut self, href: &str, th: &str, en: &str) -> Self {
        self.links.push((href.to_string(), self.ctx.t(th, en).to_string()));
        self
    }

    pub fn no_form(mut self) -> Self {
        self.fields.clear();
        self
    }
}

/// A `next` address that stays on this site (no `//host` or scheme), else none.
fn local_next(next: &str) -> Option<String> {
    let n = next.trim();
    (n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.contains("://")).then(|| n.to_string())
}

// ---------------------------------------------------------------- sign in / out

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInQuery {
    next: String,
    done: String,
}

fn signin_page(ctx: PageCtx, name: &str, next: &str) -> AccountForm {
    let mut page = AccountForm::new(ctx, ("เข้าสู่ระบบ", "Sign in"), "/signin", ("เข้าสู่ระบบ", "Sign in"))
        .fields(vec![field("sign_in", "text", "username"), field("password", "password", "current-password")])
        .values(&serde_json::json!({ "sign_in": name }), None, &["sign_in", "password"])
        .link("/password/forgot", "ลืมรหัสผ่าน", "Forgot your password?")
        .link("/signup", "ยังไม่มีบัญชี? สมัครใช้งานสำหรับผู้ประกอบการ", "No account yet? Sign up as an entrepreneur");
    if let Some(n) = local_next(next) {
        page = page.hidden("next", &n);
    }
    page
}

pub async fn signin_form(ctx: PageCtx, viewer: Viewer, Query(q): Query<SignInQuery>) -> Response {
    if let Some(p) = &viewer.principal {
        return see_other(&local_next(&q.next).unwrap_or_else(|| home_of(p.role).to_string()));
    }
    let mut page = signin_page(ctx, "", &q.next);
    page = match q.done.as_str() {
        "password" => page.notice(&Bilingual::new(
            "ตั้งรหัสผ่านเรียบร้อยแล้ว — เข้าสู่ระบบด้วยรหัสผ่านใหม่",
            "Your password is set — sign in with it",
        )),
        "signout" => page.notice(&Bilingual::new("ออกจากระบบแล้ว", "You have signed out")),
        _ => page,
    };
    html(&page)
}

pub async fn signin(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    headers: HeaderMap,
    form: FormData,
) -> Response {
    let (name, password, next) = (form.get("sign_in"), form.get("password"), form.get("next"));
    let now = Utc::now();
    match auth::sign_in(&state.store, &name, &password, &viewer.origin(), viewer.session.as_deref(), now).await {
        Ok(started) => {
            let to = local_next(&next).unwrap_or_else(|| home_of(started.account.role).to_string());
            let mut res = see_other(&to);
            let secure = is_https(&state, &headers);
            set_cookie(&mut res, SESSION_COOKIE, &started.secret, Some(auth::SESSION_IDLE.num_seconds()), secure);
            // A new CSRF token with the new session: one planted before sign-in is useless.
            set_cookie(&mut res, CSRF_COOKIE, &auth::new_secret(), None, secure);
            res
        }
        Err(e) => {
            let status = match e {
                SignInError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
                SignInError::NotAllowed(_) => StatusCode::FORBIDDEN,
                SignInError::Wrong => StatusCode::UNAUTHORIZED,
                SignInError::Store(ref inner) => {
                    tracing::error!(error = %inner, "sign-in failed");
                    StatusCode::SERVICE_UNAVAILABLE
                }
            };
            let page = signin_page(ctx, &name, &next).problem(&e.message(now));
            render(status, &page)
        }
    }
}

pub async fn signout(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap) -> Result<Response, WebError> {
    if let Some(secret) = &viewer.session {
        auth::sign_out(&state.store, &viewer.actor(), secret).await?;
    }
    let mut res = see_other("/signin?done=signout");
    set_cookie(&mut res, SESSION_COOKIE, "", Some(0), is_https(&state, &headers));
    Ok(res)
}

// ---------------------------------------------------------------- sign up

const SIGNUP_REQUIRED: &[&str] = &["name", "sign_in", "password", "password_again", "province", "consent"];

fn signup_draft(f: &FormData) -> SignUpDraft {
    SignUpDraft {
        name: f.get("name"),
        sign_in: f.get("sign_in"),
        password: f.get("password"),
        password_again: f.get("password_again"),
        province: f.get("province"),
        consent: f.get("consent"),
    }
}

/// What a sign-up form shows again: never the passwords.
fn shown(d: &SignUpDraft) -> SignUpDraft {
    SignUpDraft { password: String::new(), password_again: String::new(), ..d.clone() }
}

fn signup_page(ctx: PageCtx, event: bool, d: &SignUpDraft, errs: Option<&ValidationErrors>) -> AccountForm {
    let mut fields = vec![field("name", "text", "name"), field("sign_in", "text", "username")];
    if !event {
        fields.push(field("password", "password", "new-password"));
        fields.push(field("password_again", "password", "new-password"));
    }
    fields.push(field("province", "province", ""));
    fields.push(field("consent", "consent", ""));
    let page = if event {
        AccountForm::new(ctx, ("ลงทะเบียนผู้ประกอบการ (หน้างาน)", "Entrepreneur registration (at an event)"), "/signup/event", ("ลงทะเบียน", "Register"))
            .intro(
                "กรอกชื่อ เบอร์มือถือ และจังหวัด ระบบจะส่งลิงก์สำหรับตั้งรหัสผ่านให้ภายหลัง และเจ้าหน้าที่จังหวัดจะตรวจสอบข้อมูล",
                "Your name, mobile number and province: a link to set your password follows, and your provincial officer verifies you",
            )
    } else {
        AccountForm::new(ctx, ("สมัครใช้งานสำหรับผู้ประกอบการ", "Sign up as an entrepreneur"), "/signup", ("สมัครใช้งาน", "Sign up"))
            .intro(
                "สมัครเพื่อลงทะเบียนกิจการ บอกปัญหาที่พบ และติดตามความช่วยเหลือ เจ้าหน้าที่จังหวัดของคุณจะตรวจสอบบัญชี",
                "Sign up to register your business, state your problems and follow the help you get; your provincial officer verifies the account",
            )
            .link("/signin", "มีบัญชีแล้ว? เข้าสู่ระบบ", "Already have an account? Sign in")
    };
    page.fields(fields).values(&shown(d), errs, SIGNUP_REQUIRED)
}

pub async fn signup_form(ctx: PageCtx) -> Response {
    html(&signup_page(ctx, false, &SignUpDraft::default(), None))
}

pub async fn event_signup_form(ctx: PageCtx) -> Response {
    html(&signup_page(ctx, true, &SignUpDraft::default(), None))
}

pub async fn signup(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    headers: HeaderMap,
    form: FormData,
) -> Response {
    sign_up(state, ctx, viewer, headers, form, false).await
}

pub async fn event_signup(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    headers: HeaderMap,
    form: FormData,
) -> Response {
    sign_up(state, ctx, viewer, headers, form, true).await
}

async fn sign_up(
    state: AppState,
    ctx: PageCtx,
    viewer: Viewer,
    headers: HeaderMap,
    form: FormData,
    event: bool,
) -> Response {
    let draft = signup_draft(&form);
    let actor = viewer.actor();
    match auth::sign_up(&state.store, &actor, &draft, !event, &state.public_url).await {
        Ok(_) if event => {
            let page = AccountForm::new(
                ctx,
                ("ลงทะเบียนแล้ว", "Registered"),
                "/signup/event",
                ("ลงทะเบียนอีกราย", "Register another"),
            )
            .notice(&Bilingual::new(
                format!(
                    "ลงทะเบียน {} แล้ว — ระบบส่งลิงก์ตั้งรหัสผ่านไปที่ {} และเจ้าหน้าที่จังหวัดจะตรวจสอบข้อมูล",
                    draft.name.trim(),
                    draft.sign_in.trim()
                ),
                format!(
                    "{} is registered — a link to set a password goes to {}, and the provincial officer will verify",
                    draft.name.trim(),
                    draft.sign_in.trim()
                ),
            ))
            .link("/signup/event", "ลงทะเบียนรายถัดไป", "Register the next person")
            .no_form();
            html(&page)
        }
        Ok(_) => {
            // Signed up with a password: straight in, to their own page.
            signin(State(state), ctx, viewer, headers, form_for_signin(&draft)).await
        }
        Err(auth::AccountError::Invalid(errs)) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &signup_page(ctx, event, &draft, Some(&errs)))
        }
        Err(auth::AccountError::Store(otop_store::StoreError::Duplicate { field, message })) => {
            let errs: ValidationErrors =
                FieldError { field: field.into(), value: draft.sign_in.clone(), message }.into();
            render(StatusCode::CONFLICT, &signup_page(ctx, event, &draft, Some(&errs)))
        }
        Err(auth::AccountError::Store(e)) => WebError::from(e).into_response(),
    }
}

fn form_for_signin(d: &SignUpDraft) -> FormData {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("sign_in", &d.sign_in)
        .append_pair("password", &d.password)
        .append_pair("next", "/my")
        .finish();
    FormData::parse(body.as_bytes())
}

// ---------------------------------------------------------------- passwords

pub async fn forgot_form(ctx: PageCtx) -> Response {
    html(&forgot_page(ctx, ""))
}

fn forgot_page(ctx: PageCtx, name: &str) -> AccountForm {
    AccountForm::new(
        ctx,
        ("ลืมรหัสผ่าน", "Forgot your password"),
        "/password/forgot",
        ("ส่งลิงก์ตั้งรหัสผ่านใหม่", "Send a reset link"),
    )
    .intro(
        "ใส่อีเมลหรือเบอร์มือถือที่ใช้เข้าสู่ระบบ ระบบจะส่งลิงก์สำหรับตั้งรหัสผ่านใหม่ (ใช้ได้ 1 ชั่วโมง)",
        "Enter the e-mail or mobile you sign in with; we send a link to set a new password (valid for an hour)",
    )
    .fields(vec![field("sign_in", "text", "username")])
    .values(&serde_json::json!({ "sign_in": name }), None, &["sign_in"])
}

pub async fn forgot(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    form: FormData,
) -> Result<Response, WebError> {
    let name = form.get("sign_in");
    auth::request_reset(&state.store, &viewer.actor(), &name, &state.public_url).await?;
    // The same answer whether or not the name has an account.
    let page = forgot_page(ctx, &name).notice(&Bilingual::new(
        "หากมีบัญชีนี้ในระบบ ลิงก์ตั้งรหัสผ่านใหม่จะถูกส่งไปภายในไม่กี่นาที หากไม่ได้รับ โปรดติดต่อเจ้าหน้าที่จังหวัด",
        "If this account exists, a reset link is on its way; if it does not arrive, contact your provincial officer",
    ));
    Ok(html(&page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

fn set_page(ctx: PageCtx, token: &str, errs: Option<&ValidationErrors>) -> AccountForm {
    AccountForm::new(ctx, ("ตั้งรหัสผ่าน", "Set your password"), "/password/set", ("บันทึกรหัสผ่าน", "Save the password"))
        .fields(vec![
            field("password", "password", "new-password"),
            field("password_again", "password", "new-password"),
        ])
        .values(&serde_json::json!({}), errs, &["password", "password_again"])
        .hidden("token", token)
}

fn dead_link(ctx: PageCtx) -> Response {
    let page = AccountForm::new(ctx, ("ลิงก์ใช้ไม่ได้", "This link does not work"), "/password/forgot", ("", ""))
        .problem(&Bilingual::new(
            "ลิงก์นี้หมดอายุ ถูกใช้ไปแล้ว หรือไม่ถูกต้อง — ขอลิงก์ใหม่ได้ที่หน้า \"ลืมรหัสผ่าน\"",
            "This link has expired, was used already or is wrong — ask for a new one on the \"forgot password\" page",
        ))
        .link("/password/forgot", "ขอลิงก์ใหม่", "Ask for a new link")
        .no_form();
    render(StatusCode::GONE, &page)
}

pub async fn set_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    match auth::link_account(&state.store, &q.token, Utc::now()).await? {
        Some(_) => Ok(html(&set_page(ctx, &q.token, None))),
        None => Ok(dead_link(ctx)),
    }
}

fn password_errors(form: &FormData, sign_in: &str) -> Option<ValidationErrors> {
    let mut errs = ValidationErrors::default();
    let pw = form.get("password");
    if errs.take(check_new_password("password", &pw, sign_in)).is_some() && pw != form.get("password_again") {
        errs.push(FieldError::new(
            "password_again",
            "",
            "รหัสผ่านทั้งสองช่องไม่ตรงกัน — พิมพ์ให้เหมือนกัน",
            "The two passwords differ — type the same one twice",
        ));
    }
    (!errs.is_empty()).then_some(errs)
}

pub async fn set(State(state): State<AppState>, ctx: PageCtx, form: FormData) -> Result<Response, WebError> {
    let token = form.get("token");
    let now = Utc::now();
    let Some(account) = auth::link_account(&state.store, &token, now).await? else { return Ok(dead_link(ctx)) };
    if let Some(errs) = password_errors(&form, account.sign_in.as_deref().unwrap_or("")) {
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &set_page(ctx, &token, Some(&errs))));
    }
    match auth::redeem_link(&state.store, &token, &form.get("password"), now).await? {
        Some(_) => Ok(see_other("/signin?done=password")),
        None => Ok(dead_link(ctx)),
    }
}

fn change_page(ctx: PageCtx, errs: Option<&ValidationErrors>) -> AccountForm {
    AccountForm::new(
        ctx,
        ("เปลี่ยนรหัสผ่าน", "Change your password"),
        "/password/change",
        ("เปลี่ยนรหัสผ่าน", "Change the password"),
    )
    .intro(
        "เมื่อเปลี่ยนแล้ว ทุกอุปกรณ์ที่เข้าสู่ระบบอยู่จะออกจากระบบ",
        "Once changed, every device signed in to your account is signed out",
    )
    .fields(vec![
        field("current_password", "password", "current-password"),
        field("password", "password", "new-password"),
        field("password_again", "password", "new-password"),
    ])
    .values(&serde_json::json!({}), errs, &["current_password", "password", "password_again"])
}

pub async fn change_form(ctx: PageCtx) -> Response {
    html(&change_page(ctx, None))
}

pub async fn change(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, WebError> {
    let who = viewer.signed_in()?;
    let account_id = who.account_id.ok_or_else(crate::access::forbidden)?;
    let account = state.store.account(account_id).await?;
    let key = account.sign_in.clone().unwrap_or_default();
    let creds = state.store.credentials(&key).await?;
    let current_ok =
        creds.and_then(|c| c.password_hash).is_some_and(|h| auth::verify_password(&h, &form.get("current_password")));
    let mut errs = password_errors(&form, &key).unwrap_or_default();
    if !current_ok {
        errs.push(FieldError::new("current_password", "", "รหัสผ่านปัจจุบันไม่ถูกต้อง", "The current password is wrong"));
    }
    if !errs.is_empty() {
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &change_page(ctx, Some(&errs))));
    }
    state.store.set_password(&viewer.actor(), account_id, &auth::hash_password(&form.get("password"))).await?;
    let mut res = see_other("/signin?done=password");
    set_cookie(&mut res, SESSION_COOKIE, "", Some(0), is_https(&state, &headers));
    Ok(res)
}

// ---------------------------------------------------------------- personal data

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    ctx: PageCtx,
    version: &'static str,
}

pub async fn privacy(ctx: PageCtx) -> Response {
    html(&PrivacyPage { ctx, version: PRIVACY_NOTICE_VERSION })
}

/// A JSON file for download, never cached.
pub(crate) fn json_download(name: &str, v: &serde_json::Value) -> Response {
    let body = serde_json::to_string_pretty(v).unwrap_or_default();
    (
        [
            (CONTENT_TYPE, "application/json; charset=utf-8".to_string()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The signed-in person's own data (PDPA access right).
pub async fn my_data(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let id = viewer.signed_in()?.account_id.ok_or_else(crate::access::forbidden)?;
    let data = state.store.subject_export(id).await?;
    state.store.log_personal_view(&viewer.actor(), "account", id, &["subject_export"]).await?;
    Ok(json_download(&format!("otop-my-data-{id}.json"), &data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(local_next("/enterprises/3"), Some("/enterprises/3".into()));
        assert_eq!(local_next("//evil.example/x"), None);
        assert_eq!(local_next("https://evil.example/"), None);
        assert_eq!(local_next("/\\evil.example"), None);
        assert_eq!(local_next(""), None);
    }

    #[test]
    fn passwords_are_never_shown_again() {
        use crate::i18n::Lang;
        let d = SignUpDraft {
            password: "secret words".into(),
            password_again: "secret words".into(),
            ..Default::default()
        };
        let v = FormView::new(Lang::Th, &shown(&d), None, &[]);
        assert_eq!(v.value("password"), "");
    }
}
