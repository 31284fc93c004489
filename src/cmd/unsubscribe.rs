//! `letterpress unsubscribe --list FILE TOKEN_OR_ADDRESS…`.

use super::{Exit, Global};
use crate::cli::UnsubscribeArgs;
use crate::deliver::unsubscribe;
use crate::project::Project;

/// Runs the command.
pub(crate) fn execute(args: &UnsubscribeArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    let settings = Project::load(g.root)?.settings;
    let secret = unsubscribe::secret(&settings.send.secret_env)?;
    let done = unsubscribe::apply(
        &args.list,
        &settings.send.list_name,
        secret.as_bytes(),
        &args.keys,
    )?;
    if !g.quiet {
        for address in &done.marked {
            println!("unsubscribed {address}");
        }
    }
    for key in &done.unknown {
        eprintln!("{}: no row matches `{key}` (a token from another list or secret, or an address not in it)", args.list.display());
    }
    Ok(Exit::failed_if(!done.unknown.is_empty()))
}
