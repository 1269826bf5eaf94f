//! `$ref` resolution, in the load phase.
//!
//! Every reference in a position the lowering reads (schemas, parameters,
//! responses, request bodies, path items) is found by a walk that knows the
//! OpenAPI structure, so references inside example values, which are data,
//! are never followed. Each one is resolved against the document it is
//! written in: a JSON pointer (percent-decoded, RFC 6901) into the same
//! document, a relative path to another file (read through the caller's
//! [`Sources`]), or a URL (read from the local copy the config maps its
//! prefix to; never fetched). Targets in other files are walked in turn,
//! their references resolved relative to them.
//!
//! The result, [`Refs`], is what the lowering needs:
//!
//! - every reference string in the parsed trees is rewritten to one
//!   canonical spelling, `<document>#<pointer>` (the document empty for the
//!   main one), so that the lowering can look references up without
//!   knowing which file a schema came from;
//! - every target that is not a component in its own section of the main
//!   document (those the typed document already holds) is parsed with
//!   `openapiv3` from the original tree (pointers name places in the
//!   document as written, before normalisation) and normalised on its own;
//! - each target's location (`/json/pointer` in the main document,
//!   `file.yaml#/pointer` in another one) is the key the lowering defines
//!   its type under, so a schema lowered in its own place and the
//!   references to it are one type, plus the words its name is made of.
//!
//! References that resolve nowhere are reported, each with its location:
//! errors by default, warnings with `unresolved_refs = "json"` (the
//! lowering then makes their schemas untyped JSON). Chains of references
//! and their cycles are followed by the lowering, which knows what a cycle
//! means for the type it is making.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde_json::Value;

use crate::config::{Config, UnresolvedRefs};
use crate::diag::{escape_token, Diagnostic, Diagnostics};
use crate::sources::{Source, Sources};

/// What a reference stands for, by where it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A schema (property, item, arm, parameter or body schema, ...).
    Schema,
    /// An entry of a `parameters` list.
    Parameter,
    /// A response of an operation.
    Response,
    /// An operation's `requestBody`.
    RequestBody,
    /// A path item under `paths`.
    PathItem,
}

impl Kind {
    /// The section of `components` objects of this kind live in.
    fn section(self) -> Option<&'static str> {
        match self {
            Kind::Schema => Some("schemas"),
            Kind::Parameter => Some("parameters"),
            Kind::Response => Some("responses"),
            Kind::RequestBody => Some("requestBodies"),
            Kind::PathItem => None,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Schema => "schema",
            Kind::Parameter => "parameter",
            Kind::Response => "response",
            Kind::RequestBody => "request body",
            Kind::PathItem => "path item",
        }
    }

    /// What the lowering makes of an unresolved reference of this kind.
    fn fallback(self) -> &'static str {
        match self {
            Kind::Schema => "the schema is generated as untyped JSON (`serde_json::Value`)",
            Kind::Parameter => "the parameter is left out",
            Kind::Response => {
                "the response body is generated as untyped JSON (`serde_json::Value`)"
            }
            Kind::RequestBody => {
                "the request body is generated as untyped JSON (`serde_json::Value`)"
            }
            Kind::PathItem => "the path item is left out",
        }
    }
}

/// What a reference leads to.
#[derive(Debug)]
pub enum Target {
    /// A component in its own section of the main document
    /// (`#/components/schemas/Name`): the typed document holds it.
    Component,
    /// A schema elsewhere.
    Schema(Box<ReferenceOr<Schema>>),
    /// A parameter elsewhere.
    Parameter(Box<ReferenceOr<Parameter>>),
    /// A response elsewhere.
    Response(Box<ReferenceOr<Response>>),
    /// A request body elsewhere.
    RequestBody(Box<ReferenceOr<RequestBody>>),
    /// A path item (there is no section for them in the 3.0 model).
    PathItem(Box<ReferenceOr<PathItem>>),
    /// Nothing: the reference was reported (an error, or a warning with the
    /// untyped-JSON fallback).
    Unresolved,
}

/// One resolved reference.
#[derive(Debug)]
pub struct Entry {
    /// Where the target is: a JSON pointer into the main document, or
    /// `file.yaml#/pointer` in another one. Types defined for the target are
    /// keyed (and located) by it.
    pub at: String,
    /// Words a type defined for the target is named after (from its
    /// location: the component's name, the property, the parameter, ...).
    pub parts: Vec<String>,
    /// What is there.
    pub target: Target,
}

/// Every reference of a document, by kind and canonical spelling.
#[derive(Debug, Default)]
pub struct Refs {
    entries: BTreeMap<(Kind, String), Entry>,
    /// Text of the other documents read, by name, for source lines.
    texts: BTreeMap<String, String>,
}

impl Refs {
    /// The entry of the (canonical) reference `reference` used as `kind`.
    pub fn get(&self, kind: Kind, reference: &str) -> Option<&Entry> {
        self.entries.get(&(kind, reference.to_owned()))
    }

    /// Number of distinct references.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the document has no references.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Names of the other documents read, in order.
    pub fn documents(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }

    /// Fills in source lines of diagnostics located in other documents
    /// (pointers `file.yaml#/...`).
    pub fn locate(&self, diags: &mut Diagnostics) {
        if self.texts.is_empty() {
            return;
        }
        let mut indexes: BTreeMap<&str, super::LineIndex> = BTreeMap::new();
        diags.locate_by(|pointer| {
            let (name, rest) = self
                .texts
                .keys()
                .filter_map(|name| {
                    let rest = pointer.strip_prefix(name.as_str())?.strip_prefix('#')?;
                    Some((name.as_str(), rest))
                })
                .max_by_key(|(name, _)| name.len())?;
            let index = indexes
                .entry(name)
                .or_insert_with(|| super::LineIndex::new(&self.texts[name]));
            index.line_of(rest)
        });
    }
}

/// HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Resolves every reference of `root` (the main document's tree, as
/// written), rewriting reference strings to their canonical spelling.
/// Unresolved references are reported into `diags` (errors or warnings, by
/// the config). Problems found in targets while normalising and parsing
/// them are returned apart: the caller adds those the normalisation of the
/// main document does not report itself.
pub(super) fn resolve(
    root: &mut Value,
    config: &Config,
    sources: &dyn Sources,
    diags: &mut Diagnostics,
) -> (Refs, Diagnostics) {
    let mut resolver = Resolver {
        config,
        sources,
        main_name: sources.main_document().map(|n| normalize_path(&n)),
        docs: vec![Doc {
            name: DocName::Main,
            tree: std::mem::take(root),
        }],
        loaded: BTreeMap::new(),
        texts: BTreeMap::new(),
    };
    let mut walk = Walk::new("");
    walk.document(&resolver.docs[0].tree);
    let mut queue: Vec<(usize, Found)> = walk.found.into_iter().map(|f| (0, f)).collect();
    let mut seen: BTreeSet<(usize, String)> = BTreeSet::new();
    let mut walked: BTreeSet<(usize, String, Kind)> = BTreeSet::new();
    let mut entries: BTreeMap<(Kind, String), Entry> = BTreeMap::new();
    let mut pending: Vec<((Kind, String), usize, String, String)> = Vec::new();
    let mut rewrites: Vec<(usize, String, String)> = Vec::new();
    let mut next = 0;
    while next < queue.len() {
        let (doc, found) = queue[next].clone();
        next += 1;
        if !seen.insert((doc, found.at.clone())) {
            continue;
        }
        let here = resolver.location(doc, &found.at);
        let resolved = resolver.target(doc, &found.reference);
        let canonical = match &resolved {
            Ok(target) => target.canonical.clone(),
            Err((canonical, _)) => canonical.clone(),
        };
        if canonical != found.reference {
            rewrites.push((doc, found.at.clone(), canonical.clone()));
        }
        let key = (found.kind, canonical);
        if let Some(entry) = entries.get(&key) {
            if let Target::Unresolved = entry.target {
                let why = match &resolved {
                    Err((_, why)) => why.clone(),
                    Ok(target) => resolver.dangling(target, &found.reference),
                };
                report(config, diags, &here, &found, &why);
            }
            continue;
        }
        let target = match resolved {
            Ok(target) => target,
            Err((_, why)) => {
                report(config, diags, &here, &found, &why);
                entries.insert(key, unresolved());
                continue;
            }
        };
        let at = resolver.location(target.doc, &target.pointer);
        let Some(value) = resolver.docs[target.doc].tree.pointer(&target.pointer) else {
            let why = resolver.dangling(&target, &found.reference);
            report(config, diags, &here, &found, &why);
            entries.insert(key, unresolved());
            continue;
        };
        let doc_name = &resolver.docs[target.doc].name;
        let parts = location_parts(&resolver.docs[target.doc].tree, doc_name, &target.pointer);
        // The walk of the main document has been through its components.
        let standard = target.doc == 0 && is_standard(found.kind, &target.pointer);
        if !standard {
            pending.push((
                key.clone(),
                target.doc,
                target.pointer.clone(),
                here.clone(),
            ));
            if walked.insert((target.doc, target.pointer.clone(), found.kind)) {
                let mut walk = Walk::new(&target.pointer);
                walk.of_kind(found.kind, value);
                queue.extend(walk.found.into_iter().map(|f| (target.doc, f)));
            }
        }
        entries.insert(
            key,
            Entry {
                at,
                parts,
                target: Target::Component,
            },
        );
    }
    for (doc, at, canonical) in rewrites {
        if let Some(Value::Object(map)) = resolver.docs[doc].tree.pointer_mut(&at) {
            map.insert("$ref".to_owned(), Value::String(canonical));
        }
    }
    let mut target_diags = Diagnostics::new();
    for (key, doc, pointer, here) in pending {
        let Some(value) = resolver.docs[doc].tree.pointer(&pointer) else {
            continue;
        };
        let Some(entry) = entries.get_mut(&key) else {
            continue;
        };
        let (kind, reference) = (key.0, key.1.as_str());
        if let Some(target) = parse_target(
            kind,
            value.clone(),
            &entry.at,
            reference,
            &here,
            &mut target_diags,
        ) {
            entry.target = target;
        } else {
            entry.target = Target::Unresolved;
        }
    }
    let mut docs = resolver.docs.into_iter();
    if let Some(main) = docs.next() {
        *root = main.tree;
    }
    (
        Refs {
            entries,
            texts: resolver.texts,
        },
        target_diags,
    )
}

/// The entry of a reference that leads nowhere.
fn unresolved() -> Entry {
    Entry {
        at: String::new(),
        parts: Vec::new(),
        target: Target::Unresolved,
    }
}

/// Reports the unresolved reference `found` (at `here`) as the config asks.
fn report(config: &Config, diags: &mut Diagnostics, here: &str, found: &Found, why: &str) {
    let at = crate::diag::child(here, "$ref");
    match config.unresolved_refs {
        UnresolvedRefs::Error => diags.push(Diagnostic::error(
            at,
            format!(
                "{why} (with `--allow-unresolved-refs`, or `unresolved_refs = \"json\"` in the config, {})",
                found.kind.fallback()
            ),
        )),
        UnresolvedRefs::Json => diags.push(Diagnostic::warning(
            at,
            format!("{why}; {}", found.kind.fallback()),
        )),
    }
}

/// Whether `pointer` names a component of `kind` in its own section.
fn is_standard(kind: Kind, pointer: &str) -> bool {
    let tokens = split_pointer(pointer);
    matches!(tokens.as_slice(), [components, section, _]
        if components == "components" && Some(section.as_str()) == kind.section())
}

/// Parses the (normalised) target of a reference of `kind`.
/// Parses the (normalised) target of a reference of `kind`; one that is
/// not a valid object of that kind is reported at the reference (`here`).
fn parse_target(
    kind: Kind,
    mut value: Value,
    at: &str,
    reference: &str,
    here: &str,
    diags: &mut Diagnostics,
) -> Option<Target> {
    match kind {
        Kind::Schema => super::normalise::schema(&mut value, at, diags),
        _ => super::normalise::walk(&mut value, at, diags),
    }
    if kind == Kind::Response {
        if let Value::Object(map) = &mut value {
            if !map.contains_key("$ref") && !map.contains_key("description") {
                map.insert("description".into(), Value::from(""));
            }
        }
    }
    fn parse<T: serde::de::DeserializeOwned>(
        value: Value,
        (kind, at, reference, here): (Kind, &str, &str, &str),
        diags: &mut Diagnostics,
    ) -> Option<Box<ReferenceOr<T>>> {
        match serde_path_to_error::deserialize::<_, ReferenceOr<T>>(value) {
            Ok(parsed) => Some(Box::new(parsed)),
            Err(err) => {
                let inner = super::path_to_pointer(err.path());
                diags.error(
                    crate::diag::child(here, "$ref"),
                    format!(
                        "`$ref` `{reference}` is used as a {}, but `{at}{inner}` is not a valid one: {}",
                        kind.noun(),
                        err.inner()
                    ),
                );
                None
            }
        }
    }
    let facts = (kind, at, reference, here);
    Some(match kind {
        Kind::Schema => Target::Schema(parse(value, facts, diags)?),
        Kind::Parameter => Target::Parameter(parse(value, facts, diags)?),
        Kind::Response => Target::Response(parse(value, facts, diags)?),
        Kind::RequestBody => Target::RequestBody(parse(value, facts, diags)?),
        Kind::PathItem => Target::PathItem(parse(value, facts, diags)?),
    })
}

// ---------------------------------------------------------------------------
// Documents and where references lead
// ---------------------------------------------------------------------------

/// Which document: the main one, a file, or a URL.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum DocName {
    Main,
    /// A normalised `/`-separated path relative to the main document's directory.
    File(String),
    /// A URL without its fragment.
    Url(String),
}

impl DocName {
    /// How the document is written before the `#` of a canonical reference.
    fn prefix(&self) -> &str {
        match self {
            DocName::Main => "",
            DocName::File(path) => path,
            DocName::Url(url) => url,
        }
    }
}

struct Doc {
    name: DocName,
    tree: Value,
}

/// A reference's target, found.
struct Resolved {
    doc: usize,
    /// Canonical JSON pointer into that document.
    pointer: String,
    /// The reference spelled canonically.
    canonical: String,
}

struct Resolver<'s> {
    config: &'s Config,
    sources: &'s dyn Sources,
    main_name: Option<String>,
    docs: Vec<Doc>,
    /// Documents asked for: their index, or why they cannot be had.
    loaded: BTreeMap<DocName, Result<usize, String>>,
    texts: BTreeMap<String, String>,
}

impl Resolver<'_> {
    /// The location key of `pointer` in document `doc`.
    fn location(&self, doc: usize, pointer: &str) -> String {
        match &self.docs[doc].name {
            DocName::Main => pointer.to_owned(),
            other => format!("{}#{pointer}", other.prefix()),
        }
    }

    /// Resolves `reference`, written in document `doc`: its target, or its
    /// canonical spelling and why it leads nowhere.
    fn target(&mut self, doc: usize, reference: &str) -> Result<Resolved, (String, String)> {
        let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let name = match locate(&self.docs[doc].name, uri, self.main_name.as_deref()) {
            Ok(name) => name,
            Err(why) => {
                return Err((
                    reference.to_owned(),
                    format!("`$ref` `{reference}` cannot be resolved: {why}"),
                ))
            }
        };
        let fragment = percent_decode(fragment);
        let pointer = if fragment.is_empty() || fragment.starts_with('/') {
            Some(canonical_pointer(&fragment))
        } else {
            None
        };
        let spelled = |pointer: &str| format!("{}#{pointer}", name.prefix());
        let index = match self.document(&name) {
            Ok(index) => index,
            Err(why) => {
                let canonical = spelled(pointer.as_deref().unwrap_or(&fragment));
                return Err((
                    canonical,
                    format!("`$ref` `{reference}` cannot be resolved: {why}"),
                ));
            }
        };
        let pointer = match pointer {
            Some(pointer) => pointer,
            // A plain name: a schema's `$anchor`.
            None => match find_anchor(&self.docs[index].tree, &fragment) {
                Some(pointer) => pointer,
                None => {
                    return Err((
                        spelled(&fragment),
                        format!(
                        "dangling `$ref` `{reference}`: no schema in {} has `$anchor: {fragment}`",
                        describe(&name)
                    ),
                    ))
                }
            },
        };
        Ok(Resolved {
            doc: index,
            canonical: spelled(&pointer),
            pointer,
        })
    }

    /// Why a resolved pointer leads nowhere, naming the deepest part of it
    /// that exists.
    fn dangling(&self, target: &Resolved, reference: &str) -> String {
        let tokens = split_pointer(&target.pointer);
        let name = &self.docs[target.doc].name;
        if target.doc == 0 {
            if let [components, section, entry] = tokens.as_slice() {
                if components == "components" {
                    return if section == "schemas" {
                        format!("dangling `$ref`: there is no schema `{entry}` under `components/schemas`")
                    } else {
                        format!(
                            "dangling `$ref`: there is no `{entry}` under `components/{section}`"
                        )
                    };
                }
            }
        }
        let tree = &self.docs[target.doc].tree;
        let mut existing = String::new();
        for token in &tokens {
            let next = crate::diag::child(&existing, token);
            if tree.pointer(&next).is_none() {
                let what = if existing.is_empty() {
                    "the document".to_owned()
                } else {
                    format!("`{existing}`")
                };
                return format!(
                    "dangling `$ref` `{reference}`: there is nothing at `{}` in {} ({what} has no `{token}`)",
                    target.pointer,
                    describe(name)
                );
            }
            existing = next;
        }
        format!("dangling `$ref` `{reference}`")
    }

    /// The index of document `name`, reading and parsing it the first time.
    fn document(&mut self, name: &DocName) -> Result<usize, String> {
        if *name == DocName::Main {
            return Ok(0);
        }
        if let Some(known) = self.loaded.get(name) {
            return known.clone();
        }
        let read = |source: Source<'_>| {
            self.sources
                .read(&source)
                .map_err(|why| format!("cannot read {source}: {why}"))
        };
        let read = match name {
            DocName::Main => unreachable!("handled above"),
            DocName::File(path) => read(Source::File(path)),
            DocName::Url(url) => match self.config.refs.local_copy(url) {
                Some(path) => read(Source::Url { url, path: &path }),
                None => Err(
                    "it names a URL with no local copy (sdkgen never fetches from the network; map the URL's prefix to a local directory under `[refs.urls]` in the SDK config)"
                        .to_owned(),
                ),
            },
        };
        let result = read.and_then(|bytes| {
            let tree = super::parse_tree(&bytes).map_err(|diags| {
                let first = diags.iter().next().map(|d| match d.line {
                    Some(line) => format!("{} (line {line})", d.message),
                    None => d.message.clone(),
                });
                format!(
                    "{} is not a YAML or JSON document: {}",
                    describe(name),
                    first.unwrap_or_default()
                )
            })?;
            self.texts.insert(
                name.prefix().to_owned(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
            self.docs.push(Doc {
                name: name.clone(),
                tree,
            });
            Ok(self.docs.len() - 1)
        });
        self.loaded.insert(name.clone(), result.clone());
        result
    }
}

fn describe(name: &DocName) -> String {
    match name {
        DocName::Main => "the document".to_owned(),
        other => format!("`{}`", other.prefix()),
    }
}

/// Which document the URI part `uri` of a reference written in `base`
/// names. `main` is the main document's own file name, if known.
fn locate(base: &DocName, uri: &str, main: Option<&str>) -> Result<DocName, String> {
    if uri.is_empty() {
        return Ok(base.clone());
    }
    let name = if let Some(scheme) = scheme(uri) {
        match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => DocName::Url(normalize_url(uri)),
            "file" => {
                let rest = &uri[scheme.len() + 1..];
                let path = rest
                    .strip_prefix("//localhost")
                    .or_else(|| rest.strip_prefix("//"))
                    .unwrap_or(rest);
                DocName::File(normalize_path(&percent_decode(path)))
            }
            _ => return Err(format!("`{scheme}:` references are not supported")),
        }
    } else if uri.starts_with("//") {
        match base {
            DocName::Url(url) => {
                let scheme = scheme(url).unwrap_or("https");
                DocName::Url(normalize_url(&format!("{scheme}:{uri}")))
            }
            _ => {
                return Err(format!(
                    "`{uri}` names a host but the document it is in is not a URL"
                ))
            }
        }
    } else {
        match base {
            DocName::Url(url) => DocName::Url(join_url(url, uri)),
            DocName::Main => DocName::File(normalize_path(&percent_decode(uri))),
            DocName::File(path) => {
                let uri = percent_decode(uri);
                if uri.starts_with('/') {
                    DocName::File(normalize_path(&uri))
                } else {
                    DocName::File(normalize_path(&format!("{}/{uri}", dir_of(path))))
                }
            }
        }
    };
    Ok(match name {
        DocName::File(path) if Some(path.as_str()) == main => DocName::Main,
        other => other,
    })
}

/// The scheme of an absolute URI (`https` of `https://...`); a single
/// letter (`C:`) is a Windows drive, not a scheme.
fn scheme(uri: &str) -> Option<&str> {
    let (scheme, _) = uri.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (scheme.len() > 1
        && first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// The directory part of a `/`-separated path (`.` for a bare name).
fn dir_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(cut) => &path[..cut],
        None => ".",
    }
}

/// Resolves `.` and `..` segments and doubled slashes of a path, lexically;
/// `..` that climbs above a relative path's start is kept.
fn normalize_path(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => match segments.last() {
                Some(last) if *last != ".." => {
                    segments.pop();
                }
                _ if absolute => {}
                _ => segments.push(".."),
            },
            other => segments.push(other),
        }
    }
    let joined = segments.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

/// `scheme://authority` and the path of a URL (query and fragment dropped).
fn split_url(url: &str) -> (&str, &str) {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => url.split_at(after_scheme + i),
        None => (url, "/"),
    }
}

fn normalize_url(url: &str) -> String {
    let (origin, path) = split_url(url);
    format!("{origin}{}", normalize_path(path))
}

/// Resolves the relative reference `relative` against the URL `base`.
fn join_url(base: &str, relative: &str) -> String {
    let (origin, path) = split_url(base);
    let path = if relative.starts_with('/') {
        relative.to_owned()
    } else {
        format!("{}/{relative}", dir_of(path))
    };
    format!("{origin}{}", normalize_path(&path))
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The unescaped tokens of a JSON pointer.
fn split_pointer(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// A JSON pointer with every token escaped one way.
fn canonical_pointer(pointer: &str) -> String {
    split_pointer(pointer)
        .iter()
        .map(|t| format!("/{}", escape_token(t)))
        .collect()
}

/// The pointer of the (first, in document order) schema with `$anchor: name`.
fn find_anchor(tree: &Value, name: &str) -> Option<String> {
    fn search(value: &Value, at: &str, name: &str) -> Option<String> {
        match value {
            Value::Object(map) => {
                if map.get("$anchor").and_then(Value::as_str) == Some(name) {
                    return Some(at.to_owned());
                }
                map.iter().find_map(|(key, child)| {
                    if matches!(
                        key.as_str(),
                        "example" | "examples" | "default" | "enum" | "const"
                    ) {
                        return None;
                    }
                    search(child, &crate::diag::child(at, key), name)
                })
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| search(item, &crate::diag::child(at, &i.to_string()), name)),
            _ => None,
        }
    }
    search(tree, "", name)
}

// ---------------------------------------------------------------------------
// Names from locations
// ---------------------------------------------------------------------------

/// Words a type defined at `pointer` of `tree` is named after: what owns
/// the place (the component, the operation, the `$defs` entry, the file),
/// then a word for each step the lowering would also name (a property, an
/// item, an arm, a parameter, a body).
fn location_parts(tree: &Value, doc: &DocName, pointer: &str) -> Vec<String> {
    let tokens = split_pointer(pointer);
    let at = |n: usize| -> Option<&Value> {
        let prefix: String = tokens[..n]
            .iter()
            .map(|t| format!("/{}", escape_token(t)))
            .collect();
        tree.pointer(&prefix)
    };
    let title = |n: usize| -> Option<String> {
        at(n)
            .and_then(|v| v.get("title"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .filter(|t| !t.trim().is_empty())
    };
    let mut parts: Vec<String> = Vec::new();
    let mut i = match tokens.as_slice() {
        [components, _, name, ..] if components == "components" => {
            parts.push(name.clone());
            3
        }
        [paths, path, method, ..] if paths == "paths" && METHODS.contains(&method.as_str()) => {
            let id = at(3)
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
                .filter(|id| !id.trim().is_empty());
            parts.push(match id {
                Some(id) => id.to_owned(),
                None => format!("{method} {path}"),
            });
            3
        }
        [paths, path, ..] if paths == "paths" => {
            parts.push(path.clone());
            2
        }
        [defs, name, ..] if defs == "$defs" || defs == "definitions" => {
            parts.push(name.clone());
            2
        }
        [] => {
            parts.push(match doc {
                DocName::Main => "Document".to_owned(),
                DocName::File(path) | DocName::Url(path) => {
                    let file = path.rsplit('/').next().unwrap_or(path);
                    file.split('.').next().unwrap_or(file).to_owned()
                }
            });
            0
        }
        _ => 0,
    };
    while i < tokens.len() {
        let next = tokens.get(i + 1);
        let index = next.and_then(|n| n.parse::<usize>().ok());
        match (tokens[i].as_str(), next) {
            (
                "properties" | "patternProperties" | "$defs" | "definitions" | "headers",
                Some(name),
            ) => {
                parts.push(name.clone());
                i += 2;
            }
            ("items", _) => {
                parts.push("Item".to_owned());
                i += 1;
            }
            ("additionalProperties", _) => {
                parts.push("Value".to_owned());
                i += 1;
            }
            ("oneOf" | "anyOf", Some(_)) => {
                parts.push(
                    title(i + 2)
                        .unwrap_or_else(|| format!("Variant{}", index.map_or(1, |n| n + 1))),
                );
                i += 2;
            }
            // Arms of `allOf` are merged into their schema and name nothing
            // of their own there; only an arm that is the target itself
            // needs a word to tell it from the whole.
            ("allOf", Some(_)) => {
                if i + 2 == tokens.len() {
                    parts.push(
                        title(i + 2)
                            .unwrap_or_else(|| format!("Part{}", index.map_or(1, |n| n + 1))),
                    );
                }
                i += 2;
            }
            ("parameters", Some(_)) => {
                let name = at(i + 2)
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                parts.push(name.unwrap_or_else(|| format!("Param{}", index.map_or(1, |n| n + 1))));
                i += 2;
            }
            ("requestBody", _) => {
                parts.push("Body".to_owned());
                i += 1;
            }
            ("responses", Some(code)) => {
                parts.push(
                    if code.starts_with('2') {
                        "Response"
                    } else {
                        "Error"
                    }
                    .to_owned(),
                );
                i += 2;
            }
            ("content", Some(_)) => i += 2,
            _ => i += 1,
        }
    }
    if parts.is_empty() {
        parts.extend(tokens.last().cloned());
    }
    parts
}

// ---------------------------------------------------------------------------
// Finding references
// ---------------------------------------------------------------------------

/// A reference found by a walk.
#[derive(Clone, Debug)]
struct Found {
    /// Pointer of the object holding `$ref`, in its document.
    at: String,
    reference: String,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Token<'v> {
    Key(&'v str),
    Index(usize),
}

/// A walk over one part of a document that knows what each position holds,
/// collecting the references it meets.
struct Walk<'v> {
    base: String,
    path: Vec<Token<'v>>,
    found: Vec<Found>,
}

impl<'v> Walk<'v> {
    fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            path: Vec::new(),
            found: Vec::new(),
        }
    }

    fn pointer(&self) -> String {
        let mut out = self.base.clone();
        for token in &self.path {
            out.push('/');
            match token {
                Token::Key(key) => out.push_str(&escape_token(key)),
                Token::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    /// Records the `$ref` of `map`, if it has one.
    fn reference(&mut self, map: &serde_json::Map<String, Value>, kind: Kind) -> bool {
        match map.get("$ref") {
            Some(Value::String(reference)) => {
                self.found.push(Found {
                    at: self.pointer(),
                    reference: reference.clone(),
                    kind,
                });
                true
            }
            _ => false,
        }
    }

    /// Walks `map[key]` with `f`.
    fn key(
        &mut self,
        map: &'v serde_json::Map<String, Value>,
        key: &'v str,
        f: fn(&mut Self, &'v Value),
    ) {
        if let Some((key, value)) = map.get_key_value(key) {
            self.path.push(Token::Key(key));
            f(self, value);
            self.path.pop();
        }
    }

    /// Walks every entry of the mapping `map[key]` with `f`.
    fn entries(
        &mut self,
        map: &'v serde_json::Map<String, Value>,
        key: &'v str,
        f: fn(&mut Self, &'v Value),
    ) {
        if let Some((key, Value::Object(entries))) = map.get_key_value(key) {
            self.path.push(Token::Key(key));
            for (name, value) in entries {
                self.path.push(Token::Key(name));
                f(self, value);
                self.path.pop();
            }
            self.path.pop();
        }
    }

    /// Walks every item of the list `map[key]` with `f`.
    fn items(
        &mut self,
        map: &'v serde_json::Map<String, Value>,
        key: &'v str,
        f: fn(&mut Self, &'v Value),
    ) {
        if let Some((key, Value::Array(items))) = map.get_key_value(key) {
            self.path.push(Token::Key(key));
            for (i, value) in items.iter().enumerate() {
                self.path.push(Token::Index(i));
                f(self, value);
                self.path.pop();
            }
            self.path.pop();
        }
    }

    fn of_kind(&mut self, kind: Kind, value: &'v Value) {
        match kind {
            Kind::Schema => self.schema(value),
            Kind::Parameter => self.parameter(value),
            Kind::Response => self.response(value),
            Kind::RequestBody => self.request_body(value),
            Kind::PathItem => self.path_item(value),
        }
    }

    fn document(&mut self, value: &'v Value) {
        let Value::Object(map) = value else { return };
        if let Some((key, Value::Object(paths))) = map.get_key_value("paths") {
            self.path.push(Token::Key(key));
            for (path, item) in paths {
                if path.starts_with("x-") {
                    continue;
                }
                self.path.push(Token::Key(path));
                self.path_item(item);
                self.path.pop();
            }
            self.path.pop();
        }
        if let Some((key, Value::Object(components))) = map.get_key_value("components") {
            self.path.push(Token::Key(key));
            self.entries(components, "schemas", Self::schema);
            self.entries(components, "parameters", Self::parameter);
            self.entries(components, "responses", Self::response);
            self.entries(components, "requestBodies", Self::request_body);
            self.path.pop();
        }
    }

    fn path_item(&mut self, value: &'v Value) {
        let Value::Object(map) = value else { return };
        if self.reference(map, Kind::PathItem) {
            return;
        }
        self.items(map, "parameters", Self::parameter);
        for method in METHODS {
            self.key(map, method, Self::operation);
        }
    }

    fn operation(&mut self, value: &'v Value) {
        let Value::Object(map) = value else { return };
        self.items(map, "parameters", Self::parameter);
        self.key(map, "requestBody", Self::request_body);
        self.entries(map, "responses", Self::response);
    }

    fn parameter(&mut self, value: &'v Value) {
        let Value::Object(map) = value else { return };
        if self.reference(map, Kind::Parameter) {
            return;
        }
        self.key(map, "schema", Self::schema);
        self.entries(map, "content", Self::media_type);
    }

    fn request_body(&mut self, value: &'v Value) {
        let Value::Object(map) = value else { return };
        if self.reference(map, Kind::RequestBody) {
            return;
        }
        self.entries(map, "content", Self::media_type);
    }

    fn response(&mut self, value: &'v Value) {
        let Value::Object(map) = value else { return };
        if self.reference(map, Kind::Response) {
            return;
        }
        self.entries(map, "content", Self::media_type);
    }

    fn media_type(&mut self, value: &'v Value) {
        let Value::Object(map) = value else { return };
        self.key(map, "schema", Self::schema);
    }

    fn schema(&mut self, value: &'v Value) {
        let Value::Object(map) = value else { return };
        // 3.1 allows keywords beside `$ref`; they are walked too.
        self.reference(map, Kind::Schema);
        self.entries(map, "properties", Self::schema);
        for key in ["additionalProperties", "not"] {
            if map.get(key).is_some_and(Value::is_object) {
                self.key(map, key, Self::schema);
            }
        }
        match map.get("items") {
            Some(Value::Array(_)) => self.items(map, "items", Self::schema),
            Some(_) => self.key(map, "items", Self::schema),
            None => {}
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            self.items(map, key, Self::schema);
        }
    }
}

#[cfg(test)]
mod tests;
