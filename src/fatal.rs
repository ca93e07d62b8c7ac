//! A stop with one clear line in Thai and English and a non-zero exit.

use std::process::ExitCode;

#[derive(Debug)]
pub struct Fatal {
    pub th: String,
    pub en: String,
    pub cause: Option<String>,
}

impl Fatal {
    pub fn new(th: impl Into<String>, en: impl Into<String>, cause: impl std::fmt::Display) -> Self {
        Self { th: th.into(), en: en.into(), cause: Some(cause.to_string()) }
    }

    pub fn plain(th: impl Into<String>, en: impl Into<String>) -> Self {
        Self { th: th.into(), en: en.into(), cause: None }
    }

    /// For errors whose Display is already a full bilingual line.
    pub fn line(line: impl std::fmt::Display) -> Self {
        let s = line.to_string();
        match s.split_once(" / ") {
            Some((th, en)) => Self::plain(th, en),
            None => Self::plain(s.clone(), s),
        }
    }
}

pub type CliResult = Result<ExitCode, Fatal>;

pub fn exit(f: Fatal) -> ExitCode {
    let cause = f.cause.map(|c| format!(" ({})", c.lines().next().unwrap_or(""))).unwrap_or_default();
    eprintln!("ข้อผิดพลาด: {} / Error: {}{}", f.th, f.en, cause);
    ExitCode::from(2)
}
