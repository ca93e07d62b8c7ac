//! Accounts and personal data through HTTP, on SQLite and PostgreSQL: CSRF, sessions,
//! sign-in throttling, masking, erasure, sign-up and verification, password links, API
//! tokens and the audit log.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::*;
use otop_domain::Role;
use otop_domain::access::{EnterpriseScope, PRIVACY_NOTICE_VERSION};
use otop_store::audit::AuditFilter;
use otop_store::enterprises::EnterpriseFilter;
use otop_store::{Actor, Store, test_both_backends};
use serde_json::json;
use sqlx::Row;

fn form_body(pairs: &[(String, String)]) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        ser.append_pair(k, v);
    }
    ser.finish()
}

fn form_request(path: &str) -> axum::http::request::Builder {
    Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

/// The cookie value `name` set by a response, if any.
fn set_cookie(r: &Resp, name: &str) -> Option<String> {
    r.cookies()
        .iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")).map(|v| v.split(';').next().unwrap_or("").to_string()))
}

async fn all_enterprises(store: &Store) -> i64 {
    store
        .enterprises(&EnterpriseFilter { scope: EnterpriseScope::All, limit: 1, ..Default::default() })
        .await
        .unwrap()
        .total
}

test_both_backends!(a_forged_cross_site_post_is_refused_and_changes_nothing, |store: Store| async move {
    let app = app(&store).await;
    let body = form_body(&enterprise_form(&good_enterprise(600_000_000_001)));
    let with = |builder: axum::http::request::Builder| builder.body(Body::from(body.clone())).unwrap();

    // The session cookie rides along, as a browser sends it to a forged form; no token.
    let r = send(&app, with(form_request("/enterprises/new").header("cookie", app.cookie()))).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body.contains("แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งมาจากหน้าของระบบ"), "{}", r.body);
    // A wrong token.
    let wrong = format!("{body}&_csrf=forged");
    let r =
        send(&app, form_request("/enterprises/new").header("cookie", app.cookie()).body(Body::from(wrong)).unwrap())
            .await;
    assert_eq!(r.status, 403);
    // The right token, but from another site.
    for (name, value) in [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site"), ("origin", "null")] {
        let r = send(&app, with(form_request("/enterprises/new").header(name, value))).await;
        assert_eq!(r.status, 403, "{name}: {value}");
    }
    // The JSON API with the cookie but no token header.
    let r = send(
        &app,
        Request::post("/api/v1/enterprises")
            .header(header::CONTENT_TYPE, "application/json")
            .header("cookie", app.cookie())
            .body(Body::from(serde_json::to_string(&good_enterprise(600_000_000_002)).unwrap()))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["error"]["code"], "csrf_failed");
    assert_eq!(all_enterprises(&store).await, 0, "nothing was saved");

    // From our own page (same origin, token in the form) it works.
    let own = format!("{body}&_csrf={}", app.csrf);
    let r = send(
        &app,
        form_request("/enterprises/new")
            .header("cookie", app.cookie())
            .header("origin", "http://localhost")
            .header("host", "localhost")
            .body(Body::from(own))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(all_enterprises(&store).await, 1);
});

test_both_backends!(signing_in_gives_a_new_session_and_ends_the_old_one, |store: Store| async move {
    let app = app(&store).await.anonymous();
    let mut a = account(Role::ProvincialOfficer);
    a.sign_in = otop_domain::access::SignInName::parse("s", "officer-session@test.otop.example").unwrap();
    with_password(&store, &a, TEST_PASSWORD).await;
    let sign_in = |planted: Option<String>| {
        let app = app.clone();
        async move {
            let body = form_body(&[
                ("sign_in".into(), "officer-session@test.otop.example".into()),
                ("password".into(), TEST_PASSWORD.into()),
                ("_csrf".into(), app.csrf.clone()),
            ]);
            let cookie = match planted {
                Some(s) => format!("otop_session={s}; otop_csrf={}", app.csrf),
                None => app.cookie(),
            };
            send(&app, form_request("/signin").header("cookie", cookie).body(Body::from(body)).unwrap()).await
        }
    };
    // A session id planted before sign-in (session fixation) is not the one given.
    let r = sign_in(Some("attacker-chosen-value".into())).await;
    assert_eq!((r.status.as_u16(), r.header("location")), (303, "/office"));
    let first = set_cookie(&r, "otop_session").expect("a session cookie");
    assert_ne!(first, "attacker-chosen-value");
    assert_eq!(first.len(), 64);
    let cookie = set_cookie(&r, "otop_session").map(|s| format!("otop_session={s}")).unwrap();
    assert!(
        r.cookies()
            .iter()
            .any(|c| c.starts_with("otop_session=") && c.contains("HttpOnly") && c.contains("SameSite=Lax"))
    );
    assert_ne!(set_cookie(&r, "otop_csrf").as_deref(), Some(app.csrf.as_str()), "a new CSRF token with the session");
    let r = get_with(&app, "/office", &[("cookie", &cookie)]).await;
    assert_eq!(r.status, 200);

    // Signing in again from that browser: a new id, and the old one no longer works.
    let r = sign_in(Some(first.clone())).await;
    let second = set_cookie(&r, "otop_session").unwrap();
    assert_ne!(first, second);
    let r = get_with(&app, "/office", &[("cookie", &cookie)]).await;
    assert_eq!((r.status.as_u16(), r.header("location")), (303, "/signin?next=%2Foffice"));
    let r = get_with(&app, "/office", &[("cookie", &format!("otop_session={second}"))]).await;
    assert_eq!(r.status, 200);

    // Behind an HTTPS proxy the cookie is Secure too.
    let body = form_body(&[
        ("sign_in".into(), "officer-session@test.otop.example".into()),
        ("password".into(), TEST_PASSWORD.into()),
        ("_csrf".into(), app.csrf.clone()),
    ]);
    let r =
        send(&app, form_request("/signin").header("x-forwarded-proto", "https").body(Body::from(body)).unwrap()).await;
    assert!(r.cookies().iter().any(|c| c.starts_with("otop_session=") && c.ends_with("; Secure")), "{:?}", r.cookies());
});

test_both_backends!(the_sixth_wrong_password_in_a_minute_is_refused, |store: Store| async move {
    let app = app(&store).await.anonymous();
    let mut a = account(Role::Entrepreneur);
    a.sign_in = otop_domain::access::SignInName::parse("s", "081-555-0101").unwrap();
    with_password(&store, &a, TEST_PASSWORD).await;
    let attempt = |password: &'static str| {
        let app = app.clone();
        async move {
            post_form(
                &app,
                "/signin",
                &[("sign_in", "0815550101"), ("password", password), ("_csrf", app.csrf.as_str())],
            )
            .await
        }
    };
    for i in 1..=5 {
        let r = attempt("ผิดแน่นอนครั้งนี้").await;
        assert_eq!(r.status, 401, "try {i}");
        assert!(text(&r.html(), ".summary").contains("รหัสผ่านไม่ถูกต้อง"), "try {i}");
    }
    // The sixth is refused before the password is even checked, with when to come back.
    for password in ["ผิดแน่นอนครั้งนี้", TEST_PASSWORD] {
        let r = attempt(password).await;
        assert_eq!(r.status, 429);
        let msg = text(&r.html(), ".summary");
        assert!(msg.contains("ลองเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณาลองใหม่เวลา"), "{msg}");
        assert!(msg.contains("Too many failed sign-ins"), "{msg}");
        assert!(set_cookie(&r, "otop_session").is_none());
    }
    // Another account from the same address is not locked out by this one.
    let mut b = account(Role::Entrepreneur);
    b.sign_in = otop_domain::access::SignInName::parse("s", "081-555-0102").unwrap();
    with_password(&store, &b, TEST_PASSWORD).await;
    let r = post_form(
        &app,
        "/signin",
        &[("sign_in", "0815550102"), ("password", TEST_PASSWORD), ("_csrf", app.csrf.as_str())],
    )
    .await;
    assert_eq!(r.status, 303);
});

test_both_backends!(national_ids_are_masked_for_those_without_need, |store: Store| async move {
    let admin = app(&store).await;
    let id =
        store.create_enterprise(&Actor::new("t"), &good_enterprise(110_170_020_345).validate().unwrap()).await.unwrap();
    let full = national_id(110_170_020_345);
    let masked = format!("x-xxxx-xxxxx-xx-{}", &full[12..]);
    let regional = admin.signed_in(&store, &account(Role::RegionalOfficer)).await;
    let provincial = admin.signed_in(&store, &account(Role::ProvincialOfficer)).await;
    let views_logged = |store: Store| async move {
        store
            .audit_entries(&AuditFilter { action: Some("view_personal".into()), limit: 100, ..Default::default() })
            .await
            .unwrap()
            .items
    };

    // Pages, API and exports: masked for the regional officer, even when asked.
    for path in [format!("/enterprises/{id}"), format!("/enterprises/{id}?reveal=1")] {
        let doc = get(&regional, &path).await.html();
        assert_eq!(text(&doc, "dd.registration"), masked, "{path}");
        assert!(!text(&doc, "dd.phone").contains("234-5678"), "{path}");
        assert!(doc.select(&sel("a.reveal")).next().is_none());
    }
    let v = get(&regional, &format!("/api/v1/enterprises/{id}")).await.json();
    assert_eq!(v["registration"]["number"], masked.as_str());
    let csv = get(&regional, "/export/enterprises.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains(&masked) && !csv.body.contains(&full), "{}", csv.body);
    assert_eq!(get(&regional, "/export/enterprises.csv?personal=1").await.status, 403);
    assert!(views_logged(store.clone()).await.is_empty());

    // The provincial officer sees it masked too, until they ask; the asking is logged.
    let doc = get(&provincial, &format!("/enterprises/{id}")).await.html();
    assert_eq!(text(&doc, "dd.registration"), masked);
    assert_eq!(attr(&doc, "a.reveal", "href"), format!("/enterprises/{id}?reveal=1"));
    let doc = get(&provincial, &format!("/enterprises/{id}?reveal=1")).await.html();
    assert_eq!(text(&doc, "dd.registration"), full);
    assert_eq!(text(&doc, "dd.phone"), "081-234-5678");
    let logged = views_logged(store.clone()).await;
    assert_eq!(logged.len(), 1);
    assert_eq!((logged[0].entity.as_str(), logged[0].entity_id), ("enterprise", Some(id)));
    assert!(logged[0].account_id.is_some());

    // An admin's export with personal data is full, and logged.
    let csv = get(&admin, "/export/enterprises.csv?personal=1").await;
    assert!(csv.body.contains(&full));
    assert_eq!(views_logged(store.clone()).await.len(), 2);
});

test_both_backends!(erasure_leaves_no_personal_field_and_keeps_the_counts, |store: Store| async move {
    let admin = app(&store).await;
    // An entrepreneur signs up, registers her business and edits it (audit rows with her data).
    let me = admin.signed_in(&store, &account(Role::Entrepreneur)).await;
    let mut draft = good_enterprise(310_170_020_341);
    draft.email = "srinuan.private@example.com".into();
    draft.contact_name = "ศรีนวล ใจดีมาก".into();
    let r = post_form(&me, "/enterprises/new", &enterprise_form(&draft)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let eid: i64 = r.header("location").trim_start_matches("/enterprises/").parse().unwrap();
    draft.phone = "089-777-6543".into();
    draft.registration_no = national_id(310_170_020_341);
    let r = post_form(&me, &format!("/enterprises/{eid}/edit"), &enterprise_form(&draft)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let account_id: i64 = sqlx::query_scalar("SELECT account_id FROM enterprise_members WHERE enterprise_id = $1")
        .bind(eid)
        .fetch_one(store.pool())
        .await
        .unwrap();
    let account = store.account(account_id).await.unwrap();
    let personal = [
        national_id(310_170_020_341),
        "0897776543".into(),
        "0812345678".into(),
        "srinuan.private@example.com".into(),
        "ศรีนวล ใจดีมาก".into(),
        account.name.clone(),
        account.sign_in.clone().unwrap(),
    ];
    let counts = |store: Store| async move {
        let q = "SELECT (SELECT COUNT(*) FROM enterprises) AS e, (SELECT COUNT(*) FROM enterprises WHERE province_code = 51) AS l, \
                 (SELECT COUNT(*) FROM accounts WHERE role = 'entrepreneur') AS a, (SELECT COUNT(*) FROM products) AS p";
        let r = sqlx::query(q).fetch_one(store.pool()).await.unwrap();
        (r.get::<i64, _>("e"), r.get::<i64, _>("l"), r.get::<i64, _>("a"), r.get::<i64, _>("p"))
    };
    let before = counts(store.clone()).await;
    // Her own copy first (PDPA access right).
    let mine = get(&me, "/me/data.json").await;
    assert_eq!(mine.status, 200);
    assert_eq!(mine.json()["enterprises"][0]["enterprise"]["id"], eid);

    let r = post_form(&admin, &format!("/admin/accounts/{account_id}/erase"), &[("confirm", "on")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(counts(store.clone()).await, before, "counts stay the same");

    // No personal value is left in any text column of any row that could hold one.
    let mut found = Vec::new();
    for (table, columns) in [
        (
            "accounts",
            "COALESCE(sign_in, '') || ' ' || COALESCE(email, '') || ' ' || COALESCE(phone, '') || ' ' || name",
        ),
        (
            "enterprises",
            "registration_no || ' ' || contact_name || ' ' || COALESCE(phone, '') || ' ' || COALESCE(email, '') || ' ' || address_line",
        ),
        (
            "audit_log",
            "actor || ' ' || COALESCE(before_json, '') || ' ' || COALESCE(after_json, '') || ' ' || COALESCE(ip, '')",
        ),
        ("outbox", "recipient || ' ' || body"),
        ("sign_in_failures", "account_key"),
    ] {
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT {columns} FROM {table}")))
            .fetch_all(store.pool())
            .await
            .unwrap();
        for row in rows {
            for p in &personal {
                if row.contains(p.as_str()) {
                    found.push(format!("{table}: {p} in {row}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "personal data left behind:\n{}", found.join("\n"));
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    // The person can no longer sign in; the record says what happened, not who.
    assert_eq!(get(&me, "/my").await.status, 303);
    let erased = store.account(account_id).await.unwrap();
    assert_eq!(erased.status, otop_store::accounts::AccountStatus::Erased);
    assert_eq!(erased.consent_version.as_deref(), None, "made by an admin here, so no consent");
    let e = store.enterprise(eid).await.unwrap();
    assert_eq!(e.data.address.province_code, 51);
    assert_eq!(e.data.registration.kind_code(), "erased");
    // Erasing twice finds nobody.
    let r = post_form(&admin, &format!("/admin/accounts/{account_id}/erase"), &[("confirm", "on")]).await;
    assert_eq!(r.status, 404);
});

test_both_backends!(an_entrepreneur_signs_up_and_the_provincial_officer_verifies, |store: Store| async move {
    let admin = app(&store).await;
    let visitor = admin.anonymous();
    let mut fields = vec![
        ("name", "ศรีนวล ใจดี"),
        ("sign_in", "082-111-2233"),
        ("password", "ลำไยอบแห้งหอมหวาน"),
        ("password_again", "ลำไยอบแห้งหอมหวาน"),
        ("province", "ลำพูน"),
        ("_csrf", visitor.csrf.as_str()),
    ];
    // Without consent: every problem named, nothing saved.
    let r = post_form(&visitor, "/signup", &fields).await;
    assert_eq!(r.status, 422);
    assert!(text(&r.html(), "#e-consent").contains("ประกาศความเป็นส่วนตัว"));
    assert!(r.html().select(&sel("input[name=password][value]")).all(|e| e.value().attr("value") == Some("")));
    assert!(store.credentials("0821112233").await.unwrap().is_none());
    fields.push(("consent", "on"));
    let r = post_form(&visitor, "/signup", &fields).await;
    assert_eq!((r.status.as_u16(), r.header("location")), (303, "/my"), "{}", r.body);
    let session = set_cookie(&r, "otop_session").unwrap();
    let id = store.credentials("0821112233").await.unwrap().unwrap().id;
    let acct = store.account(id).await.unwrap();
    assert_eq!(acct.status, otop_store::accounts::AccountStatus::Pending);
    assert_eq!(acct.consent_version.as_deref(), Some(PRIVACY_NOTICE_VERSION));
    let me = App { session: Some(session), ..visitor.clone() };
    let doc = get(&me, "/my").await.html();
    assert!(text(&doc, ".notice").contains("รอเจ้าหน้าที่จังหวัดตรวจสอบ"));
    // The same number again is a duplicate with what to do.
    let r = post_form(&visitor, "/signup", &fields).await;
    assert_eq!(r.status, 409);
    assert!(text(&r.html(), "#e-sign_in").contains("มีบัญชีอยู่แล้ว"));

    // Chiang Mai's officer may not verify her; Lamphun's may.
    let mut chiang_mai = account(Role::ProvincialOfficer);
    chiang_mai.provinces = vec![50];
    let other = admin.signed_in(&store, &chiang_mai).await;
    assert!(!text(&get(&other, "/office").await.html(), "#verify").contains("ศรีนวล"));
    assert_eq!(post_form(&other, &format!("/accounts/{id}/verify"), &[("x", "")]).await.status, 403);
    let lamphun = admin.signed_in(&store, &account(Role::ProvincialOfficer)).await;
    assert!(text(&get(&lamphun, "/office").await.html(), "#verify").contains("ศรีนวล"));
    let r = post_form(&lamphun, &format!("/accounts/{id}/verify"), &[("x", "")]).await;
    assert_eq!(r.status, 303);
    assert_eq!(store.account(id).await.unwrap().status, otop_store::accounts::AccountStatus::Active);
    let audit = store.audit_for("account", id).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "verify" && a.account_id.is_some()), "{audit:?}");
});

test_both_backends!(invitations_and_resets_work_once_through_the_outbox, |store: Store| async move {
    let admin = app(&store).await;
    let r = post_form(
        &admin,
        "/admin/accounts/new",
        &[
            ("name", "สมชาย รักถิ่น"),
            ("sign_in", "somchai@test.otop.example"),
            ("role", "provincial_officer"),
            ("provinces", ""),
        ],
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(text(&r.html(), "#e-provinces").contains("อย่างน้อยหนึ่งจังหวัด"));
    let r = post_form(
        &admin,
        "/admin/accounts/new",
        &[
            ("name", "สมชาย รักถิ่น"),
            ("sign_in", "somchai@test.otop.example"),
            ("role", "provincial_officer"),
            ("provinces", "ลำพูน"),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The link waits in the outbox, shown to admins.
    let outbox = get(&admin, "/admin/outbox").await;
    let link = outbox
        .body
        .split("/password/set?token=")
        .nth(1)
        .map(|t| t.chars().take_while(|c| c.is_ascii_hexdigit()).collect::<String>());
    let token = link.expect("an invitation link in the outbox");
    let visitor = admin.anonymous();
    assert_eq!(get(&visitor, &format!("/password/set?token={token}")).await.status, 200);
    let r = post_form(
        &visitor,
        "/password/set",
        &[("token", token.as_str()), ("password", "short"), ("password_again", "short")],
    )
    .await;
    assert_eq!(r.status, 422);
    let good = "ตั้งรหัสผ่านใหม่ให้ยาวพอ";
    let r = post_form(
        &visitor,
        "/password/set",
        &[("token", token.as_str()), ("password", good), ("password_again", good)],
    )
    .await;
    assert_eq!((r.status.as_u16(), r.header("location")), (303, "/signin?done=password"));
    // Used once only.
    assert_eq!(get(&visitor, &format!("/password/set?token={token}")).await.status, 410);
    let r = post_form(&visitor, "/signin", &[("sign_in", "somchai@test.otop.example"), ("password", good)]).await;
    assert_eq!((r.status.as_u16(), r.header("location")), (303, "/office"));

    // "Forgot password" answers the same for a known and an unknown name.
    let known = post_form(&visitor, "/password/forgot", &[("sign_in", "somchai@test.otop.example")]).await;
    let unknown = post_form(&visitor, "/password/forgot", &[("sign_in", "nobody@test.otop.example")]).await;
    assert_eq!(text(&known.html(), ".notice"), text(&unknown.html(), ".notice"));
    let pending = store.pending_messages().await.unwrap();
    assert_eq!(pending.iter().filter(|m| m.recipient == "somchai@test.otop.example").count(), 2);
    assert!(pending.iter().all(|m| m.recipient != "nobody@test.otop.example"));
});

test_both_backends!(api_tokens_act_in_their_scope_until_revoked, |store: Store| async move {
    let admin = app(&store).await;
    let lamphun =
        store.create_enterprise(&Actor::new("t"), &good_enterprise(710_000_000_001).validate().unwrap()).await.unwrap();
    let r = post_form(
        &admin,
        "/admin/tokens/new",
        &[("name", "ระบบสถิติจังหวัดลำพูน"), ("role", "provincial_officer"), ("provinces", "ลำพูน")],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let secret =
        texts(&r.html(), "#secret p").into_iter().find(|t| t.starts_with("otk_")).expect("the token, shown once");
    let bearer = |path: &str| {
        Request::get(path).header(header::AUTHORIZATION, format!("Bearer {secret}")).body(Body::empty()).unwrap()
    };
    let r = send(&admin, bearer("/api/v1/enterprises")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["total"], 1);
    assert_eq!(send(&admin, bearer(&format!("/api/v1/enterprises/{lamphun}"))).await.status, 200);
    // A token needs no CSRF header: it is not a cookie a browser sends by itself.
    let r = send(
        &admin,
        Request::post("/api/v1/enterprises")
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!(good_enterprise(710_000_000_002)).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let tokens = store.api_tokens().await.unwrap();
    assert!(tokens[0].last_used_at.is_some());
    // Revoked: refused with what to do.
    let r = post_form(&admin, &format!("/admin/tokens/{}/revoke", tokens[0].id), &[("x", "")]).await;
    assert_eq!(r.status, 303);
    let r = send(&admin, bearer("/api/v1/enterprises")).await;
    assert_eq!(r.status, 403);
    assert!(r.json()["error"]["message_th"].as_str().unwrap().contains("เพิกถอน"));
    // The OpenAPI document says which operations need a token.
    let doc = get(&admin.anonymous(), "/api/openapi.json").await.json();
    assert!(doc["components"]["securitySchemes"]["api_token"].is_object());
    assert_eq!(doc["paths"]["/api/v1/services"]["get"]["security"], json!([]));
    assert_eq!(doc["paths"]["/api/v1/enterprises"]["get"]["security"], json!([{"api_token": []}, {"session": []}]));
});

test_both_backends!(the_audit_log_is_filtered_and_exported, |store: Store| async move {
    let admin = app(&store).await;
    let r = post_form(&admin, "/enterprises/new", &enterprise_form(&good_enterprise(720_000_000_001))).await;
    assert_eq!(r.status, 303);
    let doc = get(&admin, "/audit?entity=enterprise").await.html();
    let rows = texts(&doc, "table.audit tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("ผู้ประกอบการ #1") && rows[0].contains("create"), "{rows:?}");
    let r = get(&admin, "/audit?from=25/11/2569").await;
    assert!(text(&r.html(), ".summary").contains("2026-11-25"));
    let csv = get(&admin, "/audit.csv?entity=enterprise").await;
    assert_eq!(csv.status, 200);
    let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "id,at,actor,account_id,ip,action,entity,entity_id,before,after");
    assert_eq!(lines.len(), 2);
    // Officers of a province do not see the audit log.
    let provincial = admin.signed_in(&store, &account(Role::ProvincialOfficer)).await;
    assert_eq!(get(&provincial, "/audit").await.status, 403);
});

test_both_backends!(the_client_address_comes_from_a_trusted_proxy_only, |store: Store| async move {
    let attempt = |app: App, forwarded: &'static str| async move {
        let body = form_body(&[
            ("sign_in".into(), "nobody@test.otop.example".into()),
            ("password".into(), "ผิดแน่นอนครั้งนี้".into()),
            ("_csrf".into(), app.csrf.clone()),
        ]);
        let r =
            send(&app, form_request("/signin").header("x-forwarded-for", forwarded).body(Body::from(body)).unwrap())
                .await;
        assert_eq!(r.status, 401);
    };
    let direct = App { router: otop_web::router(state(&store).await), session: None, csrf: "t".into() };
    attempt(direct, "203.0.113.9").await;
    let proxied =
        App { router: otop_web::router(state(&store).await.trusting_proxy(true)), session: None, csrf: "t".into() };
    attempt(proxied, "198.51.100.1, 203.0.113.7").await;
    let ips: Vec<String> =
        sqlx::query_scalar("SELECT ip FROM sign_in_failures ORDER BY id").fetch_all(store.pool()).await.unwrap();
    assert_eq!(ips, ["local", "203.0.113.7"], "a forged header is ignored unless a proxy is trusted");
});
