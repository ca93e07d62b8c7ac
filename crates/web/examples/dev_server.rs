//! A throw-away server over a seeded SQLite database, for looking at the pages by hand:
//! `cargo run -p otop-web --example dev_server -- 127.0.0.1:8088`.

#[path = "../tests/common/mod.rs"]
mod common;

#[tokio::main]
async fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8088".into());
    let db = otop_store::testing::TestDb::new(otop_store::Backend::Sqlite).await;
    common::seed(&db.store).await;
    let e = common::good_enterprise(310_000_000_010).validate().expect("valid");
    db.store.create_enterprise(&otop_store::Actor::new("dev"), &e).await.expect("enterprise");
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("http://{addr}/");
    otop_web::serve(listener, common::state(&db.store).await).await.expect("serve");
    db.cleanup().await;
}
