//! The modules of the library depend on each other without cycles.
//!
//! Every file of `src/` (but `main.rs` and test modules) is parsed with
//! `syn`; each path it names (in `use` items, in code, and in the macros
//! other than `quote!`, whose paths belong to the generated crate) is
//! resolved to the module that defines it. An edge between two modules is
//! checked at the level of their common parent: `render::decode` using
//! `render::models` is an edge between the siblings `decode` and `models`,
//! `release::changelog` using `render` one between the top-level modules
//! `release` and `render`. A module using its own ancestors' items or
//! descendants is not counted (a parent re-exports and calls its children,
//! which use the types it defines). At every level, the sibling modules'
//! edges must not form a cycle. The release feature sits above the
//! renderers: `render` never uses `release`.
//!
//! `SDKGEN_PRINT_MODULE_GRAPH=1 cargo test -p sdkgen --test module_graph --
//! --nocapture` prints every module's uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// A module's path below the crate root (`["render", "models"]`; empty for
/// the root).
type ModPath = Vec<String>;

/// The module of each source file, with its parsed contents.
fn modules() -> BTreeMap<ModPath, syn::File> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    read_dir(&src, &src, &mut out);
    out
}

fn read_dir(root: &Path, dir: &Path, out: &mut BTreeMap<ModPath, syn::File>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_dir(root, &path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(root).expect("under src/");
        let mut segments: ModPath = relative
            .with_extension("")
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if segments == ["main"] {
            continue; // The binary: a crate of its own.
        }
        if matches!(segments.last().map(String::as_str), Some("mod" | "lib")) {
            segments.pop();
        }
        if segments.last().is_some_and(|s| s == "tests") {
            continue; // `#[cfg(test)] mod tests;`
        }
        let text = std::fs::read_to_string(&path).expect("a readable source file");
        let file = syn::parse_file(&text)
            .unwrap_or_else(|err| panic!("{} does not parse: {err}", path.display()));
        out.insert(segments, file);
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|arg| arg == "test")
    })
}

/// Collects the paths a file names, as written, with the (inline) module
/// each is written in.
struct Paths {
    /// The inline module being visited, below the file's module.
    inner: ModPath,
    found: Vec<(ModPath, Vec<String>)>,
}

impl Paths {
    fn add(&mut self, segments: Vec<String>) {
        self.found.push((self.inner.clone(), segments));
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.clone();
                if n.ident != "self" {
                    path.push(n.ident.to_string());
                }
                self.add(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                if r.ident != "self" {
                    path.push(r.ident.to_string());
                }
                self.add(path);
            }
            syn::UseTree::Glob(_) => self.add(prefix.clone()),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    /// Paths in macro input: each `crate::..`, `super::..` or `self::..`
    /// run of tokens.
    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) => self.tokens(g.stream()),
                TokenTree::Ident(id) if ["crate", "super", "self"].contains(&&*id.to_string()) => {
                    let mut path = vec![id.to_string()];
                    while let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) =
                        (trees.get(i + 1), trees.get(i + 2))
                    {
                        let Some(TokenTree::Ident(next)) = trees.get(i + 3) else {
                            break;
                        };
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        path.push(next.to_string());
                        i += 3;
                    }
                    self.add(path);
                }
                _ => {}
            }
            i += 1;
        }
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Fn(i) => &i.attrs,
            syn::Item::Mod(i) => &i.attrs,
            syn::Item::Use(i) => &i.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Const(i) => &i.attrs,
            syn::Item::Static(i) => &i.attrs,
            syn::Item::Struct(i) => &i.attrs,
            syn::Item::Enum(i) => &i.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.inner.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.inner.pop();
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.add(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(crate)`, `pub(super)`: not a use of the module.
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `quote!` writes the generated crate's code: its paths are not ours.
        if !["quote", "quote_spanned", "format_ident"]
            .iter()
            .any(|name| mac.path.is_ident(name))
        {
            self.tokens(mac.tokens.clone());
        }
    }
}

/// The paths `file` names, each with the inline module it is written in.
fn paths_in(file: &syn::File) -> Vec<(ModPath, Vec<String>)> {
    let mut paths = Paths {
        inner: Vec::new(),
        found: Vec::new(),
    };
    paths.visit_file(file);
    paths.found
}

/// The module a path written in module `at` names: the longest known
/// module its resolved segments start with; `None` for paths into other
/// crates and local names.
fn resolve(known: &BTreeSet<ModPath>, at: &[String], segments: &[String]) -> Option<ModPath> {
    let mut base: ModPath = at.to_vec();
    let mut rest = segments;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("super" | "self") => {
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        base.pop()?;
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        Some(child) if rest.len() > 1 => {
            // A child module of the current one, named without `self::`.
            let mut candidate = base.clone();
            candidate.push(child.to_owned());
            if !known.contains(&candidate) {
                return None;
            }
        }
        _ => return None,
    }
    let full: ModPath = base.into_iter().chain(rest.iter().cloned()).collect();
    (0..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|prefix| known.contains(prefix))
}

/// Edges between modules: for each module, the modules it uses.
fn dependencies() -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let files = modules();
    let known: BTreeSet<ModPath> = files.keys().cloned().collect();
    let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (module, file) in &files {
        let uses = edges.entry(module.clone()).or_default();
        for (inner, segments) in paths_in(file) {
            let at: ModPath = module.iter().chain(&inner).cloned().collect();
            if let Some(target) = resolve(&known, &at, &segments) {
                if target != *module {
                    uses.insert(target);
                }
            }
        }
    }
    edges
}

/// The edge `from → to` between siblings under their common parent, or
/// `None` when one module is the other's ancestor.
fn sibling_edge(from: &[String], to: &[String]) -> Option<(ModPath, String, String)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((
        from[..common].to_vec(),
        from[common].clone(),
        to[common].clone(),
    ))
}

/// The cycles among siblings: per parent, each strongly connected set of
/// more than one child, with the uses between modules that make it.
fn cycles(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<String> {
    type Graph = BTreeMap<String, BTreeSet<String>>;
    let mut levels: BTreeMap<ModPath, Graph> = BTreeMap::new();
    let mut behind: BTreeMap<(ModPath, String, String), Vec<String>> = BTreeMap::new();
    for (from, targets) in edges {
        for to in targets {
            if let Some((parent, a, b)) = sibling_edge(from, to) {
                let graph = levels.entry(parent.clone()).or_default();
                graph.entry(a.clone()).or_default().insert(b.clone());
                behind.entry((parent, a, b)).or_default().push(format!(
                    "{} → {}",
                    name(from),
                    name(to)
                ));
            }
        }
    }
    let mut out = Vec::new();
    for (parent, graph) in &levels {
        let reaches = |start: &str| {
            let mut seen = BTreeSet::new();
            let mut work = vec![start.to_owned()];
            while let Some(node) = work.pop() {
                for next in graph.get(&node).into_iter().flatten() {
                    if seen.insert(next.clone()) {
                        work.push(next.clone());
                    }
                }
            }
            seen
        };
        let mut done = BTreeSet::new();
        for node in graph.keys() {
            if done.contains(node) {
                continue;
            }
            let from_node = reaches(node);
            if !from_node.contains(node) {
                continue;
            }
            let component: BTreeSet<String> = from_node
                .into_iter()
                .filter(|other| reaches(other).contains(node))
                .collect();
            done.extend(component.iter().cloned());
            let uses: Vec<&str> = behind
                .iter()
                .filter(|((p, a, b), _)| {
                    p == parent && component.contains(a) && component.contains(b)
                })
                .flat_map(|(_, uses)| uses.iter().map(String::as_str))
                .collect();
            let members: Vec<&str> = component.iter().map(String::as_str).collect();
            out.push(format!(
                "under {}: {} ({})",
                name(parent),
                members.join(" ↔ "),
                uses.join(", ")
            ));
        }
    }
    out
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

#[test]
fn modules_depend_on_each_other_without_cycles() {
    let edges = dependencies();
    if std::env::var_os("SDKGEN_PRINT_MODULE_GRAPH").is_some() {
        for (from, targets) in &edges {
            let targets: Vec<String> = targets.iter().map(|t| name(t)).collect();
            println!("{} -> {}", name(from), targets.join(", "));
        }
    }
    let cycles = cycles(&edges);
    assert!(
        cycles.is_empty(),
        "import cycles among the modules of src/:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_renderers_do_not_depend_on_the_release_feature() {
    // The saved surface is built from the IR and `shape`, never from what
    // the renderers print; and `release` adds its files after rendering.
    let edges = dependencies();
    let uses: Vec<String> = edges
        .iter()
        .filter(|(from, _)| from.first().is_some_and(|m| m == "render"))
        .flat_map(|(from, targets)| targets.iter().map(move |to| (from, to)))
        .filter(|(_, to)| to.first().is_some_and(|m| m == "release"))
        .map(|(from, to)| format!("{} → {}", name(from), name(to)))
        .collect();
    assert!(uses.is_empty(), "render uses release: {uses:?}");
    assert!(
        edges
            .get(&vec!["release".to_owned(), "surface".to_owned()])
            .is_some_and(|t| t.contains(&vec!["shape".to_owned()])),
        "release::surface is built with shape"
    );
}

#[test]
fn the_graph_sees_the_edges_it_checks() {
    // A cycle the check must catch, and the edges behind it.
    let edges = dependencies();
    let uses = |from: &[&str], to: &[&str]| {
        let from: ModPath = from.iter().map(|s| (*s).to_owned()).collect();
        let to: ModPath = to.iter().map(|s| (*s).to_owned()).collect();
        edges.get(&from).is_some_and(|t| t.contains(&to))
    };
    assert!(
        uses(&["render", "models"], &["render", "docs"]),
        "use super::docs"
    );
    assert!(
        uses(&["release", "diff"], &["release", "surface"]),
        "use super::surface::{{..}}"
    );
    assert!(
        uses(&["render"], &["render", "crate_files"]),
        "a child named without self::"
    );
    let mut with_cycle = edges.clone();
    with_cycle
        .entry(vec!["naming".to_owned()])
        .or_default()
        .insert(vec!["render".to_owned(), "models".to_owned()]);
    assert!(
        cycles(&with_cycle)
            .iter()
            .any(|c| c.starts_with("under crate: ")
                && c.contains("naming → render::models")
                && c.contains("render::models → naming")),
        "{:?}",
        cycles(&with_cycle)
    );
}

#[test]
fn paths_are_found_in_code_and_macros_but_not_in_quote_or_tests() {
    let file: syn::File = syn::parse_quote! {
        use crate::ir::{Api, TypeRef as Ty};
        pub(crate) fn f(api: &Api) -> bool {
            let _ = crate::shape::ident("x");
            let _ = quote!(crate::Upload);
            matches!(api.error_body, Some(super::naming::Kind))
        }
        pub mod inner {
            pub use super::super::diag::Diagnostics;
        }
        #[cfg(test)]
        mod tests {
            use crate::generate;
        }
    };
    let found: Vec<String> = paths_in(&file)
        .into_iter()
        .filter(|(_, path)| path.len() > 1)
        .map(|(inner, path)| format!("{}: {}", inner.join("::"), path.join("::")))
        .collect();
    assert_eq!(
        found,
        [
            ": crate::ir::Api",
            ": crate::ir::TypeRef",
            ": crate::shape::ident",
            ": super::naming::Kind",
            "inner: super::super::diag::Diagnostics",
        ]
    );
}
