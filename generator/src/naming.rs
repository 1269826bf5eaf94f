//! Naming: the one place where document names become Rust identifiers.
//!
//! Case conversion uses `heck`; anything that is not an ASCII letter, digit or
//! separator is dropped; names starting with a digit get an `x`/`X` prefix;
//! keywords become raw identifiers (or get a `_` suffix where raw identifiers
//! are not allowed); collisions get deterministic numeric suffixes in order of
//! appearance. Nothing here panics.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords of every edition, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names used unqualified in generated code (the prelude and what the
/// generated modules rely on); a schema with such a name is renamed.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Default",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Self",
];

/// Types a generated crate defines or re-exports at its root (the runtime's
/// `Error`, `Client`, ...): a model with such a name would stand beside
/// them (`models::Error` and `crate::Error`), so it is renamed like the
/// reserved names. A test holds this list to the rendered `lib.rs`.
pub const ROOT_TYPES: &[&str] = &[
    "ApiError",
    "Async",
    "BodyTooLarge",
    "Client",
    "ClientBuilder",
    "DecodeError",
    "Download",
    "DownloadStream",
    "Error",
    "ErrorBody",
    "ErrorDetails",
    "Expandable",
    "HasId",
    "HeaderMap",
    "ListStyle",
    "Method",
    "Mode",
    "Multipart",
    "Nullable",
    "Operation",
    "OperationInfo",
    "OrEmpty",
    "Paginated",
    "Query",
    "RawOperation",
    "RawResponse",
    "Request",
    "RequestBody",
    "Response",
    "RetryPolicy",
    "StatusCode",
    "TransportError",
    "TransportKind",
    "UnexpectedResponse",
    "Upload",
];

/// Module names that would shadow crates or files the generated code uses.
const CRATE_NAMES: &[&str] = &[
    "mod",
    "lib",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "chrono",
    "uuid",
    "reqwest",
    "bytes",
    "url",
    "thiserror",
    "tokio",
    "futures",
    "tracing",
    "http",
];

/// Names of methods every request builder has; parameters must not take them.
pub const REQUEST_METHODS: &[&str] = &[
    "body",
    "send",
    "send_with_response",
    "timeout",
    "idempotency_key",
    "header",
    "into_future",
    "new",
    "op",
    "client",
    "options",
    "max_retries",
];

/// Names of the generated `Client`'s own methods (inherent, in the runtime
/// templates; with `TRAIT_METHODS`, those of the traits it implements); an
/// operation must not take them. Keep in step with `templates/src/client.rs`
/// and `templates/src/blocking.rs`.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "retry_policy",
    "runtime",
    "execute",
    "attempt",
    "raw",
    "from_inner",
    "inner",
    "deref",
];

/// Methods of the traits the client and a group's handle implement
/// (`Clone`, `Debug`, and the blanket ones), which no operation takes.
const TRAIT_METHODS: &[&str] = &[
    "clone",
    "clone_from",
    "fmt",
    "into",
    "from",
    "to_owned",
    "type_id",
];

/// Methods a group handle has besides its operations' and the traits'.
const HANDLE_METHODS: &[&str] = &["client"];

/// Latin letters with diacritics and ligatures, by their ASCII spelling.
const ASCII_FOLDS: &[(&str, &str)] = &[
    ("àáâãäåāăą", "a"),
    ("ÀÁÂÃÄÅĀĂĄ", "A"),
    ("æ", "ae"),
    ("Æ", "AE"),
    ("çćĉċč", "c"),
    ("ÇĆĈĊČ", "C"),
    ("ďđð", "d"),
    ("ĎĐÐ", "D"),
    ("èéêëēĕėęě", "e"),
    ("ÈÉÊËĒĔĖĘĚ", "E"),
    ("ĝğġģ", "g"),
    ("ĜĞĠĢ", "G"),
    ("ĥħ", "h"),
    ("ĤĦ", "H"),
    ("ìíîïĩīĭįı", "i"),
    ("ÌÍÎÏĨĪĬĮİ", "I"),
    ("ĵ", "j"),
    ("Ĵ", "J"),
    ("ķ", "k"),
    ("Ķ", "K"),
    ("ĺļľŀł", "l"),
    ("ĹĻĽĿŁ", "L"),
    ("ñńņňŉ", "n"),
    ("ÑŃŅŇ", "N"),
    ("òóôõöøōŏő", "o"),
    ("ÒÓÔÕÖØŌŎŐ", "O"),
    ("œ", "oe"),
    ("Œ", "OE"),
    ("ŕŗř", "r"),
    ("ŔŖŘ", "R"),
    ("śŝşš", "s"),
    ("ŚŜŞŠ", "S"),
    ("ß", "ss"),
    ("ţťŧ", "t"),
    ("ŢŤŦ", "T"),
    ("þ", "th"),
    ("Þ", "Th"),
    ("ùúûüũūŭůűų", "u"),
    ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
    ("ŵ", "w"),
    ("Ŵ", "W"),
    ("ýÿŷ", "y"),
    ("ÝŸŶ", "Y"),
    ("źżž", "z"),
    ("ŹŻŽ", "Z"),
];

/// Keeps ASCII letters and digits (Latin letters with diacritics become
/// their ASCII spelling), turns everything else into word breaks.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some((_, ascii)) = ASCII_FOLDS.iter().find(|(from, _)| from.contains(c)) {
            out.push_str(ascii);
        } else {
            out.push(' ');
        }
    }
    out
}

/// `UpperCamelCase` form of `raw`, or `None` when nothing nameable is left.
pub fn pascal(raw: &str) -> Option<String> {
    let name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        return None;
    }
    Some(if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("X{name}")
    } else {
        name
    })
}

/// `snake_case` form of `raw` (not yet keyword-escaped), or `None`.
pub fn snake(raw: &str) -> Option<String> {
    let name = words(raw).to_snake_case();
    if name.is_empty() {
        return None;
    }
    Some(if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("x{name}")
    } else {
        name
    })
}

/// Makes a snake-case name usable as a field, parameter or method name.
pub fn escape_value_ident(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Makes a snake-case name usable as a module (file) name.
fn escape_module(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The identifier without a raw prefix, for building derived names.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Whether a builder method named `name` (taking `self` and one value,
/// returning `Self`) has the shape of a `std::ops` operator method, which
/// clippy's `should_implement_trait` flags: a setter for a field called
/// `add` keeps the field's name, with that lint allowed on it.
pub fn is_operator_method(name: &str) -> bool {
    matches!(
        unraw(name),
        "add" | "sub" | "mul" | "div" | "rem" | "shl" | "shr" | "bitand" | "bitor" | "bitxor"
    )
}

/// Longest module (file) name kept as it is.
const MAX_MODULE_LEN: usize = 120;

/// `name`, or its first part plus a stable hash of all of it when too long.
fn shorten(name: &str) -> String {
    if name.len() <= MAX_MODULE_LEN {
        return name.to_owned();
    }
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let cut = name[..MAX_MODULE_LEN - 17].trim_end_matches('_');
    format!("{cut}_{hash:016x}")
}

/// Returns `base`, or `base` + the first free numeric suffix, and records it.
fn claim(taken: &mut BTreeSet<String>, base: &str, separator: &str) -> String {
    if taken.insert(base.to_owned()) {
        return base.to_owned();
    }
    let mut n = 2usize;
    loop {
        let candidate = format!("{base}{separator}{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The PascalCase parts joined, each dropping a first word that repeats the
/// last word of the name so far (a part is never dropped whole).
fn without_stutter(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        let first = first_word(part);
        // A whole word: PascalCase words start with an uppercase letter.
        let repeated = first.starts_with(char::is_uppercase)
            && first.len() < part.len()
            && out.ends_with(first);
        out.push_str(if repeated { &part[first.len()..] } else { part });
    }
    out
}

/// The first word of a PascalCase name: up to the next uppercase letter.
fn first_word(name: &str) -> &str {
    let end = name
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_uppercase())
        .map_or(name.len(), |(i, _)| i);
    &name[..end]
}

/// Hands out crate-wide unique names: types, their modules, client methods.
#[derive(Debug, Default)]
pub struct Namer {
    types: BTreeSet<String>,
    modules: BTreeSet<String>,
    methods: BTreeSet<String>,
    /// Tag to module name, so every operation of a tag lands in one file.
    tags: std::collections::BTreeMap<String, String>,
    tag_modules: BTreeSet<String>,
    /// Method names taken in each group, by the group's accessor.
    group_methods: std::collections::BTreeMap<String, BTreeSet<String>>,
    /// Cargo feature names taken.
    features: BTreeSet<String>,
}

/// Cargo features every generated crate has (or cargo reserves).
const CRATE_FEATURES: &[&str] = &["default", "blocking"];

impl Namer {
    /// A namer with the crate's own reserved names taken.
    pub fn new() -> Self {
        let mut namer = Self::default();
        namer.types.extend(
            RESERVED_TYPES
                .iter()
                .chain(ROOT_TYPES)
                .map(|s| (*s).to_owned()),
        );
        namer
            .modules
            .extend(CRATE_NAMES.iter().map(|s| (*s).to_owned()));
        namer
            .tag_modules
            .extend(CRATE_NAMES.iter().map(|s| (*s).to_owned()));
        namer.methods.extend(
            CLIENT_METHODS
                .iter()
                .chain(TRAIT_METHODS)
                .map(|s| (*s).to_owned()),
        );
        namer
    }

    /// A unique type name from the candidate words (joined in order), e.g.
    /// `["PaymentIntent", "status"]` gives `PaymentIntentStatus`. A part
    /// that starts with the word the name so far ends with loses it
    /// (`["CardRequest", "request_three_d_secure"]` gives
    /// `CardRequestThreeDSecure`), unless that name is taken, when the
    /// parts are joined whole.
    pub fn type_name(&mut self, parts: &[&str]) -> String {
        let pascals: Vec<String> = parts.iter().filter_map(|p| pascal(p)).collect();
        let joined = pascals.concat();
        let shortened = without_stutter(&pascals);
        let base = if joined.is_empty() {
            "Type".to_owned()
        } else if shortened != joined && !self.types.contains(&shortened) {
            shortened
        } else {
            joined
        };
        let base = if RESERVED_TYPES.contains(&base.as_str()) || ROOT_TYPES.contains(&base.as_str())
        {
            format!("{base}Model")
        } else {
            base
        };
        claim(&mut self.types, &base, "")
    }

    /// A unique module name for a type name; very long ones are cut (file
    /// names are limited to 255 bytes) and end in a hash of the whole name.
    pub fn module_name(&mut self, type_name: &str) -> String {
        let base = escape_module(snake(type_name).unwrap_or_else(|| "model".to_owned()));
        claim(&mut self.modules, &shorten(&base), "_")
    }

    /// The module for operations with tag `tag` (`None`: untagged).
    pub fn tag_module(&mut self, tag: Option<&str>) -> String {
        let key = tag.unwrap_or("").to_owned();
        if let Some(existing) = self.tags.get(&key) {
            return existing.clone();
        }
        let base = match (tag, tag.and_then(snake)) {
            (_, Some(name)) => escape_module(name),
            // A tag with nothing nameable in it (e.g. written in Japanese).
            (Some(_), None) => "tag".to_owned(),
            (None, None) => "untagged".to_owned(),
        };
        let name = claim(&mut self.tag_modules, &base, "_");
        self.tags.insert(key, name.clone());
        name
    }

    /// The client accessor and the handle type of a group named `name`
    /// (`payment_intents`: `payment_intents()` returning `PaymentIntents`);
    /// a type name taken by a model gets `Api` appended.
    pub fn group(&mut self, name: &str) -> (String, String) {
        let accessor = self.method_name(name);
        let base = pascal(name).unwrap_or_else(|| "Operations".to_owned());
        let type_name = if self.types.contains(&base) {
            self.type_name(&[base.as_str(), "Api"])
        } else {
            self.type_name(&[base.as_str()])
        };
        (accessor, type_name)
    }

    /// The cargo feature of the group `accessor`: its name, unique and clear
    /// of the crate's own features (`default`, `blocking`).
    pub fn feature_name(&mut self, accessor: &str) -> String {
        if self.features.is_empty() {
            self.features
                .extend(CRATE_FEATURES.iter().map(|s| (*s).to_owned()));
        }
        claim(&mut self.features, unraw(accessor), "_")
    }

    /// A method name for an operation of the group `accessor`, unique in it.
    pub fn group_method(&mut self, accessor: &str, name: &str) -> String {
        let taken = self
            .group_methods
            .entry(accessor.to_owned())
            .or_insert_with(|| {
                HANDLE_METHODS
                    .iter()
                    .chain(TRAIT_METHODS)
                    .map(|s| (*s).to_owned())
                    .collect()
            });
        let base = snake(name).unwrap_or_else(|| "operation".to_owned());
        escape_value_ident(claim(taken, &base, "_"))
    }

    /// The module of the group `accessor`'s operations: a file of its own
    /// (no tag's), so a group's cargo feature can leave the whole file out.
    pub fn group_module(&mut self, accessor: &str) -> String {
        let key = format!("\u{0}group {accessor}");
        if let Some(existing) = self.tags.get(&key) {
            return existing.clone();
        }
        let base = escape_module(snake(unraw(accessor)).unwrap_or_else(|| "group".to_owned()));
        let name = claim(&mut self.tag_modules, &base, "_");
        self.tags.insert(key, name.clone());
        name
    }

    /// A unique client method name for an operation.
    pub fn method_name(&mut self, operation_id: &str) -> String {
        let base = snake(operation_id).unwrap_or_else(|| "operation".to_owned());
        let name = claim(&mut self.methods, &base, "_");
        escape_value_ident(name)
    }
}

/// A word's plural, by the regular English endings (`card`: `cards`,
/// `Policy`: `Policies`, `box`: `boxes`), keeping its case.
pub fn plural(word: &str) -> String {
    let lower = word.to_lowercase();
    let vowel_before_y = lower
        .chars()
        .rev()
        .nth(1)
        .is_some_and(|c| "aeiou".contains(c));
    if lower.ends_with('y') && !vowel_before_y && word.len() > 1 {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// A plural word's singular, undoing [`plural`] (`invoices`: `invoice`,
/// `policies`: `policy`, `boxes`: `box`); other words stay as they are.
pub fn singular(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.ends_with("ies") && word.len() > 3 {
        format!("{}y", &word[..word.len() - 3])
    } else if ["ses", "xes", "zes", "ches", "shes"]
        .iter()
        .any(|e| lower.ends_with(e))
        && !lower.ends_with("uses")
    {
        word[..word.len() - 2].to_owned()
    } else if lower.ends_with('s') && !lower.ends_with("ss") && word.len() > 1 {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// The builder setter of the one credential of a single-scheme API (or the
/// one the configuration names).
pub const API_KEY_SETTER: &str = "api_key";

/// The setter of the account header (`[client] account_header`), on the
/// client builder and on every request builder.
pub const ACCOUNT_SETTER: &str = "account";

/// The setter of the API version header (`[client] version_header`), on
/// the client builder and on every request builder.
pub const API_VERSION_SETTER: &str = "api_version";

/// Methods of the client builder (and of `Debug`/`Default`) that a
/// credential setter must not take.
const BUILDER_METHODS: &[&str] = &[
    "api_key",
    "base_url",
    "timeout",
    "max_retries",
    "retry_policy",
    "max_response_bytes",
    "user_agent",
    "http_client",
    "build",
    "build_blocking",
    "credential",
    "default_header",
    "inner",
    "default",
    "fmt",
];

/// Builder setter names of the API's credentials, one per security scheme
/// name in order: the scheme's name in snake case, unique and clear of the
/// builder's own methods (`api_key` included, which sets the one
/// credential of a single-scheme API) and of the setters in `reserved`
/// (those the API's conventions add).
pub fn credential_setters<'a>(
    schemes: impl IntoIterator<Item = &'a str>,
    reserved: &[&str],
) -> Vec<String> {
    let mut taken: BTreeSet<String> = BUILDER_METHODS
        .iter()
        .chain(reserved)
        .map(|s| (*s).to_owned())
        .collect();
    schemes
        .into_iter()
        .map(|scheme| {
            let base = snake(scheme).unwrap_or_else(|| "credential".to_owned());
            escape_value_ident(claim(&mut taken, &base, "_"))
        })
        .collect()
}

/// Field names for a struct's properties, in order; unique within the struct.
pub fn field_names<'a>(wire: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = BTreeSet::new();
    wire.into_iter()
        .enumerate()
        .map(|(i, w)| {
            let base = snake(w).unwrap_or_else(|| format!("field{}", i + 1));
            escape_value_ident(claim(&mut taken, &base, "_"))
        })
        .collect()
}

/// The locals a struct's decoder collects its fields in: each named after
/// its field (the field's Rust name, raw identifiers kept), except where
/// that would shadow the decoder's own `map`, `key` or `extra`, or a
/// keyword escape would not be a plain identifier, which get a `_value`
/// suffix (and a number, when that too is taken).
pub fn decoder_locals<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    const DECODER: &[&str] = &["map", "key", "extra"];
    let mut taken: BTreeSet<String> = DECODER.iter().map(|s| (*s).to_owned()).collect();
    let fields: Vec<&str> = fields.into_iter().collect();
    // A field's own name is taken first, so that no suffixed local takes
    // the name of a later field.
    taken.extend(fields.iter().map(|f| (*f).to_owned()));
    fields
        .iter()
        .map(|field| {
            if DECODER.contains(field) {
                claim(&mut taken, &format!("{field}_value"), "_")
            } else {
                (*field).to_owned()
            }
        })
        .collect()
}

/// Field names of a struct plus a free name for its map of additional
/// properties (`additional_properties` unless a property took it).
pub fn struct_field_names(wire: &[&str]) -> (Vec<String>, String) {
    let names = field_names(wire.iter().copied());
    let mut taken: BTreeSet<String> = names.iter().map(|n| unraw(n).to_owned()).collect();
    let extra = claim(&mut taken, "additional_properties", "_");
    (names, extra)
}

/// What builder methods a field of a request struct gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetterKinds {
    /// A setter taking a value.
    pub value: bool,
    /// A method that sets the field to JSON `null`.
    pub null: bool,
}

/// Builder method names of a request struct, per field (Rust field names
/// in order): the setter (the field's own name, `with_new` for `new`) and
/// the null setter (`clear_<field>`), where the field has them. Unique
/// within the struct and clear of the constructor `new`.
pub fn setter_names(fields: &[(&str, SetterKinds)]) -> Vec<(Option<String>, Option<String>)> {
    let mut taken: BTreeSet<String> = BTreeSet::from(["new".to_owned()]);
    let mut claim_method = |base: String| escape_value_ident(claim(&mut taken, &base, "_"));
    fields
        .iter()
        .map(|(field, kinds)| {
            let field = unraw(field);
            let value = kinds.value.then(|| {
                claim_method(if field == "new" {
                    "with_new".to_owned()
                } else {
                    field.trim_end_matches('_').to_owned()
                })
            });
            let null = kinds
                .null
                .then(|| claim_method(format!("clear_{}", field.trim_end_matches('_'))));
            (value, null)
        })
        .collect()
}

/// Parameter names for an operation, unique and clear of the names of the
/// request builder's own methods and of the setters in `reserved` (those
/// the API's conventions add to every request builder).
pub fn param_names<'a>(wire: impl IntoIterator<Item = &'a str>, reserved: &[&str]) -> Vec<String> {
    let mut taken: BTreeSet<String> = REQUEST_METHODS
        .iter()
        .chain(reserved)
        .map(|s| (*s).to_owned())
        .collect();
    wire.into_iter()
        .enumerate()
        .map(|(i, w)| {
            let base = snake(w).unwrap_or_else(|| format!("param{}", i + 1));
            escape_value_ident(claim(&mut taken, &base, "_"))
        })
        .collect()
}

/// Variant names for enum values plus the name of the fallback variant that
/// keeps unknown values (`Unknown` unless a value already took it).
pub fn enum_variant_names(values: &[serde_json::Value]) -> (Vec<String>, String) {
    enum_variant_names_titled(values, &[])
}

/// [`enum_variant_names`], naming a value after its `title` where it has
/// one (`titles` runs parallel to `values`; missing entries have none).
pub fn enum_variant_names_titled(
    values: &[serde_json::Value],
    titles: &[Option<&str>],
) -> (Vec<String>, String) {
    let mut taken = BTreeSet::new();
    let names = values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let titled = titles.get(i).copied().flatten().and_then(pascal);
            let base = titled.unwrap_or_else(|| match value {
                serde_json::Value::String(s) if s.is_empty() => "Empty".to_owned(),
                serde_json::Value::String(s) => {
                    pascal(s).unwrap_or_else(|| format!("Value{}", i + 1))
                }
                serde_json::Value::Number(n) => {
                    let text = n.to_string();
                    match text.strip_prefix('-') {
                        Some(rest) => format!("ValueMinus{}", words(rest).replace(' ', "_")),
                        None => format!("Value{}", words(&text).replace(' ', "_")),
                    }
                }
                serde_json::Value::Bool(b) => pascal(&b.to_string()).unwrap_or_default(),
                _ => format!("Value{}", i + 1),
            });
            claim(&mut taken, &escape_variant(base), "")
        })
        .collect();
    let fallback = fallback_name(&mut taken);
    (names, fallback)
}

/// A variant name that is not the keyword `Self` (the only keyword an
/// `UpperCamelCase` name can be, and not allowed as a raw identifier).
fn escape_variant(name: String) -> String {
    if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

/// Variant names for union members from candidate names.
pub fn union_variant_names(candidates: &[String]) -> (Vec<String>, String) {
    let mut taken = BTreeSet::new();
    let names = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let base = pascal(c).unwrap_or_else(|| format!("Variant{}", i + 1));
            claim(&mut taken, &escape_variant(base), "")
        })
        .collect();
    let fallback = fallback_name(&mut taken);
    (names, fallback)
}

fn fallback_name(taken: &mut BTreeSet<String>) -> String {
    for candidate in ["Unknown", "UnknownValue"] {
        if taken.insert(candidate.to_owned()) {
            return candidate.to_owned();
        }
    }
    claim(taken, "Unknown", "")
}

/// Short variant names for union members named after types: the common
/// leading and trailing words are cut (`PaymentMethodCardCreateRequest`,
/// `PaymentMethodPayPayCreateRequest` give `Card`, `PayPay`). Returns `None`
/// when cutting would leave a name empty or ambiguous.
pub fn strip_common_affixes(names: &[String]) -> Option<Vec<String>> {
    if names.len() < 2 {
        return None;
    }
    let split: Vec<Vec<String>> = names.iter().map(|n| camel_words(n)).collect();
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    let mut prefix = 0;
    while prefix < shortest && split.iter().all(|w| w[prefix] == split[0][prefix]) {
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < shortest - prefix
        && split
            .iter()
            .all(|w| w[w.len() - 1 - suffix] == split[0][split[0].len() - 1 - suffix])
    {
        suffix += 1;
    }
    let out: Vec<String> = split
        .iter()
        .map(|w| w[prefix..w.len() - suffix].concat())
        .collect();
    let unique: BTreeSet<&String> = out.iter().collect();
    if out.iter().any(String::is_empty) || unique.len() != out.len() {
        return None;
    }
    Some(out)
}

/// Splits an `UpperCamelCase` name into its words.
fn camel_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_repeated_word_is_dropped_unless_the_name_is_taken() {
        let mut namer = Namer::new();
        assert_eq!(
            namer.type_name(&["PaymentMethodOptionsCardRequest", "request_three_d_secure"]),
            "PaymentMethodOptionsCardRequestThreeDSecure"
        );
        assert_eq!(namer.type_name(&["Radar", "radar_options"]), "RadarOptions");
        // Taken: the parts joined whole.
        assert_eq!(
            namer.type_name(&["Radar", "radar_options"]),
            "RadarRadarOptions"
        );
        // A part is never dropped whole, and only whole words count.
        assert_eq!(
            namer.type_name(&["CardRequest", "request"]),
            "CardRequestRequest"
        );
        assert_eq!(
            namer.type_name(&["Prerequest", "request_x"]),
            "PrerequestRequestX"
        );
    }

    #[test]
    fn decoder_locals_are_the_fields_names_unless_they_shadow_the_decoder() {
        assert_eq!(
            decoder_locals(["id", "r#type", "map", "map_value", "key", "extra"]),
            [
                "id",
                "r#type",
                "map_value_2",
                "map_value",
                "key_value",
                "extra_value"
            ]
        );
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(
            field_names(["type", "self", "match", "crate"]),
            ["r#type", "self_", "r#match", "crate_"]
        );
    }

    #[test]
    fn odd_characters_and_digits_are_handled() {
        assert_eq!(
            field_names([
                "3d-secure",
                "a.b",
                "$ref",
                "with space",
                "café",
                "支払い",
                ""
            ]),
            [
                "x3d_secure",
                "a_b",
                "r#ref",
                "with_space",
                "cafe",
                "field6",
                "field7"
            ]
        );
    }

    #[test]
    fn field_collisions_get_suffixes_in_order() {
        assert_eq!(
            field_names(["fooBar", "foo_bar", "FOO-BAR"]),
            ["foo_bar", "foo_bar_2", "foo_bar_3"]
        );
    }

    #[test]
    fn type_names_are_unique_and_avoid_the_prelude() {
        let mut namer = Namer::new();
        assert_eq!(namer.type_name(&["payment_intent"]), "PaymentIntent");
        assert_eq!(namer.type_name(&["PaymentIntent"]), "PaymentIntent2");
        assert_eq!(namer.type_name(&["Option"]), "OptionModel");
        assert_eq!(namer.type_name(&["2fa"]), "X2fa");
        assert_eq!(namer.type_name(&["", "!!"]), "Type");
    }

    #[test]
    fn modules_are_unique_even_when_types_differ_only_in_case() {
        let mut namer = Namer::new();
        assert_eq!(namer.module_name("Foo"), "foo");
        assert_eq!(namer.module_name("FOO"), "foo_2");
        assert_eq!(namer.module_name("Type"), "type_");
        assert_eq!(namer.module_name("Serde"), "serde_2");
    }

    #[test]
    fn enum_values_get_names_and_a_free_fallback() {
        let (names, fallback) = enum_variant_names(&[
            json!("automatic_async"),
            json!(""),
            json!("unknown"),
            json!("Automatic-Async"),
            json!(-1),
            json!(2.5),
        ]);
        assert_eq!(
            names,
            [
                "AutomaticAsync",
                "Empty",
                "Unknown",
                "AutomaticAsync2",
                "ValueMinus1",
                "Value2_5"
            ]
        );
        assert_eq!(fallback, "UnknownValue");
    }

    #[test]
    fn common_affixes_are_cut_from_variant_names() {
        let names = [
            "PaymentMethodCardCreateRequest".to_owned(),
            "PaymentMethodPayPayCreateRequest".to_owned(),
        ];
        assert_eq!(
            strip_common_affixes(&names),
            Some(vec!["Card".to_owned(), "PayPay".to_owned()])
        );
        let same = ["FooBar".to_owned(), "FooBarBaz".to_owned()];
        assert_eq!(strip_common_affixes(&same), None);
    }

    #[test]
    fn long_module_names_are_cut_with_a_stable_hash() {
        let mut namer = Namer::new();
        let long = "VeryLong".repeat(40);
        let module = namer.module_name(&long);
        assert!(module.len() <= MAX_MODULE_LEN, "{module}");
        assert!(module.starts_with("very_long_very_long"), "{module}");
        assert_eq!(Namer::new().module_name(&long), module, "deterministic");
        let other = namer.module_name(&format!("{long}X"));
        assert_ne!(other, module);
    }

    #[test]
    fn plurals_and_singulars_follow_the_regular_endings() {
        for (one, many) in [
            ("card", "cards"),
            ("PaymentIntent", "PaymentIntents"),
            ("policy", "policies"),
            ("key", "keys"),
            ("box", "boxes"),
            ("batch", "batches"),
        ] {
            assert_eq!(plural(one), many);
            assert_eq!(singular(many), one);
        }
        assert_eq!(singular("address"), "address");
        assert_eq!(
            singular("statuses"),
            "statuse",
            "irregular words need the config"
        );
    }

    #[test]
    fn groups_get_an_accessor_a_handle_and_their_own_method_names() {
        let mut namer = Namer::new();
        namer.type_name(&["Invoices"]);
        assert_eq!(
            namer.group("invoices"),
            ("invoices".to_owned(), "InvoicesApi".to_owned())
        );
        assert_eq!(
            namer.group("payment_intents"),
            ("payment_intents".to_owned(), "PaymentIntents".to_owned())
        );
        assert_eq!(namer.group_method("invoices", "create"), "create");
        assert_eq!(namer.group_method("invoices", "Create"), "create_2");
        assert_eq!(namer.group_method("payment_intents", "create"), "create");
        assert_eq!(namer.group_method("payment_intents", "clone"), "clone_2");
        assert_eq!(namer.group_method("payment_intents", "type"), "r#type");
        // The accessor is a client method: an operation cannot take it.
        assert_eq!(namer.method_name("invoices"), "invoices_2");
        // Features keep clear of the crate's own.
        assert_eq!(namer.feature_name("invoices"), "invoices");
        assert_eq!(namer.feature_name("default"), "default_2");
        assert_eq!(namer.feature_name("r#blocking"), "blocking_2");
    }

    #[test]
    fn method_names_are_snake_and_unique() {
        let mut namer = Namer::new();
        assert_eq!(
            namer.method_name("CreatePaymentIntent"),
            "create_payment_intent"
        );
        assert_eq!(
            namer.method_name("create_payment_intent"),
            "create_payment_intent_2"
        );
        assert_eq!(namer.method_name("Type"), "r#type");
        assert_eq!(namer.method_name("new"), "new_2");
        assert_eq!(namer.method_name("clone"), "clone_2");
    }

    #[test]
    fn parameters_and_credentials_leave_the_conventions_setters_alone() {
        let reserved = [ACCOUNT_SETTER, API_VERSION_SETTER];
        assert_eq!(
            param_names(["account", "api-version", "timeout", "limit"], &reserved),
            ["account_2", "api_version_2", "timeout_2", "limit"]
        );
        assert_eq!(
            param_names(["account", "api-version"], &[]),
            ["account", "api_version"],
            "only where the conventions are on"
        );
        assert_eq!(
            credential_setters(["account", "default_header", "token"], &reserved),
            ["account_2", "default_header_2", "token"]
        );
    }

    #[test]
    fn setter_names_are_unique_and_leave_new_alone() {
        let both = SetterKinds {
            value: true,
            null: true,
        };
        let value = SetterKinds {
            value: true,
            null: false,
        };
        assert_eq!(
            setter_names(&[
                ("new", value),
                ("with_new", value),
                ("r#type", both),
                ("self_", value),
                ("clear_type", value),
            ]),
            [
                (Some("with_new".to_owned()), None),
                (Some("with_new_2".to_owned()), None),
                (Some("r#type".to_owned()), Some("clear_type".to_owned())),
                (Some("self_".to_owned()), None),
                (Some("clear_type_2".to_owned()), None),
            ]
        );
    }

    #[test]
    fn latin_letters_are_spelled_in_ascii() {
        assert_eq!(pascal("ünïcödé").as_deref(), Some("Unicode"));
        assert_eq!(snake("Straße façade").as_deref(), Some("strasse_facade"));
        assert_eq!(pascal("日本"), None);
    }

    #[test]
    fn self_is_never_a_variant_name() {
        let (names, _) = enum_variant_names(&[json!("self"), json!("Self")]);
        assert_eq!(names, ["SelfValue", "SelfValue2"]);
        let (names, _) = union_variant_names(&["Self".to_owned()]);
        assert_eq!(names, ["SelfValue"]);
    }
}
