//! `letterpress schema issue|settings|schedule [--write]`: the JSON Schema
//! of a file the writer edits, for YAML language servers.

use super::{Exit, Global};
use crate::cli::{SchemaArgs, SchemaKind};
use crate::schema::{self, Kind};

/// Runs the command.
pub(crate) fn execute(args: &SchemaArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    if args.write {
        for path in schema::write_all(g.root)? {
            if !g.quiet {
                println!("wrote {}", path.display());
            }
        }
    } else if let Some(kind) = args.kind {
        print!(
            "{}",
            match kind {
                SchemaKind::Issue => Kind::Issue,
                SchemaKind::Settings => Kind::Settings,
                SchemaKind::Schedule => Kind::Schedule,
            }
            .json()
        );
    }
    Ok(Exit::Done)
}
