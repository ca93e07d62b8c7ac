//! Use cases that span several crates — loading the demo set, importing a sheet of
//! enterprises — written once here so the CLI and the web do exactly the same thing.

pub mod auth;
pub mod demo;
pub mod demo_accounts;
pub mod demo_workflow;
pub mod export;
pub mod import;
pub mod match_files;
pub mod matching;
pub mod outbox;
