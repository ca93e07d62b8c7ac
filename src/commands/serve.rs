use std::process::ExitCode;
use std::time::Instant;

use crate::config::Config;
use crate::fatal::{CliResult, Fatal};

/// How often the outbox is handed to the message command, when there is one.
const MAIL_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

pub async fn run(cfg: &Config) -> CliResult {
    let started = Instant::now();
    // Bind first: a port that is taken is the most common start-up mistake, and it should
    // not wait for the database.
    let listener = tokio::net::TcpListener::bind(cfg.bind).await.map_err(|e| {
        let (th, en) = if e.kind() == std::io::ErrorKind::AddrInUse {
            (
                format!("พอร์ต {} ถูกใช้งานอยู่ — ปิดโปรแกรมที่ใช้พอร์ตนี้ หรือเลือกพอร์ตอื่นด้วย --bind หรือ OTOP_BIND", cfg.bind),
                format!(
                    "{} is already in use — stop the other program or choose another with --bind or OTOP_BIND",
                    cfg.bind
                ),
            )
        } else {
            (format!("เปิดที่อยู่ {} ไม่ได้", cfg.bind), format!("Cannot listen on {}", cfg.bind))
        };
        Fatal::new(th, en, e)
    })?;
    let store = super::open_store(cfg).await?;
    // The laptop database starts with the demo, whose accounts share a published password;
    // a shared database (PostgreSQL) starts empty unless `otop-upgrade demo` is run on it.
    if store.is_empty().await.map_err(super::db_error)? {
        if cfg.embedded {
            let loaded = otop_app::demo::load_base(&store).await.map_err(super::db_error)?;
            println!("ใส่ข้อมูลตัวอย่างแล้ว / Loaded demo data: {loaded}");
        } else {
            println!(
                "ฐานข้อมูลว่าง: สร้างผู้ดูแลระบบด้วย `otop-upgrade account invite --role admin --name … --sign-in …` \
                 หรือใส่ข้อมูลตัวอย่างด้วย `otop-upgrade demo` / The database is empty: create the first administrator with \
                 `otop-upgrade account invite --role admin --name … --sign-in …`, or load the demo with `otop-upgrade demo`"
            );
        }
    }
    // The matching index is built before the server says it is ready, and then follows the
    // database, so that services changed through any instance are found within a second.
    let state = otop_web::AppState::start(store.clone())
        .await
        .map_err(|e| Fatal::new("สร้างดัชนีจับคู่บริการไม่ได้", "Cannot build the service matching index", e))?
        .with_public_url(&cfg.public_url)
        .trusting_proxy(cfg.trust_proxy)
        .with_reply_days(cfg.referral_reply_days);
    if let Some(sender) = cfg.mail_command.as_deref().and_then(otop_app::outbox::CommandSender::parse) {
        let store = store.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(MAIL_EVERY);
            loop {
                every.tick().await;
                if let Err(e) = otop_app::outbox::deliver_pending(&store, &sender).await {
                    tracing::warn!(error = %e, "outbox delivery failed");
                }
            }
        });
    }
    let addr = listener.local_addr().map_err(|e| Fatal::new("อ่านที่อยู่ไม่ได้", "Cannot read the address", e))?;
    let counts = store.counts().await.map_err(super::db_error)?;
    println!(
        "otop-upgrade พร้อมใช้งาน / ready: http://{addr}  ({}, {:.0} ms)",
        store.backend().name(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    println!(
        "  ผู้ประกอบการ {} ราย ใน {} จังหวัด · บริการ {} รายการ จาก {} หน่วย / {} enterprises in {} provinces · {} services from {} providers",
        counts.enterprises,
        counts.provinces_with_enterprises,
        counts.services,
        counts.providers,
        counts.enterprises,
        counts.provinces_with_enterprises,
        counts.services,
        counts.providers
    );
    let demo_admin = otop_app::demo_accounts::DEMO_SIGN_INS.last().map(|d| d.sign_in).unwrap_or_default();
    if store.credentials(demo_admin).await.map(|c| c.is_some()).unwrap_or(false) {
        println!(
            "  บัญชีทดลอง (รหัสผ่าน \"{pw}\") / Demo sign-ins (password \"{pw}\"):",
            pw = otop_app::demo_accounts::DEMO_PASSWORD
        );
        for d in otop_app::demo_accounts::DEMO_SIGN_INS {
            println!("    {:<28} {} / {}", d.sign_in, d.role.name_th(), d.role.name_en());
        }
    }
    if cfg.embedded {
        println!("  ฐานข้อมูล / database: {}", cfg.data_dir.join("otop.db").display());
    }
    otop_web::serve(listener, state)
        .await
        .map_err(|e| Fatal::new("เว็บหยุดทำงานผิดปกติ", "The web server stopped with an error", e))?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
