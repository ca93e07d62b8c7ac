//! `otop-upgrade account invite`: creates an account from the command line and prints its
//! invitation link. This is how a new deployment gets its first administrator.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use otop_domain::access::AccountDraft;
use otop_store::Actor;

use crate::config::Config;
use crate::fatal::{CliResult, Fatal};

#[derive(Args, Debug)]
pub struct AccountArgs {
    #[command(subcommand)]
    command: AccountCommand,
}

#[derive(Subcommand, Debug)]
enum AccountCommand {
    /// สร้างบัญชีและพิมพ์ลิงก์ตั้งรหัสผ่าน / Create an account and print its set-password link
    Invite(InviteArgs),
}

#[derive(Args, Debug)]
struct InviteArgs {
    /// บทบาท / Role: admin, national_officer, regional_officer, provincial_officer, partner_officer, provider_staff
    #[arg(long)]
    role: String,
    /// ชื่อ-นามสกุล / Full name
    #[arg(long)]
    name: String,
    /// อีเมลหรือเบอร์มือถือ / E-mail or mobile number to sign in with
    #[arg(long)]
    sign_in: String,
    /// จังหวัด (เจ้าหน้าที่จังหวัด) / Provinces of a provincial officer, comma-separated
    #[arg(long, default_value = "")]
    provinces: String,
    /// ภาค (ศวภ.) / Region of a regional officer
    #[arg(long, default_value = "")]
    region: String,
    /// รหัสผู้ให้บริการ / Provider id of provider staff
    #[arg(long, default_value = "")]
    provider_id: String,
    /// หน่วยงานพันธมิตร / Partner agency: dip, cdd, kbo
    #[arg(long, default_value = "")]
    agency: String,
}

pub async fn run(cfg: &Config, args: AccountArgs) -> CliResult {
    let AccountCommand::Invite(a) = args.command;
    let draft = AccountDraft {
        name: a.name,
        sign_in: a.sign_in,
        role: a.role,
        provinces: a.provinces,
        region: a.region,
        provider_id: a.provider_id,
        provider_manager: String::new(),
        agency: a.agency,
    };
    let account = draft.validate().map_err(|errs| {
        let (th, en): (Vec<String>, Vec<String>) = errs
            .errors
            .iter()
            .map(|e| {
                (
                    format!("--{}: {}", e.field.replace('_', "-"), e.message.th),
                    format!("--{}: {}", e.field.replace('_', "-"), e.message.en),
                )
            })
            .unzip();
        Fatal::plain(th.join("; "), en.join("; "))
    })?;
    let store = super::open_store(cfg).await?;
    let (id, link) = otop_app::auth::invite(&store, &Actor::new("cli account invite"), &account, &cfg.public_url)
        .await
        .map_err(|e| match e {
            otop_store::StoreError::Duplicate { message, .. } => Fatal::plain(message.th, message.en),
            other => super::db_error(other),
        })?;
    println!(
        "สร้างบัญชี #{id} แล้ว — ส่งลิงก์นี้ให้เจ้าของบัญชีเพื่อตั้งรหัสผ่าน (ใช้ได้ 7 วัน) / Account #{id} created — send this link to its owner to set a password (valid 7 days):"
    );
    println!("{link}");
    Ok(ExitCode::SUCCESS)
}
