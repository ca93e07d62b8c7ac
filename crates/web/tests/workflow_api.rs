//! Issue 5's end-to-end walk through the HTTP API, on SQLite and PostgreSQL: a national
//! officer opens and funds a round and budgets reach Lamphun; the entrepreneur states a
//! need; the Lamphun officer refers it; the provider accepts; the entrepreneur applies for a
//! coupon; the officer screens and approves it; the provider works, uploads a report and
//! reports delivery; the entrepreneur accepts; the provider claims; the officer pays; the
//! entrepreneur closes with the outcome. Each actor is a real account with its own session.
//! Afterwards the store's integrity check finds nothing. Invalid and out-of-scope steps
//! are refused with their messages along the way, and change nothing.

mod common;

use common::*;
use otop_domain::Role;
use otop_store::{Actor, Store, test_both_backends};
use serde_json::{Value, json};

fn ok(r: &Resp, what: &str) -> Value {
    assert!(r.status.is_success(), "{what}: {} {}", r.status, r.body);
    r.json()
}

fn refused(r: &Resp, status: u16, code: &str) -> Value {
    assert_eq!(r.status.as_u16(), status, "expected {code}: {}", r.body);
    let v = r.json();
    assert_eq!(v["error"]["code"], code, "{}", r.body);
    assert!(
        !v["error"]["message_th"].as_str().unwrap_or("").is_empty()
            && !v["error"]["message_en"].as_str().unwrap_or("").is_empty()
    );
    v
}

test_both_backends!(need_to_outcome_through_the_api, |store: Store| async move {
    let admin = app(&store).await;
    let seeded = seed(&store).await;
    let packaging = seeded.services[0];
    let national = admin.signed_in(&store, &account(Role::NationalOfficer)).await;
    let officer = admin.signed_in(&store, &account(Role::ProvincialOfficer)).await;
    let mut songkhla_officer = account(Role::ProvincialOfficer);
    songkhla_officer.provinces = vec![90];
    let songkhla_officer = admin.signed_in(&store, &songkhla_officer).await;
    let mut staff = account(Role::ProviderStaff);
    staff.provider_id = Some(seeded.providers[0]);
    let staff = admin.signed_in(&store, &staff).await;
    let mut other_staff = account(Role::ProviderStaff);
    other_staff.provider_id = Some(seeded.providers[1]);
    let other_staff = admin.signed_in(&store, &other_staff).await;
    let owner_account = account(Role::Entrepreneur);
    let owner = admin.signed_in(&store, &owner_account).await;
    let enterprise = store
        .create_enterprise(&Actor::new("test"), &good_enterprise(600_000_000_001).validate().unwrap())
        .await
        .unwrap();
    let owner_id = store.credentials(&owner_account.sign_in.key()).await.unwrap().unwrap().id;
    store.add_member(&Actor::new("test"), enterprise, owner_id).await.unwrap();

    // The round and its budget: 1,000,000 baht nationally, 100,000 of it to Lamphun.
    let round = ok(
        &send_json(
            &national,
            "POST",
            "/api/v1/rounds",
            &json!({
            "name": "คูปองวิทย์เพื่อโอทอป ปีงบประมาณ 2570", "fiscal_year": 2570, "ceiling": "50,000",
            "copay_percent": 20, "opens_on": "1/10/2569", "closes_on": "30/9/2570"}),
        )
        .await,
        "create round",
    );
    let round_id = round["id"].as_i64().unwrap();
    let bad_round =
        send_json(&national, "POST", "/api/v1/rounds", &json!({"name": "x", "fiscal_year": "70", "ceiling": "-5"}))
            .await;
    let v = refused(&bad_round, 422, "validation_failed");
    let fields: Vec<&str> =
        v["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["name", "fiscal_year", "ceiling", "copay_percent", "opens_on", "closes_on"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    refused(&send_json(&officer, "POST", "/api/v1/rounds", &json!({})).await, 403, "forbidden");
    ok(
        &send_json(
            &national,
            "POST",
            &format!("/api/v1/rounds/{round_id}/funding"),
            &json!({"amount": "1,000,000", "memo": "งบประมาณปี 2570"}),
        )
        .await,
        "fund",
    );
    for (from, to) in [("national", "region:north"), ("region:north", "province:51")] {
        ok(
            &send_json(
                &national,
                "POST",
                &format!("/api/v1/rounds/{round_id}/allocations"),
                &json!({"from": from, "to": to, "amount": "100,000"}),
            )
            .await,
            "allocate",
        );
    }
    refused(
        &send_json(
            &national,
            "POST",
            &format!("/api/v1/rounds/{round_id}/allocations"),
            &json!({"from": "national", "to": "province:50", "amount": "1"}),
        )
        .await,
        409,
        "ledger.not_adjacent",
    );
    refused(
        &send_json(
            &national,
            "POST",
            &format!("/api/v1/rounds/{round_id}/allocations"),
            &json!({"from": "region:north", "to": "province:50", "amount": "999,999"}),
        )
        .await,
        409,
        "ledger.insufficient",
    );

    // The need, in the entrepreneur's own words; the officer refers it.
    let case = ok(
        &send_json(
            &owner,
            "POST",
            &format!("/api/v1/enterprises/{enterprise}/needs"),
            &json!({
            "text": "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา อยากได้ถุงที่กันความชื้น", "category": "food"}),
        )
        .await,
        "need",
    );
    let need = case["need"]["id"].as_i64().unwrap();
    refused(
        &send_json(&owner, "POST", &format!("/api/v1/needs/{need}/referrals"), &json!({"service_id": packaging})).await,
        403,
        "forbidden",
    );
    refused(
        &send_json(
            &songkhla_officer,
            "POST",
            &format!("/api/v1/needs/{need}/referrals"),
            &json!({"service_id": packaging}),
        )
        .await,
        403,
        "forbidden",
    );
    let referral = ok(
        &send_json(
            &officer,
            "POST",
            &format!("/api/v1/needs/{need}/referrals"),
            &json!({"service_id": packaging, "note": "ผู้ประกอบการพร้อมส่งตัวอย่าง"}),
        )
        .await,
        "refer",
    );
    let referral_id = referral["id"].as_i64().unwrap();
    assert_eq!(referral["status"], "sent");
    refused(
        &send_json(&officer, "POST", &format!("/api/v1/needs/{need}/referrals"), &json!({"service_id": packaging}))
            .await,
        409,
        "referral.duplicate",
    );

    // Only the provider referred to answers; it accepts with a start date.
    refused(
        &send_json(
            &other_staff,
            "POST",
            &format!("/api/v1/referrals/{referral_id}/accept"),
            &json!({"start_on": "1/12/2569"}),
        )
        .await,
        403,
        "forbidden",
    );
    refused(
        &send_json(&staff, "POST", &format!("/api/v1/referrals/{referral_id}/accept"), &json!({"start_on": "someday"}))
            .await,
        422,
        "validation_failed",
    );
    let project = ok(
        &send_json(
            &staff,
            "POST",
            &format!("/api/v1/referrals/{referral_id}/accept"),
            &json!({"start_on": "1/12/2569"}),
        )
        .await,
        "accept",
    );
    let project_id = project["id"].as_i64().unwrap();
    refused(
        &send_json(
            &staff,
            "POST",
            &format!("/api/v1/referrals/{referral_id}/decline"),
            &json!({"reason": "เปลี่ยนใจแล้ว"}),
        )
        .await,
        409,
        "referral.not_waiting",
    );

    // The coupon: the second price line, 8,000 baht with 20 % co-payment → 6,400 from the budget.
    let coupon = ok(
        &send_json(
            &owner,
            "POST",
            &format!("/api/v1/engagements/{project_id}/coupons"),
            &json!({"round_id": round_id, "price_index": 1}),
        )
        .await,
        "apply",
    );
    let coupon_id = coupon["id"].as_i64().unwrap();
    assert_eq!((coupon["terms"]["amount"].as_i64(), coupon["terms"]["copay"].as_i64()), (Some(640_000), Some(160_000)));
    refused(
        &send_json(&owner, "POST", &format!("/api/v1/coupons/{coupon_id}/approve"), &json!({})).await,
        403,
        "forbidden",
    );
    refused(
        &send_json(&songkhla_officer, "POST", &format!("/api/v1/coupons/{coupon_id}/approve"), &json!({})).await,
        403,
        "forbidden",
    );
    ok(&send_json(&officer, "POST", &format!("/api/v1/coupons/{coupon_id}/screen"), &json!({})).await, "screen");
    let approved =
        ok(&send_json(&officer, "POST", &format!("/api/v1/coupons/{coupon_id}/approve"), &json!({})).await, "approve");
    assert_eq!(approved["status"], "approved");
    refused(
        &send_json(&officer, "POST", &format!("/api/v1/coupons/{coupon_id}/approve"), &json!({})).await,
        409,
        "coupon.already_approved",
    );
    refused(
        &send_json(&officer, "POST", &format!("/api/v1/engagements/{project_id}/pay"), &json!({})).await,
        409,
        "project.not_delivered",
    );
    let budget = ok(&get(&officer, &format!("/api/v1/rounds/{round_id}/budget")).await, "budget");
    let lamphun_available = budget["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "available" && a["holder"]["level"] == "province")
        .map(|a| a["balance"].as_i64().unwrap());
    assert_eq!(lamphun_available, Some(10_000_000 - 640_000), "Lamphun's allocation drops by exactly the coupon");
    assert!(
        budget["accounts"].as_array().unwrap().iter().all(|a| a["holder"]["level"] == "province"),
        "a province sees only its own accounts"
    );
    refused(&get(&songkhla_officer, &format!("/api/v1/needs/{need}")).await, 403, "forbidden");

    // The work, the evidence and the delivery.
    ok(
        &send_json(
            &staff,
            "POST",
            &format!("/api/v1/engagements/{project_id}/milestones"),
            &json!({"title": "ทดสอบการซึมผ่านไอน้ำของถุง", "due_on": "15/12/2569"}),
        )
        .await,
        "milestone",
    );
    let bad_path = format!("/api/v1/engagements/{project_id}/milestones/first/done");
    refused(&send_json(&staff, "POST", &bad_path, &json!({})).await, 404, "not_found");
    let upload = post_multipart(
        &staff,
        &format!("/api/v1/engagements/{project_id}/deliverables"),
        &[Part::File("file", "ผลทดสอบ.pdf", b"%PDF-1.4\n%test report\n")],
    )
    .await;
    assert_eq!(upload.status.as_u16(), 201, "{}", upload.body);
    let file_id = upload.json()["id"].as_i64().unwrap();
    let not_pdf = post_multipart(
        &staff,
        &format!("/api/v1/engagements/{project_id}/deliverables"),
        &[Part::File("file", "report.pdf", b"<script>alert(1)</script>")],
    )
    .await;
    assert_eq!(not_pdf.status.as_u16(), 400, "{}", not_pdf.body);
    let download = get(&owner, &format!("/api/v1/deliverables/{file_id}")).await;
    assert_eq!(download.status.as_u16(), 200);
    assert_eq!(download.header("content-type"), "application/pdf");
    assert!(
        download.header("content-disposition").starts_with("attachment"),
        "{}",
        download.header("content-disposition")
    );
    assert_eq!(get(&songkhla_officer, &format!("/api/v1/deliverables/{file_id}")).await.status.as_u16(), 403);
    refused(
        &send_json(&staff, "POST", &format!("/api/v1/engagements/{project_id}/report"), &json!({"report": "เสร็จ"}))
            .await,
        422,
        "validation_failed",
    );
    ok(
        &send_json(
            &staff,
            "POST",
            &format!("/api/v1/engagements/{project_id}/report"),
            &json!({"report": "ทดสอบการซึมผ่านไอน้ำแล้ว เปลี่ยนเป็นถุงอะลูมิเนียมฟอยล์ซิปล็อก เก็บได้ 6 เดือน ส่งรายงานผลทดสอบแล้ว"}),
        )
        .await,
        "report",
    );
    refused(
        &send_json(&staff, "POST", &format!("/api/v1/engagements/{project_id}/accept"), &json!({})).await,
        403,
        "forbidden",
    );
    ok(
        &send_json(&owner, "POST", &format!("/api/v1/engagements/{project_id}/accept"), &json!({})).await,
        "accept delivery",
    );
    ok(&send_json(&staff, "POST", &format!("/api/v1/engagements/{project_id}/claim"), &json!({})).await, "claim");
    refused(
        &send_json(&staff, "POST", &format!("/api/v1/engagements/{project_id}/pay"), &json!({})).await,
        403,
        "forbidden",
    );
    ok(&send_json(&officer, "POST", &format!("/api/v1/engagements/{project_id}/pay"), &json!({})).await, "pay");
    refused(
        &send_json(&officer, "POST", &format!("/api/v1/engagements/{project_id}/pay"), &json!({})).await,
        409,
        "project.already_paid",
    );
    refused(
        &send_json(&owner, "POST", &format!("/api/v1/engagements/{project_id}/close"), &json!({})).await,
        422,
        "validation_failed",
    );
    let closed = ok(
        &send_json(&owner, "POST", &format!("/api/v1/engagements/{project_id}/close"), &json!({
            "certifications": "อย.", "stars_before": 2, "stars_after": 3, "revenue_before": "12,000", "revenue_after": "30,000", "jobs_after": 5})).await,
        "close",
    );
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["coupons"][0]["status"], "paid");

    // The whole history, and the money where it should be.
    let case = ok(&get(&owner, &format!("/api/v1/needs/{need}")).await, "case");
    assert_eq!(case["need"]["status"], "solved");
    let events: Vec<&str> = case["timeline"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(
        events,
        [
            "referred",
            "referral_accepted",
            "coupon_applied",
            "coupon_screened",
            "coupon_approved",
            "milestone_added",
            "file_uploaded",
            "delivery_reported",
            "delivery_accepted",
            "payment_claimed",
            "payment_approved",
            "project_closed"
        ]
    );
    let budget = ok(&get(&national, &format!("/api/v1/rounds/{round_id}/budget")).await, "budget");
    let paid: i64 = budget["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "paid")
        .map(|a| a["balance"].as_i64().unwrap())
        .sum();
    assert_eq!(paid, 640_000);
    assert_eq!(budget["accounts"].as_array().unwrap().iter().map(|a| a["balance"].as_i64().unwrap()).sum::<i64>(), 0);
    let inbox = ok(&get(&owner, "/api/v1/inbox").await, "inbox");
    assert!(inbox.as_array().unwrap().is_empty(), "nothing awaits the owner until the follow-up: {inbox}");
    assert_eq!(store.verify().await.unwrap(), vec![]);
});

test_both_backends!(entrepreneurs_refer_their_own_needs_only_when_a_round_allows_it, |store: Store| async move {
    let admin = app(&store).await;
    let seeded = seed(&store).await;
    let national = admin.signed_in(&store, &account(Role::NationalOfficer)).await;
    let owner_account = account(Role::Entrepreneur);
    let owner = admin.signed_in(&store, &owner_account).await;
    let enterprise = store
        .create_enterprise(&Actor::new("test"), &good_enterprise(600_000_000_002).validate().unwrap())
        .await
        .unwrap();
    let owner_id = store.credentials(&owner_account.sign_in.key()).await.unwrap().unwrap().id;
    store.add_member(&Actor::new("test"), enterprise, owner_id).await.unwrap();
    let case = ok(
        &send_json(
            &owner,
            "POST",
            &format!("/api/v1/enterprises/{enterprise}/needs"),
            &json!({"text": "ผ้าทอมือสีตก ซักแล้วสีซีด อยากให้สีติดทน"}),
        )
        .await,
        "need",
    );
    let need = case["need"]["id"].as_i64().unwrap();
    let (path, body) = (format!("/api/v1/needs/{need}/referrals"), json!({"service_id": seeded.services[0]}));
    let refer = || send_json(&owner, "POST", &path, &body);
    refused(&refer().await, 403, "forbidden");
    // Today (in Thailand) falls in the window of a round that lets entrepreneurs refer.
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let fy = otop_domain::FiscalYear::of(today);
    ok(
        &send_json(&national, "POST", "/api/v1/rounds", &json!({
            "name": format!("คูปองวิทย์ ปีงบประมาณ {}", fy.be()), "fiscal_year": fy.be(), "ceiling": "50,000", "copay_percent": "10",
            "opens_on": fy.start().to_string(), "closes_on": fy.end().to_string(), "entrepreneurs_may_refer": true})).await,
        "round",
    );
    let referral = ok(&refer().await, "refer as the entrepreneur");
    assert_eq!(referral["status"], "sent");
    assert_eq!(store.verify().await.unwrap(), vec![]);
});
