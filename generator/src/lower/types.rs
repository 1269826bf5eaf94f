//! Lowering of schemas to types: `$ref` resolution, classification of a
//! schema's shape, and the struct, enum and union definitions.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::all_of::{tighten, Kind};
use super::view::{RefOr, View};
use super::{Ctx, Lowered, Lowerer};
use crate::ir::{
    Additional, Constraints, Docs, Enum, EnumVariant, Field, Prim, Struct, TypeId, TypeKind,
    TypeRef, Union, UnionVariant,
};
use crate::load::refs::{Entry as RefEntry, Kind as RefKind, Target};
use crate::naming;

/// What a schema is, decided once from its keywords.
enum Shape<'v> {
    /// An object with properties (possibly merged from `allOf`).
    Struct,
    /// A closed list of values.
    Enum,
    /// `oneOf`/`anyOf` of several arms (with their indices).
    Union(Vec<(usize, &'v ReferenceOr<Schema>)>),
    /// `anyOf` of value shapes and the empty string that clears the value.
    OrEmpty(Vec<(usize, &'v ReferenceOr<Schema>)>, &'static str),
    /// `anyOf` of an id string and the object(s) it names (Stripe's
    /// expandable fields).
    Expandable(Vec<(usize, &'v ReferenceOr<Schema>)>, &'static str),
    /// A combinator whose only meaningful arm is this one (with the
    /// combinator's keyword and the arm's index, for locations).
    Single(RefOr<'v>, &'static str, usize),
    /// An object beside a union: the union's variants, each merged with the
    /// object's properties (the `allOf` index of the union's arm, or `None`
    /// for the schema's own `oneOf`/`anyOf`).
    Distribute(Option<usize>),
    /// Anything that is a type expression without a definition of its own.
    Expr,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Properties gathered for a struct from its schemas.
struct Gathered<'a> {
    /// Property name to its schema, pointer and the index of the source
    /// schema it came from (which names inline types in it).
    props: IndexMap<String, (RefOr<'a>, String, usize)>,
    /// Required property names.
    required: Vec<String>,
    /// `additionalProperties` (the last one said) and where it was said.
    additional: Option<(&'a AdditionalProperties, String)>,
    /// The source schema being gathered.
    source: usize,
    /// Pointers of the schemas being merged, outermost first, to catch a
    /// schema that includes itself.
    merging: Vec<String>,
}

/// One variant of a union being assembled.
struct Entry<'a> {
    /// Index of the arm in its `oneOf`/`anyOf`.
    index: usize,
    /// The arm as written.
    arm: &'a ReferenceOr<Schema>,
    /// The variant's content.
    ty: TypeRef,
    /// The type whose schema's discriminator values select the variant.
    tag_ty: TypeRef,
    /// What the variant's name is made from.
    candidate: String,
}

impl<'a> Lowerer<'a> {
    /// Lowers a schema `$ref`: a component schema is its named type; any
    /// other target (resolved by the load phase) is lowered in its own
    /// place, so every reference to it, and the schema where it is, are one
    /// type. Unresolved references (already reported) are untyped JSON.
    pub(super) fn schema_ref(&mut self, reference: &str, at: &str) -> Lowered {
        if let Some(entry) = self.refs.get(RefKind::Schema, reference) {
            match &entry.target {
                Target::Unresolved => return Lowered::of(TypeRef::Any),
                Target::Schema(target) => return self.ref_target(reference, entry, target),
                _ => {}
            }
        }
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            self.diags.error(
                crate::diag::child(at, "$ref"),
                format!("unresolved `$ref` `{reference}`: the load phase did not resolve it"),
            );
            return Lowered::of(TypeRef::Any);
        };
        let name = unescape(name);
        let Some(id) = self.components.get(&name).copied() else {
            self.diags.error(
                crate::diag::child(at, "$ref"),
                format!("dangling `$ref`: there is no schema `{name}` under `components/schemas`"),
            );
            return Lowered::of(TypeRef::Any);
        };
        let mut lowered = Lowered::of(TypeRef::Named(id));
        if let Some(ReferenceOr::Item(schema)) = self.schemas().and_then(|s| s.get(&name)) {
            lowered.nullable = View::of(schema).nullable();
        }
        lowered
    }

    /// Lowers the target of `reference` (outside `components/schemas`) at
    /// its own location, following chains of references. Recursion through
    /// a type being defined ends at that type; a cycle with no type in it
    /// has no finite Rust type and is reported.
    fn ref_target(
        &mut self,
        reference: &str,
        entry: &'a RefEntry,
        target: &'a ReferenceOr<Schema>,
    ) -> Lowered {
        let entered = self
            .following
            .iter()
            .filter(|(r, _)| r == reference)
            .map(|(_, types)| *types)
            .collect::<Vec<_>>();
        // Entered once before with a type started since: lowering it again
        // meets that type. Otherwise it would never end.
        let cycle = match entered.as_slice() {
            [] => false,
            [types] => *types == self.types.len(),
            _ => true,
        };
        if cycle {
            let start = self
                .following
                .iter()
                .position(|(r, _)| r == reference)
                .unwrap_or_default();
            let chain: Vec<&str> = self.following[start..]
                .iter()
                .map(|(r, _)| r.as_str())
                .chain([reference])
                .collect();
            self.diags.error(
                entry.at.clone(),
                format!(
                    "`$ref` cycle with no schema in between: {}",
                    chain.join(" -> ")
                ),
            );
            return Lowered::of(TypeRef::Any);
        }
        self.following
            .push((reference.to_owned(), self.types.len()));
        let lowered = match target {
            ReferenceOr::Reference { reference: next } => self.schema_ref(next, &entry.at),
            ReferenceOr::Item(schema) => {
                let (parts, owner) = self.ref_parts(entry);
                self.inline(schema, &Ctx::new(entry.at.clone(), parts, &owner))
            }
        };
        self.following.pop();
        lowered
    }

    /// What a type defined at a reference's target is named after (its
    /// location's words, a component schema's actual type name first) and
    /// the schema it belongs to (for secrets).
    fn ref_parts(&self, entry: &RefEntry) -> (Vec<String>, String) {
        let mut parts = entry.parts.clone();
        let component = entry
            .at
            .strip_prefix("/components/schemas/")
            .and_then(|rest| rest.split('/').next())
            .map(unescape);
        if let Some(name) = component {
            if let (Some(id), Some(first)) = (self.components.get(&name), parts.first_mut()) {
                first.clone_from(&self.types[id.index()].name);
            }
            return (parts, name);
        }
        let owner = parts.first().cloned().unwrap_or_default();
        (parts, owner)
    }

    /// The schema a `$ref` leads to, following chains of references.
    pub(super) fn resolve(&self, reference: &str) -> Option<&'a Schema> {
        let mut current = reference;
        for _ in 0..64 {
            let next = match self.refs.get(RefKind::Schema, current).map(|e| &e.target) {
                Some(Target::Schema(target)) => &**target,
                Some(Target::Unresolved) => return None,
                _ => {
                    let name = unescape(current.strip_prefix(SCHEMA_PREFIX)?);
                    self.schemas()?.get(&name)?
                }
            };
            match next {
                ReferenceOr::Reference { reference } => current = reference,
                ReferenceOr::Item(schema) => return Some(schema),
            }
        }
        None
    }

    /// Lowers a schema used somewhere (property, item, parameter, body).
    pub(super) fn use_schema(&mut self, schema: RefOr<'a>, ctx: &Ctx) -> Lowered {
        match schema {
            RefOr::Ref(reference) => self.schema_ref(reference, &ctx.at),
            RefOr::Item(schema) => self.inline(schema, ctx),
        }
    }

    fn inline(&mut self, schema: &'a Schema, ctx: &Ctx) -> Lowered {
        let view = self.view(schema, &ctx.at);
        let mut lowered = match self.shape(&view, &ctx.at, false) {
            Shape::Single(arm, keyword, index) => {
                let mut inner =
                    self.use_schema(arm, &ctx.child(&[keyword, &index.to_string()], None));
                inner.docs = Default::default();
                if view.enumeration.len() == 1 {
                    inner.constant = view.enumeration.first().cloned();
                }
                inner
            }
            Shape::Expr => {
                let mut lowered = Lowered::of(self.expr(&view, ctx));
                if view.enumeration.len() == 1 {
                    lowered.constant = view.enumeration.first().cloned();
                }
                lowered
            }
            shape @ (Shape::OrEmpty(..) | Shape::Expandable(..)) => self.special(&view, shape, ctx),
            _ => match self.inline_types.get(&ctx.at) {
                // Merging brought the schema back (maybe while it is still
                // being defined): one schema, one type.
                Some(id) => Lowered::of(TypeRef::Named(*id)),
                None => {
                    let parts: Vec<&str> = ctx.parts.iter().map(String::as_str).collect();
                    let id = self.new_type(&parts, ctx.at.clone());
                    self.types[id.index()].title = view.annotation(|d| d.title.clone());
                    self.inline_types.insert(ctx.at.clone(), id);
                    self.types[id.index()].docs = view_docs(&view);
                    // Types defined inside are named after this type's actual
                    // name (which may carry a suffix), like a component's are.
                    let inner = Ctx {
                        parts: vec![self.types[id.index()].name.clone()],
                        ..ctx.clone()
                    };
                    self.define_view(&view, &inner, id);
                    Lowered::of(TypeRef::Named(id))
                }
            },
        };
        lowered.nullable |= view.nullable();
        lowered.default = view.annotation(|d| d.default.clone());
        lowered.read_only = view.flag(|d| d.read_only);
        lowered.example = view.annotation(|d| d.example.clone());
        lowered.write_only = view.flag(|d| d.write_only);
        lowered.constraints = facts(&view);
        let docs = view_docs(&view);
        if docs.description.is_some() || docs.deprecated {
            lowered.docs = docs;
        }
        lowered
    }

    /// Defines the named type `id` from `schema`.
    pub(super) fn define(&mut self, schema: &'a Schema, ctx: &Ctx, id: TypeId) {
        let view = self.view(schema, &ctx.at);
        if self.types[id.index()].docs.description.is_none() {
            // A component whose text is in an `allOf` arm.
            let docs = view_docs(&view);
            if docs.description.is_some() {
                self.types[id.index()].docs = docs;
            }
        }
        self.define_view(&view, ctx, id);
    }

    /// Defines the named type `id` from a schema's (folded) view.
    fn define_view(&mut self, view: &View<'a>, ctx: &Ctx, id: TypeId) {
        let view = view.clone();
        let kind = match self.shape(&view, &ctx.at, true) {
            Shape::Struct => TypeKind::Struct(self.struct_def(&view, ctx)),
            Shape::Enum => TypeKind::Enum(enum_def(&view)),
            Shape::Union(arms) => TypeKind::Union(self.union_def(&view, &arms, ctx)),
            Shape::Distribute(arm) => self.distribute(&view, arm, ctx),
            shape @ (Shape::OrEmpty(..) | Shape::Expandable(..)) => {
                TypeKind::Alias(self.special(&view, shape, ctx).ty)
            }
            Shape::Single(arm, keyword, index) => {
                let inner = self.use_schema(arm, &ctx.child(&[keyword, &index.to_string()], None));
                let mut own = facts(&view);
                tighten(&mut own, &inner.constraints);
                self.types[id.index()].constraints = own;
                TypeKind::Alias(inner.ty)
            }
            Shape::Expr => {
                self.types[id.index()].constraints = facts(&view);
                TypeKind::Alias(self.expr(&view, ctx))
            }
        };
        let def = &mut self.types[id.index()];
        def.kind = kind;
        def.example = view.annotation(|d| d.example.clone());
        def.default = view.annotation(|d| d.default.clone());
    }

    fn shape(&self, view: &View<'a>, at: &str, named: bool) -> Shape<'a> {
        let own_union = view.one_of.len() > 1 || view.any_of.len() > 1;
        if !view.all_of.is_empty() {
            let kinds: Vec<(usize, &'a ReferenceOr<Schema>, Kind)> = view
                .all_of
                .iter()
                .map(|&(i, arm)| (i, arm, self.arm_kind(arm, 0)))
                .collect();
            let objects = view.has_properties()
                || view.additional.is_some()
                || kinds.iter().any(|k| k.2 == Kind::Object);
            let unions: Vec<usize> = kinds
                .iter()
                .filter(|k| k.2 == Kind::Union)
                .map(|k| k.0)
                .collect();
            let distribute = match unions.as_slice() {
                [index] if objects && !own_union => Some(Some(*index)),
                [] if objects && own_union => Some(None),
                _ => None,
            };
            if let Some(arm) = distribute {
                let union = self.union_of(view, at, arm);
                if union.is_some_and(|(union, _)| self.distributable(&union, at)) {
                    return Shape::Distribute(arm);
                }
            }
            // Inline arms that only annotate, or constrain values without
            // a `required` list, add nothing to merge (a reference names a
            // type, even one of any value).
            let meaningful: Vec<&(usize, &'a ReferenceOr<Schema>, Kind)> = kinds
                .iter()
                .filter(|(_, arm, kind)| match kind {
                    _ if matches!(arm, ReferenceOr::Reference { .. }) => true,
                    Kind::Annotation => false,
                    Kind::Constraints => {
                        matches!(arm, ReferenceOr::Item(s) if !View::of(s).required.is_empty())
                    }
                    _ => true,
                })
                .collect();
            match meaningful.as_slice() {
                // `{$ref: Object, required: [..]}` (3.1 siblings, or
                // `allOf: [$ref]` beside `required`) requires more of the
                // object than its schema does: a struct of its own.
                [(_, arm, Kind::Object)] if !own_union && self.requires_more(view, arm) => {
                    return Shape::Struct;
                }
                [(index, arm, _)] if !view.has_properties() && !own_union => {
                    return Shape::Single(RefOr::from(*arm), "allOf", *index);
                }
                // Only annotations: the schema is what its other keywords say.
                [] if !view.has_properties() => {}
                _ if !own_union => return Shape::Struct,
                _ => {}
            }
        }
        let (arms, keyword) = if view.one_of.is_empty() {
            (view.any_of, "anyOf")
        } else {
            (view.one_of, "oneOf")
        };
        if arms.len() > 1 {
            if !view.has_properties() {
                if let Some(shape) = self.special_union(view, arms, keyword) {
                    return shape;
                }
            } else if self.distributable(view, at)
                && arms
                    .iter()
                    .any(|arm| matches!(self.arm_kind(arm, 0), Kind::Object))
            {
                // Properties beside a `oneOf` of objects: each variant has
                // them (one that is not an object cannot).
                return Shape::Distribute(None);
            }
            return Shape::Union(arms.iter().enumerate().collect());
        }
        if let [arm] = arms {
            if !view.has_properties() {
                return Shape::Single(RefOr::from(arm), keyword, 0);
            }
        }
        if view.has_properties() {
            return Shape::Struct;
        }
        let enumerable = enum_kind(view).is_some();
        if enumerable && (view.enumeration.len() > 1 || (named && view.enumeration.len() == 1)) {
            return Shape::Enum;
        }
        Shape::Expr
    }

    /// Whether `view`'s own `required` list names a property `arm` does not
    /// already require.
    fn requires_more(&self, view: &View<'a>, arm: &'a ReferenceOr<Schema>) -> bool {
        if view.required.is_empty() {
            return false;
        }
        let mut already = Vec::new();
        self.required_of(arm, &mut already, 0);
        view.required.iter().any(|name| !already.contains(name))
    }

    /// The names a schema requires, its `allOf` arms' included.
    fn required_of(&self, arm: &'a ReferenceOr<Schema>, out: &mut Vec<String>, depth: usize) {
        if depth > 32 {
            return;
        }
        let schema = match arm {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => match self.resolve(reference) {
                Some(schema) => schema,
                None => return,
            },
        };
        let view = View::of(schema);
        out.extend(view.required.iter().cloned());
        for &(_, arm) in &view.all_of {
            self.required_of(arm, out, depth + 1);
        }
    }

    /// Recognises the unions that have a generic type of their own: a value
    /// or `""` (`OrEmpty`), and an id string or the object it names
    /// (`Expandable`, marked by `x-expansionResources` or recognised by its
    /// objects all having a string `id`).
    fn special_union(
        &self,
        view: &View<'a>,
        arms: &'a [ReferenceOr<Schema>],
        keyword: &'static str,
    ) -> Option<Shape<'a>> {
        let inline_view = |arm: &'a ReferenceOr<Schema>| match arm {
            ReferenceOr::Item(schema) => Some(View::of(schema)),
            ReferenceOr::Reference { .. } => None,
        };
        let is_empty_string = |arm: &'a ReferenceOr<Schema>| {
            inline_view(arm).is_some_and(|v| {
                v.ty == Some("string") && v.enumeration == [Value::String(String::new())]
            })
        };
        let empties = arms.iter().filter(|arm| is_empty_string(arm)).count();
        if empties == 1 {
            let others: Vec<(usize, &'a ReferenceOr<Schema>)> = arms
                .iter()
                .enumerate()
                .filter(|(_, arm)| !is_empty_string(arm))
                .collect();
            return Some(Shape::OrEmpty(others, keyword));
        }
        let is_id = |arm: &'a ReferenceOr<Schema>| {
            inline_view(arm).is_some_and(|v| {
                v.ty == Some("string") && v.enumeration.is_empty() && v.format.is_none()
            })
        };
        let ids = arms.iter().filter(|arm| is_id(arm)).count();
        let objects: Vec<(usize, &'a ReferenceOr<Schema>)> = arms
            .iter()
            .enumerate()
            .filter(|(_, arm)| !is_id(arm))
            .collect();
        let marked = view.data.extensions.contains_key("x-expansionResources");
        let with_ids = objects.iter().all(|(_, arm)| self.has_string_id(arm));
        (ids == 1
            && !objects.is_empty()
            && with_ids
            && (marked
                || objects
                    .iter()
                    .all(|(_, a)| matches!(a, ReferenceOr::Reference { .. }))))
        .then_some(Shape::Expandable(objects, keyword))
    }

    /// Whether an arm is an object schema with a string `id` property.
    fn has_string_id(&self, arm: &'a ReferenceOr<Schema>) -> bool {
        let schema = match arm {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.resolve(reference),
        };
        let Some(view) = schema.map(View::of) else {
            return false;
        };
        let id = view.properties.and_then(|props| props.get("id"));
        let id = id.and_then(|id| match RefOr::from(id) {
            RefOr::Item(schema) => Some(schema),
            RefOr::Ref(reference) => self.resolve(reference),
        });
        id.is_some_and(|schema| View::of(schema).ty == Some("string"))
    }

    /// A new union type of some arms of a combinator, named from `parts`.
    fn union_type(
        &mut self,
        view: &View<'a>,
        arms: &[(usize, &'a ReferenceOr<Schema>)],
        parts: &[&str],
        ctx: &Ctx,
    ) -> TypeId {
        let id = self.new_type(parts, ctx.at.clone());
        let inner = Ctx {
            parts: vec![self.types[id.index()].name.clone()],
            ..ctx.clone()
        };
        let union = self.union_def(view, arms, &inner);
        self.types[id.index()].kind = TypeKind::Union(union);
        id
    }

    /// Names of the schemas some arms refer to (`Object` for inline ones).
    fn arm_names(&self, arms: &[(usize, &'a ReferenceOr<Schema>)]) -> Vec<String> {
        arms.iter()
            .map(|(_, arm)| match arm {
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix(SCHEMA_PREFIX)
                    .map(unescape)
                    .and_then(|name| self.components.get(&name))
                    .or_else(|| {
                        let entry = self.refs.get(RefKind::Schema, reference)?;
                        self.inline_types.get(&entry.at)
                    })
                    .map(|id| self.types[id.index()].name.clone())
                    .unwrap_or_else(|| "Object".to_owned()),
                ReferenceOr::Item(_) => "Object".to_owned(),
            })
            .collect()
    }

    /// Lowers an `OrEmpty` or `Expandable` shape.
    fn special(&mut self, view: &View<'a>, shape: Shape<'a>, ctx: &Ctx) -> Lowered {
        match shape {
            Shape::OrEmpty(others, keyword) => {
                let value = match others.as_slice() {
                    [(index, arm)] => {
                        let arm_ctx = ctx.child(&[keyword, &index.to_string()], None);
                        nullable(self.use_schema(RefOr::from(*arm), &arm_ctx))
                    }
                    many => {
                        let parts: Vec<&str> = ctx.parts.iter().map(String::as_str).collect();
                        TypeRef::Named(self.union_type(view, many, &parts, ctx))
                    }
                };
                Lowered::of(TypeRef::OrEmpty(Box::new(value)))
            }
            Shape::Expandable(objects, keyword) => {
                let target = match objects.as_slice() {
                    [(index, arm)] => {
                        let arm_ctx = ctx.child(&[keyword, &index.to_string()], None);
                        self.use_schema(RefOr::from(*arm), &arm_ctx).ty
                    }
                    many => {
                        let names = self.arm_names(many);
                        let mut parts: Vec<&str> = Vec::new();
                        for (i, name) in names.iter().enumerate() {
                            if i > 0 {
                                parts.push("Or");
                            }
                            parts.push(name);
                        }
                        TypeRef::Named(self.union_type(view, many, &parts, ctx))
                    }
                };
                Lowered::of(TypeRef::Expandable(Box::new(target)))
            }
            _ => Lowered::of(TypeRef::Any),
        }
    }

    /// The type expression of a schema without a definition of its own.
    fn expr(&mut self, view: &View<'a>, ctx: &Ctx) -> TypeRef {
        if view.has_not {
            self.diags.warning(
                crate::diag::child(&ctx.at, "not"),
                "`not` cannot be expressed in Rust types; the value is kept as untyped JSON",
            );
            return TypeRef::Any;
        }
        let ty = view.ty.or_else(|| enum_kind(view));
        if let (Some(ty), Some(format)) = (ty, view.format) {
            if !is_known_format(ty, format) {
                let places = self
                    .unknown_formats
                    .entry(format.to_owned())
                    .or_insert_with(|| (ty.to_owned(), Vec::new()));
                if !places.1.contains(&ctx.at) {
                    places.1.push(ctx.at.clone());
                }
            }
        }
        match ty {
            Some("string") => TypeRef::Prim(match view.format {
                Some("date-time") => Prim::DateTime,
                Some("date") => Prim::Date,
                Some("uuid") => Prim::Uuid,
                Some("byte") => Prim::Base64,
                Some("binary") => Prim::Binary,
                _ => Prim::String,
            }),
            Some("integer") => TypeRef::Prim(match view.format {
                Some("int32") => Prim::I32,
                _ => Prim::I64,
            }),
            Some("number") => TypeRef::Prim(match view.format {
                Some("float") => Prim::F32,
                _ => Prim::F64,
            }),
            Some("boolean") => TypeRef::Prim(Prim::Bool),
            Some("array") => match view.items {
                Some(items) => {
                    let item =
                        self.use_schema(RefOr::from(items), &ctx.child(&["items"], Some("Item")));
                    TypeRef::Array(Box::new(nullable(item)))
                }
                None => TypeRef::Array(Box::new(TypeRef::Any)),
            },
            Some("object") | None if view.additional.is_some() || view.ty.is_some() => {
                self.map_type(view.additional, ctx)
            }
            None => TypeRef::Any,
            Some(other) => {
                self.diags.error(
                    crate::diag::child(&ctx.at, "type"),
                    format!("unknown schema type `{other}`"),
                );
                TypeRef::Any
            }
        }
    }

    fn map_type(&mut self, additional: Option<&'a AdditionalProperties>, ctx: &Ctx) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.use_schema(
                    RefOr::from(schema.as_ref()),
                    &ctx.child(&["additionalProperties"], Some("Value")),
                );
                TypeRef::Map(Box::new(nullable(value)))
            }
            _ => TypeRef::Object,
        }
    }

    fn struct_def(&mut self, view: &View<'a>, ctx: &Ctx) -> Struct {
        self.struct_of(&[(view, ctx.at.as_str(), ctx)], ctx)
    }

    /// A struct of the properties of several schemas (each with its pointer
    /// and the context that names inline types in it), later ones winning
    /// where they declare the same property.
    fn struct_of(&mut self, sources: &[(&View<'a>, &str, &Ctx)], ctx: &Ctx) -> Struct {
        let mut gathered = Gathered {
            props: IndexMap::new(),
            required: Vec::new(),
            additional: None,
            source: 0,
            merging: vec![ctx.at.clone()],
        };
        for (i, (view, at, _)) in sources.iter().enumerate() {
            gathered.source = i;
            self.collect_properties(view, at, &mut gathered);
        }
        let Gathered {
            props,
            required,
            additional,
            ..
        } = gathered;
        let wires: Vec<&str> = props.keys().map(String::as_str).collect();
        let (names, additional_name) = naming::struct_field_names(&wires);
        let fields = props
            .iter()
            .zip(names)
            .map(|((wire, (schema, at, source)), name)| {
                let naming = sources[*source].2;
                let child = Ctx {
                    at: at.clone(),
                    parts: self
                        .merged_parts(naming, at)
                        .into_iter()
                        .chain([wire.clone()])
                        .collect(),
                    owner: ctx.owner.clone(),
                };
                let lowered = self.use_schema(*schema, &child);
                self.field(wire, name, lowered, required.contains(wire), &ctx.owner)
            })
            .collect();
        let additional = match additional {
            Some((AdditionalProperties::Schema(schema), at)) => {
                let value_ctx = Ctx {
                    at: crate::diag::child(&at, "additionalProperties"),
                    parts: ctx
                        .parts
                        .iter()
                        .cloned()
                        .chain(["Value".to_owned()])
                        .collect(),
                    owner: ctx.owner.clone(),
                };
                let value = self.use_schema(RefOr::from(schema.as_ref()), &value_ctx);
                Some(Additional {
                    name: additional_name,
                    ty: nullable(value),
                })
            }
            // Said explicitly: more properties of any kind are expected, and
            // kept rather than dropped.
            Some((AdditionalProperties::Any(true), _)) => Some(Additional {
                name: additional_name,
                ty: TypeRef::Any,
            }),
            _ => None,
        };
        Struct {
            fields,
            additional,
            required: None,
        }
    }

    /// An object beside a union: a union of structs, one per variant of the
    /// union, each with the object's properties and the variant's.
    /// Variants that are not objects cannot take the properties; they are
    /// left out (their values decode as the union's fallback).
    fn distribute(&mut self, view: &View<'a>, arm: Option<usize>, ctx: &Ctx) -> TypeKind {
        let Some((union, union_at)) = self.union_of(view, &ctx.at, arm) else {
            return TypeKind::Struct(self.struct_def(view, ctx));
        };
        let (arms, keyword) = if union.one_of.is_empty() {
            (union.any_of, "anyOf")
        } else {
            (union.one_of, "oneOf")
        };
        let discriminator = union
            .data
            .discriminator
            .as_ref()
            .or(view.data.discriminator.as_ref());
        let base = crate::diag::child(&union_at, keyword);
        let mut entries = Vec::new();
        for (i, variant) in arms.iter().enumerate() {
            let at = crate::diag::child(&base, &i.to_string());
            let (schema, target) = match variant {
                ReferenceOr::Item(schema) => (schema, at.clone()),
                ReferenceOr::Reference { reference } => match self.resolve(reference) {
                    Some(schema) => (schema, super::all_of::ref_pointer(reference)),
                    None => {
                        self.schema_ref(reference, &at);
                        continue;
                    }
                },
            };
            let kind = self.schema_kind(schema, 0);
            if !matches!(kind, Kind::Object | Kind::Annotation | Kind::Constraints) {
                self.diags.warning(
                    at,
                    format!("this variant is {} and cannot have the properties beside its union; it is left out, and such values decode as the union's fallback", kind.describe()),
                );
                continue;
            }
            let (candidate, tag_ty) = match variant {
                ReferenceOr::Reference { reference } => {
                    let component = self.schema_ref(reference, &at).ty;
                    (self.variant_candidate(&component), Some(component))
                }
                ReferenceOr::Item(_) => (arm_label(variant, i), None),
            };
            let parts: Vec<&str> = ctx
                .parts
                .iter()
                .map(String::as_str)
                .chain([candidate.as_str()])
                .collect();
            let id = self.new_type(&parts, at.clone());
            let variant_view = self.view(schema, &target);
            self.types[id.index()].docs = view_docs(&variant_view);
            self.types[id.index()].title = variant_view.annotation(|d| d.title.clone());
            let variant_ctx = Ctx {
                at: ctx.at.clone(),
                parts: vec![self.types[id.index()].name.clone()],
                owner: ctx.owner.clone(),
            };
            let merged = self.struct_of(
                &[
                    (view, ctx.at.as_str(), ctx),
                    (&variant_view, target.as_str(), &variant_ctx),
                ],
                &variant_ctx,
            );
            self.types[id.index()].kind = TypeKind::Struct(merged);
            entries.push(Entry {
                index: i,
                arm: variant,
                tag_ty: tag_ty.unwrap_or(TypeRef::Named(id)),
                ty: TypeRef::Named(id),
                candidate: self.types[id.index()].name.clone(),
            });
        }
        if entries.is_empty() {
            self.diags.warning(
                base,
                "no variant of this union is an object that can take the properties beside it; only those properties are kept",
            );
            return TypeKind::Struct(self.struct_def(view, ctx));
        }
        TypeKind::Union(self.assemble_union(discriminator, keyword, &union_at, entries))
    }

    /// What inline types of a property at `at` of the struct at `ctx` are
    /// named after: the struct, or for a property merged from another
    /// component schema, that schema (so the type has one name wherever
    /// the schema is merged).
    fn merged_parts(&self, ctx: &Ctx, at: &str) -> Vec<String> {
        let own = at
            .strip_prefix(ctx.at.as_str())
            .is_some_and(|rest| rest.starts_with('/'));
        let component = at
            .strip_prefix("/components/schemas/")
            .and_then(|rest| rest.split('/').next())
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .and_then(|name| self.components.get(&name));
        match component {
            Some(id) if !own => vec![self.types[id.index()].name.clone()],
            _ => ctx.parts.clone(),
        }
    }

    /// Gathers properties of a schema and its `allOf` arms (following refs)
    /// into `gathered`. A union's variants are not merged (the schema's
    /// shape distributes over them where that is sound).
    fn collect_properties(&mut self, view: &View<'a>, at: &str, gathered: &mut Gathered<'a>) {
        if gathered.merging.len() > 64 {
            self.diags.error(at, "`allOf` nesting is too deep");
            return;
        }
        for &(i, arm) in &view.all_of {
            let arm_at = crate::diag::child(&crate::diag::child(at, "allOf"), &i.to_string());
            let (schema, target) = match arm {
                ReferenceOr::Item(schema) => (schema, arm_at.clone()),
                ReferenceOr::Reference { reference } => match self.resolve(reference) {
                    Some(schema) => (schema, reference_pointer(reference)),
                    None => {
                        self.schema_ref(reference, &arm_at);
                        continue;
                    }
                },
            };
            if gathered.merging.contains(&target) {
                let names: Vec<String> = gathered
                    .merging
                    .iter()
                    .chain([&target])
                    .map(|p| pointer_name(p))
                    .collect();
                self.diags.error(
                    arm_at,
                    format!(
                        "`allOf` cycle: `{}` includes itself ({})",
                        pointer_name(&target),
                        names.join(" -> ")
                    ),
                );
                continue;
            }
            let kind = self.schema_kind(schema, 0);
            if matches!(kind, Kind::Scalar(_) | Kind::Array | Kind::Other) {
                self.diags.warning(
                    arm_at,
                    format!(
                        "this `allOf` arm is {} but the others describe an object; it is left out",
                        kind.describe()
                    ),
                );
                continue;
            }
            let arm_view = self.view(schema, &target);
            gathered.merging.push(target.clone());
            self.collect_properties(&arm_view, &target, gathered);
            gathered.merging.pop();
        }
        if let Some(own) = view.properties {
            for (wire, schema) in own {
                let here = crate::diag::child(&crate::diag::child(at, "properties"), wire);
                gathered
                    .props
                    .insert(wire.clone(), (RefOr::from(schema), here, gathered.source));
            }
        }
        for name in view.required {
            if !gathered.required.contains(name) {
                gathered.required.push(name.clone());
            }
        }
        if let Some(additional) = view.additional {
            gathered.additional = Some((additional, at.to_owned()));
        }
    }

    fn field(
        &mut self,
        wire: &str,
        name: String,
        lowered: Lowered,
        required: bool,
        owner: &str,
    ) -> Field {
        let read_only = lowered.read_only;
        let write_only = lowered.write_only;
        Field {
            wire: wire.to_owned(),
            name,
            secret: self.config.is_secret(owner, wire)
                || lowered.constraints.format.as_deref() == Some("password"),
            ty: lowered.ty,
            // A required write-only property is required in requests; a
            // struct the SDK also decodes gets it as optional
            // (`graph::mark_usage`), since responses leave it out.
            required: required && !read_only,
            nullable: lowered.nullable,
            boxed: false,
            tri_state: false,
            default: lowered.default,
            constant: lowered.constant,
            read_only,
            write_only,
            constraints: lowered.constraints,
            example: lowered.example,
            docs: lowered.docs,
        }
    }

    fn union_def(
        &mut self,
        view: &View<'a>,
        arms: &[(usize, &'a ReferenceOr<Schema>)],
        ctx: &Ctx,
    ) -> Union {
        let combinator = if view.one_of.is_empty() {
            "anyOf"
        } else {
            "oneOf"
        };
        let discriminator = view.data.discriminator.as_ref();
        let mut entries = Vec::new();
        for &(i, arm) in arms {
            let index = i.to_string();
            let label = arm_label(arm, i);
            let arm_ctx = ctx.child(&[combinator, &index], Some(&label));
            let lowered = self.use_schema(RefOr::from(arm), &arm_ctx);
            // A type defined by the arm itself is named after the union
            // (`ChargeDetailsVariant1`); its variant is only the arm's label.
            let defined_here = matches!(&lowered.ty, TypeRef::Named(id)
                if self.types[id.index()].origin == arm_ctx.at);
            let candidate = if defined_here {
                label
            } else {
                self.variant_candidate(&lowered.ty)
            };
            let ty = nullable(lowered);
            entries.push(Entry {
                index: i,
                arm,
                tag_ty: ty.clone(),
                ty,
                candidate,
            });
        }
        self.assemble_union(discriminator, combinator, &ctx.at, entries)
    }

    /// The union of `entries` (arms of the `combinator` of the schema at
    /// `at`): variant names, and the discriminator values selecting each.
    fn assemble_union(
        &mut self,
        discriminator: Option<&'a openapiv3::Discriminator>,
        combinator: &str,
        at: &str,
        entries: Vec<Entry<'a>>,
    ) -> Union {
        let mut candidates: Vec<String> = entries.iter().map(|e| e.candidate.clone()).collect();
        if let Some(short) = naming::strip_common_affixes(&candidates) {
            candidates = short;
        }
        let (names, fallback) = naming::union_variant_names(&candidates);
        let mut claimed: Vec<String> = Vec::new();
        let mut variants = Vec::new();
        for (entry, name) in entries.into_iter().zip(names) {
            let mut tags = Vec::new();
            if let Some(d) = discriminator {
                let at = crate::diag::child(
                    &crate::diag::child(at, combinator),
                    &entry.index.to_string(),
                );
                for tag in self.tags_for(entry.arm, &entry.tag_ty, d) {
                    if claimed.contains(&tag) {
                        self.diags.warning(
                            at.clone(),
                            format!("`{}` value `{tag}` already selects an earlier variant; it does not select this one", d.property_name),
                        );
                    } else {
                        claimed.push(tag.clone());
                        tags.push(tag);
                    }
                }
                if tags.is_empty() {
                    self.diags.warning(
                        at,
                        format!("no `{}` value selects this variant; such values decode as the union's `{fallback}` variant", d.property_name),
                    );
                }
            }
            variants.push(UnionVariant {
                name,
                ty: entry.ty,
                tags,
                boxed: false,
            });
        }
        Union {
            discriminator: discriminator.map(|d| d.property_name.clone()),
            variants,
            fallback,
        }
    }

    /// The constant string value of property `property` of component `name`
    /// (its `const` or single-value `enum`), looking through `allOf`.
    fn constant_property(&self, name: &str, property: &str) -> Option<String> {
        let schema = self.resolve(&format!(
            "{SCHEMA_PREFIX}{}",
            crate::diag::escape_token(name)
        ))?;
        self.constant_in(schema, property, 0)
    }

    /// The constant string value of property `property` of `schema`, its
    /// own or (later arms first, as merging lets them win) its `allOf` arms'.
    fn constant_in(&self, schema: &'a Schema, property: &str, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let view = View::of(schema);
        let own = view
            .properties
            .and_then(|p| p.get(property))
            .and_then(|prop| {
                let prop = match RefOr::from(prop) {
                    RefOr::Item(schema) => schema,
                    RefOr::Ref(reference) => self.resolve(reference)?,
                };
                match View::of(prop).enumeration.as_slice() {
                    [Value::String(tag)] => Some(tag.clone()),
                    _ => None,
                }
            });
        own.or_else(|| {
            view.all_of.iter().rev().find_map(|(_, arm)| {
                let arm = match arm {
                    ReferenceOr::Reference { reference } => self.resolve(reference)?,
                    ReferenceOr::Item(schema) => schema,
                };
                self.constant_in(arm, property, depth + 1)
            })
        })
    }

    /// A name for a union variant holding `ty`.
    fn variant_candidate(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => self.types[id.index()].name.clone(),
            TypeRef::Prim(Prim::String) => "String".into(),
            TypeRef::Prim(Prim::I32 | Prim::I64) => "Integer".into(),
            TypeRef::Prim(Prim::F32 | Prim::F64) => "Number".into(),
            TypeRef::Prim(Prim::Bool) => "Boolean".into(),
            TypeRef::Prim(Prim::DateTime) => "DateTime".into(),
            TypeRef::Prim(Prim::Date) => "Date".into(),
            TypeRef::Prim(Prim::Uuid) => "Uuid".into(),
            TypeRef::Prim(Prim::Base64 | Prim::Binary | Prim::File) => "Bytes".into(),
            TypeRef::Array(inner) => format!("{}List", self.variant_candidate(inner)),
            TypeRef::Map(inner) => format!("{}Map", self.variant_candidate(inner)),
            TypeRef::Nullable(inner) | TypeRef::OrEmpty(inner) => self.variant_candidate(inner),
            TypeRef::Expandable(inner) => self.variant_candidate(inner),
            TypeRef::Object => "Object".into(),
            TypeRef::Any => "Value".into(),
        }
    }

    /// Discriminator values selecting a variant: its `mapping` entries, else
    /// the constant of its discriminator property, else its schema name.
    fn tags_for(
        &self,
        arm: &'a ReferenceOr<Schema>,
        ty: &TypeRef,
        discriminator: &openapiv3::Discriminator,
    ) -> Vec<String> {
        let TypeRef::Named(id) = ty else {
            return Vec::new();
        };
        let component = match arm {
            ReferenceOr::Reference { .. } => self
                .components
                .iter()
                .find(|(_, v)| *v == id)
                .map(|(k, _)| k.clone()),
            ReferenceOr::Item(_) => None,
        };
        let mut tags: Vec<String> = discriminator
            .mapping
            .iter()
            .filter(|(_, target)| {
                let target_name = target
                    .strip_prefix(SCHEMA_PREFIX)
                    .map(unescape)
                    .unwrap_or_else(|| (*target).clone());
                Some(&target_name) == component.as_ref()
            })
            .map(|(tag, _)| tag.clone())
            .collect();
        if tags.is_empty() {
            let property = &discriminator.property_name;
            tags.extend(match arm {
                ReferenceOr::Reference { reference } => match component.as_deref() {
                    Some(name) => self.constant_property(name, property),
                    None => self
                        .resolve(reference)
                        .and_then(|schema| self.constant_in(schema, property, 0)),
                },
                ReferenceOr::Item(schema) => self.constant_in(schema, property, 0),
            });
        }
        if tags.is_empty() {
            tags.extend(component);
        }
        tags
    }
}

/// Documentation of a schema: its description (or a folded `allOf` arm's),
/// else its title.
fn view_docs(view: &View<'_>) -> Docs {
    let text = |get: fn(&openapiv3::SchemaData) -> Option<&String>| {
        view.annotation(|d| get(d).filter(|t| !t.trim().is_empty()).cloned())
    };
    Docs {
        summary: None,
        description: text(|d| d.description.as_ref()).or_else(|| text(|d| d.title.as_ref())),
        deprecated: view.flag(|d| d.deprecated),
    }
}

fn enum_def(view: &View<'_>) -> Enum {
    let mut values: Vec<Value> = Vec::with_capacity(view.enumeration.len());
    let mut docs: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    for (i, value) in view.enumeration.iter().enumerate() {
        if !values.contains(value) {
            values.push(value.clone());
            docs.push(view.value_docs.get(i).copied().unwrap_or_default());
        }
    }
    let titles: Vec<Option<&str>> = docs.iter().map(|(title, _)| *title).collect();
    let (names, fallback) = naming::enum_variant_names_titled(&values, &titles);
    Enum {
        integer: enum_kind(view) == Some("integer"),
        variants: names
            .into_iter()
            .zip(values)
            .zip(docs)
            .map(|((name, value), (_, description))| EnumVariant {
                name,
                value,
                docs: description
                    .filter(|d| !d.trim().is_empty())
                    .map(str::to_owned),
            })
            .collect(),
        fallback,
    }
}

/// `string` or `integer` when the schema's `enum` can be a Rust enum: every
/// value is of the schema's type (or, without a `type`, all values are of
/// one of these two).
fn enum_kind(view: &View<'_>) -> Option<&'static str> {
    let strings = || view.enumeration.iter().all(Value::is_string);
    let integers = || view.enumeration.iter().all(|v| v.as_i64().is_some());
    if view.enumeration.is_empty() {
        return None;
    }
    match view.ty {
        Some("string") => strings().then_some("string"),
        Some("integer") => integers().then_some("integer"),
        None if strings() => Some("string"),
        None if integers() => Some("integer"),
        _ => None,
    }
}

/// The type of a lowered value, wrapped in `Nullable` when it may be null.
fn nullable(lowered: Lowered) -> TypeRef {
    if lowered.nullable {
        TypeRef::Nullable(Box::new(lowered.ty))
    } else {
        lowered.ty
    }
}

/// The validation facts of a schema: its own keywords, the format the Rust
/// type does not say, and those of an inline item schema.
fn facts(view: &View<'_>) -> Constraints {
    let mut facts = view.constraints.clone();
    if facts.format.is_none() {
        facts.format = view
            .format
            .filter(|f| !is_typed_format(f))
            .map(str::to_owned);
    }
    if let Some(ReferenceOr::Item(item)) = view.items {
        let item = View::of(item);
        let own = facts_shallow(&item);
        if !own.is_empty() {
            facts.items = Some(Box::new(own));
        }
    }
    facts
}

/// [`facts`] without looking into items (one level of list is enough for
/// examples).
fn facts_shallow(view: &View<'_>) -> Constraints {
    let mut facts = view.constraints.clone();
    facts.format = view
        .format
        .filter(|f| !is_typed_format(f))
        .map(str::to_owned);
    facts
}

/// Formats that the Rust type says all about; others are documented
/// (`byte` and `binary` values are Rust `String`s).
fn is_typed_format(format: &str) -> bool {
    matches!(
        format,
        "date-time" | "date" | "uuid" | "int32" | "int64" | "float" | "double"
    )
}

/// Formats sdkgen knows for a `type`: those the Rust type says (`date-time`,
/// `int32`, ...), the other formats of JSON Schema and of the OpenAPI format
/// registry, which the docs name (`email`, `uri`, `decimal`, ...), and
/// `unix-time` (seconds since the epoch, as Stripe writes it). Others get a
/// warning.
fn is_known_format(ty: &str, format: &str) -> bool {
    match ty {
        "string" => matches!(
            format,
            "date-time"
                | "date"
                | "time"
                | "duration"
                | "email"
                | "idn-email"
                | "hostname"
                | "idn-hostname"
                | "ipv4"
                | "ipv6"
                | "uri"
                | "url"
                | "uri-reference"
                | "iri"
                | "iri-reference"
                | "uri-template"
                | "uuid"
                | "json-pointer"
                | "relative-json-pointer"
                | "regex"
                | "byte"
                | "binary"
                | "base64url"
                | "password"
                | "char"
                | "commonmark"
                | "html"
                | "http-date"
                | "media-range"
                | "decimal"
                | "decimal128"
        ),
        // Narrower integers fit in `i64`.
        "integer" => matches!(
            format,
            "int32" | "int64" | "int8" | "int16" | "uint8" | "uint16" | "uint32" | "unix-time"
        ),
        "number" => matches!(
            format,
            "float" | "double" | "decimal" | "decimal128" | "double-int"
        ),
        _ => false,
    }
}

/// A name part for an inline arm of a union.
fn arm_label(arm: &ReferenceOr<Schema>, index: usize) -> String {
    match arm {
        ReferenceOr::Item(schema) => schema
            .schema_data
            .title
            .clone()
            .unwrap_or_else(|| format!("Variant{}", index + 1)),
        ReferenceOr::Reference { .. } => format!("Variant{}", index + 1),
    }
}

/// Undoes JSON-pointer escaping in a reference token (references are
/// percent-decoded by the load phase).
pub(super) fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The location of a (canonical) `$ref`'s target: its pointer in the main
/// document, `file.yaml#/pointer` in another one.
fn reference_pointer(reference: &str) -> String {
    reference.trim_start_matches('#').to_owned()
}

/// The last token of a pointer, unescaped: the name of a component schema.
fn pointer_name(pointer: &str) -> String {
    let last = pointer.rsplit('/').next().unwrap_or_default();
    last.replace("~1", "/").replace("~0", "~")
}
