//! Lowering of schemas to types: `$ref` resolution, classification of a
//! schema's shape, and the struct, enum and union definitions.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::view::{RefOr, View};
use super::{docs_of, Ctx, Lowered, Lowerer};
use crate::ir::{
    Additional, Enum, EnumVariant, Field, Prim, Struct, TypeId, TypeKind, TypeRef, Union,
    UnionVariant,
};
use crate::naming;

/// What a schema is, decided once from its keywords.
enum Shape<'v> {
    /// An object with properties (possibly merged from `allOf`).
    Struct,
    /// A closed list of values.
    Enum,
    /// `oneOf`/`anyOf` of several arms.
    Union(&'v [ReferenceOr<Schema>]),
    /// `allOf` whose only meaningful arm is this one.
    Single(RefOr<'v>),
    /// Anything that is a type expression without a definition of its own.
    Expr,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Lowerer<'a> {
    /// Resolves a schema `$ref`, reporting dangling and unsupported ones.
    pub(super) fn schema_ref(&mut self, reference: &str, at: &str) -> Lowered {
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            self.diags.error(
                crate::diag::child(at, "$ref"),
                format!("unsupported `$ref` `{reference}`: only local references to `#/components/schemas/...` are supported for schemas"),
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

    /// The component schema a `$ref` names, following chains of references.
    fn resolve(&self, reference: &str) -> Option<&'a Schema> {
        let mut current = reference;
        for _ in 0..64 {
            let name = unescape(current.strip_prefix(SCHEMA_PREFIX)?);
            match self.schemas()?.get(&name)? {
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
        let view = View::of(schema);
        let mut lowered = match self.shape(&view, false) {
            Shape::Single(arm) => {
                let mut inner = self.use_schema(arm, &ctx.child(&["allOf", "0"], None));
                inner.docs = Default::default();
                inner
            }
            Shape::Expr => {
                let mut lowered = Lowered::of(self.expr(&view, ctx));
                if view.enumeration.len() == 1 {
                    lowered.constant = view.enumeration.first().cloned();
                }
                lowered
            }
            _ => {
                let parts: Vec<&str> = ctx.parts.iter().map(String::as_str).collect();
                let id = self.new_type(&parts, ctx.at.clone());
                self.types[id.index()].docs = docs_of(view.data);
                self.define(schema, ctx, id);
                Lowered::of(TypeRef::Named(id))
            }
        };
        lowered.nullable |= view.nullable();
        lowered.default = view.data.default.clone();
        lowered.read_only = view.data.read_only;
        lowered.example = view.data.example.clone();
        lowered.write_only = view.data.write_only;
        lowered.constraints = view.constraints.clone();
        if lowered.constraints.format.is_none() {
            lowered.constraints.format = view
                .format
                .filter(|f| !is_typed_format(f))
                .map(str::to_owned);
        }
        let docs = docs_of(view.data);
        if docs.description.is_some() || docs.deprecated {
            lowered.docs = docs;
        }
        lowered
    }

    /// Defines the named type `id` from `schema`.
    pub(super) fn define(&mut self, schema: &'a Schema, ctx: &Ctx, id: TypeId) {
        let view = View::of(schema);
        let kind = match self.shape(&view, true) {
            Shape::Struct => TypeKind::Struct(self.struct_def(&view, ctx)),
            Shape::Enum => TypeKind::Enum(enum_def(&view)),
            Shape::Union(arms) => TypeKind::Union(self.union_def(&view, arms, ctx)),
            Shape::Single(arm) => {
                TypeKind::Alias(self.use_schema(arm, &ctx.child(&["allOf", "0"], None)).ty)
            }
            Shape::Expr => TypeKind::Alias(self.expr(&view, ctx)),
        };
        self.types[id.index()].kind = kind;
    }

    fn shape(&self, view: &View<'a>, named: bool) -> Shape<'a> {
        if !view.all_of.is_empty() {
            let meaningful: Vec<&ReferenceOr<Schema>> = view
                .all_of
                .iter()
                .filter(|arm| match arm {
                    ReferenceOr::Reference { .. } => true,
                    ReferenceOr::Item(schema) => !View::of(schema).is_annotation_only(),
                })
                .collect();
            if meaningful.len() == 1 && !view.has_properties() {
                return Shape::Single(RefOr::from(meaningful[0]));
            }
            return Shape::Struct;
        }
        let arms = if view.one_of.is_empty() {
            view.any_of
        } else {
            view.one_of
        };
        if arms.len() > 1 {
            return Shape::Union(arms);
        }
        if let [arm] = arms {
            if !view.has_properties() {
                return Shape::Single(RefOr::from(arm));
            }
        }
        if view.has_properties() {
            return Shape::Struct;
        }
        let enumerable = matches!(view.ty, Some("string") | Some("integer"));
        if enumerable && (view.enumeration.len() > 1 || (named && view.enumeration.len() == 1)) {
            return Shape::Enum;
        }
        Shape::Expr
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
        match view.ty {
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
        let mut props: IndexMap<String, (RefOr<'a>, String)> = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        let mut additional = view.additional;
        self.collect_properties(view, &ctx.at, &mut props, &mut required, &mut additional, 0);
        let wires: Vec<&str> = props.keys().map(String::as_str).collect();
        let (names, additional_name) = naming::struct_field_names(&wires);
        let fields = props
            .iter()
            .zip(names)
            .map(|((wire, (schema, at)), name)| {
                let child = Ctx {
                    at: at.clone(),
                    parts: ctx.parts.iter().cloned().chain([wire.clone()]).collect(),
                    owner: ctx.owner.clone(),
                };
                let lowered = self.use_schema(*schema, &child);
                self.field(wire, name, lowered, required.contains(wire), &ctx.owner)
            })
            .collect();
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.use_schema(
                    RefOr::from(schema.as_ref()),
                    &ctx.child(&["additionalProperties"], Some("Value")),
                );
                Some(Additional {
                    name: additional_name,
                    ty: nullable(value),
                })
            }
            _ => None,
        };
        Struct { fields, additional }
    }

    /// Gathers properties of a schema and its `allOf` arms (following refs).
    fn collect_properties(
        &mut self,
        view: &View<'a>,
        at: &str,
        props: &mut IndexMap<String, (RefOr<'a>, String)>,
        required: &mut Vec<String>,
        additional: &mut Option<&'a AdditionalProperties>,
        depth: usize,
    ) {
        if depth > 32 {
            self.diags
                .error(at, "`allOf` nesting is too deep (or cyclic)");
            return;
        }
        for (i, arm) in view.all_of.iter().enumerate() {
            let arm_at = crate::diag::child(&crate::diag::child(at, "allOf"), &i.to_string());
            let (schema, arm_at) = match arm {
                ReferenceOr::Item(schema) => (schema, arm_at),
                ReferenceOr::Reference { reference } => match self.resolve(reference) {
                    Some(schema) => (schema, reference_pointer(reference)),
                    None => {
                        self.schema_ref(reference, &arm_at);
                        continue;
                    }
                },
            };
            let arm_view = View::of(schema);
            if arm_view.is_annotation_only() {
                continue;
            }
            if !arm_view.has_properties()
                && arm_view.all_of.is_empty()
                && arm_view.ty != Some("object")
            {
                self.diags.error(
                    arm_at,
                    "`allOf` can only merge object schemas here; this arm is not an object",
                );
                continue;
            }
            self.collect_properties(&arm_view, &arm_at, props, required, additional, depth + 1);
        }
        if let Some(own) = view.properties {
            for (wire, schema) in own {
                let here = crate::diag::child(&crate::diag::child(at, "properties"), wire);
                props.insert(wire.clone(), (RefOr::from(schema), here));
            }
        }
        for name in view.required {
            if !required.contains(name) {
                required.push(name.clone());
            }
        }
        if view.additional.is_some() {
            *additional = view.additional;
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
            secret: self.config.is_secret(owner, wire),
            ty: lowered.ty,
            required: required && !read_only && !write_only,
            nullable: lowered.nullable,
            boxed: false,
            default: lowered.default,
            constant: lowered.constant,
            read_only,
            write_only,
            constraints: lowered.constraints,
            example: lowered.example,
            docs: lowered.docs,
        }
    }

    fn union_def(&mut self, view: &View<'a>, arms: &'a [ReferenceOr<Schema>], ctx: &Ctx) -> Union {
        let combinator = if view.one_of.is_empty() {
            "anyOf"
        } else {
            "oneOf"
        };
        let discriminator = view.data.discriminator.as_ref();
        let mut types = Vec::new();
        let mut candidates = Vec::new();
        for (i, arm) in arms.iter().enumerate() {
            let index = i.to_string();
            let label = arm_label(arm, i);
            let lowered = self.use_schema(
                RefOr::from(arm),
                &ctx.child(&[combinator, &index], Some(&label)),
            );
            candidates.push(self.variant_candidate(&lowered.ty));
            types.push(nullable(lowered));
        }
        if let Some(short) = naming::strip_common_affixes(&candidates) {
            candidates = short;
        }
        let (names, fallback) = naming::union_variant_names(&candidates);
        let variants = types
            .into_iter()
            .zip(names)
            .map(|(ty, name)| {
                let tags = discriminator
                    .map(|d| self.tags_for(&ty, d))
                    .unwrap_or_default();
                UnionVariant {
                    name,
                    ty,
                    tags,
                    boxed: false,
                }
            })
            .collect();
        Union {
            discriminator: discriminator.map(|d| d.property_name.clone()),
            variants,
            fallback,
        }
    }

    /// The constant string value of property `property` of component `name`
    /// (its `const` or single-value `enum`), looking through `allOf`.
    fn constant_property(&self, name: &str, property: &str, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let schema = self.resolve(&format!(
            "{SCHEMA_PREFIX}{}",
            crate::diag::escape_token(name)
        ))?;
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
            view.all_of.iter().find_map(|arm| match arm {
                ReferenceOr::Reference { reference } => {
                    let arm_name = unescape(reference.strip_prefix(SCHEMA_PREFIX)?);
                    self.constant_property(&arm_name, property, depth + 1)
                }
                ReferenceOr::Item(_) => None,
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
            TypeRef::Prim(Prim::Base64 | Prim::Binary) => "Bytes".into(),
            TypeRef::Array(inner) => format!("{}List", self.variant_candidate(inner)),
            TypeRef::Map(inner) => format!("{}Map", self.variant_candidate(inner)),
            TypeRef::Nullable(inner) => self.variant_candidate(inner),
            TypeRef::Object => "Object".into(),
            TypeRef::Any => "Value".into(),
        }
    }

    /// Discriminator values selecting a variant: its `mapping` entries, else
    /// the constant of its discriminator property, else its schema name.
    fn tags_for(&self, ty: &TypeRef, discriminator: &openapiv3::Discriminator) -> Vec<String> {
        let TypeRef::Named(id) = ty else {
            return Vec::new();
        };
        let component = self
            .components
            .iter()
            .find(|(_, v)| *v == id)
            .map(|(k, _)| k.clone());
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
            tags.extend(
                component
                    .as_deref()
                    .and_then(|name| self.constant_property(name, &discriminator.property_name, 0)),
            );
        }
        if tags.is_empty() {
            tags.extend(component);
        }
        tags
    }
}

fn enum_def(view: &View<'_>) -> Enum {
    let (names, fallback) = naming::enum_variant_names(&view.enumeration);
    Enum {
        integer: view.ty == Some("integer"),
        variants: names
            .into_iter()
            .zip(view.enumeration.iter().cloned())
            .map(|(name, value)| EnumVariant { name, value })
            .collect(),
        fallback,
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

/// Formats that change the Rust type; others are only documented.
fn is_typed_format(format: &str) -> bool {
    matches!(
        format,
        "date-time" | "date" | "uuid" | "byte" | "binary" | "int32" | "int64" | "float" | "double"
    )
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

/// Undoes JSON-pointer escaping (and percent-encoding) in a reference token.
pub(super) fn unescape(token: &str) -> String {
    let decoded = percent_decode(token);
    decoded.replace("~1", "/").replace("~0", "~")
}

fn percent_decode(text: &str) -> String {
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

/// The pointer of a component schema named by a `$ref`.
fn reference_pointer(reference: &str) -> String {
    reference.trim_start_matches('#').to_owned()
}
