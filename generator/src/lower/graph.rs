//! Whole-arena passes after lowering: which fields must be boxed to give
//! recursive types a finite size, and which types requests and responses use.

use crate::ir::{Api, Prim, TypeDef, TypeId, TypeKind, TypeRef};

/// Types a type contains by value (not behind a `Vec` or map), with the
/// position (field or variant index) of each containment.
fn direct_edges(def: &TypeDef) -> Vec<(usize, TypeId)> {
    fn by_value(ty: &TypeRef) -> Option<TypeId> {
        match ty {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Nullable(inner) | TypeRef::OrEmpty(inner) => by_value(inner),
            _ => None,
        }
    }
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| by_value(&f.ty).map(|id| (i, id)))
            .collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .enumerate()
            .filter_map(|(i, v)| by_value(&v.ty).map(|id| (i, id)))
            .collect(),
        TypeKind::Alias(ty) => by_value(ty).map(|id| (0, id)).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Strongly connected components (Tarjan, iterative); returns the component
/// index of every node.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

/// Boxes every by-value containment that stays inside a cycle.
pub(super) fn mark_boxes(types: &mut [TypeDef]) {
    let edges: Vec<Vec<(usize, TypeId)>> = types.iter().map(direct_edges).collect();
    let plain: Vec<Vec<usize>> = edges
        .iter()
        .map(|e| e.iter().map(|(_, id)| id.index()).collect())
        .collect();
    let comp = components(&plain);
    for (owner, owner_edges) in edges.iter().enumerate() {
        for &(position, target) in owner_edges {
            if comp[owner] != comp[target.index()] {
                continue;
            }
            match &mut types[owner].kind {
                TypeKind::Struct(s) => s.fields[position].boxed = true,
                TypeKind::Union(u) => u.variants[position].boxed = true,
                _ => {}
            }
        }
    }
}

/// Estimated in-memory size (bytes) above which a type held by value in a
/// field or variant is boxed. Stripe's objects nest dozens of optional
/// objects; held inline, a decoded `PaymentIntent` grew to 7.5 KiB and
/// decoding spent a quarter of its time moving it around.
const LARGE: usize = 128;

/// Boxes fields and variants whose type would be larger than [`LARGE`]
/// bytes inline (after boxing what it holds). Run after [`mark_boxes`]:
/// with cycles boxed, the by-value graph is acyclic.
pub(super) fn box_large_values(types: &mut [TypeDef]) {
    let mut sizes: Vec<Option<usize>> = vec![None; types.len()];
    let mut entered = vec![false; types.len()];
    for root in 0..types.len() {
        // Depth first; an entry is settled when it comes back up, after
        // everything it holds by value.
        let mut work = vec![(root, false)];
        while let Some((id, children_done)) = work.pop() {
            if sizes[id].is_some() {
                continue;
            }
            if children_done {
                sizes[id] = Some(settle(&mut types[id], &sizes));
                continue;
            }
            if entered[id] {
                // Reached again through a by-value cycle, which mark_boxes
                // has broken; cannot happen, and settling later is safe.
                continue;
            }
            entered[id] = true;
            work.push((id, true));
            work.extend(
                unboxed_edges(&types[id])
                    .map(|target| target.index())
                    .filter(|&target| sizes[target].is_none())
                    .map(|target| (target, false)),
            );
        }
    }
}

/// The named types a definition holds by value and does not box yet.
fn unboxed_edges(def: &TypeDef) -> impl Iterator<Item = TypeId> + '_ {
    let boxed: Vec<bool> = match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.boxed).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| v.boxed).collect(),
        _ => Vec::new(),
    };
    direct_edges(def)
        .into_iter()
        .filter(move |(position, _)| !boxed.get(*position).copied().unwrap_or(false))
        .map(|(_, id)| id)
}

/// Boxes the large values of one definition, whose by-value children have
/// known sizes; returns its own estimated size.
fn settle(def: &mut TypeDef, sizes: &[Option<usize>]) -> usize {
    let held = |ty: &TypeRef, boxed: &mut bool| {
        if *boxed {
            return 8;
        }
        let size = size_of(ty, sizes);
        if size > LARGE && by_value_named(ty) {
            *boxed = true;
            8
        } else {
            size
        }
    };
    match &mut def.kind {
        TypeKind::Struct(s) => {
            let fields: usize = s
                .fields
                .iter_mut()
                .map(|f| {
                    let optional = usize::from(!f.required || f.nullable) * 8;
                    held(&f.ty, &mut f.boxed) + optional
                })
                .sum();
            fields + usize::from(s.additional.is_some()) * 24
        }
        TypeKind::Union(u) => {
            let largest = u
                .variants
                .iter_mut()
                .map(|v| held(&v.ty, &mut v.boxed))
                .max()
                .unwrap_or(0);
            largest + 8
        }
        TypeKind::Alias(ty) => size_of(ty, sizes),
        TypeKind::Enum(_) => 24,
    }
}

/// Whether a type expression holds a named type by value (what boxing the
/// field moves behind a pointer).
fn by_value_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Nullable(inner) | TypeRef::OrEmpty(inner) => by_value_named(inner),
        _ => false,
    }
}

/// Estimated size of a type expression, given the sizes of named types
/// (unknown ones count as a pointer: they are boxed).
fn size_of(ty: &TypeRef, sizes: &[Option<usize>]) -> usize {
    match ty {
        TypeRef::Named(id) => sizes[id.index()].unwrap_or(8),
        TypeRef::Nullable(inner) | TypeRef::OrEmpty(inner) => size_of(inner, sizes) + 8,
        TypeRef::Prim(Prim::String | Prim::Base64 | Prim::Binary)
        | TypeRef::Array(_)
        | TypeRef::Map(_)
        | TypeRef::Object => 24,
        TypeRef::Prim(Prim::Uuid | Prim::DateTime) => 16,
        TypeRef::Prim(_) => 8,
        TypeRef::Expandable(_) | TypeRef::Any => 32,
    }
}

/// Marks the types reachable from request parameters and bodies as input and
/// those reachable from responses as output.
///
/// A type no operation uses (a webhook's payload, a model the document only
/// lists) is neither, and decodes like a response type; so every request
/// type it holds, at any depth, is marked output too, or its `Deserialize`
/// would be missing.
pub(super) fn mark_usage(api: &mut Api) {
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    for op in &api.operations {
        op.collect_named(&mut inputs, &mut outputs);
    }
    let input = reachable(&api.types, inputs);
    let output = reachable(&api.types, outputs);
    let unused: Vec<TypeId> = api
        .types
        .iter()
        .enumerate()
        .filter(|(i, _)| !input[*i] && !output[*i])
        .flat_map(|(_, def)| def.children())
        .collect();
    let held_by_unused = reachable(&api.types, unused);
    for (i, def) in api.types.iter_mut().enumerate() {
        def.input = input[i];
        def.output = output[i] || (input[i] && held_by_unused[i]);
        // Responses leave write-only properties out: a struct that is
        // decoded (or used by no operation) cannot require them.
        if def.output || !def.input {
            if let TypeKind::Struct(s) = &mut def.kind {
                for field in s.fields.iter_mut().filter(|f| f.write_only) {
                    field.required = false;
                }
            }
        }
        // A struct requests send tells absent (leave the value alone) from
        // `null` (clear it); one only responses hold reads an optional
        // nullable field as one `Option`.
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                field.tri_state = def.input && !field.required && field.nullable;
            }
        }
    }
    mark_expandable(api);
}

/// Marks the objects of `Expandable` fields (and the variants of unions
/// that are such objects).
fn mark_expandable(api: &mut Api) {
    fn targets(ty: &TypeRef, out: &mut Vec<TypeId>) {
        match ty {
            TypeRef::Expandable(inner) => inner.collect_named(out),
            TypeRef::Array(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::OrEmpty(inner) => targets(inner, out),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for def in &api.types {
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| targets(&f.ty, &mut found)),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| targets(&v.ty, &mut found)),
            TypeKind::Alias(ty) => targets(ty, &mut found),
            TypeKind::Enum(_) => {}
        }
    }
    while let Some(id) = found.pop() {
        let def = &mut api.types[id.index()];
        if std::mem::replace(&mut def.expandable, true) {
            continue;
        }
        match &def.kind {
            TypeKind::Union(u) => u
                .variants
                .iter()
                .for_each(|v| v.ty.collect_named(&mut found)),
            TypeKind::Alias(ty) => ty.collect_named(&mut found),
            _ => {}
        }
    }
}

fn reachable(types: &[TypeDef], roots: Vec<TypeId>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut work = roots;
    while let Some(id) = work.pop() {
        if std::mem::replace(&mut seen[id.index()], true) {
            continue;
        }
        work.extend(types[id.index()].children());
    }
    seen
}

/// Names the struct of required fields of every request struct whose `new`
/// would take two adjacent arguments of one Rust type
/// (`Card::new(number, cvc)` of two strings), so that callers write each
/// field's name: `Card::new(CardRequired { number, cvc })`.
pub(super) fn name_required_structs(api: &mut Api, namer: &mut crate::naming::Namer) {
    let mut named = Vec::new();
    for (index, def) in api.types.iter().enumerate() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        if !def.input {
            continue;
        }
        let types: Vec<String> = crate::shape::constructor_args(s)
            .map(|f| {
                quote::ToTokens::to_token_stream(&crate::shape::field_type(api, f)).to_string()
            })
            .collect();
        if types.windows(2).any(|pair| pair[0] == pair[1]) {
            named.push((index, namer.type_name(&[def.name.as_str(), "Required"])));
        }
    }
    for (index, name) in named {
        if let TypeKind::Struct(s) = &mut api.types[index].kind {
            s.required = Some(name);
        }
    }
}

/// The cargo features of each type (`TypeDef::features`): the features of
/// the groups whose operations reach it, unless an operation outside every
/// feature or the error body reaches it (then it is always compiled).
pub(super) fn mark_features(api: &mut Api) {
    if api.groups.iter().all(|g| g.feature.is_none()) {
        return;
    }
    let mut always = Vec::new();
    let mut by_feature: std::collections::BTreeMap<String, Vec<TypeId>> = Default::default();
    api.error_body
        .iter()
        .for_each(|ty| ty.collect_named(&mut always));
    for op in &api.operations {
        let mut ids = Vec::new();
        let mut received = Vec::new();
        op.collect_named(&mut ids, &mut received);
        ids.append(&mut received);
        match op.group.and_then(|g| api.group(g).feature.clone()) {
            Some(feature) => by_feature.entry(feature).or_default().extend(ids),
            None => always.extend(ids),
        }
    }
    let always = reachable(&api.types, always);
    let reached: Vec<(String, Vec<bool>)> = by_feature
        .into_iter()
        .map(|(feature, roots)| (feature, reachable(&api.types, roots)))
        .collect();
    for (i, def) in api.types.iter_mut().enumerate() {
        let features: Vec<String> = reached
            .iter()
            .filter(|(_, seen)| seen[i])
            .map(|(feature, _)| feature.clone())
            .collect();
        // Reached by no operation at all: kept, and always compiled.
        def.features = if always[i] { Vec::new() } else { features };
    }
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn tarjan_finds_cycles_and_singletons() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let comp = components(&edges);
        assert_eq!(comp[0], comp[1]);
        assert_eq!(comp[1], comp[2]);
        assert_ne!(comp[0], comp[3]);
        assert_ne!(comp[3], comp[4]);
    }
}
