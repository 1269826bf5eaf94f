//! The intermediate representation: what the SDK is, independent of both the
//! OpenAPI model it came from and the Rust it becomes. Types live in an arena
//! and refer to each other by [`TypeId`]; every name in here was chosen by the
//! naming module.

use serde::Serialize;
use serde_json::Value;

/// Index of a type in [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeId(pub u32);

impl TypeId {
    /// Position in the arena.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The whole API, ready to render.
#[derive(Clone, Debug, Serialize)]
pub struct Api {
    /// Document title.
    pub title: String,
    /// Document version (`info.version`).
    pub version: String,
    /// Document description.
    pub description: Option<String>,
    /// Default base URL (first server), without a trailing slash.
    pub base_url: Option<String>,
    /// How requests authenticate.
    pub auth: Option<Auth>,
    /// Every named type, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Operations in document order (path, then method).
    pub operations: Vec<Operation>,
    /// Groups of operations, indexed by [`GroupId`], in order of first use.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The body type shared by every documented error response, if one is.
    pub error_body: Option<TypeRef>,
    /// The API's conventions the configuration switches on.
    #[serde(skip_serializing_if = "Conventions::is_empty")]
    pub conventions: Conventions,
}

impl Api {
    /// The type with this id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    /// The group with this id.
    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.0 as usize]
    }

    /// The group `op` is a method of, if any.
    pub fn group_of(&self, op: &Operation) -> Option<&Group> {
        op.group.map(|id| self.group(id))
    }

    /// How code names `op`: `group.method` for a grouped operation, the
    /// client method's name otherwise (unique in the crate either way).
    pub fn qualified_name(&self, op: &Operation) -> String {
        match self.group_of(op) {
            Some(group) => format!(
                "{}.{}",
                crate::naming::unraw(&group.accessor),
                crate::naming::unraw(&op.method_name)
            ),
            None => op.method_name.clone(),
        }
    }
}

/// Index of a group in [`Api::groups`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct GroupId(pub u32);

/// A group of operations: `client.<accessor>()` returns a handle of type
/// `type_name` with one method per operation of the group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The client's accessor method, snake case.
    pub accessor: String,
    /// The handle type.
    pub type_name: String,
    /// The resource's singular name (PascalCase), for request type names.
    pub resource: String,
    /// The cargo feature that compiles the group (`[operations] features`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

/// How the API authenticates: the credentials the client builder takes and
/// which of them requests send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Auth {
    /// Every credential, in the order of the document's security schemes.
    pub credentials: Vec<Credential>,
    /// What requests send unless their operation says otherwise:
    /// alternatives (the first whose credentials are all set is sent), each
    /// a set of credentials sent together.
    pub security: Vec<Requirement>,
    /// Whether the builder's `api_key(..)` (and `Client::new(api_key)`)
    /// sets the one credential: the API has a single one, or the
    /// configuration names it.
    pub api_key: bool,
}

/// Conventions of an API beyond what its document says, switched on by
/// the configuration: headers the client reads and sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Conventions {
    /// A response header whose `true` or `false` overrides whether the
    /// client retries the response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_header: Option<String>,
    /// The header naming the account requests act for, set per client and
    /// per request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<HeaderSetter>,
    /// The header pinning the API version: [`Api::version`] unless set per
    /// client or per request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<HeaderSetter>,
}

impl Conventions {
    /// Whether no convention is on.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The headers with setters on the client builder and every request
    /// builder, in order.
    pub fn setters(&self) -> impl Iterator<Item = &HeaderSetter> {
        self.account.iter().chain(&self.version)
    }

    /// The names of those setters, which parameters and credentials must
    /// not take.
    pub fn setter_names(&self) -> Vec<&str> {
        self.setters().map(|s| s.setter.as_str()).collect()
    }
}

/// A request header set by a method of the client builder (for every
/// request) and one of each request builder (for that request, winning).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderSetter {
    /// Header name, e.g. `Stripe-Account`.
    pub header: String,
    /// The name of both setters.
    pub setter: String,
}

/// Credentials sent together, by index into [`Auth::credentials`].
pub type Requirement = Vec<usize>;

/// One credential: a security scheme the SDK can send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Credential {
    /// The scheme's name in the document (`components/securitySchemes`).
    pub scheme: String,
    /// The builder method that sets it.
    pub setter: String,
    /// Where it goes in a request.
    pub kind: CredentialKind,
    /// The scheme's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Where a credential goes in a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum CredentialKind {
    /// A header, sent as `prefix + value`.
    Header {
        /// Header name, e.g. `Authorization`.
        name: String,
        /// Prefix before the value, e.g. `Bearer `.
        prefix: String,
    },
    /// A query parameter.
    Query {
        /// Parameter name.
        name: String,
    },
    /// A cookie.
    Cookie {
        /// Cookie name.
        name: String,
    },
    /// HTTP basic: user name and password, base64 in `Authorization`.
    Basic,
}

/// Documentation text gathered from the document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Docs {
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Whether the item is deprecated.
    pub deprecated: bool,
}

/// A named type of the generated crate.
#[derive(Clone, Debug, Serialize)]
pub struct TypeDef {
    /// Rust type name.
    pub name: String,
    /// Rust module (file) name, snake case.
    pub module: String,
    /// Where it is defined in the document (JSON pointer).
    pub origin: String,
    /// The schema's `title`, if it has one.
    pub title: Option<String>,
    /// Documentation.
    pub docs: Docs,
    /// Shape.
    pub kind: TypeKind,
    /// Whether a request can contain it (it then gets a constructor and setters).
    pub input: bool,
    /// Whether the SDK decodes it: a response can contain it, or a type no
    /// operation uses holds it.
    pub output: bool,
    /// Whether it is (a variant of) the object of an `Expandable` field, and
    /// so needs `HasId`.
    pub expandable: bool,
    /// Validation facts of the type's own schema (what an alias of a
    /// scalar or a list keeps of its schema: pattern, bounds, format, ...).
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// The schema's example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// The schema's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// The cargo features that compile it, any one of them (the features
    /// of the groups whose operations reach it); empty: always compiled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

impl TypeDef {
    /// Every named type the definition mentions (its fields and additional
    /// properties, its variants, the type it aliases), in order.
    pub fn children(&self) -> Vec<TypeId> {
        let mut out = Vec::new();
        match &self.kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    field.ty.collect_named(&mut out);
                }
                if let Some(extra) = &s.additional {
                    extra.ty.collect_named(&mut out);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.collect_named(&mut out)),
            TypeKind::Alias(ty) => ty.collect_named(&mut out),
            TypeKind::Enum(_) => {}
        }
        out
    }
}

/// The shape of a named type.
#[derive(Clone, Debug, Serialize)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A closed set of string or integer values, open to unknown ones.
    Enum(Enum),
    /// One of several shapes.
    Union(Union),
    /// Another name for a type expression (e.g. a named array schema).
    Alias(TypeRef),
}

/// A type expression.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeRef {
    /// A scalar.
    Prim(Prim),
    /// A named type.
    Named(TypeId),
    /// A list.
    Array(Box<TypeRef>),
    /// A map from strings to values.
    Map(Box<TypeRef>),
    /// A value that may be JSON `null`.
    Nullable(Box<TypeRef>),
    /// An object the API sends as its id unless asked to expand it.
    Expandable(Box<TypeRef>),
    /// A value, or the empty string that clears it.
    OrEmpty(Box<TypeRef>),
    /// A free-form JSON object.
    Object,
    /// Any JSON value.
    Any,
}

impl TypeRef {
    /// Appends every named type the type expression mentions to `out`.
    pub fn collect_named(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Array(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Expandable(inner)
            | TypeRef::OrEmpty(inner) => inner.collect_named(out),
            TypeRef::Prim(_) | TypeRef::Object | TypeRef::Any => {}
        }
    }
}

/// Scalar types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Prim {
    /// Text.
    String,
    /// `true`/`false`.
    Bool,
    /// 32-bit integer (`format: int32`).
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit float (`format: float`).
    F32,
    /// 64-bit float.
    F64,
    /// RFC 3339 date-time.
    DateTime,
    /// RFC 3339 full-date.
    Date,
    /// UUID.
    Uuid,
    /// Base64-encoded bytes (`format: byte`).
    Base64,
    /// Raw bytes (`format: binary`).
    Binary,
    /// A file sent as a part of a `multipart/form-data` body (bytes or a
    /// stream, with a file name and a content type).
    File,
}

/// Validation facts carried into docs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Constraints {
    /// Inclusive or exclusive lower bound.
    pub minimum: Option<(f64, bool)>,
    /// Inclusive or exclusive upper bound.
    pub maximum: Option<(f64, bool)>,
    /// Minimum string length.
    pub min_length: Option<usize>,
    /// Maximum string length.
    pub max_length: Option<usize>,
    /// Regular expression the value must match.
    pub pattern: Option<String>,
    /// Minimum number of items.
    pub min_items: Option<usize>,
    /// Maximum number of items.
    pub max_items: Option<usize>,
    /// Whether the items must be distinct (`uniqueItems`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
    /// Declared format not reflected in the Rust type (e.g. `email`).
    pub format: Option<String>,
    /// The number the value must be a multiple of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<f64>,
    /// Facts of each item of a list, when the item schema is written inline
    /// (a referenced item type keeps its own in [`TypeDef::constraints`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    /// Whether no fact is known.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// An object type.
#[derive(Clone, Debug, Serialize)]
pub struct Struct {
    /// Properties in document order.
    pub fields: Vec<Field>,
    /// Properties beyond the named ones, if allowed and typed.
    pub additional: Option<Additional>,
    /// The name of the struct of its required fields, which `new` takes
    /// instead of one argument per field when two adjacent arguments would
    /// have the same type (so the call site names them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<String>,
}

/// The catch-all map of a struct that allows more properties.
#[derive(Clone, Debug, Serialize)]
pub struct Additional {
    /// Rust field name of the map.
    pub name: String,
    /// Type of each extra property's value.
    pub ty: TypeRef,
}

/// A property of an object.
#[derive(Clone, Debug, Serialize)]
pub struct Field {
    /// Property name on the wire.
    pub wire: String,
    /// Rust field name (may be a raw identifier like `r#type`).
    pub name: String,
    /// Type of the value when present and not null.
    pub ty: TypeRef,
    /// Whether the property must be present.
    pub required: bool,
    /// Whether the value may be `null`.
    pub nullable: bool,
    /// Whether the value must be boxed (it leads back to its own struct).
    pub boxed: bool,
    /// Whether the field has three states, absent, `null` and a value
    /// (`Nullable<T>`): optional and nullable in a struct requests send,
    /// where leaving a value alone and clearing it differ. Set by the
    /// lowering once it knows which structs requests send; an optional
    /// nullable field of a struct only responses hold is one `Option<T>`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tri_state: bool,
    /// Default value the server assumes when absent.
    pub default: Option<Value>,
    /// The one value the property can take (`const` or a single-value enum).
    pub constant: Option<Value>,
    /// Whether the value is a secret that must never be printed.
    pub secret: bool,
    /// Only sent by the server.
    pub read_only: bool,
    /// Only sent by the client.
    pub write_only: bool,
    /// Validation facts.
    pub constraints: Constraints,
    /// Example value from the document.
    pub example: Option<Value>,
    /// Documentation.
    pub docs: Docs,
}

/// An enumeration of string or integer values.
#[derive(Clone, Debug, Serialize)]
pub struct Enum {
    /// Whether the values are integers (else strings).
    pub integer: bool,
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that keeps unknown values.
    pub fallback: String,
}

/// One known value of an [`Enum`].
#[derive(Clone, Debug, Serialize)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// Value on the wire.
    pub value: Value,
    /// What the value means, when the document says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// A `oneOf`/`anyOf` type.
#[derive(Clone, Debug, Serialize)]
pub struct Union {
    /// Property whose value says which variant an object is.
    pub discriminator: Option<String>,
    /// The variants, in document order.
    pub variants: Vec<UnionVariant>,
    /// Name of the variant that keeps values no variant accepts.
    pub fallback: String,
}

/// One variant of a [`Union`].
#[derive(Clone, Debug, Serialize)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Type of the variant's content.
    pub ty: TypeRef,
    /// Discriminator values selecting this variant.
    pub tags: Vec<String>,
    /// Whether the content is boxed (recursive type).
    pub boxed: bool,
}

/// HTTP methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One API operation.
#[derive(Clone, Debug, Serialize)]
pub struct Operation {
    /// `operationId` as written (or derived when missing).
    pub id: String,
    /// Method name, snake case: of the client, or of its group's handle.
    pub method_name: String,
    /// The group the operation is a method of (none: of the client).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupId>,
    /// Module (file) of the operation: its group's, else its first tag's.
    pub module: String,
    /// Name of the operation's type (the `Op` of `Request<Op, M>`).
    pub type_name: String,
    /// Name of the alias `Request<Op, M>` of the operation, whose rustdoc
    /// page lists the operation's own setters.
    pub request_type: String,
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/v2/payment_intents/{payment_intent_id}`.
    pub path: String,
    /// Where it is defined (JSON pointer).
    pub origin: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Documentation.
    pub docs: Docs,
    /// Parameters in the order: path (template order), query, header, cookie.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// Documented responses, success first, in status order.
    pub responses: Vec<Response>,
    /// How the operation pages through results, if it is a list.
    pub pagination: Option<Pagination>,
    /// The operation's own security requirements (alternatives, see
    /// [`Auth::security`]) when they differ from the API's; `None`: the API's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<Requirement>>,
}

/// How a list operation pages through its results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pagination {
    /// What moves the request on to the next page.
    pub kind: PaginationKind,
    /// The response field holding a page's items.
    pub items: PageField,
    /// The response field saying whether more pages follow.
    pub has_more: Option<PageField>,
    /// Type of one item.
    pub item: TypeRef,
}

/// A field of a page (or of an item) the pagination reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PageField {
    /// Rust field name.
    pub name: String,
    /// Whether the field is always present (not an `Option`).
    pub required: bool,
}

/// What moves a list request on to its next page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PaginationKind {
    /// The integer query parameter `param` grows by the items received.
    Offset {
        /// Rust name of the parameter.
        param: String,
        /// Whether it is an `i32` (else `i64`).
        int32: bool,
    },
    /// The query parameter `param` takes the `id` of the last item; when
    /// the request pages backward (its `before` parameter is set), `before`
    /// takes the `id` of the first item instead and `param` stays unset.
    Cursor {
        /// Rust name of the parameter.
        param: String,
        /// Rust name of the optional `ending_before` parameter, if any.
        before: Option<String>,
        /// The item's id field.
        id: PageField,
    },
    /// The query parameter `param` takes a token the page carries.
    Token {
        /// Rust name of the parameter.
        param: String,
        /// The page's next-token field.
        next: PageField,
    },
}

impl Operation {
    /// Adds the named types the operation sends (parameters, body) to
    /// `inputs` and those it receives (responses) to `outputs`.
    pub fn collect_named(&self, inputs: &mut Vec<TypeId>, outputs: &mut Vec<TypeId>) {
        for param in &self.params {
            param.ty.collect_named(inputs);
        }
        if let Some(body) = &self.body {
            body.ty.collect_named(inputs);
        }
        for ty in self.responses.iter().filter_map(|r| r.ty.as_ref()) {
            ty.collect_named(outputs);
        }
    }

    /// The response returned on success (the lowest documented 2xx).
    pub fn success(&self) -> Option<&Response> {
        self.responses.iter().find(|r| r.status.is_success())
    }

    /// Whether the first success response has a JSON body and another
    /// success response has none (an update answering `200` with the object
    /// or `204` without it): the SDK then returns `Option<T>`, `None` for an
    /// empty body.
    pub fn success_may_be_empty(&self) -> bool {
        let mut successes = self.responses.iter().filter(|r| r.status.is_success());
        match successes.next() {
            Some(first)
                if first.ty.is_some() && matches!(first.kind, None | Some(BodyKind::Json)) =>
            {
                successes.any(|r| r.ty.is_none() && r.kind.is_none())
            }
            _ => false,
        }
    }

    /// Documented error responses.
    pub fn errors(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| !r.status.is_success())
    }
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ParamIn {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

impl ParamIn {
    /// The `in` keyword of the location.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }
}

/// How a parameter is encoded (OpenAPI `style` and `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ParamStyle {
    /// `a=1&a=2` (explode) or `a=1,2`.
    Form {
        /// One pair per item.
        explode: bool,
    },
    /// `a=1 2`
    SpaceDelimited,
    /// `a=1|2`
    PipeDelimited,
    /// `a[b]=1`
    DeepObject,
    /// Path `{a}` or header value (`simple`): lists `a,b`, objects
    /// `k,v,k2,v2`.
    Simple,
    /// `simple` with `explode: true`: objects as `k=v,k2=v2`.
    SimpleExploded,
    /// Path `label` style: `.a`, lists `.a,b` (`.a.b` exploded).
    Label {
        /// One `.` per item.
        explode: bool,
    },
    /// Path `matrix` style: `;name=a`, lists `;name=a,b` (`;name=a;name=b`
    /// exploded).
    Matrix {
        /// One `;` pair per item.
        explode: bool,
    },
    /// The value written as JSON text (a query or header parameter
    /// described by `content: application/json` instead of a schema).
    Json,
}

/// A parameter of an operation.
#[derive(Clone, Debug, Serialize)]
pub struct Param {
    /// Name on the wire.
    pub wire: String,
    /// Rust name, snake case.
    pub name: String,
    /// Location.
    pub location: ParamIn,
    /// Type.
    pub ty: TypeRef,
    /// Whether it must be given.
    pub required: bool,
    /// Encoding style.
    pub style: ParamStyle,
    /// Default the server assumes.
    pub default: Option<Value>,
    /// The one value the parameter can take (`const` or a single-value
    /// `enum`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constant: Option<Value>,
    /// Validation facts.
    pub constraints: Constraints,
    /// Example value from the document.
    pub example: Option<Value>,
    /// Documentation.
    pub docs: Docs,
}

/// How a body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BodyKind {
    /// `application/json` (or a `+json` type).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per property of an object, files
    /// as file parts. The body type is the object (a struct whose file
    /// properties are [`Prim::File`]); when the schema is not an object
    /// with properties, the caller builds the parts (see
    /// [`Body::is_hand_built`]).
    Multipart,
    /// Raw bytes of the given media type (uploads and downloads).
    Binary,
    /// Plain text.
    Text,
}

/// A request body.
#[derive(Clone, Debug, Serialize)]
pub struct Body {
    /// Type of the body.
    pub ty: TypeRef,
    /// Whether it must be sent.
    pub required: bool,
    /// Encoding.
    pub kind: BodyKind,
    /// Media type sent as `Content-Type`.
    pub media_type: String,
    /// Validation facts of the body's own schema (a list body's
    /// `minItems`, ...).
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// Content types of single parts of a multipart body, from the
    /// document's `encoding` object, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub encoding: Vec<PartEncoding>,
    /// How the lists of a form body's top-level properties are written,
    /// from the document's `encoding` object (a property it does not name is
    /// `style: form`, `explode: true`: one pair per item), in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub form_styles: Vec<FormFieldStyle>,
    /// The other media types the document allows for this body, in document
    /// order (the SDK sends `media_type`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// Documentation.
    pub docs: Docs,
}

impl Body {
    /// Whether the body is a multipart form the caller builds: a
    /// `multipart/form-data` body whose type is not a struct (its type
    /// stays in the IR, so what it mentions is still marked as sent).
    pub fn is_hand_built(&self, api: &Api) -> bool {
        self.kind == BodyKind::Multipart
            && !matches!(&self.ty, TypeRef::Named(id) if matches!(api.ty(*id).kind, TypeKind::Struct(_)))
    }

    /// The content type the `encoding` object gives the part `wire`.
    pub fn part_content_type(&self, wire: &str) -> Option<&str> {
        self.encoding
            .iter()
            .find(|e| e.wire == wire)
            .map(|e| e.content_type.as_str())
    }
}

/// The content type of one part of a multipart body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartEncoding {
    /// Property (part) name on the wire.
    pub wire: String,
    /// The `contentType` the document gives it.
    pub content_type: String,
}

/// The `style` and `explode` an `encoding` object gives one property of a
/// form body.
#[derive(Clone, Debug, Serialize)]
pub struct FormFieldStyle {
    /// Property name on the wire.
    pub wire: String,
    /// How it is written.
    pub style: ParamStyle,
}

/// Status of a documented response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Status {
    /// One code.
    Code(u16),
    /// A class such as `4XX` (the first digit).
    Range(u8),
    /// `default`.
    Default,
}

impl Status {
    /// Whether the status is a success (2xx).
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(class) => class == 2,
            Status::Default => false,
        }
    }
}

/// A documented response.
#[derive(Clone, Debug, Serialize)]
pub struct Response {
    /// Status.
    pub status: Status,
    /// Body type, `None` when the response has no (JSON) body.
    pub ty: Option<TypeRef>,
    /// Body encoding when there is a body.
    pub kind: Option<BodyKind>,
    /// Media type of the body.
    pub media_type: Option<String>,
    /// The other media types the document gives this response, in document
    /// order (for the `Accept` header of downloads and text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// Documentation.
    pub docs: Docs,
}
