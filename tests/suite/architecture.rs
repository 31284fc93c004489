//! The shape of the library, as the source says it: the top-level modules
//! import each other without a cycle, and no library module reaches up
//! into the command line (`cmd`, `cli`). Read from `src/` with the paths
//! written as `crate::module` (single or grouped `use crate::{…}`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its files name.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir(src) {
        let relative = entry.strip_prefix(src).expect("under src");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a name")
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&entry).expect("source file");
        // Unit tests (a file's last part, by convention) may reach anywhere.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let named = graph.entry(top.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for module in crate_paths(line) {
                if module != top {
                    named.insert(module);
                }
            }
        }
    }
    graph
}

/// The first segment of every `crate::…` path on a line, including each
/// of a grouped `crate::{a::x, b}`.
fn crate_paths(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in line.match_indices("crate::") {
        let rest = &line[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for part in inner.split(',') {
                found.push(first_segment(part.trim()));
            }
        } else {
            found.push(first_segment(rest));
        }
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

fn first_segment(path: &str) -> String {
    path.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("src folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// A cycle of imports (its modules, the first repeated at the end), if
/// there is one (depth-first).
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        graph: &BTreeMap<String, BTreeSet<String>>,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(graph, next, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
}

#[test]
fn the_modules_import_each_other_without_a_cycle() {
    let graph = imports(&super::common::root().join("src"));
    assert!(graph.contains_key("plan") && graph["deliver"].contains("render"));
    assert_eq!(cycle(&graph), None, "import graph: {graph:#?}");
}

#[test]
fn no_library_module_reaches_up_into_the_command_line() {
    let graph = imports(&super::common::root().join("src"));
    let up: Vec<_> = graph
        .iter()
        .filter(|(module, _)| !["cmd", "cli"].contains(&module.as_str()))
        .filter(|(_, named)| named.contains("cmd") || named.contains("cli"))
        .map(|(module, _)| module.as_str())
        .collect();
    assert_eq!(up, Vec::<&str>::new());
}

#[test]
fn a_cycle_is_found_when_there_is_one() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_string(), BTreeSet::from([to.to_string()])))
        .collect();
    assert_eq!(cycle(&graph).map(|c| c.len()), Some(4));
    assert_eq!(
        crate_paths("use crate::{fsutil, plan::x};"),
        ["fsutil", "plan"]
    );
}
