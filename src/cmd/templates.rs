//! `letterpress templates eject`: the built-in templates, written out to edit.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::TemplatesCommand;
use crate::render::templates;

/// Runs the command.
pub fn execute(command: &TemplatesCommand, quiet: bool) -> anyhow::Result<ExitCode> {
    let TemplatesCommand::Eject { force } = command;
    let written = templates::eject(Path::new("."), *force)?;
    if !quiet {
        for path in &written {
            println!("wrote {}", path.display());
        }
        let kept = templates::DEFAULTS.len() - written.len();
        if kept > 0 {
            println!("kept {kept} existing templates (use --force to overwrite them)");
        }
    }
    Ok(ExitCode::SUCCESS)
}
