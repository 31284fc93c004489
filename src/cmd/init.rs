//! `letterpress init [DIR]`: a new newsletter project. Asks for the name,
//! sender and address on a terminal when they are not given as flags;
//! scripts get sensible placeholders to edit later.

use super::Exit;
use crate::cli::InitArgs;
use crate::init::{self, InitOptions};
use std::io::{BufRead, IsTerminal, Write};

/// Runs the command.
pub(crate) fn execute(args: &InitArgs, g: &super::Global<'_>) -> anyhow::Result<Exit> {
    let quiet = g.quiet;
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let ask = |flag: &Option<String>, question: &str, default: &str| -> anyhow::Result<String> {
        if let Some(value) = flag {
            return Ok(value.clone());
        }
        if !interactive {
            return Ok(default.to_string());
        }
        eprint!("{question} [{default}]: ");
        std::io::stderr().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        let answer = answer.trim();
        Ok(if answer.is_empty() { default } else { answer }.to_string())
    };
    let name = ask(&args.name, "Newsletter name", "My Newsletter")?;
    let from = ask(
        &args.from,
        "Sender (Name <address>)",
        &format!("{name} <newsletter@example.com>"),
    )?;
    let url = ask(
        &args.url,
        "Web address of the archive",
        "https://example.com/newsletter/",
    )?;
    let options = InitOptions {
        dir: args.dir.clone(),
        name,
        from,
        url,
        today: g.clock.today_local(),
    };
    let created = init::init(&options)?;
    if !quiet {
        for path in &created.written {
            println!("wrote {}", path.display());
        }
        for path in &created.kept {
            println!("kept {} (it exists; init never overwrites)", path.display());
        }
        println!(
            "next: cd {} && letterpress build   (then: letterpress preview, letterpress send issues/<week> --test you@example.com)",
            args.dir.display()
        );
    }
    Ok(Exit::Done)
}
