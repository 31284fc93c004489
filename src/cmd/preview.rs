//! `letterpress preview ISSUE_DIR`: a tiny HTTP server on 127.0.0.1 that
//! serves a rendered issue (`/` is the email, `/email.txt` and `/archive.md`
//! the other parts) until it is stopped with Ctrl-C.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::PreviewArgs;
use crate::issue_dir::{IssueDir, Part};

/// Runs the command.
pub fn execute(args: &PreviewArgs, _g: &super::Global<'_>) -> anyhow::Result<ExitCode> {
    if !IssueDir::new(&args.dir).has(Part::EmailHtml) {
        anyhow::bail!(
            "{}: no {}; run `letterpress render {}` first",
            args.dir.display(),
            Part::EmailHtml.file_name(),
            args.dir.display()
        );
    }
    let listener = TcpListener::bind(("127.0.0.1", args.port)).with_context(|| {
        format!(
            "cannot listen on 127.0.0.1:{}; try another --port",
            args.port
        )
    })?;
    let address = listener.local_addr()?;
    // Always printed (scripts and tests read it), even with --quiet.
    println!("preview: http://{address}/ (Ctrl-C to stop)");
    std::io::stdout().flush()?;
    for stream in listener.incoming().flatten() {
        if let Err(e) = serve(stream, &args.dir) {
            eprintln!("preview: {e}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn serve(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut request = String::new();
    BufReader::new(&stream).read_line(&mut request)?;
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let part = match path {
        "/" => Some(Part::EmailHtml),
        _ => Part::ALL
            .into_iter()
            .find(|part| path.strip_prefix('/') == Some(part.file_name())),
    };
    let read = part.map(|part| {
        (
            std::fs::read(IssueDir::new(dir).part(part)),
            content_type(part),
        )
    });
    let (status, kind, body) = match read {
        Some((Ok(body), kind)) => ("200 OK", kind, body),
        _ => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

/// The Content-Type a part is served with.
fn content_type(part: Part) -> &'static str {
    match part {
        Part::EmailHtml | Part::Web => "text/html; charset=utf-8",
        Part::EmailText => "text/plain; charset=utf-8",
        Part::Archive => "text/markdown; charset=utf-8",
    }
}
