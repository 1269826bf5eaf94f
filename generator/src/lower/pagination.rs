//! Recognises list operations and how they page: a GET whose success body
//! is an object with a `data` list (and usually `has_more`), paged by an
//! `offset`, a `starting_after` cursor (backward with `ending_before`), or
//! a `page` token.

use crate::ir::{
    Api, Field, Method, PageField, Pagination, PaginationKind, ParamIn, Prim, TypeKind, TypeRef,
};

/// Fills in `pagination` of every operation that pages.
pub(super) fn detect(api: &mut Api) {
    let found: Vec<Option<Pagination>> = api
        .operations
        .iter()
        .map(|op| pagination(api, op))
        .collect();
    for (op, pagination) in api.operations.iter_mut().zip(found) {
        op.pagination = pagination;
    }
}

fn pagination(api: &Api, op: &crate::ir::Operation) -> Option<Pagination> {
    if op.method != Method::Get || op.success_may_be_empty() {
        return None;
    }
    let page = struct_fields(api, op.success()?.ty.as_ref()?)?;
    let items_field = page.iter().find(|f| f.wire == "data")?;
    let TypeRef::Array(item) = &items_field.ty else {
        return None;
    };
    let has_more = page
        .iter()
        .find(|f| f.wire == "has_more" && f.ty == TypeRef::Prim(Prim::Bool))
        .map(page_field);
    let query = |wire: &str| {
        op.params
            .iter()
            .find(|p| p.location == ParamIn::Query && p.wire == wire)
    };
    let kind = if let Some(offset) = query("offset") {
        match offset.ty {
            TypeRef::Prim(Prim::I64) => PaginationKind::Offset {
                param: offset.name.clone(),
                int32: false,
            },
            TypeRef::Prim(Prim::I32) => PaginationKind::Offset {
                param: offset.name.clone(),
                int32: true,
            },
            _ => return None,
        }
    } else if let Some(cursor) =
        query("starting_after").filter(|p| p.ty == TypeRef::Prim(Prim::String))
    {
        let id = struct_fields(api, item)?
            .iter()
            .find(|f| f.wire == "id" && f.ty == TypeRef::Prim(Prim::String))
            .map(page_field)?;
        let before = query("ending_before")
            .filter(|p| p.ty == TypeRef::Prim(Prim::String) && !p.required)
            .map(|p| p.name.clone());
        PaginationKind::Cursor {
            param: cursor.name.clone(),
            before,
            id,
        }
    } else if let Some(token) = query("page").filter(|p| p.ty == TypeRef::Prim(Prim::String)) {
        let next = page
            .iter()
            .find(|f| f.wire == "next_page" && f.ty == TypeRef::Prim(Prim::String))
            .map(page_field)?;
        PaginationKind::Token {
            param: token.name.clone(),
            next,
        }
    } else {
        return None;
    };
    if has_more.is_none() && !matches!(kind, PaginationKind::Token { .. }) {
        return None;
    }
    Some(Pagination {
        kind,
        items: page_field(items_field),
        has_more,
        item: (**item).clone(),
    })
}

fn page_field(field: &Field) -> PageField {
    PageField {
        name: field.name.clone(),
        required: field.required && !field.nullable && !field.boxed,
    }
}

/// The fields of the struct a type expression names (through aliases).
fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [Field]> {
    let mut current = ty;
    for _ in 0..16 {
        let TypeRef::Named(id) = current else {
            return None;
        };
        match &api.ty(*id).kind {
            TypeKind::Struct(s) => return Some(&s.fields),
            TypeKind::Alias(target) => current = target,
            _ => return None,
        }
    }
    None
}
