//! Exit codes: one place maps outcomes and failures to the numbers `--help` documents.

use std::process::ExitCode;

use stancemap_store::StoreError;

/// How a command that ran to the end went.
pub enum Finished {
    Ok,
    SomeSkipped,
}

/// Marks an error as the user's (bad flag value, bad rules file): exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn code(result: anyhow::Result<Finished>) -> ExitCode {
    match result {
        Ok(Finished::Ok) => ExitCode::SUCCESS,
        Ok(Finished::SomeSkipped) => ExitCode::from(1),
        Err(err) => {
            eprintln!("stancemap: error: {err:#}");
            ExitCode::from(failure_code(&err))
        }
    }
}

fn failure_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|e| e.is::<UsageError>()) {
        2
    } else if err.chain().any(|e| e.is::<StoreError>()) {
        3
    } else {
        4
    }
}
