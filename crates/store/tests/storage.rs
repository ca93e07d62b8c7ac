//! The storage suite. Every test runs twice — on SQLite and on PostgreSQL — through the
//! same store functions, each in its own fresh database.

use chrono::NaiveDate;
use otop_domain::access::EnterpriseScope;
use otop_domain::*;
use otop_store::bulk::EnterpriseBundle;
use otop_store::enterprises::EnterpriseFilter;
use otop_store::services::ServiceFilter;
use otop_store::{Backend, Store, StoreError, test_both_backends};

mod common;
use common::*;

test_both_backends!(enterprise_round_trip_and_audit, |store: Store| async move {
    let data = lamphun(1);
    let id = store.create_enterprise(&actor(), &data).await.unwrap();
    let back = store.enterprise(id).await.unwrap();
    assert_eq!(back.data, data);
    let mut changed = data.clone();
    changed.name = "วิสาหกิจชุมชนลำไยทอง".into();
    changed.stars = Stars::new(4);
    changed.certifications.clear();
    store.update_enterprise(&actor(), id, &changed).await.unwrap();
    assert_eq!(store.enterprise(id).await.unwrap().data, changed);
    let log = store.audit_for("enterprise", id).await.unwrap();
    assert_eq!(log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["create", "update"]);
    assert!(log[1].before_json.as_deref().unwrap().contains("ผู้ประกอบการทดสอบ 1"));
    assert!(log[1].after_json.as_deref().unwrap().contains("ลำไยทอง"));
});

test_both_backends!(duplicate_registration_is_a_field_error_and_changes_nothing, |store: Store| async move {
    store.create_enterprise(&actor(), &lamphun(2)).await.unwrap();
    let audit_before = store.audit_count().await.unwrap();
    let err = store.create_enterprise(&actor(), &lamphun(2)).await.unwrap_err();
    match err {
        StoreError::Duplicate { field, message } => {
            assert_eq!(field, "registration_no");
            assert!(message.th.contains("เลขทะเบียน"));
        }
        other => panic!("expected a duplicate, got {other:?}"),
    }
    assert_eq!(store.counts().await.unwrap().enterprises, 1);
    assert_eq!(store.audit_count().await.unwrap(), audit_before);
});

test_both_backends!(enterprise_filters, |store: Store| async move {
    store.create_enterprise(&actor(), &lamphun(3)).await.unwrap();
    let mut bkk = enterprise(4, "กรุงเทพมหานคร", "เขตพระนคร", "พระบรมมหาราชวัง", "10200");
    bkk.categories = vec![Category::Textile];
    store.create_enterprise(&actor(), &bkk).await.unwrap();
    let all = store
        .enterprises(&EnterpriseFilter { scope: EnterpriseScope::All, limit: 50, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    let north = store
        .enterprises(&EnterpriseFilter {
            scope: EnterpriseScope::All,
            region: Some(otop_geo::Region::North),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(north.total, 1);
    assert_eq!(north.items[0].data.address.province_code, 51);
    let textile = store
        .enterprises(&EnterpriseFilter {
            scope: EnterpriseScope::All,
            category: Some(Category::Textile),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(textile.items.len(), 1);
    assert_eq!(textile.items[0].data.address.province_code, 10);
    let by_name = store
        .enterprises(&EnterpriseFilter {
            scope: EnterpriseScope::All,
            q: Some("ทดสอบ 3".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_name.total, 1);
});

test_both_backends!(directory_filters_by_stage_category_area_and_kind, |store: Store| async move {
    let clinic = provider(&store, "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", ProviderKind::TechnologyClinic).await;
    let bank = provider(&store, "ธนาคารออมสิน", ProviderKind::Bank).await;
    store
        .create_service(
            &actor(),
            &service(
                clinic,
                "เทคโนโลยีการอบแห้งลำไย",
                &[Stage::ProductionProcess],
                &[Category::Food],
                Coverage::Regions(vec![otop_geo::Region::North]),
            ),
        )
        .await
        .unwrap();
    store
        .create_service(
            &actor(),
            &service(
                clinic,
                "ออกแบบบรรจุภัณฑ์ลำพูน",
                &[Stage::Packaging],
                &[Category::Food, Category::Beverage],
                Coverage::Provinces(vec![51]),
            ),
        )
        .await
        .unwrap();
    let loan = store
        .create_service(
            &actor(),
            &service(
                bank,
                "สินเชื่อเครื่องจักร",
                &[Stage::Finance],
                &[Category::Food, Category::Textile],
                Coverage::Nationwide,
            ),
        )
        .await
        .unwrap();
    let f = |g: ServiceFilter| ServiceFilter { limit: 50, ..g };
    let count = |r: otop_store::Page<otop_store::services::ServiceListing>| r.total;
    assert_eq!(count(store.services(&f(ServiceFilter::default())).await.unwrap()), 3);
    assert_eq!(
        count(store.services(&f(ServiceFilter { stage: Some(Stage::Packaging), ..Default::default() })).await.unwrap()),
        1
    );
    assert_eq!(
        count(
            store
                .services(&f(ServiceFilter { category: Some(Category::Textile), ..Default::default() }))
                .await
                .unwrap()
        ),
        1
    );
    // Lamphun: the northern service, the Lamphun one and the nationwide loan.
    assert_eq!(
        count(store.services(&f(ServiceFilter { province_code: Some(51), ..Default::default() })).await.unwrap()),
        3
    );
    // Chiang Mai: not the Lamphun-only service.
    assert_eq!(
        count(store.services(&f(ServiceFilter { province_code: Some(50), ..Default::default() })).await.unwrap()),
        2
    );
    // Songkhla (south): only the nationwide loan.
    assert_eq!(
        count(store.services(&f(ServiceFilter { province_code: Some(90), ..Default::default() })).await.unwrap()),
        1
    );
    assert_eq!(
        count(
            store
                .services(&f(ServiceFilter { region: Some(otop_geo::Region::North), ..Default::default() }))
                .await
                .unwrap()
        ),
        3
    );
    assert_eq!(
        count(
            store
                .services(&f(ServiceFilter { region: Some(otop_geo::Region::South), ..Default::default() }))
                .await
                .unwrap()
        ),
        1
    );
    assert_eq!(
        count(
            store
                .services(&f(ServiceFilter { provider_kind: Some(ProviderKind::Bank), ..Default::default() }))
                .await
                .unwrap()
        ),
        1
    );
    let text = store.services(&f(ServiceFilter { q: Some("อบแห้ง".into()), ..Default::default() })).await.unwrap();
    assert_eq!(text.total, 1);
    assert_eq!(text.items[0].provider_name, "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้");
    // Withdrawing hides the service from the directory but keeps it.
    let mut withdrawn = store.service(loan).await.unwrap().service.data;
    withdrawn.active = false;
    store.update_service(&actor(), loan, &withdrawn).await.unwrap();
    assert_eq!(count(store.services(&f(ServiceFilter::default())).await.unwrap()), 2);
    assert_eq!(
        count(store.services(&f(ServiceFilter { include_withdrawn: true, ..Default::default() })).await.unwrap()),
        3
    );
    let back = store.service(loan).await.unwrap();
    assert_eq!(back.service.data, withdrawn);
    assert_eq!(back.provider_kind, ProviderKind::Bank);
});

/// An enterprise of Lamphun with one product and one need about that product.
fn bundle(n: u64) -> EnterpriseBundle {
    EnterpriseBundle {
        data: lamphun(n),
        products: vec![ProductData {
            enterprise_id: 0,
            name: "ลำไยอบแห้ง".into(),
            category: Category::Food,
            description: String::new(),
            stars: Stars::new(3),
            price: Some(Satang(12_000)),
        }],
        needs: vec![(
            Some(0),
            NeedData {
                enterprise_id: 0,
                product_id: None,
                text: "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา".into(),
                province_code: 51,
                category: Some(Category::Food),
                stages: vec![],
                status: NeedStatus::Open,
                created_on: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            },
        )],
    }
}

test_both_backends!(bulk_insert_is_all_or_nothing, |store: Store| async move {
    let bundles: Vec<EnterpriseBundle> = (100..1_000).map(bundle).collect();
    let ids = store.insert_bundles(&actor(), &bundles, false).await.unwrap();
    assert_eq!(ids.len(), 900);
    assert!(ids.iter().all(|id| *id > 0));
    let c = store.counts().await.unwrap();
    assert_eq!((c.enterprises, c.products, c.open_needs), (900, 900, 900));
    let e = store.enterprise(ids[500]).await.unwrap();
    assert_eq!(e.data, bundles[500].data);
    let needs = store.needs_of(ids[500]).await.unwrap();
    let products = store.products_of(ids[500]).await.unwrap();
    assert_eq!(needs[0].data.product_id, Some(products[0].id));
    // A batch with one duplicate inserts nothing at all.
    let again: Vec<EnterpriseBundle> = vec![bundle(5_000), bundle(5_001), bundle(100)];
    assert!(matches!(store.insert_bundles(&actor(), &again, true).await, Err(StoreError::Duplicate { .. })));
    assert_eq!(store.counts().await.unwrap().enterprises, 900);
    assert!(store.enterprise_id_by_registration(bundles[0].data.registration.number()).await.unwrap().is_some());
    assert!(store.enterprise_id_by_registration(&national_id(310_000_005_000)).await.unwrap().is_none());
});

// The bulk path hands its rows to the engine as JSON: every character must come back as
// it went in, and the rows written next (one by one) must get ids of their own.
test_both_backends!(bulk_rows_keep_every_character_and_the_ids_go_on, |store: Store| async move {
    let awkward = [
        "บ้าน \"ดอกแก้ว\" จำกัด",
        "C:\\ทาง\\ลับ",
        "บรรทัดแรก\nบรรทัดสอง\tแท็บ",
        "กุ้ง 🦐 & ปู <b>",
        "ผ้า'ไหม'\u{7f}\u{1}",
        "  ช่องว่างหัวท้าย  ",
    ];
    let mut bundles: Vec<EnterpriseBundle> = (0..awkward.len() as u64).map(|i| bundle(200 + i)).collect();
    for (b, text) in bundles.iter_mut().zip(awkward) {
        b.data.name = text.to_string();
        b.data.address.line = text.to_string();
        b.data.email = None;
        b.data.stars = None;
        b.products[0].description = text.to_string();
        b.products[0].price = None;
        // Two products of the same name: each need points at the one it was given.
        b.products.push(b.products[0].clone());
        b.needs[0].0 = Some(1);
        b.needs[0].1.text = text.to_string();
    }
    let ids = store.insert_bundles(&actor(), &bundles, false).await.unwrap();
    let mut load = store.begin_bulk_load(1).await.unwrap();
    let mut later = bundle(300);
    later.data.name = awkward[0].to_string();
    load.insert(std::slice::from_ref(&later)).await.unwrap();
    load.finish(&actor()).await.unwrap();
    for (b, id) in bundles.iter().zip(&ids) {
        assert_eq!(store.enterprise(*id).await.unwrap().data, b.data);
        let products = store.products_of(*id).await.unwrap();
        assert_eq!(products.len(), 2);
        assert_eq!(products[1].data.description, b.products[0].description);
        assert_eq!(products[1].data.price, None);
        let needs = store.needs_of(*id).await.unwrap();
        assert_eq!(needs[0].data.text, b.needs[0].1.text);
        assert_eq!(needs[0].data.product_id, Some(products[1].id));
    }
    let later_id = store.enterprise_id_by_registration(later.data.registration.number()).await.unwrap().unwrap();
    assert!(later_id > *ids.iter().max().unwrap());
    // An enterprise added by hand after the loads takes the next id, not one of theirs.
    let by_hand = store.create_enterprise(&actor(), &lamphun(400)).await.unwrap();
    assert!(by_hand > later_id);
    let product = store.products_of(later_id).await.unwrap()[0].clone();
    let mut another = product.data.clone();
    another.enterprise_id = by_hand;
    assert!(store.create_product(&actor(), &another).await.unwrap() > product.id);
});

// SQLite's load checks the places itself (its foreign keys are off for speed);
// PostgreSQL's foreign keys refuse them. Either way nothing of the load stays.
test_both_backends!(bulk_load_refuses_a_place_that_does_not_exist, |store: Store| async move {
    type Spoil = fn(&mut EnterpriseBundle);
    let cases: [(Spoil, &str, i64); 4] = [
        (|b| b.data.address.subdistrict_code = 999_999, "subdistrict", 999_999),
        (|b| b.data.address.district_code = 9_999, "district", 9_999),
        (|b| b.data.address.province_code = 99, "province", 99),
        (|b| b.needs[0].1.province_code = 98, "province", 98),
    ];
    for (spoil, kind, code) in cases {
        let mut bundles: Vec<EnterpriseBundle> = (0..20).map(|i| bundle(500 + i)).collect();
        spoil(&mut bundles[13]);
        let mut load = store.begin_bulk_load(bundles.len()).await.unwrap();
        load.insert(&bundles[..10]).await.unwrap();
        let err = load.insert(&bundles[10..]).await.unwrap_err();
        match (store.backend(), err) {
            (Backend::Sqlite, StoreError::UnknownPlace { kind: k, code: c }) => assert_eq!((k, c), (kind, code)),
            (Backend::Postgres, StoreError::Db(e)) => assert!(e.to_string().contains("foreign key"), "{e}"),
            (_, other) => panic!("{kind} {code}: {other:?}"),
        }
        load.abort().await;
        assert_eq!(store.counts().await.unwrap().enterprises, 0);
    }
    // The connection that switched its foreign keys off went with the load.
    let mut wrong = lamphun(600);
    wrong.address.province_code = 99;
    assert!(store.create_enterprise(&actor(), &wrong).await.is_err());
    assert_eq!(store.counts().await.unwrap().enterprises, 0);
});

test_both_backends!(geography_is_loaded_once, |store: Store| async move {
    assert!(!store.seed_geography().await.unwrap());
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subdistricts").fetch_one(store.pool()).await.unwrap();
    assert_eq!(n, 7_436);
    let north: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM provinces WHERE region = 'north'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(north, 9);
    // Migrating again applies nothing.
    assert!(store.migrate().await.unwrap().is_empty());
});

test_both_backends!(products_and_needs, |store: Store| async move {
    let eid = store.create_enterprise(&actor(), &lamphun(7)).await.unwrap();
    let p = ProductDraft {
        name: "ลำไยอบแห้งสีทอง".into(),
        category: "อาหาร".into(),
        price: "120".into(),
        ..Default::default()
    }
    .validate(eid)
    .unwrap();
    let pid = store.create_product(&actor(), &p).await.unwrap();
    assert_eq!(store.product(pid).await.unwrap().data, p);
    let need = NeedDraft {
        text: "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา".into(), ..Default::default()
    }
    .validate(eid, Some(pid), 51, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap())
    .unwrap();
    let nid = store.create_need(&actor(), &need).await.unwrap();
    assert_eq!(store.need(nid).await.unwrap().data, need);
    assert!(matches!(store.product(9_999).await, Err(StoreError::NotFound)));
});

test_both_backends!(services_by_ids_and_changed_since, |store: Store| async move {
    let p = provider(&store, "คลินิกเทคโนโลยีทดสอบ", ProviderKind::TechnologyClinic).await;
    let a = store.create_service(&actor(), &service(p, "อบแห้ง", &[], &[], Coverage::Nationwide)).await.unwrap();
    let b = store.create_service(&actor(), &service(p, "บรรจุภัณฑ์", &[], &[], Coverage::Nationwide)).await.unwrap();
    let mut got: Vec<i64> =
        store.services_by_ids(&[b, a, 999_999]).await.unwrap().iter().map(|l| l.service.id).collect();
    got.sort_unstable();
    assert_eq!(got, [a, b]);
    assert!(store.services_by_ids(&[]).await.unwrap().is_empty());
    let all = store.services_changed_since("2000-01-01T00:00:00.000Z").await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(store.services_changed_since("2999-01-01T00:00:00.000Z").await.unwrap().is_empty());
});

/// The database's index names, to compare before and after a bulk load.
async fn index_names(store: &Store) -> Vec<String> {
    let sql = match store.backend() {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name",
        Backend::Postgres => "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
    };
    sqlx::query_scalar(sql).fetch_all(store.pool()).await.unwrap()
}

/// After a bulk load, SQLite is back in WAL mode and its file is sound.
async fn sqlite_is_sound(store: &Store) {
    if store.backend() == Backend::Sqlite {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(store.pool()).await.unwrap();
        assert_eq!(mode, "wal");
        let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(store.pool()).await.unwrap();
        assert_eq!(check, "ok");
    }
}

// 12,000 enterprises: above the size from which SQLite rebuilds the indexes after the load.
test_both_backends!(bulk_load_is_one_transaction_and_keeps_the_indexes, |store: Store| async move {
    let before = index_names(&store).await;
    let audits = store.audit_count().await.unwrap();
    let bundles: Vec<EnterpriseBundle> = (0..12_000).map(bundle).collect();
    let mut load = store.begin_bulk_load(bundles.len()).await.unwrap();
    assert!(load.registrations().await.unwrap().is_empty());
    for part in bundles.chunks(5_000) {
        load.insert(part).await.unwrap();
    }
    assert_eq!(load.finish(&actor()).await.unwrap(), 12_000);
    assert_eq!(index_names(&store).await, before);
    let c = store.counts().await.unwrap();
    assert_eq!((c.enterprises, c.products, c.open_needs), (12_000, 12_000, 12_000));
    // One audit row for the whole load.
    assert_eq!(store.audit_count().await.unwrap(), audits + 1);
    let id = store.enterprise_id_by_registration(bundles[11_000].data.registration.number()).await.unwrap().unwrap();
    assert_eq!(store.enterprise(id).await.unwrap().data, bundles[11_000].data);
    let products = store.products_of(id).await.unwrap();
    assert_eq!(store.needs_of(id).await.unwrap()[0].data.product_id, Some(products[0].id));
    sqlite_is_sound(&store).await;
    // The next load sees what the first one stored.
    let mut load = store.begin_bulk_load(10).await.unwrap();
    assert_eq!(load.registrations().await.unwrap().len(), 12_000);
    load.abort().await;
});

test_both_backends!(bulk_load_that_fails_leaves_the_database_as_it_was, |store: Store| async move {
    // A unique index that a later migration might add. SQLite drops it for the load and
    // must prove it again when it builds it at the end; PostgreSQL checks it row by row.
    sqlx::query("CREATE UNIQUE INDEX enterprises_unique_name ON enterprises(name)")
        .execute(store.pool())
        .await
        .unwrap();
    store.insert_bundles(&actor(), &[bundle(99_999)], false).await.unwrap();
    let before = index_names(&store).await;
    let audits = store.audit_count().await.unwrap();
    let mut bundles: Vec<EnterpriseBundle> = (0..12_000).map(bundle).collect();
    bundles[11_999].data.name = bundles[3].data.name.clone();
    let mut load = store.begin_bulk_load(bundles.len()).await.unwrap();
    let mut inserted = Ok(());
    for part in bundles.chunks(5_000) {
        inserted = load.insert(part).await;
        if inserted.is_err() {
            break;
        }
    }
    match inserted {
        Ok(()) => assert!(load.finish(&actor()).await.is_err(), "the duplicate name must fail the load"),
        Err(_) => load.abort().await,
    }
    assert_eq!(store.counts().await.unwrap().enterprises, 1);
    assert_eq!(store.audit_count().await.unwrap(), audits);
    assert_eq!(index_names(&store).await, before);
    sqlite_is_sound(&store).await;
    // The lock is released: a good load goes through.
    let mut load = store.begin_bulk_load(11_999).await.unwrap();
    load.insert(&bundles[..11_999]).await.unwrap();
    assert_eq!(load.finish(&actor()).await.unwrap(), 11_999);
    assert_eq!(store.counts().await.unwrap().enterprises, 12_000);
    assert_eq!(index_names(&store).await, before);
    sqlite_is_sound(&store).await;
});
