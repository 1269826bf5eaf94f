//! Rust types in the reference pages' Python notation (`str`, `int`,
//! `List[X]`, `Dict[str, X]`, `Optional[X]`, model names, `enum{a,b}`), the
//! notation of `tests/golden/payjp-v2.surface`.
//!
//! Types reach it as [`Ty`], a small tree both readers make: `api.rs` from
//! rustdoc's JSON (canonical paths such as `alloc::string::String`), and
//! `wire.rs` from `syn` for the one place that needs a private type (the
//! fields of operation structs, paths as written).

use std::collections::BTreeMap;

/// A Rust type, as far as the notation needs to know it.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// A path type or a primitive: its path segments and its type arguments.
    Path { path: Vec<String>, args: Vec<Ty> },
    /// An argument-position `impl Bound<T>` (`Into<T>`, or `IntoIterator`
    /// with `Item = T`): the bound's name and `T`.
    Impl { bound: String, arg: Box<Ty> },
    /// Anything else, as Rust text (generic parameters, tuples, ...).
    Other(String),
}

impl Ty {
    /// A path type of one segment without arguments, such as `i64`.
    pub fn named(name: &str) -> Self {
        Self::Path {
            path: vec![name.to_owned()],
            args: Vec::new(),
        }
    }

    /// The last path segment of a path type.
    pub fn name(&self) -> Option<&str> {
        match self {
            Self::Path { path, .. } => path.last().map(String::as_str),
            _ => None,
        }
    }

    /// `T` of `Option<T>`.
    pub fn option_inner(&self) -> Option<&Ty> {
        match self {
            Self::Path { args, .. } if self.name() == Some("Option") && args.len() == 1 => {
                args.first()
            }
            _ => None,
        }
    }

    /// Calls `f` with the name of every path type in the tree.
    pub fn for_each_name(&self, f: &mut impl FnMut(&str)) {
        match self {
            Self::Path { args, .. } => {
                if let Some(name) = self.name() {
                    f(name);
                }
                args.iter().for_each(|arg| arg.for_each_name(f));
            }
            Self::Impl { arg, .. } => arg.for_each_name(f),
            Self::Other(_) => {}
        }
    }

    /// Rust text of the type, for types the notation does not know.
    pub fn rust(&self) -> String {
        match self {
            Self::Path { path, args } if args.is_empty() => path.join("::"),
            Self::Path { path, args } => {
                let args: Vec<String> = args.iter().map(Ty::rust).collect();
                format!("{}<{}>", path.join("::"), args.join(","))
            }
            Self::Impl { bound, arg } => format!("impl {bound}<{}>", arg.rust()),
            Self::Other(text) => text.clone(),
        }
    }
}

/// Renders types in the golden notation.
pub struct Notation {
    /// Inline enums, rendered structurally (`enum{a,b}`) instead of by name.
    pub inline: BTreeMap<String, String>,
}

impl Notation {
    /// The notation of a type; unknown shapes render as `?<rust>` so that they show in a diff.
    pub fn render(&self, ty: &Ty) -> String {
        match ty {
            Ty::Path { path, args } => self.render_path(ty, path, args),
            Ty::Impl { bound, arg } => match bound.as_str() {
                "Into" => self.render(arg),
                "IntoIterator" => format!("List[{}]", self.render(arg)),
                _ => unknown(ty),
            },
            Ty::Other(_) => unknown(ty),
        }
    }

    /// The notation of a path type such as `Vec<String>` or `payjp_v2::models::Usage`.
    fn render_path(&self, ty: &Ty, path: &[String], args: &[Ty]) -> String {
        let Some(name) = ty.name() else {
            return unknown(ty);
        };
        let serde_json = path.iter().any(|segment| segment == "serde_json");
        let args: Vec<String> = args.iter().map(|t| self.render(t)).collect();
        match (name, args.as_slice()) {
            ("String" | "str", []) => "str".to_owned(),
            ("i8" | "i16" | "i32" | "i64" | "i128" | "isize", [])
            | ("u8" | "u16" | "u32" | "u64" | "u128" | "usize", []) => "int".to_owned(),
            ("bool", []) => "bool".to_owned(),
            ("f32" | "f64", []) => "float".to_owned(),
            ("DateTime", [_]) => "datetime".to_owned(),
            ("Vec", [item]) => format!("List[{item}]"),
            ("BTreeMap" | "HashMap", [key, value]) => format!("Dict[{key}, {value}]"),
            ("Map", [key, value]) if serde_json && key == "str" && value == "any" => {
                "object".to_owned()
            }
            ("Value", []) if serde_json => "any".to_owned(),
            ("Box", [inner]) => inner.clone(),
            ("Option", [inner]) => format!("Optional[{inner}]"),
            (_, []) => self.inline.get(name).cloned().unwrap_or(name.to_owned()),
            _ => unknown(ty),
        }
    }
}

/// The fallback rendering of a type the notation does not know.
fn unknown(ty: &Ty) -> String {
    format!("?{}", ty.rust()).replace(' ', "")
}

/// The structural rendering of an inline string enum.
pub fn inline_enum(values: &[String]) -> String {
    format!("enum{{{}}}", values.join(","))
}
