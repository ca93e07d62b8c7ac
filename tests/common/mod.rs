//! Running the built binary the way people do, shared by the CLI test files.

#![allow(dead_code)] // each test file uses its own subset

use std::path::Path;
use std::process::{Command, Output};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_otop-upgrade"));
    // Tests choose their own configuration; the developer's environment must not leak in.
    for v in ["OTOP_DATABASE_URL", "OTOP_DATA_DIR", "OTOP_BIND", "OTOP_PUBLIC_URL", "OTOP_MAIL_COMMAND"] {
        c.env_remove(v);
    }
    c.env("OTOP_LOG", "warn");
    c
}

pub fn run(args: &[&str], data_dir: &Path) -> Output {
    bin().arg("--data-dir").arg(data_dir).args(args).output().expect("run otop-upgrade")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
