//! Load phase: bytes (YAML or JSON) to a parsed `openapiv3` document, with
//! OpenAPI 3.1 constructs normalised to the 3.0 model first.

mod lines;
mod normalise;
pub mod refs;

use serde_json::Value;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::sources::{NoSources, Sources};
pub use lines::LineIndex;
pub(crate) use normalise::{original_pointer, HOISTED};
pub use refs::Refs;

/// A document that loaded: the parsed model plus what the lowering phase
/// needs to resolve references and report locations.
#[derive(Debug)]
pub struct Loaded {
    /// The document in the 3.0 model (its `$ref`s spelled canonically, see
    /// [`refs`]).
    pub document: openapiv3::OpenAPI,
    /// Every reference and the targets outside the document's own
    /// component sections.
    pub refs: Refs,
    /// The `openapi` version the input declared (e.g. `3.1.0`).
    pub source_version: String,
    /// Problems that did not stop loading: warnings, and errors (references
    /// that resolve nowhere) that fail the run once the lowering has
    /// reported its own problems too.
    pub diagnostics: Diagnostics,
}

/// Parses `source` as JSON (when it starts with `{`) or YAML, normalises it
/// and parses it as OpenAPI. Every problem found is returned together;
/// references to other documents are unresolved.
pub fn load(source: &[u8]) -> Result<Loaded, Diagnostics> {
    let loaded = load_with(source, &Config::for_crate("document"), &NoSources)?;
    if loaded.diagnostics.has_errors() {
        return Err(located(loaded.diagnostics, source));
    }
    Ok(loaded)
}

/// As [`load`], reading the other documents references name through
/// `sources` and treating unresolved references as `config` says. An
/// unresolved reference does not stop loading: it is an error in
/// [`Loaded::diagnostics`] (or a warning, with the untyped-JSON fallback).
pub fn load_with(
    source: &[u8],
    config: &Config,
    sources: &dyn Sources,
) -> Result<Loaded, Diagnostics> {
    let mut value = parse_tree(source).map_err(|diags| located(diags, source))?;
    let mut diags = Diagnostics::new();
    let source_version = check_version(&value, &mut diags);
    if diags.has_errors() {
        return Err(located(diags, source));
    }
    let mut unresolved = Diagnostics::new();
    let (refs, in_targets) = refs::resolve(&mut value, config, sources, &mut unresolved);
    normalise::document(&mut value, &mut diags);
    // Targets in the main document were normalised with it as well; their
    // problems are reported once.
    for problem in in_targets {
        if !diags.iter().any(|known| *known == problem) {
            diags.push(problem);
        }
    }
    check_parameters(&value, &mut diags);
    check_security(&mut value, &mut diags);
    let document = match parse_openapi(value, &mut diags) {
        Some(document) if !diags.has_errors() => document,
        _ => {
            diags.extend(unresolved);
            refs.locate(&mut diags);
            return Err(located(diags, source));
        }
    };
    diags.extend(unresolved);
    Ok(Loaded {
        document,
        refs,
        source_version,
        diagnostics: diags,
    })
}

/// Parses the source text into a JSON tree, with the parser's line on error.
fn parse_tree(source: &[u8]) -> Result<Value, Diagnostics> {
    let text = match std::str::from_utf8(source) {
        Ok(text) => text,
        Err(err) => {
            let offset = err.valid_up_to();
            let line = 1 + source[..offset].iter().filter(|b| **b == b'\n').count();
            let mut diags = Diagnostics::new();
            diags.push(
                Diagnostic::error(
                    "",
                    format!(
                        "the document is not valid UTF-8 text (invalid byte at offset {offset})"
                    ),
                )
                .at_line(Some(line)),
            );
            return Err(diags);
        }
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        let mut diags = Diagnostics::new();
        diags.error("", "the document is empty");
        return Err(diags);
    }
    let parsed = if trimmed.starts_with('{') {
        serde_json::from_str::<Value>(trimmed).map_err(|err| {
            Diagnostic::error("", format!("invalid JSON: {err}")).at_line(Some(err.line()))
        })
    } else {
        parse_yaml(trimmed)
    };
    match parsed {
        Ok(Value::Object(map)) => Ok(Value::Object(map)),
        Ok(other) => {
            let mut diags = Diagnostics::new();
            diags.error(
                "",
                format!(
                    "the document must be a YAML or JSON mapping with an `openapi` field, found {}",
                    kind_name(&other)
                ),
            );
            Err(diags)
        }
        Err(diag) => {
            let mut diags = Diagnostics::new();
            diags.push(diag);
            Err(diags)
        }
    }
}

fn parse_yaml(text: &str) -> Result<Value, Diagnostic> {
    // Fast path: most documents map straight onto JSON. Anything JSON cannot
    // hold (numeric keys, tags) takes the careful path, which converts or
    // reports it.
    if let Ok(Lenient(value)) = serde_yaml::from_str::<Lenient>(text) {
        return Ok(value);
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| {
        let line = err.location().map(|l| l.line());
        Diagnostic::error("", format!("invalid YAML: {err}")).at_line(line)
    })?;
    yaml_to_json(yaml, "")
}

/// A JSON tree read from YAML that also takes integers beyond 64 bits, as
/// the nearest float (as `serde_json` reads them from JSON text); the
/// normaliser warns where such a value changes a type.
struct Lenient(Value);

impl<'de> serde::Deserialize<'de> for Lenient {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> serde::de::Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value JSON can hold")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(Value::from(v)),
            Err(_) => self.visit_f64(v as f64),
        }
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        match u64::try_from(v) {
            Ok(v) => Ok(Value::from(v)),
            Err(_) => self.visit_f64(v as f64),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("the number {v} cannot be represented in JSON")))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Lenient(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some((key, Lenient(value))) = map.next_entry::<String, Lenient>()? {
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// Converts a YAML tree to JSON, rejecting what JSON cannot hold (non-string
/// keys other than numbers and booleans, tags, non-finite floats).
fn yaml_to_json(yaml: serde_yaml::Value, at: &str) -> Result<Value, Diagnostic> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| {
                        Diagnostic::error(
                            at,
                            format!("the number {n} cannot be represented in JSON"),
                        )
                    })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &crate::diag::child(at, &i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(Diagnostic::error(
                            at,
                            format!(
                                "mapping keys must be strings, found {}",
                                yaml_kind_name(&other)
                            ),
                        ))
                    }
                };
                let child = crate::diag::child(at, &key);
                out.insert(key, yaml_to_json(value, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            return Err(Diagnostic::error(
                at,
                format!("YAML tags are not supported (found `{}`)", tagged.tag),
            ))
        }
    })
}

fn yaml_kind_name(value: &serde_yaml::Value) -> &'static str {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => "null",
        Y::Bool(_) => "a boolean",
        Y::Number(_) => "a number",
        Y::String(_) => "a string",
        Y::Sequence(_) => "a list",
        Y::Mapping(_) => "a mapping",
        Y::Tagged(_) => "a tagged value",
    }
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Checks that the document says it is OpenAPI 3.0 or 3.1; returns the version.
fn check_version(value: &Value, diags: &mut Diagnostics) -> String {
    if let Some(swagger) = value.get("swagger") {
        diags.error(
            "/swagger",
            format!(
                "this is a Swagger {} document; sdkgen reads OpenAPI 3.0 and 3.1 (convert it first, e.g. with swagger2openapi)",
                swagger.as_str().unwrap_or("2.x")
            ),
        );
        return String::new();
    }
    match value.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => v.clone(),
        Some(Value::String(v)) => {
            diags.error(
                "/openapi",
                format!("unsupported OpenAPI version `{v}`; sdkgen reads 3.0.x and 3.1.x"),
            );
            String::new()
        }
        Some(other) => {
            let found = match other {
                Value::Number(n) => format!("the number {n} (quote it in YAML)"),
                other => kind_name(other).to_owned(),
            };
            diags.error(
                "/openapi",
                format!("`openapi` must be a version string such as \"3.1.0\", found {found}"),
            );
            String::new()
        }
        None => {
            diags.error(
                "",
                "not an OpenAPI document: the `openapi` field is missing",
            );
            String::new()
        }
    }
}

/// Parameter locations of OpenAPI 3.
const PARAMETER_LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];

/// Checks what the parser would only report vaguely about parameter
/// objects: where they are (`in`) and that they have a `schema` or `content`.
fn check_parameters(value: &Value, diags: &mut Diagnostics) {
    let mut lists: Vec<(String, &Value)> = Vec::new();
    if let Some(paths) = value.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let at = crate::diag::pointer(["paths", path.as_str()]);
            let Some(item) = item.as_object() else {
                continue;
            };
            for (key, entry) in item {
                if key == "parameters" {
                    lists.push((crate::diag::child(&at, key), entry));
                } else if let Some(params) = entry.get("parameters") {
                    let op = crate::diag::child(&at, key);
                    lists.push((crate::diag::child(&op, "parameters"), params));
                }
            }
        }
    }
    let mut params: Vec<(String, &Value)> = Vec::new();
    for (at, list) in lists {
        if let Some(list) = list.as_array() {
            for (i, param) in list.iter().enumerate() {
                params.push((crate::diag::child(&at, &i.to_string()), param));
            }
        }
    }
    if let Some(section) = value
        .pointer("/components/parameters")
        .and_then(Value::as_object)
    {
        for (name, param) in section {
            params.push((
                crate::diag::pointer(["components", "parameters", name]),
                param,
            ));
        }
    }
    for (at, param) in params {
        let Some(param) = param.as_object() else {
            continue;
        };
        if param.contains_key("$ref") {
            continue;
        }
        let name = param.get("name").and_then(Value::as_str).unwrap_or("?");
        match param.get("in") {
            Some(Value::String(location)) if PARAMETER_LOCATIONS.contains(&location.as_str()) => {}
            Some(Value::String(location)) => diags.error(
                crate::diag::child(&at, "in"),
                format!(
                    "parameter `{name}` is `in: {location}`; OpenAPI 3 parameters are in `query`, `header`, `path` or `cookie`{}",
                    if location == "body" || location == "formData" {
                        " (a body is described by the operation's `requestBody`)"
                    } else {
                        ""
                    }
                ),
            ),
            Some(_) => diags.error(
                crate::diag::child(&at, "in"),
                format!("parameter `{name}`: `in` must be a string"),
            ),
            None => diags.error(
                at.clone(),
                format!("parameter `{name}` has no `in` (`query`, `header`, `path` or `cookie`)"),
            ),
        }
        if !param.contains_key("schema") && !param.contains_key("content") {
            diags.error(
                at,
                format!("parameter `{name}` needs a `schema` (or a `content`)"),
            );
        }
    }
}

/// Security requirements whose scope list is `null` (or missing) mean no
/// scopes, as an empty list does: they become `[]`, with a warning.
fn check_security(value: &mut Value, diags: &mut Diagnostics) {
    fn fix(requirements: Option<&mut Value>, at: &str, diags: &mut Diagnostics) {
        let Some(Value::Array(requirements)) = requirements else {
            return;
        };
        for (i, requirement) in requirements.iter_mut().enumerate() {
            let Value::Object(schemes) = requirement else {
                continue;
            };
            for (scheme, scopes) in schemes.iter_mut() {
                if scopes.is_null() {
                    diags.warning(
                        crate::diag::child(&crate::diag::child(at, &i.to_string()), scheme),
                        format!("the scopes of `{scheme}` are `null`; read as no scopes (`[]`)"),
                    );
                    *scopes = Value::Array(Vec::new());
                }
            }
        }
    }
    fix(value.get_mut("security"), "/security", diags);
    set_aside_unparsed_schemes(value);
    if let Some(paths) = value.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                let at =
                    crate::diag::pointer(["paths", path.as_str(), method.as_str(), "security"]);
                fix(op.get_mut("security"), &at, diags);
            }
        }
    }
}

/// The root extension naming the security schemes the OpenAPI 3.0 model
/// cannot hold (`mutualTLS`), each with its `type`; the lowering reports
/// them as schemes the SDK does not send.
pub const UNPARSED_SCHEMES: &str = "x-sdkgen-unparsed-schemes";

/// Security schemes of a `type` the 3.0 model has no place for (3.1's
/// `mutualTLS`, unknown types) are taken out of the components and named
/// in [`UNPARSED_SCHEMES`], so the document still parses and the lowering
/// can say why they are not sent.
fn set_aside_unparsed_schemes(value: &mut Value) {
    const KNOWN: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];
    let Some(schemes) = value
        .pointer_mut("/components/securitySchemes")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut unparsed = serde_json::Map::new();
    schemes.retain(|name, scheme| {
        let Some(kind) = scheme.get("type").and_then(Value::as_str) else {
            return true;
        };
        if KNOWN.contains(&kind) {
            return true;
        }
        unparsed.insert(name.clone(), Value::String(kind.to_owned()));
        false
    });
    if unparsed.is_empty() {
        return;
    }
    if let Some(root) = value.as_object_mut() {
        root.insert(UNPARSED_SCHEMES.to_owned(), Value::Object(unparsed));
    }
}

/// Parses the normalised tree with `openapiv3`, section by section first so
/// that every malformed part is reported, not only the first. Parts where
/// an earlier check already found a problem are not parsed again (that
/// would report the same problem less clearly).
fn parse_openapi(value: Value, diags: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    // Fast path: a valid document parses once; only a broken one is parsed
    // part by part to find every problem.
    if !diags.has_errors() {
        if let Ok(document) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value) {
            return Some(document);
        }
    }
    let reported: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .map(|d| d.pointer.clone())
        .collect();
    let covered = |at: &str| {
        reported
            .iter()
            .any(|p| p == at || p.strip_prefix(at).is_some_and(|rest| rest.starts_with('/')))
    };
    let before = diags.len();
    if let Some(paths) = value.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            if path.starts_with("x-") {
                continue;
            }
            let at = crate::diag::pointer(["paths", path.as_str()]);
            if !covered(&at) {
                parse_part::<openapiv3::PathItem>(item, &at, diags);
            }
        }
    }
    if let Some(components) = value.get("components").and_then(Value::as_object) {
        for (section, entries) in components {
            let Some(entries) = entries.as_object() else {
                continue;
            };
            for (name, entry) in entries {
                let at = crate::diag::pointer(["components", section.as_str(), name.as_str()]);
                if covered(&at) {
                    continue;
                }
                match section.as_str() {
                    "schemas" => parse_part::<openapiv3::Schema>(entry, &at, diags),
                    "parameters" => parse_part::<openapiv3::Parameter>(entry, &at, diags),
                    "responses" => parse_part::<openapiv3::Response>(entry, &at, diags),
                    "requestBodies" => parse_part::<openapiv3::RequestBody>(entry, &at, diags),
                    _ => {}
                }
            }
        }
    }
    if diags.len() > before || diags.has_errors() {
        return None;
    }
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value) {
        Ok(document) => Some(document),
        Err(err) => {
            let at = path_to_pointer(err.path());
            diags.error(at, format!("not a valid OpenAPI document: {}", err.inner()));
            None
        }
    }
}

/// Parses one part of the document as `T` (a `$ref` stands in for any
/// object and is checked when resolved), reporting where it fails.
fn parse_part<T: serde::de::DeserializeOwned>(value: &Value, at: &str, diags: &mut Diagnostics) {
    if value.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    if let Err(err) = serde_path_to_error::deserialize::<_, T>(value) {
        let inner = path_to_pointer(err.path());
        diags.error(
            format!("{at}{inner}"),
            format!("invalid OpenAPI object: {}", err.inner()),
        );
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out = crate::diag::child(&out, &index.to_string()),
            Segment::Map { key } => out = crate::diag::child(&out, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Fills in source lines for diagnostics from the original text.
fn located(mut diags: Diagnostics, source: &[u8]) -> Diagnostics {
    let index = LineIndex::new(&String::from_utf8_lossy(source));
    index.locate(&mut diags);
    diags
}

/// Lines for diagnostics found after loading (e.g. by lowering).
pub fn line_index(source: &[u8]) -> LineIndex {
    LineIndex::new(&String::from_utf8_lossy(source))
}

#[cfg(test)]
mod tests;
