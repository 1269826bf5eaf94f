//! Operation files: per tag, the `Client` methods, the operation types with
//! their `Operation` impls, and the setters for optional parameters.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, examples};
use crate::ir::{
    Api, Body, BodyKind, Group, GroupId, Operation, PageField, Pagination, PaginationKind, Param,
    ParamIn, ParamStyle, Prim, Status, TypeKind, TypeRef,
};
use crate::shape::{body_type, ident, output_type, param_type, rust_type, setter_arg, SetterArg};

/// The items of the operations file holding `ops` (one tag's or one
/// group's operations).
pub fn tag_file(api: &Api, krate: &str, ops: &[&Operation]) -> TokenStream {
    let imports = imports(api, ops);
    let mut groups: Vec<GroupId> = ops.iter().filter_map(|op| op.group).collect();
    groups.sort_unstable();
    groups.dedup();
    // One `impl Client` block for the file's client methods and group
    // accessors, so that rustdoc shows them together.
    let accessors = groups.iter().map(|g| accessor(api.group(*g)));
    let methods = ops
        .iter()
        .filter(|op| op.group.is_none())
        .map(|op| client_method(api, krate, op));
    // Every operation is a client method or in a group with an accessor,
    // so neither block is ever empty.
    let client_impl = quote! {
        impl<M: crate::Mode> crate::Client<M> {
            #(#accessors)*
            #(#methods)*
        }
    };
    let handles = groups.iter().map(|g| {
        let members: Vec<&Operation> = ops
            .iter()
            .copied()
            .filter(|op| op.group == Some(*g))
            .collect();
        handle(api, krate, api.group(*g), &members)
    });
    let blocking_accessors = groups.iter().map(|g| blocking_accessor(api.group(*g)));
    let blocking_methods = ops
        .iter()
        .filter(|op| op.group.is_none())
        .map(|op| blocking_method(api, op));
    let blocking_impl = quote! {
        #[cfg(feature = "blocking")]
        impl crate::blocking::Client {
            #(#blocking_accessors)*
            #(#blocking_methods)*
        }
    };
    let items = ops.iter().map(|op| operation(api, op));
    quote! {
        #imports
        #client_impl
        #blocking_impl
        #(#handles)*
        #(#items)*
    }
}

/// The client's method returning a group's handle.
fn accessor(group: &Group) -> TokenStream {
    let name = ident(&group.accessor);
    let handle = ident(&group.type_name);
    let doc = docs::attrs(&format!(
        "The operations on {}: `client.{}().<operation>(..)`; see [`{}`].",
        docs::code_value(&group.resource),
        crate::naming::unraw(&group.accessor),
        group.type_name
    ));
    quote! {
        #doc
        pub fn #name(&self) -> #handle<'_, M> {
            #handle { client: self }
        }
    }
}

/// A group's handle type, with one method per operation of the group.
fn handle(api: &Api, krate: &str, group: &Group, ops: &[&Operation]) -> TokenStream {
    let name = ident(&group.type_name);
    let accessor = crate::naming::unraw(&group.accessor);
    let listed: Vec<String> = ops
        .iter()
        .map(|op| format!("`{}`", crate::naming::unraw(&op.method_name)))
        .collect();
    let doc = docs::attrs(&format!(
        "The operations on {}, from [`Client::{accessor}`](crate::Client::{accessor}): {}.\n\n\
         It borrows the client; each method returns a [`Request`](crate::Request) to send.",
        docs::code_value(&group.resource),
        listed.join(", ")
    ));
    let methods = ops.iter().map(|op| client_method(api, krate, op));
    quote! {
        #doc
        pub struct #name<'a, M = crate::Async> {
            client: &'a crate::Client<M>,
        }

        impl<M> Clone for #name<'_, M> {
            fn clone(&self) -> Self {
                *self
            }
        }

        impl<M> Copy for #name<'_, M> {}

        impl<M> std::fmt::Debug for #name<'_, M> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!(#name)).field("client", self.client).finish()
            }
        }

        impl<M: crate::Mode> #name<'_, M> {
            #(#methods)*
        }
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let alias = request_alias(api, op);
    let decl = op_struct(api, op);
    let imp = op_impl(api, op);
    let pages = op.pagination.as_ref().map(|p| paginated_impl(api, op, p));
    let setters = setters(api, op);
    quote!(#alias #decl #imp #pages #setters)
}

/// `XRequest<M>`, the `Request` of one operation: its rustdoc page lists
/// that operation's setters (and those every request has), not every
/// operation's.
fn request_alias(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.request_type);
    let op_type = ident(&op.type_name);
    let doc = format!(
        " The request {} returns: set its optional arguments with the methods below, then \
         `.await` it (`.send()` on the blocking client).",
        method_link(api, op)
    );
    quote! {
        #[doc = #doc]
        pub type #name<M = crate::Async> = crate::Request<#op_type, M>;
    }
}

/// The rustdoc link to the method that starts `op`: on the client, or on
/// its group's handle (which lives in `operations`).
fn method_link(api: &Api, op: &Operation) -> String {
    let method = crate::naming::unraw(&op.method_name);
    let (owner, path) = match api.group_of(op) {
        Some(group) => (group.type_name.as_str(), "crate::operations::"),
        None => ("Client", "crate::"),
    };
    format!("[`{owner}::{method}`]({path}{owner}::{method})")
}

/// `use crate::models::{...}` for every model the file mentions.
fn imports(api: &Api, ops: &[&Operation]) -> TokenStream {
    let mut ids = Vec::new();
    for op in ops {
        for param in &op.params {
            param.ty.collect_named(&mut ids);
        }
        if let Some(body) = op.body.as_ref().filter(|b| !b.is_hand_built(api)) {
            body.ty.collect_named(&mut ids);
        }
        if let Some(ty) = op.success().and_then(|r| r.ty.as_ref()) {
            ty.collect_named(&mut ids);
        }
        if let Some(pagination) = &op.pagination {
            pagination.item.collect_named(&mut ids);
        }
    }
    let mut names: Vec<&str> = ids.iter().map(|id| api.ty(*id).name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let names: Vec<_> = names.iter().map(|n| ident(n)).collect();
    match names.as_slice() {
        [] => quote!(),
        many => quote!(use crate::models::{#(#many),*};),
    }
}

/// Whether a successful call returns a [`Download`](crate::Download).
fn downloads(op: &Operation) -> bool {
    op.success().and_then(|r| r.kind) == Some(BodyKind::Binary)
}

/// The arguments of an operation's method (its required parameters, then
/// its required body), as declarations and as the names they bind.
fn method_args(api: &Api, op: &Operation) -> (Vec<TokenStream>, Vec<proc_macro2::Ident>) {
    let mut decls = Vec::new();
    let mut names = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let name = ident(&p.name);
        let ty = param_type(api, p);
        decls.push(quote!(#name: impl Into<#ty>));
        names.push(name);
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let ty = body_type(api, body);
        decls.push(quote!(body: impl Into<#ty>));
        names.push(ident("body"));
    }
    (decls, names)
}

fn client_method(api: &Api, krate: &str, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let op_type = ident(&op.type_name);
    let (args, _) = method_args(api, op);
    let mut inits: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            if p.required {
                quote!(#name: #name.into())
            } else {
                quote!(#name: None)
            }
        })
        .collect();
    if let Some(body) = &op.body {
        if body.required {
            inits.push(quote!(body: body.into()));
        } else {
            inits.push(quote!(body: None));
        }
    }
    let doc = docs::attrs(&method_docs(api, krate, op));
    let client = match op.group {
        Some(_) => quote!(self.client),
        None => quote!(self),
    };
    let request = ident(&op.request_type);
    quote! {
        #doc
        pub fn #method(&self, #(#args),*) -> #request<M> {
            crate::Request::new(#client, #op_type { #(#inits),* })
        }
    }
}

/// The blocking client's method of an ungrouped operation: the async
/// client's, with a request sent by `.send()`.
fn blocking_method(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let request = ident(&op.request_type);
    let (args, names) = method_args(api, op);
    let shown = crate::naming::unraw(&op.method_name);
    let doc = format!(
        " [`Client::{shown}`](crate::Client::{shown}), blocking: `.send()` the returned request \
         (`{}`).",
        super::smoke::request_line(op)
    );
    quote! {
        #[doc = #doc]
        pub fn #method(&self, #(#args),*) -> #request<crate::blocking::Blocking> {
            self.inner().#method(#(#names),*)
        }
    }
}

/// The blocking client's accessor of a group: the same handle, whose
/// requests block.
fn blocking_accessor(group: &Group) -> TokenStream {
    let name = ident(&group.accessor);
    let handle = ident(&group.type_name);
    let shown = crate::naming::unraw(&group.accessor);
    let doc = format!(
        " [`Client::{shown}`](crate::Client::{shown}), blocking: its methods' requests are sent \
         with `.send()`."
    );
    quote! {
        #[doc = #doc]
        pub fn #name(&self) -> #handle<'_, crate::blocking::Blocking> {
            self.inner().#name()
        }
    }
}

/// Docs of a client method: what it does, the HTTP call, errors, example.
fn method_docs(api: &Api, krate: &str, op: &Operation) -> String {
    let mut text = docs::text(
        &op.docs,
        &format!("Calls the {} operation.", docs::code_value(&op.id)),
    );
    text.push_str("\n\n");
    text.push_str(&docs::code_value(&format!(
        "{} {}",
        op.method.as_str(),
        op.path
    )));
    let optional: Vec<String> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| format!("`{}`", crate::naming::unraw(&p.name)))
        .chain(
            op.body
                .iter()
                .filter(|b| !b.required)
                .map(|_| "`body`".to_owned()),
        )
        .collect();
    if !optional.is_empty() {
        text.push_str(&format!(
            "\n\nOptional arguments are set on the returned [`{0}`](crate::operations::{0}): {1}.",
            op.request_type,
            optional.join(", ")
        ));
    }
    if let Some(body) = &op.body {
        text.push_str(&body_docs(body));
    }
    if downloads(op) {
        text.push_str(
            "\n\nThe response body comes back whole as a [`Download`](crate::Download) (with its \
             content type and file name); `.send_streaming()` on the returned request reads it as a \
             stream of chunks instead, for files too large to hold in memory.",
        );
    }
    if op.pagination.is_some() {
        text.push_str(
            "\n\nResults come in pages. `.into_stream()` on the returned request yields every item of \
             every page, fetching each page when it is needed; `.collect_items(max)` collects up to `max` items.",
        );
    }
    let errors: Vec<String> = op
        .errors()
        .map(|r| {
            let status = match r.status {
                Status::Code(code) => code.to_string(),
                Status::Range(class) => format!("{class}XX"),
                Status::Default => "any other status".to_owned(),
            };
            match r.docs.description.as_deref().map(docs::first_sentence) {
                Some(summary) if !summary.is_empty() => format!("- {status}: {summary}"),
                _ => format!("- {status}"),
            }
        })
        .collect();
    text.push_str("\n\n# Errors\n\nThe request fails with [`Error::Api`](crate::Error::Api) when the API answers with an error status");
    if errors.is_empty() {
        text.push('.');
    } else {
        text.push_str(" this operation documents:\n\n");
        text.push_str(&errors.join("\n"));
    }
    text.push_str("\n\nOther failures are described on [`Error`](crate::Error).");
    if let Some(example) = examples::operation_doctest(api, krate, op) {
        text.push_str("\n\n# Example\n\n");
        text.push_str(&example);
    }
    text
}

/// The paragraph of a method's docs saying how its body is sent.
fn body_docs(body: &Body) -> String {
    let media = &body.media_type;
    let mut text = match body.kind {
        BodyKind::Multipart => format!(
            "\n\nThe body is sent as `{media}`: one part per field, in field order; files are \
             [`Upload`](crate::Upload)s (bytes, a stream or a file on disk, with a file name and \
             a content type)."
        ),
        BodyKind::Binary => format!(
            "\n\nThe body is sent as is, as `{media}`: an [`Upload`](crate::Upload) holds bytes, \
             a stream or a file on disk."
        ),
        BodyKind::Text => format!("\n\nThe body is sent as `{media}` text."),
        BodyKind::Json | BodyKind::Form => String::new(),
    };
    if !body.alternatives.is_empty() {
        let others: Vec<String> = body.alternatives.iter().map(|m| format!("`{m}`")).collect();
        text.push_str(&format!(
            "\n\nThe API also accepts {} here; this SDK sends `{media}`.",
            others.join(", ")
        ));
    }
    text
}

fn op_struct(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let doc = format!(
        " Arguments of {}, sent when the request is awaited.",
        method_link(api, op)
    );
    let mut fields: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let field = ident(&p.name);
            let ty = param_type(api, p);
            if p.required {
                quote!(#field: #ty)
            } else {
                quote!(#field: Option<#ty>)
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = body_type(api, body);
        fields.push(if body.required {
            quote!(body: #ty)
        } else {
            quote!(body: Option<#ty>)
        });
    }
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #name { #(#fields,)* }
    }
}

fn op_impl(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let output = output_type(api, op);
    let info = op_info(op);
    let security = op.security.as_ref().map(|own| {
        let own = super::auth::security(own);
        quote!(const SECURITY: Option<&'static [&'static [usize]]> = Some(#own);)
    });
    let path = path_fn(op);
    let query = query_fn(op);
    let headers = headers_fn(op);
    let body = op.body.as_ref().map(|b| body_fn(api, b));
    let decode = decode_fn(op);
    quote! {
        impl crate::request::Sealed for #name {}
        impl crate::Operation for #name {
            type Output = #output;
            #info
            #security
            #path
            #query
            #headers
            #body
            #decode
        }
    }
}

fn op_info(op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = ident(op.method.as_str());
    let path = &op.path;
    let codes = |success: bool| -> Vec<u16> {
        op.responses
            .iter()
            .filter(|r| r.status.is_success() == success)
            .filter_map(|r| match r.status {
                Status::Code(code) => Some(code),
                _ => None,
            })
            .collect()
    };
    let success = codes(true)
        .into_iter()
        .map(proc_macro2::Literal::u16_unsuffixed);
    let errors = codes(false)
        .into_iter()
        .map(proc_macro2::Literal::u16_unsuffixed);
    // Downloads and text take any of their response's media types; a
    // decoded body only the one chosen.
    let mut accept: Vec<&str> = op
        .responses
        .iter()
        .flat_map(|r| {
            let others = match r.kind {
                Some(BodyKind::Binary | BodyKind::Text) => r.alternatives.as_slice(),
                _ => &[],
            };
            r.media_type
                .as_deref()
                .into_iter()
                .chain(others.iter().map(String::as_str))
        })
        .collect();
    accept.dedup();
    let mut seen = Vec::new();
    accept.retain(|m| {
        if seen.contains(m) {
            false
        } else {
            seen.push(*m);
            true
        }
    });
    let accept = if accept.is_empty() {
        "application/json".to_owned()
    } else {
        accept.join(", ")
    };
    quote! {
        const INFO: crate::OperationInfo = crate::OperationInfo {
            operation_id: #id,
            method: reqwest::Method::#method,
            path: #path,
            success_statuses: &[#(#success),*],
            error_statuses: &[#(#errors),*],
            accept: #accept,
        };
    }
}

/// `fn path`: the template with each `{name}` replaced by the encoded value.
fn path_fn(op: &Operation) -> TokenStream {
    let path_params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Path)
        .collect();
    if path_params.is_empty() {
        let path = &op.path;
        return quote!(fn path(&self) -> Result<String, crate::Error> { Ok(String::from(#path)) });
    }
    // Each `{name}` of a declared parameter becomes `{}` (however often it
    // appears); any other brace is literal text.
    let mut template = String::new();
    let mut values = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find(['{', '}']) {
        template.push_str(&rest[..start]);
        let after = &rest[start..];
        let placeholder = after
            .strip_prefix('{')
            .and_then(|inner| inner.find('}').map(|end| &inner[..end]));
        match placeholder.and_then(|name| path_params.iter().find(|p| p.wire == name)) {
            Some(param) => {
                template.push_str("{}");
                values.push(path_value(param));
                rest = &after[param.wire.len() + 2..];
            }
            None => {
                template.push_str(if after.starts_with('{') { "{{" } else { "}}" });
                rest = &after[1..];
            }
        }
    }
    template.push_str(rest);
    quote!(
        fn path(&self) -> Result<String, crate::Error> {
            Ok(format!(#template, #(#values),*))
        }
    )
}

/// The encoded text of one path parameter.
fn path_value(p: &Param) -> TokenStream {
    let field = ident(&p.name);
    let wire = &p.wire;
    if p.ty == TypeRef::Prim(Prim::String) && p.style == ParamStyle::Simple {
        quote!(crate::encoding::path_str(#wire, &self.#field)?)
    } else {
        let style = param_style(p.style);
        quote!(crate::encoding::path_param(#wire, &self.#field, #style)?)
    }
}

/// The runtime `Style` of a path, header or cookie parameter.
fn param_style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::SimpleExploded => quote!(crate::encoding::Style::Simple { explode: true }),
        ParamStyle::Label { explode } => {
            quote!(crate::encoding::Style::Label { explode: #explode })
        }
        ParamStyle::Matrix { explode } => {
            quote!(crate::encoding::Style::Matrix { explode: #explode })
        }
        ParamStyle::Form { explode } => quote!(crate::encoding::Style::Form { explode: #explode }),
        ParamStyle::Json => quote!(crate::encoding::Style::Json),
        ParamStyle::Simple
        | ParamStyle::SpaceDelimited
        | ParamStyle::PipeDelimited
        | ParamStyle::DeepObject => quote!(crate::encoding::Style::Simple { explode: false }),
    }
}

fn query_fn(op: &Operation) -> TokenStream {
    let pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Query)
        .map(|p| {
            let field = ident(&p.name);
            let wire = &p.wire;
            if p.style == ParamStyle::Json {
                return quote!(query.push_json(#wire, &self.#field););
            }
            let style = list_style(p.style);
            quote!(query.push(#wire, &self.#field, #style);)
        })
        .collect();
    if pushes.is_empty() {
        return quote!();
    }
    quote! {
        fn query(&self, query: &mut crate::Query) {
            #(#pushes)*
        }
    }
}

fn list_style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Form { explode: true }
        | ParamStyle::Simple
        | ParamStyle::SimpleExploded
        | ParamStyle::Label { .. }
        | ParamStyle::Matrix { .. }
        | ParamStyle::Json => quote!(crate::encoding::ListStyle::Repeat),
        ParamStyle::Form { explode: false } => quote!(crate::encoding::ListStyle::Joined(',')),
        ParamStyle::SpaceDelimited => quote!(crate::encoding::ListStyle::Joined(' ')),
        ParamStyle::PipeDelimited => quote!(crate::encoding::ListStyle::Joined('|')),
        ParamStyle::DeepObject => quote!(crate::encoding::ListStyle::Indexed),
    }
}

fn headers_fn(op: &Operation) -> TokenStream {
    let set = |location: ParamIn| -> Vec<TokenStream> {
        op.params
            .iter()
            .filter(|p| p.location == location)
            .map(|p| {
                let field = ident(&p.name);
                let wire = &p.wire;
                let style = param_style(p.style);
                match location {
                    ParamIn::Cookie => quote! {
                        crate::encoding::cookie_param(&mut cookies, #wire, &self.#field, #style)?;
                    },
                    _ => quote! {
                        crate::encoding::header_param(headers, #wire, &self.#field, #style)?;
                    },
                }
            })
            .collect()
    };
    let sets = set(ParamIn::Header);
    let cookies = set(ParamIn::Cookie);
    if sets.is_empty() && cookies.is_empty() {
        return quote!();
    }
    let cookie_header = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = String::new();
            #(#cookies)*
            if !cookies.is_empty() {
                crate::request::insert_header(headers, "cookie", &cookies)?;
            }
        }
    });
    quote! {
        fn headers(&self, headers: &mut reqwest::header::HeaderMap) -> Result<(), crate::Error> {
            #(#sets)*
            #cookie_header
            Ok(())
        }
    }
}

/// The list styles of a form body's properties that are not OpenAPI's
/// default (`form`, exploded: one pair per item).
fn form_styles(body: &Body) -> TokenStream {
    let styles = body
        .form_styles
        .iter()
        .filter(|f| f.style != ParamStyle::Form { explode: true })
        .map(|f| {
            let (wire, style) = (&f.wire, list_style(f.style));
            quote!((#wire, #style))
        });
    quote!(&[#(#styles),*])
}

fn body_fn(api: &Api, body: &Body) -> TokenStream {
    let media = &body.media_type;
    let expr = match (body.kind, body.required) {
        (BodyKind::Json, true) => quote!(crate::RequestBody::json(&self.body, #media).map(Some)),
        (BodyKind::Form, true) => {
            let styles = form_styles(body);
            quote!(crate::RequestBody::styled_form(&self.body, crate::encoding::ListStyle::Repeat, #styles).map(Some))
        }
        (BodyKind::Json, false) => {
            quote!(self.body.as_ref().map(|body| crate::RequestBody::json(body, #media)).transpose())
        }
        (BodyKind::Form, false) => {
            let styles = form_styles(body);
            quote! {
                self.body
                    .as_ref()
                    .map(|body| crate::RequestBody::styled_form(body, crate::encoding::ListStyle::Repeat, #styles))
                    .transpose()
            }
        }
        (BodyKind::Text, true) => {
            quote!(Ok(Some(crate::RequestBody::raw(self.body.clone().into_bytes(), #media))))
        }
        (BodyKind::Text, false) => quote! {
            Ok(self.body.as_ref().map(|body| crate::RequestBody::raw(body.clone().into_bytes(), #media)))
        },
        (BodyKind::Binary, true) => quote!(Ok(Some(self.body.request_body(#media)))),
        (BodyKind::Binary, false) => {
            quote!(Ok(self.body.as_ref().map(|body| body.request_body(#media))))
        }
        (BodyKind::Multipart, required) => {
            let parts = multipart_parts(api, body);
            let bind = if required {
                quote!(let body = &self.body;)
            } else {
                quote!(let Some(body) = &self.body else { return Ok(None) };)
            };
            quote!(#bind #parts)
        }
    };
    quote! {
        fn body(&self) -> Result<Option<crate::RequestBody>, crate::Error> {
            #expr
        }
    }
}

/// The statements encoding a multipart `body` (bound by reference): each
/// field becomes its part(s) in field order, files as file parts.
fn multipart_parts(api: &Api, body: &Body) -> TokenStream {
    let fields = match &body.ty {
        TypeRef::Named(id) if !body.is_hand_built(api) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
    };
    let Some(s) = fields else {
        // A `Multipart` form the caller built.
        return quote!(Ok(Some(body.request_body())));
    };
    let parts = s.fields.iter().filter(|f| !f.read_only).map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        let declared = body.part_content_type(wire);
        if is_file(&f.ty) {
            let fallback = declared
                .filter(|c| !c.contains('*') && !c.contains(','))
                .unwrap_or("application/octet-stream");
            quote!(form.push_files(#wire, &body.#field, #fallback);)
        } else {
            let content_type = match declared {
                Some(c) => quote!(Some(#c)),
                None => quote!(None),
            };
            quote!(form.push_value(#wire, &body.#field, #content_type)?;)
        }
    });
    let extra = s.additional.as_ref().map(|a| {
        let field = ident(&a.name);
        quote! {
            for (name, value) in &body.#field {
                form.push_value(name, value, None)?;
            }
        }
    });
    quote! {
        let mut form = crate::Multipart::new();
        #(#parts)*
        #extra
        Ok(Some(form.request_body()))
    }
}

/// Whether a part holds files (a file, or a list of them).
fn is_file(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Prim(Prim::File) => true,
        TypeRef::Array(inner) | TypeRef::Nullable(inner) => is_file(inner),
        _ => false,
    }
}

fn decode_fn(op: &Operation) -> TokenStream {
    if downloads(op) {
        // A download keeps the body as received, with its content type and
        // file name from the headers.
        return quote! {
            fn decode(body: &[u8]) -> Result<Self::Output, serde_json::Error> {
                Ok(crate::Download::from_bytes(body.to_vec()))
            }
            fn respond(response: crate::RawResponse) -> Result<crate::Response<Self::Output>, crate::Error> {
                crate::download::respond(response)
            }
        };
    }
    // A text body is what the operation wants, whatever its type.
    let (decoder, not_json) = match op.success().map(|r| (r.kind, r.ty.is_some())) {
        Some((Some(BodyKind::Text), _)) => (
            quote!(decode_text),
            Some(quote!(
                const JSON_BODY: bool = false;
            )),
        ),
        Some((_, true)) if op.success_may_be_empty() => (quote!(decode_json_or_empty), None),
        Some((_, true)) => (quote!(decode_json), None),
        _ => (quote!(decode_empty), None),
    };
    quote! {
        fn decode(body: &[u8]) -> Result<Self::Output, serde_json::Error> {
            crate::request::#decoder(body)
        }
        #not_json
    }
}

/// Setters on `Request<Op>` for optional parameters and an optional body.
fn setters(api: &Api, op: &Operation) -> TokenStream {
    let op_type = ident(&op.type_name);
    let mut methods: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            let name = ident(&p.name);
            let mut text = docs::text(
                &p.docs,
                &format!(
                    "Sets the {} {} parameter.",
                    docs::code_value(&p.wire),
                    p.location.as_str()
                ),
            );
            if let Some(facts) = docs::facts(&p.constraints, p.default.as_ref()) {
                text.push_str("\n\n");
                text.push_str(&facts);
            }
            let doc = docs::attrs(&text);
            let SetterArg {
                generics,
                argument,
                value,
            } = setter_arg(api, &p.ty, &name);
            quote! {
                #doc
                pub fn #name #generics(mut self, #argument) -> Self {
                    self.op.#name = Some(#value);
                    self
                }
            }
        })
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let ty = body_type(api, body);
        let doc = docs::attrs(&docs::text(&body.docs, "Sets the request body."));
        methods.push(quote! {
            #doc
            pub fn body(mut self, body: impl Into<#ty>) -> Self {
                self.op.body = Some(body.into());
                self
            }
        });
    }
    if methods.is_empty() {
        return quote!();
    }
    quote! {
        impl<M: crate::Mode> crate::Request<#op_type, M> {
            #(#methods)*
        }
    }
}

/// `Paginated`: how the request moves to the next page, and the items.
fn paginated_impl(api: &Api, op: &Operation, pagination: &Pagination) -> TokenStream {
    let name = ident(&op.type_name);
    let item = rust_type(api, &pagination.item);
    let items = ident(&pagination.items.name);
    let (owned, borrowed) = if pagination.items.required {
        (quote!(page.#items), quote!(page.#items.as_slice()))
    } else {
        (
            quote!(page.#items.unwrap_or_default()),
            quote!(page.#items.as_deref().unwrap_or_default()),
        )
    };
    let more = pagination.has_more.as_ref().map(|field| {
        let more = ident(&field.name);
        let value = if field.required {
            quote!(page.#more)
        } else {
            quote!(page.#more.unwrap_or(false))
        };
        quote!(if !#value { return false; })
    });
    let step = pagination_step(&pagination.kind);
    quote! {
        impl crate::Paginated for #name {
            type Item = #item;
            fn advance(&mut self, page: &Self::Output) -> bool {
                #more
                let items = #borrowed;
                #step
            }
            fn into_items(page: Self::Output) -> Vec<Self::Item> {
                #owned
            }
        }
    }
}

/// `Option<&T>` of an optional field of `base`.
fn optional_ref(field: &PageField, base: TokenStream) -> TokenStream {
    let name = ident(&field.name);
    quote!(#base.#name.as_ref())
}

/// Sets the cursor parameter `param` to the id of the `end` (`first` or
/// `last`) item of the page, `false` when there is none.
fn cursor_step(param: &str, id: &PageField, end: TokenStream) -> TokenStream {
    let param = ident(param);
    let item = quote!(items.#end());
    if id.required {
        let field = ident(&id.name);
        quote! {
            let Some(item) = #item else { return false };
            self.#param = Some(item.#field.clone());
            true
        }
    } else {
        let value = optional_ref(id, quote!(item));
        quote! {
            let Some(id) = #item.and_then(|item| #value) else { return false };
            self.#param = Some(id.clone());
            true
        }
    }
}

/// The statements that move the arguments to the next page, ending in a
/// `bool` saying whether there is one.
fn pagination_step(kind: &PaginationKind) -> TokenStream {
    match kind {
        PaginationKind::Offset { param, int32 } => {
            let param = ident(param);
            let int = if *int32 { quote!(i32) } else { quote!(i64) };
            quote! {
                let Ok(count) = #int::try_from(items.len()) else { return false };
                if count == 0 {
                    return false;
                }
                self.#param = Some(self.#param.unwrap_or(0).saturating_add(count));
                true
            }
        }
        PaginationKind::Cursor { param, before, id } => {
            let forward = cursor_step(param, id, quote!(last));
            match before {
                Some(before) => {
                    let backward = cursor_step(before, id, quote!(first));
                    let before = ident(before);
                    quote! {
                        if self.#before.is_some() {
                            #backward
                        } else {
                            #forward
                        }
                    }
                }
                None => forward,
            }
        }
        PaginationKind::Token { param, next } => {
            let param = ident(param);
            let token = if next.required {
                let field = ident(&next.name);
                quote!(&page.#field)
            } else {
                let value = optional_ref(next, quote!(page));
                quote!(match #value { Some(token) => token, None => return false })
            };
            quote! {
                let _ = items;
                let token = #token;
                if token.is_empty() {
                    return false;
                }
                self.#param = Some(token.clone());
                true
            }
        }
    }
}
