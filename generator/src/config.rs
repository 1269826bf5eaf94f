//! Per-SDK configuration: crate identity and the client facts a document does
//! not state (auth prefix, idempotency header, secrets). Read from TOML by
//! the callers; `generate` itself does no file I/O.
//!
//! Every key, with its meaning, is a field below; `[client]` is
//! [`ClientConfig`]. Some of its keys switch on an API's conventions
//! beyond what OpenAPI can say, each generic (named by the header it uses):
//!
//! ```toml
//! [client]
//! version_header = "Stripe-Version"      # pin info.version; `api_version(..)` setters
//! retry_header = "Stripe-Should-Retry"   # a response's true/false overrides retrying
//! account_header = "Stripe-Account"      # `account(..)` setters (connected accounts)
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

/// Everything about the SDK that is not in the OpenAPI document.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Path of the OpenAPI document, relative to the config file (used by
    /// the tools that read config files, not by `generate`).
    #[serde(default)]
    pub spec: Option<String>,
    /// The generated package.
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    /// Client behaviour.
    #[serde(default)]
    pub client: ClientConfig,
    /// Where the upstream document comes from (for documents we do not write).
    #[serde(default)]
    pub source: Option<SourceConfig>,
    /// Which operations to generate (all when absent).
    #[serde(default)]
    pub include: Option<IncludeConfig>,
    /// What a `$ref` that resolves nowhere becomes (an error by default).
    #[serde(default)]
    pub unresolved_refs: UnresolvedRefs,
    /// Where documents that references name are read from.
    #[serde(default)]
    pub refs: RefsConfig,
    /// Webhook signature checking and event decoding (none when absent).
    #[serde(default)]
    pub webhooks: Option<WebhooksConfig>,
    /// How operations are named and grouped (by operationId when absent).
    #[serde(default)]
    pub operations: OperationsConfig,
    /// The command generated files' headers name (`sdkgen generate` unless
    /// the tool running generation says otherwise; not read from TOML).
    #[serde(skip_deserializing, default = "default_generated_by")]
    pub generated_by: String,
    /// The contents of `crate.license_files`, in their order (not read from
    /// TOML: the tool running generation reads the files, see
    /// [`crate::sources::license_texts`]).
    #[serde(skip_deserializing, default)]
    pub license_texts: Vec<LicenseText>,
}

/// One license file of the crate: its name in the crate's root and its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LicenseText {
    /// File name in the crate's root (the last component of the
    /// `license_files` entry).
    pub name: String,
    /// The file's text, copied as it is.
    pub contents: String,
}

fn default_generated_by() -> String {
    "sdkgen generate".to_owned()
}

/// `[webhooks]`: the crate gets a `webhooks` module that checks a
/// delivery's signature and decodes the event, its object as the model its
/// tag names.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WebhooksConfig {
    /// How deliveries are signed and what an event looks like.
    pub scheme: WebhookScheme,
    /// The property whose constant value names an object's kind (default
    /// `object`): models with such a constant are the kinds decoded.
    #[serde(default = "default_object_tag")]
    pub object_tag: String,
}

/// Webhook signature schemes.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum WebhookScheme {
    /// `t=<seconds>,v1=<hex HMAC-SHA256 of "{t}.{payload}">` (several `v1`
    /// while a secret is rotated), 300 seconds of tolerance by default; the
    /// event is `{id, type, created, livemode, api_version, data: {object,
    /// previous_attributes}}`.
    #[serde(rename = "stripe-v1")]
    StripeV1,
}

fn default_object_tag() -> String {
    "object".to_owned()
}

/// What a `$ref` that resolves nowhere (no such pointer, a missing file, a
/// URL with no local copy) becomes.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum UnresolvedRefs {
    /// Generation fails, listing every such reference with its location.
    #[default]
    Error,
    /// The schema becomes untyped JSON (`serde_json::Value`), with a
    /// warning for each reference. A parameter or path item that cannot be
    /// found is left out (with its warning); a response or request body
    /// becomes an untyped JSON one.
    Json,
}

/// Where referenced documents besides the main one are read from.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RefsConfig {
    /// URL prefix to local directory (relative to the config file): a
    /// `$ref` to `<prefix>rest` is read from `<directory>/rest`. sdkgen never
    /// fetches from the network; a URL without a mapping is unresolved.
    #[serde(default)]
    pub urls: BTreeMap<String, String>,
}

impl RefsConfig {
    /// The local path of `url` (relative to the config file): the mapping
    /// with the longest matching prefix, with the rest of the URL appended.
    pub fn local_copy(&self, url: &str) -> Option<String> {
        let (prefix, dir) = self
            .urls
            .iter()
            .filter(|(prefix, _)| url.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())?;
        let rest = &url[prefix.len()..];
        let dir = dir.trim_end_matches('/');
        Some(match (dir.is_empty(), rest.trim_start_matches('/')) {
            (_, "") => dir.to_owned(),
            (true, rest) => rest.to_owned(),
            (false, rest) => format!("{dir}/{rest}"),
        })
    }
}

/// The upstream document an SDK is generated from, pinned by content.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Repository publishing the document.
    pub repository: String,
    /// Path of the document in the repository.
    pub path: String,
    /// Commit the document is taken from, when known.
    #[serde(default)]
    pub commit: Option<String>,
    /// Git blob id of the document at that commit (what `git hash-object`
    /// prints for a copy with the same bytes), when known.
    #[serde(default)]
    pub git_blob: Option<String>,
    /// API version the document describes.
    #[serde(default)]
    pub api_version: Option<String>,
    /// SHA-256 of the document's bytes (hex); a local copy must match it.
    pub sha256: String,
}

/// `[operations]`: names and groups of operations. An operation in a group
/// is a method of the group's handle, `client.<group>().<name>(..)`, and
/// its request types are named after its name and the group's resource
/// (`create` in a group of resource `Widget`: `CreateWidget`, nested
/// `CreateWidgetShipping`). The first source that says wins: `names`, then
/// the first group whose paths hold the operation, then the document's own
/// `x-stripeOperations` / `x-stripeResource` extensions (unless
/// `extensions = false`), then the operationId.
///
/// ```toml
/// [[operations.groups]]
/// name = "widgets"             # client.widgets()
/// resource = "Widget"          # CreateWidget, ...
/// paths = ["/v1/widgets"]      # /v1/widgets and everything under it
/// methods = "rest"             # create, list, retrieve, update, delete, <action>
///
/// [operations.names]
/// GetWidgetsSearch = { name = "search" }
/// PostSpecial = { name = "special", group = "widgets" }
/// ```
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OperationsConfig {
    /// Groups, in order of precedence.
    #[serde(default)]
    pub groups: Vec<GroupConfig>,
    /// Per operationId: its method name and group.
    #[serde(default)]
    pub names: BTreeMap<String, OperationName>,
    /// Whether Stripe's `x-stripeOperations` / `x-stripeResource` name and
    /// group operations the config leaves alone (default yes).
    #[serde(default = "yes")]
    pub extensions: bool,
    /// Whether each group is a cargo feature of the crate (all on by
    /// default): with `default-features = false` and some features, the
    /// crate compiles only those groups' operations and the types they
    /// reach (default no).
    #[serde(default)]
    pub features: bool,
}

impl Default for OperationsConfig {
    fn default() -> Self {
        Self {
            groups: Vec::new(),
            names: BTreeMap::new(),
            extensions: true,
            features: false,
        }
    }
}

fn yes() -> bool {
    true
}

/// A group of operations: a handle type with one method per operation.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    /// The client's accessor, snake case (`widgets`: `client.widgets()`);
    /// `*` makes one group per path segment below a prefix (`paths =
    /// ["/v1"]`: `/v1/widgets/..` in `widgets`, `/v1/orders/..` in
    /// `orders`), each holding what is below its segment.
    pub name: String,
    /// The resource's singular name, for request type names (default: the
    /// group's name in PascalCase without a final `s`).
    #[serde(default)]
    pub resource: Option<String>,
    /// Path prefixes the group holds: `/v1/widgets` holds `/v1/widgets` and
    /// `/v1/widgets/...`.
    pub paths: Vec<String>,
    /// How the group's methods are named when `names` does not say.
    #[serde(default)]
    pub methods: MethodNames,
}

impl GroupConfig {
    /// Whether the group holds `path`.
    pub fn holds(&self, path: &str) -> bool {
        self.prefix_of(path).is_some()
    }

    /// The longest of the group's prefixes that holds `path`.
    pub fn prefix_of(&self, path: &str) -> Option<&str> {
        self.paths
            .iter()
            .map(|p| p.trim_end_matches('/'))
            .filter(|prefix| under(prefix, path))
            .max_by_key(|prefix| prefix.len())
    }
}

/// Whether `path` is `prefix` or below it.
fn under(prefix: &str, path: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// How a group's methods are named.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MethodNames {
    /// After the operationId (or the document's extensions).
    #[default]
    Id,
    /// After the HTTP method and the path below the group's prefix: on the
    /// collection `list` (GET) and `create` (POST); on `/{id}` `retrieve`
    /// (GET), `update` (POST, PUT, PATCH) and `delete` (DELETE); a word
    /// after them is the action (`/search`: `search`, `/{id}/capture`:
    /// `capture`); a nested collection adds its name (`/{id}/lines`:
    /// `list_lines`, `create_line`; `/{id}/lines/{line}`: `retrieve_line`).
    Rest,
}

/// The name and group one operation gets.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OperationName {
    /// The method name (snake case).
    #[serde(default)]
    pub name: Option<String>,
    /// The group (a `groups` entry's name, or a new group).
    #[serde(default)]
    pub group: Option<String>,
}

/// A subset of the document's operations.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IncludeConfig {
    /// Path prefixes: `/v1/items` includes `/v1/items` and `/v1/items/...`.
    #[serde(default)]
    pub paths: Vec<String>,
}

impl IncludeConfig {
    /// Whether operations under `path` are included.
    pub fn includes_path(&self, path: &str) -> bool {
        self.paths
            .iter()
            .any(|prefix| under(prefix.trim_end_matches('/'), path))
    }
}

/// Identity of the generated package.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// Package name, e.g. `payjp-v2`.
    pub name: String,
    /// Package version.
    #[serde(default = "default_version")]
    pub version: String,
    /// One-line package description; the document title when absent.
    #[serde(default)]
    pub description: Option<String>,
    /// SPDX license expression.
    #[serde(default)]
    pub license: Option<String>,
    /// Whether regeneration bumps `version` as semver asks (see
    /// [`Versioning`]); off by default.
    #[serde(default)]
    pub versioning: Versioning,
    /// URL of the package's source repository (`repository` in
    /// `Cargo.toml`).
    #[serde(default)]
    pub repository: Option<String>,
    /// URL of the package's documentation, e.g. its docs.rs page
    /// (`documentation`).
    #[serde(default)]
    pub documentation: Option<String>,
    /// URL of the package's home page (`homepage`).
    #[serde(default)]
    pub homepage: Option<String>,
    /// crates.io search keywords: at most 5, each at most 20 ASCII
    /// characters, starting with a letter or digit and holding only letters,
    /// digits, `_`, `-` and `+` (generation fails otherwise).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// crates.io category slugs (at most 5, each one of
    /// [`CATEGORY_SLUGS`](crate::publish::CATEGORY_SLUGS), e.g. `api-bindings`,
    /// `web-programming::http-client`).
    #[serde(default)]
    pub categories: Vec<String>,
    /// License files copied into the crate's root under their file names
    /// (paths relative to the config file, e.g. `["LICENSE-MIT",
    /// "LICENSE-APACHE"]`). `generate` does no file I/O: the tool running
    /// it reads them into [`Config::license_texts`]
    /// ([`crate::sources::license_texts`]).
    #[serde(default)]
    pub license_files: Vec<String>,
}

/// How the generated crate's version follows the changes of its API.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Versioning {
    /// The crate's version is `crate.version`, whatever changed; no
    /// `CHANGELOG.md` is written (the report is only printed).
    #[default]
    Off,
    /// Each regeneration that changes the public API bumps the previous
    /// crate's version as semver asks (0.x: breaking → minor, else patch;
    /// from 1.0: breaking → major, additions → minor, else patch), and
    /// `CHANGELOG.md` gets the report as a new entry. `crate.version` is
    /// the first version, and wins when it is higher than the previous
    /// crate's.
    Semver,
}

/// How the generated client talks to the API.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// Default base URL; the document's first server when absent.
    #[serde(default)]
    pub base_url: Option<String>,
    /// One key in a header, sent with every request; replaces the credentials
    /// derived from the document's security schemes.
    #[serde(default)]
    pub auth: Option<AuthConfig>,
    /// Header carrying the idempotency key of POST requests.
    #[serde(default)]
    pub idempotency_header: Option<String>,
    /// Response headers that carry the server's request id, first match wins.
    #[serde(default)]
    pub request_id_headers: Vec<String>,
    /// Headers sent with every request (e.g. an API version pin).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// More properties whose values are secrets: `name` (in every schema) or
    /// `Schema.name` (the component schema's name and the property's; the
    /// last `.` splits them, so `issuing.card.number` is `number` of the
    /// schema `issuing.card`).
    #[serde(default)]
    pub secrets: Vec<String>,
    /// A header sent with every request carrying the document's
    /// `info.version` (e.g. `Stripe-Version`), pinning the API version.
    /// The client builder and every request builder get an `api_version`
    /// setter that sends another version instead (the request's wins).
    #[serde(default)]
    pub version_header: Option<String>,
    /// A response header whose value overrides the retry decision (e.g.
    /// `Stripe-Should-Retry`): `true` retries the response whatever its
    /// status (within the retry budget and backoff, and only when the
    /// request is safe to send again: an idempotent method, or a request
    /// carrying an idempotency key), `false` never retries it. Other values
    /// and its absence leave the decision to the status.
    #[serde(default)]
    pub retry_header: Option<String>,
    /// A request header naming the account requests act for (e.g.
    /// `Stripe-Account`, a Connect platform's connected account). The
    /// client builder and every request builder get an `account` setter
    /// (the request's wins); unset, the header is not sent.
    #[serde(default)]
    pub account_header: Option<String>,
    /// How form bodies and query strings are written.
    #[serde(default)]
    pub form: FormConfig,
}

/// Choices `application/x-www-form-urlencoded` leaves open.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FormConfig {
    /// How `true` is written (default `true`).
    #[serde(default = "default_true", rename = "true")]
    pub true_value: String,
    /// How `false` is written (default `false`).
    #[serde(default = "default_false", rename = "false")]
    pub false_value: String,
    /// Whether `[` and `]` stay literal instead of `%5B`/`%5D` (default no).
    #[serde(default)]
    pub literal_brackets: bool,
}

impl Default for FormConfig {
    fn default() -> Self {
        Self {
            true_value: default_true(),
            false_value: default_false(),
            literal_brackets: false,
        }
    }
}

fn default_true() -> String {
    "true".to_owned()
}

fn default_false() -> String {
    "false".to_owned()
}

/// A key sent in a header.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// Header name.
    pub header: String,
    /// Text before the key, e.g. `Bearer `.
    #[serde(default)]
    pub prefix: String,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

/// Property names treated as secrets in every SDK.
pub const DEFAULT_SECRETS: &[&str] = &[
    "client_secret",
    "cvc",
    "cvv",
    "password",
    "secret",
    "api_key",
];

impl Config {
    /// A configuration with defaults for everything but the crate name.
    pub fn for_crate(name: &str) -> Self {
        Self {
            spec: None,
            krate: CrateConfig {
                name: name.to_owned(),
                version: default_version(),
                description: None,
                license: None,
                versioning: Versioning::Off,
                repository: None,
                documentation: None,
                homepage: None,
                keywords: Vec::new(),
                categories: Vec::new(),
                license_files: Vec::new(),
            },
            client: ClientConfig::default(),
            source: None,
            include: None,
            unresolved_refs: UnresolvedRefs::Error,
            refs: RefsConfig::default(),
            webhooks: None,
            operations: OperationsConfig::default(),
            generated_by: default_generated_by(),
            license_texts: Vec::new(),
        }
    }

    /// Parses a TOML configuration.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|err| err.to_string())
    }

    /// Whether property `property` of schema `schema` holds a secret.
    pub fn is_secret(&self, schema: &str, property: &str) -> bool {
        DEFAULT_SECRETS.contains(&property)
            || self
                .client
                .secrets
                .iter()
                // The last dot splits: schema names may have dots
                // (`issuing.card.number`), property names seldom do.
                .any(|entry| match entry.rsplit_once('.') {
                    Some((s, p)) => s == schema && p == property,
                    None => entry == property,
                })
    }

    /// The first line of every generated Rust file.
    pub fn header(&self) -> String {
        format!("//! Generated by {}; do not edit.", self.generated_by)
    }

    /// The first line of every other generated file (TOML, the surface).
    pub fn hash_header(&self) -> String {
        format!("# Generated by {}; do not edit.", self.generated_by)
    }

    /// The first line of every generated Markdown file (an HTML comment,
    /// which renders as nothing).
    pub fn markdown_header(&self) -> String {
        format!("<!-- Generated by {}; do not edit. -->", self.generated_by)
    }

    /// The Rust crate name (`payjp-v2` gives `payjp_v2`).
    pub fn crate_ident(&self) -> String {
        self.krate.name.replace('-', "_")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_name_a_property_everywhere_or_of_one_schema() {
        let config = Config::from_toml(
            "[crate]\nname = \"x\"\n[client]\nsecrets = [\"iban\", \"issuing.card.number\", \"Card.pin\"]\n",
        )
        .expect("valid");
        assert!(config.is_secret("anything", "iban"));
        assert!(config.is_secret("issuing.card", "number"));
        assert!(!config.is_secret("invoice", "number"));
        assert!(!config.is_secret("issuing", "card.number"));
        assert!(config.is_secret("Card", "pin"));
        assert!(!config.is_secret("Other", "pin"));
        assert!(config.is_secret("Other", "client_secret"), "a default");
    }

    #[test]
    fn conventions_read_from_toml() {
        let config = Config::from_toml(
            "[crate]\nname = \"x\"\n[client]\nversion_header = \"V\"\nretry_header = \"R\"\naccount_header = \"A\"\n",
        )
        .expect("valid");
        assert_eq!(config.client.version_header.as_deref(), Some("V"));
        assert_eq!(config.client.retry_header.as_deref(), Some("R"));
        assert_eq!(config.client.account_header.as_deref(), Some("A"));
        let default = Config::for_crate("x");
        assert_eq!(
            (default.client.retry_header, default.client.account_header),
            (None, None)
        );
    }

    #[test]
    fn unresolved_refs_and_url_mappings_read_from_toml() {
        let config = Config::from_toml(
            "unresolved_refs = \"json\"\n[crate]\nname = \"x\"\n[refs.urls]\n\"https://example.com/schemas/\" = \"vendor/schemas\"\n\"https://example.com/schemas/v2/\" = \"vendor/v2/\"\n",
        )
        .expect("valid config");
        assert_eq!(config.unresolved_refs, UnresolvedRefs::Json);
        assert_eq!(
            config
                .refs
                .local_copy("https://example.com/schemas/pet.yaml")
                .as_deref(),
            Some("vendor/schemas/pet.yaml")
        );
        // The longest prefix wins.
        assert_eq!(
            config
                .refs
                .local_copy("https://example.com/schemas/v2/a/b.json")
                .as_deref(),
            Some("vendor/v2/a/b.json")
        );
        assert_eq!(config.refs.local_copy("https://other.example/x.yaml"), None);
        let default = Config::from_toml("[crate]\nname = \"x\"\n").expect("valid config");
        assert_eq!(default.unresolved_refs, UnresolvedRefs::Error);
        assert!(Config::from_toml("unresolved_refs = \"drop\"\n[crate]\nname = \"x\"\n").is_err());
        assert!(Config::from_toml("[crate]\nname = \"x\"\n[refs]\nurl = {}\n").is_err());
    }
}
