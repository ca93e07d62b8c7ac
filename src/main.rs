//! `otop-upgrade`: one binary for the whole platform. This file only parses the command
//! line and dispatches; each subcommand lives in `commands/`.

mod commands;
mod config;
mod fatal;

use clap::{Parser, Subcommand};

use crate::config::GlobalArgs;

#[derive(Parser, Debug)]
#[command(
    name = "otop-upgrade",
    version,
    about = "ระบบยกระดับโอทอปด้วย วทน. — OTOP upgrade with science, technology and innovation"
)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// เปิดเว็บ (ค่าเริ่มต้น) / Serve the web application (the default)
    Serve,
    /// ปรับโครงสร้างฐานข้อมูล / Apply database migrations
    Migrate,
    /// นำเข้าข้อมูลจากไฟล์ CSV หรือ Excel / Import records from a CSV or Excel file
    Import(commands::import::ImportArgs),
    /// ส่งออกข้อมูลเป็น CSV หรือ Excel / Export records to CSV or Excel
    Export(commands::export::ExportArgs),
    /// จับคู่ความต้องการกับบริการจากไฟล์หรือฐานข้อมูล / Rank services for each need of a file
    Match(commands::match_::MatchArgs),
    /// ใส่ข้อมูลตัวอย่าง / Load demo data, or generate N enterprises for performance work
    Demo(commands::demo::DemoArgs),
    /// สำรองฐานข้อมูล SQLite / Back up the SQLite database
    Backup(commands::backup::BackupArgs),
    /// บัญชีผู้ใช้ เช่น สร้างผู้ดูแลระบบคนแรก / Accounts, e.g. the first administrator
    Account(commands::account::AccountArgs),
    /// ตรวจความถูกต้องของฐานข้อมูล เช่น บัญชีงบประมาณ / Check the database's integrity (budget ledger, workflow, references); exit 1 on a problem
    Verify,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    config::init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fatal::exit(fatal::Fatal::new("เริ่มระบบไม่สำเร็จ", "Cannot start the runtime", e)),
    };
    let result = runtime.block_on(async move {
        let cfg = cli.global.resolve()?;
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => commands::serve::run(&cfg).await,
            Command::Migrate => commands::migrate::run(&cfg).await,
            Command::Import(a) => commands::import::run(&cfg, a).await,
            Command::Export(a) => commands::export::run(&cfg, a).await,
            Command::Match(a) => commands::match_::run(&cfg, a).await,
            Command::Demo(a) => commands::demo::run(&cfg, a).await,
            Command::Backup(a) => commands::backup::run(&cfg, a).await,
            Command::Account(a) => commands::account::run(&cfg, a).await,
            Command::Verify => commands::verify::run(&cfg).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(f) => fatal::exit(f),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
