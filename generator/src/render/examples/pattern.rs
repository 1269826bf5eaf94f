//! Strings that match a `pattern`, made by walking the pattern's syntax tree
//! (`regex_syntax::hir`): literals as written, one chosen character per
//! class, the fewest repetitions the pattern allows (more when asked, to
//! reach a `minLength`), the first alternative (another when asked). Nothing
//! is random: the same pattern always gives the same string.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The longest string a walk writes (a `{1000}` repetition is not worth it).
const MAX_LEN: usize = 512;

/// Characters preferred when a class allows them, best first: ones that
/// need no escaping in a path, query or header.
const PREFERRED: &str =
    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.~+!*'(),:@=;$&/?#[]% \"<>\\^`{|}";

/// A syntax tree of `pattern`, or `None` when the Rust regex syntax cannot
/// read it (look-arounds, back references).
pub fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()
}

/// The first string of a deterministic series of candidates for `pattern`
/// that `accept` takes (it checks the pattern itself and the other facts,
/// such as lengths), or `None`.
pub fn generate(pattern: &str, accept: impl Fn(&str) -> bool) -> Option<String> {
    series(pattern, accept, 1).into_iter().next()
}

/// The first `count` distinct strings of that series that `accept` takes
/// (fewer when the series has no more).
pub fn series(pattern: &str, accept: impl Fn(&str) -> bool, count: usize) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let Some(hir) = parse(pattern) else {
        return found;
    };
    for branch in 0..4 {
        for stretch in [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 256] {
            if found.len() >= count {
                return found;
            }
            let mut out = String::new();
            if walk(&hir, Walk { stretch, branch }, &mut out).is_some()
                && accept(&out)
                && !found.contains(&out)
            {
                found.push(out);
            }
        }
    }
    found
}

/// How a walk chooses.
#[derive(Clone, Copy)]
struct Walk {
    /// Repetitions beyond a repetition's minimum (as far as its maximum).
    stretch: u32,
    /// Which alternative of each alternation (modulo their number).
    branch: usize,
}

fn walk(hir: &Hir, how: Walk, out: &mut String) -> Option<()> {
    if out.len() > MAX_LEN {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .filter(|r| r.start() < 0x80)
                .map(|r| (char::from(r.start()), char::from(r.end().min(0x7f))))
                .collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Repetition(rep) => {
            let wanted = rep.min.saturating_add(how.stretch);
            let count = rep.max.map_or(wanted, |max| wanted.min(max));
            for _ in 0..count {
                walk(&rep.sub, how, out)?;
            }
        }
        HirKind::Capture(capture) => walk(&capture.sub, how, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                walk(part, how, out)?;
            }
        }
        HirKind::Alternation(arms) => {
            let arm = arms.get(how.branch % arms.len().max(1))?;
            walk(arm, how, out)?;
        }
    }
    Some(())
}

/// A character of a class: a preferred one when the class has one, else
/// the first that is not a control character.
fn pick(ranges: &[(char, char)]) -> Option<char> {
    let inside = |c: char| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
    PREFERRED
        .chars()
        .find(|&c| inside(c))
        .or_else(|| {
            ranges.iter().find_map(|&(lo, hi)| {
                let lo = u32::from(lo).max(0xa0);
                (lo <= u32::from(hi)).then(|| char::from_u32(lo)).flatten()
            })
        })
        .or_else(|| ranges.first().map(|r| r.0))
}
