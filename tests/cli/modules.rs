//! The module graph has no cycle (issue 22, STYLE.md "components depend
//! downward only"; what counts as an edge: docs/model.md "The module graph").
//!
//! Every file of the library (`src/lib.rs` and the modules it declares) is
//! read as Rust tokens. Each path it names (`use crate::…`, `use super::…`,
//! `use child::…`, and paths written in the code such as `crate::a::b(…)` or
//! `child::f(…)`) is resolved to the file that defines the item, following
//! re-exports (`pub use`) to where the item is written. A `mod` line is not
//! an edge; a `use`, a re-export included, is an edge to the file that
//! writes the item (a `mod.rs` that declares and re-exports its children is
//! not a node among them, see below, so that depends on nothing). Test code
//! (`#[cfg(test)]` items) is left out: a test may build its fixtures with a
//! module above the one it tests.
//!
//! Each layer of the module tree must be acyclic: the modules one parent
//! declares (the top-level modules under `lib.rs`, the children of `ingest`,
//! of `diag`, …), each standing for every file under it. The parent's own
//! file is not a node of its children's layer: it composes them, and they
//! may use what it defines. The test fails listing each cycle as
//! `file → file: names` lines.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

#[test]
fn module_graph_has_no_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let graph = Graph::read(root);
    let mut failures = Vec::new();
    for parent in 0..graph.modules.len() {
        if graph.modules[parent].children.is_empty() {
            continue;
        }
        let layer = graph.layer(parent);
        // `MDKPI_MODULES=1 cargo test --release --test cli module_graph -- --nocapture`
        // prints every layer's edges.
        if std::env::var_os("MDKPI_MODULES").is_some() {
            for ((a, b), n) in &layer {
                eprintln!(
                    "EDGE {a} -> {b}: {}",
                    n.iter().cloned().collect::<Vec<_>>().join(", ")
                );
            }
        }
        for cycle in cycles(&layer) {
            failures.push(format!(
                "cycle among the modules of {}:\n{}",
                graph.modules[parent].file,
                render(&cycle, &layer)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "the module graph has cycles (see docs/model.md, \"The module graph\"):\n\n{}",
        failures.join("\n\n")
    );
}

/// Known shapes of the analysis itself, so the test above cannot pass by
/// reading nothing.
#[test]
fn module_graph_reads_paths_and_re_exports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let graph = Graph::read(root);
    // Every library file is reached from lib.rs.
    let mut on_disk = Vec::new();
    list_rs(&root.join("src"), &mut on_disk);
    let on_disk: BTreeSet<String> = on_disk
        .iter()
        .map(|p| rel(root, p))
        .filter(|p| p != "src/main.rs")
        .collect();
    let read: BTreeSet<String> = graph.modules.iter().map(|m| m.file.clone()).collect();
    assert_eq!(
        read, on_disk,
        "files not declared by a `mod` line, or missing"
    );
    assert!(graph.edges.len() > 100, "only {} edges", graph.edges.len());
    // `use crate::diag::Msg;` resolves through diag/mod.rs's re-export to the
    // catalogue, where the enum is written.
    let to_catalogue = graph
        .edges
        .iter()
        .filter(|((_, to), names)| to == "src/diag/catalogue.rs" && names.contains("Msg"))
        .count();
    assert!(to_catalogue > 10, "{to_catalogue} files use Msg");
    // `super::CORRUPT` in workbook.rs's inline modules (`mod ods_extent { … }`)
    // is workbook.rs's own constant, not one of ingest/mod.rs.
    let up = (
        "src/ingest/workbook.rs".to_string(),
        "src/ingest/mod.rs".to_string(),
    );
    assert!(
        !graph.edges.get(&up).is_some_and(|n| n.contains("CORRUPT")),
        "{:?}",
        graph.edges.get(&up)
    );
    // No edge runs from lib.rs (it only declares modules).
    assert!(!graph.edges.keys().any(|(from, _)| from == "src/lib.rs"));
}

/// The reading of the pieces the tests above rely on, on made-up text: a
/// cycle is found and shown, and paths in strings, comments and test code
/// are not paths.
#[test]
fn module_graph_reading_on_made_up_code() {
    let toks = lex(r##"
        use crate::a::{b::{C, d as e}, self, f::*};
        // crate::in_comment::X
        let s = "crate::in_string::X"; let r = r#"crate::raw::X "quoted""#;
        let c = '"'; let l: &'static str = x; let q = '\'';
        super::up::call(); $crate::mac::m!();
        #[cfg(test)] mod tests { use crate::only_tests::X; }
        #[cfg(test)] const T: [&str; 1] = ["x"];
        fn after() { crate::after::f(); }
    "##);
    let toks = without_tests(&toks);
    let mut paths = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if is(toks.get(i), "use") {
            let (end, found) = parse_use(&toks, i + 1);
            paths.extend(found.into_iter().map(|p| {
                let mut segs = p.segs.join("::");
                if p.glob {
                    segs.push_str("::*");
                }
                format!("{segs} as {}", p.binds.unwrap_or_default())
            }));
            i = end;
        } else {
            if let (Some(Tok::Ident(first)), Some(Tok::PathSep)) = (toks.get(i), toks.get(i + 1)) {
                if i == 0 || toks[i - 1] != Tok::PathSep {
                    paths.push(first.clone());
                }
            }
            i += 1;
        }
    }
    assert_eq!(
        paths,
        [
            "crate::a::b::C as C",
            "crate::a::b::d as e",
            "crate::a as a",
            "crate::a::f::* as ",
            "super",
            "crate",
            "crate",
        ]
    );

    let edge = |a: &str, b: &str, name: &str| {
        (
            (a.to_string(), b.to_string()),
            BTreeSet::from([name.to_string()]),
        )
    };
    let edges: Edges = [
        edge("a", "b", "x"),
        edge("b", "c", "y"),
        edge("c", "a", "z"),
        edge("c", "d", "w"),
    ]
    .into_iter()
    .collect();
    let found = cycles(&edges);
    assert_eq!(found.len(), 1);
    assert_eq!(
        render(&found[0], &edges),
        "  (3 in one cycle: a, b, c; one of its loops:)\n  a → b: x\n  b → c: y\n  c → a: z"
    );
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    PathSep,
    Punct(char),
}

/// Rust source as identifiers, `::` and punctuation; comments, string, char
/// and number literals and lifetimes are dropped.
fn lex(src: &str) -> Vec<Tok> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let ident_start = |ch: char| ch.is_alphabetic() || ch == '_';
    let ident_char = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(end) = raw_string_end(&c, i) {
            i = end;
        } else if ch == '"' || ((ch == 'b' || ch == 'c') && next == Some('"')) {
            i += if ch == '"' { 1 } else { 2 };
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if ch == '\'' || (ch == 'b' && next == Some('\'')) {
            let start = if ch == '\'' { i + 1 } else { i + 2 };
            if c.get(start) == Some(&'\\') {
                // An escaped char literal: up to the closing quote.
                i = start + 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(start + 1) == Some(&'\'') {
                i = start + 2;
            } else {
                // A lifetime or label.
                i = start;
                while i < c.len() && ident_char(c[i]) {
                    i += 1;
                }
            }
        } else if ch.is_ascii_digit() {
            while i < c.len()
                && (ident_char(c[i])
                    || (c[i] == '.' && c.get(i + 1).is_some_and(|d| d.is_ascii_digit())))
            {
                i += 1;
            }
        } else if ident_start(ch) {
            let mut start = i;
            if ch == 'r' && next == Some('#') && c.get(i + 2).is_some_and(|&d| ident_start(d)) {
                start = i + 2;
            }
            i = start;
            while i < c.len() && ident_char(c[i]) {
                i += 1;
            }
            out.push(Tok::Ident(c[start..i].iter().collect()));
        } else if ch == ':' && next == Some(':') {
            out.push(Tok::PathSep);
            i += 2;
        } else {
            out.push(Tok::Punct(ch));
            i += 1;
        }
    }
    out
}

/// Where a raw string literal (`r"…"`, `r#"…"#`, `br#"…"#`) starting at `i`
/// ends, if one does.
fn raw_string_end(c: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if c.get(j) == Some(&'b') || c.get(j) == Some(&'c') {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if c.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < c.len() {
        if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(c.len())
}

fn is(tok: Option<&Tok>, s: &str) -> bool {
    matches!(tok, Some(Tok::Ident(x)) if x == s)
}

fn punct(tok: Option<&Tok>, ch: char) -> bool {
    tok == Some(&Tok::Punct(ch))
}

/// The index after the group opened at `i` (`(`, `[` or `{`).
fn group_end(toks: &[Tok], i: usize) -> usize {
    let mut depth = 0i32;
    let mut j = i;
    while j < toks.len() {
        match toks[j] {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    toks.len()
}

/// The tokens without the items marked `#[cfg(test)]`.
fn without_tests(toks: &[Tok]) -> Vec<Tok> {
    let cfg_test = [
        Tok::Punct('#'),
        Tok::Punct('['),
        Tok::Ident("cfg".into()),
        Tok::Punct('('),
        Tok::Ident("test".into()),
        Tok::Punct(')'),
        Tok::Punct(']'),
    ];
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i..].starts_with(&cfg_test) {
            i = item_end(toks, i + cfg_test.len());
        } else {
            out.push(toks[i].clone());
            i += 1;
        }
    }
    out
}

/// The index after the item starting at `i` (its other attributes included):
/// a `;` at depth 0, or the end of its first `{…}` block for items with a body.
fn item_end(toks: &[Tok], mut i: usize) -> usize {
    while punct(toks.get(i), '#') && punct(toks.get(i + 1), '[') {
        i = group_end(toks, i + 1);
    }
    let semicolon_items = ["const", "static", "use", "type", "extern", "let"];
    let first_word = toks[i..].iter().find_map(|t| match t {
        Tok::Ident(w) if w != "pub" && w != "crate" && w != "unsafe" && w != "async" => {
            Some(w.as_str())
        }
        _ => None,
    });
    let until_semicolon = first_word.is_some_and(|w| semicolon_items.contains(&w));
    while i < toks.len() {
        match toks[i] {
            Tok::Punct(';') => return i + 1,
            Tok::Punct('{') if !until_semicolon => return group_end(toks, i),
            Tok::Punct('(' | '[' | '{') => i = group_end(toks, i),
            _ => i += 1,
        }
    }
    i
}

// ---------------------------------------------------------------------------
// Files and modules

/// A path of a `use` tree: its segments as written, whether it ends in `*`,
/// and the name it binds.
#[derive(Debug, Clone)]
struct UsePath {
    segs: Vec<String>,
    glob: bool,
    binds: Option<String>,
    /// Written with a leading `::` (an external crate).
    external: bool,
    /// Written in code rather than in a `use`: a path there that ends at a
    /// module (`super::detail::$show` in a macro) uses that module.
    in_code: bool,
    /// How many modules written inline in the file (`mod x { … }`) enclose
    /// it: `super` and `self` there start from the innermost.
    inline: usize,
}

#[derive(Debug, Default)]
struct Module {
    /// Its path from the crate root (`["ingest", "text"]`).
    path: Vec<String>,
    /// Relative to the crate root, `/`-separated.
    file: String,
    children: BTreeMap<String, usize>,
    /// Items written in the file at its top level.
    defs: BTreeSet<String>,
    /// `use` declarations at the top level (re-exports and imports).
    uses: Vec<UsePath>,
    /// Every path named in the file: `use` paths and paths in code.
    paths: Vec<UsePath>,
}

struct Graph {
    modules: Vec<Module>,
    /// (from file, to file) → the names that make the edge.
    edges: BTreeMap<(String, String), BTreeSet<String>>,
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn list_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            list_rs(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

impl Graph {
    fn read(root: &Path) -> Graph {
        let mut modules = Vec::new();
        load(root, &root.join("src/lib.rs"), Vec::new(), &mut modules);
        let mut graph = Graph {
            modules,
            edges: BTreeMap::new(),
        };
        for m in 0..graph.modules.len() {
            let from = graph.modules[m].file.clone();
            for p in graph.modules[m].paths.clone() {
                let Some(abs) = graph.absolute(m, &p) else {
                    continue;
                };
                if let Some((to, name)) = graph.resolve(&abs, 0, p.in_code) {
                    let to = graph.modules[to].file.clone();
                    if to != from {
                        graph
                            .edges
                            .entry((from.clone(), to))
                            .or_default()
                            .insert(name);
                    }
                }
            }
        }
        graph
    }

    /// The path from the crate root that `p`, written in module `m`, names;
    /// `None` for a path into another crate or to a local name.
    fn absolute(&self, m: usize, p: &UsePath) -> Option<Vec<String>> {
        if p.external || p.segs.is_empty() {
            return None;
        }
        let here = &self.modules[m];
        let first = p.segs[0].as_str();
        let mut base: Vec<String>;
        let mut rest = &p.segs[..];
        match first {
            "crate" | "$crate" => {
                base = Vec::new();
                rest = &rest[1..];
            }
            // Within an inline module, `self` is in this file.
            "self" if p.inline > 0 => return None,
            "self" => {
                base = here.path.clone();
                rest = &rest[1..];
            }
            "super" => {
                base = here.path.clone();
                let mut inline = p.inline;
                while rest.first().is_some_and(|s| s == "super") {
                    if inline > 0 {
                        inline -= 1;
                    } else {
                        base.pop();
                    }
                    rest = &rest[1..];
                }
                if inline > 0 {
                    // Still inside an inline module of this file.
                    return None;
                }
            }
            name if here.children.contains_key(name) => base = here.path.clone(),
            name => {
                // A name imported by a `use` of this file (`use crate::ingest;`
                // then `ingest::read(…)`).
                let alias = here
                    .uses
                    .iter()
                    .find(|u| !u.glob && u.binds.as_deref() == Some(name))?;
                if alias.segs.len() == p.segs.len()
                    && alias.segs.iter().zip(&p.segs).all(|(a, b)| a == b)
                {
                    return None;
                }
                let mut segs = self.absolute(m, alias)?;
                segs.extend(p.segs[1..].iter().cloned());
                return Some(segs);
            }
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The module that defines what `abs` names, and the item's name (or the
    /// module's, for a path to a module that goes no further). Re-exports are
    /// followed. `None` for a path that ends at a module: its use is counted
    /// where its items are named.
    fn resolve(&self, abs: &[String], depth: usize, in_code: bool) -> Option<(usize, String)> {
        if depth > 20 {
            return None;
        }
        let mut m = 0;
        let mut i = 0;
        while i < abs.len() {
            match self.modules[m].children.get(&abs[i]) {
                Some(&child) => m = child,
                None => break,
            }
            i += 1;
        }
        let Some(item) = abs.get(i) else {
            return in_code.then(|| (m, abs.last().cloned().unwrap_or_default()));
        };
        Some(self.defined_in(m, item, depth).unwrap_or((m, item.clone())))
    }

    /// The graph of one layer: the modules declared by `parent`, each with
    /// the modules under it folded in (`ingest` stands for every file under
    /// `src/ingest/`), named by their path (`diag::catalogue`). The parent's
    /// own file is not a node: it declares, re-exports and composes its
    /// children, and they may use what it defines.
    fn layer(&self, parent: usize) -> Edges {
        let base = &self.modules[parent].path;
        let node = |file: &str| -> Option<String> {
            let m = self.modules.iter().find(|m| m.file == file)?;
            if m.path.len() <= base.len() || !m.path.starts_with(base) {
                return None;
            }
            Some(m.path[..=base.len()].join("::"))
        };
        let mut out = Edges::new();
        for ((from, to), names) in &self.edges {
            let (Some(a), Some(b)) = (node(from), node(to)) else {
                continue;
            };
            if a != b {
                let entry = out.entry((a, b)).or_default();
                for n in names {
                    entry.insert(format!("{}→{}: {n}", short(from), short(to)));
                }
            }
        }
        out
    }

    /// Where `name`, as seen from module `m`, is written.
    fn defined_in(&self, m: usize, name: &str, depth: usize) -> Option<(usize, String)> {
        let module = &self.modules[m];
        if module.defs.contains(name) {
            return Some((m, name.to_string()));
        }
        if let Some(u) = module
            .uses
            .iter()
            .find(|u| !u.glob && u.binds.as_deref() == Some(name))
        {
            let abs = self.absolute(m, u)?;
            return self.resolve(&abs, depth + 1, false);
        }
        for u in module.uses.iter().filter(|u| u.glob) {
            let Some(mut abs) = self.absolute(m, u) else {
                continue;
            };
            abs.push(name.to_string());
            if let Some((to, found)) = self.resolve(&abs, depth + 1, false) {
                if self.modules[to].defs.contains(&found) {
                    return Some((to, found));
                }
            }
        }
        None
    }
}

/// Reads the module in `file` and, recursively, the modules it declares.
fn load(root: &Path, file: &Path, path: Vec<String>, modules: &mut Vec<Module>) -> usize {
    let src = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let toks = without_tests(&lex(&src));
    let index = modules.len();
    modules.push(Module {
        path: path.clone(),
        file: rel(root, file),
        ..Module::default()
    });

    // Children live beside lib.rs / mod.rs, or in the folder named after the file.
    let dir = match file.file_name().and_then(|n| n.to_str()) {
        Some("lib.rs" | "mod.rs") => file.parent().map(Path::to_path_buf),
        _ => Some(file.with_extension("")),
    }
    .unwrap_or_default();

    let mut depth = 0i32;
    let mut i = 0;
    let mut children = Vec::new();
    // The inline modules open at `i`: the depth of each one's body.
    let mut inline: Vec<i32> = Vec::new();
    while i < toks.len() {
        let at_top = depth == 0;
        match &toks[i] {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                if inline.last().is_some_and(|&d| d > depth) {
                    inline.pop();
                }
            }
            Tok::Ident(w)
                if w == "mod"
                    && matches!(toks.get(i + 1), Some(Tok::Ident(_)))
                    && punct(toks.get(i + 2), '{') =>
            {
                inline.push(depth + 1);
            }
            Tok::Ident(w) if w == "use" => {
                let (end, mut paths) = parse_use(&toks, i + 1);
                for p in &mut paths {
                    p.inline = inline.len();
                }
                if at_top {
                    modules[index].uses.extend(paths.iter().cloned());
                }
                modules[index].paths.extend(paths);
                i = end;
                continue;
            }
            Tok::Ident(w) if at_top && w == "mod" => {
                if let (Some(Tok::Ident(name)), true) =
                    (toks.get(i + 1), punct(toks.get(i + 2), ';'))
                {
                    children.push(name.clone());
                }
            }
            Tok::Ident(w) if at_top && w == "macro_rules" && punct(toks.get(i + 1), '!') => {
                if let Some(Tok::Ident(name)) = toks.get(i + 2) {
                    modules[index].defs.insert(name.clone());
                }
            }
            Tok::Ident(w)
                if at_top
                    && matches!(
                        w.as_str(),
                        "fn" | "struct" | "enum" | "trait" | "type" | "union" | "static" | "const"
                    ) =>
            {
                if let Some(Tok::Ident(name)) = toks.get(i + 1) {
                    if name != "fn" && name != "mut" {
                        modules[index].defs.insert(name.clone());
                    } else if let Some(Tok::Ident(name)) = toks.get(i + 2) {
                        if w != "const" {
                            modules[index].defs.insert(name.clone());
                        }
                    }
                }
            }
            Tok::Ident(first) if toks.get(i + 1) == Some(&Tok::PathSep) => {
                let starts_path = i == 0 || toks[i - 1] != Tok::PathSep;
                if starts_path {
                    let mut segs = vec![first.clone()];
                    let mut j = i + 1;
                    while toks.get(j) == Some(&Tok::PathSep) {
                        match toks.get(j + 1) {
                            Some(Tok::Ident(s)) => segs.push(s.clone()),
                            _ => break,
                        }
                        j += 2;
                    }
                    if first == "crate" && i > 0 && punct(toks.get(i - 1), '$') {
                        segs[0] = "$crate".into();
                    }
                    modules[index].paths.push(UsePath {
                        segs,
                        glob: false,
                        binds: None,
                        external: false,
                        in_code: true,
                        inline: inline.len(),
                    });
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }

    for name in children {
        let candidates = [
            dir.join(format!("{name}.rs")),
            dir.join(&name).join("mod.rs"),
        ];
        let Some(child_file) = candidates.iter().find(|p| p.is_file()) else {
            panic!("{}: mod {name}; has no file", file.display());
        };
        let mut child_path = path.clone();
        child_path.push(name.clone());
        let child = load(root, child_file, child_path, modules);
        modules[index].children.insert(name, child);
    }
    index
}

/// The paths of the `use` tree starting at `i`, and the index after its `;`.
fn parse_use(toks: &[Tok], i: usize) -> (usize, Vec<UsePath>) {
    let mut out = Vec::new();
    let external = toks.get(i) == Some(&Tok::PathSep);
    let start = if external { i + 1 } else { i };
    let end = use_tree(toks, start, Vec::new(), external, &mut out);
    let mut j = end;
    while j < toks.len() && !punct(toks.get(j), ';') {
        j += 1;
    }
    (j + 1, out)
}

/// Parses one use tree at `i` under `prefix`; returns the index after it.
fn use_tree(
    toks: &[Tok],
    mut i: usize,
    mut prefix: Vec<String>,
    external: bool,
    out: &mut Vec<UsePath>,
) -> usize {
    loop {
        match toks.get(i) {
            Some(Tok::Punct('{')) => {
                i += 1;
                while i < toks.len() && !punct(toks.get(i), '}') {
                    i = use_tree(toks, i, prefix.clone(), external, out);
                    if punct(toks.get(i), ',') {
                        i += 1;
                    }
                }
                return i + 1;
            }
            Some(Tok::Punct('*')) => {
                out.push(UsePath {
                    segs: prefix,
                    glob: true,
                    binds: None,
                    external,
                    in_code: false,
                    inline: 0,
                });
                return i + 1;
            }
            Some(Tok::Ident(seg)) => {
                i += 1;
                if toks.get(i) == Some(&Tok::PathSep) {
                    prefix.push(seg.clone());
                    i += 1;
                    continue;
                }
                // The last segment: `self` names the prefix itself.
                let binds_default = if seg == "self" {
                    prefix.last().cloned()
                } else {
                    Some(seg.clone())
                };
                if seg != "self" {
                    prefix.push(seg.clone());
                }
                let mut binds = binds_default;
                if is(toks.get(i), "as") {
                    if let Some(Tok::Ident(alias)) = toks.get(i + 1) {
                        binds = Some(alias.clone()).filter(|a| a != "_");
                    }
                    i += 2;
                }
                out.push(UsePath {
                    segs: prefix,
                    glob: false,
                    binds,
                    external,
                    in_code: false,
                    inline: 0,
                });
                return i;
            }
            _ => return i,
        }
    }
}

// ---------------------------------------------------------------------------
// Cycles

type Edges = BTreeMap<(String, String), BTreeSet<String>>;

fn short(file: &str) -> &str {
    file.trim_start_matches("src/")
}

type Adjacency = BTreeMap<String, Vec<String>>;

fn adjacency(edges: &Edges) -> Adjacency {
    let mut adj = Adjacency::new();
    for (from, to) in edges.keys() {
        adj.entry(from.clone()).or_default().push(to.clone());
        adj.entry(to.clone()).or_default();
    }
    adj
}

/// The shortest path of nodes from `a` to `b` (breadth first, in name order).
fn shortest_path(adj: &Adjacency, a: &str, b: &str) -> Option<Vec<String>> {
    let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([a]);
    let mut seen = BTreeSet::from([a]);
    while let Some(n) = queue.pop_front() {
        if n == b {
            let mut path = vec![n.to_string()];
            let mut cur = n;
            while let Some(&p) = prev.get(cur) {
                path.push(p.to_string());
                cur = p;
            }
            path.reverse();
            return Some(path);
        }
        for s in adj.get(n).into_iter().flatten() {
            if seen.insert(s.as_str()) {
                prev.insert(s, n);
                queue.push_back(s);
            }
        }
    }
    None
}

/// The nodes `a` reaches (itself included).
fn reach<'a>(adj: &'a Adjacency, a: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::from([a]);
    let mut stack = vec![a];
    while let Some(n) = stack.pop() {
        for s in adj.get(n).into_iter().flatten() {
            if seen.insert(s.as_str()) {
                stack.push(s);
            }
        }
    }
    seen
}

/// One cycle per strongly connected component of more than one node: the
/// shortest through the component's first node (in name order), as the
/// list of its nodes with the first repeated at the end, and the component.
fn cycles(edges: &Edges) -> Vec<(Vec<String>, BTreeSet<String>)> {
    let adj = adjacency(edges);
    let reaches: BTreeMap<&str, BTreeSet<&str>> =
        adj.keys().map(|n| (n.as_str(), reach(&adj, n))).collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for (&n, from_n) in &reaches {
        if done.contains(n) {
            continue;
        }
        // n's component: the nodes it reaches that reach it back.
        let component: BTreeSet<&str> = from_n
            .iter()
            .copied()
            .filter(|m| reaches[m].contains(n))
            .collect();
        done.extend(component.iter().copied());
        if component.len() < 2 {
            continue;
        }
        let cycle = adj[n]
            .iter()
            .filter(|s| component.contains(s.as_str()))
            .filter_map(|s| shortest_path(&adj, s, n))
            .min_by_key(Vec::len);
        if let Some(path) = cycle {
            let mut c = vec![n.to_string()];
            c.extend(path);
            out.push((c, component.iter().map(|s| s.to_string()).collect()));
        }
    }
    out
}

fn render((cycle, component): &(Vec<String>, BTreeSet<String>), edges: &Edges) -> String {
    let mut lines = Vec::new();
    if component.len() > 2 {
        let names: Vec<&str> = component.iter().map(|s| short(s)).collect();
        lines.push(format!(
            "  ({} in one cycle: {}; one of its loops:)",
            names.len(),
            names.join(", ")
        ));
    }
    for w in cycle.windows(2) {
        let names = edges
            .get(&(w[0].clone(), w[1].clone()))
            .map(|n| n.iter().cloned().collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        lines.push(format!("  {} → {}: {names}", short(&w[0]), short(&w[1])));
    }
    lines.join("\n")
}
