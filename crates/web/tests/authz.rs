//! The authorization matrix: every route of the application (from `otop_web::route_table`,
//! the table the router is built from) is called as anonymous and as every role, on a
//! record in the caller's own scope and on one in another (another province, another
//! enterprise, another provider). The expectations are written here by hand, independent of
//! the policy code; a route without an expectation fails the test. The matrix is printed.

mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::*;
use otop_domain::access::{NewAccount, SignInName};
use otop_domain::{Agency, Role};
use otop_store::accounts::AccountStatus;
use otop_store::{Actor, Store, test_both_backends};

/// Who calls: anonymous, then each role.
const CALLERS: &[(char, Option<Role>)] = &[
    ('A', None),
    ('E', Some(Role::Entrepreneur)),
    ('S', Some(Role::ProviderStaff)),
    ('P', Some(Role::ProvincialOfficer)),
    ('R', Some(Role::RegionalOfficer)),
    ('N', Some(Role::NationalOfficer)),
    ('T', Some(Role::PartnerOfficer)),
    ('D', Some(Role::Admin)),
];

const SIGNED_IN: &str = "ESPRNTD";
const EVERYONE: &str = "AESPRNTD";

/// What each route allows: callers allowed on their own record, and on another's. Routes
/// without a record (lists, forms) have the same letters in both.
fn expectations() -> BTreeMap<(&'static str, &'static str), (&'static str, &'static str)> {
    let both = |s: &'static str| (s, s);
    let mut m = BTreeMap::new();
    let mut put = |method: &'static str, path: &'static str, own_other: (&'static str, &'static str)| {
        m.insert((method, path), own_other);
    };
    for (method, path) in [
        ("GET", "/"),
        ("GET", "/privacy"),
        ("GET", "/signin"),
        ("POST", "/signin"),
        ("POST", "/signout"),
        ("GET", "/signup"),
        ("POST", "/signup"),
        ("GET", "/signup/event"),
        ("POST", "/signup/event"),
        ("GET", "/password/forgot"),
        ("POST", "/password/forgot"),
        ("GET", "/password/set"),
        ("POST", "/password/set"),
        ("GET", "/match"),
        ("GET", "/services"),
        ("GET", "/services/{id}"),
        ("GET", "/providers"),
        ("GET", "/providers/{id}"),
        ("GET", "/static/{file}"),
        ("GET", "/api/openapi.json"),
        ("GET", "/healthz"),
        ("GET", "/api/v1/providers"),
        ("GET", "/api/v1/providers/{id}"),
        ("GET", "/api/v1/services"),
        ("GET", "/api/v1/services/{id}"),
        ("POST", "/api/v1/match"),
    ] {
        put(method, path, both(EVERYONE));
    }
    for (method, path) in
        [("GET", "/password/change"), ("POST", "/password/change"), ("GET", "/me/data.json"), ("GET", "/my")]
    {
        put(method, path, both(SIGNED_IN));
    }
    put("GET", "/provider", both("SND"));
    put("GET", "/office", both("PRND"));
    put("GET", "/partner", both("T"));
    put("POST", "/accounts/{id}/verify", ("PRND", "ND"));
    put("POST", "/partner/nominations", both("T"));
    for (method, path) in [
        ("GET", "/admin"),
        ("GET", "/admin/accounts/new"),
        ("POST", "/admin/accounts/new"),
        ("GET", "/admin/accounts/{id}"),
        ("POST", "/admin/accounts/{id}/status"),
        ("GET", "/admin/accounts/{id}/data.json"),
        ("POST", "/admin/accounts/{id}/erase"),
        ("GET", "/admin/outbox"),
        ("GET", "/admin/tokens"),
        ("GET", "/admin/tokens/new"),
        ("POST", "/admin/tokens/new"),
        ("POST", "/admin/tokens/{id}/revoke"),
    ] {
        put(method, path, both("D"));
    }
    put("GET", "/provider/staff/new", both("SND"));
    put("POST", "/provider/staff/new", both("SND"));
    put("GET", "/audit", both("ND"));
    put("GET", "/audit.csv", both("ND"));
    put("GET", "/services/new", both("SND"));
    put("POST", "/services/new", ("SND", "ND"));
    put("GET", "/services/{id}/edit", ("SND", "ND"));
    put("POST", "/services/{id}/edit", ("SND", "ND"));
    put("GET", "/providers/new", both("ND"));
    put("POST", "/providers/new", both("ND"));
    put("GET", "/providers/{id}/edit", ("SND", "ND"));
    put("POST", "/providers/{id}/edit", ("SND", "ND"));
    put("GET", "/enterprises", both("EPRNTD"));
    put("GET", "/enterprises/new", both("EPRNTD"));
    put("POST", "/enterprises/new", ("EPRNTD", "ENTD"));
    put("GET", "/enterprises/{id}", ("EPRNTD", "ND"));
    put("GET", "/enterprises/{id}/edit", ("EPRND", "ND"));
    put("POST", "/enterprises/{id}/edit", ("EPRND", "ND"));
    put("GET", "/enterprises/{id}/needs", both("EPRND"));
    put("POST", "/enterprises/{id}/needs", ("EPRND", "ND"));
    put("GET", "/enterprises/{id}/products/new", ("EPRND", "ND"));
    put("POST", "/enterprises/{id}/products/new", ("EPRND", "ND"));
    put("GET", "/products/{id}", ("EPRNTD", "ND"));
    put("GET", "/products/{id}/edit", ("EPRND", "ND"));
    put("POST", "/products/{id}/edit", ("EPRND", "ND"));
    for (method, path) in [
        ("GET", "/import"),
        ("GET", "/import/enterprises/{file}"),
        ("GET", "/import/enterprises"),
        ("POST", "/import/enterprises"),
        ("POST", "/import/enterprises/errors.csv"),
        ("POST", "/api/v1/imports/enterprises"),
    ] {
        put(method, path, both("PRND"));
    }
    put("GET", "/export", both("PRNTD"));
    put("GET", "/export/{file}", both("PRNTD"));
    put("GET", "/api/v1/enterprises", both("EPRNTD"));
    put("POST", "/api/v1/enterprises", ("EPRNTD", "ENTD"));
    put("GET", "/api/v1/enterprises/{id}", ("EPRNTD", "ND"));
    put("PUT", "/api/v1/enterprises/{id}", ("EPRND", "ND"));
    put("GET", "/api/v1/enterprises/{id}/products", ("EPRNTD", "ND"));
    put("POST", "/api/v1/enterprises/{id}/products", ("EPRND", "ND"));
    put("GET", "/api/v1/products/{id}", ("EPRNTD", "ND"));
    put("PUT", "/api/v1/products/{id}", ("EPRND", "ND"));
    put("POST", "/api/v1/providers", both("ND"));
    put("POST", "/api/v1/services", ("SND", "ND"));
    put("PUT", "/api/v1/services/{id}", ("SND", "ND"));
    workflow_expectations(&mut put);
    m
}

/// The workflow (issue 5): "own" is the Lamphun case of the entrepreneur's enterprise
/// (nominated by the partner's department), referred to the staff's provider; "other" is a
/// Songkhla case referred to another provider.
fn workflow_expectations(put: &mut impl FnMut(&'static str, &'static str, (&'static str, &'static str))) {
    let sees = ("ESPRNTD", "ND");
    let provider = ("S", "");
    let officers = ("PRN", "N");
    put("POST", "/api/v1/enterprises/{id}/needs", ("EPRND", "ND"));
    put("GET", "/api/v1/needs/{id}", sees);
    put("POST", "/api/v1/needs/{id}/referrals", officers);
    put("POST", "/api/v1/referrals/{id}/accept", provider);
    put("POST", "/api/v1/referrals/{id}/decline", provider);
    put("POST", "/api/v1/referrals/{id}/withdraw", officers);
    put("POST", "/api/v1/engagements/{id}/coupons", ("EPRN", "N"));
    for step in ["screen", "approve", "reject", "cancel"] {
        put("POST", leak(format!("/api/v1/coupons/{{id}}/{step}")), officers);
    }
    put("GET", "/api/v1/engagements/{id}", sees);
    put("POST", "/api/v1/engagements/{id}/milestones", provider);
    put("POST", "/api/v1/engagements/{id}/milestones/{milestone}/done", provider);
    put("POST", "/api/v1/engagements/{id}/deliverables", provider);
    put("GET", "/api/v1/deliverables/{id}", sees);
    put("POST", "/api/v1/engagements/{id}/report", provider);
    put("POST", "/api/v1/engagements/{id}/claim", provider);
    put("POST", "/api/v1/engagements/{id}/return", ("EP", ""));
    put("POST", "/api/v1/engagements/{id}/accept", ("EP", ""));
    put("POST", "/api/v1/engagements/{id}/pay", officers);
    put("POST", "/api/v1/engagements/{id}/cancel", officers);
    put("POST", "/api/v1/engagements/{id}/close", ("EPRN", "N"));
    put("POST", "/api/v1/engagements/{id}/follow-up", ("EPRN", "N"));
    put("GET", "/api/v1/rounds", (SIGNED_IN, SIGNED_IN));
    put("POST", "/api/v1/rounds", ("N", "N"));
    put("POST", "/api/v1/rounds/{id}/funding", ("N", "N"));
    put("POST", "/api/v1/rounds/{id}/allocations", ("RN", "RN"));
    put("GET", "/api/v1/rounds/{id}/budget", ("PRND", "PRND"));
    put("GET", "/api/v1/inbox", (SIGNED_IN, SIGNED_IN));

    // The same steps as pages, with the letters of their API twins.
    put("GET", "/inbox", (SIGNED_IN, SIGNED_IN));
    put("GET", "/needs/{id}", sees);
    put("POST", "/needs/{id}/referrals", officers);
    put("POST", "/referrals/{id}/accept", provider);
    put("POST", "/referrals/{id}/decline", provider);
    put("POST", "/referrals/{id}/withdraw", officers);
    put("GET", "/projects/{id}", sees);
    put("POST", "/projects/{id}/coupons", ("EPRN", "N"));
    for step in ["screen", "approve", "reject", "cancel"] {
        put("POST", leak(format!("/coupons/{{id}}/{step}")), officers);
    }
    put("POST", "/projects/{id}/milestones", provider);
    put("POST", "/projects/{id}/milestones/{milestone}/done", provider);
    put("POST", "/projects/{id}/deliverables", provider);
    put("GET", "/deliverables/{id}", sees);
    put("POST", "/projects/{id}/report", provider);
    put("POST", "/projects/{id}/claim", provider);
    put("POST", "/projects/{id}/return", ("EP", ""));
    put("POST", "/projects/{id}/accept", ("EP", ""));
    put("POST", "/projects/{id}/pay", officers);
    put("POST", "/projects/{id}/cancel", officers);
    put("POST", "/projects/{id}/close", ("EPRN", "N"));
    put("POST", "/projects/{id}/follow-up", ("EPRN", "N"));
    put("GET", "/rounds", ("PRND", "PRND"));
    put("POST", "/rounds", ("N", "N"));
    put("GET", "/rounds/{id}", ("PRND", "PRND"));
    put("POST", "/rounds/{id}/funding", ("N", "N"));
    put("POST", "/rounds/{id}/allocations", ("RN", "RN"));
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The records the calls are made on: "own" is in the callers' scope (Lamphun, the
/// entrepreneur's business, nominated by the partner's department, the staff's provider),
/// "other" is not (Songkhla, nobody's, another provider).
struct World {
    enterprise: [i64; 2],
    product: [i64; 2],
    provider: [i64; 2],
    service: [i64; 2],
    pending: [i64; 2],
    throwaway: i64,
    token: i64,
    registration: [String; 2],
    cases: Cases,
}

/// One workflow case per side, each record at a state where every step can be asked for.
struct Cases {
    need: [i64; 2],
    referral: [i64; 2],
    engagement: [i64; 2],
    coupon: [i64; 2],
    milestone: [i64; 2],
    deliverable: [i64; 2],
    round: i64,
}

async fn cases(store: &Store, enterprises: [i64; 2], services: [i64; 2]) -> Cases {
    use otop_domain::workflow::{Holder, RoundDraft};
    let actor = Actor::new("test");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let rules = RoundDraft {
        name: "รอบทดสอบสิทธิ์".into(),
        fiscal_year: "2570".into(),
        ceiling: "100,000".into(),
        copay_percent: "20".into(),
        opens_on: "1/10/2569".into(),
        closes_on: "30/9/2570".into(),
        ..Default::default()
    };
    let round = store.create_round(&actor, &rules.validate().unwrap()).await.unwrap();
    let mut c = Cases {
        need: [0; 2],
        referral: [0; 2],
        engagement: [0; 2],
        coupon: [0; 2],
        milestone: [0; 2],
        deliverable: [0; 2],
        round,
    };
    for which in 0..2 {
        let province = [51u8, 90][which];
        let need = otop_domain::NeedData {
            enterprise_id: enterprises[which],
            product_id: None,
            text: "บรรจุภัณฑ์ไม่กันความชื้น สินค้าขึ้นราเร็ว".into(),
            province_code: province,
            category: Some(otop_domain::Category::Food),
            stages: vec![],
            status: otop_domain::NeedStatus::Open,
            created_on: today,
        };
        c.need[which] = store.create_need(&actor, &need).await.unwrap();
        let r = otop_store::workflow::NewReferral {
            need_id: c.need[which],
            service_id: services[which],
            note: String::new(),
        };
        c.referral[which] = store.refer(&actor, &r, today).await.unwrap();
        // A second referral, accepted, carries the project; the first stays unanswered.
        let second = store.create_need(&actor, &need).await.unwrap();
        let r2 = store
            .refer(
                &actor,
                &otop_store::workflow::NewReferral {
                    need_id: second,
                    service_id: services[which],
                    note: String::new(),
                },
                today,
            )
            .await
            .unwrap();
        c.engagement[which] = store.accept_referral(&actor, r2, today).await.unwrap();
        c.coupon[which] = store.apply_coupon(&actor, c.engagement[which], round, 0, today).await.unwrap();
        c.milestone[which] = store.add_milestone(&actor, c.engagement[which], "ทดสอบ", today).await.unwrap();
        c.deliverable[which] = store
            .add_deliverable(&actor, c.engagement[which], "a.pdf", "application/pdf", b"%PDF-1.4".to_vec())
            .await
            .unwrap();
        let _ = Holder::Province(province);
    }
    c
}

async fn world(store: &Store, app: &App) -> (World, Vec<(char, App)>) {
    let seeded = seed(store).await;
    let actor = Actor::new("test");
    let lamphun = good_enterprise(400_000_000_001).validate().unwrap();
    let mut songkhla_draft = good_enterprise(400_000_000_002);
    songkhla_draft.address = otop_domain::AddressDraft {
        address_line: "5 ถนนนครนอก".into(),
        subdistrict: "บ่อยาง".into(),
        district: "เมืองสงขลา".into(),
        province: "สงขลา".into(),
        postal_code: "90000".into(),
    };
    let songkhla = songkhla_draft.validate().unwrap();
    let e_own = store.create_enterprise(&actor, &lamphun).await.unwrap();
    let e_other = store.create_enterprise(&actor, &songkhla).await.unwrap();
    // Nominating is allowed anywhere; a third enterprise takes the nominations the matrix
    // makes, so that "other" stays outside the partner's scope.
    let mut third = songkhla_draft.clone();
    third.registration_no = national_id(400_000_000_003);
    let third = store.create_enterprise(&actor, &third.validate().unwrap()).await.unwrap();
    let third_registration = store.enterprise(third).await.unwrap().data.registration.number().to_string();
    store.nominate(&actor, e_own, Agency::Dip).await.unwrap();
    let product = |e: i64| {
        otop_domain::ProductDraft {
            name: "ลำไยอบแห้ง".into(), category: "food".into(), ..Default::default()
        }
        .validate(e)
        .unwrap()
    };
    let p_own = store.create_product(&actor, &product(e_own)).await.unwrap();
    let p_other = store.create_product(&actor, &product(e_other)).await.unwrap();

    let mut callers = Vec::new();
    for (letter, role) in CALLERS {
        let Some(role) = role else {
            callers.push((*letter, app.anonymous()));
            continue;
        };
        let mut a = account(*role);
        if *role == Role::ProviderStaff {
            a.provider_id = Some(seeded.providers[0]);
            a.provider_manager = true;
        }
        let session = session_for(store, &a).await;
        if *role == Role::Entrepreneur {
            let id = store.credentials(&a.sign_in.key()).await.unwrap().unwrap().id;
            store.add_member(&actor, e_own, id).await.unwrap();
        }
        callers.push((*letter, App { session: Some(session), ..app.clone() }));
    }
    let pending = |province: u8, n: u32| NewAccount {
        name: format!("รอตรวจ {n}"),
        sign_in: SignInName::parse("s", &format!("pending-{n}@test.otop.example")).unwrap(),
        role: Role::Entrepreneur,
        provinces: vec![province],
        region: None,
        provider_id: None,
        provider_manager: false,
        agency: None,
    };
    let mut pending_ids = [0; 2];
    for (i, province) in [51u8, 90].into_iter().enumerate() {
        let id = store.create_account(&actor, &pending(province, i as u32)).await.unwrap();
        store.set_account_status(&actor, id, AccountStatus::Pending).await.unwrap();
        pending_ids[i] = id;
    }
    let throwaway = store.create_account(&actor, &account(Role::NationalOfficer)).await.unwrap();
    let token_principal = otop_domain::access::Principal {
        account_id: None,
        token_id: None,
        name: "ระบบทดสอบ".into(),
        role: Role::NationalOfficer,
        provinces: vec![],
        region: None,
        provider_id: None,
        provider_manager: false,
        agency: None,
    };
    let (token, _) = otop_app::auth::create_api_token(store, &actor, &token_principal).await.unwrap();
    let world = World {
        enterprise: [e_own, e_other],
        product: [p_own, p_other],
        provider: [seeded.providers[0], seeded.providers[1]],
        service: [seeded.services[0], seeded.services[1]],
        pending: pending_ids,
        throwaway,
        token,
        registration: [lamphun.registration.number().to_string(), third_registration],
        cases: cases(store, [e_own, e_other], [seeded.services[0], seeded.services[4]]).await,
    };
    (world, callers)
}

/// The path with its `{id}` / `{file}` filled in for the own (0) or other (1) record.
fn concrete(path: &str, w: &World, which: usize) -> String {
    let id = if path.starts_with("/enterprises/") || path.starts_with("/api/v1/enterprises/") {
        w.enterprise[which]
    } else if path.starts_with("/products/") || path.starts_with("/api/v1/products/") {
        w.product[which]
    } else if path.starts_with("/providers/") || path.starts_with("/api/v1/providers/") {
        w.provider[which]
    } else if path.starts_with("/services/") || path.starts_with("/api/v1/services/") {
        w.service[which]
    } else if path.starts_with("/api/v1/needs/") || path.starts_with("/needs/") {
        w.cases.need[which]
    } else if path.starts_with("/api/v1/referrals/") || path.starts_with("/referrals/") {
        w.cases.referral[which]
    } else if path.starts_with("/api/v1/engagements/") || path.starts_with("/projects/") {
        w.cases.engagement[which]
    } else if path.starts_with("/api/v1/coupons/") || path.starts_with("/coupons/") {
        w.cases.coupon[which]
    } else if path.starts_with("/api/v1/deliverables/") || path.starts_with("/deliverables/") {
        w.cases.deliverable[which]
    } else if path.starts_with("/api/v1/rounds/") || path.starts_with("/rounds/") {
        w.cases.round
    } else if path.starts_with("/accounts/") {
        w.pending[which]
    } else if path.starts_with("/admin/accounts/") {
        w.throwaway
    } else {
        w.token
    };
    let file = if path.starts_with("/static/") {
        "style.css".to_string()
    } else if path.starts_with("/export/") {
        "enterprises.csv".to_string()
    } else {
        "template.csv".to_string()
    };
    path.replace("{id}", &id.to_string())
        .replace("{file}", &file)
        .replace("{milestone}", &w.cases.milestone[which].to_string())
}

/// A body that is valid as far as the scope check needs (the province or provider of the
/// record to create is the own or the other one).
fn body(method: &str, path: &str, w: &World, which: usize, n: usize) -> (Option<&'static str>, String) {
    let province = ["ลำพูน", "สงขลา"][which];
    fn form<K: AsRef<str>>(pairs: &[(K, String)]) -> (Option<&'static str>, String) {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            ser.append_pair(k.as_ref(), v);
        }
        (Some("application/x-www-form-urlencoded"), ser.finish())
    }
    let mut enterprise = good_enterprise(500_000_000_000 + (n as u64) * 2 + which as u64);
    enterprise.address.province = province.into();
    if which == 1 {
        enterprise.address = otop_domain::AddressDraft {
            address_line: "5".into(),
            subdistrict: "บ่อยาง".into(),
            district: "เมืองสงขลา".into(),
            province: province.into(),
            postal_code: "90000".into(),
        };
    }
    let service = |provider: i64| {
        vec![
            ("provider_id", provider.to_string()),
            ("title", format!("บริการทดสอบ {n}")),
            ("description", "ทดสอบ".to_string()),
            ("stages", "packaging".to_string()),
            ("categories", "food".to_string()),
            ("coverage", "ทั่วประเทศ".to_string()),
            ("active", "true".to_string()),
        ]
    };
    match (method, path) {
        ("POST", "/enterprises/new") | ("POST", "/enterprises/{id}/edit") => form(&enterprise_form(&enterprise)),
        ("POST", "/api/v1/enterprises") | ("PUT", "/api/v1/enterprises/{id}") => {
            (Some("application/json"), serde_json::to_string(&enterprise).unwrap())
        }
        ("POST", "/services/new") | ("POST", "/services/{id}/edit") => form(&service(w.provider[which])),
        ("POST", "/api/v1/services") | ("PUT", "/api/v1/services/{id}") => {
            let map: serde_json::Map<String, serde_json::Value> =
                service(w.provider[which]).into_iter().map(|(k, v)| (k.to_string(), v.into())).collect();
            (Some("application/json"), serde_json::Value::Object(map).to_string())
        }
        ("POST", "/partner/nominations") => form(&[("registration_lookup", w.registration[which].clone())]),
        ("POST", "/admin/accounts/{id}/status") => form(&[("status", "active".into())]),
        ("POST", "/admin/accounts/{id}/erase") => form(&[("confirm", String::new())]),
        ("POST", "/signin") => form(&[("sign_in", "nobody@test.otop.example".into()), ("password", "wrong".into())]),
        (m, _) if m == "POST" && path.starts_with("/api/") => (Some("application/json"), "{}".into()),
        ("PUT", _) => (Some("application/json"), "{}".into()),
        _ if method == "POST" => form::<&str>(&[]),
        _ => (None, String::new()),
    }
}

/// Whether the answer is a refusal on grounds of access (not of input).
fn denied(path: &str, r: &Resp) -> bool {
    let to_signin = r.status == 303 && r.header("location").starts_with("/signin?next=");
    let unauthenticated = r.status == 401 && path != "/signin";
    r.status == 403 || unauthenticated || to_signin
}

test_both_backends!(every_route_checks_role_and_scope, |store: Store| async move {
    let app = app(&store).await;
    let (w, callers) = world(&store, &app).await;
    let table = otop_web::route_table();
    let expected = expectations();
    let mut unknown = Vec::new();
    let mut wrong = Vec::new();
    let mut printed = vec![format!("{:<7} {:<40} own      other", "", "")];
    printed.push(format!("{:<7} {:<40} {}  {}", "", "", "AESPRNTD", "AESPRNTD"));
    let mut n = 0;
    for rule in &table {
        let key = (rule.method.as_str(), rule.path);
        let Some((own, other)) = expected.get(&key).copied() else {
            unknown.push(format!("{} {}", rule.method, rule.path));
            continue;
        };
        let mut marks = [String::new(), String::new()];
        for which in 0..2 {
            for (letter, client) in &callers {
                n += 1;
                let (content_type, payload) = body(rule.method.as_str(), rule.path, &w, which, n);
                let mut req = Request::builder().method(rule.method.clone()).uri(concrete(rule.path, &w, which));
                if let Some(ct) = content_type {
                    req = req.header(header::CONTENT_TYPE, ct);
                }
                // Signing out would end the caller's session for the rest of the matrix.
                let client = if rule.path == "/signout" { &client.anonymous() } else { client };
                let r = send(client, req.body(Body::from(payload)).unwrap()).await;
                let allowed_here = [own, other][which].contains(*letter);
                let was_denied = denied(rule.path, &r);
                marks[which].push(if was_denied { '·' } else { '✓' });
                if allowed_here == was_denied {
                    wrong.push(format!(
                        "{} {} ({}) as {letter}: expected {}, got {} {}",
                        rule.method,
                        rule.path,
                        ["own", "other"][which],
                        if allowed_here { "allowed" } else { "denied" },
                        r.status,
                        r.body.chars().take(200).collect::<String>()
                    ));
                }
            }
        }
        printed.push(format!("{:<7} {:<40} {}  {}", rule.method.as_str(), rule.path, marks[0], marks[1]));
    }
    eprintln!("{}", printed.join("\n"));
    assert!(unknown.is_empty(), "routes with no expectation in this test (add them): {unknown:#?}");
    assert!(wrong.is_empty(), "{} wrong answers:\n{}", wrong.len(), wrong.join("\n"));
    // Every expectation names a real route: a removed route is noticed too.
    let real: Vec<(String, &str)> = table.iter().map(|r| (r.method.to_string(), r.path)).collect();
    for (method, path) in expected.keys() {
        assert!(real.iter().any(|(m, p)| m == method && p == path), "no route {method} {path}");
    }
    assert!(table.len() >= 90, "{} routes", table.len());
});

test_both_backends!(a_method_without_a_rule_is_not_served, |store: Store| async move {
    let app = app(&store).await;
    let r =
        send(&app, Request::builder().method(Method::DELETE).uri("/enterprises").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, 405);
    assert!(r.header("allow").contains("GET"), "{:?}", r.headers);
});
