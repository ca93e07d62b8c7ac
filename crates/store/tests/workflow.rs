//! The workflow's storage on both engines: a need from referral to outcome with the money
//! in the ledger, every refused step changing nothing, and 1,000 concurrent approvals
//! against a budget that fits 100.

use chrono::NaiveDate;
use otop_domain::workflow::{
    AccountKey, AccountKind, CouponStatus, EngagementStatus, EventKind, Holder, OutcomeDraft, OutcomeStage, RoundDraft,
};
use otop_domain::*;
use otop_geo::Region;
use otop_store::workflow::NewReferral;
use otop_store::{Actor, Store, StoreError, test_both_backends};

mod common;
use common::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn officer() -> Actor {
    Actor::new("เจ้าหน้าที่ลำพูน")
}

fn round_draft(ceiling: &str) -> RoundDraft {
    RoundDraft {
        name: "คูปองวิทย์เพื่อโอทอป รอบ 1/2570".into(),
        fiscal_year: "2570".into(),
        stages: String::new(),
        categories: String::new(),
        ceiling: ceiling.into(),
        copay_percent: "20".into(),
        opens_on: "1/10/2569".into(),
        closes_on: "30/6/2570".into(),
        entrepreneurs_may_refer: String::new(),
    }
}

/// A round funded with `fund` baht, of which `lamphun` baht reach Lamphun via the north.
async fn funded_round(store: &Store, ceiling: &str, fund: i64, lamphun: i64) -> i64 {
    let round = store.create_round(&officer(), &round_draft(ceiling).validate().unwrap()).await.unwrap();
    store.fund_round(&officer(), round, Satang::from_baht(fund), "งบประมาณ 2570").await.unwrap();
    let north = Holder::Region(Region::North);
    store.allocate(&officer(), round, Holder::National, north, Satang::from_baht(lamphun), "ภาคเหนือ").await.unwrap();
    store.allocate(&officer(), round, north, Holder::Province(51), Satang::from_baht(lamphun), "ลำพูน").await.unwrap();
    round
}

/// An enterprise in Lamphun with a need, and a packaging service priced 18,750 baht.
async fn case(store: &Store, n: u64) -> (i64, i64) {
    let enterprise = store.create_enterprise(&officer(), &lamphun(n)).await.unwrap();
    let need = store
        .create_need(
            &officer(),
            &NeedData {
                enterprise_id: enterprise,
                product_id: None,
                text: "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา".into(),
                province_code: 51,
                category: Some(Category::Food),
                stages: vec![Stage::Packaging],
                status: NeedStatus::Open,
                created_on: today(),
            },
        )
        .await
        .unwrap();
    (enterprise, need)
}

async fn packaging_service(store: &Store) -> i64 {
    let p = provider(store, "คลินิกเทคโนโลยี มหาวิทยาลัยเชียงใหม่", ProviderKind::TechnologyClinic).await;
    let mut s = service(p, "ทดสอบและออกแบบบรรจุภัณฑ์ยืดอายุ", &[Stage::Packaging], &[Category::Food], Coverage::Nationwide);
    s.prices = vec![PriceItem {
        label: "ออกแบบและทดสอบบรรจุภัณฑ์".into(), amount: Satang::from_baht(18_750)
    }];
    store.create_service(&officer(), &s).await.unwrap()
}

async fn accepted(store: &Store, need: i64, service: i64) -> i64 {
    let r = store
        .refer(&officer(), &NewReferral { need_id: need, service_id: service, note: String::new() }, today())
        .await
        .unwrap();
    store.accept_referral(&Actor::new("คลินิก"), r, today()).await.unwrap()
}

fn refused(e: StoreError) -> &'static str {
    match e {
        StoreError::Refused(r) => r.code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn balance(store: &Store, round: i64, kind: AccountKind, holder: Holder) -> i64 {
    store.balance(round, AccountKey::new(kind, holder)).await.unwrap().0
}

fn outcome() -> otop_domain::workflow::OutcomeData {
    OutcomeDraft {
        certifications: "อย.".into(),
        revenue_before: "12,000".into(),
        revenue_after: "30,000".into(),
        ..Default::default()
    }
    .validate(OutcomeStage::AtClose)
    .unwrap()
}

test_both_backends!(a_need_goes_from_referral_to_outcome_with_every_satang_accounted_for, |store: Store| async move {
    let round = funded_round(&store, "50,000", 1_000_000, 100_000).await;
    let service = packaging_service(&store).await;
    let (_, need) = case(&store, 1).await;
    let lamphun = Holder::Province(51);
    let clinic = Actor::new("คลินิก");

    let project = accepted(&store, need, service).await;
    assert_eq!(store.need(need).await.unwrap().data.status, NeedStatus::InProgress);
    let coupon = store.apply_coupon(&Actor::new("ผู้ประกอบการ"), project, round, 0, today()).await.unwrap();
    let c = store.coupon(coupon).await.unwrap();
    assert_eq!((c.terms.amount, c.terms.copay), (Satang::from_baht(15_000), Satang::from_baht(3_750)));
    assert_eq!(c.funded_by, lamphun);
    store.screen_coupon(&officer(), coupon, today()).await.unwrap();
    store.approve_coupon(&officer(), coupon, today()).await.unwrap();
    assert_eq!(balance(&store, round, AccountKind::Available, lamphun).await, 8_500_000, "100,000 − 15,000 baht");
    assert_eq!(balance(&store, round, AccountKind::Committed, lamphun).await, 1_500_000);

    let m = store.add_milestone(&clinic, project, "ทดสอบอายุการเก็บรักษา", today()).await.unwrap();
    store.complete_milestone(&clinic, project, m, today()).await.unwrap();
    let pdf = b"%PDF-1.4\n% report\n".to_vec();
    let file =
        store.add_deliverable(&clinic, project, "รายงานผลทดสอบ.pdf", "application/pdf", pdf.clone()).await.unwrap();
    assert_eq!(store.deliverable_file(file).await.unwrap().content, pdf);
    store.report_delivery(&clinic, project, "ทดสอบอายุการเก็บรักษาแล้ว ปรับบรรจุภัณฑ์ให้เก็บได้ 6 เดือน", today()).await.unwrap();
    store.accept_delivery(&Actor::new("ผู้ประกอบการ"), project, today()).await.unwrap();
    assert_eq!(store.coupon(coupon).await.unwrap().status, CouponStatus::Payable);
    assert_eq!(balance(&store, round, AccountKind::Payable, lamphun).await, 1_500_000);
    store.claim_payment(&clinic, project, today()).await.unwrap();
    store.approve_payment(&officer(), project, today()).await.unwrap();
    assert_eq!(balance(&store, round, AccountKind::Paid, lamphun).await, 1_500_000);
    assert_eq!(balance(&store, round, AccountKind::Committed, lamphun).await, 0);
    store.close_engagement(&Actor::new("ผู้ประกอบการ"), project, &outcome(), today()).await.unwrap();
    let g = store.engagement(project).await.unwrap();
    assert_eq!(g.status, EngagementStatus::Closed);
    assert_eq!(g.follow_up_due, NaiveDate::from_ymd_opt(2027, 5, 26));
    assert_eq!(store.need(need).await.unwrap().data.status, NeedStatus::Solved);
    let later = NaiveDate::from_ymd_opt(2027, 5, 27).unwrap();
    store.record_follow_up(&Actor::new("ผู้ประกอบการ"), project, &outcome(), later).await.unwrap();
    assert_eq!(store.outcomes(project).await.unwrap().len(), 2);

    let events: Vec<EventKind> = store.timeline(need).await.unwrap().into_iter().map(|e| e.event).collect();
    assert_eq!(
        events,
        [
            EventKind::Referred,
            EventKind::ReferralAccepted,
            EventKind::CouponApplied,
            EventKind::CouponScreened,
            EventKind::CouponApproved,
            EventKind::MilestoneAdded,
            EventKind::MilestoneDone,
            EventKind::FileUploaded,
            EventKind::DeliveryReported,
            EventKind::DeliveryAccepted,
            EventKind::PaymentClaimed,
            EventKind::PaymentApproved,
            EventKind::ProjectClosed,
            EventKind::FollowUpRecorded,
        ]
    );
    let feedback = store.service_feedback(FiscalYear(2570)).await.unwrap()[&service];
    assert_eq!((feedback.accepted, feedback.completed, feedback.taken_this_year), (1, 1, 1));
    assert_eq!(store.verify().await.unwrap(), vec![]);
    let total: i64 = store.balances(Some(round)).await.unwrap().iter().map(|b| b.balance.0).sum();
    assert_eq!(total, 0, "money only moves between accounts");
});

test_both_backends!(refused_steps_say_why_and_change_nothing, |store: Store| async move {
    let round = funded_round(&store, "20,000", 1_000_000, 20_000).await;
    let service = packaging_service(&store).await;
    let (_, need) = case(&store, 2).await;
    let project = accepted(&store, need, service).await;
    let coupon = store.apply_coupon(&officer(), project, round, 0, today()).await.unwrap();
    store.approve_coupon(&officer(), coupon, today()).await.unwrap();
    let before = store.audit_count().await.unwrap();
    let balances = store.balances(Some(round)).await.unwrap().iter().map(|b| b.balance.0).collect::<Vec<_>>();

    assert_eq!(
        refused(store.approve_coupon(&officer(), coupon, today()).await.unwrap_err()),
        "coupon.already_approved"
    );
    assert_eq!(
        refused(store.approve_payment(&officer(), project, today()).await.unwrap_err()),
        "project.not_delivered"
    );
    assert_eq!(refused(store.claim_payment(&officer(), project, today()).await.unwrap_err()), "project.not_delivered");
    assert_eq!(refused(store.accept_delivery(&officer(), project, today()).await.unwrap_err()), "project.not_reported");
    assert_eq!(refused(store.apply_coupon(&officer(), project, round, 0, today()).await.unwrap_err()), "coupon.exists");
    let referral = store.engagement(project).await.unwrap().referral_id;
    assert_eq!(
        refused(store.decline_referral(&officer(), referral, "เต็มแล้วครับ").await.unwrap_err()),
        "referral.not_waiting"
    );
    assert_eq!(store.audit_count().await.unwrap(), before, "refusals write nothing");

    // A second project of the same enterprise: 15,000 more would pass the 20,000 ceiling.
    let p2 = provider(&store, "สถาบันอาหาร", ProviderKind::Agency).await;
    let mut s2 = common::service(p2, "ทดสอบอายุการเก็บ", &[Stage::Packaging], &[], Coverage::Nationwide);
    s2.prices = vec![PriceItem { label: "ทดสอบ".into(), amount: Satang::from_baht(18_750) }];
    let s2 = store.create_service(&officer(), &s2).await.unwrap();
    let project2 = accepted(&store, need, s2).await;
    let audit = store.audit_count().await.unwrap();
    assert_eq!(
        refused(store.apply_coupon(&officer(), project2, round, 0, today()).await.unwrap_err()),
        "coupon.over_ceiling"
    );
    let late = NaiveDate::from_ymd_opt(2027, 7, 1).unwrap();
    assert_eq!(refused(store.apply_coupon(&officer(), project2, round, 0, late).await.unwrap_err()), "round.closed");
    assert_eq!(store.audit_count().await.unwrap(), audit, "refusals write nothing");

    // An enterprise whose province's budget is spent: 5,000 left, 15,000 wanted.
    let (_, need3) = case(&store, 3).await;
    let project3 = accepted(&store, need3, service).await;
    let coupon3 = store.apply_coupon(&officer(), project3, round, 0, today()).await.unwrap();
    let audit = store.audit_count().await.unwrap();
    let err = store.approve_coupon(&officer(), coupon3, today()).await.unwrap_err();
    let StoreError::Refused(r) = err else { panic!("expected a refusal") };
    assert_eq!(r.code, "ledger.insufficient");
    assert!(r.message.th.contains("5,000.00") && r.message.th.contains("15,000.00"), "{}", r.message.th);
    assert_eq!(store.coupon(coupon3).await.unwrap().status, CouponStatus::Submitted);

    assert_eq!(store.audit_count().await.unwrap(), audit, "refusals write nothing");
    let after = store.balances(Some(round)).await.unwrap().iter().map(|b| b.balance.0).collect::<Vec<_>>();
    assert_eq!(after, balances);
    assert_eq!(store.verify().await.unwrap(), vec![]);

    // Cancelling the approved coupon releases its 15,000 baht to Lamphun.
    store.cancel_engagement(&officer(), project, "ผู้ประกอบการขอยกเลิก", today()).await.unwrap();
    assert_eq!(balance(&store, round, AccountKind::Available, Holder::Province(51)).await, 2_000_000);
    assert_eq!(store.coupon(coupon).await.unwrap().status, CouponStatus::Cancelled);
    assert_eq!(store.verify().await.unwrap(), vec![]);
});

test_both_backends!(a_thousand_concurrent_approvals_spend_exactly_the_allocation, |store: Store| async move {
    // 1,500,000 baht reach Lamphun: exactly 100 coupons of 15,000.
    let round = funded_round(&store, "1,000,000,000", 10_000_000, 1_500_000).await;
    let service = packaging_service(&store).await;
    let (enterprise, _) = case(&store, 4).await;
    let mut coupons = Vec::new();
    for i in 0..1000 {
        let need = store
            .create_need(
                &officer(),
                &NeedData {
                    enterprise_id: enterprise,
                    product_id: None,
                    text: format!("โจทย์ที่ {i}: บรรจุภัณฑ์ไม่กันความชื้น"),
                    province_code: 51,
                    category: None,
                    stages: vec![],
                    status: NeedStatus::Open,
                    created_on: today(),
                },
            )
            .await
            .unwrap();
        let project = accepted(&store, need, service).await;
        coupons.push(store.apply_coupon(&officer(), project, round, 0, today()).await.unwrap());
    }
    let tasks: Vec<_> = coupons
        .iter()
        .map(|&c| {
            let store = store.clone();
            tokio::spawn(async move { store.approve_coupon(&Actor::new("officer"), c, today()).await })
        })
        .collect();
    let (mut approved, mut short) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => approved += 1,
            Err(StoreError::Refused(r)) if r.code == "ledger.insufficient" => short += 1,
            Err(e) => panic!("an approval failed for another reason: {e:?}"),
        }
    }
    assert_eq!((approved, short), (100, 900));
    let lamphun = Holder::Province(51);
    assert_eq!(balance(&store, round, AccountKind::Available, lamphun).await, 0);
    assert_eq!(balance(&store, round, AccountKind::Committed, lamphun).await, 150_000_000);
    let balances = store.balances(Some(round)).await.unwrap();
    assert!(balances.iter().all(|b| b.kind == AccountKind::Source || b.balance.0 >= 0), "{balances:?}");
    assert_eq!(balances.iter().map(|b| b.balance.0).sum::<i64>(), 0);
    assert_eq!(store.verify().await.unwrap(), vec![]);
});

fn principal(role: Role, provider: Option<i64>) -> otop_domain::access::Principal {
    otop_domain::access::Principal {
        account_id: Some(1),
        token_id: None,
        name: "ทดสอบ".into(),
        role,
        provinces: vec![51],
        region: None,
        provider_id: provider,
        provider_manager: false,
        agency: None,
    }
}

test_both_backends!(each_actor_finds_what_awaits_them_in_the_inbox, |store: Store| async move {
    use otop_store::workflow::InboxKind;
    let round = funded_round(&store, "50,000", 1_000_000, 100_000).await;
    let service = packaging_service(&store).await;
    let provider = store.service(service).await.unwrap().service.data.provider_id;
    let (_, need) = case(&store, 5).await;
    let (_, waiting) = case(&store, 6).await;
    let old = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    store
        .refer(&officer(), &NewReferral { need_id: waiting, service_id: service, note: String::new() }, old)
        .await
        .unwrap();
    let project = accepted(&store, need, service).await;
    let coupon = store.apply_coupon(&officer(), project, round, 0, today()).await.unwrap();
    let kinds = |items: Vec<otop_store::workflow::InboxItem>| {
        items.into_iter().map(|i| (i.kind, i.overdue)).collect::<Vec<_>>()
    };

    let staff = kinds(store.inbox(&principal(Role::ProviderStaff, Some(provider)), today(), 7).await.unwrap());
    assert_eq!(staff, [(InboxKind::AnswerReferral, true), (InboxKind::ReportDelivery, false)]);
    let other_staff = store.inbox(&principal(Role::ProviderStaff, Some(provider + 1000)), today(), 7).await.unwrap();
    assert!(other_staff.is_empty());
    let office = kinds(store.inbox(&principal(Role::ProvincialOfficer, None), today(), 7).await.unwrap());
    assert_eq!(office, [(InboxKind::ScreenCoupon, false), (InboxKind::ChaseReferral, true)]);
    store.approve_coupon(&officer(), coupon, today()).await.unwrap();
    store.report_delivery(&officer(), project, "ทดสอบแล้ว ส่งรายงานผลและตัวอย่างบรรจุภัณฑ์ใหม่", today()).await.unwrap();
    let mut songkhla = principal(Role::ProvincialOfficer, None);
    songkhla.provinces = vec![90];
    assert!(store.inbox(&songkhla, today(), 7).await.unwrap().is_empty(), "another province's work is not theirs");
    // The entrepreneur: not a member of anything yet, so nothing; the scope decides.
    assert!(store.inbox(&principal(Role::Entrepreneur, None), today(), 7).await.unwrap().is_empty());
});

test_both_backends!(
    the_inbox_shows_what_waits_for_each_role_and_when_a_follow_up_falls_due,
    |store: Store| async move {
        let service = packaging_service(&store).await;
        let provider_id = store.service(service).await.unwrap().service.data.provider_id;
        let who = |role: Role, provinces: Vec<u8>, provider_id: Option<i64>| otop_domain::access::Principal {
            account_id: Some(1),
            token_id: None,
            name: "ผู้ทดสอบ".into(),
            role,
            provinces,
            region: None,
            provider_id,
            provider_manager: false,
            agency: None,
        };
        let lamphun = who(Role::ProvincialOfficer, vec![51], None);
        let clinic = who(Role::ProviderStaff, vec![], Some(provider_id));
        let kinds = |items: Vec<otop_store::workflow::InboxItem>| items.into_iter().map(|i| i.kind).collect::<Vec<_>>();

        // A referral sent ten days ago: the provider answers it, the officer chases it.
        let (_, waiting) = case(&store, 6).await;
        let sent = today() - chrono::Days::new(10);
        store
            .refer(&officer(), &NewReferral { need_id: waiting, service_id: service, note: String::new() }, sent)
            .await
            .unwrap();
        let items = store.inbox(&clinic, today(), 7).await.unwrap();
        assert_eq!(kinds(items.clone()), [otop_store::workflow::InboxKind::AnswerReferral]);
        assert!(items[0].overdue);
        assert_eq!(
            kinds(store.inbox(&lamphun, today(), 7).await.unwrap()),
            [otop_store::workflow::InboxKind::ChaseReferral]
        );

        // A project closed today: its follow-up is due six months on, then answered.
        let (_, need) = case(&store, 5).await;
        let project = accepted(&store, need, service).await;
        let report = "ทดสอบอายุการเก็บรักษาแล้ว ปรับบรรจุภัณฑ์ให้เก็บได้ 6 เดือน";
        store.report_delivery(&officer(), project, report, today()).await.unwrap();
        store.accept_delivery(&officer(), project, today()).await.unwrap();
        store.close_engagement(&officer(), project, &outcome(), today()).await.unwrap();
        let follow_ups = |items: Vec<otop_store::workflow::InboxItem>| {
            items.into_iter().filter(|i| i.kind == otop_store::workflow::InboxKind::FollowUp).collect::<Vec<_>>()
        };
        assert!(follow_ups(store.inbox(&lamphun, today(), 7).await.unwrap()).is_empty(), "not due yet");
        let later = NaiveDate::from_ymd_opt(2027, 5, 27).unwrap();
        let due = follow_ups(store.inbox(&lamphun, later, 7).await.unwrap());
        assert_eq!(due.len(), 1);
        assert_eq!((due[0].engagement_id, due[0].overdue), (Some(project), true));
        store.record_follow_up(&officer(), project, &outcome(), later).await.unwrap();
        assert!(follow_ups(store.inbox(&lamphun, later, 7).await.unwrap()).is_empty(), "answered");
    }
);

test_both_backends!(verify_names_a_need_marked_referred_without_a_referral, |store: Store| async move {
    let (enterprise, _) = case(&store, 7).await;
    assert_eq!(store.verify().await.unwrap(), vec![]);
    let mut need = store.need(store.needs_of(enterprise).await.unwrap()[0].id).await.unwrap().data;
    need.status = NeedStatus::InProgress;
    let id = store.create_need(&officer(), &need).await.unwrap();
    let found = store.verify().await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, "workflow.state");
    assert!(found[0].detail.contains(&format!("need {id} ")), "{}", found[0].detail);
});
