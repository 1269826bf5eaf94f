//! Lowering of paths and operations: parameters, request bodies, responses,
//! plus the API-wide facts (base URL, authentication, error body).

use indexmap::IndexMap;
use openapiv3::{
    Components, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, PathStyle,
    QueryStyle, ReferenceOr, RequestBody, Response, StatusCode,
};

use super::view::RefOr;
use super::{Ctx, Lowered, Lowerer};
use crate::config::Config;
use crate::diag::{child, pointer};
use crate::ir::{
    Body, BodyKind, Docs, FormFieldStyle, Method, Operation, Param, ParamIn, ParamStyle,
    PartEncoding, Prim, Status, TypeKind, TypeRef,
};
use crate::load::refs::{Kind, Target};
use crate::naming;

impl<'a> Lowerer<'a> {
    /// Lowers every operation, in document order.
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut out = Vec::new();
        let config = self.config;
        let included = |path: &str| {
            config
                .include
                .as_ref()
                .is_none_or(|i| i.includes_path(path))
        };
        for (path, item) in self.doc.paths.iter().filter(|(path, _)| included(path)) {
            let at = pointer(["paths", path.as_str()]);
            // A path item given by `$ref` is lowered where it is written.
            let (item, at) = match self.resolve_component(item, at) {
                Some(Resolved::Found { value, at, .. }) => (value, at),
                Some(Resolved::Unresolved) | None => continue,
            };
            for (method, op) in item.iter() {
                let op_at = child(&at, method);
                if let Some(lowered) = self.operation(path, method, op, &item.parameters, &op_at) {
                    out.push(lowered);
                }
            }
        }
        self.multipart_files(&mut out);
        for id in super::groups::unknown_names(self.doc, &config.operations) {
            self.diags.warning(
                "/paths".to_owned(),
                format!("the configuration's `[operations.names]` names operationId `{id}`, which no operation of the document has"),
            );
        }
        out
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a openapiv3::Operation,
        shared: &'a [ReferenceOr<Parameter>],
        at: &str,
    ) -> Option<Operation> {
        let method = parse_method(method)?;
        let id = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => format!("{} {path}", method.as_str().to_lowercase()),
        };
        // An operationId with nothing nameable in it (e.g. written in
        // Japanese) names the operation as a missing one would.
        let derived = format!("{} {path}", method.as_str().to_lowercase());
        let name_source = match naming::snake(&id) {
            Some(_) => id.as_str(),
            None => derived.as_str(),
        };
        let written = op
            .operation_id
            .as_deref()
            .filter(|id| !id.trim().is_empty());
        let choice = self.grouping.choose(written, method, path);
        let group = choice
            .group
            .as_ref()
            .map(|(name, resource)| self.group_id(name, resource, at));
        let chosen = choice.name.as_ref().map(|(name, _)| name.as_str());
        let wanted = chosen.unwrap_or(name_source);
        let method_name = match group {
            Some(g) => {
                let accessor = self.groups[g.0 as usize].accessor.clone();
                self.namer.group_method(&accessor, wanted)
            }
            None => self.namer.method_name(wanted),
        };
        let first = match written {
            Some(written) => self
                .operation_ids
                .insert(written.to_owned(), at.to_owned())
                .map(|first| (written, first)),
            None => None,
        };
        if written.is_none() && chosen.is_none() {
            self.diags.warning(
                at.to_owned(),
                format!("this operation has no operationId; its method is `{method_name}`, from its method and path"),
            );
        } else if let Some((written, first)) = first {
            // Keep the first operation's pointer for later duplicates.
            self.operation_ids.insert(written.to_owned(), first.clone());
            self.diags.warning(
                child(at, "operationId"),
                format!("operationId `{written}` is already the operationId of the operation at `{first}`; this one's method is `{method_name}`"),
            );
        } else if chosen.is_none() && naming::snake(&id).is_none() {
            self.diags.warning(
                child(at, "operationId"),
                format!("operationId `{id}` has no characters a Rust name can use; its method is `{method_name}`"),
            );
        } else if naming::unraw(&method_name) != naming::snake(wanted).unwrap_or_default() {
            let what = match chosen {
                Some(name) => {
                    format!("the name `{name}` the configuration or the document's extensions give")
                }
                None => format!("operationId `{id}`"),
            };
            self.diags.warning(
                child(at, "operationId"),
                format!("{what} clashes with another operation's name or a method of the client; its method is `{method_name}`"),
            );
        }
        // A grouped operation's types are named after its name and the
        // group's resource (`create` of `PaymentIntent`: body
        // `CreatePaymentIntent`); the type of the call itself after the
        // group and the name (`PaymentIntentsCreate`).
        let (type_name, parts, body_suffix, module) = match group {
            Some(g) => {
                let grp = self.groups[g.0 as usize].clone();
                let name = naming::unraw(&method_name);
                let type_name = self.namer.type_name(&[grp.type_name.as_str(), name]);
                let base = format!(
                    "{}{}",
                    naming::pascal(name).unwrap_or_default(),
                    grp.resource
                );
                let module = self.namer.group_module(&grp.accessor);
                (type_name, vec![base], None, module)
            }
            None => {
                let type_name = self.namer.type_name(&[wanted]);
                let module = self.namer.tag_module(op.tags.first().map(String::as_str));
                (type_name.clone(), vec![type_name], Some("Body"), module)
            }
        };
        let request_type = self.namer.type_name(&[type_name.as_str(), "Request"]);
        let ctx = Ctx::new(at.to_owned(), parts, &type_name);
        let params = self.params(path, shared, &op.parameters, &ctx);
        let body = match &op.request_body {
            // A GET or HEAD sends no body; documents that declare an empty
            // one (Stripe does) lose nothing, others are told.
            Some(body) if matches!(method, Method::Get | Method::Head) => {
                if self.body_has_fields(body) {
                    self.diags.warning(
                        child(at, "requestBody"),
                        format!(
                            "a {} request sends no body; this request body is ignored",
                            method.as_str()
                        ),
                    );
                }
                None
            }
            Some(body) => self.body(body, &ctx, body_suffix),
            None => None,
        };
        let mut responses: Vec<crate::ir::Response> = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, response)| {
                let status = match code {
                    StatusCode::Code(n) => Status::Code(*n),
                    StatusCode::Range(n) => Status::Range(u8::try_from(*n).unwrap_or(0)),
                };
                self.response(
                    status,
                    response,
                    &ctx.child(&["responses", &code.to_string()], None),
                )
            })
            .collect();
        if let Some(default) = &op.responses.default {
            responses.extend(self.response(
                Status::Default,
                default,
                &ctx.child(&["responses", "default"], None),
            ));
        }
        if !responses.iter().any(|r| r.status.is_success()) {
            // `default` covers every status not listed, successes included:
            // with no success documented, it describes the success body.
            if let Some(default) = responses.iter().find(|r| r.status == Status::Default) {
                let success = crate::ir::Response {
                    status: Status::Range(2),
                    ..default.clone()
                };
                responses.push(success);
            }
        }
        responses.sort_by_key(|r| (!r.status.is_success(), r.status));
        self.check_success(&responses, at);
        let security = self.schemes.requirements(
            op.security.as_ref(),
            &child(at, "security"),
            &mut self.diags,
        );
        Some(Operation {
            id,
            method_name,
            group,
            module,
            type_name,
            request_type,
            method,
            path: path.to_owned(),
            origin: at.to_owned(),
            tags: op.tags.clone(),
            docs: Docs {
                summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
                description: op.description.clone().filter(|s| !s.trim().is_empty()),
                deprecated: op.deprecated,
            },
            params,
            body,
            responses,
            pagination: None,
            security,
        })
    }

    /// The id of the group `name` (resource `resource`), made on first use.
    fn group_id(&mut self, name: &str, resource: &str, at: &str) -> crate::ir::GroupId {
        if let Some(id) = self.group_ids.get(name) {
            return *id;
        }
        let (accessor, type_name) = self.namer.group(name);
        if naming::unraw(&accessor) != naming::snake(name).unwrap_or_default() {
            self.diags.warning(
                at.to_owned(),
                format!("the group `{name}` clashes with a method of the client; its accessor is `{accessor}`"),
            );
        }
        let resource = naming::pascal(resource).unwrap_or_else(|| type_name.clone());
        let id = crate::ir::GroupId(u32::try_from(self.groups.len()).unwrap_or(u32::MAX));
        let feature = self
            .config
            .operations
            .features
            .then(|| self.namer.feature_name(&accessor));
        self.groups.push(crate::ir::Group {
            accessor,
            type_name,
            resource,
            feature,
        });
        self.group_ids.insert(name.to_owned(), id);
        id
    }

    fn check_success(&mut self, responses: &[crate::ir::Response], at: &str) {
        let successes: Vec<_> = responses.iter().filter(|r| r.status.is_success()).collect();
        if let [first, rest @ ..] = successes.as_slice() {
            let status = |r: &crate::ir::Response| match r.status {
                Status::Code(code) => code.to_string(),
                Status::Range(class) => format!("{class}XX"),
                Status::Default => "default".to_owned(),
            };
            // A success without a body beside one with a JSON body is
            // handled: the SDK returns `Option<T>` (see
            // `Operation::success_may_be_empty`).
            let others: Vec<_> = rest
                .iter()
                .filter(|r| r.ty.is_some() || r.kind.is_some())
                .collect();
            if first.ty.is_none() {
                if let Some(with_body) = others.first() {
                    self.diags.warning(
                        child(at, "responses"),
                        format!(
                            "success responses `{}` (without a body) and `{}` (with one); the SDK returns nothing for every success, so `{}`'s body is not decoded",
                            status(first), status(with_body), status(with_body)
                        ),
                    );
                }
            } else if let Some(other) = others.iter().find(|r| r.ty != first.ty) {
                self.diags.warning(
                    child(at, "responses"),
                    format!(
                        "success responses `{}` and `{}` have different bodies; the SDK decodes every success as `{}`'s body",
                        status(first), status(other), status(first)
                    ),
                );
            }
        }
    }

    /// Path-level and operation-level parameters (the latter win), path
    /// parameters first in template order.
    fn params(
        &mut self,
        path: &str,
        shared: &'a [ReferenceOr<Parameter>],
        own: &'a [ReferenceOr<Parameter>],
        ctx: &Ctx,
    ) -> Vec<Param> {
        let mut found: IndexMap<(ParamIn, String), ParamAt<'a>> = IndexMap::new();
        let path_at = ctx
            .at
            .rsplit_once('/')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        for (list, base) in [
            (shared, child(&path_at, "parameters")),
            (own, child(&ctx.at, "parameters")),
        ] {
            for (i, param) in list.iter().enumerate() {
                let at = child(&base, &i.to_string());
                if let Some(Resolved::Found { value, at, parts }) =
                    self.resolve_component(param, at)
                {
                    let data = value.parameter_data_ref();
                    found.insert((location(value), data.name.clone()), (value, at, parts));
                }
            }
        }
        let template = template_names(path);
        // Path parameters in template order (one the path uses but nobody
        // declares is a required string), then the others.
        let mut ordered: Vec<(ParamIn, Option<ParamAt<'a>>, String)> = Vec::new();
        for name in &template {
            match found.get(&(ParamIn::Path, name.clone())) {
                Some(entry) => ordered.push((ParamIn::Path, Some(entry.clone()), name.clone())),
                None => {
                    self.diags.warning(
                        ctx.at.clone(),
                        format!("path template `{path}` uses `{{{name}}}` but no path parameter `{name}` is declared; it is taken as a required string parameter"),
                    );
                    ordered.push((ParamIn::Path, None, name.clone()));
                }
            }
        }
        for ((loc, name), entry) in &found {
            if *loc == ParamIn::Path && !template.contains(name) {
                self.diags.warning(
                    entry.1.clone(),
                    format!("path parameter `{name}` does not appear in the path `{path}`; it has nowhere to go and is left out"),
                );
            } else if *loc != ParamIn::Path {
                ordered.push((*loc, Some(entry.clone()), name.clone()));
            }
        }
        ordered.sort_by_key(|(loc, ..)| *loc);
        let reserved = self.conventions.setter_names();
        let names =
            naming::param_names(ordered.iter().map(|(_, _, wire)| wire.as_str()), &reserved);
        ordered
            .into_iter()
            .zip(names)
            .map(|((_, declared, wire), name)| match declared {
                Some((param, at, parts)) => {
                    // A parameter reached by `$ref` names its inline types
                    // after its own location (it may be shared), one written
                    // in the operation after the operation and its name.
                    let shared = parts.is_some();
                    let parts = parts.unwrap_or_else(|| ctx.parts.clone());
                    self.param(param, name, &Ctx::new(at, parts, &ctx.owner), shared)
                }
                None => Param {
                    wire,
                    name,
                    location: ParamIn::Path,
                    ty: TypeRef::Prim(Prim::String),
                    required: true,
                    style: ParamStyle::Simple,
                    default: None,
                    constant: None,
                    constraints: crate::ir::Constraints::default(),
                    example: None,
                    docs: Docs::default(),
                },
            })
            .collect()
    }

    fn param(&mut self, param: &'a Parameter, name: String, ctx: &Ctx, shared: bool) -> Param {
        let data = param.parameter_data_ref();
        let own_name = (!shared).then_some(data.name.as_str());
        let inner = ctx.child(&["schema"], own_name);
        // A query or header parameter with JSON `content` is sent as JSON text.
        let json = matches!(param, Parameter::Query { .. } | Parameter::Header { .. })
            && matches!(&data.format, ParameterSchemaOrContent::Content(c) if json_content(c).is_some());
        let lowered = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.use_schema(RefOr::from(schema), &inner)
            }
            ParameterSchemaOrContent::Content(content) => {
                if let Some((media_type, _)) = content.iter().next().filter(|_| !json) {
                    self.diags.warning(
                        pointer_join(&ctx.at, &["content", media_type]),
                        format!("parameters described by `content` are supported as JSON in the query or a header only; `{}` is sent as if it had a `schema`, not as `{media_type}` text", data.name),
                    );
                }
                match content
                    .iter()
                    .next()
                    .and_then(|(media_type, m)| Some((media_type, m.schema.as_ref()?)))
                {
                    // Located where the schema is, so a `$ref` to it is the same type.
                    Some((media_type, schema)) => self.use_schema(
                        RefOr::from(schema),
                        &ctx.child(&["content", media_type, "schema"], own_name),
                    ),
                    None => Lowered::of(TypeRef::Prim(Prim::String)),
                }
            }
        };
        let style = match param {
            _ if json => ParamStyle::Json,
            Parameter::Query { style, .. } => match style {
                QueryStyle::Form => ParamStyle::Form {
                    explode: data.explode.unwrap_or(true),
                },
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
            Parameter::Cookie { .. } => ParamStyle::Form {
                explode: data.explode.unwrap_or(true),
            },
            Parameter::Path { style, .. } => match (style, data.explode.unwrap_or(false)) {
                (PathStyle::Simple, false) => ParamStyle::Simple,
                (PathStyle::Simple, true) => ParamStyle::SimpleExploded,
                (PathStyle::Label, explode) => ParamStyle::Label { explode },
                (PathStyle::Matrix, explode) => ParamStyle::Matrix { explode },
            },
            Parameter::Header { .. } if data.explode == Some(true) => ParamStyle::SimpleExploded,
            Parameter::Header { .. } => ParamStyle::Simple,
        };
        let docs = data
            .description
            .clone()
            .filter(|d| !d.trim().is_empty())
            .map(|d| Docs {
                description: Some(d),
                ..Docs::default()
            })
            .unwrap_or(lowered.docs);
        Param {
            wire: data.name.clone(),
            name,
            location: location(param),
            ty: lowered.ty,
            required: data.required || matches!(param, Parameter::Path { .. }),
            style,
            default: lowered.default,
            constant: lowered.constant,
            constraints: lowered.constraints,
            example: lowered.example.or_else(|| data.example.clone()),
            docs: Docs {
                deprecated: data.deprecated.unwrap_or(false),
                ..docs
            },
        }
    }

    /// Follows a chain of references to a parameter, response, request
    /// body or path item: into its section of `components`, or anywhere
    /// else the load phase resolved. `parts` are the words of the final
    /// target's location when a reference led there.
    fn resolve_component<T: Referable>(
        &mut self,
        item: &'a ReferenceOr<T>,
        at: String,
    ) -> Option<Resolved<'a, T>> {
        let mut current = item;
        let mut at = at;
        let mut parts = None;
        for _ in 0..32 {
            let reference = match current {
                ReferenceOr::Item(value) => return Some(Resolved::Found { value, at, parts }),
                ReferenceOr::Reference { reference } => reference,
            };
            if let Some(entry) = self.refs.get(T::KIND, reference) {
                if let Target::Unresolved = entry.target {
                    return Some(Resolved::Unresolved);
                }
                if let Some(next) = T::target(&entry.target) {
                    at = entry.at.clone();
                    parts = Some(entry.parts.clone());
                    current = next;
                    continue;
                }
            }
            let section = T::SECTION;
            let prefix = format!("#/components/{section}/");
            let map = self.doc.components.as_ref().and_then(T::section);
            let Some(name) = reference.strip_prefix(&prefix).map(super::types::unescape) else {
                self.diags.error(
                    child(&at, "$ref"),
                    format!(
                        "unsupported `$ref` `{reference}`: expected a reference to `{prefix}...`"
                    ),
                );
                return None;
            };
            let Some(next) = map.and_then(|m| m.get(&name)) else {
                self.diags.error(
                    child(&at, "$ref"),
                    format!("dangling `$ref`: there is no `{name}` under `components/{section}`"),
                );
                return None;
            };
            at = pointer(["components", section, name.as_str()]);
            parts = Some(vec![name]);
            current = next;
        }
        self.diags.error(
            at,
            format!("`$ref` cycle among `components/{}`", T::SECTION),
        );
        None
    }

    /// The object a chain of references leads to, without reporting.
    fn peek<T: Referable>(&self, item: &'a ReferenceOr<T>) -> Option<&'a T> {
        let mut current = item;
        for _ in 0..32 {
            let reference = match current {
                ReferenceOr::Item(value) => return Some(value),
                ReferenceOr::Reference { reference } => reference,
            };
            current = match self.refs.get(T::KIND, reference).map(|e| &e.target) {
                Some(Target::Unresolved) => return None,
                Some(target) if T::target(target).is_some() => T::target(target)?,
                _ => {
                    let prefix = format!("#/components/{}/", T::SECTION);
                    let name = super::types::unescape(reference.strip_prefix(&prefix)?);
                    T::section(self.doc.components.as_ref()?)?.get(&name)?
                }
            };
        }
        None
    }

    /// Whether a request body's schema declares any property.
    fn body_has_fields(&self, body: &'a ReferenceOr<RequestBody>) -> bool {
        let Some(body) = self.peek(body) else {
            return true;
        };
        body.content.values().any(|media| match &media.schema {
            Some(ReferenceOr::Item(schema)) => {
                let view = super::view::View::of(schema);
                view.has_properties() || view.ty != Some("object")
            }
            Some(ReferenceOr::Reference { .. }) => true,
            None => false,
        })
    }

    /// The operation's request body; an inline body schema is named after
    /// `ctx` and `suffix`.
    fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        ctx: &Ctx,
        suffix: Option<&str>,
    ) -> Option<Body> {
        let (body, at, parts) = match self.resolve_component(body, child(&ctx.at, "requestBody"))? {
            Resolved::Found { value, at, parts } => (value, at, parts),
            Resolved::Unresolved => {
                return Some(Body {
                    ty: TypeRef::Any,
                    required: false,
                    kind: BodyKind::Json,
                    media_type: "application/json".to_owned(),
                    constraints: crate::ir::Constraints::default(),
                    encoding: Vec::new(),
                    form_styles: Vec::new(),
                    alternatives: Vec::new(),
                    docs: Docs::default(),
                })
            }
        };
        let (media_type, media, kind) = self.pick_media(&body.content, &at, Direction::Request)?;
        // A shared request body's types are named after it.
        let parts = parts.unwrap_or_else(|| {
            ctx.parts
                .iter()
                .cloned()
                .chain(suffix.map(str::to_owned))
                .collect()
        });
        let body_ctx = Ctx::new(
            pointer_join(&at, &["content", media_type, "schema"]),
            parts,
            &ctx.owner,
        );
        let (ty, constraints) = match kind {
            BodyKind::Multipart => (
                self.multipart_type(media, &body_ctx),
                crate::ir::Constraints::default(),
            ),
            _ => self.media_type(kind, media, &body_ctx),
        };
        let encoding = if kind == BodyKind::Multipart {
            self.part_encodings(media, &pointer_join(&at, &["content", media_type]))
        } else {
            Vec::new()
        };
        let form_styles = if kind == BodyKind::Form {
            form_styles(media)
        } else {
            Vec::new()
        };
        Some(Body {
            ty,
            required: body.required,
            kind,
            media_type: media_type.to_owned(),
            constraints,
            encoding,
            form_styles,
            alternatives: body
                .content
                .keys()
                .filter(|name| name.as_str() != media_type)
                .cloned()
                .collect(),
            docs: Docs {
                description: body.description.clone(),
                ..Docs::default()
            },
        })
    }

    /// The type of a `multipart/form-data` body: the struct whose
    /// properties are its parts. Any other schema is kept as lowered (so
    /// the types it mentions are marked as sent) and the caller builds the
    /// parts.
    fn multipart_type(&mut self, media: &'a MediaType, ctx: &Ctx) -> TypeRef {
        let Some(schema) = &media.schema else {
            return TypeRef::Object;
        };
        let lowered = self.use_schema(RefOr::from(schema), ctx);
        if let Some(id) = self.struct_behind(&lowered.ty) {
            return TypeRef::Named(id);
        }
        if !matches!(lowered.ty, TypeRef::Object | TypeRef::Any) {
            self.diags.warning(
                ctx.at.clone(),
                "this `multipart/form-data` body is not an object with properties; the SDK takes its parts as a `Multipart` form the caller builds",
            );
        }
        lowered.ty
    }

    /// The struct a type expression names, through aliases.
    fn struct_behind(&self, ty: &TypeRef) -> Option<crate::ir::TypeId> {
        let mut current = ty;
        for _ in 0..32 {
            let TypeRef::Named(id) = current else {
                return None;
            };
            match &self.types[id.index()].kind {
                TypeKind::Struct(_) => return Some(*id),
                TypeKind::Alias(target) => current = target,
                _ => return None,
            }
        }
        None
    }

    /// The `contentType`s of an `encoding` object, for multipart parts.
    ///
    /// (Form bodies read its `style` and `explode`: [`form_styles`].)
    fn part_encodings(&mut self, media: &'a MediaType, at: &str) -> Vec<PartEncoding> {
        let mut out = Vec::new();
        for (wire, encoding) in &media.encoding {
            if !encoding.headers.is_empty() {
                self.diags.warning(
                    pointer_join(at, &["encoding", wire, "headers"]),
                    format!("headers of the multipart part `{wire}` are not sent; the SDK sends its Content-Disposition and Content-Type only"),
                );
            }
            if let Some(content_type) = encoding
                .content_type
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                out.push(PartEncoding {
                    wire: wire.clone(),
                    content_type: content_type.to_owned(),
                });
            }
        }
        out
    }

    /// Makes the file properties of multipart bodies [`Prim::File`]: in
    /// place where the struct is used by multipart bodies only, else in a
    /// copy named after the operation's body (a struct also sent or
    /// received as JSON keeps its `format: binary` strings there).
    pub(super) fn multipart_files(&mut self, operations: &mut [Operation]) {
        let multipart = |op: &Operation| {
            op.body
                .as_ref()
                .filter(|b| b.kind == BodyKind::Multipart)
                .and_then(|b| match b.ty {
                    TypeRef::Named(id) => Some(id),
                    _ => None,
                })
        };
        let bodies: Vec<crate::ir::TypeId> = operations.iter().filter_map(multipart).collect();
        if bodies.is_empty() {
            return;
        }
        let mut elsewhere = Vec::new();
        for def in &self.types {
            elsewhere.extend(def.children());
        }
        for op in operations.iter() {
            for param in &op.params {
                param.ty.collect_named(&mut elsewhere);
            }
            if let Some(body) = op.body.as_ref().filter(|b| b.kind != BodyKind::Multipart) {
                body.ty.collect_named(&mut elsewhere);
            }
            for response in &op.responses {
                if let Some(ty) = &response.ty {
                    ty.collect_named(&mut elsewhere);
                }
            }
        }
        for op in operations.iter_mut() {
            let Some(id) = multipart(op) else { continue };
            let TypeKind::Struct(s) = &self.types[id.index()].kind else {
                continue;
            };
            if !s.fields.iter().any(|f| has_binary(&f.ty)) {
                continue;
            }
            let target = if elsewhere.contains(&id) {
                let copy = self.new_type(
                    &[op.type_name.as_str(), "Body"],
                    op.body
                        .as_ref()
                        .map(|b| {
                            pointer_join(&op.origin, &["requestBody", "content", &b.media_type])
                        })
                        .unwrap_or_default(),
                );
                let original = self.types[id.index()].clone();
                let def = &mut self.types[copy.index()];
                def.kind = original.kind;
                def.docs = original.docs;
                def.title = original.title;
                if let Some(body) = &mut op.body {
                    body.ty = TypeRef::Named(copy);
                }
                copy
            } else {
                id
            };
            if let TypeKind::Struct(s) = &mut self.types[target.index()].kind {
                for field in &mut s.fields {
                    into_file(&mut field.ty);
                }
            }
        }
    }

    fn response(
        &mut self,
        status: Status,
        response: &'a ReferenceOr<Response>,
        ctx: &Ctx,
    ) -> Option<crate::ir::Response> {
        let (response, at, parts) = match self.resolve_component(response, ctx.at.clone())? {
            Resolved::Found { value, at, parts } => (value, at, parts),
            Resolved::Unresolved => {
                return Some(crate::ir::Response {
                    status,
                    ty: Some(TypeRef::Any),
                    kind: Some(BodyKind::Json),
                    media_type: Some("application/json".to_owned()),
                    alternatives: Vec::new(),
                    docs: Docs::default(),
                })
            }
        };
        let docs = Docs {
            description: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
            ..Docs::default()
        };
        let picked = if response.content.is_empty() {
            None
        } else {
            let direction = if status.is_success() {
                Direction::Response
            } else {
                Direction::Error
            };
            self.pick_media(&response.content, &at, direction)
        };
        let Some((media_type, media, kind)) = picked else {
            return Some(crate::ir::Response {
                status,
                ty: None,
                kind: None,
                media_type: None,
                alternatives: Vec::new(),
                docs,
            });
        };
        let part = if status.is_success() {
            "Response"
        } else {
            "Error"
        };
        // A shared response's types are named after it.
        let parts =
            parts.unwrap_or_else(|| ctx.parts.iter().cloned().chain([part.to_owned()]).collect());
        let body_ctx = Ctx::new(
            pointer_join(&at, &["content", media_type, "schema"]),
            parts,
            &ctx.owner,
        );
        let (ty, _) = self.media_type(kind, media, &body_ctx);
        Some(crate::ir::Response {
            status,
            ty: Some(ty),
            kind: Some(kind),
            media_type: Some(media_type.to_owned()),
            alternatives: response
                .content
                .keys()
                .filter(|name| name.as_str() != media_type)
                .cloned()
                .collect(),
            docs,
        })
    }

    /// The type of a body of `kind` and the validation facts of its schema.
    fn media_type(
        &mut self,
        kind: BodyKind,
        media: &'a MediaType,
        ctx: &Ctx,
    ) -> (TypeRef, crate::ir::Constraints) {
        let none = crate::ir::Constraints::default;
        match kind {
            BodyKind::Text => (TypeRef::Prim(Prim::String), none()),
            BodyKind::Binary => (TypeRef::Prim(Prim::Binary), none()),
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => match &media.schema {
                Some(schema) => {
                    let lowered = self.use_schema(RefOr::from(schema), ctx);
                    let ty = if lowered.nullable {
                        TypeRef::Nullable(Box::new(lowered.ty))
                    } else {
                        lowered.ty
                    };
                    (ty, lowered.constraints)
                }
                None => (TypeRef::Any, none()),
            },
        }
    }

    /// Chooses the media type of a body among those the document offers.
    ///
    /// Requests: JSON, then `application/x-www-form-urlencoded`, then
    /// `multipart/form-data`, then text, then any other type as bytes
    /// (other `multipart/*` types last, as bytes the caller encodes).
    /// Responses: JSON, then text, then bytes (a `multipart/*` response is
    /// returned as its bytes). The first of equal rank wins.
    fn pick_media(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        at: &str,
        direction: Direction,
    ) -> Option<(&'a str, &'a MediaType, BodyKind)> {
        let mut best: Option<(u8, &'a str, &'a MediaType, BodyKind)> = None;
        for (name, media) in content {
            let (rank, kind) = rank_media(name, media, direction);
            if best.as_ref().is_none_or(|(r, ..)| rank < *r) {
                best = Some((rank, name.as_str(), media, kind));
            }
        }
        let (rank, name, media, kind) = best?;
        if rank == UNSUPPORTED_MULTIPART {
            let message = match direction {
                Direction::Request => format!("`{name}` request bodies are sent as bytes the caller encodes (only `multipart/form-data` is built from its parts)"),
                Direction::Response => format!("`{name}` responses are returned as their bytes (a `Download`); the SDK does not split them into parts"),
                Direction::Error => format!("`{name}` error bodies are kept as received in the error; the SDK does not split them into parts"),
            };
            self.diags
                .warning(pointer_join(at, &["content", name]), message);
        }
        Some((name, media, kind))
    }
}

/// A parameter of an operation, its location, and its location's words
/// when a reference led there.
type ParamAt<'a> = (&'a Parameter, String, Option<Vec<String>>);

/// Where a chain of references to a parameter, response, request body or
/// path item ends.
enum Resolved<'a, T> {
    /// The object, its location, and its location's words when a
    /// reference led there.
    Found {
        value: &'a T,
        at: String,
        parts: Option<Vec<String>>,
    },
    /// Nowhere (reported by the load phase, with the untyped-JSON fallback).
    Unresolved,
}

/// The objects other than schemas a `$ref` can stand for.
trait Referable: Sized {
    /// The kind of reference.
    const KIND: Kind;
    /// Their section of `components`.
    const SECTION: &'static str;
    /// That section of the typed document, if it has one.
    fn section(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>>;
    /// The object, when `target` is one of these.
    fn target(target: &Target) -> Option<&ReferenceOr<Self>>;
}

impl Referable for Parameter {
    const KIND: Kind = Kind::Parameter;
    const SECTION: &'static str = "parameters";
    fn section(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        Some(&components.parameters)
    }
    fn target(target: &Target) -> Option<&ReferenceOr<Self>> {
        match target {
            Target::Parameter(value) => Some(value.as_ref()),
            _ => None,
        }
    }
}

impl Referable for Response {
    const KIND: Kind = Kind::Response;
    const SECTION: &'static str = "responses";
    fn section(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        Some(&components.responses)
    }
    fn target(target: &Target) -> Option<&ReferenceOr<Self>> {
        match target {
            Target::Response(value) => Some(value.as_ref()),
            _ => None,
        }
    }
}

impl Referable for RequestBody {
    const KIND: Kind = Kind::RequestBody;
    const SECTION: &'static str = "requestBodies";
    fn section(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        Some(&components.request_bodies)
    }
    fn target(target: &Target) -> Option<&ReferenceOr<Self>> {
        match target {
            Target::RequestBody(value) => Some(value.as_ref()),
            _ => None,
        }
    }
}

impl Referable for PathItem {
    const KIND: Kind = Kind::PathItem;
    const SECTION: &'static str = "pathItems";
    fn section(_: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        None
    }
    fn target(target: &Target) -> Option<&ReferenceOr<Self>> {
        match target {
            Target::PathItem(value) => Some(value.as_ref()),
            _ => None,
        }
    }
}

/// Whether a media type is chosen for a request body, a success response
/// or an error response.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
    Error,
}

/// The rank of multipart types the SDK treats as opaque bytes.
const UNSUPPORTED_MULTIPART: u8 = 9;

/// The rank (lower wins) and encoding of one media type of a body.
fn rank_media(name: &str, media: &MediaType, direction: Direction) -> (u8, BodyKind) {
    let essence = essence(name);
    let binary_schema = matches!(
        &media.schema,
        Some(ReferenceOr::Item(schema)) if super::view::View::of(schema).format == Some("binary")
    );
    if is_json(&essence) || (essence == "*/*" && !binary_schema) {
        (0, BodyKind::Json)
    } else if essence == "application/x-www-form-urlencoded" && direction == Direction::Request {
        (1, BodyKind::Form)
    } else if essence == "multipart/form-data" && direction == Direction::Request {
        (2, BodyKind::Multipart)
    } else if essence.starts_with("text/") {
        (3, BodyKind::Text)
    } else if essence.starts_with("multipart/") {
        (UNSUPPORTED_MULTIPART, BodyKind::Binary)
    } else {
        (4, BodyKind::Binary)
    }
}

/// Whether a type expression holds `format: binary` strings (directly, in
/// a list or nullable).
fn has_binary(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Prim(Prim::Binary) => true,
        TypeRef::Array(inner) | TypeRef::Nullable(inner) => has_binary(inner),
        _ => false,
    }
}

/// Turns the `format: binary` strings of a part's type into files.
fn into_file(ty: &mut TypeRef) {
    match ty {
        TypeRef::Prim(prim @ Prim::Binary) => *prim = Prim::File,
        TypeRef::Array(inner) | TypeRef::Nullable(inner) => into_file(inner),
        _ => {}
    }
}

/// A media type without its parameters, lower case (`application/json`).
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type essence is JSON (`application/json`, `…+json`).
fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// The JSON media type of a parameter's `content`, if it has one.
fn json_content(content: &IndexMap<String, MediaType>) -> Option<&str> {
    content
        .keys()
        .find(|name| is_json(&essence(name)))
        .map(String::as_str)
}

fn pointer_join(base: &str, tokens: &[&str]) -> String {
    tokens.iter().fold(base.to_owned(), |acc, t| child(&acc, t))
}

fn parse_method(method: &str) -> Option<Method> {
    Some(match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => return None,
    })
}

fn location(param: &Parameter) -> ParamIn {
    match param {
        Parameter::Path { .. } => ParamIn::Path,
        Parameter::Query { .. } => ParamIn::Query,
        Parameter::Header { .. } => ParamIn::Header,
        Parameter::Cookie { .. } => ParamIn::Cookie,
    }
}

/// Names in a path template, in order: `/a/{b}/c/{d}` gives `b`, `d`.
fn template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out
}

/// The default base URL: the configured one, else the first server's (with
/// its variables' defaults filled in).
pub(super) fn base_url(doc: &OpenAPI, config: &Config) -> Option<String> {
    if let Some(url) = &config.client.base_url {
        return Some(url.trim_end_matches('/').to_owned());
    }
    let server = doc.servers.first()?;
    let mut url = server.url.clone();
    if let Some(variables) = &server.variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    let url = url.trim_end_matches('/').to_owned();
    (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
}

/// The body type every documented error response shares, if they all do.
pub(super) fn common_error_body(operations: &[Operation]) -> Option<TypeRef> {
    let mut found: Option<&TypeRef> = None;
    for op in operations {
        for response in op.errors() {
            let Some(ty) = &response.ty else { continue };
            match found {
                None => found = Some(ty),
                Some(existing) if existing == ty => {}
                Some(_) => return None,
            }
        }
    }
    found.cloned()
}

/// The `style`s an `encoding` object gives the properties of a form body.
/// With no `style`, a property is `form` and exploded (OpenAPI's default);
/// `openapiv3` reads an absent `explode` as `false`, so only a property
/// whose `style` is written out can be `form` unexploded.
fn form_styles(media: &MediaType) -> Vec<FormFieldStyle> {
    media
        .encoding
        .iter()
        .map(|(wire, encoding)| FormFieldStyle {
            wire: wire.clone(),
            style: match encoding.style {
                None => ParamStyle::Form { explode: true },
                Some(QueryStyle::Form) => ParamStyle::Form {
                    explode: encoding.explode,
                },
                Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{rank_media, template_names, Direction};
    use crate::ir::BodyKind;

    #[test]
    fn template_names_in_order() {
        assert_eq!(template_names("/a/{b}/c/{d}.json"), ["b", "d"]);
        assert!(template_names("/a/{unclosed").is_empty());
    }

    fn media(schema: serde_json::Value) -> openapiv3::MediaType {
        serde_json::from_value(serde_json::json!({ "schema": schema })).expect("media type")
    }

    #[test]
    fn requests_prefer_json_then_form_then_multipart_then_text_then_bytes() {
        let any = media(serde_json::json!({"type": "object"}));
        let ranked: Vec<(u8, BodyKind)> = [
            "application/json; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "text/csv",
            "application/octet-stream",
            "multipart/mixed",
        ]
        .iter()
        .map(|name| rank_media(name, &any, Direction::Request))
        .collect();
        let kinds: Vec<BodyKind> = ranked.iter().map(|(_, kind)| *kind).collect();
        assert_eq!(
            kinds,
            [
                BodyKind::Json,
                BodyKind::Form,
                BodyKind::Multipart,
                BodyKind::Text,
                BodyKind::Binary,
                BodyKind::Binary
            ]
        );
        assert!(ranked.windows(2).all(|w| w[0].0 < w[1].0), "{ranked:?}");
    }

    #[test]
    fn responses_have_no_forms_and_any_type_may_be_bytes() {
        let any = media(serde_json::json!({"type": "object"}));
        let binary = media(serde_json::json!({"type": "string", "format": "binary"}));
        assert_eq!(
            rank_media("multipart/form-data", &any, Direction::Response).1,
            BodyKind::Binary
        );
        assert_eq!(
            rank_media("*/*", &any, Direction::Response).1,
            BodyKind::Json
        );
        assert_eq!(
            rank_media("*/*", &binary, Direction::Request).1,
            BodyKind::Binary
        );
        assert_eq!(
            rank_media("application/problem+json", &any, Direction::Error).1,
            BodyKind::Json
        );
    }
}
