//! `letterpress init`: a new newsletter project — `letterpress.yaml` with
//! every key shown, a `content/` folder with one example post, a commented
//! `schedule.yaml`, an empty `subscribers.csv` and a `.gitignore` for what
//! holds readers' addresses. The starter files are embedded from
//! `src/init/`; nothing that exists is overwritten.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::fsutil::{self, FsError};

/// What the new project is called and who sends it.
#[derive(Debug, Clone)]
pub(crate) struct InitOptions {
    /// The folder to create the project in.
    pub dir: PathBuf,
    /// The newsletter's name.
    pub name: String,
    /// The sender, `Name <address>` or an address.
    pub from: String,
    /// Where the web archive will be published.
    pub url: String,
    /// The example post's publication date (today).
    pub today: NaiveDate,
}

/// What `init` did with each starter file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Created {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that existed and were left as they were.
    pub kept: Vec<PathBuf>,
}

/// The starter files: path in the project, embedded text.
const FILES: [(&str, &str); 5] = [
    ("letterpress.yaml", include_str!("init/letterpress.yaml")),
    ("content/welcome.md", include_str!("init/welcome.md")),
    ("schedule.yaml", include_str!("init/schedule.yaml")),
    ("subscribers.csv", include_str!("init/subscribers.csv")),
    (".gitignore", include_str!("init/gitignore")),
];

/// Writes the starter files into `options.dir`, keeping any that exist.
pub(crate) fn init(options: &InitOptions) -> Result<Created, FsError> {
    let mut created = Created {
        written: Vec::new(),
        kept: Vec::new(),
    };
    for (name, template) in FILES {
        let path = options.dir.join(name);
        if path.exists() {
            created.kept.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            fsutil::create_dir_all(parent)?;
        }
        fsutil::write_atomic(&path, fill(template, options).as_bytes())?;
        created.written.push(path);
    }
    // The schemas the settings and schedule name on their first line.
    for kind in crate::schema::Kind::ALL {
        let path = options
            .dir
            .join(crate::schema::FOLDER)
            .join(kind.file_name());
        if path.exists() {
            created.kept.push(path);
            continue;
        }
        fsutil::create_dir_all(path.parent().unwrap_or(&options.dir))?;
        fsutil::write_atomic(&path, kind.json().as_bytes())?;
        created.written.push(path);
    }
    Ok(created)
}

/// The template with the options put in, quoted for YAML where needed.
fn fill(template: &str, options: &InitOptions) -> String {
    let address = from_address(&options.from);
    let base = if options.url.ends_with('/') {
        options.url.clone()
    } else {
        format!("{}/", options.url)
    };
    template
        .replace("{{name}}", &quoted(&options.name))
        .replace("{{name_plain}}", &options.name)
        .replace("{{from}}", &quoted(&options.from))
        .replace("{{from_address}}", &address)
        .replace("{{url}}", &quoted(&options.url))
        .replace("{{url_base}}", &base)
        .replace("{{today}}", &options.today.to_string())
}

/// The address inside `Name <address>`, or the text itself.
fn from_address(from: &str) -> String {
    match (from.rfind('<'), from.rfind('>')) {
        (Some(open), Some(close)) if open < close => from[open + 1..close].trim().to_string(),
        _ => from.trim().to_string(),
    }
}

/// A double-quoted YAML string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn options(dir: &Path) -> InitOptions {
        InitOptions {
            dir: dir.to_path_buf(),
            name: "Ada's \"Weekly\"".into(),
            from: "Ada <ada@example.org>".into(),
            url: "https://ada.example.org/news".into(),
            today: NaiveDate::from_ymd_opt(2027, 1, 5).expect("date"),
        }
    }

    #[test]
    fn the_settings_it_writes_load_and_say_what_was_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let created = init(&options(dir.path())).expect("init");
        assert_eq!(
            created.written.len(),
            8,
            "five starter files and three schemas"
        );
        let settings = crate::settings::Settings::load(dir.path()).expect("settings load");
        assert_eq!(settings.newsletter.name, "Ada's \"Weekly\"");
        assert_eq!(settings.send.from, "Ada <ada@example.org>");
        assert_eq!(settings.send.unsubscribe_mailto, "ada@example.org");
        assert_eq!(
            settings.send.unsubscribe_url,
            "https://ada.example.org/news/unsubscribe"
        );
        assert_eq!(settings.content, [PathBuf::from("content")]);
        let post = std::fs::read_to_string(dir.path().join("content/welcome.md")).expect("post");
        assert!(post.contains("published: 2027-01-05"));
    }

    #[test]
    fn nothing_that_exists_is_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("letterpress.yaml"), "mine\n").expect("write");
        let created = init(&options(dir.path())).expect("init");
        assert_eq!(created.kept, [dir.path().join("letterpress.yaml")]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("letterpress.yaml")).expect("read"),
            "mine\n"
        );
    }
}
