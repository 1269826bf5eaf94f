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
//! | change | level | kinds |
//! |---|---|---|
//! | operation removed; renamed (same method and path, new name) | breaking | `operation_removed`, `operation_renamed` |
//! | operation added | minor | `operation_added` |
//! | operation moved to another method or path, same name | patch | `operation_moved` |
//! | required parameter or required body added | breaking | `param_added`, `body_added` |
//! | optional parameter or optional body added | minor | `param_added`, `body_added` |
//! | parameter or body removed; its type changed; required ↔ optional | breaking | `param_removed`, `body_removed`, `param_type_changed`, `body_type_changed`, `param_required_changed`, `body_required_changed` |
//! | client method arguments reordered | breaking | `arguments_reordered` |
//! | parameter moved (e.g. query → header) | patch | `param_moved` |
//! | return type changed | breaking | `return_type_changed` |
//! | pagination removed or its item type changed | breaking | `pagination_removed`, `pagination_changed` |
//! | pagination added | minor | `pagination_added` |
//! | error status added or removed (decoding is by status class) | patch | `error_status_added`, `error_status_removed` |
//! | error body type changed | breaking | `error_body_changed` |
//! | type removed, or changed kind (struct → enum, ...) | breaking | `type_removed`, `type_kind_changed` |
//! | type added | minor | `type_added` |
//! | struct no longer used in requests (`new` and setters go) | breaking | `usage_changed` |
//! | struct newly used in requests (`new` and setters come) | minor | `usage_changed` |
//! | other usage change (now or no longer in responses) | patch | `usage_changed` |
//! | field removed; field's Rust type changed (incl. optional ↔ required, nullability where the type shows it) | breaking | `field_removed`, `field_type_changed` |
//! | required field added to a request type (a new `new` argument) | breaking | `field_added` |
//! | optional (or constant) field added to a request type; any field added to a type not used in requests | minor | `field_added` |
//! | request field became or stopped being a `new` argument | breaking | `field_required_changed` |
//! | `new` arguments reordered | breaking | `new_arguments_reordered` |
//! | `new` takes the struct of required fields, or stops taking it | breaking | `new_signature_changed` |
//! | fields of that struct reordered (named by callers) | patch | `required_fields_reordered` |
//! | struct stops implementing `Default` | breaking | `default_removed` |
//! | struct starts implementing `Default` | minor | `default_added` |
//! | requiredness or nullability changed without changing the Rust type | patch | `field_flags_changed` |
//! | map of extra properties removed or retyped | breaking | `additional_removed`, `additional_changed` |
//! | map of extra properties added | minor | `additional_added` |
//! | enum value removed | breaking | `enum_value_removed` |
//! | enum value added | minor | `enum_value_added` |
//! | enum value's wire text changed (same variant) | patch | `enum_value_changed` |
//! | union variant removed or retyped | breaking | `variant_removed`, `variant_type_changed` |
//! | union variant added | minor | `variant_added` |
//! | union discriminator or variant tags changed | patch | `discriminator_changed`, `variant_tags_changed` |
//! | alias target changed | breaking | `alias_changed` |
//!
//! Each row is a [`ChangeKind`], whose [`ChangeKind::level`] is the only
//! place a level is decided; a unit test holds this table to it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use super::surface::{
    EnumFacts, FieldFacts, OperationFacts, ParamFacts, Shape, StructFacts, Surface, TypeFacts,
    UnionFacts,
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

/// What kind of change a [`Change`] is. The kind alone decides the level
/// (the module's table); kinds whose level depends on what was added carry
/// that fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The error body type changed.
    ErrorBodyChanged,
    /// An operation was removed.
    OperationRemoved,
    /// An operation got a new name (same method and path).
    OperationRenamed,
    /// An operation was added.
    OperationAdded,
    /// An operation moved to another method or path, same name.
    OperationMoved,
    /// A client method's arguments were reordered.
    ArgumentsReordered,
    /// An operation's return type changed.
    ReturnTypeChanged,
    /// An operation stopped paginating.
    PaginationRemoved,
    /// An operation started paginating.
    PaginationAdded,
    /// A paginated operation's item type changed.
    PaginationChanged,
    /// An error status was removed from an operation.
    ErrorStatusRemoved,
    /// An error status was added to an operation.
    ErrorStatusAdded,
    /// A parameter was removed.
    ParamRemoved,
    /// A parameter's type changed.
    ParamTypeChanged,
    /// A parameter became required or optional.
    ParamRequiredChanged,
    /// A parameter moved to another location (query, header, ...).
    ParamMoved,
    /// A parameter was added; a required one is a new method argument.
    ParamAdded {
        /// Whether the new parameter is required.
        required: bool,
    },
    /// An operation's body was removed.
    BodyRemoved,
    /// A body was added; a required one is a new method argument.
    BodyAdded {
        /// Whether the new body is required.
        required: bool,
    },
    /// The body type changed.
    BodyTypeChanged,
    /// The body became required or optional.
    BodyRequiredChanged,
    /// A type was removed.
    TypeRemoved,
    /// A type was added.
    TypeAdded,
    /// An alias points to another type.
    AliasChanged,
    /// A type changed kind (struct → enum, ...).
    TypeKindChanged,
    /// A type is used differently (in requests, in responses).
    UsageChanged(UsageChange),
    /// A field was removed.
    FieldRemoved,
    /// A field's Rust type changed.
    FieldTypeChanged,
    /// A request field became or stopped being a `new` argument.
    FieldRequiredChanged,
    /// Requiredness or nullability changed, the Rust type did not.
    FieldFlagsChanged,
    /// A field was added.
    FieldAdded {
        /// Whether it is a new argument of an existing `new`.
        new_argument: bool,
    },
    /// The arguments of a request type's `new` were reordered.
    NewArgumentsReordered,
    /// A request type's `new` started or stopped taking the struct of its
    /// required fields instead of one argument per field.
    NewSignatureChanged,
    /// The fields of the struct of required fields `new` takes were
    /// reordered (callers name them, so no call changes).
    RequiredFieldsReordered,
    /// A struct stopped implementing `Default`.
    DefaultRemoved,
    /// A struct started implementing `Default`.
    DefaultAdded,
    /// The map of other properties was removed.
    AdditionalRemoved,
    /// A map of other properties was added.
    AdditionalAdded,
    /// The map of other properties was renamed or retyped.
    AdditionalChanged,
    /// An enum value was removed.
    EnumValueRemoved,
    /// An enum value's wire text changed.
    EnumValueChanged,
    /// An enum value was added.
    EnumValueAdded,
    /// A union's discriminator changed.
    DiscriminatorChanged,
    /// A union variant was removed.
    VariantRemoved,
    /// A union variant's type changed.
    VariantTypeChanged,
    /// A union variant's tags changed.
    VariantTagsChanged,
    /// A union variant was added.
    VariantAdded,
}

/// How a type's use in requests or responses changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UsageChange {
    /// A struct is no longer used in requests: its `new` and setters go.
    BuilderRemoved,
    /// A struct is newly used in requests: it gains `new` and setters.
    BuilderAdded,
    /// Any other change (a non-struct in requests, use in responses).
    Other,
}

impl ChangeKind {
    /// How a change of this kind affects code using the crate.
    pub fn level(self) -> Level {
        use ChangeKind::*;
        match self {
            OperationAdded
            | PaginationAdded
            | ParamAdded { required: false }
            | BodyAdded { required: false }
            | TypeAdded
            | UsageChanged(UsageChange::BuilderAdded)
            | FieldAdded {
                new_argument: false,
            }
            | DefaultAdded
            | AdditionalAdded
            | EnumValueAdded
            | VariantAdded => Level::Minor,
            OperationMoved
            | ErrorStatusRemoved
            | ErrorStatusAdded
            | ParamMoved
            | UsageChanged(UsageChange::Other)
            | FieldFlagsChanged
            | RequiredFieldsReordered
            | EnumValueChanged
            | DiscriminatorChanged
            | VariantTagsChanged => Level::Patch,
            ErrorBodyChanged
            | OperationRemoved
            | OperationRenamed
            | ArgumentsReordered
            | ReturnTypeChanged
            | PaginationRemoved
            | PaginationChanged
            | ParamRemoved
            | ParamTypeChanged
            | ParamRequiredChanged
            | ParamAdded { required: true }
            | BodyRemoved
            | BodyAdded { required: true }
            | BodyTypeChanged
            | BodyRequiredChanged
            | TypeRemoved
            | AliasChanged
            | TypeKindChanged
            | UsageChanged(UsageChange::BuilderRemoved)
            | FieldRemoved
            | FieldTypeChanged
            | FieldRequiredChanged
            | FieldAdded { new_argument: true }
            | NewArgumentsReordered
            | NewSignatureChanged
            | DefaultRemoved
            | AdditionalRemoved
            | AdditionalChanged
            | EnumValueRemoved
            | VariantRemoved
            | VariantTypeChanged => Level::Breaking,
        }
    }

    /// The kind's name in the JSON report, e.g. `operation_removed`.
    pub fn name(self) -> &'static str {
        use ChangeKind::*;
        match self {
            ErrorBodyChanged => "error_body_changed",
            OperationRemoved => "operation_removed",
            OperationRenamed => "operation_renamed",
            OperationAdded => "operation_added",
            OperationMoved => "operation_moved",
            ArgumentsReordered => "arguments_reordered",
            ReturnTypeChanged => "return_type_changed",
            PaginationRemoved => "pagination_removed",
            PaginationAdded => "pagination_added",
            PaginationChanged => "pagination_changed",
            ErrorStatusRemoved => "error_status_removed",
            ErrorStatusAdded => "error_status_added",
            ParamRemoved => "param_removed",
            ParamTypeChanged => "param_type_changed",
            ParamRequiredChanged => "param_required_changed",
            ParamMoved => "param_moved",
            ParamAdded { .. } => "param_added",
            BodyRemoved => "body_removed",
            BodyAdded { .. } => "body_added",
            BodyTypeChanged => "body_type_changed",
            BodyRequiredChanged => "body_required_changed",
            TypeRemoved => "type_removed",
            TypeAdded => "type_added",
            AliasChanged => "alias_changed",
            TypeKindChanged => "type_kind_changed",
            UsageChanged(_) => "usage_changed",
            FieldRemoved => "field_removed",
            FieldTypeChanged => "field_type_changed",
            FieldRequiredChanged => "field_required_changed",
            FieldFlagsChanged => "field_flags_changed",
            FieldAdded { .. } => "field_added",
            NewArgumentsReordered => "new_arguments_reordered",
            NewSignatureChanged => "new_signature_changed",
            RequiredFieldsReordered => "required_fields_reordered",
            DefaultRemoved => "default_removed",
            DefaultAdded => "default_added",
            AdditionalRemoved => "additional_removed",
            AdditionalAdded => "additional_added",
            AdditionalChanged => "additional_changed",
            EnumValueRemoved => "enum_value_removed",
            EnumValueChanged => "enum_value_changed",
            EnumValueAdded => "enum_value_added",
            DiscriminatorChanged => "discriminator_changed",
            VariantRemoved => "variant_removed",
            VariantTypeChanged => "variant_type_changed",
            VariantTagsChanged => "variant_tags_changed",
            VariantAdded => "variant_added",
        }
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One change of the public API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How it affects users.
    pub level: Level,
    /// What kind of change it is (serialised by its name, e.g.
    /// `operation_removed`); it decides [`Change::level`].
    pub kind: ChangeKind,
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
            ChangeKind::ErrorBodyChanged,
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
    fn push(&mut self, kind: ChangeKind, item: &str, message: String) {
        self.0.push(Change {
            level: kind.level(),
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
                    ChangeKind::OperationRenamed,
                    name,
                    format!("renamed operation {name} to {to} ({})", op.http),
                );
                operation(to, op, &new.operations[*to], out);
            }
            (None, None) => out.push(
                ChangeKind::OperationRemoved,
                name,
                format!("removed operation {name} ({})", op.http),
            ),
        }
    }
    for name in added.iter().filter(|n| !renamed_to.contains(**n)) {
        out.push(
            ChangeKind::OperationAdded,
            name,
            format!("added operation {name} ({})", new.operations[*name].http),
        );
    }
}

fn operation(name: &str, old: &OperationFacts, new: &OperationFacts, out: &mut Changes) {
    if old.http != new.http {
        out.push(
            ChangeKind::OperationMoved,
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
        ChangeKind::ArgumentsReordered,
        out,
    );
    if old.returns != new.returns {
        out.push(
            ChangeKind::ReturnTypeChanged,
            name,
            format!(
                "changed the return type of operation {name} from {} to {}",
                old.returns, new.returns
            ),
        );
    }
    match (&old.pages, &new.pages) {
        (Some(_), None) => out.push(
            ChangeKind::PaginationRemoved,
            name,
            format!("removed pagination from operation {name} (into_stream, collect_items)"),
        ),
        (None, Some(item)) => out.push(
            ChangeKind::PaginationAdded,
            name,
            format!("added pagination to operation {name} (items: {item})"),
        ),
        (Some(was), Some(now)) if was != now => out.push(
            ChangeKind::PaginationChanged,
            name,
            format!("changed the page item type of operation {name} from {was} to {now}"),
        ),
        _ => {}
    }
    for status in old.errors.difference(&new.errors) {
        out.push(
            ChangeKind::ErrorStatusRemoved,
            name,
            format!("removed error status {status} from operation {name}"),
        );
    }
    for status in new.errors.difference(&old.errors) {
        out.push(
            ChangeKind::ErrorStatusAdded,
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
                ChangeKind::ParamRemoved,
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
                ChangeKind::ParamTypeChanged,
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
            out.push(ChangeKind::ParamRequiredChanged, &item(name), message);
        }
        if was.location != now.location {
            out.push(
                ChangeKind::ParamMoved,
                &item(name),
                format!(
                    "moved parameter {name} of operation {op} from the {} to the {}",
                    was.location, now.location
                ),
            );
        }
    }
    for (name, now) in new.iter().filter(|(n, _)| !old.contains_key(*n)) {
        out.push(
            ChangeKind::ParamAdded {
                required: now.required,
            },
            &item(name),
            format!(
                "added {} {} parameter {name}: {} to operation {op}{}",
                required_word(now.required),
                now.location,
                now.ty,
                new_argument(now.required, op)
            ),
        );
    }
}

/// What a new parameter or body of operation `op` means for callers: a
/// required one is a new argument of its client method (an optional one a
/// setter, which needs no words).
fn new_argument(required: bool, op: &str) -> String {
    if required {
        format!(" (a new argument of Client::{op})")
    } else {
        String::new()
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
            ChangeKind::BodyRemoved,
            op,
            format!(
                "removed the {} body {} from operation {op}",
                required_word(was.required),
                was.ty
            ),
        ),
        (None, Some(now)) => {
            out.push(
                ChangeKind::BodyAdded {
                    required: now.required,
                },
                op,
                format!(
                    "added a {} body {} to operation {op}{}",
                    required_word(now.required),
                    now.ty,
                    new_argument(now.required, op)
                ),
            );
        }
        (Some(was), Some(now)) => {
            if was.ty != now.ty {
                out.push(
                    ChangeKind::BodyTypeChanged,
                    op,
                    format!(
                        "changed the body type of operation {op} from {} to {}",
                        was.ty, now.ty
                    ),
                );
            }
            if was.required != now.required {
                out.push(
                    ChangeKind::BodyRequiredChanged,
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
fn reordered(old: &[String], new: &[String], what: &str, kind: ChangeKind, out: &mut Changes) {
    let common_old: Vec<&String> = old.iter().filter(|a| new.contains(a)).collect();
    let common_new: Vec<&String> = new.iter().filter(|a| old.contains(a)).collect();
    if common_old != common_new {
        out.push(
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
                ChangeKind::TypeRemoved,
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
            ChangeKind::TypeAdded,
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
                    ChangeKind::AliasChanged,
                    name,
                    format!("changed alias {name} from {a} to {b}"),
                );
            }
        }
        (a, b) => {
            out.push(
                ChangeKind::TypeKindChanged,
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
        let (usage, message) = match (is_struct, now.request) {
            (true, true) => (
                UsageChange::BuilderAdded,
                format!("added {name}::new and setters ({name} is now used in requests)"),
            ),
            (true, false) => (
                UsageChange::BuilderRemoved,
                format!(
                    "removed {name}::new and its setters ({name} is no longer used in requests)"
                ),
            ),
            (false, true) => (
                UsageChange::Other,
                format!("{name} is now used in requests"),
            ),
            (false, false) => (
                UsageChange::Other,
                format!("{name} is no longer used in requests"),
            ),
        };
        out.push(ChangeKind::UsageChanged(usage), name, message);
    }
    if was.response != now.response {
        let message = if now.response {
            format!("{name} is now used in responses")
        } else {
            format!("{name} is no longer used in responses")
        };
        out.push(ChangeKind::UsageChanged(UsageChange::Other), name, message);
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
                ChangeKind::FieldRemoved,
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
                ChangeKind::FieldTypeChanged,
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
            out.push(ChangeKind::FieldRequiredChanged, &item, message);
        } else if a != b {
            out.push(
                ChangeKind::FieldFlagsChanged,
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
        let new_argument = argument && was_type.request;
        let why = if new_argument {
            format!(" (a new argument of {name}::new)")
        } else {
            String::new()
        };
        let adjective = if b.required { "required" } else { "optional" };
        out.push(
            ChangeKind::FieldAdded { new_argument },
            &item,
            format!("added {adjective} field {item}: {}{why}", b.ty),
        );
    }
    if builder {
        // Fields of a struct of required fields are named by callers.
        let kind = match (&was.new_takes, &now.new_takes) {
            (Some(_), Some(_)) => ChangeKind::RequiredFieldsReordered,
            _ => ChangeKind::NewArgumentsReordered,
        };
        reordered(
            &was.new_args,
            &now.new_args,
            &format!("{name}::new"),
            kind,
            out,
        );
        if was.new_takes != now.new_takes {
            let what = match &now.new_takes {
                Some(required) => format!("the struct of its required fields, {required}"),
                None => "one argument per required field".to_owned(),
            };
            out.push(
                ChangeKind::NewSignatureChanged,
                name,
                format!("changed {name}::new to take {what}"),
            );
        }
    }
    match (
        was.has_default(was_type.request),
        now.has_default(now_type.request),
    ) {
        (true, false) => out.push(
            ChangeKind::DefaultRemoved,
            name,
            format!("{name} no longer implements Default (it has required fields now)"),
        ),
        (false, true) => out.push(
            ChangeKind::DefaultAdded,
            name,
            format!("{name} now implements Default"),
        ),
        _ => {}
    }
    match (&was.additional, &now.additional) {
        (Some((field, _)), None) => out.push(
            ChangeKind::AdditionalRemoved,
            name,
            format!("removed the map of other properties {name}.{field}"),
        ),
        (None, Some((field, ty))) => out.push(
            ChangeKind::AdditionalAdded,
            name,
            format!("added the map of other properties {name}.{field}: {ty}"),
        ),
        (Some(a), Some(b)) if a != b => out.push(
            ChangeKind::AdditionalChanged,
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

fn flags(f: &FieldFacts) -> String {
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
                ChangeKind::EnumValueRemoved,
                &item,
                format!("removed enum value {item} ({value})"),
            ),
            Some(now_value) if now_value != value => out.push(
                ChangeKind::EnumValueChanged,
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
            ChangeKind::EnumValueAdded,
            &item,
            format!("added enum value {item} ({value})"),
        );
    }
}

fn union_changes(name: &str, was: &UnionFacts, now: &UnionFacts, out: &mut Changes) {
    if was.discriminator != now.discriminator {
        out.push(
            ChangeKind::DiscriminatorChanged,
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
                ChangeKind::VariantRemoved,
                &item,
                format!("removed variant {item}({})", a.ty),
            );
            continue;
        };
        if a.ty != b.ty {
            out.push(
                ChangeKind::VariantTypeChanged,
                &item,
                format!(
                    "changed the type of variant {item} from {} to {}",
                    a.ty, b.ty
                ),
            );
        }
        if a.tags != b.tags {
            out.push(
                ChangeKind::VariantTagsChanged,
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
            ChangeKind::VariantAdded,
            &item,
            format!("added variant {item}({})", b.ty),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind, with both values of the facts some kinds carry.
    fn every_kind() -> Vec<ChangeKind> {
        use ChangeKind::*;
        let mut kinds = vec![
            ErrorBodyChanged,
            OperationRemoved,
            OperationRenamed,
            OperationAdded,
            OperationMoved,
            ArgumentsReordered,
            ReturnTypeChanged,
            PaginationRemoved,
            PaginationAdded,
            PaginationChanged,
            ErrorStatusRemoved,
            ErrorStatusAdded,
            ParamRemoved,
            ParamTypeChanged,
            ParamRequiredChanged,
            ParamMoved,
            BodyRemoved,
            BodyTypeChanged,
            BodyRequiredChanged,
            TypeRemoved,
            TypeAdded,
            AliasChanged,
            TypeKindChanged,
            FieldRemoved,
            FieldTypeChanged,
            FieldRequiredChanged,
            FieldFlagsChanged,
            NewArgumentsReordered,
            NewSignatureChanged,
            RequiredFieldsReordered,
            DefaultRemoved,
            DefaultAdded,
            AdditionalRemoved,
            AdditionalAdded,
            AdditionalChanged,
            EnumValueRemoved,
            EnumValueChanged,
            EnumValueAdded,
            DiscriminatorChanged,
            VariantRemoved,
            VariantTypeChanged,
            VariantTagsChanged,
            VariantAdded,
        ];
        for flag in [false, true] {
            kinds.push(ParamAdded { required: flag });
            kinds.push(BodyAdded { required: flag });
            kinds.push(FieldAdded { new_argument: flag });
        }
        kinds.extend(
            [
                UsageChange::BuilderAdded,
                UsageChange::BuilderRemoved,
                UsageChange::Other,
            ]
            .map(UsageChanged),
        );
        kinds
    }

    /// The module doc's table as (level, kind names) rows.
    fn table_rows() -> Vec<(Level, Vec<String>)> {
        include_str!("diff.rs")
            .lines()
            .map_while(|line| line.strip_prefix("//!"))
            .filter_map(|line| {
                let cells: Vec<&str> = line.trim().strip_prefix('|')?.split('|').collect();
                let level = match cells.get(1)?.trim() {
                    "breaking" => Level::Breaking,
                    "minor" => Level::Minor,
                    "patch" => Level::Patch,
                    _ => return None,
                };
                let names = cells[2]
                    .split(',')
                    .map(|name| name.trim().trim_matches('`').to_owned())
                    .collect();
                Some((level, names))
            })
            .collect()
    }

    #[test]
    fn the_module_table_states_every_kinds_level() {
        let rows = table_rows();
        assert!(rows.len() > 30, "table not found: {rows:?}");
        let stated: BTreeSet<(Level, &str)> = rows
            .iter()
            .flat_map(|(level, names)| names.iter().map(move |n| (*level, n.as_str())))
            .collect();
        let actual: BTreeSet<(Level, &str)> = every_kind()
            .into_iter()
            .map(|kind| (kind.level(), kind.name()))
            .collect();
        let missing: Vec<_> = actual.difference(&stated).collect();
        let wrong: Vec<_> = stated.difference(&actual).collect();
        assert!(
            missing.is_empty() && wrong.is_empty(),
            "kinds missing from the table: {missing:?}; rows no kind has: {wrong:?}"
        );
    }

    #[test]
    fn kinds_serialise_by_name() {
        let change = Change {
            level: Level::Minor,
            kind: ChangeKind::FieldAdded {
                new_argument: false,
            },
            item: "A.b".to_owned(),
            message: String::new(),
        };
        let json = serde_json::to_value(&change).expect("serialisable");
        assert_eq!(json["kind"], "field_added");
        assert_eq!(json["level"], "minor");
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
