//! Whether the value built for one arm of a union would also match another
//! arm (a `oneOf` then fails: "must match exactly one schema"), reasoned
//! over the IR: a struct's example sends its required and constant fields,
//! and another struct accepts that unless it requires a field not sent,
//! fixes a sent field to another constant, or types a sent field in a way
//! the sent value breaks. Where the answer is unknown, the arm is taken to
//! accept (the value is then made more specific than it needs to be, never
//! less valid).

use serde_json::Value;

use crate::ir::{Api, Field, Struct, TypeKind, TypeRef};

/// How deep the comparison follows fields into nested types.
const MAX_DEPTH: usize = 6;

/// The struct a type expression names (through aliases), if it does.
pub fn struct_of<'a>(api: &'a Api, ty: &'a TypeRef) -> Option<&'a Struct> {
    match resolved(api, ty) {
        Resolved::Named(TypeKind::Struct(s)) => Some(s),
        _ => None,
    }
}

enum Resolved<'a> {
    Named(&'a TypeKind),
    Expr(&'a TypeRef),
}

fn resolved<'a>(api: &'a Api, ty: &'a TypeRef) -> Resolved<'a> {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            TypeRef::Named(id) => match &api.ty(*id).kind {
                TypeKind::Alias(target) => ty = target,
                kind => return Resolved::Named(kind),
            },
            TypeRef::Nullable(inner) => ty = inner,
            other => return Resolved::Expr(other),
        }
    }
    Resolved::Expr(ty)
}

/// The JSON type of a type's values, when there is one.
fn json_kind(api: &Api, ty: &TypeRef) -> Option<&'static str> {
    use crate::ir::Prim;
    match resolved(api, ty) {
        Resolved::Named(TypeKind::Struct(_)) => Some("object"),
        Resolved::Named(TypeKind::Enum(e)) => Some(if e.integer { "number" } else { "string" }),
        Resolved::Named(_) => None,
        Resolved::Expr(ty) => match ty {
            TypeRef::Prim(Prim::Bool) => Some("boolean"),
            TypeRef::Prim(Prim::I32 | Prim::I64 | Prim::F32 | Prim::F64) => Some("number"),
            TypeRef::Prim(Prim::File) => None,
            TypeRef::Prim(_) => Some("string"),
            TypeRef::Array(_) => Some("array"),
            TypeRef::Map(_) | TypeRef::Object => Some("object"),
            _ => None,
        },
    }
}

/// The fields a struct's example sends: the required ones (a required
/// constant is set by the constructor, an optional one only when asked).
fn sent(s: &Struct) -> impl Iterator<Item = &Field> {
    s.fields.iter().filter(|f| f.required && !f.read_only)
}

/// Whether a value of type `other` accepts the example built for `ty`,
/// as far as the IR tells.
pub fn accepts(api: &Api, other: &TypeRef, ty: &TypeRef) -> bool {
    accepts_at(api, other, ty, 0)
}

fn accepts_at(api: &Api, other: &TypeRef, ty: &TypeRef, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    if let (Some(a), Some(b)) = (json_kind(api, ty), json_kind(api, other)) {
        if a != b {
            return false;
        }
    }
    match (resolved(api, other), resolved(api, ty)) {
        (Resolved::Named(TypeKind::Struct(other)), Resolved::Named(TypeKind::Struct(mine))) => {
            struct_accepts(api, other, mine, None, depth)
        }
        (Resolved::Named(TypeKind::Enum(other)), Resolved::Named(TypeKind::Enum(mine))) => {
            // The example of an enum is its first value (or the document's).
            mine.variants
                .first()
                .is_none_or(|v| other.variants.iter().any(|o| o.value == v.value))
        }
        _ => true,
    }
}

/// Whether struct `other` accepts the example of struct `mine`, with the
/// optional field `extra` of `mine` set too.
pub fn struct_accepts(
    api: &Api,
    other: &Struct,
    mine: &Struct,
    extra: Option<&Field>,
    depth: usize,
) -> bool {
    let sends: Vec<&Field> = sent(mine).chain(extra).collect();
    let requires_more = other
        .fields
        .iter()
        .filter(|f| f.required && !f.read_only)
        .any(|f| !sends.iter().any(|s| s.wire == f.wire));
    if requires_more {
        return false;
    }
    sends.iter().all(|field| {
        let Some(theirs) = other.fields.iter().find(|o| o.wire == field.wire) else {
            // Unknown properties are allowed (no `additionalProperties: false`
            // in the IR).
            return true;
        };
        match (&theirs.constant, &field.constant) {
            (Some(a), Some(b)) if a != b => return false,
            (Some(a), None) if !same_value_possible(a, field) => return false,
            _ => {}
        }
        accepts_at(api, &theirs.ty, &field.ty, depth + 1)
    })
}

/// Whether a field without a constant might be sent as `value` (its
/// example or default is it, or nothing says otherwise).
fn same_value_possible(value: &Value, field: &Field) -> bool {
    match field.example.as_ref().or(field.default.as_ref()) {
        Some(given) => given == value,
        None => true,
    }
}
