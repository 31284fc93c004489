//! `letterpress templates eject`: the built-in templates, written out to edit.

use super::{Exit, Global};
use crate::cli::TemplatesCommand;
use crate::render::templates;

/// Runs the command.
pub(crate) fn execute(command: &TemplatesCommand, g: &Global<'_>) -> anyhow::Result<Exit> {
    let TemplatesCommand::Eject { force } = command;
    let written = templates::eject(g.root, *force)?;
    if !g.quiet {
        for path in &written {
            println!("wrote {}", path.display());
        }
        let kept = templates::DEFAULTS.len() - written.len();
        if kept > 0 {
            println!("kept {kept} existing templates (use --force to overwrite them)");
        }
    }
    Ok(Exit::Done)
}
