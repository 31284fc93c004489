//! `letterpress unsubscribe --list FILE TOKEN_OR_ADDRESS…`.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::UnsubscribeArgs;
use crate::deliver::unsubscribe;
use crate::settings::Settings;

/// Runs the command.
pub fn execute(args: &UnsubscribeArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(Path::new("."))?;
    let secret = unsubscribe::secret(&settings.send.secret_env)?;
    let done = unsubscribe::apply(
        &args.list,
        &settings.send.list_name,
        secret.as_bytes(),
        &args.keys,
    )?;
    if !quiet {
        for address in &done.marked {
            println!("unsubscribed {address}");
        }
    }
    for key in &done.unknown {
        eprintln!("{}: no row matches `{key}` (a token from another list or secret, or an address not in it)", args.list.display());
    }
    Ok(if done.unknown.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
