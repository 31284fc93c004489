//! The `letterpress` binary: parse arguments, run, print the error chain.

use std::process::ExitCode;

use clap::Parser;
use letterpress::{untold_causes, Exit};

fn main() -> ExitCode {
    let cli = letterpress::cli::Cli::parse();
    match letterpress::run(cli) {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("error: {err}");
            // Only the causes the message does not already tell: most of
            // letterpress's errors write their cause's text into their own
            // message, and keep it as their source too.
            for cause in untold_causes(&err) {
                eprintln!("  caused by: {cause}");
            }
            Exit::Stopped.into()
        }
    }
}
