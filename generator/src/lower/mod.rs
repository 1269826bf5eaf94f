//! Lowering phase: the parsed document becomes the [`ir::Api`]. Component
//! schemas get their names first (they win over inline names), then
//! operations are lowered, naming inline schemas after where they appear.

mod all_of;
mod auth;
mod dedup;
mod filter;
mod graph;
mod groups;
mod operations;
mod pagination;
mod types;
mod view;

pub use filter::collect_refs;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::config::Config;
use crate::diag::{pointer, Diagnostics};
use crate::ir::{self, Api, Conventions, Docs, HeaderSetter, TypeDef, TypeId, TypeKind, TypeRef};
use crate::load::Refs;
use crate::naming::Namer;

/// Lowers `doc` into the IR; every problem found is reported together.
/// On success, the warnings found come with the API. References outside
/// the document's component sections need [`lower_with`].
pub fn lower(doc: &OpenAPI, config: &Config) -> Result<(Api, Diagnostics), Diagnostics> {
    lower_with(doc, &Refs::default(), config)
}

/// Lowers `doc`, whose references were resolved into `refs` by the load
/// phase (see [`crate::load::refs`]).
pub fn lower_with(
    doc: &OpenAPI,
    refs: &Refs,
    config: &Config,
) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut lowerer = Lowerer::new(doc, refs, config);
    lowerer.schemes = auth::Schemes::new(doc, config, &mut lowerer.diags);
    let document_security =
        lowerer
            .schemes
            .requirements(doc.security.as_ref(), "/security", &mut lowerer.diags);
    lowerer.components();
    let mut operations = lowerer.operations();
    lowerer.report_unknown_formats();
    let Lowerer {
        types,
        mut diags,
        mut namer,
        schemes,
        conventions,
        groups,
        ..
    } = lowerer;
    let reserved = conventions.setter_names();
    let auth = schemes.finish(document_security, &mut operations, &reserved, &mut diags);
    let diags = distinct(diags, &hoisted(doc));
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        base_url: operations::base_url(doc, config),
        auth,
        error_body: operations::common_error_body(&operations),
        types,
        operations,
        groups,
        conventions,
    };
    if !diags.has_errors() {
        dedup::merge_duplicates(&mut api, &mut namer);
    }
    graph::mark_boxes(&mut api.types);
    graph::box_large_values(&mut api.types);
    graph::mark_usage(&mut api);
    graph::name_required_structs(&mut api, &mut namer);
    graph::mark_features(&mut api);
    pagination::detect(&mut api);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((api, diags))
    }
}

/// The diagnostics without repeats (a schema lowered again, merged into
/// several structs, reports the same problem once), pointing into the
/// document as written (see [`hoisted`]).
fn distinct(diags: Diagnostics, hoisted: &[(String, String)]) -> Diagnostics {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Diagnostics::new();
    for mut diag in diags {
        diag.pointer = crate::load::original_pointer(hoisted, &diag.pointer);
        if seen.insert((diag.severity, diag.pointer.clone(), diag.message.clone())) {
            out.push(diag);
        }
    }
    out
}

/// The component schemas the loader made from webhook payloads, with the
/// payloads' pointers.
fn hoisted(doc: &OpenAPI) -> Vec<(String, String)> {
    doc.extensions
        .get(crate::load::HOISTED)
        .and_then(serde_json::Value::as_object)
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// State of one lowering run.
struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// References resolved by the load phase and their targets.
    refs: &'a Refs,
    config: &'a Config,
    namer: Namer,
    types: Vec<TypeDef>,
    /// Component schema name to its type.
    components: BTreeMap<String, TypeId>,
    /// Components whose definition is being lowered (to catch `$ref` cycles
    /// that never pass through a type).
    resolving: Vec<String>,
    /// Types of inline schemas, by the schema's pointer: a schema reached
    /// again (through `allOf` merging, possibly recursively) is that type.
    inline_types: BTreeMap<String, TypeId>,
    /// References to targets outside `components/schemas` being lowered,
    /// each with the number of types there were when it was entered (to
    /// tell recursion through a type from a cycle with no type in it).
    following: Vec<(String, usize)>,
    /// `format`s sdkgen does not know: the schema `type` they were on and
    /// where they were found, in order.
    unknown_formats: BTreeMap<String, (String, Vec<String>)>,
    /// What each schema (by address) describes, for `allOf` readings; a
    /// lookup table only, never iterated.
    kinds: std::cell::RefCell<std::collections::HashMap<usize, all_of::Kind>>,
    /// Schemas (by address) whose `allOf` is being folded, to stop at cycles.
    folding: std::cell::RefCell<Vec<usize>>,
    /// operationIds seen, with the pointer of the first operation using each.
    operation_ids: BTreeMap<String, String>,
    /// With an include filter: the component schemas the included operations reach.
    keep: Option<std::collections::BTreeSet<String>>,
    /// The security schemes the SDK can send, for operations' requirements.
    schemes: auth::Schemes,
    /// The conventions the configuration switches on (their setters are
    /// names parameters and credentials must not take).
    conventions: Conventions,
    /// What names and groups operations.
    grouping: groups::Grouping<'a>,
    /// The groups made so far, and their ids by the group's name as written.
    groups: Vec<ir::Group>,
    group_ids: BTreeMap<String, ir::GroupId>,
    diags: Diagnostics,
}

/// The conventions `config` switches on, with their setters' names.
fn conventions(config: &Config) -> Conventions {
    let client = &config.client;
    let setter = |header: &Option<String>, setter: &str| {
        header.as_ref().map(|header| HeaderSetter {
            header: header.clone(),
            setter: setter.to_owned(),
        })
    };
    Conventions {
        retry_header: client.retry_header.clone(),
        account: setter(&client.account_header, crate::naming::ACCOUNT_SETTER),
        version: setter(&client.version_header, crate::naming::API_VERSION_SETTER),
    }
}

/// Where in the document a schema is and what inline types in it are named after.
#[derive(Clone, Debug)]
struct Ctx {
    /// JSON pointer of the schema.
    at: String,
    /// Words the name of an inline type defined here is made of.
    parts: Vec<String>,
    /// Name of the component schema (or operation) this is inside, for secrets.
    owner: String,
}

impl Ctx {
    fn new(at: String, parts: Vec<String>, owner: &str) -> Self {
        Self {
            at,
            parts,
            owner: owner.to_owned(),
        }
    }

    /// A context one level down: `tokens` extend the pointer, `part` the name.
    fn child(&self, tokens: &[&str], part: Option<&str>) -> Self {
        let mut at = self.at.clone();
        for token in tokens {
            at = crate::diag::child(&at, token);
        }
        let mut parts = self.parts.clone();
        parts.extend(part.map(str::to_owned));
        Self {
            at,
            parts,
            owner: self.owner.clone(),
        }
    }
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI, refs: &'a Refs, config: &'a Config) -> Self {
        Self {
            doc,
            refs,
            config,
            namer: Namer::new(),
            types: Vec::new(),
            components: BTreeMap::new(),
            resolving: Vec::new(),
            inline_types: BTreeMap::new(),
            following: Vec::new(),
            operation_ids: BTreeMap::new(),
            unknown_formats: BTreeMap::new(),
            kinds: Default::default(),
            folding: Default::default(),
            keep: config
                .include
                .as_ref()
                .map(|include| filter::reachable_schemas(doc, refs, include)),
            schemes: auth::Schemes::default(),
            conventions: conventions(config),
            grouping: groups::Grouping::new(doc, &config.operations),
            groups: Vec::new(),
            group_ids: BTreeMap::new(),
            diags: Diagnostics::new(),
        }
    }

    /// One warning per `format` sdkgen does not know, at its first use.
    fn report_unknown_formats(&mut self) {
        for (format, (ty, places)) in std::mem::take(&mut self.unknown_formats) {
            let Some(first) = places.first() else {
                continue;
            };
            let more = match places.len() {
                1 => String::new(),
                n => format!(" ({n} schemas use it; this is the first)"),
            };
            self.diags.warning(
                first.clone(),
                format!("`format: {format}` is not a format sdkgen knows; its values are read as plain `{ty}` values{more}"),
            );
        }
    }

    /// Whether the component schema `name` is generated.
    fn keeps(&self, name: &str) -> bool {
        self.keep.as_ref().is_none_or(|keep| keep.contains(name))
    }

    fn schemas(&self) -> Option<&'a indexmap::IndexMap<String, ReferenceOr<Schema>>> {
        self.doc.components.as_ref().map(|c| &c.schemas)
    }

    /// Names every component schema, then defines each one.
    fn components(&mut self) {
        let Some(schemas) = self.schemas() else {
            return;
        };
        for name in schemas.keys() {
            if !self.keeps(name) {
                continue;
            }
            let id = self.new_type(
                &[name.as_str()],
                pointer(["components", "schemas", name.as_str()]),
            );
            self.components.insert(name.clone(), id);
        }
        for (name, schema) in schemas {
            let Some(&id) = self.components.get(name) else {
                continue;
            };
            let ctx = Ctx::new(
                self.types[id.index()].origin.clone(),
                vec![self.types[id.index()].name.clone()],
                name,
            );
            self.resolving.push(name.clone());
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.schema_ref(reference, &ctx.at).ty;
                    self.types[id.index()].kind = TypeKind::Alias(target);
                }
                ReferenceOr::Item(schema) => {
                    self.types[id.index()].docs = docs_of(&schema.schema_data);
                    self.define(schema, &ctx, id);
                }
            }
            self.resolving.pop();
        }
        self.check_alias_cycles();
    }

    /// Allocates a named type (an alias to `Any` until defined).
    fn new_type(&mut self, parts: &[&str], origin: String) -> TypeId {
        let name = self.namer.type_name(parts);
        let module = self.namer.module_name(&name);
        let id = TypeId(u32::try_from(self.types.len()).unwrap_or(u32::MAX));
        self.types.push(TypeDef {
            name,
            module,
            origin,
            title: None,
            docs: Docs::default(),
            kind: TypeKind::Alias(TypeRef::Any),
            input: false,
            output: false,
            expandable: false,
            constraints: ir::Constraints::default(),
            example: None,
            default: None,
            features: Vec::new(),
        });
        id
    }

    /// Reports aliases that resolve to themselves without passing through a
    /// struct, enum or union (they have no finite Rust type).
    fn check_alias_cycles(&mut self) {
        for start in 0..self.types.len() {
            let mut seen = vec![start];
            let mut current = start;
            while let TypeKind::Alias(TypeRef::Named(next)) = &self.types[current].kind {
                if next.index() == start {
                    let names: Vec<&str> =
                        seen.iter().map(|i| self.types[*i].name.as_str()).collect();
                    let at = self.types[start].origin.clone();
                    self.diags.error(
                        at,
                        format!(
                            "`$ref` cycle with no schema in between: {} -> {}",
                            names.join(" -> "),
                            names[0]
                        ),
                    );
                    break;
                }
                if seen.contains(&next.index()) {
                    break;
                }
                seen.push(next.index());
                current = next.index();
            }
        }
    }
}

/// Documentation of a schema: its description, else its title.
fn docs_of(data: &openapiv3::SchemaData) -> Docs {
    Docs {
        summary: None,
        description: data
            .description
            .clone()
            .filter(|d| !d.trim().is_empty())
            .or_else(|| data.title.clone().filter(|t| !t.trim().is_empty())),
        deprecated: data.deprecated,
    }
}

/// What a schema lowered to, with the facts its use site needs.
#[derive(Clone, Debug)]
struct Lowered {
    ty: TypeRef,
    nullable: bool,
    constant: Option<serde_json::Value>,
    default: Option<serde_json::Value>,
    read_only: bool,
    write_only: bool,
    constraints: ir::Constraints,
    example: Option<serde_json::Value>,
    docs: Docs,
}

impl Lowered {
    fn of(ty: TypeRef) -> Self {
        Self {
            ty,
            nullable: false,
            constant: None,
            default: None,
            read_only: false,
            write_only: false,
            constraints: ir::Constraints::default(),
            example: None,
            docs: Docs::default(),
        }
    }
}

#[cfg(test)]
mod tests;
