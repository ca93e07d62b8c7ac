//! What the web tests share: a registry seeded with a few providers and services, requests
//! through the router without a network, and HTML read with CSS selectors.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use otop_domain::access::{NewAccount, SignInName};
use otop_domain::{
    Category, Coverage, EnterpriseDraft, PriceItem, ProviderData, ProviderKind, Role, Satang, ServiceData, Stage,
};
use otop_geo::Region;
use otop_store::{Actor, Store};
use otop_web::AppState;
use scraper::{Html, Selector};
use tower::ServiceExt;

/// The application as a browser or API client sees it: the router, and the session
/// cookie and CSRF token it sends (none for an anonymous visitor).
#[derive(Clone)]
pub struct App {
    pub router: Router,
    pub session: Option<String>,
    pub csrf: String,
}

impl App {
    /// The same application, with no one signed in.
    pub fn anonymous(&self) -> App {
        App { session: None, ..self.clone() }
    }

    /// The same application, signed in as a new account with this role and scope.
    pub async fn signed_in(&self, store: &Store, account: &NewAccount) -> App {
        App { session: Some(session_for(store, account).await), ..self.clone() }
    }

    /// The cookie header this client sends.
    pub fn cookie(&self) -> String {
        match &self.session {
            Some(s) => format!("otop_session={s}; otop_csrf={}", self.csrf),
            None => format!("otop_csrf={}", self.csrf),
        }
    }
}

static ACCOUNTS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// An account of `role` (sign-in name made unique), scoped as given.
pub fn account(role: Role) -> NewAccount {
    let n = ACCOUNTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    NewAccount {
        name: format!("ทดสอบ {} {n}", role.name_th()),
        sign_in: SignInName::parse("sign_in", &format!("{}-{n}@test.otop.example", role.code())).unwrap(),
        role,
        provinces: if matches!(role, Role::ProvincialOfficer | Role::Entrepreneur) { vec![51] } else { vec![] },
        region: (role == Role::RegionalOfficer).then_some(Region::North),
        provider_id: None,
        provider_manager: false,
        agency: (role == Role::PartnerOfficer).then_some(otop_domain::Agency::Dip),
    }
}

/// A password good enough for the rules, for test accounts that sign in through pages.
pub const TEST_PASSWORD: &str = "ทดสอบรหัสผ่านยาวพอ";

/// Creates the account with a password, to sign in through the sign-in page.
pub async fn with_password(store: &Store, a: &NewAccount, password: &str) -> i64 {
    let id = store.create_account(&Actor::new("test"), a).await.expect("create the test account");
    store
        .set_password(&Actor::new("test"), id, &otop_app::auth::hash_password(password))
        .await
        .expect("set the password");
    id
}

/// Creates the account and a session for it, as signing in would; returns the cookie value.
pub async fn session_for(store: &Store, a: &NewAccount) -> String {
    let id = store.create_account(&Actor::new("test"), a).await.expect("create the test account");
    let secret = otop_app::auth::new_secret();
    let session = otop_store::sessions::NewSession {
        token_hash: otop_app::auth::secret_hash(&secret),
        account_id: id,
        expires_at: chrono::Utc::now() + chrono::Duration::hours(1),
        ip: "test".into(),
        user_agent: "test".into(),
    };
    store.start_session(&Actor::new("test"), &session, None).await.expect("start the test session");
    secret
}

/// The router over `store` as `serve` builds it, used by an administrator (who may do
/// everything the registry tests need). See [`App::anonymous`] and [`App::signed_in`].
pub async fn app(store: &Store) -> App {
    let router = otop_web::router(state(store).await);
    let admin = App { router, session: None, csrf: "test-csrf-token".into() };
    admin.signed_in(store, &account(Role::Admin)).await
}

/// The state `serve` makes: the store, and a matcher that follows it.
pub async fn state(store: &Store) -> AppState {
    AppState::start(store.clone()).await.expect("build the matcher")
}

/// The demo's providers, 74 services and base enterprises, as `serve` loads them into an
/// empty database.
pub async fn demo(store: &Store) -> otop_app::demo::Loaded {
    otop_app::demo::load_base(store).await.expect("load the demo data")
}

/// The seeded services by title, to compare directory results against.
pub const PACKAGING_FOOD: &str = "ออกแบบและทดสอบบรรจุภัณฑ์อาหาร";
pub const LONGAN_DRYING: &str = "เทคโนโลยีการอบแห้งลำไยและผลไม้";
pub const ONLINE_MARKETING: &str = "ที่ปรึกษาการตลาดออนไลน์สินค้าชุมชน";
pub const MACHINE_LOAN: &str = "สินเชื่อเครื่องจักรสำหรับวิสาหกิจชุมชน";
pub const BATIK_PACKAGING: &str = "พัฒนาบรรจุภัณฑ์ผ้าบาติก";

pub struct Seeded {
    pub providers: Vec<i64>,
    pub services: Vec<i64>,
}

async fn provider(store: &Store, name: &str, short: &str, kind: ProviderKind, province: u8, units: &[&str]) -> i64 {
    let data = ProviderData {
        name: name.into(),
        short_name: short.into(),
        kind,
        province_code: Some(province),
        website: "https://www.example.go.th".into(),
        phone: None,
        email: None,
        description: format!("{name} ให้บริการผู้ประกอบการโอทอป"),
    };
    let units: Vec<String> = units.iter().map(|u| u.to_string()).collect();
    store.create_provider(&Actor::new("test"), &data, &units).await.expect("seed provider")
}

#[allow(clippy::too_many_arguments)]
async fn service(
    store: &Store,
    provider_id: i64,
    title: &str,
    stages: &[Stage],
    categories: &[Category],
    coverage: Coverage,
    capacity: Option<u32>,
    prices: &[(&str, i64)],
) -> i64 {
    let data = ServiceData {
        provider_id,
        unit_id: None,
        title: title.into(),
        description: format!("{title} สำหรับผู้ประกอบการโอทอป ให้คำปรึกษาและทดสอบ"),
        stages: stages.to_vec(),
        categories: categories.to_vec(),
        coverage,
        capacity_per_year: capacity,
        prices: prices.iter().map(|(l, b)| PriceItem { label: l.to_string(), amount: Satang::from_baht(*b) }).collect(),
        active: true,
    };
    store.create_service(&Actor::new("test"), &data).await.expect("seed service")
}

/// Five providers of different kinds and regions, one service each:
/// packaging (nationwide), longan drying (north), online marketing (Lamphun only),
/// machine loans (nationwide, finance + machinery), batik packaging (south).
pub async fn seed(store: &Store) -> Seeded {
    use Category::*;
    use Stage::*;
    let tistr = provider(
        store,
        "สถาบันวิจัยวิทยาศาสตร์และเทคโนโลยีแห่งประเทศไทย",
        "วว.",
        ProviderKind::Agency,
        13,
        &["ศูนย์บรรจุภัณฑ์ไทย"],
    )
    .await;
    let clinic = provider(store, "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", "", ProviderKind::TechnologyClinic, 50, &[]).await;
    let kbo = provider(store, "เครือข่าย KBO จังหวัดลำพูน", "", ProviderKind::KboNetwork, 51, &[]).await;
    let bank = provider(store, "ธนาคารออมสิน", "", ProviderKind::Bank, 10, &[]).await;
    let south = provider(store, "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 11", "", ProviderKind::Agency, 90, &[]).await;
    let services = vec![
        service(
            store,
            tistr,
            PACKAGING_FOOD,
            &[Packaging, Standards],
            &[Food, Beverage],
            Coverage::Nationwide,
            Some(40),
            &[("ทดสอบการซึมผ่านไอน้ำ", 2500), ("ออกแบบกราฟิกฉลาก", 8000)],
        )
        .await,
        service(
            store,
            clinic,
            LONGAN_DRYING,
            &[ProductionProcess, ProductInnovation],
            &[Food],
            Coverage::Regions(vec![Region::North]),
            Some(15),
            &[],
        )
        .await,
        service(
            store,
            kbo,
            ONLINE_MARKETING,
            &[Marketing],
            &[Food, Textile, DecorSouvenir],
            Coverage::Provinces(vec![51]),
            None,
            &[],
        )
        .await,
        service(store, bank, MACHINE_LOAN, &[Finance, Machinery], Category::ALL, Coverage::Nationwide, None, &[]).await,
        service(
            store,
            south,
            BATIK_PACKAGING,
            &[Packaging],
            &[Textile],
            Coverage::Regions(vec![Region::South]),
            Some(10),
            &[("ออกแบบบรรจุภัณฑ์", 5000)],
        )
        .await,
    ];
    Seeded { providers: vec![tistr, clinic, kbo, bank, south], services }
}

/// A valid 13-digit national ID from twelve digits (check digit computed here).
pub fn national_id(twelve: u64) -> String {
    let s = format!("{twelve:012}");
    let sum: u32 = s.bytes().enumerate().map(|(i, b)| (b - b'0') as u32 * (13 - i as u32)).sum();
    format!("{s}{}", (11 - sum % 11) % 10)
}

/// A valid enterprise, as a form or an API client would send it.
pub fn good_enterprise(id_twelve: u64) -> EnterpriseDraft {
    EnterpriseDraft {
        kind: "individual".into(),
        name: "ลำไยอบแห้งป้าศรี".into(),
        registration_no: national_id(id_twelve),
        address: otop_domain::AddressDraft {
            address_line: "12 หมู่ 3".into(),
            subdistrict: "ในเมือง".into(),
            district: "เมืองลำพูน".into(),
            province: "ลำพูน".into(),
            postal_code: "51000".into(),
        },
        contact_name: "ศรี ใจดี".into(),
        phone: "081-234-5678".into(),
        stars: "3".into(),
        quadrant: "D".into(),
        categories: "food".into(),
        certifications: "อย. 51-2-00123-2-0001 หมดอายุ 31/12/2570".into(),
        ..Default::default()
    }
}

/// The draft as form fields.
pub fn enterprise_form(d: &EnterpriseDraft) -> Vec<(String, String)> {
    let v = serde_json::to_value(d).unwrap();
    v.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect()
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (downloads are binary).
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Every `Set-Cookie` header.
    pub fn cookies(&self) -> Vec<String> {
        self.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

/// Sends `req` as `app`'s client: its cookies, and the CSRF header a page's script or form
/// would carry, unless the request sets its own.
pub async fn send(app: &App, mut req: Request<Body>) -> Resp {
    if !req.headers().contains_key(header::COOKIE) && !req.headers().contains_key(header::AUTHORIZATION) {
        req.headers_mut().insert(header::COOKIE, app.cookie().parse().unwrap());
        if !req.headers().contains_key("x-csrf-token") {
            req.headers_mut().insert("x-csrf-token", app.csrf.parse().unwrap());
        }
    }
    let res = app.router.clone().oneshot(req).await.expect("router never fails");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024).await.expect("body");
    Resp { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
}

pub async fn get(app: &App, path: &str) -> Resp {
    send(app, Request::get(path).body(Body::empty()).unwrap()).await
}

pub async fn get_with(app: &App, path: &str, headers: &[(&str, &str)]) -> Resp {
    let mut b = Request::get(path);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    send(app, b.body(Body::empty()).unwrap()).await
}

pub async fn post_form<K: AsRef<str>, V: AsRef<str>>(app: &App, path: &str, fields: &[(K, V)]) -> Resp {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        ser.append_pair(k.as_ref(), v.as_ref());
    }
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(ser.finish()))
        .unwrap();
    send(app, req).await
}

pub async fn send_json(app: &App, method: &str, path: &str, body: &serde_json::Value) -> Resp {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, req).await
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

/// The trimmed text of every element matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

pub fn text(doc: &Html, selector: &str) -> String {
    texts(doc, selector).into_iter().next().unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn attr(doc: &Html, selector: &str, name: &str) -> String {
    doc.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .value()
        .attr(name)
        .unwrap_or_default()
        .to_string()
}

/// Titles of the services listed on a directory page, sorted.
pub fn listed_services(doc: &Html) -> Vec<String> {
    let mut v = texts(doc, "article.service h2 a");
    v.sort();
    v
}

pub fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

// ---------------------------------------------------------------- uploads

/// One part of a `multipart/form-data` body.
pub enum Part<'a> {
    Text(&'a str, &'a str),
    /// Field name, file name, content.
    File(&'a str, &'a str, &'a [u8]),
}

const BOUNDARY: &str = "----otop-test-boundary-7MA4YWxkTrZu0gW";

/// Posts a form with its length announced, as browsers do.
pub async fn post_multipart(app: &App, path: &str, parts: &[Part<'_>]) -> Resp {
    let body = multipart_body(parts);
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

/// Posts a form as a stream of unannounced length.
pub async fn post_multipart_streamed(app: &App, path: &str, parts: &[Part<'_>]) -> Resp {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        multipart_body(parts).chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap();
    send(app, req).await
}

fn multipart_body(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
                body.extend_from_slice(value.as_bytes());
            }
            Part::File(name, file_name, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                         Content-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Rows of an enterprise sheet: `n` made-up enterprises from the sheets fixtures, personal
/// data shown so that they import. `skip` leaves out the first ones (for a second file).
pub fn sheet_rows(skip: usize, n: usize) -> Vec<Vec<String>> {
    otop_sheets::fixtures::synthetic_enterprises(skip + n)
        .iter()
        .skip(skip)
        .map(|d| otop_sheets::enterprise_data_row(d, true))
        .collect()
}

pub fn csv_of(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = Vec::new();
    otop_sheets::write_csv(&mut out, &otop_sheets::enterprise_headers(), rows).unwrap();
    out
}

pub fn xlsx_of(rows: &[Vec<String>]) -> Vec<u8> {
    otop_sheets::write_xlsx_bytes("ผู้ประกอบการ", &otop_sheets::enterprise_headers(), rows).unwrap()
}

/// The index of an enterprise column in [`sheet_rows`].
pub fn column(field: &str) -> usize {
    otop_sheets::ENTERPRISE_COLUMNS.iter().position(|c| c.field == field).unwrap()
}

pub async fn enterprise_count(store: &Store) -> i64 {
    let f = otop_store::enterprises::EnterpriseFilter {
        scope: otop_domain::access::EnterpriseScope::All,
        limit: 1,
        ..Default::default()
    };
    store.enterprises(&f).await.unwrap().total
}

// ---------------------------------------------------------------- workflow

/// A workflow case to walk: the seeded registry, a coupon round open today (this fiscal
/// year, 20 % co-payment) funded with 1,000,000 baht of which 200,000 reach the North and 100,000 Lamphun, and a
/// Lamphun enterprise with a need in its producer's words.
pub struct CaseWorld {
    pub seeded: Seeded,
    pub round: i64,
    pub enterprise: i64,
    pub need: i64,
}

/// What reaches Lamphun in [`case_world`], in satang.
pub const LAMPHUN_ALLOCATION: i64 = 10_000_000;

pub async fn case_world(store: &Store) -> CaseWorld {
    use otop_domain::workflow::{Holder, RoundDraft};
    let actor = Actor::new("test");
    let seeded = seed(store).await;
    let today = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).date_naive();
    let fy = otop_domain::fiscal::FiscalYear::of(today).be();
    let rules = RoundDraft {
        name: format!("คูปองวิทย์เพื่อโอทอป ปีงบประมาณ {fy}"),
        fiscal_year: fy.to_string(),
        ceiling: "50,000".into(),
        copay_percent: "20".into(),
        opens_on: format!("1/10/{}", fy - 1),
        closes_on: format!("30/9/{fy}"),
        ..Default::default()
    };
    let round = store.create_round(&actor, &rules.validate().unwrap()).await.unwrap();
    store.fund_round(&actor, round, Satang::from_baht(1_000_000), "งบประมาณทดสอบ").await.unwrap();
    let north = Holder::Region(Region::North);
    store.allocate(&actor, round, Holder::National, north, Satang::from_baht(200_000), "").await.unwrap();
    store.allocate(&actor, round, north, Holder::Province(51), Satang(LAMPHUN_ALLOCATION), "").await.unwrap();
    let enterprise =
        store.create_enterprise(&actor, &good_enterprise(700_000_000_001).validate().unwrap()).await.unwrap();
    let need = otop_domain::NeedData {
        enterprise_id: enterprise,
        product_id: None,
        text: "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา อยากได้ถุงที่กันความชื้น".into(),
        province_code: 51,
        category: Some(Category::Food),
        stages: vec![],
        status: otop_domain::NeedStatus::Open,
        created_on: today,
    };
    let need = store.create_need(&actor, &need).await.unwrap();
    CaseWorld { seeded, round, enterprise, need }
}

/// Makes the account (by its sign-in name) a member of the enterprise.
pub async fn add_member(store: &Store, enterprise: i64, a: &NewAccount) {
    let id = store.credentials(&a.sign_in.key()).await.unwrap().unwrap().id;
    store.add_member(&Actor::new("test"), enterprise, id).await.unwrap();
}
