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
    let app = app(&store).await;
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
        "/import",
    ] {
        let r = get(&app, path).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.html().select(&sel("script, style, [style], [onclick], [onsubmit]")).next().is_none(), "{path}");
    }
});

test_both_backends!(directory_filters_return_the_right_services, |store: Store| async move {
    seed(&store).await;
    let app = app(&store).await;
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
    let app = app(&store).await;
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
    assert!(r.cookies().iter().any(|c| c.starts_with("lang=th;")), "{:?}", r.cookies());
});

test_both_backends!(enterprise_form_with_bad_input_explains_and_saves_nothing, |store: Store| async move {
    let app = app(&store).await;
    let audit_baseline = store.audit_count().await.unwrap();
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
    assert_eq!(
        store
            .enterprises(&EnterpriseFilter {
                scope: otop_domain::access::EnterpriseScope::All,
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(store.audit_count().await.unwrap(), audit_baseline);
    // In English the English message comes first.
    let r = send(
        &app,
        axum::http::Request::post("/enterprises/new")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("{}; lang=en", app.cookie()))
            .header("x-csrf-token", app.csrf.clone())
            .body(axum::body::Body::from("name=&kind=sme"))
            .unwrap(),
    )
    .await;
    let doc = r.html();
    assert_eq!(text(&doc, "#e-name").split("ต้อง").next().unwrap().trim(), "This field is required");
});

test_both_backends!(enterprise_created_from_the_form_shows_masked_personal_data, |store: Store| async move {
    let app = app(&store).await;
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
    let app = app(&store).await;
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
    let app = app(&store).await;
    let audit_baseline = store.audit_count().await.unwrap();
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
    assert_eq!(store.audit_count().await.unwrap(), audit_baseline);

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
    let app = app(&store).await;
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
    let app = app(&store).await;
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
        ("/api/v1/imports/enterprises", "post"),
        ("/api/v1/match", "post"),
        ("/healthz", "get"),
        ("/api/v1/enterprises/{id}/needs", "post"),
        ("/api/v1/needs/{id}", "get"),
        ("/api/v1/needs/{id}/referrals", "post"),
        ("/api/v1/referrals/{id}/accept", "post"),
        ("/api/v1/referrals/{id}/decline", "post"),
        ("/api/v1/referrals/{id}/withdraw", "post"),
        ("/api/v1/engagements/{id}/coupons", "post"),
        ("/api/v1/coupons/{id}/screen", "post"),
        ("/api/v1/coupons/{id}/approve", "post"),
        ("/api/v1/coupons/{id}/reject", "post"),
        ("/api/v1/coupons/{id}/cancel", "post"),
        ("/api/v1/engagements/{id}", "get"),
        ("/api/v1/engagements/{id}/milestones", "post"),
        ("/api/v1/engagements/{id}/milestones/{milestone}/done", "post"),
        ("/api/v1/engagements/{id}/deliverables", "post"),
        ("/api/v1/deliverables/{id}", "get"),
        ("/api/v1/engagements/{id}/report", "post"),
        ("/api/v1/engagements/{id}/return", "post"),
        ("/api/v1/engagements/{id}/accept", "post"),
        ("/api/v1/engagements/{id}/claim", "post"),
        ("/api/v1/engagements/{id}/pay", "post"),
        ("/api/v1/engagements/{id}/close", "post"),
        ("/api/v1/engagements/{id}/follow-up", "post"),
        ("/api/v1/engagements/{id}/cancel", "post"),
        ("/api/v1/rounds", "get"),
        ("/api/v1/rounds", "post"),
        ("/api/v1/rounds/{id}/funding", "post"),
        ("/api/v1/rounds/{id}/allocations", "post"),
        ("/api/v1/rounds/{id}/budget", "get"),
        ("/api/v1/inbox", "get"),
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
    let app = app(&store).await;
    let r = get(&app, "/healthz").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"status": "ok", "database": store.backend().name()}));
});

test_both_backends!(unknown_pages_are_404_in_both_languages, |store: Store| async move {
    let app = app(&store).await;
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
    let app = app(&store).await;
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

// ---------------------------------------------------------------- import and export

/// The row numbers listed on an import result page, in order.
fn listed_rows(doc: &scraper::Html) -> Vec<String> {
    texts(doc, "table.row-errors td.row .n")
}

/// A sheet of ten good enterprises with two bad rows: a 4-digit postal code in row 4 and a
/// star rating of 9 in row 8 (the header is row 1).
fn sheet_with_two_bad_rows() -> Vec<Vec<String>> {
    let mut rows = sheet_rows(0, 10);
    rows[2][column("postal_code")] = "1234".into();
    rows[6][column("stars")] = "9".into();
    rows
}

test_both_backends!(import_page_explains_and_offers_templates, |store: Store| async move {
    let app = app(&store).await;
    let r = get(&app, "/import").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(text(&doc, "h1"), "นำเข้าและส่งออกข้อมูล");
    assert_eq!(attr(&doc, "nav.main a[href='/import']", "aria-current"), "page");
    assert_eq!(text(&doc, "nav.main a[href='/import']"), "นำเข้า/ส่งออก");
    assert_eq!(attr(&doc, "form.upload", "enctype"), "multipart/form-data");
    assert!(attr(&doc, "form.upload", "action").starts_with("/import/enterprises?_csrf="));
    assert_eq!(attr(&doc, "form.upload input[type=file]", "name"), "file");
    assert!(doc.select(&sel("form.upload input[type=checkbox][name=partial]:not([checked])")).next().is_some());
    let page = texts(&doc, "main").join(" ");
    for needle in ["UTF-8", "Windows-874", ".xlsx", "เลขทะเบียน", "รหัสไปรษณีย์", "20 MB"]
    {
        assert!(page.contains(needle), "{needle} not on the page");
    }
    let r = get(&app, "/import?lang=en").await;
    let doc = r.html();
    assert_eq!(text(&doc, "h1"), "Import and export data");
    assert_eq!(text(&doc, "nav.main a[href='/import']"), "Import/Export");
    assert!(texts(&doc, "main").join(" ").contains("Import the good rows even if some rows are bad"));

    // The blank templates have the Thai (English) headers and nothing else.
    for file in ["template.csv", "template.xlsx"] {
        let r = get(&app, &format!("/import/enterprises/{file}")).await;
        assert_eq!(r.status, 200, "{file}");
        assert!(r.header("content-disposition").starts_with("attachment; filename=\"otop-enterprises-template."));
        if file.ends_with(".csv") {
            assert_eq!(r.header("content-type"), "text/csv; charset=utf-8");
            assert!(r.bytes.starts_with("\u{feff}".as_bytes()), "CSV without BOM");
        } else {
            assert!(r.header("content-type").contains("spreadsheetml"));
        }
        let table = otop_sheets::read_table_bytes(&r.bytes, file).unwrap();
        assert_eq!(table.headers, otop_sheets::enterprise_headers());
        assert!(table.headers[1].starts_with("ชื่อผู้ประกอบการ"));
        assert!(table.rows.is_empty());
    }
    // The examples are valid as they are.
    for file in ["example.csv", "example.xlsx"] {
        let r = get(&app, &format!("/import/enterprises/{file}")).await;
        assert_eq!(r.status, 200, "{file}");
        let table = otop_sheets::read_table_bytes(&r.bytes, file).unwrap();
        let checked = otop_sheets::validate_enterprises(&table, &mut |_, _| {}).unwrap();
        assert!(checked.errors.is_empty() && checked.valid.len() == 5, "{:?}", checked.errors);
    }
    assert_eq!(get(&app, "/import/enterprises/other.csv").await.status, 404);
    let r = get(&app, "/export").await;
    assert_eq!((r.status.as_u16(), r.header("location")), (303, "/import#export"));
    let r = get(&app, "/import/enterprises").await;
    assert_eq!((r.status.as_u16(), r.header("location")), (303, "/import"));
});

test_both_backends!(importing_good_csv_and_xlsx_adds_every_row, |store: Store| async move {
    let app = app(&store).await;
    let csv = csv_of(&sheet_rows(0, 30));
    let r = post_multipart(&app, "/import/enterprises", &[Part::File("file", "ผู้ประกอบการ.csv", &csv)]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let doc = r.html();
    assert_eq!(text(&doc, "#checked .n"), "30");
    assert_eq!(text(&doc, "#imported .n"), "30");
    assert_eq!(text(&doc, "#bad-rows .n"), "0");
    assert!(text(&doc, "#outcome").contains("นำเข้าสำเร็จ 30 ราย"), "{}", text(&doc, "#outcome"));
    assert!(text(&doc, "#outcome .other").contains("Imported 30 enterprises"));
    assert!(doc.select(&sel("table.row-errors, form.report")).next().is_none());
    assert_eq!(text(&doc, ".file-name"), "ผู้ประกอบการ.csv");
    assert_eq!(enterprise_count(&store).await, 30);
    let list = get(&app, "/enterprises").await.html();
    assert_eq!(text(&list, "main p[role=status]"), "พบผู้ประกอบการ 30 ราย");
    let first = &sheet_rows(0, 1)[0][column("name")];
    let found = get(
        &app,
        &format!("/enterprises?q={}", url::form_urlencoded::byte_serialize(first.as_bytes()).collect::<String>()),
    )
    .await;
    assert!(texts(&found.html(), "table td a").contains(first), "{first} not listed");
    // Every row is in the audit log, with where it came from.
    let id = store
        .enterprises(&otop_store::enterprises::EnterpriseFilter {
            scope: otop_domain::access::EnterpriseScope::All,
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .items[0]
        .id;
    let audit = store.audit_for("enterprise", id).await.unwrap();
    assert!(audit.iter().any(|a| a.actor.ends_with("(import ผู้ประกอบการ.csv)") && a.account_id.is_some()), "{audit:?}");

    // The same as Excel, further rows; the first thirty again are refused as registered.
    let xlsx = xlsx_of(&sheet_rows(30, 20));
    let r = post_multipart(&app, "/import/enterprises", &[Part::File("file", "more.xlsx", &xlsx)]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(text(&r.html(), "#imported .n"), "20");
    assert_eq!(enterprise_count(&store).await, 50);
    let r = post_multipart(&app, "/import/enterprises", &[Part::File("file", "again.csv", &csv)]).await;
    assert_eq!(r.status, 422);
    let doc = r.html();
    assert_eq!(listed_rows(&doc).len(), 30);
    assert!(text(&doc, "td.msg-th").contains("มีอยู่ในระบบแล้ว"));
    assert_eq!(enterprise_count(&store).await, 50);
});

test_both_backends!(bad_rows_import_nothing_unless_partial, |store: Store| async move {
    let app = app(&store).await;
    let csv = csv_of(&sheet_with_two_bad_rows());
    let r = post_multipart(&app, "/import/enterprises", &[Part::File("file", "lamphun.csv", &csv)]).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let doc = r.html();
    assert_eq!(listed_rows(&doc), ["4", "8"]);
    assert_eq!(text(&doc, "#imported .n"), "0");
    assert_eq!(text(&doc, "#bad-rows .n"), "2");
    let outcome = text(&doc, "#outcome");
    assert!(outcome.contains("ยังไม่ได้นำเข้าข้อมูลใดเลย") && outcome.contains("Nothing was imported"), "{outcome}");
    let columns = texts(&doc, "table.row-errors tbody td:nth-child(2)");
    assert!(columns[0].starts_with("รหัสไปรษณีย์") && columns[1].starts_with("ระดับดาว"), "{columns:?}");
    assert_eq!(texts(&doc, "table.row-errors td.value"), ["1234", "9"]);
    for (th, en) in texts(&doc, "td.msg-th").iter().zip(texts(&doc, "td.msg-en")) {
        assert!(th.chars().any(|c| ('\u{0e00}'..='\u{0e7f}').contains(&c)), "not Thai: {th}");
        assert!(!en.is_empty() && en.is_ascii(), "not English: {en}");
    }
    assert_eq!(enterprise_count(&store).await, 0);

    // The report: every error, as a UTF-8 CSV with BOM, without the server keeping anything.
    let report = attr(&doc, "form.report input[name=report]", "value");
    assert_eq!(attr(&doc, "form.report", "action"), "/import/enterprises/errors.csv");
    let r = post_form(&app, "/import/enterprises/errors.csv", &[("report", report.as_str())]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), "text/csv; charset=utf-8");
    assert!(r.header("content-disposition").starts_with("attachment; filename=\"otop-import-errors-"));
    assert!(r.bytes.starts_with("\u{feff}".as_bytes()));
    let table = otop_sheets::read_table_bytes(&r.bytes, "report.csv").unwrap();
    assert_eq!(table.headers, otop_sheets::ERROR_REPORT_HEADERS);
    let rows: Vec<&str> = table.rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(rows, ["4", "8"]);
    assert!(table.rows[0].get(3).contains("รหัสไปรษณีย์") || table.rows[0].get(3).contains("5 หลัก"));
    let r = post_form(&app, "/import/enterprises/errors.csv", &[("report", "garbage")]).await;
    assert_eq!(r.status, 400);

    // In English, the English message comes first.
    let r = post_multipart(&app, "/import/enterprises?lang=en", &[Part::File("file", "lamphun.csv", &csv)]).await;
    let doc = r.html();
    assert!(text(&doc, "#outcome p").starts_with("Nothing was imported: 2 problems in 2 rows"));
    assert_eq!(text(&doc, "table.row-errors thead th:nth-child(4)"), "Problem and fix (Thai)");

    // With "partial", the eight good rows go in and the two bad ones are still listed.
    let r = post_multipart(
        &app,
        "/import/enterprises",
        &[Part::File("file", "lamphun.csv", &csv), Part::Text("partial", "on")],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let doc = r.html();
    assert_eq!(text(&doc, "#imported .n"), "8");
    assert_eq!(listed_rows(&doc), ["4", "8"]);
    assert!(text(&doc, "#outcome").contains("นำเข้า 8 ราย และข้าม 2 แถวที่มีปัญหา"), "{}", text(&doc, "#outcome"));
    assert_eq!(enterprise_count(&store).await, 8);
});

test_both_backends!(bad_uploads_are_refused_with_what_to_fix, |store: Store| async move {
    let app = app(&store).await;
    let audit_baseline = store.audit_count().await.unwrap();
    let missing_columns = "ชื่อผู้ประกอบการ,จังหวัด\nกลุ่มทอผ้าบ้านดอน,ลำพูน\n".as_bytes();
    let mut not_a_workbook = b"PK\x03\x04".to_vec();
    not_a_workbook.extend_from_slice(&[7u8; 300]);
    let headers_only = csv_of(&[]);
    let cases: Vec<(&str, Vec<Part>, &str, &str)> = vec![
        ("no file field", vec![Part::Text("partial", "on")], "ยังไม่ได้เลือกไฟล์", "No file was chosen"),
        ("no file chosen", vec![Part::File("file", "", b"")], "ยังไม่ได้เลือกไฟล์", "No file was chosen"),
        ("a PDF", vec![Part::File("file", "รายงาน.pdf", b"%PDF-1.7 ...")], "รองรับเฉพาะไฟล์ Excel", "only Excel"),
        ("garbage XLSX", vec![Part::File("file", "data.xlsx", &not_a_workbook)], "เสียหาย", "damaged"),
        ("text named XLSX", vec![Part::File("file", "data.xlsx", b"hello")], "เสียหาย", "damaged"),
        ("an empty CSV", vec![Part::File("file", "empty.csv", b"")], "ว่างเปล่า", "empty"),
        ("headers only", vec![Part::File("file", "h.csv", &headers_only)], "ไม่มีข้อมูล", "no data"),
        (
            "missing columns",
            vec![Part::File("file", "few.csv", missing_columns)],
            "ไม่พบคอลัมน์ที่ต้องมี",
            "Required columns not found",
        ),
    ];
    for (what, parts, th, en) in cases {
        let r = post_multipart(&app, "/import/enterprises", &parts).await;
        assert_eq!(r.status, 400, "{what}: {}", r.body);
        let doc = r.html();
        let problem = text(&doc, "#problem p");
        assert!(problem.contains(th), "{what}: {problem}");
        assert!(text(&doc, "#problem p .other").contains(en), "{what}: {problem}");
        // The form is there to try again.
        assert!(doc.select(&sel("form.upload input[type=file]")).next().is_some(), "{what}");
        let r = post_multipart(&app, "/api/v1/imports/enterprises", &parts).await;
        assert_eq!(r.status, 400, "API, {what}: {}", r.body);
        let v = r.json();
        assert_eq!(v["error"]["code"], "bad_request");
        assert!(v["error"]["message_th"].as_str().unwrap().contains(th), "API, {what}: {v}");
        assert!(v["error"]["message_en"].as_str().unwrap().contains(en), "API, {what}: {v}");
    }
    // Not an upload form at all.
    let r = post_form(&app, "/import/enterprises", &[("file", "x")]).await;
    assert_eq!(r.status, 400);
    assert!(text(&r.html(), "#problem p").contains("multipart/form-data"));
    // Over the upload limit: refused, in both languages — before it is read when its length
    // is announced, as browsers do, and once the limit is reached when it is streamed.
    let big = vec![b'a'; otop_web::UPLOAD_LIMIT + 1024];
    let r = post_multipart(&app, "/import/enterprises", &[Part::File("file", "big.csv", &big)]).await;
    assert_eq!(r.status, 413);
    let h1 = text(&r.html(), "h1");
    assert!(h1.contains("20 MB"), "{h1}");
    let r = post_multipart_streamed(&app, "/import/enterprises", &[Part::File("file", "big.csv", &big)]).await;
    assert_eq!(r.status, 413);
    let doc = r.html();
    assert!(text(&doc, "#problem p").contains("ไฟล์มีขนาดเกิน 20 MB"), "{}", text(&doc, "#problem p"));
    assert!(text(&doc, "#problem p .other").contains("larger than 20 MB"));
    let r = post_multipart_streamed(&app, "/api/v1/imports/enterprises", &[Part::File("file", "big.csv", &big)]).await;
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["error"]["code"], "payload_too_large");
    assert_eq!(enterprise_count(&store).await, 0);
    assert_eq!(store.audit_count().await.unwrap(), audit_baseline);
});

test_both_backends!(uploads_over_two_megabytes_are_accepted, |store: Store| async move {
    let app = app(&store).await;
    // Long remarks in a column the import does not know make a 3 MB file of 20 rows.
    let mut rows = sheet_rows(0, 20);
    for r in &mut rows {
        r.push("หมายเหตุยาว ".repeat(12_000));
    }
    let mut headers = otop_sheets::enterprise_headers();
    headers.push("หมายเหตุ");
    let mut csv = Vec::new();
    otop_sheets::write_csv(&mut csv, &headers, &rows).unwrap();
    assert!(csv.len() > 3 * 1024 * 1024, "{} bytes", csv.len());
    let r = post_multipart(&app, "/import/enterprises", &[Part::File("file", "remarks.csv", &csv)]).await;
    assert_eq!(r.status, 200, "{}", &r.body[..r.body.len().min(2000)]);
    let doc = r.html();
    assert_eq!(text(&doc, "#imported .n"), "20");
    assert!(text(&doc, ".notice").contains("หมายเหตุ"), "the skipped column is named");
    // The 2 MB limit still holds everywhere else.
    let r = post_form(&app, "/import/enterprises/errors.csv", &[("report", "x".repeat(3 * 1024 * 1024))]).await;
    assert_eq!(r.status, 400, "a large report field is read (and refused as unreadable)");
    let r = post_form(&app, "/enterprises/new", &[("name", "x".repeat(3 * 1024 * 1024))]).await;
    assert_eq!(r.status, 413);
});

test_both_backends!(a_ten_thousand_row_workbook_imports_through_the_api, |store: Store| async move {
    let app = app(&store).await;
    let xlsx = xlsx_of(&sheet_rows(0, 10_000));
    let started = std::time::Instant::now();
    let r = post_multipart(&app, "/api/v1/imports/enterprises", &[Part::File("file", "all.xlsx", &xlsx)]).await;
    assert_eq!(r.status, 200, "{}", &r.body[..r.body.len().min(2000)]);
    let v = r.json();
    assert_eq!((v["checked_rows"].as_u64(), v["imported"].as_u64()), (Some(10_000), Some(10_000)), "{v}");
    assert_eq!(v["errors"], json!([]));
    assert_eq!(enterprise_count(&store).await, 10_000);
    eprintln!("10,000-row workbook ({} bytes) imported in {:?}", xlsx.len(), started.elapsed());
});

test_both_backends!(api_import_reports_rows_as_json, |store: Store| async move {
    let app = app(&store).await;
    let csv = csv_of(&sheet_with_two_bad_rows());
    let r = post_multipart(&app, "/api/v1/imports/enterprises", &[Part::File("file", "lamphun.csv", &csv)]).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let v = r.json();
    assert_eq!(v["checked_rows"], 10);
    assert_eq!(v["imported"], 0);
    assert_eq!(v["rows_with_errors"], 2);
    assert_eq!(v["partial"], false);
    assert_eq!(v["file_name"], "lamphun.csv");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.iter().map(|e| e["row"].as_u64().unwrap()).collect::<Vec<_>>(), [4, 8]);
    assert_eq!(errors[0]["value"], "1234");
    assert!(errors[0]["column"].as_str().unwrap().starts_with("รหัสไปรษณีย์"));
    for e in errors {
        let mut keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["column", "message_en", "message_th", "row", "value"]);
    }
    assert_eq!(enterprise_count(&store).await, 0);
    let r = post_multipart(
        &app,
        "/api/v1/imports/enterprises",
        &[Part::Text("partial", "true"), Part::File("file", "lamphun.csv", &csv)],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!((v["imported"].as_u64(), v["rows_with_errors"].as_u64()), (Some(8), Some(2)));
    assert_eq!(enterprise_count(&store).await, 8);
    // The documented properties are exactly those sent.
    let doc = get(&app, "/api/openapi.json").await.json();
    let mut documented: Vec<&String> =
        doc["components"]["schemas"]["ImportResult"]["properties"].as_object().unwrap().keys().collect();
    let mut sent: Vec<&String> = v.as_object().unwrap().keys().collect();
    documented.sort();
    sent.sort();
    assert_eq!(documented, sent);
    let op = &doc["paths"]["/api/v1/imports/enterprises"]["post"];
    assert!(op["requestBody"]["content"]["multipart/form-data"].is_object(), "{op}");
});

test_both_backends!(exports_are_sheets_with_every_row, |store: Store| async move {
    seed(&store).await;
    let app = app(&store).await;
    let csv = csv_of(&sheet_rows(0, 12));
    let r = post_multipart(&app, "/import/enterprises", &[Part::File("file", "twelve.csv", &csv)]).await;
    assert_eq!(r.status, 200);
    let ids: Vec<i64> = store
        .enterprises(&otop_store::enterprises::EnterpriseFilter {
            scope: otop_domain::access::EnterpriseScope::All,
            limit: 3,
            ..Default::default()
        })
        .await
        .unwrap()
        .items
        .iter()
        .map(|e| e.id)
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let p =
            otop_domain::ProductDraft {
                name: format!("ผลิตภัณฑ์ {i}"), category: "food".into(), ..Default::default()
            };
        store.create_product(&otop_store::Actor::new("t"), &p.validate(*id).unwrap()).await.unwrap();
    }
    let today = chrono::Utc::now().date_naive();
    for (dataset, n, first_header) in [
        ("enterprises", 12, "ประเภทผู้ประกอบการ (Kind)"),
        ("products", 3, "ผู้ประกอบการ (Enterprise)"),
        ("services", 5, "ผู้ให้บริการ (Provider)"),
    ] {
        for ext in ["csv", "xlsx"] {
            let file = format!("{dataset}.{ext}");
            // CSV is compressed on the way; a workbook is a zip file already.
            let r = get_with(&app, &format!("/export/{file}"), &[("accept-encoding", "gzip")]).await;
            let gzip = if ext == "csv" { "gzip" } else { "" };
            assert_eq!(r.header("content-encoding"), gzip, "{file}");
            let r = get(&app, &format!("/export/{file}")).await;
            assert_eq!(r.status, 200, "{file}");
            let ct = r.header("content-type");
            assert!(
                if ext == "csv" { ct == "text/csv; charset=utf-8" } else { ct.contains("spreadsheetml") },
                "{file}: {ct}"
            );
            let cd = r.header("content-disposition");
            assert!(
                cd.starts_with(&format!("attachment; filename=\"otop-{dataset}-"))
                    && cd.ends_with(&format!(".{ext}\"")),
                "{cd}"
            );
            // Named by the date in Thailand, which is today or tomorrow in UTC.
            let tomorrow = today.succ_opt().unwrap();
            assert!(cd.contains(&today.to_string()) || cd.contains(&tomorrow.to_string()), "{cd}");
            let table = otop_sheets::read_table_bytes(&r.bytes, &file).unwrap();
            assert_eq!(table.rows.len(), n, "{file}");
            assert_eq!(table.headers[0], first_header, "{file}");
        }
    }
    // Personal data is masked, as in the CLI's default export.
    let r = get(&app, "/export/enterprises.csv").await;
    let national_id = &sheet_rows(0, 1)[0][column("registration_no")];
    assert!(national_id.len() == 13 && !r.body.contains(national_id.as_str()), "{national_id} exported in full");
    for bad in ["/export/nothing.csv", "/export/services.pdf", "/export/services"] {
        assert_eq!(get(&app, bad).await.status, 404, "{bad}");
    }
});

// ---------------------------------------------------------------- matching

/// The Lamphun producer of DESIGN.md §6, in her own words.
const LONGAN_NEED: &str = "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา";

fn match_url(text: &str, extra: &str) -> String {
    let q = url::form_urlencoded::Serializer::new(String::new()).append_pair("text", text).finish();
    if extra.is_empty() { format!("/match?{q}") } else { format!("/match?{q}&{extra}") }
}

/// The titles of the ranked services on a match page, best first.
fn ranked_titles(doc: &scraper::Html) -> Vec<String> {
    texts(doc, "ol.matches li.match h3 a")
}

test_both_backends!(match_page_ranks_demo_services_with_reasons, |store: Store| async move {
    let loaded = demo(&store).await;
    assert_eq!(loaded.services, 74);
    let app = app(&store).await;
    let r = get(&app, &match_url(LONGAN_NEED, "province=51&category=food")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let doc = r.html();
    let titles = ranked_titles(&doc);
    assert_eq!(titles.len(), 10, "{titles:?}");
    // The drying clinic and the Lamphun longan network come first.
    let top3 = titles[..3].join(" | ");
    assert!(top3.contains("อบแห้งลำไย") && top3.contains("โรงอบลำไยจังหวัดลำพูน"), "{top3}");
    // Every card links to its service and its provider, and says why, in Thai.
    let cards: Vec<_> = doc.select(&sel("ol.matches li.match")).collect();
    for card in &cards {
        let href = card.select(&sel("h3 a")).next().unwrap().value().attr("href").unwrap();
        assert!(href.starts_with("/services/"), "{href}");
        assert!(card.select(&sel(".by a[href^='/providers/']")).next().is_some());
        assert!(card.select(&sel("ul.reasons li")).next().is_some(), "a card without reasons");
        assert!(card.text().collect::<String>().contains("พื้นที่ให้บริการ"));
    }
    let reasons = texts(&doc, "ol.matches li.match:first-child ul.reasons li");
    assert!(reasons.iter().any(|r| r.starts_with("ให้บริการใน")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.starts_with("คำที่ตรงกัน") || r.starts_with("ตรงกับเรื่อง")), "{reasons:?}");
    // The need's own words are marked in the titles.
    let marks = texts(&doc, "ol.matches li.match h3 mark");
    assert!(marks.iter().any(|m| m.contains("ลำไย")), "{marks:?}");
    // The form keeps what was asked: the text, the province and category as understood.
    assert_eq!(doc.select(&sel("#f-text")).next().unwrap().text().collect::<String>(), LONGAN_NEED);
    assert_eq!(attr(&doc, "#f-province option[selected]", "value"), "51");
    assert_eq!(attr(&doc, "#f-category option[selected]", "value"), "food");
    assert_eq!(doc.select(&sel("#f-province option[value]:not([value=''])")).count(), 77);
    assert!(doc.select(&sel("script, style, [style]")).next().is_none());
    // A Thai province name in the link works as well as its code.
    let by_name =
        get(&app, &match_url(LONGAN_NEED, "province=%E0%B8%A5%E0%B8%B3%E0%B8%9E%E0%B8%B9%E0%B8%99&category=food"))
            .await;
    assert_eq!(ranked_titles(&by_name.html()), titles);

    // In English the reasons are English; the ranking is the same.
    let doc = get(&app, &format!("{}&lang=en", match_url(LONGAN_NEED, "province=51&category=food"))).await.html();
    assert_eq!(text(&doc, "h1"), "Find help for a problem");
    assert_eq!(ranked_titles(&doc), titles);
    let reasons = texts(&doc, "ol.matches li.match:first-child ul.reasons li");
    assert!(reasons.iter().any(|r| r.starts_with("Serves")), "{reasons:?}");
    assert!(!reasons.iter().any(|r| r.contains("ให้บริการ")), "{reasons:?}");

    // The home page and the menu lead here.
    let home = get(&app, "/").await.html();
    assert_eq!(attr(&home, "section.ask form", "action"), "/match#results");
    assert_eq!(attr(&home, "section.ask textarea", "name"), "text");
    assert_eq!(text(&home, "nav.main li.key a"), "หาหน่วยงานช่วยแก้ปัญหา");
    assert_eq!(attr(&home, "nav.main li.key a", "href"), "/match");
});

test_both_backends!(match_page_explains_bad_input, |store: Store| async move {
    seed(&store).await;
    let app = app(&store).await;
    // A first visit: the form and examples, no results, no complaint.
    let r = get(&app, "/match").await;
    assert_eq!(r.status, 200);
    let doc = r.html();
    assert_eq!(text(&doc, "h1"), "หาหน่วยงานช่วยแก้ปัญหา");
    assert_eq!(attr(&doc, "form.match", "method"), "get");
    assert!(attr(&doc, "#f-text", "placeholder").contains("ขึ้นรา"));
    assert!(doc.select(&sel(".summary, ol.matches")).next().is_none());
    let examples: Vec<_> =
        doc.select(&sel(".examples a")).map(|a| a.value().attr("href").unwrap().to_string()).collect();
    assert_eq!(examples.len(), 4);
    for href in &examples {
        // The fragment takes the reader straight to the results; browsers do not send it.
        let (path, fragment) = href.split_once('#').unwrap();
        assert_eq!(fragment, "results");
        let doc = get(&app, path).await.html();
        assert!(doc.select(&sel("#results")).next().is_some(), "{href}");
    }
    // A link from an enterprise page: its province chosen, no search yet.
    let doc = get(&app, "/match?province=51&category=food").await.html();
    assert_eq!(attr(&doc, "#f-province option[selected]", "value"), "51");
    assert!(doc.select(&sel(".summary, ol.matches")).next().is_none());

    // Empty and too-short text say what to write, in Thai and English.
    for (query, th, en) in [
        ("/match?text=", "พิมพ์ปัญหาที่พบ", "Type the problem"),
        ("/match?text=+++&province=51", "พิมพ์ปัญหาที่พบ", "Type the problem"),
        ("/match?text=%E0%B8%A3%E0%B8%B2", "สั้นเกินไป", "Too short"),
    ] {
        let r = get(&app, query).await;
        assert_eq!(r.status, 422, "{query}");
        let doc = r.html();
        let msg = text(&doc, "#e-text");
        assert!(msg.contains(th) && msg.contains("ลำไยอบแห้ง"), "{query}: {msg}");
        assert!(text(&doc, "#e-text .other").contains(en), "{query}");
        assert!(text(&doc, ".summary").contains("ยังค้นหาไม่ได้"), "{query}");
        assert_eq!(attr(&doc, "#f-text", "aria-invalid"), "true");
        assert!(doc.select(&sel("ol.matches")).next().is_none());
    }
    // Unknown choices are named, nothing crashes, and what was typed is kept.
    let r = get(&app, &match_url("ลำไยอบแห้งขึ้นรา", "province=Atlantis&category=rocket&stages=moon")).await;
    assert_eq!(r.status, 422);
    let doc = r.html();
    assert!(text(&doc, "#e-province").contains("ไม่พบจังหวัด \"Atlantis\""));
    assert!(text(&doc, "#e-province .other").contains("No province named"));
    assert!(text(&doc, "#e-category .other").contains("Unknown"));
    assert!(text(&doc, "#e-stages").contains("moon"));
    assert_eq!(doc.select(&sel("#f-text")).next().unwrap().text().collect::<String>(), "ลำไยอบแห้งขึ้นรา");
    // In English the English message comes first.
    let doc = get(&app, "/match?text=&lang=en").await.html();
    assert!(text(&doc, "#e-text").starts_with("Type the problem"));
    assert!(text(&doc, ".summary h2").starts_with("Cannot search yet"));
    // Nothing found is said, with what to try; so is a text of stop-words only.
    for need in ["qqqq zzzz", "และ ที่ ของ ครับ"] {
        let r = get(&app, &match_url(need, "")).await;
        assert_eq!(r.status, 200, "{need}");
        let notice = text(&r.html(), "#results .notice");
        assert!(notice.contains("ยังไม่พบบริการ") && notice.contains("No service matches"), "{notice}");
    }
    // A need that does not exist is a 404 page.
    for q in ["need=999999", "need=abc", "need=0"] {
        assert_eq!(get(&app, &format!("/match?{q}")).await.status, 404, "{q}");
    }
});

test_both_backends!(api_match_returns_ranked_services_with_reasons, |store: Store| async move {
    demo(&store).await;
    let app = app(&store).await;
    let r = send_json(
        &app,
        "POST",
        "/api/v1/match",
        &json!({"text": LONGAN_NEED, "province": "ลำพูน", "category": "food", "product": "ลำไยอบแห้ง", "top": 3}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let ranked = v["ranked"].as_array().unwrap();
    assert_eq!(ranked.len(), 3);
    let mut scores = Vec::new();
    for s in ranked {
        let mut keys: Vec<&String> = s.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["provider", "reasons", "score", "service_id", "title"]);
        let id = s["service_id"].as_i64().unwrap();
        assert_eq!(store.service(id).await.unwrap().service.data.title, s["title"]);
        scores.push(s["score"].as_f64().unwrap());
        let reasons = s["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty());
        for reason in reasons {
            for k in ["code", "th", "en"] {
                assert!(!reason[k].as_str().unwrap().is_empty(), "{reason}");
            }
        }
        assert!(reasons.iter().any(|r| r["code"] == "coverage"), "{reasons:?}");
    }
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(ranked.iter().any(|s| s["title"].as_str().unwrap().contains("ลำไย")), "{ranked:?}");
    // A province code as a number, stages as an array, and the default of ten.
    let r = send_json(
        &app,
        "POST",
        "/api/v1/match",
        &json!({"text": LONGAN_NEED, "province": 51, "stages": ["packaging", "บรรจุภัณฑ์"]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["ranked"].as_array().unwrap().len(), 10);

    // Bad input: 422 naming the field, in Thai and English; nothing ranked.
    for (body, field) in [
        (json!({"text": ""}), "text"),
        (json!({}), "text"),
        (json!({"text": "รา"}), "text"),
        (json!({"text": LONGAN_NEED, "province": "Atlantis"}), "province"),
        (json!({"text": LONGAN_NEED, "category": "rocket"}), "category"),
        (json!({"text": LONGAN_NEED, "top": 0}), "top"),
        (json!({"text": LONGAN_NEED, "top": 51}), "top"),
        (json!({"text": LONGAN_NEED, "top": "many"}), "top"),
    ] {
        let r = send_json(&app, "POST", "/api/v1/match", &body).await;
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        let e = r.json();
        assert_eq!(e["error"]["code"], "validation_failed");
        let f = &e["error"]["fields"][0];
        assert_eq!(f["field"], field, "{body}");
        assert!(!f["message_th"].as_str().unwrap().is_empty() && !f["message_en"].as_str().unwrap().is_empty());
    }
    // Not JSON: 400 in both languages.
    let r = send(
        &app,
        axum::http::Request::post("/api/v1/match")
            .header("content-type", "application/json")
            .body(axum::body::Body::from("{\"text\": "))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 400);
    let e = r.json();
    assert!(e["error"]["message_th"].as_str().unwrap().contains("JSON"));
    assert!(e["error"]["message_en"].as_str().unwrap().contains("Malformed JSON"));
    // Documented, with exactly the properties sent.
    let doc = get(&app, "/api/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/match"]["post"]["responses"]["422"].is_object());
    let r = send_json(&app, "POST", "/api/v1/match", &json!({"text": LONGAN_NEED, "top": 1})).await.json();
    for (schema, sample) in
        [("MatchResponse", &r), ("RankedService", &r["ranked"][0]), ("MatchReason", &r["ranked"][0]["reasons"][0])]
    {
        let mut documented: Vec<&String> =
            doc["components"]["schemas"][schema]["properties"].as_object().unwrap().keys().collect();
        let mut sent: Vec<&String> = sample.as_object().unwrap().keys().collect();
        documented.sort();
        sent.sort();
        assert_eq!(documented, sent, "schema {schema}");
    }
});

test_both_backends!(a_need_recorded_on_the_enterprise_page_shows_who_can_help, |store: Store| async move {
    seed(&store).await;
    let actor = otop_store::Actor::new("t");
    let eid = store.create_enterprise(&actor, &good_enterprise(310_000_000_020).validate().unwrap()).await.unwrap();
    let product =
        otop_domain::ProductDraft {
            name: "ลำไยอบแห้งสีทอง".into(), category: "food".into(), ..Default::default()
        };
    let pid = store.create_product(&actor, &product.validate(eid).unwrap()).await.unwrap();
    let other = store.create_enterprise(&actor, &good_enterprise(310_000_000_021).validate().unwrap()).await.unwrap();
    let other_product =
        otop_domain::ProductDraft {
            name: "ผ้าไหม".into(), category: "textile".into(), ..Default::default()
        };
    let other_pid = store.create_product(&actor, &other_product.validate(other).unwrap()).await.unwrap();
    let app = app(&store).await;

    let page = format!("/enterprises/{eid}");
    let doc = get(&app, &page).await.html();
    assert_eq!(attr(&doc, "#need-form form", "action"), format!("/enterprises/{eid}/needs#need-form"));
    assert_eq!(texts(&doc, "#f-product_id option"), ["— ไม่ระบุผลิตภัณฑ์ —", "ลำไยอบแห้งสีทอง"]);
    // "Search without saving" opens /match with the enterprise's province and category.
    let href = attr(&doc, "#need-form a.button.secondary", "href");
    assert_eq!(href, "/match?province=51&category=food");

    // Too short, or another enterprise's product: the page again with the messages; nothing saved.
    let path = format!("/enterprises/{eid}/needs");
    let r = post_form(&app, &path, &[("text", "ขึ้นรา")]).await;
    assert_eq!(r.status, 422);
    let doc = r.html();
    assert!(text(&doc, "#e-text").contains("อย่างน้อย 10 ตัวอักษร"));
    assert!(text(&doc, "#e-text .other").contains("at least 10 characters"));
    assert_eq!(doc.select(&sel("#f-text")).next().unwrap().text().collect::<String>(), "ขึ้นรา");
    let r = post_form(&app, &path, &[("text", LONGAN_NEED), ("product_id", &other_pid.to_string())]).await;
    assert_eq!(r.status, 422);
    assert!(text(&r.html(), "#e-product_id").contains("ไม่ใช่ของผู้ประกอบการรายนี้"));
    assert!(store.needs_of(eid).await.unwrap().is_empty());

    // Saved with its product and a stage, then ranked at once.
    let r = post_form(
        &app,
        &path,
        &[("text", LONGAN_NEED), ("product_id", &pid.to_string()), ("stages", "production_process")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let needs = store.needs_of(eid).await.unwrap();
    assert_eq!(needs.len(), 1);
    let need = &needs[0];
    assert_eq!(r.header("location"), format!("/match?need={}&saved=1#results", need.id));
    assert_eq!(need.data.text, LONGAN_NEED);
    assert_eq!(need.data.product_id, Some(pid));
    assert_eq!(need.data.province_code, 51);
    assert_eq!(need.data.category, Some(otop_domain::Category::Food));
    assert_eq!(need.data.stages, [otop_domain::Stage::ProductionProcess]);
    let audit = store.audit_for("need", need.id).await.unwrap();
    assert!(audit[0].actor.starts_with("account:") && audit[0].account_id.is_some(), "{audit:?}");
    assert_eq!(audit[0].action, "create");

    let doc = get(&app, r.header("location")).await.html();
    assert!(text(&doc, "#saved").contains("บันทึกโจทย์แล้ว"));
    assert!(text(&doc, ".need-of").contains("ลำไยอบแห้งป้าศรี"));
    assert_eq!(attr(&doc, "#f-product", "value"), "ลำไยอบแห้งสีทอง");
    assert_eq!(ranked_titles(&doc)[0], LONGAN_DRYING);
    assert!(doc.select(&sel("input[name=stages][value=production_process][checked]")).next().is_some());
    // The enterprise page lists the need with a link to its services.
    let doc = get(&app, &page).await.html();
    assert_eq!(text(&doc, "article.need p"), LONGAN_NEED);
    assert_eq!(attr(&doc, "article.need .more-link a", "href"), format!("/match?need={}#results", need.id));
    // A GET of the form's address goes to the form; an unknown enterprise is a 404.
    let r = get(&app, &path).await;
    assert_eq!((r.status.as_u16(), r.header("location")), (303, format!("{page}#need-form").as_str()));
    assert_eq!(post_form(&app, "/enterprises/999999/needs", &[("text", LONGAN_NEED)]).await.status, 404);
});

// ---------------------------------------------------------------- freshness

/// Polls every 50 ms, for up to 2 s, until `done`; returns how long it took.
async fn within_two_seconds<F, Fut>(what: &str, mut done: F) -> std::time::Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = std::time::Instant::now();
    loop {
        if done().await {
            return started.elapsed();
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{what}: not seen within 2 s");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The keys the matcher ranks for `text`, best first.
fn keys_for(state: &otop_web::AppState, text: &str) -> Vec<String> {
    let need = otop_matching::NeedQuery { text: text.into(), ..Default::default() };
    state.matcher.rank(&need, 10).unwrap().into_iter().map(|r| r.key).collect()
}

async fn api_ids(app: &App, text: &str) -> Vec<i64> {
    let r = send_json(app, "POST", "/api/v1/match", &json!({ "text": text })).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["ranked"].as_array().unwrap().iter().map(|s| s["service_id"].as_i64().unwrap()).collect()
}

const KRAYASART_NEED: &str = "กระยาสารทแข็งเร็ว เหนียวติดฟัน ลูกค้าบ่น";
const THONGMUAN_NEED: &str = "ทองม้วนอ่อนตัวเร็ว ไม่กรอบ หลังเปิดถุง";

fn krayasart_service(provider_id: i64) -> otop_domain::ServiceData {
    otop_domain::ServiceData {
        provider_id,
        unit_id: None,
        title: "พัฒนาสูตรกระยาสารทให้นุ่มนานไม่แข็ง".into(),
        description: "ปรับสูตรกระยาสารทและข้าวเม่า ลดการแข็งตัวระหว่างวางขาย".into(),
        stages: vec![otop_domain::Stage::ProductInnovation],
        categories: vec![otop_domain::Category::Food],
        coverage: otop_domain::Coverage::Nationwide,
        capacity_per_year: Some(5),
        prices: vec![],
        active: true,
    }
}

test_both_backends!(the_matcher_follows_created_edited_and_withdrawn_services, |store: Store| async move {
    let seeded = seed(&store).await;
    let state = state(&store).await;
    let app = App { router: otop_web::router(state.clone()), session: None, csrf: "t".into() }
        .signed_in(&store, &account(otop_domain::Role::Admin))
        .await;
    assert_eq!(state.matcher.len(), 5);
    assert!(api_ids(&app, KRAYASART_NEED).await.is_empty());

    // Created through the store: found, first, within a second or so.
    let actor = otop_store::Actor::new("test");
    let mut data = krayasart_service(seeded.providers[1]);
    let id = store.create_service(&actor, &data).await.unwrap();
    let took = within_two_seconds("a new service", || {
        let app = app.clone();
        async move { api_ids(&app, KRAYASART_NEED).await.first() == Some(&id) }
    })
    .await;
    eprintln!("new service matched after {took:?}");
    assert!(took < std::time::Duration::from_millis(1500), "{took:?}");

    // Edited: the new text is found, the old one no longer finds it.
    data.title = "ทำทองม้วนให้กรอบนานหลังเปิดถุง".into();
    data.description = "ปรับสูตรทองม้วนและเลือกซองกันความชื้น ให้ขนมกรอบนาน ไม่อ่อนตัว".into();
    store.update_service(&actor, id, &data).await.unwrap();
    let took = within_two_seconds("the edited text", || {
        let app = app.clone();
        async move { api_ids(&app, THONGMUAN_NEED).await.first() == Some(&id) }
    })
    .await;
    eprintln!("edited service matched after {took:?}");
    // The old words are gone from the index: they no longer match this service.
    let need = otop_matching::NeedQuery { text: KRAYASART_NEED.into(), ..Default::default() };
    let old = state.matcher.rank(&need, 50).unwrap().into_iter().find(|r| r.key == id.to_string());
    assert!(old.as_ref().is_none_or(|r| !r.reasons.iter().any(|x| x.th.contains("กระยาสารท"))), "{old:?}");

    // Withdrawn: gone from the index, not only from the page.
    data.active = false;
    store.update_service(&actor, id, &data).await.unwrap();
    let took = within_two_seconds("the withdrawal", || {
        let state = state.clone();
        async move { !keys_for(&state, THONGMUAN_NEED).contains(&id.to_string()) }
    })
    .await;
    eprintln!("withdrawn service dropped after {took:?}");
    assert!(!api_ids(&app, THONGMUAN_NEED).await.contains(&id));
    assert_eq!(state.matcher.len(), 5);

    // Made through the web form, seen on the match page.
    let fields = [
        ("provider_id", seeded.providers[0].to_string()),
        ("title", "ยืดอายุกระยาสารทด้วยบรรจุภัณฑ์กันชื้น".to_string()),
        ("description", "ทดสอบและออกแบบซองกันชื้นสำหรับกระยาสารท".to_string()),
        ("stages", "packaging".to_string()),
        ("categories", "food".to_string()),
        ("coverage", "ทั่วประเทศ".to_string()),
        ("active", "true".to_string()),
    ];
    let r = post_form(&app, "/services/new", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let href = r.header("location").to_string();
    within_two_seconds("a service from the form", || {
        let (app, href) = (app.clone(), href.clone());
        async move {
            let doc = get(&app, &match_url(KRAYASART_NEED, "")).await.html();
            doc.select(&sel("ol.matches li.match:first-child h3 a")).next().and_then(|a| a.value().attr("href"))
                == Some(href.as_str())
        }
    })
    .await;
});

/// Two server instances on one PostgreSQL database, each with its own matcher and follower:
/// a service created, then withdrawn, through instance A is matched, then dropped, by B.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_postgres_see_each_others_changes() {
    let db = otop_store::testing::TestDb::new(otop_store::Backend::Postgres).await;
    let seeded = seed(&db.store).await;
    let store_b = Store::open(&db.url).await.expect("a second pool on the same database");
    let a = state(&db.store).await;
    let b = state(&store_b).await;
    let app_b = App { router: otop_web::router(b.clone()), session: None, csrf: "t".into() };
    assert_eq!((a.matcher.len(), b.matcher.len()), (5, 5));

    let actor = otop_store::Actor::new("instance-a");
    let mut data = krayasart_service(seeded.providers[1]);
    let id = a.store.create_service(&actor, &data).await.unwrap();
    let took = within_two_seconds("instance B matching A's new service", || {
        let app_b = app_b.clone();
        async move { api_ids(&app_b, KRAYASART_NEED).await.first() == Some(&id) }
    })
    .await;
    eprintln!("instance B matched A's service after {took:?}");
    assert!(took < std::time::Duration::from_millis(1500), "{took:?}");

    data.active = false;
    a.store.update_service(&actor, id, &data).await.unwrap();
    let took = within_two_seconds("instance B dropping A's withdrawn service", || {
        let b = b.clone();
        async move { !keys_for(&b, KRAYASART_NEED).contains(&id.to_string()) }
    })
    .await;
    eprintln!("instance B dropped it after {took:?}");
    assert_eq!(b.matcher.len(), 5);

    store_b.close().await;
    db.cleanup().await;
}
