//! Merges inline types that are the same type written out twice (Stripe
//! repeats the same inline request objects in several operations): types
//! with identical shapes, field docs and constraints whose parts are
//! themselves merged become one. It keeps the first one's name, unless the
//! merged types sit under different property names (where the first name
//! would mislead) and share a schema `title`, which then names the type.
//! Component schemas keep their own identity and names. Types no longer
//! referenced are dropped and the arena is renumbered.

use std::collections::BTreeMap;

use crate::ir::{Api, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming::Namer;

/// Merges duplicate inline types and drops unreferenced ones.
pub(super) fn merge_duplicates(api: &mut Api, namer: &mut Namer) {
    let classes = equivalence_classes(&api.types);
    rename_shared(api, &classes, namer);
    let mut representative: BTreeMap<usize, TypeId> = BTreeMap::new();
    let map: Vec<TypeId> = classes
        .iter()
        .enumerate()
        .map(|(i, class)| *representative.entry(*class).or_insert(TypeId(index_u32(i))))
        .collect();
    if map.iter().enumerate().all(|(i, id)| id.index() == i) {
        return;
    }
    remap_all(api, &|id| map[id.index()]);
    compact(api);
}

/// Renames the first member of each merged class whose members sit under
/// different property names and share a `title`.
fn rename_shared(api: &mut Api, classes: &[usize], namer: &mut Namer) {
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, class) in classes.iter().enumerate() {
        members.entry(*class).or_default().push(i);
    }
    for group in members.values().filter(|group| group.len() > 1) {
        let first = &api.types[group[0]];
        let Some(title) = first.title.clone() else {
            continue;
        };
        let same_title = group
            .iter()
            .all(|i| api.types[*i].title.as_deref() == Some(&title));
        let leaves: std::collections::BTreeSet<&str> =
            group.iter().map(|i| leaf(&api.types[*i].origin)).collect();
        if same_title && leaves.len() > 1 {
            let name = namer.type_name(&[title.as_str()]);
            let module = namer.module_name(&name);
            let def = &mut api.types[group[0]];
            def.name = name;
            def.module = module;
        }
    }
}

/// The property an inline schema is the value of: the token after the last
/// `properties` in its pointer (else its last token).
fn leaf(origin: &str) -> &str {
    let tokens: Vec<&str> = origin.split('/').collect();
    tokens
        .iter()
        .rposition(|t| *t == "properties")
        .and_then(|i| tokens.get(i + 1))
        .or(tokens.last())
        .copied()
        .unwrap_or_default()
}

fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Whether a type was written inline (not a component schema).
fn is_inline(def: &TypeDef) -> bool {
    !(def.origin.starts_with("/components/schemas/") && def.origin.matches('/').count() == 3)
}

/// Partition refinement: types start grouped by their own shape (with the
/// types they mention erased), then groups split until every member mentions
/// the same groups. Component types are singletons.
fn equivalence_classes(types: &[TypeDef]) -> Vec<usize> {
    let erased: Vec<String> = types.iter().map(|def| shape_key(def, &|_| 0)).collect();
    let mut class = numbered(types.iter().enumerate().map(|(i, def)| {
        if is_inline(def) {
            format!("inline {}", erased[i])
        } else {
            format!("component {i}")
        }
    }));
    loop {
        let refined = numbered(types.iter().enumerate().map(|(i, def)| {
            format!(
                "{} {}",
                class[i],
                shape_key(def, &|id: TypeId| class[id.index()])
            )
        }));
        let count = |c: &[usize]| c.iter().max().map_or(0, |m| m + 1);
        if count(&refined) == count(&class) {
            return refined;
        }
        class = refined;
    }
}

/// Numbers distinct keys in order of first appearance.
fn numbered(keys: impl Iterator<Item = String>) -> Vec<usize> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    keys.map(|key| {
        let next = seen.len();
        *seen.entry(key).or_insert(next)
    })
    .collect()
}

/// The shape of a type as text, with each mentioned type replaced by
/// `target(id)`; names and origins are left out, docs are kept.
fn shape_key(def: &TypeDef, target: &dyn Fn(TypeId) -> usize) -> String {
    let mut kind = def.kind.clone();
    remap_kind(&mut kind, &|id| TypeId(index_u32(target(id))));
    let docs = serde_json::to_string(&def.docs).unwrap_or_default();
    let kind = serde_json::to_string(&kind).unwrap_or_default();
    format!("{docs}{kind}")
}

/// Rewrites every type id in the API through `f`.
fn remap_all(api: &mut Api, f: &dyn Fn(TypeId) -> TypeId) {
    for def in &mut api.types {
        remap_kind(&mut def.kind, f);
    }
    for op in &mut api.operations {
        for param in &mut op.params {
            remap(&mut param.ty, f);
        }
        if let Some(body) = &mut op.body {
            remap(&mut body.ty, f);
        }
        for response in &mut op.responses {
            if let Some(ty) = &mut response.ty {
                remap(ty, f);
            }
        }
        if let Some(pagination) = &mut op.pagination {
            remap(&mut pagination.item, f);
        }
    }
    if let Some(ty) = &mut api.error_body {
        remap(ty, f);
    }
}

fn remap_kind(kind: &mut TypeKind, f: &dyn Fn(TypeId) -> TypeId) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                remap(&mut field.ty, f);
            }
            if let Some(extra) = &mut s.additional {
                remap(&mut extra.ty, f);
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                remap(&mut variant.ty, f);
            }
        }
        TypeKind::Alias(ty) => remap(ty, f),
        TypeKind::Enum(_) => {}
    }
}

fn remap(ty: &mut TypeRef, f: &dyn Fn(TypeId) -> TypeId) {
    match ty {
        TypeRef::Named(id) => *id = f(*id),
        TypeRef::Array(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Expandable(inner)
        | TypeRef::OrEmpty(inner) => remap(inner, f),
        TypeRef::Prim(_) | TypeRef::Object | TypeRef::Any => {}
    }
}

/// Drops inline types nothing refers to any more and renumbers the rest.
fn compact(api: &mut Api) {
    let mut used = vec![false; api.types.len()];
    let mut roots = Vec::new();
    for op in &api.operations {
        op.params
            .iter()
            .for_each(|p| p.ty.collect_named(&mut roots));
        op.body.iter().for_each(|b| b.ty.collect_named(&mut roots));
        op.responses
            .iter()
            .filter_map(|r| r.ty.as_ref())
            .for_each(|t| t.collect_named(&mut roots));
    }
    roots.extend(
        api.types
            .iter()
            .enumerate()
            .filter(|(_, def)| !is_inline(def))
            .map(|(i, _)| TypeId(index_u32(i))),
    );
    while let Some(id) = roots.pop() {
        if std::mem::replace(&mut used[id.index()], true) {
            continue;
        }
        roots.extend(api.types[id.index()].children());
    }
    let mut new_index = vec![TypeId(u32::MAX); api.types.len()];
    let mut next = 0;
    for (i, keep) in used.iter().enumerate() {
        if *keep {
            new_index[i] = TypeId(index_u32(next));
            next += 1;
        }
    }
    remap_all(api, &|id| new_index[id.index()]);
    let types = std::mem::take(&mut api.types);
    api.types = types
        .into_iter()
        .zip(used)
        .filter_map(|(def, keep)| keep.then_some(def))
        .collect();
}
