//! The public API of the generated crate `generated/` (package `payjp-v2`),
//! read from rustdoc's JSON with `rustdoc-types` rather than from its
//! source, so it is what a user of the crate sees whatever the code
//! generator's way of writing it: the models under `payjp_v2::models` (structs
//! and their public fields with their Rust types, enums and their variants,
//! the traits and inherent methods each implements, its `#[serde]`
//! attributes), the methods of `payjp_v2::Client` and
//! `payjp_v2::blocking::Client` that start an operation (their arguments, and
//! the operation type `Op` of the `Request<Op, M>` they return, directly or
//! through an alias such as `XRequest<M>`), the setters of each
//! `Request<Op, M>` and each operation's `Operation::Output`.
//!
//! The JSON is made once per test run (`generated_crate`): `cargo rustdoc
//! -p payjp-v2 --lib --features blocking` with stable rustdoc's JSON output
//! switched on by `RUSTC_BOOTSTRAP=1`, in its own target directory
//! `target/golden-rustdoc/` (cargo fingerprints `RUSTC_BOOTSTRAP`, so sharing
//! `target/` would rebuild the dependencies of the next `cargo check`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rustdoc_types::{
    Attribute, Crate, Function, GenericArg, GenericArgs, GenericBound, Id, Item, ItemEnum,
    StructKind, Term, Type, VariantKind,
};
use sdkgen_tests::{scratch, workspace_root};

use crate::notation::Ty;

/// The target directory of the rustdoc run, relative to the workspace root.
const TARGET_DIR: &str = "target/golden-rustdoc";

/// rustdoc's JSON of the generated crate, made on first use.
pub fn generated_crate() -> &'static Crate {
    static CRATE: OnceLock<Result<Crate, String>> = OnceLock::new();
    match CRATE.get_or_init(rustdoc_json) {
        Ok(krate) => krate,
        Err(problem) => panic!("{problem}"),
    }
}

/// Runs `cargo rustdoc` on the generated crate and reads its JSON.
fn rustdoc_json() -> Result<Crate, String> {
    let root = workspace_root();
    let target = root.join(TARGET_DIR);
    let output = scratch::cargo_command(&root)
        .args([
            "rustdoc",
            "--locked",
            "--offline",
            "-p",
            "payjp-v2",
            "--lib",
        ])
        .args(["--features", "blocking", "--"])
        .args(["-Z", "unstable-options", "--output-format", "json"])
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTC_BOOTSTRAP", "1")
        .output()
        .map_err(|e| format!("cannot run cargo rustdoc: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo rustdoc -p payjp-v2 (JSON output) failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let path = target.join("doc/payjp_v2.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;

    /// The one field read before the rest, whose shape depends on it.
    #[derive(serde::Deserialize)]
    struct Version {
        format_version: u32,
    }
    let version: Version = serde_json::from_str(&text)
        .map_err(|e| format!("{} has no format_version: {e}", path.display()))?;
    if version.format_version != rustdoc_types::FORMAT_VERSION {
        return Err(format!(
            "this toolchain's rustdoc writes JSON format {}, but the rustdoc-types release pinned \
             in tests/Cargo.toml reads format {}: pin the release for format {0}",
            version.format_version,
            rustdoc_types::FORMAT_VERSION
        ));
    }
    serde_json::from_str(&text).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The public API of a generated crate.
#[derive(Clone, Debug)]
pub struct Api {
    /// The structs and enums of the `models` module, by name.
    pub models: BTreeMap<String, Model>,
    /// The methods of `Client` that start an operation.
    pub client: Vec<ClientMethod>,
    /// The methods of `blocking::Client` that start an operation.
    pub blocking: Vec<ClientMethod>,
    /// The operation types of the `operations` module, by name.
    pub operations: BTreeMap<String, OperationType>,
}

/// A struct or enum of the `models` module.
#[derive(Clone, Debug)]
pub enum Model {
    Struct(StructModel),
    Enum(EnumModel),
}

/// A model struct.
#[derive(Clone, Debug)]
pub struct StructModel {
    /// The public fields, in declaration order, with their types.
    pub fields: Vec<(String, Ty)>,
    /// Whether it has fields the public API does not show.
    pub private_fields: bool,
    /// The traits it implements (by name; neither auto nor blanket impls).
    pub traits: BTreeSet<String>,
    /// Its `#[serde(..)]` attributes, as written.
    pub serde_attrs: Vec<String>,
}

/// A model enum.
#[derive(Clone, Debug)]
pub struct EnumModel {
    /// The variants in declaration order.
    pub variants: Vec<Variant>,
    /// The names of its public inherent methods.
    pub methods: BTreeSet<String>,
    /// Its `#[serde(..)]` attributes, as written.
    pub serde_attrs: Vec<String>,
}

/// A variant of a model enum.
#[derive(Clone, Debug)]
pub struct Variant {
    pub name: String,
    /// The type of its value, for a tuple variant of one field.
    pub payload: Option<Ty>,
}

/// A client method that starts an operation.
#[derive(Clone, Debug)]
pub struct ClientMethod {
    pub name: String,
    /// The arguments after `self`.
    pub args: Vec<(String, Ty)>,
    /// The operation type `Op` of the `Request<Op, M>` it returns.
    pub operation: String,
}

/// An operation type and what its request offers.
#[derive(Clone, Debug, Default)]
pub struct OperationType {
    /// `<Op as Operation>::Output`, when it implements `Operation`.
    pub output: Option<Ty>,
    /// The methods of `Request<Op, M>`: name and arguments after `self`.
    pub setters: Vec<(String, Vec<(String, Ty)>)>,
}

impl EnumModel {
    /// Whether it is `#[serde(untagged)]`.
    pub fn untagged(&self) -> bool {
        self.serde_attrs
            .iter()
            .flat_map(|attr| serde_options(attr))
            .any(|option| option == "untagged")
    }
}

/// The options of an attribute `#[serde(a, b = "c")]`: `a`, `b = "c"`.
fn serde_options(attr: &str) -> Vec<String> {
    let compact: String = attr.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .strip_prefix("#[serde(")
        .and_then(|rest| rest.strip_suffix(")]"))
        .map(|options| options.split(',').map(String::from).collect())
        .unwrap_or_default()
}

impl Api {
    /// Reads the public API out of rustdoc's JSON of a generated crate.
    pub fn read(krate: &Crate) -> Result<Self, String> {
        let reader = Reader { krate };
        let root = reader.module_items(&krate.root);
        let find = |name: &str| {
            root.get(name)
                .copied()
                .ok_or_else(|| format!("the crate root has no public `{name}`"))
        };
        let request = find("Request")?;
        let operation_trait = find("Operation")?;
        let blocking = reader.module_items(find("blocking")?);
        let blocking_client = blocking
            .get("Client")
            .copied()
            .ok_or("`blocking` has no public `Client`")?;

        let mut models = BTreeMap::new();
        for (name, id) in reader.module_items(find("models")?) {
            let item = reader.item(id)?;
            let model = match &item.inner {
                ItemEnum::Struct(_) => Model::Struct(reader.struct_model(item)?),
                ItemEnum::Enum(_) => Model::Enum(reader.enum_model(item)?),
                _ => continue,
            };
            models.insert(name, model);
        }

        let mut operations = BTreeMap::new();
        for (name, id) in reader.module_items(find("operations")?) {
            let item = reader.item(id)?;
            if matches!(item.inner, ItemEnum::Struct(_)) {
                let op = OperationType {
                    output: reader.output(item, operation_trait),
                    setters: Vec::new(),
                };
                operations.insert(id, (name, op));
            }
        }
        for imp in reader.inherent_impls(reader.item(request)?) {
            let Some(op) = first_type_arg(&imp.for_).and_then(resolved_id) else {
                continue;
            };
            if let Some((_, operation)) = operations.get_mut(&op) {
                for f in reader.functions(&imp.items) {
                    operation.setters.push((f.0.clone(), reader.args(f.1)));
                }
            }
        }

        let client_methods = |client: &Id| -> Result<Vec<ClientMethod>, String> {
            let mut methods = Vec::new();
            for imp in reader.inherent_impls(reader.item(client)?) {
                for (name, f) in reader.functions(&imp.items) {
                    let op = f
                        .sig
                        .output
                        .as_ref()
                        .and_then(|output| reader.requested_operation(output, request));
                    if let Some((op_name, _)) = op.and_then(|op| operations.get(&op)) {
                        methods.push(ClientMethod {
                            name: name.clone(),
                            args: reader.args(f),
                            operation: op_name.clone(),
                        });
                    }
                }
            }
            Ok(methods)
        };
        Ok(Self {
            models,
            client: client_methods(find("Client")?)?,
            blocking: client_methods(blocking_client)?,
            operations: operations.into_values().collect(),
        })
    }
}

/// Lookups in rustdoc's JSON.
struct Reader<'a> {
    krate: &'a Crate,
}

impl<'a> Reader<'a> {
    /// The item of an id.
    fn item(&self, id: &Id) -> Result<&'a Item, String> {
        self.krate
            .index
            .get(id)
            .ok_or_else(|| format!("rustdoc's JSON has no item {id:?}"))
    }

    /// The public names of a module, re-exports followed to the items they name.
    fn module_items(&self, module: &Id) -> BTreeMap<String, &'a Id> {
        let mut names = BTreeMap::new();
        let Some(ItemEnum::Module(m)) = self.krate.index.get(module).map(|i| &i.inner) else {
            return names;
        };
        for id in &m.items {
            let Some(item) = self.krate.index.get(id) else {
                continue;
            };
            match &item.inner {
                ItemEnum::Use(u) => match &u.id {
                    Some(target) if u.is_glob => names.extend(self.module_items(target)),
                    Some(target) => {
                        names.insert(u.name.clone(), target);
                    }
                    None => {}
                },
                _ => {
                    if let Some(name) = &item.name {
                        names.insert(name.clone(), id);
                    }
                }
            }
        }
        names
    }

    /// A model struct.
    fn struct_model(&self, item: &'a Item) -> Result<StructModel, String> {
        let ItemEnum::Struct(s) = &item.inner else {
            return Err(format!("{:?} is not a struct", item.name));
        };
        let (field_ids, private_fields) = match &s.kind {
            StructKind::Plain {
                fields,
                has_stripped_fields,
            } => (fields.clone(), *has_stripped_fields),
            StructKind::Tuple(fields) => (fields.iter().flatten().cloned().collect(), true),
            StructKind::Unit => (Vec::new(), false),
        };
        let mut fields = Vec::new();
        for id in &field_ids {
            let field = self.item(id)?;
            if let (Some(name), ItemEnum::StructField(ty)) = (&field.name, &field.inner) {
                fields.push((name.clone(), self.ty(ty)));
            }
        }
        Ok(StructModel {
            fields,
            private_fields,
            traits: self.traits(&s.impls),
            serde_attrs: serde_attrs(item),
        })
    }

    /// A model enum.
    fn enum_model(&self, item: &'a Item) -> Result<EnumModel, String> {
        let ItemEnum::Enum(e) = &item.inner else {
            return Err(format!("{:?} is not an enum", item.name));
        };
        let mut variants = Vec::new();
        for id in &e.variants {
            let variant = self.item(id)?;
            let ItemEnum::Variant(v) = &variant.inner else {
                continue;
            };
            let payload = match &v.kind {
                VariantKind::Tuple(fields) => match fields.as_slice() {
                    [Some(field)] => match &self.item(field)?.inner {
                        ItemEnum::StructField(ty) => Some(self.ty(ty)),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            };
            variants.push(Variant {
                name: variant.name.clone().unwrap_or_default(),
                payload,
            });
        }
        let mut methods = BTreeSet::new();
        for imp in self.inherent_impls(item) {
            methods.extend(
                self.functions(&imp.items)
                    .into_iter()
                    .map(|(name, _)| name.clone()),
            );
        }
        Ok(EnumModel {
            variants,
            methods,
            serde_attrs: serde_attrs(item),
        })
    }

    /// The impls listed on a struct or enum.
    fn impls(&self, item: &'a Item) -> &'a [Id] {
        match &item.inner {
            ItemEnum::Struct(s) => &s.impls,
            ItemEnum::Enum(e) => &e.impls,
            _ => &[],
        }
    }

    /// The inherent impl blocks of a struct or enum.
    fn inherent_impls(&self, item: &'a Item) -> Vec<&'a rustdoc_types::Impl> {
        self.impls(item)
            .iter()
            .filter_map(|id| match &self.krate.index.get(id)?.inner {
                ItemEnum::Impl(imp) if imp.trait_.is_none() => Some(imp),
                _ => None,
            })
            .collect()
    }

    /// The traits of written impls (neither auto traits nor blanket impls), by name.
    fn traits(&self, impls: &[Id]) -> BTreeSet<String> {
        impls
            .iter()
            .filter_map(|id| match &self.krate.index.get(id)?.inner {
                ItemEnum::Impl(imp) if !imp.is_synthetic && imp.blanket_impl.is_none() => {
                    let path = imp.trait_.as_ref()?;
                    self.path_of(path).last().cloned()
                }
                _ => None,
            })
            .collect()
    }

    /// The public functions among the items of an impl block.
    fn functions(&self, items: &'a [Id]) -> Vec<(&'a String, &'a Function)> {
        items
            .iter()
            .filter_map(|id| {
                let item = self.krate.index.get(id)?;
                match (&item.name, &item.inner) {
                    (Some(name), ItemEnum::Function(f))
                        if item.visibility == rustdoc_types::Visibility::Public =>
                    {
                        Some((name, f))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// A function's arguments after `self`.
    fn args(&self, f: &Function) -> Vec<(String, Ty)> {
        f.sig
            .inputs
            .iter()
            .filter(|(name, _)| name != "self")
            .map(|(name, ty)| (name.clone(), self.ty(ty)))
            .collect()
    }

    /// `Op` of a returned `Request<Op, M>` (`request` is `Request`'s id), directly or through
    /// a type alias.
    fn requested_operation(&self, output: &Type, request: &Id) -> Option<Id> {
        let Type::ResolvedPath(path) = output else {
            return None;
        };
        if &path.id == request {
            return first_type_arg(output).and_then(resolved_id);
        }
        match &self.krate.index.get(&path.id)?.inner {
            ItemEnum::TypeAlias(alias) => self.requested_operation(&alias.type_, request),
            _ => None,
        }
    }

    /// `type Output` of the type's `impl Operation` (`operation` is the trait's id).
    fn output(&self, item: &'a Item, operation: &Id) -> Option<Ty> {
        self.impls(item).iter().find_map(|id| {
            let ItemEnum::Impl(imp) = &self.krate.index.get(id)?.inner else {
                return None;
            };
            if imp.trait_.as_ref().map(|t| &t.id) != Some(operation) {
                return None;
            }
            imp.items.iter().find_map(|id| {
                let item = self.krate.index.get(id)?;
                match &item.inner {
                    ItemEnum::AssocType {
                        type_: Some(ty), ..
                    } if item.name.as_deref() == Some("Output") => Some(self.ty(ty)),
                    _ => None,
                }
            })
        })
    }

    /// The canonical path of a path's item (`alloc::string::String`), else the path as written.
    fn path_of(&self, path: &rustdoc_types::Path) -> Vec<String> {
        match self.krate.paths.get(&path.id) {
            Some(summary) => summary.path.clone(),
            None => path.path.split("::").map(String::from).collect(),
        }
    }

    /// A rustdoc type as a [`Ty`].
    fn ty(&self, ty: &Type) -> Ty {
        match ty {
            Type::ResolvedPath(path) => Ty::Path {
                path: self.path_of(path),
                args: type_args(path.args.as_deref())
                    .into_iter()
                    .map(|t| self.ty(t))
                    .collect(),
            },
            Type::Primitive(name) => Ty::Path {
                path: vec![name.clone()],
                args: Vec::new(),
            },
            Type::BorrowedRef { type_, .. } => self.ty(type_),
            Type::ImplTrait(bounds) => self.impl_trait(bounds).unwrap_or_else(|| other(ty)),
            Type::Generic(name) => Ty::Other(name.clone()),
            _ => other(ty),
        }
    }

    /// `impl Into<T>`, or `impl IntoIterator<Item = T>`.
    fn impl_trait(&self, bounds: &[GenericBound]) -> Option<Ty> {
        let [GenericBound::TraitBound { trait_, .. }] = bounds else {
            return None;
        };
        let bound = self.path_of(trait_).last()?.clone();
        let arg = match trait_.args.as_deref()? {
            GenericArgs::AngleBracketed { args, constraints } => {
                match (args.as_slice(), constraints.as_slice()) {
                    ([GenericArg::Type(t)], []) => t,
                    ([], [item]) if item.name == "Item" => match &item.binding {
                        rustdoc_types::AssocItemConstraintKind::Equality(Term::Type(t)) => t,
                        _ => return None,
                    },
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(Ty::Impl {
            bound,
            arg: Box::new(self.ty(arg)),
        })
    }
}

/// A type the notation has no form for, as rustdoc describes it.
fn other(ty: &Type) -> Ty {
    Ty::Other(format!("{ty:?}"))
}

/// The type arguments of angle-bracketed generic arguments.
fn type_args(args: Option<&GenericArgs>) -> Vec<&Type> {
    match args {
        Some(GenericArgs::AngleBracketed { args, .. }) => args
            .iter()
            .filter_map(|a| match a {
                GenericArg::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The first type argument of a path type, e.g. `Op` of `Request<Op, M>`.
fn first_type_arg(ty: &Type) -> Option<&Type> {
    match ty {
        Type::ResolvedPath(path) => type_args(path.args.as_deref()).into_iter().next(),
        _ => None,
    }
}

/// The item a path type names.
fn resolved_id(ty: &Type) -> Option<Id> {
    match ty {
        Type::ResolvedPath(path) => Some(path.id),
        _ => None,
    }
}

/// The `#[serde(..)]` attributes of an item.
fn serde_attrs(item: &Item) -> Vec<String> {
    item.attrs
        .iter()
        .filter_map(|attr| match attr {
            Attribute::Other(text) if text.starts_with("#[serde") => Some(text.clone()),
            _ => None,
        })
        .collect()
}
