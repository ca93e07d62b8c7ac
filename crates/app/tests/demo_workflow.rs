//! The demo's workflow on both engines: every referral, coupon and project state occurs,
//! the integrity check finds nothing, the ledger sums to zero, and each demo role with a
//! part in the workflow finds work waiting in its inbox. Then the same on days that test
//! the fiscal-year arithmetic (the first and last day of a year, a leap day).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use otop_app::demo_accounts::DEMO_SIGN_INS;
use otop_domain::access::Principal;
use otop_domain::workflow::{AccountKey, AccountKind, CouponStatus, EngagementStatus, Holder, ReferralStatus};
use otop_domain::{FiscalYear, NeedStatus, Role, Satang};
use otop_store::accounts::AccountFilter;
use otop_store::workflow::InboxKind;
use otop_store::{Backend, Store, test_both_backends};

async fn counts(store: &Store, table: &str) -> HashMap<String, i64> {
    let sql = format!("SELECT status, COUNT(*) FROM {table} GROUP BY status");
    sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql))
        .fetch_all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .collect()
}

async fn principal(store: &Store, role: Role) -> Principal {
    let sign_in = DEMO_SIGN_INS.iter().find(|d| d.role == role).unwrap().sign_in;
    let accounts = store.accounts(&AccountFilter { role: Some(role), limit: 100, ..Default::default() }).await.unwrap();
    accounts.items.into_iter().find(|a| a.sign_in.as_deref() == Some(sign_in)).unwrap().principal()
}

async fn inbox_kinds(store: &Store, role: Role, today: NaiveDate) -> (Vec<InboxKind>, usize) {
    let items = store.inbox(&principal(store, role).await, today, 7).await.unwrap();
    (items.iter().map(|i| i.kind).collect(), items.iter().filter(|i| i.overdue).count())
}

/// What every load of the demo must satisfy, whatever the day.
async fn check(store: &Store, today: NaiveDate) {
    let referrals = counts(store, "referrals").await;
    let coupons = counts(store, "coupons").await;
    let projects = counts(store, "engagements").await;
    for s in ReferralStatus::ALL {
        assert!(referrals.get(s.code()).is_some_and(|n| *n > 0), "no referral {}: {referrals:?}", s.code());
    }
    for s in CouponStatus::ALL {
        assert!(coupons.get(s.code()).is_some_and(|n| *n > 0), "no coupon {}: {coupons:?}", s.code());
    }
    for s in EngagementStatus::ALL {
        assert!(projects.get(s.code()).is_some_and(|n| *n > 0), "no project {}: {projects:?}", s.code());
    }

    assert_eq!(store.verify().await.unwrap(), vec![], "the demo's ledger and states agree");
    let balances = store.balances(None).await.unwrap();
    assert_eq!(balances.iter().map(|b| b.balance.0).sum::<i64>(), 0, "money only moves between accounts");
    assert!(balances.iter().all(|b| b.kind == AccountKind::Source || b.balance.0 >= 0));
    assert!(balances.iter().any(|b| matches!(b.holder, Holder::Provider(_))), "one provider holds a budget");

    // This year's round: open today, Lamphun with room to approve more.
    let fy = FiscalYear::of(today);
    let open = store.open_rounds(today).await.unwrap();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].rules.fiscal_year, fy);
    assert!(open[0].rules.name.contains(&fy.be().to_string()), "{}", open[0].rules.name);
    assert_eq!(open[0].rules.ceiling, Satang::from_baht(50_000));
    assert_eq!(open[0].rules.copay_basis_points, 2000);
    let lamphun =
        store.balance(open[0].id, AccountKey::new(AccountKind::Available, Holder::Province(51))).await.unwrap();
    assert!(lamphun >= Satang::from_baht(1_000_000), "Lamphun has {lamphun:?} left");
    assert_eq!(store.rounds().await.unwrap().len(), 2, "this year's round and last year's");

    // Each demo role with a part in the workflow has work waiting, of each kind it does.
    let (entrepreneur, _) = inbox_kinds(store, Role::Entrepreneur, today).await;
    let want = [InboxKind::ConfirmDelivery, InboxKind::RecordOutcome, InboxKind::FollowUp];
    assert!(want.iter().all(|k| entrepreneur.contains(k)), "entrepreneur: {entrepreneur:?}");
    let (provider, late) = inbox_kinds(store, Role::ProviderStaff, today).await;
    let want = [InboxKind::AnswerReferral, InboxKind::ReportDelivery, InboxKind::ClaimPayment];
    assert!(want.iter().all(|k| provider.contains(k)), "provider staff: {provider:?}");
    assert!(late > 0, "the provider has an overdue referral");
    let (officer, late) = inbox_kinds(store, Role::ProvincialOfficer, today).await;
    let want = [
        InboxKind::ScreenCoupon,
        InboxKind::ApproveCoupon,
        InboxKind::ApprovePayment,
        InboxKind::ChaseReferral,
        InboxKind::RecordOutcome,
        InboxKind::FollowUp,
    ];
    assert!(want.iter().all(|k| officer.contains(k)), "Lamphun officer: {officer:?}");
    assert!(late > 0, "Lamphun has an overdue referral to chase");

    // The demo entrepreneur's enterprise keeps an open need that nobody has referred.
    let me = principal(store, Role::Entrepreneur).await;
    let enterprise = store.member_enterprises(me.account_id.unwrap()).await.unwrap()[0];
    let mut unreferred = 0;
    for n in store.needs_of(enterprise).await.unwrap() {
        if n.data.status == NeedStatus::Open && store.referrals_of_need(n.id).await.unwrap().is_empty() {
            unreferred += 1;
        }
    }
    assert!(unreferred > 0, "an open need for the officer to refer");
    let provider_id = principal(store, Role::ProviderStaff).await.provider_id.unwrap();
    let theirs = store.referrals_to_provider(provider_id, 100).await.unwrap();
    let states: HashSet<ReferralStatus> = theirs.iter().map(|r| r.status).collect();
    assert!(states.len() >= 3, "the demo provider's referrals in several states: {states:?}");

    // Outcomes and files: a delivered project carries a PDF and a picture, valid ones.
    let (closed, follow_ups): (i64, i64) = sqlx::query_as(
        "SELECT CAST(SUM(CASE WHEN stage = 'close' THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN stage = 'follow_up' THEN 1 ELSE 0 END) AS BIGINT) FROM outcomes",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert!(closed >= 5 && follow_ups >= 2, "{closed} outcomes at close, {follow_ups} follow-ups");
    let files: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, content_type FROM deliverables ORDER BY id").fetch_all(store.pool()).await.unwrap();
    for kind in ["application/pdf", "image/png"] {
        let (id, _) = files.iter().find(|(_, t)| t == kind).unwrap_or_else(|| panic!("no {kind}"));
        let f = store.deliverable_file(*id).await.unwrap();
        let magic: &[u8] = if kind == "image/png" { b"\x89PNG" } else { b"%PDF-" };
        assert!(f.content.starts_with(magic) && f.info.size as usize == f.content.len());
    }

    // The timeline is dated like the work: no step after today, and referrals weeks old.
    let (first, last): (String, String) =
        sqlx::query_as("SELECT MIN(at), MAX(at) FROM need_events").fetch_one(store.pool()).await.unwrap();
    assert!(first < (today - chrono::Days::new(200)).to_string(), "oldest event {first}");
    assert!(last <= format!("{}T23:59:59.999Z", today + chrono::Days::new(1)), "newest event {last}");
}

test_both_backends!(the_demo_workflow_covers_every_state_with_the_ledger_whole, |store: Store| async move {
    let today = otop_app::demo_workflow::today_in_thailand();
    let started = std::time::Instant::now();
    let loaded = otop_app::demo::load_base_on(&store, today).await.unwrap();
    eprintln!("demo loaded in {:?}: {loaded}", started.elapsed());
    assert!(loaded.workflow.referrals >= 30 && loaded.workflow.coupons >= 20, "{loaded}");
    check(&store, today).await;
});

/// The first and last days of a fiscal year, a leap day and New Year: the rounds and every
/// step still fall where they may.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_workflow_loads_on_any_day() {
    for (y, m, d) in [(2026, 10, 1), (2027, 9, 30), (2028, 2, 29), (2027, 1, 1)] {
        let today = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let db = otop_store::testing::TestDb::new(Backend::Sqlite).await;
        otop_app::demo::load_base_on(&db.store, today).await.unwrap_or_else(|e| panic!("{today}: {e:?}"));
        check(&db.store, today).await;
        db.cleanup().await;
    }
}
