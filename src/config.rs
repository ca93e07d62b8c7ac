//! Configuration: defaults < `OTOP_*` environment < command-line flags. Every bad value
//! stops the program with one line saying what to fix.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::fatal::Fatal;

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// ฐานข้อมูล เช่น sqlite://data/otop.db หรือ postgres://user@host/db / Database URL
    #[arg(long, env = "OTOP_DATABASE_URL", global = true)]
    database_url: Option<String>,
    /// โฟลเดอร์ข้อมูล / Data folder (SQLite file, backups)
    #[arg(long, env = "OTOP_DATA_DIR", global = true, default_value = "data")]
    data_dir: PathBuf,
    /// ที่อยู่ที่เปิดเว็บ / Address to serve on
    #[arg(long, env = "OTOP_BIND", global = true, default_value = "127.0.0.1:8080")]
    bind: String,
    /// ที่อยู่เว็บที่ผู้ใช้เข้าถึง ใช้ในลิงก์ที่ส่งทางอีเมล/SMS (https:// ทำให้คุกกี้เป็น Secure) /
    /// The address people reach the site at, for links in messages (https:// makes cookies Secure)
    #[arg(long, env = "OTOP_PUBLIC_URL", global = true)]
    public_url: Option<String>,
    /// คำสั่งส่งอีเมล/SMS เช่น "/usr/sbin/sendmail -t" / Command that delivers messages (gets To:, Subject:, body on stdin)
    #[arg(long, env = "OTOP_MAIL_COMMAND", global = true)]
    mail_command: Option<String>,
    /// อยู่หลัง reverse proxy ที่เชื่อถือได้ / Behind a trusted reverse proxy: take the client address from X-Forwarded-For
    #[arg(long, env = "OTOP_TRUST_PROXY", global = true)]
    trust_proxy: bool,
    /// จำนวนวันที่ผู้ให้บริการควรตอบรับการส่งต่อ ก่อนระบบแจ้งว่าล่าช้า / Days a provider has to answer a referral before it is flagged
    #[arg(long, env = "OTOP_REFERRAL_REPLY_DAYS", global = true, default_value = "7")]
    referral_reply_days: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub bind: SocketAddr,
    /// True when the database is the embedded SQLite file in the data folder.
    pub embedded: bool,
    /// For links in messages; `http://` + the bind address unless set.
    pub public_url: String,
    /// Delivers the outbox when set; otherwise admins read it at `/admin/outbox`.
    pub mail_command: Option<String>,
    pub trust_proxy: bool,
    pub referral_reply_days: u32,
}

impl GlobalArgs {
    pub fn resolve(self) -> Result<Config, Fatal> {
        let bind: SocketAddr = self.bind.parse().map_err(|_| {
            Fatal::plain(
                format!("ที่อยู่เว็บไม่ถูกต้อง: \"{}\" — ใช้รูปแบบ IP:พอร์ต เช่น 127.0.0.1:8080", self.bind),
                format!("Invalid bind address \"{}\" — use IP:port, e.g. 127.0.0.1:8080", self.bind),
            )
        })?;
        let url = self.database_url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        let embedded = url.is_none();
        let database_url = match url {
            Some(u) => u,
            None => {
                ensure_writable(&self.data_dir)?;
                format!("sqlite://{}?mode=rwc", self.data_dir.join("otop.db").display())
            }
        };
        let public_url =
            match self.public_url.map(|u| u.trim().trim_end_matches('/').to_string()).filter(|u| !u.is_empty()) {
                Some(u) => {
                    let ok =
                        url::Url::parse(&u).is_ok_and(|p| matches!(p.scheme(), "http" | "https") && p.host().is_some());
                    if !ok {
                        return Err(Fatal::plain(
                            format!("ที่อยู่เว็บสาธารณะไม่ถูกต้อง: \"{u}\" — ใช้รูปแบบ https://otop.example.go.th"),
                            format!("Invalid public URL \"{u}\" — use the form https://otop.example.go.th"),
                        ));
                    }
                    u
                }
                None => format!("http://{bind}"),
            };
        let mail_command = self.mail_command.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        if let Some(c) = &mail_command {
            let program = c.split_whitespace().next().unwrap_or_default();
            let found = Path::new(program).is_file()
                || std::env::var_os("PATH")
                    .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()));
            if !found {
                return Err(Fatal::plain(
                    format!("ไม่พบคำสั่งส่งข้อความ \"{program}\" — ตรวจสอบ --mail-command หรือ OTOP_MAIL_COMMAND"),
                    format!(
                        "The message command \"{program}\" was not found — check --mail-command or OTOP_MAIL_COMMAND"
                    ),
                ));
            }
        }
        let referral_reply_days =
            self.referral_reply_days.trim().parse::<u32>().ok().filter(|d| (1..=90).contains(d)).ok_or_else(|| {
                Fatal::plain(
                    format!("จำนวนวันตอบรับการส่งต่อไม่ถูกต้อง: \"{}\" — ใช้จำนวนเต็ม 1–90 เช่น 7", self.referral_reply_days),
                    format!(
                        "Invalid referral reply days \"{}\" — use a whole number from 1 to 90, e.g. 7",
                        self.referral_reply_days
                    ),
                )
            })?;
        Ok(Config {
            database_url,
            data_dir: self.data_dir,
            bind,
            embedded,
            public_url,
            mail_command,
            trust_proxy: self.trust_proxy,
            referral_reply_days,
        })
    }
}

/// Creates the data folder and proves a file can be written there, so a read-only or
/// mistyped path fails now with a message instead of later inside SQLite.
pub fn ensure_writable(dir: &Path) -> Result<(), Fatal> {
    let fail = |e: std::io::Error| {
        Fatal::new(
            format!("เขียนโฟลเดอร์ข้อมูล \"{}\" ไม่ได้ — ตรวจสอบสิทธิ์ หรือกำหนดที่อื่นด้วย --data-dir", dir.display()),
            format!(
                "Cannot write to the data folder \"{}\" — check its permissions or choose another with --data-dir",
                dir.display()
            ),
            e,
        )
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(".write-test");
    std::fs::write(&probe, b"ok").map_err(fail)?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("OTOP_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
