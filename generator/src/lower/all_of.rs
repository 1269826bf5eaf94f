//! What the arms of an `allOf` (with the schema's own keywords) add up to.
//!
//! Each arm is classified by what it describes (an object, a union, a
//! scalar, only annotations, ...), following `$ref`s and nested `allOf`s.
//! Then one reading is chosen and folded into the schema's [`View`]:
//!
//! - objects (and arms that only annotate or constrain): their properties
//!   are merged into one struct (`collect_properties` in `types.rs`);
//! - an object beside one union: each variant of the union merged with the
//!   object's properties (a union of merged structs, see
//!   `Lowerer::distribute`); `allOf[oneOf[A, B], C]` is `oneOf[A∧C, B∧C]`;
//! - one arm that says the type (a `$ref` to a string or enum schema, or
//!   a union) beside annotations and compatible constraints: that arm's
//!   type, keeping the siblings' `nullable`, description and constraints;
//! - scalars only: one scalar with every arm's constraints (the tighter
//!   bound wins, `enum`s are intersected);
//! - what contradicts the chosen reading (a `string` arm beside an object)
//!   is left out with a warning at its pointer.

use openapiv3::{ReferenceOr, Schema, SchemaData};
use serde_json::Value;

use super::view::View;
use super::Lowerer;
use crate::diag::child;
use crate::ir::Constraints;

/// What a schema describes, for combining the arms of an `allOf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Only annotations (`description`, `nullable`, `example`, ...).
    Annotation,
    /// Validation keywords (bounds, lengths, `pattern`, `format`,
    /// `required`) without a type.
    Constraints,
    /// An object: properties, `additionalProperties` or `type: object`.
    Object,
    /// A union of several shapes (possibly with object parts beside it).
    Union,
    /// A list.
    Array,
    /// A scalar of this JSON type (`string`, `integer`, `number`, `boolean`).
    Scalar(&'static str),
    /// What a Rust type cannot say: `not`, an unknown `type`, a `$ref` that
    /// resolves nowhere.
    Other,
}

impl Kind {
    /// Whether values of this kind have a type of their own (a scalar or a list).
    fn is_value(self) -> bool {
        matches!(self, Kind::Scalar(_) | Kind::Array)
    }

    /// The word a message uses for this kind.
    pub(super) fn describe(self) -> String {
        match self {
            Kind::Scalar("integer") => "an `integer`".to_owned(),
            Kind::Scalar(ty) => format!("a `{ty}`"),
            Kind::Array => "an `array`".to_owned(),
            Kind::Object => "an object".to_owned(),
            Kind::Union => "a union".to_owned(),
            Kind::Annotation | Kind::Constraints => "no type".to_owned(),
            Kind::Other => "a schema Rust types cannot express".to_owned(),
        }
    }
}

/// Deepest chain of `$ref`s and nested `allOf`s followed when classifying.
const MAX_DEPTH: usize = 32;

/// Warnings found while folding: pointer and message.
pub(super) type Notes = Vec<(String, String)>;

/// One arm of an `allOf`, resolved.
struct Arm<'a> {
    /// Index in the `allOf` list.
    index: usize,
    /// The arm as written.
    arm: &'a ReferenceOr<Schema>,
    /// The arm's schema (the target of a `$ref`).
    schema: &'a Schema,
    /// Pointer of the arm in the `allOf`.
    at: String,
    /// Pointer of the arm's schema (the target of a `$ref`).
    target: String,
    /// What it describes.
    kind: Kind,
}

impl<'a> Lowerer<'a> {
    /// The view of `schema` (at `at`) with its `allOf` folded in and
    /// `oneOf`/`anyOf` of constants read as an `enum`; warnings about what
    /// was left out are reported.
    pub(super) fn view(&mut self, schema: &'a Schema, at: &str) -> View<'a> {
        let mut notes = Notes::new();
        let view = self.folded(schema, at, &mut notes, 0);
        for (pointer, message) in notes {
            self.diags.warning(pointer, message);
        }
        view
    }

    /// [`Self::view`] without reporting: warnings go into `notes`.
    pub(super) fn folded(
        &self,
        schema: &'a Schema,
        at: &str,
        notes: &mut Notes,
        depth: usize,
    ) -> View<'a> {
        let mut view = View::of(schema);
        constant_arms(&mut view);
        let key = std::ptr::from_ref(schema) as usize;
        // A schema reached again while it is folded (an `allOf` cycle,
        // reported where properties are merged) is taken as written.
        if !view.all_of.is_empty() && depth < MAX_DEPTH && !self.folding.borrow().contains(&key) {
            self.folding.borrow_mut().push(key);
            self.fold(&mut view, at, notes, depth);
            self.folding.borrow_mut().pop();
        }
        view
    }

    /// What an `allOf` arm (or any schema or reference) describes.
    pub(super) fn arm_kind(&self, arm: &'a ReferenceOr<Schema>, depth: usize) -> Kind {
        match arm {
            ReferenceOr::Item(schema) => self.schema_kind(schema, depth),
            ReferenceOr::Reference { reference } => match self.resolve(reference) {
                Some(schema) => self.schema_kind(schema, depth + 1),
                None => Kind::Other,
            },
        }
    }

    /// What a schema describes, its `allOf` arms included.
    pub(super) fn schema_kind(&self, schema: &'a Schema, depth: usize) -> Kind {
        let key = std::ptr::from_ref(schema) as usize;
        if let Some(kind) = self.kinds.borrow().get(&key) {
            return *kind;
        }
        if depth > MAX_DEPTH {
            return Kind::Other;
        }
        // Reached again inside itself (an `allOf` cycle): adds nothing.
        self.kinds.borrow_mut().insert(key, Kind::Annotation);
        let mut view = View::of(schema);
        constant_arms(&mut view);
        let own = self.own_kind(&view, depth);
        let arms: Vec<Kind> = view
            .all_of
            .iter()
            .map(|(_, arm)| self.arm_kind(arm, depth + 1))
            .collect();
        let kind = combine(std::iter::once(own).chain(arms));
        self.kinds.borrow_mut().insert(key, kind);
        kind
    }

    /// What a schema's own keywords (its `allOf` left out) describe.
    fn own_kind(&self, view: &View<'a>, depth: usize) -> Kind {
        let union = if view.one_of.is_empty() {
            view.any_of
        } else {
            view.one_of
        };
        if view.has_not {
            return Kind::Other;
        }
        if union.len() > 1 {
            // Properties beside the `oneOf`: a base schema listing its
            // subtypes, merged (into a subtype) as the object it describes.
            return if view.has_properties() {
                Kind::Object
            } else {
                Kind::Union
            };
        }
        if let [arm] = union {
            let arm = self.arm_kind(arm, depth + 1);
            if arm != Kind::Annotation && arm != Kind::Constraints {
                return arm;
            }
        }
        match view.ty {
            Some("object") => Kind::Object,
            Some("array") => Kind::Array,
            Some(ty) => scalar(ty).map_or(Kind::Other, Kind::Scalar),
            None if view.has_properties() || view.additional.is_some() => Kind::Object,
            None if view.items.is_some() => Kind::Array,
            None if !view.enumeration.is_empty() => {
                match json_type(&view.enumeration[0]).and_then(scalar) {
                    Some(ty) => Kind::Scalar(ty),
                    None => Kind::Other,
                }
            }
            None if view.has_constraints() => Kind::Constraints,
            None => Kind::Annotation,
        }
    }

    /// Resolves the arms of `view.all_of`, or `None` when a `$ref` resolves
    /// nowhere (lowering the arm reports it).
    fn arms(&self, view: &View<'a>, at: &str, depth: usize) -> Option<Vec<Arm<'a>>> {
        let base = child(at, "allOf");
        view.all_of
            .iter()
            .map(|&(index, arm)| {
                let arm_at = child(&base, &index.to_string());
                let (schema, target) = match arm {
                    ReferenceOr::Item(schema) => (schema, arm_at.clone()),
                    ReferenceOr::Reference { reference } => {
                        (self.resolve(reference)?, ref_pointer(reference))
                    }
                };
                Some(Arm {
                    index,
                    arm,
                    schema,
                    at: arm_at,
                    target,
                    kind: self.schema_kind(schema, depth + 1),
                })
            })
            .collect()
    }

    /// Chooses the reading of `view`'s `allOf` and folds it into the view.
    fn fold(&self, view: &mut View<'a>, at: &str, notes: &mut Notes, depth: usize) {
        let Some(arms) = self.arms(view, at, depth) else {
            return;
        };
        let own = self.own_kind(view, depth);
        let count =
            |kind: Kind| arms.iter().filter(|a| a.kind == kind).count() + usize::from(own == kind);
        let (objects, unions) = (count(Kind::Object), count(Kind::Union));
        if unions > 1 {
            notes.push((
                child(at, "allOf"),
                "an `allOf` of several unions cannot be expressed in Rust types; the value is kept as untyped JSON".to_owned(),
            ));
            untyped(view);
            return;
        }
        if objects == 0 && unions == 0 {
            self.fold_values(view, own, &arms, at, notes, depth);
            return;
        }
        // An object or a union: arms that say another type contradict it.
        let (reading, a) = if objects > 0 {
            ("object", "an")
        } else {
            ("union", "a")
        };
        if own.is_value() {
            notes.push((
                child(at, "type"),
                format!("this schema says it is {} but its `allOf` describes {a} {reading}; the {reading} is kept", own.describe()),
            ));
        }
        let mut dropped = Vec::new();
        for arm in arms
            .iter()
            .filter(|a| a.kind.is_value() || a.kind == Kind::Other)
        {
            notes.push((
                arm.at.clone(),
                format!("this `allOf` arm is {} but the others describe {a} {reading}; the {reading} is kept and this arm is left out", arm.kind.describe()),
            ));
            dropped.push(arm.index);
        }
        view.all_of.retain(|(i, _)| !dropped.contains(i));
        // Arms that only annotate lend their text (the `{description}` arm
        // beside a `$ref`); they have nothing to merge.
        for arm in arms.iter().filter(|a| a.kind == Kind::Annotation) {
            self.absorb(view, arm, notes, depth);
            view.all_of.retain(|(i, _)| *i != arm.index);
        }
        if objects == 0 {
            // One union and annotations: the union is the type.
            for arm in arms.iter().filter(|a| a.kind != Kind::Union) {
                if !dropped.contains(&arm.index) {
                    self.absorb(view, arm, notes, depth);
                }
            }
            view.all_of
                .retain(|&(i, _)| arms.iter().any(|a| a.index == i && a.kind == Kind::Union));
        }
    }

    /// Folds an `allOf` of scalars, lists, constraints and annotations.
    fn fold_values(
        &self,
        view: &mut View<'a>,
        own: Kind,
        arms: &[Arm<'a>],
        at: &str,
        notes: &mut Notes,
        depth: usize,
    ) {
        // The type: the first one said; integer and number meet in integer.
        let mut ty: Option<Kind> = own.is_value().then_some(own);
        let mut dropped = Vec::new();
        for arm in arms
            .iter()
            .filter(|a| a.kind.is_value() || a.kind == Kind::Other)
        {
            match (ty, arm.kind) {
                (_, Kind::Other) => {
                    notes.push((
                        arm.at.clone(),
                        "this `allOf` arm cannot be expressed in Rust types; it is left out (its restriction is not checked)".to_owned(),
                    ));
                    dropped.push(arm.index);
                }
                (None, kind) => ty = Some(kind),
                (Some(Kind::Scalar("number")), Kind::Scalar("integer")) => ty = Some(arm.kind),
                (Some(Kind::Scalar("integer")), Kind::Scalar("number")) => {}
                (Some(current), kind) if current == kind => {}
                (Some(current), kind) => {
                    notes.push((
                        arm.at.clone(),
                        format!("this `allOf` arm is {} but an earlier one says {}; no value is both, the earlier reading is kept and this arm is left out", kind.describe(), current.describe()),
                    ));
                    dropped.push(arm.index);
                }
            }
        }
        let kept: Vec<&Arm<'a>> = arms
            .iter()
            .filter(|a| !dropped.contains(&a.index))
            .collect();
        let Some(ty) = ty else {
            // Annotations and constraints only: the schema is what its own
            // keywords say (or the one schema referenced, which has a name),
            // with the arms' facts added.
            let refs: Vec<usize> = kept
                .iter()
                .filter(|a| matches!(a.arm, ReferenceOr::Reference { .. }))
                .map(|a| a.index)
                .collect();
            let carrier = match refs.as_slice() {
                [one] if own == Kind::Annotation || own == Kind::Constraints => Some(*one),
                _ => None,
            };
            for arm in kept.iter().filter(|a| Some(a.index) != carrier) {
                self.absorb(view, arm, notes, depth);
            }
            view.all_of.retain(|(i, _)| Some(*i) == carrier);
            return;
        };
        let enumerated = |arm: &Arm<'a>| {
            !self
                .folded(arm.schema, &arm.target, &mut Notes::new(), depth + 1)
                .enumeration
                .is_empty()
        };
        let refs: Vec<&Arm<'a>> = kept
            .iter()
            .copied()
            .filter(|a| a.kind.is_value() && matches!(a.arm, ReferenceOr::Reference { .. }))
            .collect();
        let inline_enum = !view.enumeration.is_empty()
            || kept
                .iter()
                .any(|a| matches!(a.arm, ReferenceOr::Item(_)) && enumerated(a));
        let carrier = match refs.as_slice() {
            [one] if enumerated(one) || !inline_enum => Some(one.index),
            [_, _, ..] => {
                let enums: Vec<&&Arm<'a>> = refs.iter().filter(|a| enumerated(a)).collect();
                match enums.as_slice() {
                    [one] => Some(one.index),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(carrier) = carrier {
            // The referenced schema is the type; the others annotate and
            // constrain it.
            for arm in kept.iter().filter(|a| a.index != carrier) {
                self.absorb(view, arm, notes, depth);
            }
            view.all_of.retain(|(i, _)| *i == carrier);
            return;
        }
        // One scalar (or list) made of every arm.
        let mut values: Option<Vec<Value>> =
            (!view.enumeration.is_empty()).then(|| view.enumeration.clone());
        let mut value_docs = std::mem::take(&mut view.value_docs);
        for arm in &kept {
            let arm_view = self.folded(arm.schema, &arm.target, notes, depth + 1);
            if !arm_view.enumeration.is_empty() {
                values = Some(match values {
                    None => {
                        value_docs = arm_view.value_docs.clone();
                        arm_view.enumeration.clone()
                    }
                    Some(mut current) => {
                        let before = current.len();
                        current.retain(|v| arm_view.enumeration.contains(v));
                        if current.len() != before {
                            value_docs.clear();
                        }
                        current
                    }
                });
            }
            if view.format.is_none() {
                view.format = arm_view.format;
            }
            if view.items.is_none() {
                view.items = arm_view.items;
            }
            if matches!(arm.arm, ReferenceOr::Item(_)) {
                merge_annotations(view, &arm_view);
            } else {
                view.null |= arm_view.null;
            }
            tighten(&mut view.constraints, &arm_view.constraints);
        }
        if values.as_ref().is_some_and(Vec::is_empty) {
            notes.push((
                child(at, "allOf"),
                "no value is in every arm's `enum`; the value is read as a plain value of its type"
                    .to_owned(),
            ));
            values = None;
        }
        view.enumeration = values.unwrap_or_default();
        view.value_docs = if value_docs.len() == view.enumeration.len() {
            value_docs
        } else {
            Vec::new()
        };
        view.ty = match ty {
            Kind::Scalar(ty) => Some(ty),
            _ => Some("array"),
        };
        view.all_of.clear();
    }

    /// Adds an arm's annotations and constraints to `view` (the arm says no
    /// type of its own, or a type some other arm gives). The text of a
    /// referenced schema stays with its own type: only an inline arm's
    /// annotations are taken.
    fn absorb(&self, view: &mut View<'a>, arm: &Arm<'a>, notes: &mut Notes, depth: usize) {
        let arm_view = self.folded(arm.schema, &arm.target, notes, depth + 1);
        if view.format.is_none() {
            view.format = arm_view.format;
        }
        if matches!(arm.arm, ReferenceOr::Item(_)) {
            merge_annotations(view, &arm_view);
        } else {
            view.null |= arm_view.null;
        }
        tighten(&mut view.constraints, &arm_view.constraints);
    }
}

impl<'a> Lowerer<'a> {
    /// Whether the schema `arm` is (or reaches through `$ref`s) includes the
    /// schema at `pointer` through `allOf`: a subtype of it.
    pub(super) fn includes(
        &self,
        arm: &'a ReferenceOr<Schema>,
        pointer: &str,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        let schema = match arm {
            ReferenceOr::Reference { reference } => {
                if ref_pointer(reference) == pointer {
                    return true;
                }
                match self.resolve(reference) {
                    Some(schema) => schema,
                    None => return false,
                }
            }
            ReferenceOr::Item(schema) => schema,
        };
        View::of(schema)
            .all_of
            .iter()
            .any(|(_, arm)| self.includes(arm, pointer, depth + 1))
    }

    /// The schema holding the `oneOf`/`anyOf` an object is distributed over:
    /// `view` itself (`arm` is `None`), else its `allOf` arm `arm` or the
    /// union nested in that arm's `allOf`; with its pointer.
    pub(super) fn union_of(
        &self,
        view: &View<'a>,
        at: &str,
        arm: Option<usize>,
    ) -> Option<(View<'a>, String)> {
        let Some(index) = arm else {
            return Some((view.clone(), at.to_owned()));
        };
        let (_, arm) = view.all_of.iter().find(|(i, _)| *i == index)?;
        let (schema, target) = match arm {
            ReferenceOr::Item(schema) => (schema, child(&child(at, "allOf"), &index.to_string())),
            ReferenceOr::Reference { reference } => {
                (self.resolve(reference)?, ref_pointer(reference))
            }
        };
        let mut found = (self.folded(schema, &target, &mut Notes::new(), 1), target);
        for _ in 0..MAX_DEPTH {
            let (view, at) = &found;
            if view.one_of.len() > 1 || view.any_of.len() > 1 {
                return Some(found);
            }
            let inner = view
                .all_of
                .iter()
                .find(|(_, a)| self.arm_kind(a, 0) == Kind::Union)
                .map(|&(i, a)| (i, a));
            let (i, arm) = inner?;
            let (schema, target) = match arm {
                ReferenceOr::Item(schema) => (schema, child(&child(at, "allOf"), &i.to_string())),
                ReferenceOr::Reference { reference } => {
                    (self.resolve(reference)?, ref_pointer(reference))
                }
            };
            found = (self.folded(schema, &target, &mut Notes::new(), 1), target);
        }
        None
    }

    /// Whether the variants of the union in `union` can each take the
    /// properties of the object at `at`: none of them already includes it
    /// (a base schema listing its subtypes is not distributed).
    pub(super) fn distributable(&self, union: &View<'a>, at: &str) -> bool {
        let arms = if union.one_of.is_empty() {
            union.any_of
        } else {
            union.one_of
        };
        !arms.iter().any(|arm| self.includes(arm, at, 0))
    }
}

/// `oneOf`/`anyOf` whose arms are each one constant of one type (3.1's way
/// to document each value of an enum with a `title` and `description`)
/// becomes that `enum`.
pub(super) fn constant_arms(view: &mut View<'_>) {
    let arms = if view.one_of.is_empty() {
        view.any_of
    } else {
        view.one_of
    };
    if arms.is_empty() || !view.enumeration.is_empty() || view.has_properties() {
        return;
    }
    let mut ty = view.ty;
    let mut values = Vec::new();
    let mut docs = Vec::new();
    for arm in arms {
        let ReferenceOr::Item(schema) = arm else {
            return;
        };
        let arm = View::of(schema);
        let [value] = arm.enumeration.as_slice() else {
            return;
        };
        let plain = arm.all_of.is_empty()
            && arm.one_of.is_empty()
            && arm.any_of.is_empty()
            && arm.properties.is_none()
            && arm.items.is_none()
            && arm.additional.is_none()
            && !arm.has_not;
        let value_ty = json_type(value).filter(|t| *t == "string" || *t == "integer");
        match (value_ty, arm.ty.or(ty)) {
            (Some(value_ty), Some(declared))
                if plain
                    && (declared == value_ty
                        || (declared == "number" && value_ty == "integer")) => {}
            (Some(_), None) if plain => {}
            _ => return,
        }
        ty = value_ty;
        values.push(value.clone());
        docs.push((arm.data.title.as_deref(), arm.data.description.as_deref()));
        if arm.nullable() {
            view.null = true;
        }
    }
    view.ty = ty;
    view.enumeration = values;
    view.value_docs = docs;
    view.one_of = &[];
    view.any_of = &[];
}

/// Whether `value` is a JSON integer, string, ... (the `type` it has).
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Bool(_) => Some("boolean"),
        _ => None,
    }
}

/// The scalar `type` names.
fn scalar(ty: &str) -> Option<&'static str> {
    ["string", "integer", "number", "boolean"]
        .into_iter()
        .find(|t| *t == ty)
}

/// The kind of a schema made of parts of these kinds (all must hold).
fn combine(kinds: impl Iterator<Item = Kind>) -> Kind {
    let kinds: Vec<Kind> = kinds.collect();
    let has = |k: Kind| kinds.contains(&k);
    if has(Kind::Union) {
        Kind::Union
    } else if has(Kind::Object) {
        Kind::Object
    } else if let Some(value) = kinds.iter().copied().find(|k| k.is_value()) {
        match value {
            Kind::Scalar("number") if has(Kind::Scalar("integer")) => Kind::Scalar("integer"),
            other => other,
        }
    } else if has(Kind::Other) {
        Kind::Other
    } else if has(Kind::Constraints) {
        Kind::Constraints
    } else {
        Kind::Annotation
    }
}

/// Makes `view` untyped JSON.
fn untyped(view: &mut View<'_>) {
    view.ty = None;
    view.format = None;
    view.enumeration.clear();
    view.value_docs.clear();
    view.properties = None;
    view.additional = None;
    view.items = None;
    view.one_of = &[];
    view.any_of = &[];
    view.all_of.clear();
    view.has_not = false;
}

/// Adds `from`'s annotations after `view`'s own.
fn merge_annotations<'a>(view: &mut View<'a>, from: &View<'a>) {
    let data: Vec<&'a SchemaData> = std::iter::once(from.data)
        .chain(from.merged.iter().copied())
        .collect();
    for data in data {
        if !view.merged.iter().any(|d| std::ptr::eq(*d, data)) && !std::ptr::eq(view.data, data) {
            view.merged.push(data);
        }
    }
    view.null |= from.null;
}

/// Narrows `into` by `from`: the higher minimum, the lower maximum, the
/// longer minimum length, ...; the first pattern and format.
pub(super) fn tighten(into: &mut Constraints, from: &Constraints) {
    fn bound(a: Option<(f64, bool)>, b: Option<(f64, bool)>, higher: bool) -> Option<(f64, bool)> {
        match (a, b) {
            (Some(a), Some(b)) if a.0 == b.0 => Some((a.0, a.1 || b.1)),
            (Some(a), Some(b)) => Some(if (a.0 > b.0) == higher { a } else { b }),
            (a, b) => a.or(b),
        }
    }
    fn most(a: Option<usize>, b: Option<usize>) -> Option<usize> {
        a.max(b)
    }
    fn least(a: Option<usize>, b: Option<usize>) -> Option<usize> {
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
    into.minimum = bound(into.minimum, from.minimum, true);
    into.maximum = bound(into.maximum, from.maximum, false);
    into.min_length = most(into.min_length, from.min_length);
    into.max_length = least(into.max_length, from.max_length);
    into.min_items = most(into.min_items, from.min_items);
    into.max_items = least(into.max_items, from.max_items);
    into.unique_items |= from.unique_items;
    if into.pattern.is_none() {
        into.pattern.clone_from(&from.pattern);
    }
    if into.format.is_none() {
        into.format.clone_from(&from.format);
    }
    if into.multiple_of.is_none() {
        into.multiple_of = from.multiple_of;
    }
    if into.items.is_none() {
        into.items.clone_from(&from.items);
    }
}

/// The pointer of a local `$ref`'s target.
pub(super) fn ref_pointer(reference: &str) -> String {
    reference.trim_start_matches('#').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_combine_to_the_strongest_reading() {
        let k = |kinds: &[Kind]| combine(kinds.iter().copied());
        assert_eq!(k(&[Kind::Annotation, Kind::Object]), Kind::Object);
        assert_eq!(k(&[Kind::Object, Kind::Union]), Kind::Union);
        assert_eq!(
            k(&[Kind::Scalar("number"), Kind::Scalar("integer")]),
            Kind::Scalar("integer")
        );
        assert_eq!(k(&[Kind::Constraints, Kind::Annotation]), Kind::Constraints);
        assert_eq!(k(&[Kind::Annotation]), Kind::Annotation);
        assert_eq!(
            k(&[Kind::Constraints, Kind::Scalar("string")]),
            Kind::Scalar("string")
        );
    }

    #[test]
    fn tightening_keeps_the_narrower_bound() {
        let mut a = Constraints {
            minimum: Some((1.0, false)),
            max_length: Some(10),
            ..Constraints::default()
        };
        let b = Constraints {
            minimum: Some((3.0, false)),
            maximum: Some((9.0, true)),
            max_length: Some(20),
            min_length: Some(2),
            pattern: Some("^a".into()),
            ..Constraints::default()
        };
        tighten(&mut a, &b);
        assert_eq!(a.minimum, Some((3.0, false)));
        assert_eq!(a.maximum, Some((9.0, true)));
        assert_eq!(a.max_length, Some(10));
        assert_eq!(a.min_length, Some(2));
        assert_eq!(a.pattern.as_deref(), Some("^a"));
        let mut c = Constraints {
            minimum: Some((3.0, false)),
            ..Constraints::default()
        };
        tighten(
            &mut c,
            &Constraints {
                minimum: Some((3.0, true)),
                ..Constraints::default()
            },
        );
        assert_eq!(c.minimum, Some((3.0, true)));
    }
}
