//! What a regeneration changes for Rust code using the crate: two
//! [`Surface`]s compared, each change classified under semver.
//!
//! The generated crate's conventions decide what breaks: structs and enums
//! are `#[non_exhaustive]` (new fields, enum values and union variants
//! break nobody), request types are built with `new(required...)` plus one
//! setter per optional field (so a new *required* request field breaks
//! every `new` call), client methods take the required parameters (and a
//! required body) as arguments and everything optional as setters on the
//! returned request.
//!
//! | change | level |
//! |---|---|
//! | operation removed; renamed (same method and path, new name) | breaking |
//! | operation added | minor |
//! | operation moved to another method or path, same name | patch |
//! | required parameter or required body added | breaking |
//! | optional parameter or optional body added | minor |
//! | parameter or body removed; its type changed; required ↔ optional | breaking |
//! | client method arguments reordered | breaking |
//! | parameter moved (e.g. query → header) | patch |
//! | return type changed | breaking |
//! | pagination removed or its item type changed / added | breaking / minor |
//! | error status added or removed (decoding is by status class) | patch |
//! | error body type changed | breaking |
//! | type removed, or changed kind (struct → enum, ...) | breaking |
//! | type added | minor |
//! | struct no longer used in requests (`new` and setters go) / newly used | breaking / minor |
//! | other usage change (now or no longer in responses) | patch |
//! | field removed; field's Rust type changed (incl. optional ↔ required, nullability where the type shows it) | breaking |
//! | required field added to a request type (a new `new` argument) | breaking |
//! | optional (or constant) field added to a request type | minor |
//! | any field added to a type not used in requests | minor |
//! | request field became or stopped being a `new` argument | breaking |
//! | `new` arguments reordered | breaking |
//! | struct stops implementing `Default` / starts | breaking / minor |
//! | requiredness or nullability changed without changing the Rust type | patch |
//! | map of extra properties removed or retyped / added | breaking / minor |
//! | enum value removed | breaking |
//! | enum value added | minor |
//! | enum value's wire text changed (same variant) | patch |
//! | union variant removed or retyped / added | breaking / minor |
//! | union discriminator or variant tags changed | patch |
//! | alias target changed | breaking |

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::surface::{
    EnumFacts, OperationFacts, ParamFacts, Shape, StructFacts, Surface, TypeFacts, UnionFacts,
};

/// How a change affects code using the crate, in semver's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Code using the crate may stop compiling (or silently mean
    /// something else): semver's major.
    Breaking,
    /// New API, nothing broken: semver's minor.
    Minor,
    /// Neither new API nor broken code (behaviour or documented facts):
    /// semver's patch.
    Patch,
}

impl Level {
    /// The label in the text report.
    pub fn label(self) -> &'static str {
        match self {
            Level::Breaking => "BREAKING",
            Level::Minor => "minor",
            Level::Patch => "patch",
        }
    }
}

/// One change of the public API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How it affects users.
    pub level: Level,
    /// What kind of change it is, e.g. `operation_removed`, `field_added`.
    pub kind: &'static str,
    /// The item changed: `operation`, `Type`, `Type.field`, `Type::Variant`.
    pub item: String,
    /// A sentence saying what changed.
    pub message: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<8}  {}", self.level.label(), self.message)
    }
}

/// Every change between two surfaces, breaking first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The changes: breaking, then minor, then patch; within a level,
    /// operations then types, by name.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether some change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.level == Level::Breaking)
    }

    /// The most severe level, `None` when nothing changed.
    pub fn level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).min()
    }

    /// How many changes there are of `level`.
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// `2 breaking, 1 minor`: the non-zero counts.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [Level::Breaking, Level::Minor, Level::Patch]
            .into_iter()
            .map(|level| (level, self.count(level)))
            .filter(|(_, n)| *n > 0)
            .map(|(level, n)| format!("{n} {}", level.label().to_ascii_lowercase()))
            .collect();
        if parts.is_empty() {
            "no changes".to_owned()
        } else {
            parts.join(", ")
        }
    }

    /// One line per change: `BREAKING  removed operation ...`.
    pub fn lines(&self) -> Vec<String> {
        self.changes.iter().map(ToString::to_string).collect()
    }

    /// The report for people: a summary line, then one line per change.
    pub fn to_text(&self) -> String {
        if self.is_empty() {
            return "public API unchanged\n".to_owned();
        }
        let mut out = format!("public API changes ({}):\n", self.summary());
        for line in self.lines() {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// The report for machines: `{"breaking": bool, "level": ..., "counts":
    /// {...}, "changes": [{"level", "kind", "item", "message"}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "breaking": self.is_breaking(),
            "level": self.level(),
            "counts": {
                "breaking": self.count(Level::Breaking),
                "minor": self.count(Level::Minor),
                "patch": self.count(Level::Patch),
            },
            "changes": self.changes,
        })
    }
}

/// Compares the surface of the previous crate with the new one.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut out = Changes::default();
    if old.error_body != new.error_body {
        out.push(
            Level::Breaking,
            "error_body_changed",
            "ErrorBody",
            format!(
                "changed the error body type (ErrorBody) from {} to {}",
                shown(old.error_body.as_deref()),
                shown(new.error_body.as_deref())
            ),
        );
    }
    operations(old, new, &mut out);
    types(old, new, &mut out);
    let mut changes = out.0;
    // Stable: keeps operations-then-types, name order within a level.
    changes.sort_by_key(|c| c.level);
    Report { changes }
}

fn shown(ty: Option<&str>) -> &str {
    ty.unwrap_or("nothing")
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, level: Level, kind: &'static str, item: &str, message: String) {
        self.0.push(Change {
            level,
            kind,
            item: item.to_owned(),
            message,
        });
    }
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

fn operations(old: &Surface, new: &Surface, out: &mut Changes) {
    let removed: Vec<&String> = old
        .operations
        .keys()
        .filter(|n| !new.operations.contains_key(*n))
        .collect();
    let added: Vec<&String> = new
        .operations
        .keys()
        .filter(|n| !old.operations.contains_key(*n))
        .collect();
    // A rename: one removed and one added operation on the same method and
    // path. Reported as such, then compared like any other operation.
    let mut renamed: BTreeMap<&String, &String> = BTreeMap::new();
    for from in &removed {
        let http = &old.operations[*from].http;
        let same = |n: &&&String| &new.operations[**n].http == http;
        let candidates: Vec<&&String> = added.iter().filter(same).collect();
        let olds = removed
            .iter()
            .filter(|n| &old.operations[**n].http == http)
            .count();
        if let ([to], 1) = (candidates.as_slice(), olds) {
            renamed.insert(from, to);
        }
    }
    let renamed_to: BTreeSet<&String> = renamed.values().copied().collect();
    for (name, op) in &old.operations {
        match (new.operations.get(name), renamed.get(name)) {
            (Some(now), _) => operation(name, op, now, out),
            (None, Some(to)) => {
                out.push(
                    Level::Breaking,
                    "operation_renamed",
                    name,
                    format!("renamed operation {name} to {to} ({})", op.http),
                );
                operation(to, op, &new.operations[*to], out);
            }
            (None, None) => out.push(
                Level::Breaking,
                "operation_removed",
                name,
                format!("removed operation {name} ({})", op.http),
            ),
        }
    }
    for name in added.iter().filter(|n| !renamed_to.contains(**n)) {
        out.push(
            Level::Minor,
            "operation_added",
            name,
            format!("added operation {name} ({})", new.operations[*name].http),
        );
    }
}

fn operation(name: &str, old: &OperationFacts, new: &OperationFacts, out: &mut Changes) {
    if old.http != new.http {
        out.push(
            Level::Patch,
            "operation_moved",
            name,
            format!("moved operation {name} from {} to {}", old.http, new.http),
        );
    }
    params(name, &old.params, &new.params, out);
    body(name, old, new, out);
    reordered(
        &old.arguments,
        &new.arguments,
        &format!("Client::{name}"),
        "arguments_reordered",
        out,
    );
    if old.returns != new.returns {
        out.push(
            Level::Breaking,
            "return_type_changed",
            name,
            format!(
                "changed the return type of operation {name} from {} to {}",
                old.returns, new.returns
            ),
        );
    }
    match (&old.pages, &new.pages) {
        (Some(_), None) => out.push(
            Level::Breaking,
            "pagination_removed",
            name,
            format!("removed pagination from operation {name} (into_stream, collect_items)"),
        ),
        (None, Some(item)) => out.push(
            Level::Minor,
            "pagination_added",
            name,
            format!("added pagination to operation {name} (items: {item})"),
        ),
        (Some(was), Some(now)) if was != now => out.push(
            Level::Breaking,
            "pagination_changed",
            name,
            format!("changed the page item type of operation {name} from {was} to {now}"),
        ),
        _ => {}
    }
    for status in old.errors.difference(&new.errors) {
        out.push(
            Level::Patch,
            "error_status_removed",
            name,
            format!("removed error status {status} from operation {name}"),
        );
    }
    for status in new.errors.difference(&old.errors) {
        out.push(
            Level::Patch,
            "error_status_added",
            name,
            format!("added error status {status} to operation {name}"),
        );
    }
}

fn params(
    op: &str,
    old: &BTreeMap<String, ParamFacts>,
    new: &BTreeMap<String, ParamFacts>,
    out: &mut Changes,
) {
    let item = |p: &str| format!("{op}({p})");
    for (name, was) in old {
        let Some(now) = new.get(name) else {
            out.push(
                Level::Breaking,
                "param_removed",
                &item(name),
                format!(
                    "removed {} {} parameter {name} from operation {op}",
                    required_word(was.required),
                    was.location
                ),
            );
            continue;
        };
        if was.ty != now.ty {
            out.push(
                Level::Breaking,
                "param_type_changed",
                &item(name),
                format!(
                    "changed the type of parameter {name} of operation {op} from {} to {}",
                    was.ty, now.ty
                ),
            );
        }
        if was.required != now.required {
            let message = if now.required {
                format!("made parameter {name} of operation {op} required (a new argument of Client::{op})")
            } else {
                format!("made parameter {name} of operation {op} optional (no longer an argument of Client::{op}, a setter)")
            };
            out.push(
                Level::Breaking,
                "param_required_changed",
                &item(name),
                message,
            );
        }
        if was.location != now.location {
            out.push(
                Level::Patch,
                "param_moved",
                &item(name),
                format!(
                    "moved parameter {name} of operation {op} from the {} to the {}",
                    was.location, now.location
                ),
            );
        }
    }
    for (name, now) in new.iter().filter(|(n, _)| !old.contains_key(*n)) {
        let (level, why) = addition(now.required, op);
        out.push(
            level,
            "param_added",
            &item(name),
            format!(
                "added {} {} parameter {name}: {} to operation {op}{why}",
                required_word(now.required),
                now.location,
                now.ty
            ),
        );
    }
}

/// How breaking a new parameter or body of operation `op` is: a required
/// one is a new argument of its client method, an optional one a setter.
fn addition(required: bool, op: &str) -> (Level, String) {
    if required {
        (
            Level::Breaking,
            format!(" (a new argument of Client::{op})"),
        )
    } else {
        (Level::Minor, String::new())
    }
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn body(op: &str, old: &OperationFacts, new: &OperationFacts, out: &mut Changes) {
    match (&old.body, &new.body) {
        (Some(was), None) => out.push(
            Level::Breaking,
            "body_removed",
            op,
            format!(
                "removed the {} body {} from operation {op}",
                required_word(was.required),
                was.ty
            ),
        ),
        (None, Some(now)) => {
            let (level, why) = addition(now.required, op);
            out.push(
                level,
                "body_added",
                op,
                format!(
                    "added a {} body {} to operation {op}{why}",
                    required_word(now.required),
                    now.ty
                ),
            );
        }
        (Some(was), Some(now)) => {
            if was.ty != now.ty {
                out.push(
                    Level::Breaking,
                    "body_type_changed",
                    op,
                    format!(
                        "changed the body type of operation {op} from {} to {}",
                        was.ty, now.ty
                    ),
                );
            }
            if was.required != now.required {
                out.push(
                    Level::Breaking,
                    "body_required_changed",
                    op,
                    format!(
                        "made the body of operation {op} {} ({})",
                        required_word(now.required),
                        if now.required {
                            format!("a new argument of Client::{op}")
                        } else {
                            format!("no longer an argument of Client::{op}, a setter")
                        }
                    ),
                );
            }
        }
        (None, None) => {}
    }
}

/// Reports when the names both lists share come in a different order
/// (positional arguments that would silently swap).
fn reordered(old: &[String], new: &[String], what: &str, kind: &'static str, out: &mut Changes) {
    let common_old: Vec<&String> = old.iter().filter(|a| new.contains(a)).collect();
    let common_new: Vec<&String> = new.iter().filter(|a| old.contains(a)).collect();
    if common_old != common_new {
        out.push(
            Level::Breaking,
            kind,
            what,
            format!(
                "reordered the arguments of {what} from ({}) to ({})",
                old.join(", "),
                new.join(", ")
            ),
        );
    }
}

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

fn types(old: &Surface, new: &Surface, out: &mut Changes) {
    for (name, was) in &old.types {
        match new.types.get(name) {
            None => out.push(
                Level::Breaking,
                "type_removed",
                name,
                format!("removed {} {name}", was.shape.kind()),
            ),
            Some(now) => type_changes(name, was, now, out),
        }
    }
    for (name, now) in new
        .types
        .iter()
        .filter(|(n, _)| !old.types.contains_key(*n))
    {
        out.push(
            Level::Minor,
            "type_added",
            name,
            format!("added {} {name}", now.shape.kind()),
        );
    }
}

fn type_changes(name: &str, was: &TypeFacts, now: &TypeFacts, out: &mut Changes) {
    let is_struct = matches!(now.shape, Shape::Struct(_));
    match (&was.shape, &now.shape) {
        (Shape::Struct(a), Shape::Struct(b)) => struct_changes(name, was, a, now, b, out),
        (Shape::Enum(a), Shape::Enum(b)) => enum_changes(name, a, b, out),
        (Shape::Union(a), Shape::Union(b)) => union_changes(name, a, b, out),
        (Shape::Alias(a), Shape::Alias(b)) => {
            if a != b {
                out.push(
                    Level::Breaking,
                    "alias_changed",
                    name,
                    format!("changed alias {name} from {a} to {b}"),
                );
            }
        }
        (a, b) => {
            out.push(
                Level::Breaking,
                "type_kind_changed",
                name,
                format!(
                    "changed {name} from {} to {}",
                    with_article(a.kind()),
                    with_article(b.kind())
                ),
            );
            return;
        }
    }
    if was.request != now.request {
        let (level, message) = match (is_struct, now.request) {
            (true, true) => (
                Level::Minor,
                format!("added {name}::new and setters ({name} is now used in requests)"),
            ),
            (true, false) => (
                Level::Breaking,
                format!(
                    "removed {name}::new and its setters ({name} is no longer used in requests)"
                ),
            ),
            (false, true) => (Level::Patch, format!("{name} is now used in requests")),
            (false, false) => (
                Level::Patch,
                format!("{name} is no longer used in requests"),
            ),
        };
        out.push(level, "usage_changed", name, message);
    }
    if was.response != now.response {
        let message = if now.response {
            format!("{name} is now used in responses")
        } else {
            format!("{name} is no longer used in responses")
        };
        out.push(Level::Patch, "usage_changed", name, message);
    }
}

fn struct_changes(
    name: &str,
    was_type: &TypeFacts,
    was: &StructFacts,
    now_type: &TypeFacts,
    now: &StructFacts,
    out: &mut Changes,
) {
    // `new` exists in both versions: its signature matters.
    let builder = was_type.request && now_type.request;
    for (field, a) in &was.fields {
        let item = format!("{name}.{field}");
        let Some(b) = now.fields.get(field) else {
            out.push(
                Level::Breaking,
                "field_removed",
                &item,
                format!("removed field {item}"),
            );
            continue;
        };
        let was_arg = a.required && !a.constant;
        let now_arg = b.required && !b.constant;
        if a.ty != b.ty {
            let why = if flags(a) == flags(b) {
                String::new()
            } else {
                format!(" ({}, was {})", flags(b), flags(a))
            };
            out.push(
                Level::Breaking,
                "field_type_changed",
                &item,
                format!(
                    "changed the type of field {item} from {} to {}{why}",
                    a.ty, b.ty
                ),
            );
        } else if builder && was_arg != now_arg {
            let message = if now_arg {
                format!("made field {item} required (a new argument of {name}::new)")
            } else {
                format!(
                    "made field {item} {} (no longer an argument of {name}::new)",
                    flags(b)
                )
            };
            out.push(Level::Breaking, "field_required_changed", &item, message);
        } else if a != b {
            out.push(
                Level::Patch,
                "field_flags_changed",
                &item,
                format!(
                    "made field {item} {} (was {}; its Rust type is unchanged)",
                    flags(b),
                    flags(a)
                ),
            );
        }
    }
    for (field, b) in now
        .fields
        .iter()
        .filter(|(f, _)| !was.fields.contains_key(*f))
    {
        let item = format!("{name}.{field}");
        let argument = now_type.request && b.required && !b.constant;
        let (level, why) = if argument && was_type.request {
            (Level::Breaking, format!(" (a new argument of {name}::new)"))
        } else {
            (Level::Minor, String::new())
        };
        let adjective = if b.required { "required" } else { "optional" };
        out.push(
            level,
            "field_added",
            &item,
            format!("added {adjective} field {item}: {}{why}", b.ty),
        );
    }
    if builder {
        reordered(
            &was.new_args,
            &now.new_args,
            &format!("{name}::new"),
            "new_arguments_reordered",
            out,
        );
    }
    match (
        was.has_default(was_type.request),
        now.has_default(now_type.request),
    ) {
        (true, false) => out.push(
            Level::Breaking,
            "default_removed",
            name,
            format!("{name} no longer implements Default (it has required fields now)"),
        ),
        (false, true) => out.push(
            Level::Minor,
            "default_added",
            name,
            format!("{name} now implements Default"),
        ),
        _ => {}
    }
    match (&was.additional, &now.additional) {
        (Some((field, _)), None) => out.push(
            Level::Breaking,
            "additional_removed",
            name,
            format!("removed the map of other properties {name}.{field}"),
        ),
        (None, Some((field, ty))) => out.push(
            Level::Minor,
            "additional_added",
            name,
            format!("added the map of other properties {name}.{field}: {ty}"),
        ),
        (Some(a), Some(b)) if a != b => out.push(
            Level::Breaking,
            "additional_changed",
            name,
            format!(
                "changed the map of other properties {name}.{}: {} to {name}.{}: {}",
                a.0, a.1, b.0, b.1
            ),
        ),
        _ => {}
    }
}

fn with_article(kind: &str) -> String {
    match kind {
        "enum" | "alias" => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

fn flags(f: &crate::surface::FieldFacts) -> String {
    let mut words = vec![required_word(f.required)];
    if f.nullable {
        words.push("nullable");
    }
    if f.constant {
        words.push("constant");
    }
    words.join(" ")
}

fn enum_changes(name: &str, was: &EnumFacts, now: &EnumFacts, out: &mut Changes) {
    for (variant, value) in &was.values {
        let item = format!("{name}::{variant}");
        match now.values.get(variant) {
            None => out.push(
                Level::Breaking,
                "enum_value_removed",
                &item,
                format!("removed enum value {item} ({value})"),
            ),
            Some(now_value) if now_value != value => out.push(
                Level::Patch,
                "enum_value_changed",
                &item,
                format!("changed the value of {item} from {value} to {now_value}"),
            ),
            Some(_) => {}
        }
    }
    for (variant, value) in now
        .values
        .iter()
        .filter(|(v, _)| !was.values.contains_key(*v))
    {
        let item = format!("{name}::{variant}");
        out.push(
            Level::Minor,
            "enum_value_added",
            &item,
            format!("added enum value {item} ({value})"),
        );
    }
}

fn union_changes(name: &str, was: &UnionFacts, now: &UnionFacts, out: &mut Changes) {
    if was.discriminator != now.discriminator {
        out.push(
            Level::Patch,
            "discriminator_changed",
            name,
            format!(
                "changed the discriminator of union {name} from {} to {}",
                shown(was.discriminator.as_deref()),
                shown(now.discriminator.as_deref())
            ),
        );
    }
    for (variant, a) in &was.variants {
        let item = format!("{name}::{variant}");
        let Some(b) = now.variants.get(variant) else {
            out.push(
                Level::Breaking,
                "variant_removed",
                &item,
                format!("removed variant {item}({})", a.ty),
            );
            continue;
        };
        if a.ty != b.ty {
            out.push(
                Level::Breaking,
                "variant_type_changed",
                &item,
                format!(
                    "changed the type of variant {item} from {} to {}",
                    a.ty, b.ty
                ),
            );
        }
        if a.tags != b.tags {
            out.push(
                Level::Patch,
                "variant_tags_changed",
                &item,
                format!(
                    "changed the tags of variant {item} from [{}] to [{}]",
                    a.tags.join(", "),
                    b.tags.join(", ")
                ),
            );
        }
    }
    for (variant, b) in now
        .variants
        .iter()
        .filter(|(v, _)| !was.variants.contains_key(*v))
    {
        let item = format!("{name}::{variant}");
        out.push(
            Level::Minor,
            "variant_added",
            &item,
            format!("added variant {item}({})", b.ty),
        );
    }
}

// ---------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------

/// A `MAJOR.MINOR.PATCH` version (pre-release and build suffixes are not
/// supported by the version bump).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
}

impl Version {
    /// Parses `MAJOR.MINOR.PATCH`.
    ///
    /// # Errors
    ///
    /// When `text` is anything else.
    pub fn parse(text: &str) -> Result<Version, String> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        let number = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u64>().ok())
                .flatten()
        };
        match parts.as_slice() {
            [a, b, c] => match (number(a), number(b), number(c)) {
                (Some(major), Some(minor), Some(patch)) => Ok(Version {
                    major,
                    minor,
                    patch,
                }),
                _ => Err(format!("`{text}` is not a MAJOR.MINOR.PATCH version")),
            },
            _ => Err(format!("`{text}` is not a MAJOR.MINOR.PATCH version")),
        }
    }

    /// The version semver asks for after changes of `level`: from 1.0,
    /// breaking → major, minor → minor, patch → patch; below 1.0 everything
    /// moves one place right (breaking → minor, else patch), and 0.0.x
    /// always bumps the patch (cargo treats every 0.0.x as incompatible).
    pub fn bump(self, level: Option<Level>) -> Version {
        let Some(level) = level else { return self };
        let Version {
            major,
            minor,
            patch,
        } = self;
        let position = match (major, minor, level) {
            (0, 0, _) => 2,
            (0, _, Level::Breaking) => 1,
            (0, _, _) => 2,
            (_, _, Level::Breaking) => 0,
            (_, _, Level::Minor) => 1,
            (_, _, Level::Patch) => 2,
        };
        match position {
            0 => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
            1 => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            _ => Version {
                major,
                minor,
                patch: patch + 1,
            },
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).expect("a version")
    }

    #[test]
    fn versions_bump_as_semver_asks() {
        let cases = [
            ("0.1.0", Some(Level::Breaking), "0.2.0"),
            ("0.1.3", Some(Level::Minor), "0.1.4"),
            ("0.1.3", Some(Level::Patch), "0.1.4"),
            ("0.0.3", Some(Level::Breaking), "0.0.4"),
            ("1.2.3", Some(Level::Breaking), "2.0.0"),
            ("1.2.3", Some(Level::Minor), "1.3.0"),
            ("1.2.3", Some(Level::Patch), "1.2.4"),
            ("1.2.3", None, "1.2.3"),
        ];
        for (from, level, to) in cases {
            assert_eq!(v(from).bump(level).to_string(), to, "{from} {level:?}");
        }
        assert!(Version::parse("1.0").is_err());
        assert!(Version::parse("1.0.0-beta.1").is_err());
        assert!(v("0.10.0") > v("0.9.9"));
    }

    #[test]
    fn changes_are_sorted_breaking_first_and_labelled() {
        let old = Surface::parse(
            "enum E used-in response\nenum E value A = \"a\"\nenum E value B = \"b\"\n",
        )
        .expect("parses");
        let new = Surface::parse(
            "enum E used-in response\nenum E value B = \"b\"\nenum E value C = \"c\"\n",
        )
        .expect("parses");
        let report = diff(&old, &new);
        assert_eq!(
            report.lines(),
            [
                "BREAKING  removed enum value E::A (\"a\")",
                "minor     added enum value E::C (\"c\")",
            ]
        );
        assert_eq!(report.summary(), "1 breaking, 1 minor");
        assert_eq!(report.level(), Some(Level::Breaking));
        assert!(diff(&new, &new).is_empty());
    }
}
