//! What happens to referrals reaches the matcher: a service's places taken this fiscal
//! year come off its capacity, and completed projects show in its reasons — on a running
//! matcher, through the same follower that picks up edited services.

use otop_app::matching::{Freshness, build};
use otop_domain::workflow::{OutcomeDraft, OutcomeStage};
use otop_domain::*;
use otop_matching::NeedQuery;
use otop_store::workflow::NewReferral;
use otop_store::{Actor, Store, test_both_backends};

fn national_id(twelve: u64) -> String {
    let s = format!("{twelve:012}");
    let sum: u32 = s.bytes().enumerate().map(|(i, b)| (b - b'0') as u32 * (13 - i as u32)).sum();
    format!("{s}{}", (11 - sum % 11) % 10)
}

test_both_backends!(referrals_and_outcomes_reach_the_matcher, |store: Store| async move {
    let actor = Actor::new("test");
    let provider = ProviderData {
        name: "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้".into(),
        short_name: String::new(),
        kind: ProviderKind::TechnologyClinic,
        province_code: Some(50),
        website: String::new(),
        phone: None,
        email: None,
        description: String::new(),
    };
    let provider = store.create_provider(&actor, &provider, &[]).await.unwrap();
    let service = ServiceData {
        provider_id: provider,
        unit_id: None,
        title: "เทคโนโลยีการอบแห้งลำไยและผลไม้".into(),
        description: "ปรับปรุงเตาอบลำไยให้แห้งสม่ำเสมอ ลดความชื้น ป้องกันเชื้อรา".into(),
        stages: vec![Stage::ProductionProcess],
        categories: vec![Category::Food],
        coverage: Coverage::Nationwide,
        capacity_per_year: Some(3),
        prices: vec![],
        active: true,
    };
    let service = store.create_service(&actor, &service).await.unwrap();
    let enterprise = EnterpriseDraft {
        kind: "individual".into(),
        name: "ลำไยอบแห้งแม่ทา".into(),
        registration_no: national_id(310_000_000_777),
        address: AddressDraft {
            address_line: "9 หมู่ 1".into(),
            subdistrict: "ในเมือง".into(),
            district: "เมืองลำพูน".into(),
            province: "ลำพูน".into(),
            postal_code: "51000".into(),
        },
        ..Default::default()
    }
    .validate()
    .unwrap();
    let enterprise = store.create_enterprise(&actor, &enterprise).await.unwrap();
    // Today in Thailand, so that the place counts in the fiscal year the matcher counts.
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let need = NeedData {
        enterprise_id: enterprise,
        product_id: None,
        text: "ลำไยอบแห้งชื้น ขึ้นราเร็ว".into(),
        province_code: 51,
        category: Some(Category::Food),
        stages: vec![],
        status: NeedStatus::Open,
        created_on: today,
    };
    let need = store.create_need(&actor, &need).await.unwrap();

    let mut freshness = Freshness::starting_now();
    let matcher = build(&store).await.unwrap();
    let query = NeedQuery {
        text: "ลำไยอบแห้งขึ้นรา อบไม่แห้ง".into(), province_code: Some(51), ..Default::default()
    };
    let reasons = |m: &otop_matching::Matcher| {
        let ranked = m.rank(&query, 5).unwrap();
        let top = ranked.iter().find(|r| r.key == service.to_string()).expect("the drying service is ranked");
        top.reasons.iter().map(|r| (r.code, r.th.clone())).collect::<Vec<_>>()
    };
    let before = reasons(&matcher);
    assert!(before.iter().any(|(c, th)| *c == "capacity" && th.contains("อีก 3 ราย")), "{before:?}");

    let referral = store
        .refer(&actor, &NewReferral { need_id: need, service_id: service, note: String::new() }, today)
        .await
        .unwrap();
    let project = store.accept_referral(&actor, referral, today).await.unwrap();
    store.report_delivery(&actor, project, "ปรับตั้งเตาอบใหม่และสอนการวัดความชื้นแล้ว", today).await.unwrap();
    store.accept_delivery(&actor, project, today).await.unwrap();
    let outcome = OutcomeDraft {
        note: "ลำไยแห้งสม่ำเสมอ ไม่ขึ้นราแล้ว".into(), ..Default::default()
    };
    store.close_engagement(&actor, project, &outcome.validate(OutcomeStage::AtClose).unwrap(), today).await.unwrap();

    assert!(freshness.poll(&store, &matcher).await.unwrap() >= 1, "the service counts as changed");
    let after = reasons(&matcher);
    assert!(after.iter().any(|(c, th)| *c == "capacity" && th.contains("อีก 2 ราย")), "{after:?}");
    assert!(after.iter().any(|(c, th)| *c == "feedback" && th.contains("1 โครงการ")), "{after:?}");
});
