//! Lowering of paths and operations: parameters, request bodies, responses,
//! plus the API-wide facts (base URL, authentication, error body).

use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr,
    RequestBody, Response, SecurityScheme, StatusCode,
};

use super::view::RefOr;
use super::{Ctx, Lowered, Lowerer};
use crate::config::Config;
use crate::diag::{child, pointer};
use crate::ir::{
    Auth, Body, BodyKind, Docs, Method, Operation, Param, ParamIn, ParamStyle, Prim, Status,
    TypeRef,
};
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
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diags.error(
                        at,
                        "path items given by `$ref` are not supported; inline the path item",
                    );
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let op_at = child(&at, method);
                if let Some(lowered) = self.operation(path, method, op, &item.parameters, &op_at) {
                    out.push(lowered);
                }
            }
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
        let method_name = self.namer.method_name(name_source);
        if naming::snake(&id).is_none() {
            self.diags.warning(
                child(at, "operationId"),
                format!("operationId `{id}` has no characters a Rust name can use; its method is `{method_name}`"),
            );
        } else if naming::unraw(&method_name) != naming::snake(&id).unwrap_or_default() {
            self.diags.warning(
                child(at, "operationId"),
                format!("operationId `{id}` clashes with another operation's name or a method of the client; its method is `{method_name}`"),
            );
        }
        let type_name = self.namer.type_name(&[name_source]);
        let module = self.namer.tag_module(op.tags.first().map(String::as_str));
        let ctx = Ctx::new(at.to_owned(), vec![type_name.clone()], &type_name);
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
            Some(body) => self.body(body, &ctx),
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
        Some(Operation {
            id,
            method_name,
            module,
            type_name,
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
        })
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
        let mut found: IndexMap<(ParamIn, String), (&'a Parameter, String)> = IndexMap::new();
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
                if let Some((param, at)) = self.resolve_parameter(param, at) {
                    let data = param.parameter_data_ref();
                    found.insert((location(param), data.name.clone()), (param, at));
                }
            }
        }
        let template = template_names(path);
        for name in &template {
            if !found.contains_key(&(ParamIn::Path, name.clone())) {
                self.diags.error(
                    ctx.at.clone(),
                    format!("path template `{path}` uses `{{{name}}}` but no path parameter `{name}` is declared"),
                );
            }
        }
        let mut ordered: Vec<(&'a Parameter, String)> = Vec::new();
        for name in &template {
            if let Some(entry) = found.get(&(ParamIn::Path, name.clone())) {
                ordered.push(entry.clone());
            }
        }
        for ((loc, name), entry) in &found {
            if *loc == ParamIn::Path && !template.contains(name) {
                self.diags.error(
                    entry.1.clone(),
                    format!("path parameter `{name}` does not appear in the path `{path}`"),
                );
            } else if *loc != ParamIn::Path {
                ordered.push(entry.clone());
            }
        }
        ordered.sort_by_key(|(p, _)| location(p));
        let names = naming::param_names(
            ordered
                .iter()
                .map(|(p, _)| p.parameter_data_ref().name.as_str()),
        );
        ordered
            .into_iter()
            .zip(names)
            .map(|((param, at), name)| {
                self.param(param, name, &Ctx::new(at, ctx.parts.clone(), &ctx.owner))
            })
            .collect()
    }

    fn param(&mut self, param: &'a Parameter, name: String, ctx: &Ctx) -> Param {
        let data = param.parameter_data_ref();
        let inner = ctx.child(&["schema"], Some(&data.name));
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
                match content.iter().next().and_then(|(_, m)| m.schema.as_ref()) {
                    Some(schema) => self.use_schema(
                        RefOr::from(schema),
                        &ctx.child(&["content"], Some(&data.name)),
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
            constraints: lowered.constraints,
            example: lowered.example.or_else(|| data.example.clone()),
            docs: Docs {
                deprecated: data.deprecated.unwrap_or(false),
                ..docs
            },
        }
    }

    fn resolve_parameter(
        &mut self,
        param: &'a ReferenceOr<Parameter>,
        at: String,
    ) -> Option<(&'a Parameter, String)> {
        let map = self.doc.components.as_ref().map(|c| &c.parameters);
        self.resolve_component(param, "parameters", map, at)
    }

    /// Follows `#/components/<section>/<name>` references to the object.
    fn resolve_component<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        section: &str,
        map: Option<&'a IndexMap<String, ReferenceOr<T>>>,
        at: String,
    ) -> Option<(&'a T, String)> {
        let mut current = item;
        let mut at = at;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(value) => return Some((value, at)),
                ReferenceOr::Reference { reference } => {
                    let prefix = format!("#/components/{section}/");
                    let Some(name) = reference.strip_prefix(&prefix).map(super::types::unescape)
                    else {
                        self.diags.error(
                            child(&at, "$ref"),
                            format!("unsupported `$ref` `{reference}`: expected a reference to `{prefix}...`"),
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
                    current = next;
                }
            }
        }
        self.diags
            .error(at, format!("`$ref` cycle among `components/{section}`"));
        None
    }

    /// Whether a request body's schema declares any property.
    fn body_has_fields(&self, body: &'a ReferenceOr<RequestBody>) -> bool {
        let body = match body {
            ReferenceOr::Item(body) => Some(body),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/requestBodies/")
                .and_then(|name| self.doc.components.as_ref()?.request_bodies.get(name))
                .and_then(ReferenceOr::as_item),
        };
        let Some(body) = body else { return true };
        body.content.values().any(|media| match &media.schema {
            Some(ReferenceOr::Item(schema)) => {
                let view = super::view::View::of(schema);
                view.has_properties() || view.ty != Some("object")
            }
            Some(ReferenceOr::Reference { .. }) => true,
            None => false,
        })
    }

    fn body(&mut self, body: &'a ReferenceOr<RequestBody>, ctx: &Ctx) -> Option<Body> {
        let map = self.doc.components.as_ref().map(|c| &c.request_bodies);
        let (body, at) =
            self.resolve_component(body, "requestBodies", map, child(&ctx.at, "requestBody"))?;
        let (media_type, media, kind) = self.pick_media(&body.content, &at)?;
        let body_ctx = Ctx::new(
            pointer_join(&at, &["content", media_type, "schema"]),
            ctx.parts
                .iter()
                .cloned()
                .chain(["Body".to_owned()])
                .collect(),
            &ctx.owner,
        );
        let ty = self.media_type(kind, media, &body_ctx);
        Some(Body {
            ty,
            required: body.required,
            kind,
            media_type: media_type.to_owned(),
            docs: Docs {
                description: body.description.clone(),
                ..Docs::default()
            },
        })
    }

    fn response(
        &mut self,
        status: Status,
        response: &'a ReferenceOr<Response>,
        ctx: &Ctx,
    ) -> Option<crate::ir::Response> {
        let map = self.doc.components.as_ref().map(|c| &c.responses);
        let (response, at) = self.resolve_component(response, "responses", map, ctx.at.clone())?;
        let docs = Docs {
            description: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
            ..Docs::default()
        };
        let picked = if response.content.is_empty() {
            None
        } else {
            self.pick_media(&response.content, &at)
        };
        let Some((media_type, media, kind)) = picked else {
            return Some(crate::ir::Response {
                status,
                ty: None,
                kind: None,
                media_type: None,
                docs,
            });
        };
        let part = if status.is_success() {
            "Response"
        } else {
            "Error"
        };
        let body_ctx = Ctx::new(
            pointer_join(&at, &["content", media_type, "schema"]),
            ctx.parts.iter().cloned().chain([part.to_owned()]).collect(),
            &ctx.owner,
        );
        let ty = self.media_type(kind, media, &body_ctx);
        Some(crate::ir::Response {
            status,
            ty: Some(ty),
            kind: Some(kind),
            media_type: Some(media_type.to_owned()),
            docs,
        })
    }

    fn media_type(&mut self, kind: BodyKind, media: &'a MediaType, ctx: &Ctx) -> TypeRef {
        match kind {
            BodyKind::Text => TypeRef::Prim(Prim::String),
            BodyKind::Binary => TypeRef::Prim(Prim::Binary),
            BodyKind::Json | BodyKind::Form => match &media.schema {
                Some(schema) => {
                    let lowered = self.use_schema(RefOr::from(schema), ctx);
                    if lowered.nullable {
                        TypeRef::Nullable(Box::new(lowered.ty))
                    } else {
                        lowered.ty
                    }
                }
                None => TypeRef::Any,
            },
        }
    }

    /// Chooses the media type to use: JSON, then form, then text, then bytes.
    fn pick_media(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        at: &str,
    ) -> Option<(&'a str, &'a MediaType, BodyKind)> {
        let mut best: Option<(u8, &'a str, &'a MediaType, BodyKind)> = None;
        for (name, media) in content {
            let essence = essence(name);
            let (rank, kind) = if is_json(&essence) || essence == "*/*" {
                (0, BodyKind::Json)
            } else if essence == "application/x-www-form-urlencoded" {
                (1, BodyKind::Form)
            } else if essence.starts_with("text/") {
                (3, BodyKind::Text)
            } else if essence.starts_with("multipart/") {
                (9, BodyKind::Binary)
            } else {
                (4, BodyKind::Binary)
            };
            if best.as_ref().is_none_or(|(r, ..)| rank < *r) {
                best = Some((rank, name.as_str(), media, kind));
            }
        }
        let (rank, name, media, kind) = best?;
        if rank == 9 {
            self.diags.warning(
                pointer_join(at, &["content", name]),
                format!("`{name}` bodies are not supported yet; the SDK sends and receives them as raw bytes"),
            );
        }
        Some((name, media, kind))
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

/// How the SDK authenticates: the configured scheme, else the first scheme
/// the document requires that the runtime supports.
pub(super) fn auth(doc: &OpenAPI, config: &Config) -> Option<Auth> {
    if let Some(auth) = &config.client.auth {
        return Some(Auth::Header {
            name: auth.header.clone(),
            prefix: auth.prefix.clone(),
        });
    }
    let schemes = &doc.components.as_ref()?.security_schemes;
    let required = doc
        .security
        .iter()
        .flatten()
        .chain(
            doc.operations()
                .filter_map(|(_, _, op)| op.security.as_ref())
                .flatten(),
        )
        .flat_map(|req| req.keys());
    for name in required {
        let Some(ReferenceOr::Item(scheme)) = schemes.get(name) else {
            continue;
        };
        match scheme {
            SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                ..
            } => {
                return Some(Auth::Header {
                    name: name.clone(),
                    prefix: String::new(),
                })
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                return Some(Auth::Basic)
            }
            SecurityScheme::HTTP { .. }
            | SecurityScheme::OAuth2 { .. }
            | SecurityScheme::OpenIDConnect { .. } => {
                return Some(Auth::Header {
                    name: "Authorization".into(),
                    prefix: "Bearer ".into(),
                })
            }
            SecurityScheme::APIKey { .. } => {}
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::template_names;

    #[test]
    fn template_names_in_order() {
        assert_eq!(template_names("/a/{b}/c/{d}.json"), ["b", "d"]);
        assert!(template_names("/a/{unclosed").is_empty());
    }
}
