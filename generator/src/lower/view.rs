//! A flat view of one `openapiv3` schema, whatever variant the parser chose,
//! so the lowering code asks one shape of question ("has properties?",
//! "which enum values?") instead of matching every variant.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::ir::Constraints;

/// A schema or a reference to one, boxed or not.
#[derive(Clone, Copy, Debug)]
pub enum RefOr<'a> {
    /// `$ref`
    Ref(&'a str),
    /// Inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for RefOr<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(schema) => RefOr::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for RefOr<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(schema) => RefOr::Item(schema),
        }
    }
}

/// The keywords of one schema.
#[derive(Clone, Debug)]
pub struct View<'a> {
    /// Shared annotations (nullable, description, default, discriminator, ...).
    pub data: &'a SchemaData,
    /// Annotations of `allOf` arms folded into this view, consulted after
    /// `data` (see `Lowerer::view`).
    pub merged: Vec<&'a SchemaData>,
    /// Whether the value may be `null`: `nullable`, a `null` in `enum`, or a
    /// nullable inline `allOf` arm.
    pub null: bool,
    /// `type`, if given.
    pub ty: Option<&'a str>,
    /// `format`, if given.
    pub format: Option<&'a str>,
    /// Non-null `enum` values.
    pub enumeration: Vec<Value>,
    /// Whether `enum` listed `null`.
    pub enum_has_null: bool,
    /// `properties`.
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    /// `required`.
    pub required: &'a [String],
    /// `additionalProperties`.
    pub additional: Option<&'a AdditionalProperties>,
    /// `items`.
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    /// `oneOf`.
    pub one_of: &'a [ReferenceOr<Schema>],
    /// `anyOf`.
    pub any_of: &'a [ReferenceOr<Schema>],
    /// `allOf` arms with their indices (those not folded into the view).
    pub all_of: Vec<(usize, &'a ReferenceOr<Schema>)>,
    /// Whether `not` is present.
    pub has_not: bool,
    /// Validation facts.
    pub constraints: Constraints,
    /// Title and description of each `enum` value, when the values came
    /// from `oneOf`/`anyOf` arms of one constant each.
    pub value_docs: Vec<(Option<&'a str>, Option<&'a str>)>,
}

impl<'a> View<'a> {
    /// Flattens `schema`.
    pub fn of(schema: &'a Schema) -> Self {
        let mut view = View {
            data: &schema.schema_data,
            merged: Vec::new(),
            null: false,
            ty: None,
            format: None,
            enumeration: Vec::new(),
            enum_has_null: false,
            properties: None,
            required: &[],
            additional: None,
            items: None,
            one_of: &[],
            any_of: &[],
            all_of: Vec::new(),
            has_not: false,
            constraints: Constraints::default(),
            value_docs: Vec::new(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(ty) => view.typed(ty),
            SchemaKind::OneOf { one_of } => view.one_of = one_of,
            SchemaKind::AnyOf { any_of } => view.any_of = any_of,
            SchemaKind::AllOf { all_of } => view.all_of = all_of.iter().enumerate().collect(),
            SchemaKind::Not { .. } => view.has_not = true,
            SchemaKind::Any(any) => view.any(any),
        }
        // `allOf: [{$ref: ..}, {nullable: true}]` (and a nullable scalar arm
        // beside a reference) says the value may be null.
        view.null = schema.schema_data.nullable
            || view.enum_has_null
            || view.all_of.iter().any(|(_, arm)| match arm {
                ReferenceOr::Item(arm) => arm.schema_data.nullable,
                ReferenceOr::Reference { .. } => false,
            });
        view
    }

    fn typed(&mut self, ty: &'a Type) {
        match ty {
            Type::String(s) => {
                self.ty = Some("string");
                self.format = format_name(&s.format);
                self.set_enum(s.enumeration.iter().map(|v| v.clone().map(Value::from)));
                self.constraints.pattern = s.pattern.clone();
                self.constraints.min_length = s.min_length;
                self.constraints.max_length = s.max_length;
            }
            Type::Integer(i) => {
                self.ty = Some("integer");
                self.format = format_name(&i.format);
                self.set_enum(i.enumeration.iter().map(|v| v.map(Value::from)));
                self.constraints.minimum = i.minimum.map(|m| (m as f64, i.exclusive_minimum));
                self.constraints.maximum = i.maximum.map(|m| (m as f64, i.exclusive_maximum));
                self.constraints.multiple_of = i.multiple_of.map(|m| m as f64);
            }
            Type::Number(n) => {
                self.ty = Some("number");
                self.format = format_name(&n.format);
                self.set_enum(n.enumeration.iter().map(|v| v.map(Value::from)));
                self.constraints.minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
                self.constraints.maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
                self.constraints.multiple_of = n.multiple_of;
            }
            Type::Boolean(b) => {
                self.ty = Some("boolean");
                self.set_enum(b.enumeration.iter().map(|v| v.map(Value::from)));
            }
            Type::Object(o) => {
                self.ty = Some("object");
                self.properties = Some(&o.properties);
                self.required = &o.required;
                self.additional = o.additional_properties.as_ref();
            }
            Type::Array(a) => {
                self.ty = Some("array");
                self.items = a.items.as_ref();
                self.constraints.min_items = a.min_items;
                self.constraints.max_items = a.max_items;
                self.constraints.unique_items = a.unique_items;
            }
        }
    }

    fn any(&mut self, any: &'a openapiv3::AnySchema) {
        self.ty = any.typ.as_deref();
        self.format = any.format.as_deref();
        self.set_enum(
            any.enumeration
                .iter()
                .map(|v| (!v.is_null()).then(|| v.clone())),
        );
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
            self.properties = Some(&any.properties);
        }
        self.required = &any.required;
        self.additional = any.additional_properties.as_ref();
        self.items = any.items.as_ref();
        self.one_of = &any.one_of;
        self.any_of = &any.any_of;
        self.all_of = any.all_of.iter().enumerate().collect();
        self.has_not = any.not.is_some();
        self.constraints.pattern = any.pattern.clone();
        self.constraints.min_length = any.min_length;
        self.constraints.max_length = any.max_length;
        self.constraints.minimum = any
            .minimum
            .map(|m| (m, any.exclusive_minimum.unwrap_or(false)));
        self.constraints.maximum = any
            .maximum
            .map(|m| (m, any.exclusive_maximum.unwrap_or(false)));
        self.constraints.min_items = any.min_items;
        self.constraints.max_items = any.max_items;
        self.constraints.unique_items = any.unique_items.unwrap_or(false);
        self.constraints.multiple_of = any.multiple_of;
    }

    fn set_enum(&mut self, values: impl Iterator<Item = Option<Value>>) {
        for value in values {
            match value {
                Some(v) => self.enumeration.push(v),
                None => self.enum_has_null = true,
            }
        }
    }

    /// Whether the value may be `null`.
    pub fn nullable(&self) -> bool {
        self.null
    }

    /// The first of the schema's and its folded arms' values of an annotation.
    pub fn annotation<T>(&self, get: impl Fn(&'a SchemaData) -> Option<T>) -> Option<T> {
        std::iter::once(self.data)
            .chain(self.merged.iter().copied())
            .find_map(get)
    }

    /// Whether the schema or a folded arm sets a flag (`readOnly`, ...).
    pub fn flag(&self, get: impl Fn(&SchemaData) -> bool) -> bool {
        std::iter::once(self.data)
            .chain(self.merged.iter().copied())
            .any(get)
    }

    /// Whether the schema carries validation facts (bounds, lengths, a
    /// pattern, a format) or a `required` list, without saying its type.
    pub fn has_constraints(&self) -> bool {
        self.constraints != Constraints::default()
            || self.format.is_some()
            || !self.required.is_empty()
    }

    /// Whether the schema describes an object with named properties.
    pub fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }
}

fn format_name<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(known_format(item)),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name.as_str()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The `format` keyword of a known format variant.
fn known_format<T: serde::Serialize>(item: &T) -> &'static str {
    match serde_json::to_value(item)
        .ok()
        .as_ref()
        .and_then(Value::as_str)
    {
        Some("date") => "date",
        Some("date-time") => "date-time",
        Some("password") => "password",
        Some("byte") => "byte",
        Some("binary") => "binary",
        Some("float") => "float",
        Some("double") => "double",
        Some("int32") => "int32",
        Some("int64") => "int64",
        _ => "",
    }
}
