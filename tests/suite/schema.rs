//! `letterpress schema`: the JSON Schemas of issue.yaml, letterpress.yaml
//! and schedule.yaml, checked by an independent validator (Python's
//! jsonschema, in the test venv) against the files letterpress writes and
//! this repository's own, and named on the first line of generated files.

use std::path::Path;
use std::process::Command;

use crate::common::{root, Project};
use crate::smtp::python;

/// Validates each YAML file against the schema its first line names (or
/// `schema` when given); returns the problems, one line per file.
fn validate(files: &[&Path], schema: Option<&Path>) -> String {
    // Dates stay strings, as in YAML 1.2 and the language servers (PyYAML's
    // YAML 1.1 timestamps would turn them into datetime objects).
    let script = "import json, sys, yaml, jsonschema, pathlib\n\
        class Loader(yaml.SafeLoader): pass\n\
        Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != 'tag:yaml.org,2002:timestamp'] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}\n\
        schema_arg = sys.argv[1]\n\
        out = []\n\
        for name in sys.argv[2:]:\n\
        \x20   path = pathlib.Path(name)\n\
        \x20   text = path.read_text()\n\
        \x20   if schema_arg:\n\
        \x20       schema_path = pathlib.Path(schema_arg)\n\
        \x20   else:\n\
        \x20       first = text.splitlines()[0]\n\
        \x20       assert first.startswith('# yaml-language-server: $schema='), first\n\
        \x20       schema_path = path.parent / first.split('=', 1)[1]\n\
        \x20   schema = json.loads(schema_path.read_text())\n\
        \x20   errors = sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(yaml.load(text, Loader=Loader)))\n\
        \x20   if errors: out.append(f'{name}: ' + '; '.join(errors))\n\
        print('\\n'.join(out))";
    let out = Command::new(python())
        .args(["-c", script])
        .arg(schema.map(|s| s.display().to_string()).unwrap_or_default())
        .args(files)
        .output()
        .expect("python3 with jsonschema and PyYAML (bash .ci/run installs them)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_new_project_names_its_schemas_and_its_files_follow_them() {
    let home = Project::new();
    home.ok([
        "init",
        "news",
        "--name",
        "News",
        "--from",
        "Me <me@example.com>",
        "--url",
        "https://example.com/news/",
    ]);
    let project = home.join("news");
    home.letterpress(["build"]).dir(&project).ok();
    let issue = std::fs::read_dir(project.join("issues"))
        .expect("issues")
        .next()
        .expect("an issue")
        .expect("entry")
        .path()
        .join("issue.yaml");
    let text = std::fs::read_to_string(&issue).expect("issue.yaml");
    assert!(
        text.starts_with("# yaml-language-server: $schema=../../schemas/issue.schema.json\n"),
        "{text}"
    );
    let schedule = project.join("schedule.yaml");
    let plan = std::fs::read_to_string(&schedule).expect("schedule.yaml");
    std::fs::write(
        &schedule,
        plan.replacen(
            "entries: []",
            "entries:\n  - issue: next\n    send_at: 2027-01-05",
            1,
        ),
    )
    .expect("an entry");
    let files = [
        project.join("letterpress.yaml"),
        schedule.clone(),
        issue.clone(),
    ];
    let files: Vec<&Path> = files.iter().map(|f| f.as_path()).collect();
    assert_eq!(validate(&files, None), "");
    // Not vacuous: a key the reader refuses is refused by the schema too.
    std::fs::write(&issue, text.replacen("subject:", "subjekt:", 1)).expect("typo");
    let problems = validate(&[issue.as_path()], None);
    assert!(problems.contains("'subjekt'"), "{problems}");
    assert!(
        problems.contains("'subject' is a required property"),
        "{problems}"
    );
}

#[test]
fn this_repository_s_files_follow_the_printed_schemas() {
    let scratch = Project::new();
    for kind in ["issue", "settings", "schedule"] {
        let done = scratch.ok(["schema", kind]);
        scratch.write(format!("{kind}.json"), done.stdout);
    }
    let settings = root().join("letterpress.yaml");
    assert_eq!(
        validate(&[&settings], Some(&scratch.join("settings.json"))),
        ""
    );
    let issues: Vec<_> = std::fs::read_dir(root().join("issues"))
        .expect("issues")
        .map(|e| e.expect("entry").path().join("issue.yaml"))
        .collect();
    assert!(issues.len() > 50);
    let issues: Vec<&Path> = issues.iter().map(|p| p.as_path()).collect();
    assert_eq!(validate(&issues, Some(&scratch.join("issue.json"))), "");
    // The committed schemas/ are what this version prints.
    for kind in ["issue", "settings", "schedule"] {
        let printed = scratch.read(format!("{kind}.json"));
        let committed = std::fs::read_to_string(root().join(format!("schemas/{kind}.schema.json")))
            .expect("schemas/ (letterpress schema --write)");
        assert_eq!(
            printed, committed,
            "schemas/{kind}.schema.json is stale: run `letterpress schema --write`"
        );
    }
}
