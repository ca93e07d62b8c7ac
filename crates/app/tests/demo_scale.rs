//! `demo --scale` through the use case, on both engines: the rows counted are the rows
//! stored, one audit row records each load, and a second run with the same seed into the
//! same database skips the numbers stored by the first.

use otop_store::{Store, test_both_backends};

// 12,000: above the size from which SQLite rebuilds the indexes after the load.
test_both_backends!(generated_loads_add_up_and_repeat, |store: Store| async move {
    let mut seen = Vec::new();
    let first = otop_app::demo::generate(&store, 12_000, 7, 5_000, &mut |d| seen.push(d)).await.unwrap();
    assert_eq!(first.enterprises, 12_000);
    assert_eq!(seen, [5_000, 10_000, 12_000]);
    let mut stored = 0;
    for table in ["enterprises", "products", "needs", "enterprise_certifications"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(store.pool())
            .await
            .unwrap();
        stored += n as usize;
    }
    assert_eq!(first.rows, stored);
    // Enterprise 0 of seed 7 is stored; the same seed again draws the same numbers, all
    // taken now, so the second run goes on to new ones.
    let e = otop_demo::enterprise_at(7, 0);
    assert!(store.enterprise_id_by_registration(e.data.registration.number()).await.unwrap().is_some());
    let second = otop_app::demo::generate(&store, 12_000, 7, 5_000, &mut |_| {}).await.unwrap();
    assert_eq!(second.enterprises, 12_000);
    assert_eq!(store.counts().await.unwrap().enterprises, 24_000);
    let loads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'bulk_load'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(loads, 2);
});
