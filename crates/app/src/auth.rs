//! Accounts as people use them: signing in (argon2id, throttled per account and per
//! address), sessions, signing up, invitations and password resets through one-time links
//! that go out through the outbox, and API tokens. Secrets leave here once, in the clear;
//! the store keeps only their SHA-256.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use otop_domain::access::{NewAccount, Principal, SignInName, SignUpDraft, Throttle};
use otop_domain::{Bilingual, ValidationErrors};
use otop_store::accounts::{Account, AccountStatus};
use otop_store::sessions::NewSession;
use otop_store::tokens::TokenPurpose;
use otop_store::{Actor, Store, StoreError};
use sha2::{Digest, Sha256};

/// A session lives this long after the last request.
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// A password-reset link works for an hour; an invitation for a week.
const RESET_VALID: Duration = Duration::hours(1);
const INVITATION_VALID: Duration = Duration::days(7);

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).expect("16 bytes make a valid salt");
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashes any input").to_string()
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A fresh random secret (session id, link token), 256 bits as hex.
pub fn new_secret() -> String {
    rand::random::<[u8; 32]>().iter().map(|b| format!("{b:02x}")).collect()
}

/// What the store keeps of a secret.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("wrong sign-in name or password")]
    Wrong,
    #[error("too many failed sign-ins; retry at {0}")]
    Throttled(DateTime<Utc>),
    #[error("account not allowed to sign in")]
    NotAllowed(AccountStatus),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SignInError {
    /// What the person reads, with the time to try again in Thai time (UTC+7).
    pub fn message(&self, now: DateTime<Utc>) -> Bilingual {
        match self {
            SignInError::Wrong => Bilingual::new(
                "อีเมล/เบอร์มือถือ หรือรหัสผ่านไม่ถูกต้อง — ตรวจสอบแล้วลองอีกครั้ง หรือใช้ \"ลืมรหัสผ่าน\"",
                "Wrong e-mail/mobile or password — check and try again, or use \"forgot password\"",
            ),
            SignInError::Throttled(at) => {
                let local = *at + Duration::hours(7);
                let secs = (*at - now).num_seconds().max(1);
                Bilingual::new(
                    format!(
                        "ลองเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณาลองใหม่เวลา {} น. (อีก {secs} วินาที)",
                        local.format("%H:%M:%S")
                    ),
                    format!(
                        "Too many failed sign-ins — try again at {} Thai time (in {secs} seconds)",
                        local.format("%H:%M:%S")
                    ),
                )
            }
            SignInError::NotAllowed(AccountStatus::Disabled) => Bilingual::new(
                "บัญชีนี้ถูกระงับ — ติดต่อผู้ดูแลระบบหรือเจ้าหน้าที่จังหวัด",
                "This account is disabled — contact an administrator or your provincial officer",
            ),
            SignInError::NotAllowed(_) => Bilingual::new(
                "บัญชีนี้ใช้เข้าสู่ระบบไม่ได้ — ติดต่อผู้ดูแลระบบ",
                "This account cannot sign in — contact an administrator",
            ),
            SignInError::Store(_) => Bilingual::new("ระบบขัดข้อง กรุณาลองใหม่", "Something went wrong; please try again"),
        }
    }
}

/// A session just started: the cookie value (shown once) and the account.
#[derive(Debug)]
pub struct Started {
    pub secret: String,
    pub account: Account,
}

/// Where a request came from, for throttling, sessions and the audit log.
#[derive(Debug, Clone)]
pub struct Origin {
    pub ip: String,
    pub user_agent: String,
}

/// Checks the password and starts a session, replacing the browser's previous one.
pub async fn sign_in(
    store: &Store,
    name: &str,
    password: &str,
    from: &Origin,
    replacing: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Started, SignInError> {
    let key = SignInName::parse("sign_in", name).map(|n| n.key()).unwrap_or_else(|_| name.trim().to_lowercase());
    let creds = store.credentials(&key).await?;
    let account_key = match &creds {
        Some(c) => format!("account:{}", c.id),
        None => format!("name:{key}"),
    };
    let (by_account, by_ip) = store.recent_failures(&account_key, &from.ip, now - Throttle::PER_ACCOUNT.window).await?;
    let wait = [Throttle::PER_ACCOUNT.retry_at(&by_account, now), Throttle::PER_ADDRESS.retry_at(&by_ip, now)]
        .into_iter()
        .flatten()
        .max();
    if let Some(at) = wait {
        return Err(SignInError::Throttled(at));
    }
    let hash = creds.as_ref().and_then(|c| c.password_hash.clone());
    // Without an account, check against a dummy hash anyway so that timing does not tell
    // which sign-in names exist.
    let ok = match &hash {
        Some(h) => verify_password(h, password),
        None => {
            let _ = verify_password(dummy_hash(), password);
            false
        }
    };
    let Some(creds) = creds.filter(|_| ok) else {
        store.record_sign_in_failure(&account_key, &from.ip).await?;
        return Err(SignInError::Wrong);
    };
    if !creds.status.may_sign_in() {
        return Err(SignInError::NotAllowed(creds.status));
    }
    let account = store.account(creds.id).await?;
    let secret = new_secret();
    let actor = Actor::of(&account.principal(), Some(from.ip.clone()));
    store
        .start_session(
            &actor,
            &NewSession {
                token_hash: secret_hash(&secret),
                account_id: account.id,
                expires_at: now + SESSION_IDLE,
                ip: from.ip.clone(),
                user_agent: from.user_agent.clone(),
            },
            replacing.map(secret_hash).as_deref(),
        )
        .await?;
    Ok(Started { secret, account })
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password"))
}

/// The principal behind a session cookie, sliding the session's expiry forward at most
/// every five minutes (so a busy page does not write on every request).
pub async fn session_principal(
    store: &Store,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Option<Principal>, StoreError> {
    let hash = secret_hash(secret);
    let Some(s) = store.session(&hash, now).await? else { return Ok(None) };
    if now - s.last_seen_at > Duration::minutes(5) {
        store.touch_session(&hash, now + SESSION_IDLE).await?;
    }
    Ok(Some(s.principal()))
}

pub async fn sign_out(store: &Store, actor: &Actor, secret: &str) -> Result<(), StoreError> {
    store.end_session(actor, &secret_hash(secret)).await
}

/// The principal behind an API token (`Authorization: Bearer otk_…`).
pub async fn token_principal(store: &Store, token: &str) -> Result<Option<Principal>, StoreError> {
    Ok(store.use_api_token(&secret_hash(token)).await?.map(|t| t.principal()))
}

/// Makes an API token acting as `p`; the secret is returned once and never stored.
pub async fn create_api_token(store: &Store, actor: &Actor, p: &Principal) -> Result<(i64, String), StoreError> {
    let secret = format!("otk_{}", &new_secret()[..40]);
    let id = store.create_api_token(actor, p, &secret_hash(&secret), &secret[..12]).await?;
    Ok((id, secret))
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An entrepreneur signs up (with a password on the web, without one at an event: a link to
/// set it is sent to their phone or e-mail). Returns the new account's id.
pub async fn sign_up(
    store: &Store,
    actor: &Actor,
    draft: &SignUpDraft,
    with_password: bool,
    public_url: &str,
) -> Result<i64, AccountError> {
    let s = draft.validate(with_password)?;
    let hash = s.password.as_deref().map(hash_password);
    let id = store.sign_up(actor, &s, hash).await?;
    if s.password.is_none() {
        send_link(store, actor, id, &s.sign_in, TokenPurpose::Invitation, public_url).await?;
    }
    Ok(id)
}

/// An admin (or a provider's manager) creates an account; its owner gets an invitation
/// link, which is also returned (the command line prints it).
pub async fn invite(
    store: &Store,
    actor: &Actor,
    a: &NewAccount,
    public_url: &str,
) -> Result<(i64, String), StoreError> {
    let id = store.create_account(actor, a).await?;
    let link = send_link(store, actor, id, &a.sign_in, TokenPurpose::Invitation, public_url).await?;
    Ok((id, link))
}

/// Sends a reset link if the name belongs to an account that may sign in. The caller says
/// the same thing either way, so the form does not reveal who has an account.
pub async fn request_reset(store: &Store, actor: &Actor, name: &str, public_url: &str) -> Result<(), StoreError> {
    let Ok(n) = SignInName::parse("sign_in", name) else { return Ok(()) };
    let Some(c) = store.credentials(&n.key()).await? else { return Ok(()) };
    if c.status.may_sign_in() {
        send_link(store, actor, c.id, &n, TokenPurpose::ResetPassword, public_url).await?;
    }
    Ok(())
}

async fn send_link(
    store: &Store,
    actor: &Actor,
    account_id: i64,
    to: &SignInName,
    purpose: TokenPurpose,
    public_url: &str,
) -> Result<String, StoreError> {
    let secret = new_secret();
    let (valid, subject, intro) = match purpose {
        TokenPurpose::ResetPassword => (
            RESET_VALID,
            "ตั้งรหัสผ่านใหม่ — Reset your password",
            "มีคำขอตั้งรหัสผ่านใหม่สำหรับบัญชีของคุณ ลิงก์ใช้ได้ 1 ชั่วโมง / Use this link within an hour to set a new password:",
        ),
        TokenPurpose::Invitation => (
            INVITATION_VALID,
            "เชิญใช้งานระบบยกระดับโอทอป — Your otop-upgrade account",
            "ตั้งรหัสผ่านเพื่อเริ่มใช้งาน ลิงก์ใช้ได้ 7 วัน / Set your password within 7 days to start:",
        ),
    };
    let link = format!("{}/password/set?token={secret}", public_url.trim_end_matches('/'));
    let body = format!("{intro}\n{link}\n\nหากคุณไม่ได้ขอ ไม่ต้องทำอะไร / If you did not ask for this, ignore it.");
    store
        .issue_one_time_token(
            actor,
            account_id,
            purpose,
            &secret_hash(&secret),
            Utc::now() + valid,
            &to.key(),
            subject,
            &body,
        )
        .await?;
    Ok(link)
}

/// Sets the password a link was sent for; `None` when the link is unknown, used or expired.
pub async fn redeem_link(
    store: &Store,
    token: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    let hash = hash_password(password);
    for purpose in [TokenPurpose::ResetPassword, TokenPurpose::Invitation] {
        if let Some(id) = store.redeem_one_time_token(&secret_hash(token), purpose, now, &hash).await? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The account a link is for, if it still works (to show the form and check the password).
pub async fn link_account(store: &Store, token: &str, now: DateTime<Utc>) -> Result<Option<Account>, StoreError> {
    for purpose in [TokenPurpose::ResetPassword, TokenPurpose::Invitation] {
        if let Some(id) = store.one_time_token_account(&secret_hash(token), purpose, now).await? {
            return Ok(Some(store.account(id).await?));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let h = hash_password("ลำไยอบแห้งป้าศรี");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password(&h, "ลำไยอบแห้งป้าศรี"));
        assert!(!verify_password(&h, "ลำไยอบแห้งป้าศร"));
        assert!(!verify_password("not a hash", "x"));
        assert_ne!(hash_password("same"), hash_password("same"), "salted");
    }

    #[test]
    fn secrets_are_random_and_stored_hashed() {
        let (a, b) = (new_secret(), new_secret());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), a);
    }

    #[test]
    fn the_throttle_message_says_when_to_come_back_in_thai_time() {
        let now = DateTime::parse_from_rfc3339("2026-11-26T03:00:00Z").unwrap().with_timezone(&Utc);
        let m = SignInError::Throttled(now + Duration::seconds(42)).message(now);
        assert_eq!(m.th, "ลองเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณาลองใหม่เวลา 10:00:42 น. (อีก 42 วินาที)");
        assert!(m.en.contains("10:00:42"));
    }
}
