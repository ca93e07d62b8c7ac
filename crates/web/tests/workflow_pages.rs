//! The workflow's pages (issue 5), on SQLite and PostgreSQL: a need is referred from its
//! ranked services, accepted, paid for with a coupon, delivered, paid and closed, each step
//! a form on the case or project page that redirects back. Bad input (a reason too short,
//! an invalid date, a file that is not a PDF or image) and steps the state does not allow
//! show a banner on the same page, in Thai and English, with the right status, and change
//! nothing.

mod common;

use common::*;
use otop_domain::Role;
use otop_domain::workflow::ReferralStatus;
use otop_store::{Store, test_both_backends};

/// The banner's text (`role="alert"`), which must be there.
fn banner(r: &Resp) -> String {
    let doc = r.html();
    assert_eq!(attr(&doc, "#problem", "role"), "alert", "{}", r.body);
    text(&doc, "#problem")
}

fn redirected(r: &Resp, to: &str) {
    assert_eq!(
        r.status.as_u16(),
        303,
        "expected a redirect to {to}: {}",
        r.body.chars().take(2000).collect::<String>()
    );
    assert!(r.header("location").starts_with(to), "went to {}, not {to}", r.header("location"));
}

fn today_be() -> String {
    use chrono::Datelike;
    let d = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).date_naive();
    format!("{}/{}/{}", d.day(), d.month(), d.year() + 543)
}

test_both_backends!(need_to_outcome_through_the_pages, |store: Store| async move {
    // The registry first: the matcher is built from it when the app starts.
    let w = case_world(&store).await;
    let admin = app(&store).await;
    let packaging = w.seeded.services[0];
    let officer = admin.signed_in(&store, &account(Role::ProvincialOfficer)).await;
    let mut staff = account(Role::ProviderStaff);
    staff.provider_id = Some(w.seeded.providers[0]);
    let staff = admin.signed_in(&store, &staff).await;
    let owner_account = account(Role::Entrepreneur);
    let owner = admin.signed_in(&store, &owner_account).await;
    add_member(&store, w.enterprise, &owner_account).await;
    let need_page = format!("/needs/{}", w.need);

    // The case page, in Thai, offers the officer the ranked services to refer to.
    let r = get(&officer, &need_page).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    let doc = r.html();
    assert_eq!(text(&doc, "h1"), "โจทย์และความคืบหน้า");
    assert!(text(&doc, ".need-text").contains("ขึ้นรา"));
    assert_eq!(attr(&doc, "a.button[href^='/match?need=']", "href"), format!("/match?need={}#results", w.need));
    assert!(texts(&doc, "nav.main a").iter().any(|t| t == "งานที่รอดำเนินการ"));
    // The entrepreneur may not refer while the round does not allow it: no link, and no forms.
    assert!(get(&owner, &need_page).await.html().select(&sel("a[href^='/match?need=']")).next().is_none());
    let r = get(&owner, &format!("/match?need={}", w.need)).await;
    assert!(r.html().select(&sel("form.refer")).next().is_none());

    let r = get(&officer, &format!("/match?need={}", w.need)).await;
    let doc = r.html();
    let forms = texts(&doc, "form.refer button");
    assert!(!forms.is_empty() && forms.iter().all(|b| b == "ส่งต่อให้หน่วยงานนี้"), "{forms:?}");
    assert!(
        doc.select(&sel(&format!("form.refer input[name=service_id][value='{packaging}']"))).next().is_some(),
        "the packaging service is ranked with a refer form"
    );
    let refer = format!("/needs/{}/referrals", w.need);
    let sent = [("service_id", packaging.to_string()), ("note", "ผู้ประกอบการพร้อมส่งตัวอย่าง".to_string())];
    redirected(&post_form(&officer, &refer, &sent).await, &format!("{need_page}?done=referred"));
    let again = post_form(&officer, &refer, &sent).await;
    assert_eq!(again.status.as_u16(), 409);
    let b = banner(&again);
    assert!(b.contains("ขณะนี้ยังทำขั้นตอนนี้ไม่ได้") && b.contains("nothing was changed"), "{b}");
    let after = get(&officer, &format!("/match?need={}", w.need)).await.html();
    assert!(texts(&after, ".referred").iter().any(|t| t.contains("ส่งต่อแล้ว")));
    let referral = store.referrals_of_need(w.need).await.unwrap()[0].id;

    // The provider's inbox has it; a reason too short and an invalid date change nothing.
    let inbox = get(&staff, "/inbox").await.html();
    assert_eq!(texts(&inbox, "table.inbox td a"), ["ตอบรับหรือปฏิเสธการส่งต่อ"]);
    assert_eq!(attr(&inbox, "table.inbox td a", "href"), format!("{need_page}#referral-{referral}"));
    let events = store.timeline(w.need).await.unwrap().len();
    let short = post_form(&staff, &format!("/referrals/{referral}/decline"), &[("reason", "ไม่")]).await;
    assert_eq!(short.status.as_u16(), 422);
    let b = banner(&short);
    assert!(b.contains("อย่างน้อย 5 ตัวอักษร") && b.contains("at least 5 characters"), "{b}");
    assert_eq!(text(&short.html(), &format!("#f-decline-{referral}")), "ไม่", "what was typed is kept");
    let english = post_form(&staff, &format!("/referrals/{referral}/decline?lang=en"), &[("reason", "no")]).await;
    assert!(banner(&english).starts_with("Not saved"), "the page language first");
    let bad_date = post_form(&staff, &format!("/referrals/{referral}/accept"), &[("start_on", "31/2/2569")]).await;
    assert_eq!(bad_date.status.as_u16(), 422);
    let b = banner(&bad_date);
    assert!(b.contains("วันที่ไม่ถูกต้อง") && b.contains("Invalid date"), "{b}");
    assert_eq!(attr(&bad_date.html(), &format!("#f-start-{referral}"), "value"), "31/2/2569");
    assert_eq!(store.referral(referral).await.unwrap().status, ReferralStatus::Sent);
    assert_eq!(store.timeline(w.need).await.unwrap().len(), events);
    assert!(store.engagements_of_need(w.need).await.unwrap().is_empty());

    let r = post_form(&staff, &format!("/referrals/{referral}/accept"), &[("start_on", today_be())]).await;
    redirected(&r, "/projects/");
    let project = store.engagements_of_need(w.need).await.unwrap()[0].id;
    let project_page = format!("/projects/{project}");

    // The entrepreneur applies for a coupon (8,000 baht, 20 % co-payment: 6,400 from the budget).
    let page = get(&owner, &project_page).await.html();
    assert!(page.select(&sel("form#apply select[name=round_id]")).next().is_some());
    let r = post_form(
        &owner,
        &format!("{project_page}/coupons"),
        &[("round_id", w.round.to_string()), ("price_index", "1".to_string())],
    )
    .await;
    redirected(&r, &format!("{project_page}?done=applied"));
    let coupon = store.coupons_of_engagement(project).await.unwrap()[0].id;
    assert!(get(&owner, &project_page).await.html().select(&sel("form#apply")).next().is_none(), "one live coupon");

    // The officer screens and approves; approving twice is refused with its message.
    let page = get(&officer, &project_page).await.html();
    assert!(page.select(&sel(&format!("#screen-{coupon}"))).next().is_some());
    redirected(&post_form::<&str, &str>(&officer, &format!("/coupons/{coupon}/screen"), &[]).await, &project_page);
    redirected(&post_form::<&str, &str>(&officer, &format!("/coupons/{coupon}/approve"), &[]).await, &project_page);
    let twice = post_form::<&str, &str>(&officer, &format!("/coupons/{coupon}/approve"), &[]).await;
    assert_eq!(twice.status.as_u16(), 409);
    assert!(banner(&twice).contains("อนุมัติซ้ำไม่ได้"));
    let budget = get(&officer, &format!("/rounds/{}", w.round)).await.html();
    assert_eq!(text(&budget, "#holder-province-51 td.available"), "93,600.00 บาท");
    assert_eq!(text(&budget, "#holder-province-51 td.committed"), "6,400.00 บาท");

    // The provider uploads evidence (a file that is not a PDF or image is refused) and reports.
    let upload = format!("{project_page}/deliverables");
    let not_pdf = post_multipart(&staff, &upload, &[Part::File("file", "report.pdf", b"<script>x</script>")]).await;
    assert_eq!(not_pdf.status.as_u16(), 400);
    let b = banner(&not_pdf);
    assert!(b.contains("รับเฉพาะไฟล์ PDF หรือรูปภาพ") && b.contains("Only PDF files"), "{b}");
    let no_file = post_multipart(&staff, &upload, &[Part::File("file", "", b"")]).await;
    assert_eq!(no_file.status.as_u16(), 400);
    assert!(banner(&no_file).contains("PDF หรือรูปภาพ"), "the message speaks of deliverables, not sheets");
    assert!(store.deliverables(project).await.unwrap().is_empty());
    let ok = post_multipart(&staff, &upload, &[Part::File("file", "ผลทดสอบ.pdf", b"%PDF-1.4\n%test\n")]).await;
    redirected(&ok, &format!("{project_page}?done=uploaded"));
    let file = store.deliverables(project).await.unwrap()[0].id;
    let page = get(&owner, &project_page).await.html();
    assert_eq!(attr(&page, "ul.files a", "href"), format!("/deliverables/{file}"));
    let download = get(&owner, &format!("/deliverables/{file}")).await;
    assert_eq!(download.header("content-type"), "application/pdf");
    let short = post_form(&staff, &format!("{project_page}/report"), &[("report", "เสร็จแล้ว")]).await;
    assert_eq!(short.status.as_u16(), 422);
    assert!(banner(&short).contains("20–8,000 ตัวอักษร"));
    let report = "ทดสอบการซึมผ่านไอน้ำแล้ว เปลี่ยนเป็นถุงอะลูมิเนียมฟอยล์ซิปล็อก เก็บได้ 6 เดือน";
    redirected(&post_form(&staff, &format!("{project_page}/report"), &[("report", report)]).await, &project_page);

    // The entrepreneur accepts; the provider claims; the officer pays; the entrepreneur closes.
    let inbox = get(&owner, "/inbox").await.html();
    assert_eq!(texts(&inbox, "table.inbox td a"), ["ตรวจรับงานที่ส่งมอบ"]);
    redirected(&post_form::<&str, &str>(&owner, &format!("{project_page}/accept"), &[]).await, &project_page);
    redirected(&post_form::<&str, &str>(&staff, &format!("{project_page}/claim"), &[]).await, &project_page);
    redirected(&post_form::<&str, &str>(&officer, &format!("{project_page}/pay"), &[]).await, &project_page);
    let bad = post_form(&owner, &format!("{project_page}/close"), &[("stars_after", "7")]).await;
    assert_eq!(bad.status.as_u16(), 422);
    assert!(banner(&bad).contains("ระดับดาวหลังเข้าร่วม"), "the field is named");
    let r = post_form(
        &owner,
        &format!("{project_page}/close"),
        &[
            ("certifications", "fda"),
            ("stars_before", "2"),
            ("stars_after", "3"),
            ("revenue_before", "12,000"),
            ("revenue_after", "30,000"),
            ("jobs_after", "5"),
        ],
    )
    .await;
    redirected(&r, &format!("{project_page}?done=closed"));
    let page = get(&owner, &project_page).await.html();
    assert_eq!(text(&page, "#project-status"), "ปิดโครงการแล้ว");
    assert!(texts(&page, ".outcome-card dd").iter().any(|t| t.contains("30,000.00 บาท")));

    // The whole history, in Thai, on the case page.
    let doc = get(&owner, &need_page).await.html();
    let events = texts(&doc, "ol.timeline .what");
    for e in ["บันทึกโจทย์", "ส่งต่อไปยังบริการ", "ผู้ให้บริการตอบรับ", "อนุมัติคูปอง", "แนบไฟล์ส่งมอบ", "ปิดโครงการและบันทึกผล"]
    {
        assert!(events.iter().any(|t| t == e), "{e} missing from {events:?}");
    }
    let en = get(&owner, &format!("{need_page}?lang=en")).await.html();
    assert!(texts(&en, "ol.timeline .what").iter().any(|t| t == "Coupon approved"));
    assert_eq!(store.verify().await.unwrap(), vec![]);
});

test_both_backends!(rounds_and_budgets_through_the_pages, |store: Store| async move {
    let admin = app(&store).await;
    let w = case_world(&store).await;
    let national = admin.signed_in(&store, &account(Role::NationalOfficer)).await;
    let regional = admin.signed_in(&store, &account(Role::RegionalOfficer)).await;
    let officer = admin.signed_in(&store, &account(Role::ProvincialOfficer)).await;

    let list = get(&officer, "/rounds").await;
    assert_eq!(list.status.as_u16(), 200);
    assert!(list.html().select(&sel("form#round")).next().is_none(), "only national officers open rounds");
    let bad = post_form(&national, "/rounds", &[("name", "x"), ("fiscal_year", "70"), ("ceiling", "-5")]).await;
    assert_eq!(bad.status.as_u16(), 422);
    let b = banner(&bad);
    assert!(b.contains("ชื่อรอบ") && b.contains("ปีงบประมาณ"), "{b}");
    assert_eq!(attr(&bad.html(), "#f-name", "value"), "x", "what was typed is kept");
    assert_eq!(store.rounds().await.unwrap().len(), 1);

    // A regional officer allocates within the region; a wrong amount changes nothing.
    let page = get(&regional, &format!("/rounds/{}", w.round)).await.html();
    let choices = texts(&page, "#f-to option");
    assert!(choices.iter().any(|c| c == "จ.ลำพูน") && !choices.iter().any(|c| c == "จ.สงขลา"), "{choices:?}");
    let allocate = format!("/rounds/{}/allocations", w.round);
    let too_much =
        post_form(&regional, &allocate, &[("from", "region:north"), ("to", "province:50"), ("amount", "999,999")])
            .await;
    assert_eq!(too_much.status.as_u16(), 409);
    assert!(banner(&too_much).contains("ทำขั้นตอนนี้ไม่ได้"));
    let ok =
        post_form(&regional, &allocate, &[("from", "region:north"), ("to", "province:50"), ("amount", "20,000")]).await;
    redirected(&ok, &format!("/rounds/{}?done=allocated", w.round));
    let page = get(&regional, &format!("/rounds/{}", w.round)).await.html();
    assert_eq!(text(&page, "#holder-region-north td.available"), "80,000.00 บาท");
    assert_eq!(text(&page, "#holder-province-50 td.available"), "20,000.00 บาท");
    let mine = get(&officer, &format!("/rounds/{}", w.round)).await.html();
    assert_eq!(texts(&mine, "table.budget tbody th"), ["จ.ลำพูน"], "a province sees only its own");
});
