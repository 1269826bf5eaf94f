//! Operation names and groups: what the configuration's `[operations]`
//! says, else what the document's `x-stripeOperations` / `x-stripeResource`
//! extensions say, else nothing (the operation is a client method named
//! after its operationId). The words chosen here become Rust names in the
//! naming module.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr};
use serde::Deserialize;

use crate::config::{GroupConfig, MethodNames, OperationsConfig};
use crate::ir::Method;

/// Where an operation's method name came from (for diagnostics).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Source {
    /// `[operations.names]`.
    Names,
    /// A group's `methods = "rest"`.
    Rest,
    /// `x-stripeOperations`.
    Extension,
}

/// The group (raw words) and the method name an operation gets, when
/// anything says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Choice {
    /// The group's name and its resource's singular name.
    pub group: Option<(String, String)>,
    /// The method name, and what said it.
    pub name: Option<(String, Source)>,
}

/// One entry of a schema's `x-stripeOperations`.
#[derive(Deserialize)]
struct ExtensionOperation {
    method_name: String,
    #[serde(default)]
    method_on: Option<String>,
    operation: String,
    path: String,
}

/// A schema's `x-stripeResource`.
#[derive(Deserialize, Default)]
struct ExtensionResource {
    #[serde(default)]
    class_name: Option<String>,
    #[serde(default)]
    in_package: Option<String>,
}

/// What the document's extensions say of one operation.
#[derive(Clone, Debug)]
struct Named {
    method_name: String,
    group: String,
    resource: String,
}

/// The rules for one document and configuration.
pub(super) struct Grouping<'a> {
    config: &'a OperationsConfig,
    /// From the extensions, by (lowercase HTTP method, path).
    extensions: BTreeMap<(String, String), Named>,
    /// Every path of the document, with how many methods it has (to tell
    /// a nested collection, and a sub-resource read and written at one path).
    paths: BTreeMap<&'a str, usize>,
}

impl<'a> Grouping<'a> {
    pub(super) fn new(doc: &'a OpenAPI, config: &'a OperationsConfig) -> Self {
        let extensions = if config.extensions {
            extension_names(doc)
        } else {
            BTreeMap::new()
        };
        Self {
            config,
            extensions,
            paths: doc
                .paths
                .paths
                .iter()
                .map(|(path, item)| {
                    let methods = item.as_item().map_or(0, |item| item.iter().count());
                    (path.as_str(), methods)
                })
                .collect(),
        }
    }

    /// What names and groups the operation `id` (`method path`).
    pub(super) fn choose(&self, id: Option<&str>, method: Method, path: &str) -> Choice {
        let named = id.and_then(|id| self.config.names.get(id));
        let ext = self
            .extensions
            .get(&(method.as_str().to_lowercase(), path.to_owned()));
        let config_group = match named.and_then(|n| n.group.as_deref()) {
            Some(name) => Some(self.group_named(name)),
            None => self.config.groups.iter().find_map(|g| concrete(g, path)),
        };
        let group = match (&config_group, ext) {
            (Some(g), _) => Some((g.name.clone(), resource_of(g))),
            (None, Some(e)) => Some((e.group.clone(), e.resource.clone())),
            (None, None) => None,
        };
        let rest = config_group
            .as_ref()
            .filter(|g| g.methods == MethodNames::Rest)
            .and_then(|g| self.rest_name(g, method, path));
        let name = match (named.and_then(|n| n.name.clone()), rest, ext) {
            (Some(name), _, _) => Some((name, Source::Names)),
            (None, Some(name), _) => Some((name, Source::Rest)),
            (None, None, Some(e)) => Some((e.method_name.clone(), Source::Extension)),
            (None, None, None) => None,
        };
        Choice { group, name }
    }

    /// The configured group `name`, or a group of that name holding nothing.
    fn group_named(&self, name: &str) -> GroupConfig {
        self.config
            .groups
            .iter()
            .find(|g| g.name == name)
            .cloned()
            .unwrap_or_else(|| GroupConfig {
                name: name.to_owned(),
                resource: None,
                paths: Vec::new(),
                methods: MethodNames::Id,
            })
    }

    /// The `methods = "rest"` name of `method path` in `group`.
    fn rest_name(&self, group: &GroupConfig, method: Method, path: &str) -> Option<String> {
        let prefix = group.prefix_of(path)?;
        let segments: Vec<&str> = path[prefix.len()..]
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
        // A word whose path has an item below it (`/{id}/lines/{line}`)
        // is a nested collection; otherwise an action (`/{id}/capture`).
        // Whether a path has an item right below the first `upto` segments
        // (parameters match whatever their names: `{id}` and `{fee}`).
        let head: Vec<&str> = path.split('/').collect();
        let same = |a: &str, b: &str| a == b || (is_param(a) && is_param(b));
        let has_items = |upto: usize| {
            let wanted = prefix.split('/').count() + upto;
            self.paths.keys().any(|p| {
                let other: Vec<&str> = p.split('/').collect();
                other.len() == wanted + 1
                    && other[..wanted].iter().zip(&head).all(|(a, b)| same(a, b))
                    && is_param(other[wanted])
            })
        };
        // A sub-resource read and written at one path (`/{id}/dispute`)
        // takes the verbs an item does: `retrieve_dispute`.
        let shared = self.paths.get(path).is_some_and(|n| *n > 1) || method == Method::Delete;
        let collection_verb = || match method {
            Method::Get => Some("list".to_owned()),
            Method::Post => Some("create".to_owned()),
            _ => None,
        };
        let item_verb = || match method {
            Method::Get => Some("retrieve".to_owned()),
            Method::Post | Method::Put | Method::Patch => Some("update".to_owned()),
            Method::Delete => Some("delete".to_owned()),
            _ => None,
        };
        // A nested collection's verbs carry its name: `list_lines`,
        // `create_line`; its items' `retrieve_line`, ...
        let on_collection = |word: &str| {
            let verb = collection_verb()?;
            Some(match verb.as_str() {
                "list" => format!("list_{word}"),
                _ => format!("{verb}_{}", crate::naming::singular(word)),
            })
        };
        let on_item = |word: &str| {
            Some(format!(
                "{}_{}",
                item_verb()?,
                crate::naming::singular(word)
            ))
        };
        match segments.as_slice() {
            [] => collection_verb(),
            [item] if is_param(item) => item_verb(),
            [word] if has_items(1) => on_collection(word),
            [word] if shared && !is_param(word) => Some(format!("{}_{word}", item_verb()?)),
            [word, item] if !is_param(word) && is_param(item) => on_item(word),
            [item, words @ ..] if is_param(item) && !words.iter().any(|w| is_param(w)) => {
                if words.len() == 1 && has_items(2) {
                    on_collection(words[0])
                } else if words.len() == 1 && shared {
                    Some(format!("{}_{}", item_verb()?, words[0]))
                } else {
                    Some(words.join("_"))
                }
            }
            [item, word, sub] if is_param(item) && !is_param(word) && is_param(sub) => {
                on_item(word)
            }
            words if !words.iter().any(|w| is_param(w)) => Some(words.join("_")),
            _ => None,
        }
    }
}

/// The operationIds `[operations.names]` lists that no operation has.
pub(super) fn unknown_names<'c>(doc: &OpenAPI, config: &'c OperationsConfig) -> Vec<&'c str> {
    let ids: BTreeSet<&str> = doc
        .paths
        .paths
        .values()
        .filter_map(ReferenceOr::as_item)
        .flat_map(|item| item.iter().filter_map(|(_, op)| op.operation_id.as_deref()))
        .collect();
    config
        .names
        .keys()
        .map(String::as_str)
        .filter(|id| !ids.contains(id))
        .collect()
}

/// `group` as it applies to `path`, if it holds it: a `*` group becomes
/// the group of the segment below its prefix (none when `path` is the
/// prefix itself or a parameter follows it).
fn concrete(group: &GroupConfig, path: &str) -> Option<GroupConfig> {
    let prefix = group.prefix_of(path)?;
    if group.name != "*" {
        return Some(group.clone());
    }
    let segment = path[prefix.len()..].split('/').find(|s| !s.is_empty())?;
    if segment.starts_with('{') {
        return None;
    }
    Some(GroupConfig {
        name: segment.to_owned(),
        resource: None,
        paths: vec![format!("{prefix}/{segment}")],
        methods: group.methods,
    })
}

/// A configured group's resource: as written, else its name in PascalCase
/// without a plural ending.
fn resource_of(group: &GroupConfig) -> String {
    group
        .resource
        .clone()
        .unwrap_or_else(|| crate::naming::singular(&group.name))
}

/// The extensions' names of every operation they mention, first mention
/// winning (schemas in document order). Entries on a list object
/// (`method_on: collection`) repeat the resource's and are skipped.
fn extension_names(doc: &OpenAPI) -> BTreeMap<(String, String), Named> {
    let mut out = BTreeMap::new();
    let Some(components) = &doc.components else {
        return out;
    };
    for (schema_name, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let extensions = &schema.schema_data.extensions;
        let Some(operations) = extensions.get("x-stripeOperations") else {
            continue;
        };
        let Ok(operations) = serde_json::from_value::<Vec<ExtensionOperation>>(operations.clone())
        else {
            continue;
        };
        let resource: ExtensionResource = extensions
            .get("x-stripeResource")
            .and_then(|r| serde_json::from_value(r.clone()).ok())
            .unwrap_or_default();
        let class = resource
            .class_name
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| schema_name.replace('.', "_"));
        let package = resource.in_package.filter(|p| !p.trim().is_empty());
        let group = crate::naming::plural(&class);
        let (group, resource) = match package {
            Some(package) => (format!("{package}_{group}"), format!("{package}_{class}")),
            None => (group, class),
        };
        for op in operations {
            if op.method_on.as_deref() == Some("collection") {
                continue;
            }
            out.entry((op.operation.to_lowercase(), op.path))
                .or_insert_with(|| Named {
                    method_name: op.method_name,
                    group: group.clone(),
                    resource: resource.clone(),
                });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn grouping_of<'a>(doc: &'a OpenAPI, config: &'a Config) -> Grouping<'a> {
        Grouping::new(doc, &config.operations)
    }

    /// A document of `paths`, each `path method...` (methods lowercase).
    fn doc(paths: &[&str]) -> OpenAPI {
        let paths: serde_json::Map<String, serde_json::Value> = paths
            .iter()
            .map(|entry| {
                let mut words = entry.split_whitespace();
                let path = words.next().unwrap_or_default().to_owned();
                let methods: serde_json::Map<String, serde_json::Value> = words
                    .map(|m| (m.to_owned(), serde_json::json!({"responses": {}})))
                    .collect();
                (path, serde_json::Value::Object(methods))
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.0",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
        }))
        .expect("a document")
    }

    fn rest_config() -> Config {
        Config::from_toml(
            "[crate]\nname = \"x\"\n[[operations.groups]]\nname = \"invoices\"\npaths = [\"/v1/invoices\"]\nmethods = \"rest\"\n[operations.names]\nSpecial = { name = \"mark\" }\nElsewhere = { group = \"others\", name = \"go\" }\n",
        )
        .expect("valid config")
    }

    #[test]
    fn rest_names_follow_the_method_and_the_path_below_the_prefix() {
        let doc = doc(&[
            "/v1/invoices",
            "/v1/invoices/search",
            "/v1/invoices/{invoice}",
            "/v1/invoices/{invoice}/pay",
            "/v1/invoices/{invoice}/mark_uncollectible",
            "/v1/invoices/{invoice}/lines",
            "/v1/invoices/{invoice}/lines/{line}",
            "/v1/invoices/{invoice}/a/b",
            "/v1/invoices/batches",
            "/v1/invoices/batches/{batch}",
            "/v1/invoices/{id}/notes",
            "/v1/invoices/{invoice}/notes/{note}",
            "/v1/invoices/{invoice}/summary get post",
            "/v1/invoices/{invoice}/discount delete",
            "/v1/invoices/settings get post",
        ]);
        let config = rest_config();
        let grouping = grouping_of(&doc, &config);
        let name = |method, path| {
            grouping
                .choose(None, method, path)
                .name
                .map(|(name, source)| {
                    assert_eq!(source, Source::Rest);
                    name
                })
        };
        let cases = [
            (Method::Get, "/v1/invoices", Some("list")),
            (Method::Post, "/v1/invoices", Some("create")),
            (Method::Put, "/v1/invoices", None),
            (Method::Get, "/v1/invoices/search", Some("search")),
            (Method::Get, "/v1/invoices/{invoice}", Some("retrieve")),
            (Method::Post, "/v1/invoices/{invoice}", Some("update")),
            (Method::Delete, "/v1/invoices/{invoice}", Some("delete")),
            (Method::Post, "/v1/invoices/{invoice}/pay", Some("pay")),
            (
                Method::Post,
                "/v1/invoices/{invoice}/mark_uncollectible",
                Some("mark_uncollectible"),
            ),
            (
                Method::Get,
                "/v1/invoices/{invoice}/lines",
                Some("list_lines"),
            ),
            (
                Method::Post,
                "/v1/invoices/{invoice}/lines",
                Some("create_line"),
            ),
            (
                Method::Get,
                "/v1/invoices/{invoice}/lines/{line}",
                Some("retrieve_line"),
            ),
            (
                Method::Delete,
                "/v1/invoices/{invoice}/lines/{line}",
                Some("delete_line"),
            ),
            (Method::Post, "/v1/invoices/{invoice}/a/b", Some("a_b")),
            (Method::Get, "/v1/invoices/batches", Some("list_batches")),
            (Method::Post, "/v1/invoices/batches", Some("create_batch")),
            (
                Method::Get,
                "/v1/invoices/batches/{batch}",
                Some("retrieve_batch"),
            ),
        ];
        for (method, path, expected) in cases {
            assert_eq!(name(method, path).as_deref(), expected, "{method:?} {path}");
        }
        let choice = grouping.choose(None, Method::Get, "/v1/invoices");
        assert_eq!(
            choice.group,
            Some(("invoices".to_owned(), "invoice".to_owned()))
        );
        // Outside every group, with no extension: nothing says.
        assert_eq!(
            grouping.choose(None, Method::Get, "/v1/invoicesx"),
            Choice::default()
        );
    }

    #[test]
    fn a_star_group_is_one_group_per_segment() {
        let doc = doc(&["/v1/charges/{charge}/capture", "/v1/customers"]);
        let config = Config::from_toml(
            "[crate]\nname = \"x\"\n[[operations.groups]]\nname = \"*\"\npaths = [\"/v1\"]\nmethods = \"rest\"\n",
        )
        .expect("valid config");
        let grouping = grouping_of(&doc, &config);
        let choice = grouping.choose(None, Method::Post, "/v1/charges/{charge}/capture");
        assert_eq!(
            choice.group,
            Some(("charges".to_owned(), "charge".to_owned()))
        );
        assert_eq!(choice.name, Some(("capture".to_owned(), Source::Rest)));
        let choice = grouping.choose(None, Method::Get, "/v1/customers");
        assert_eq!(
            choice.group,
            Some(("customers".to_owned(), "customer".to_owned()))
        );
        assert_eq!(choice.name, Some(("list".to_owned(), Source::Rest)));
        assert_eq!(grouping.choose(None, Method::Get, "/v1"), Choice::default());
        assert_eq!(
            grouping.choose(None, Method::Get, "/v1/{x}"),
            Choice::default()
        );
    }

    #[test]
    fn names_win_over_rules_and_may_name_a_group() {
        let doc = doc(&["/v1/invoices/{invoice}/pay", "/v2/elsewhere"]);
        let config = rest_config();
        let grouping = grouping_of(&doc, &config);
        let choice = grouping.choose(Some("Special"), Method::Post, "/v1/invoices/{invoice}/pay");
        assert_eq!(choice.name, Some(("mark".to_owned(), Source::Names)));
        let choice = grouping.choose(Some("Elsewhere"), Method::Get, "/v2/elsewhere");
        assert_eq!(
            choice.group,
            Some(("others".to_owned(), "other".to_owned()))
        );
        assert_eq!(choice.name, Some(("go".to_owned(), Source::Names)));
    }

    #[test]
    fn extensions_name_what_the_config_leaves_alone() {
        let mut doc = doc(&["/v1/cards/{card}", "/v1/widgets"]);
        let schemas = serde_json::json!({
            "issuing.card": {
                "type": "object",
                "x-stripeResource": {"class_name": "Card", "in_package": "Issuing"},
                "x-stripeOperations": [
                    {"method_name": "retrieve", "method_on": "service", "method_type": "retrieve", "operation": "get", "path": "/v1/cards/{card}"},
                    {"method_name": "list", "method_on": "collection", "method_type": "list", "operation": "get", "path": "/v1/widgets"}
                ]
            }
        });
        doc.components = Some(
            serde_json::from_value(serde_json::json!({ "schemas": schemas })).expect("components"),
        );
        let config = Config::from_toml("[crate]\nname = \"x\"\n").expect("valid config");
        let grouping = grouping_of(&doc, &config);
        let choice = grouping.choose(Some("GetCard"), Method::Get, "/v1/cards/{card}");
        assert_eq!(
            choice.group,
            Some(("Issuing_Cards".to_owned(), "Issuing_Card".to_owned()))
        );
        assert_eq!(
            choice.name,
            Some(("retrieve".to_owned(), Source::Extension))
        );
        // A list object's entries are skipped.
        assert_eq!(
            grouping.choose(None, Method::Get, "/v1/widgets"),
            Choice::default()
        );
        let off = Config::from_toml("[crate]\nname = \"x\"\n[operations]\nextensions = false\n")
            .expect("valid config");
        let grouping = grouping_of(&doc, &off);
        assert_eq!(
            grouping.choose(None, Method::Get, "/v1/cards/{card}"),
            Choice::default()
        );
    }
}
