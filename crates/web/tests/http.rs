//! The web layer through HTTP, on SQLite and on PostgreSQL: each test builds the router
//! over a fresh database and sends requests to it (no network). HTML is read with CSS
//! selectors.

mod common;

use common::*;
use otop_store::enterprises::EnterpriseFilter;
use otop_store::{Store, test_both_backends};
use serde_json::json;

// ---------------------------------------------------------------- pages

test_both_backends!(home_renders_thai_with_counts, |store: Store| async move {
    seed(&store).await;
    let app = app(&store);
    let r = get(&app, "/").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("text/html"));
    let doc = r.html();
    assert_eq!(attr(&doc, "html", "lang"), "th");
    assert!(text(&doc, "h1").contains("ยกระดับโอทอป"), "{}", text(&doc, "h1"));
    let stats = texts(&doc, ".stats li");
    assert!(stats.iter().any(|s| s == "5 ผู้ให้บริการ วทน."), "{stats:?}");
    assert!(stats.iter().any(|s| s == "5 บริการที่เปิดรับ"), "{stats:?}");
    assert!(stats.iter().any(|s| s == "0 ผู้ประกอบการ"), "{stats:?}");
    assert_eq!(attr(&doc, "form.search", "action"), "/services");
    assert_eq!(attr(&doc, "a.lang-switch", "href"), "/?lang=en");
    let credit = text(&doc, "footer a[rel=license]");
    assert_eq!(credit, "ข้อมูลเขตการปกครอง: GeoThai (CC BY 4.0)");
    assert_eq!(attr(&doc, "footer a[rel=license]", "href"), otop_geo::LICENSE_URL);
    // No scripts or inline styles anywhere: pages work without JavaScript, and a strict CSP
    // comes later.
    for path in [
        "/",
        "/services",
        "/services/1",
        "/providers",
        "/providers/1",
        "/enterprises",
        "/enterprises/new",
        "/services/new",
        "/providers/new",
    ] {
        let r = get(&app, path).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.html().select(&sel("script, style, [style], [onclick], [onsubmit]")).next().is_none(), "{path}");
    }
});

test_both_backends!(directory_filters_return_the_right_services, |store: Store| async move {
    seed(&store).await;
    let app = app(&store);
    let cases: &[(&str, &[&str])] = &[
        ("", &[PACKAGING_FOOD, LONGAN_DRYING, ONLINE_MARKETING, MACHINE_LOAN, BATIK_PACKAGING]),
        ("stage=packaging", &[PACKAGING_FOOD, BATIK_PACKAGING]),
        (
            "stage=%E0%B8%9A%E0%B8%A3%E0%B8%A3%E0%B8%88%E0%B8%B8%E0%B8%A0%E0%B8%B1%E0%B8%93%E0%B8%91%E0%B9%8C",
            &[PACKAGING_FOOD, BATIK_PACKAGING],
        ),
        ("category=textile", &[ONLINE_MARKETING, MACHINE_LOAN, BATIK_PACKAGING]),
        ("province=51", &[PACKAGING_FOOD, LONGAN_DRYING, ONLINE_MARKETING, MACHINE_LOAN]),
        ("province=90", &[PACKAGING_FOOD, MACHINE_LOAN, BATIK_PACKAGING]),
        ("region=south", &[PACKAGING_FOOD, MACHINE_LOAN, BATIK_PACKAGING]),
        ("region=north", &[PACKAGING_FOOD, LONGAN_DRYING, ONLINE_MARKETING, MACHINE_LOAN]),
        ("kind=technology_clinic", &[LONGAN_DRYING]),
        ("kind=bank", &[MACHINE_LOAN]),
        ("q=%E0%B8%A5%E0%B8%B3%E0%B9%84%E0%B8%A2", &[LONGAN_DRYING]),
        ("stage=packaging&category=textile", &[BATIK_PACKAGING]),
        ("stage=packaging&region=north", &[PACKAGING_FOOD]),
    ];
    for (query, want) in cases {
        let r = get(&app, &format!("/services?{query}")).await;
        assert_eq!(r.status, 200, "{query}");
        let doc = r.html();
        assert_eq!(listed_services(&doc), sorted(want), "filter {query}");
        let count = text(&doc, ".result-count");
        assert_eq!(count, format!("พบ {} บริการ", want.len()), "{query}");
    }
    // The chosen filter is shown selected, and a card shows Thai labels, coverage and prices.
    let doc = get(&app, "/services?stage=packaging&category=food").await.html();
    assert_eq!(attr(&doc, "#stage option[selected]", "value"), "packaging");
    assert_eq!(attr(&doc, "#category option[selected]", "value"), "food");
    let card = texts(&doc, "article.service").join(" ");
    assert!(card.contains("บรรจุภัณฑ์") && card.contains("มาตรฐาน"), "{card}");
    assert!(card.contains("ทั่วประเทศ"), "{card}");
    assert!(card.contains("รับได้ 40 รายต่อปีงบประมาณ"), "{card}");
    assert!(card.contains("ทดสอบการซึมผ่านไอน้ำ 2,500.00 บาท"), "{card}");
    // A value that is not understood is reported, not silently ignored.
    let doc = get(&app, "/services?stage=rocket").await.html();
    assert!(text(&doc, ".notice").contains("rocket"));
    assert_eq!(listed_services(&doc).len(), 5);
});

test_both_backends!(english_switch_sets_a_cookie, |store: Store| async move {
    seed(&store).await;
    let app = app(&store);
    let r = get(&app, "/?lang=en").await;
    assert_eq!(r.status, 200);
    assert!(r.header("set-cookie").starts_with("lang=en;"), "{}", r.header("set-cookie"));
    let doc = r.html();
    assert_eq!(attr(&doc, "html", "lang"), "en");
    assert_eq!(text(&doc, "h1"), "Upgrading OTOP with science, technology and innovation");
    assert_eq!(text(&doc, "a.lang-switch"), "ภาษาไทย");
    // The cookie keeps English on the next page, filters and all.
    let doc = get_with(&app, "/services?stage=packaging", &[("cookie", "lang=en")]).await.html();
    assert_eq!(text(&doc, "h1"), "STI services for OTOP producers");
    assert_eq!(text(&doc, ".result-count"), "2 services found");
    assert!(texts(&doc, "article.service .chips.stage li").contains(&"Packaging".to_string()));
    assert_eq!(attr(&doc, "a.lang-switch", "href"), "/services?stage=packaging&lang=th");
    let r = get_with(&app, "/?lang=th", &[("cookie", "lang=en")]).await;
    assert_eq!(attr(&r.html(), "html", "lang"), "th");
    assert!(r.header("set-cookie").starts_with("lang=th;"));
});

test_both_backends!(enterprise_form_with_bad_input_explains_and_saves_nothing, |store: Store| async move {
    let app = app(&store);
    let mut d = good_enterprise(310_000_000_001);
    d.name = "กลุ่มแม่บ้านทดสอบ".into();
    let good_id = d.registration_no.clone();
    d.registration_no = format!("{}{}", &good_id[..12], (good_id.as_bytes()[12] - b'0' + 1) % 10);
    d.address.postal_code = "50000".into();
    d.stars = "7".into();
    let r = post_form(&app, "/enterprises/new", &enterprise_form(&d)).await;
    assert_eq!(r.status, 422);
    let doc = r.html();
    let summary = texts(&doc, ".summary li");
    assert_eq!(summary.len(), 3, "{summary:?}");
    // Next to the field: Thai first, English beside it.
    let reg = text(&doc, "#e-registration_no");
    assert!(reg.contains("หลักตรวจสอบ"), "{reg}");
    assert!(text(&doc, "#e-registration_no .other").contains("check digit"), "{reg}");
    assert!(text(&doc, "#e-postal_code").contains("51000"));
    assert!(text(&doc, "#e-stars .other").contains("1 to 5"));
    assert_eq!(attr(&doc, "#f-registration_no", "aria-invalid"), "true");
    // What the user typed is kept.
    assert_eq!(attr(&doc, "#f-name", "value"), "กลุ่มแม่บ้านทดสอบ");
    assert_eq!(attr(&doc, "#f-postal_code", "value"), "50000");
    assert_eq!(attr(&doc, "input[name=categories][value=food]", "checked"), "");
    assert!(doc.select(&sel("input[name=categories][value=food][checked]")).next().is_some());
    assert_eq!(store.enterprises(&EnterpriseFilter { limit: 10, ..Default::default() }).await.unwrap().total, 0);
    assert_eq!(store.audit_count().await.unwrap(), 0);
    // In English the English message comes first.
    let r = send(
        &app,
        axum::http::Request::post("/enterprises/new")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", "lang=en")
            .body(axum::body::Body::from("name=&kind=sme"))
            .unwrap(),
    )
    .await;
    let doc = r.html();
    assert_eq!(text(&doc, "#e-name").split("ต้อง").next().unwrap().trim(), "This field is required");
});

test_both_backends!(enterprise_created_from_the_form_shows_masked_personal_data, |store: Store| async move {
    let app = app(&store);
    let d = good_enterprise(310_000_000_002);
    let r = post_form(&app, "/enterprises/new", &enterprise_form(&d)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r.header("location").to_string();
    assert!(location.starts_with("/enterprises/"), "{location}");
    let r = get(&app, &location).await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(text(&doc, "h1"), "ลำไยอบแห้งป้าศรี");
    let last = &d.registration_no[12..];
    assert_eq!(text(&doc, ".registration"), format!("x-xxxx-xxxxx-xx-{last}"));
    assert_eq!(text(&doc, ".phone"), "08x-xxx-5678");
    assert!(!r.body.contains(&d.registration_no), "full national ID on a public page");
    assert!(!r.body.contains("0812345678") && !r.body.contains("081-234-5678"), "full phone on a public page");
    assert!(text(&doc, ".facts").contains("ต.ในเมือง อ.เมืองลำพูน จ.ลำพูน 51000"));
    assert_eq!(texts(&doc, "table.certifications td")[2], "31 ธ.ค. 2570");
    // The edit form shows the masked values too, and saving it unchanged keeps the real ones.
    let edit = get(&app, &format!("{location}/edit")).await;
    assert!(!edit.body.contains(&d.registration_no));
    let mut fields: Vec<(String, String)> = Vec::new();
    let edoc = edit.html();
    for e in edoc.select(&sel("form.edit input[name]")) {
        let (n, v) = (e.value().attr("name").unwrap(), e.value().attr("value").unwrap_or(""));
        let ty = e.value().attr("type").unwrap_or("text");
        if ty != "checkbox" || e.value().attr("checked").is_some() {
            fields.push((n.into(), v.into()));
        }
    }
    for e in edoc.select(&sel("form.edit select[name]")) {
        let v = e.select(&sel("option[selected]")).next().and_then(|o| o.value().attr("value")).unwrap_or("");
        fields.push((e.value().attr("name").unwrap().into(), v.into()));
    }
    for e in edoc.select(&sel("form.edit textarea[name]")) {
        fields.push((e.value().attr("name").unwrap().into(), e.text().collect()));
    }
    fields.retain(|(n, _)| n != "name");
    fields.push(("name".into(), "ลำไยอบแห้งป้าศรี (แก้ไข)".into()));
    let r = post_form(&app, &format!("{location}/edit"), &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let e = store.enterprise(id).await.unwrap();
    assert_eq!(e.data.name, "ลำไยอบแห้งป้าศรี (แก้ไข)");
    assert_eq!(e.data.registration.number(), d.registration_no);
    assert_eq!(e.data.phone.unwrap().as_str(), "0812345678");
    assert_eq!(e.data.certifications.len(), 1);
    // Registering the same number again is a field error, not a crash.
    let r = post_form(&app, "/enterprises/new", &enterprise_form(&d)).await;
    assert_eq!(r.status, 422);
    assert!(text(&r.html(), "#e-registration_no").contains("มีอยู่ในระบบแล้ว"));
});

test_both_backends!(products_providers_and_services_through_forms, |store: Store| async move {
    let app = app(&store);
    let id = store
        .create_enterprise(&otop_store::Actor::new("t"), &good_enterprise(310_000_000_003).validate().unwrap())
        .await
        .unwrap();
    let r = post_form(&app, &format!("/enterprises/{id}/products/new"), &[("name", ""), ("category", "food")]).await;
    assert_eq!(r.status, 422);
    assert!(text(&r.html(), "#e-name").contains("ต้องกรอก"));
    let r = post_form(
        &app,
        &format!("/enterprises/{id}/products/new"),
        &[("name", "ลำไยอบแห้งสีทอง"), ("category", "food"), ("stars", "4"), ("price", "120")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let doc = get(&app, r.header("location")).await.html();
    assert_eq!(text(&doc, "h1"), "ลำไยอบแห้งสีทอง");
    assert!(text(&doc, ".facts").contains("120.00 บาท"));
    assert!(get(&app, &format!("/enterprises/{id}")).await.body.contains("ลำไยอบแห้งสีทอง"));

    let r = post_form(
        &app,
        "/providers/new",
        &[
            ("name", "คลินิกเทคโนโลยี มหาวิทยาลัยราชภัฏลำปาง"),
            ("kind", "technology_clinic"),
            ("province", "ลำปาง"),
            ("units", "ศูนย์อาหาร\nศูนย์สิ่งทอ"),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let provider_page = r.header("location").to_string();
    let provider_id: i64 = provider_page.rsplit('/').next().unwrap().parse().unwrap();
    let doc = get(&app, &provider_page).await.html();
    assert_eq!(texts(&doc, "main ul:not(.chips) li")[..2], ["ศูนย์อาหาร".to_string(), "ศูนย์สิ่งทอ".to_string()]);
    let unit = store.provider(provider_id).await.unwrap().units[1].id;

    // Check boxes arrive as repeated names.
    let fields = vec![
        ("provider_id", provider_id.to_string()),
        ("unit_id", unit.to_string()),
        ("title", "ย้อมสีธรรมชาติให้ติดทน".to_string()),
        ("description", "แก้ปัญหาผ้าสีตก".to_string()),
        ("stages", "production_process".to_string()),
        ("stages", "standards".to_string()),
        ("categories", "textile".to_string()),
        ("coverage", "ลำปาง, ลำพูน".to_string()),
        ("capacity_per_year", "12".to_string()),
        ("prices", "ทดสอบความคงทนของสี 1,200".to_string()),
        ("active", "true".to_string()),
    ];
    let r = post_form(&app, "/services/new", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let doc = get(&app, r.header("location")).await.html();
    assert_eq!(texts(&doc, ".chips.stage li"), ["กระบวนการผลิต", "มาตรฐาน"]);
    assert!(text(&doc, ".facts").contains("ลำพูน, ลำปาง"));
    assert_eq!(text(&doc, ".prices li"), "ทดสอบความคงทนของสี 1,200.00 บาท");
    // A unit of another provider is refused.
    let seeded = seed(&store).await;
    let other_unit = store.provider(seeded.providers[0]).await.unwrap().units[0].id;
    let mut bad = fields.clone();
    bad[1].1 = other_unit.to_string();
    let r = post_form(&app, "/services/new", &bad).await;
    assert_eq!(r.status, 422);
    assert!(text(&r.html(), "#e-unit_id").contains("ไม่ได้อยู่ใน"));
    // Editing a service: its form comes back filled in and saves.
    let sid = seeded.services[0];
    let edoc = get(&app, &format!("/services/{sid}/edit")).await.html();
    assert_eq!(attr(&edoc, "#f-title", "value"), PACKAGING_FOOD);
    assert!(edoc.select(&sel("input[name=stages][value=packaging][checked]")).next().is_some());
    let prices: String = edoc.select(&sel("#f-prices")).next().unwrap().text().collect();
    assert_eq!(prices, "ทดสอบการซึมผ่านไอน้ำ: 2,500.00\nออกแบบกราฟิกฉลาก: 8,000.00");
});

// ---------------------------------------------------------------- API

test_both_backends!(api_rejects_bad_bodies_with_field_errors, |store: Store| async move {
    let app = app(&store);
    let mut bad = serde_json::to_value(good_enterprise(310_000_000_004)).unwrap();
    bad["postal_code"] = json!("50000");
    bad["stars"] = json!(9);
    bad["kind"] = json!("spaceship");
    let r = send_json(&app, "POST", "/api/v1/enterprises", &bad).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"]["code"], "validation_failed");
    assert!(v["error"]["message_th"].as_str().unwrap().contains("ไม่ถูกต้อง"));
    let fields: Vec<&str> =
        v["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"postal_code") && fields.contains(&"stars") && fields.contains(&"kind"), "{fields:?}");
    for f in v["error"]["fields"].as_array().unwrap() {
        assert!(!f["message_th"].as_str().unwrap().is_empty() && !f["message_en"].as_str().unwrap().is_empty());
    }
    assert_eq!(get(&app, "/api/v1/enterprises").await.json()["total"], 0);
    assert_eq!(store.audit_count().await.unwrap(), 0);

    let r = send_json(&app, "POST", "/api/v1/services", &json!({"title": "x"})).await;
    assert_eq!(r.status, 422);
    let r = send_json(&app, "POST", "/api/v1/services", &json!([1, 2])).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "body");
    let r = send(
        &app,
        axum::http::Request::post("/api/v1/providers")
            .header("content-type", "application/json")
            .body(axum::body::Body::from("{\"name\": "))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["code"], "bad_request");
    let r = post_form(&app, "/api/v1/providers", &[("name", "x")]).await;
    assert_eq!(r.status, 415);
    assert_eq!(r.json()["error"]["code"], "unsupported_media_type");
});

test_both_backends!(api_lists_creates_and_updates, |store: Store| async move {
    let seeded = seed(&store).await;
    let app = app(&store);
    let v = get(&app, "/api/v1/services?stage=packaging").await.json();
    assert_eq!(v["total"], 2);
    let mut titles: Vec<&str> = v["items"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(titles, sorted(&[PACKAGING_FOOD, BATIK_PACKAGING]));
    assert_eq!(get(&app, "/api/v1/services?region=ภาคใต้&kind=agency").await.json()["total"], 2);
    assert_eq!(
        get(&app, "/api/v1/services?province=Lamphun&limit=2").await.json()["items"].as_array().unwrap().len(),
        2
    );
    let r = get(&app, "/api/v1/services?stage=nope").await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "stage");
    let providers = get(&app, "/api/v1/providers").await.json();
    assert_eq!(providers.as_array().unwrap().len(), 5);
    assert_eq!(get(&app, "/api/v1/providers?kind=bank").await.json().as_array().unwrap().len(), 1);
    let p = get(&app, &format!("/api/v1/providers/{}", seeded.providers[0])).await.json();
    assert_eq!(p["units"][0]["name"], "ศูนย์บรรจุภัณฑ์ไทย");

    // Enterprises: created through the API; national ID and phone masked in every answer.
    let draft = good_enterprise(310_000_000_005);
    let full_id = draft.registration_no.clone();
    let mut body = serde_json::to_value(&draft).unwrap();
    body["stars"] = json!(4);
    body["categories"] = json!(["food", "เครื่องดื่ม"]);
    let r = send_json(&app, "POST", "/api/v1/enterprises", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let location = r.header("location").to_string();
    let e = r.json();
    assert_eq!(e["registration"]["kind"], "national_id");
    assert_eq!(e["registration"]["number"], format!("x-xxxx-xxxxx-xx-{}", &full_id[12..]));
    assert_eq!(e["phone"], "08x-xxx-5678");
    assert_eq!(e["stars"], 4);
    assert_eq!(e["categories"], json!(["food", "beverage"]));
    assert_eq!(e["certifications"][0]["expires_on"], "2027-12-31");
    let list = get(&app, "/api/v1/enterprises?province=ลำพูน").await;
    assert!(!list.body.contains(&full_id));
    assert_eq!(list.json()["total"], 1);
    // PUT with the masked values sent back keeps them.
    let mut put = e.clone();
    let mut body = serde_json::to_value(&draft).unwrap();
    body["registration_no"] = put["registration"]["number"].take();
    body["phone"] = put["phone"].take();
    body["name"] = json!("ลำไยป้าศรี");
    let r = send_json(&app, "PUT", &location, &body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["name"], "ลำไยป้าศรี");
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(store.enterprise(id).await.unwrap().data.registration.number(), full_id);
    // Products under it.
    let r = send_json(
        &app,
        "POST",
        &format!("{location}/products"),
        &json!({"name": "ลำไยอบแห้ง", "category": "อาหาร", "price": 120}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let product = r.header("location").to_string();
    assert_eq!(r.json()["price"], 12000);
    let r = send_json(&app, "PUT", &product, &json!({"name": "ลำไยอบแห้งสีทอง", "category": "food"})).await;
    assert_eq!(r.status, 200);
    assert_eq!(get(&app, &format!("{location}/products")).await.json()[0]["name"], "ลำไยอบแห้งสีทอง");
    // Services: created with lists as arrays, then withdrawn.
    let body = json!({
        "provider_id": seeded.providers[1], "title": "ทดสอบความชื้นผลไม้อบแห้ง", "description": "วัดค่าความชื้นและ aw",
        "stages": ["standards", "production_process"], "categories": ["food"], "coverage": "ภาคเหนือ",
        "capacity_per_year": 30, "prices": ["วัดค่า aw 500"]
    });
    let r = send_json(&app, "POST", "/api/v1/services", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let s = r.json();
    assert_eq!(s["stages"], json!(["production_process", "standards"]));
    assert_eq!(s["provider_name"], "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้");
    let mut body = body.clone();
    body["active"] = json!(false);
    let r = send_json(&app, "PUT", r.header("location"), &body).await;
    assert_eq!(r.json()["active"], false);
    assert_eq!(get(&app, "/api/v1/services").await.json()["total"], 5);
    assert_eq!(get(&app, "/api/v1/services?include_withdrawn=true").await.json()["total"], 6);
});

test_both_backends!(openapi_lists_every_route_and_matches_responses, |store: Store| async move {
    let seeded = seed(&store).await;
    let app = app(&store);
    let r = get(&app, "/api/openapi.json").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("application/json"));
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let routes = [
        ("/api/v1/enterprises", "get"),
        ("/api/v1/enterprises", "post"),
        ("/api/v1/enterprises/{id}", "get"),
        ("/api/v1/enterprises/{id}", "put"),
        ("/api/v1/enterprises/{id}/products", "get"),
        ("/api/v1/enterprises/{id}/products", "post"),
        ("/api/v1/products/{id}", "get"),
        ("/api/v1/products/{id}", "put"),
        ("/api/v1/providers", "get"),
        ("/api/v1/providers", "post"),
        ("/api/v1/providers/{id}", "get"),
        ("/api/v1/services", "get"),
        ("/api/v1/services", "post"),
        ("/api/v1/services/{id}", "get"),
        ("/api/v1/services/{id}", "put"),
        ("/healthz", "get"),
    ];
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in routes {
        let op = &paths.get(path).unwrap_or_else(|| panic!("{path} missing"))[method];
        assert!(op.is_object(), "{method} {path} missing");
        assert!(op["responses"].is_object(), "{method} {path} has no responses");
    }
    let declared: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(declared, routes.len(), "undeclared or unexpected operations in {:?}", paths.keys());
    // Every $ref points at a schema that exists.
    let text = doc.to_string();
    for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(doc["components"]["schemas"][name].is_object(), "dangling $ref {name}");
    }
    // The documented properties are exactly those the API sends.
    let e = good_enterprise(310_000_000_006).validate().unwrap();
    let eid = store.create_enterprise(&otop_store::Actor::new("t"), &e).await.unwrap();
    let pid = store
        .create_product(
            &otop_store::Actor::new("t"),
            &otop_domain::ProductDraft { name: "x".into(), category: "food".into(), ..Default::default() }
                .validate(eid)
                .unwrap(),
        )
        .await
        .unwrap();
    let samples = [
        ("Enterprise", get(&app, &format!("/api/v1/enterprises/{eid}")).await.json()),
        ("Product", get(&app, &format!("/api/v1/products/{pid}")).await.json()),
        ("Provider", get(&app, &format!("/api/v1/providers/{}", seeded.providers[0])).await.json()),
        ("Service", get(&app, &format!("/api/v1/services/{}", seeded.services[0])).await.json()),
        ("Health", get(&app, "/healthz").await.json()),
    ];
    for (schema, sample) in samples {
        let mut documented: Vec<&String> =
            doc["components"]["schemas"][schema]["properties"].as_object().unwrap().keys().collect();
        let mut sent: Vec<&String> = sample.as_object().unwrap().keys().collect();
        documented.sort();
        sent.sort();
        assert_eq!(documented, sent, "schema {schema}");
    }
});

test_both_backends!(healthz_checks_the_database, |store: Store| async move {
    let app = app(&store);
    let r = get(&app, "/healthz").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"status": "ok", "database": store.backend().name()}));
});

test_both_backends!(unknown_pages_are_404_in_both_languages, |store: Store| async move {
    let app = app(&store);
    for path in ["/nope", "/enterprises/999", "/enterprises/abc", "/services/0", "/static/nope.css"] {
        let r = get(&app, path).await;
        assert_eq!(r.status, 404, "{path}");
        let doc = r.html();
        assert_eq!(text(&doc, ".code"), "404");
        assert!(text(&doc, "h1").contains("ไม่พบ"), "{path}");
        assert!(text(&doc, ".error-page .other").contains("not found"), "{path}");
    }
    let r = get(&app, "/api/v1/enterprises/999").await;
    assert_eq!(r.status, 404);
    let v = r.json();
    assert_eq!(v["error"]["code"], "not_found");
    assert!(v["error"]["message_en"].as_str().unwrap().contains("not found"));
    assert_eq!(get(&app, "/api/v1/nothing").await.json()["error"]["code"], "not_found");
    let r =
        send(&app, axum::http::Request::delete("/api/v1/enterprises").body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["error"]["code"], "method_not_allowed");
    assert!(!r.header("allow").is_empty());
});

test_both_backends!(limits_static_files_and_compression, |store: Store| async move {
    let app = app(&store);
    let home = get(&app, "/").await.html();
    let css = attr(&home, "link[rel=stylesheet]", "href");
    assert!(css.starts_with("/static/style.css?v="), "{css}");
    let r = get(&app, &css).await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("text/css"));
    assert!(r.header("cache-control").contains("max-age=31536000"));
    assert!(r.body.contains("Noto Sans Thai") && r.body.contains("line-height: 1.65"));
    let r = get_with(&app, &css, &[("accept-encoding", "gzip")]).await;
    assert_eq!(r.header("content-encoding"), "gzip");
    // A body over 2 MB is refused before it is read, in the API's own format.
    let big = json!({ "name": "x".repeat(3 * 1024 * 1024) });
    let r = send_json(&app, "POST", "/api/v1/providers", &big).await;
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["error"]["code"], "payload_too_large");
    let r = post_form(&app, "/providers/new", &[("name", "x".repeat(3 * 1024 * 1024))]).await;
    assert_eq!(r.status, 413);
    assert!(text(&r.html(), "h1").contains("2 MB"));
    assert_eq!(store.providers(None).await.unwrap().len(), 0);
});
