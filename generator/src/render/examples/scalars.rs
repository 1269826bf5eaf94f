//! Scalar values valid against a schema's facts: the document's example or
//! default when it passes the checks a JSON Schema validator makes (length,
//! pattern, format, bounds, `multipleOf`), else a value made to pass them.

use serde_json::Value;

use super::pattern;
use crate::ir::{Constraints, Prim};

/// A string for a string-like scalar.
pub fn string(candidates: &[&Value], facts: &Constraints, prim: Prim) -> String {
    let format = format_of(facts, prim);
    let regex = facts
        .pattern
        .as_deref()
        .and_then(|p| regex::Regex::new(p).ok());
    let ok = |s: &str| string_ok(s, facts, format, regex.as_ref());
    let texts = || candidates.iter().filter_map(|v| v.as_str());
    if let Some(given) = texts().find(|s| ok(s)) {
        return given.to_owned();
    }
    if let Some(pattern) = &facts.pattern {
        if let Some(made) = pattern::generate(pattern, ok) {
            return made;
        }
        // A pattern no walk satisfies (or one Rust cannot read): the
        // document's own value is the best guess.
        if let Some(given) = texts().next() {
            return given.to_owned();
        }
    }
    let base = format.map_or("example", format_example);
    fit_length(base, facts.min_length, facts.max_length, format)
}

/// The `nth` of a series of distinct valid strings (the document's values
/// that validate, then made ones), for the items of a `uniqueItems` list;
/// the first when the series is shorter.
pub fn string_nth(candidates: &[&Value], facts: &Constraints, prim: Prim, nth: usize) -> String {
    let first = string(candidates, facts, prim);
    if nth == 0 {
        return first;
    }
    let format = format_of(facts, prim);
    let regex = facts
        .pattern
        .as_deref()
        .and_then(|p| regex::Regex::new(p).ok());
    let ok = |s: &str| string_ok(s, facts, format, regex.as_ref());
    let mut series: Vec<String> = vec![first.clone()];
    let add = |s: String, series: &mut Vec<String>| {
        if ok(&s) && !series.contains(&s) {
            series.push(s);
        }
    };
    for given in candidates.iter().filter_map(|v| v.as_str()) {
        add(given.to_owned(), &mut series);
    }
    if let Some(pattern) = &facts.pattern {
        for made in pattern::series(pattern, ok, nth + 1) {
            add(made, &mut series);
        }
    } else {
        for k in 1..=nth {
            let made = match format {
                Some("email" | "idn-email") => format!("user{k}@example.com"),
                Some("uri" | "url" | "iri" | "uri-reference" | "iri-reference") => {
                    format!("https://example.com/{k}")
                }
                Some("hostname" | "idn-hostname") => format!("example{k}.com"),
                Some(_) => continue,
                None => format!("example{k}"),
            };
            // Lengths: the number goes before what a cut would drop.
            let max = facts.max_length.unwrap_or(usize::MAX);
            let made = if made.chars().count() > max && format.is_none() {
                let digits = k.to_string();
                let keep = max.saturating_sub(digits.len());
                format!(
                    "{}{digits}",
                    "example".chars().take(keep).collect::<String>()
                )
            } else {
                fit_length(&made, facts.min_length, facts.max_length, format)
            };
            add(made, &mut series);
        }
    }
    series.get(nth).cloned().unwrap_or(first)
}

/// The `nth` distinct valid integer: the first one stepped up (down when
/// a maximum stops it) by `multipleOf`; the first when none is left.
pub fn integer_nth(candidates: &[&Value], facts: &Constraints, prim: Prim, nth: usize) -> i64 {
    let first = integer(candidates, facts, prim);
    let step = facts
        .multiple_of
        .filter(|m| *m >= 1.0 && m.fract() == 0.0)
        .map_or(1, |m| m as i64);
    let fits = |n: i64| prim != Prim::I32 || i32::try_from(n).is_ok();
    let offset = i64::try_from(nth).unwrap_or(0).saturating_mul(step);
    [first.checked_add(offset), first.checked_sub(offset)]
        .into_iter()
        .flatten()
        .find(|&n| fits(n) && number_ok(n as f64, facts))
        .unwrap_or(first)
}

/// The `nth` distinct valid number, as [`integer_nth`] does.
pub fn number_nth(candidates: &[&Value], facts: &Constraints, nth: usize) -> f64 {
    let first = number(candidates, facts);
    let step = facts
        .multiple_of
        .filter(|m| *m > 0.0 && m.is_finite())
        .unwrap_or(1.0);
    let offset = nth as f64 * step;
    [first + offset, first - offset]
        .into_iter()
        .find(|&n| n.is_finite() && number_ok(n, facts))
        .unwrap_or(first)
}

/// The format a string must have: the declared one, or the one the Rust
/// type stands for.
fn format_of(facts: &Constraints, prim: Prim) -> Option<&str> {
    match prim {
        Prim::Base64 => Some("byte"),
        _ => facts.format.as_deref(),
    }
}

/// Whether `s` satisfies lengths, pattern (`regex`, compiled from it; a
/// pattern the Rust regex engine cannot read is not held against the
/// value) and format.
fn string_ok(
    s: &str,
    facts: &Constraints,
    format: Option<&str>,
    regex: Option<&regex::Regex>,
) -> bool {
    let len = s.chars().count();
    if facts.min_length.is_some_and(|min| len < min)
        || facts.max_length.is_some_and(|max| len > max)
    {
        return false;
    }
    if regex.is_some_and(|regex| !regex.is_match(s)) {
        return false;
    }
    format.is_none_or(|f| format_ok(f, s))
}

/// A value of a format (what JSON Schema validators check).
fn format_example(format: &str) -> &'static str {
    match format {
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com",
        "uri-template" => "https://example.com/{id}",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "12:00:00Z",
        "duration" => "P1D",
        "uuid" => "00000000-0000-0000-0000-000000000000",
        "byte" => "ZXhhbXBsZQ==",
        "json-pointer" => "/example",
        "relative-json-pointer" => "0",
        "regex" => "example",
        _ => "example",
    }
}

/// Pads or cuts `base` to the length bounds (an email's padding goes into
/// its local part, so it stays an email).
fn fit_length(base: &str, min: Option<usize>, max: Option<usize>, format: Option<&str>) -> String {
    let mut text = base.to_owned();
    let len = text.chars().count();
    if let Some(min) = min.filter(|&min| len < min) {
        let padding = "x".repeat(min - len);
        match (format, text.find('@')) {
            (Some("email" | "idn-email"), Some(at)) => text.insert_str(at, &padding),
            _ => text.push_str(&padding),
        }
    }
    if let Some(max) = max {
        if text.chars().count() > max {
            text = text.chars().take(max).collect();
        }
    }
    text
}

/// A loose reading of the formats validators check; unknown formats pass.
pub fn format_ok(format: &str, s: &str) -> bool {
    match format {
        "email" | "idn-email" => match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !s.contains(char::is_whitespace)
                    && !domain.contains('@')
                    && domain.contains('.')
                    && hostname_ok(domain)
            }
            None => false,
        },
        "uri" | "url" | "iri" => {
            let scheme = s.split_once(':').map(|(scheme, _)| scheme);
            scheme.is_some_and(|scheme| {
                scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            }) && !s.contains(char::is_whitespace)
        }
        "uri-reference" | "iri-reference" | "uri-template" => !s.contains(char::is_whitespace),
        "hostname" | "idn-hostname" => hostname_ok(s),
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "date" => date_ok(s),
        "time" => time_ok(s),
        "date-time" => match s.split_once(['T', 't', ' ']) {
            Some((date, time)) => date_ok(date) && time_ok(time),
            None => false,
        },
        "uuid" => {
            let parts: Vec<&str> = s.split('-').collect();
            parts.len() == 5
                && parts
                    .iter()
                    .zip([8, 4, 4, 4, 12])
                    .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
        }
        "byte" => {
            s.len() % 4 == 0
                && s.trim_end_matches('=')
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        }
        "duration" => s.starts_with('P') && s.len() > 1,
        "int32" | "int64" => s.parse::<i64>().is_ok(),
        _ => true,
    }
}

fn hostname_ok(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

fn date_ok(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            let n = |t: &str| t.parse::<u32>().ok();
            matches!((n(y), n(m), n(d)), (Some(_), Some(1..=12), Some(1..=31)))
        }
        _ => false,
    }
}

/// `HH:MM:SS[.frac]` with a zone (`Z` or `±HH:MM`).
fn time_ok(s: &str) -> bool {
    let (clock, zone) = match s.find(['Z', 'z', '+', '-']) {
        Some(at) => s.split_at(at),
        None => return false,
    };
    let zone_ok = zone.eq_ignore_ascii_case("z")
        || (zone.len() == 6 && zone.as_bytes()[3] == b':' && zone[1..3].parse::<u8>().is_ok());
    let clock = clock.split('.').next().unwrap_or_default();
    let fields: Vec<&str> = clock.split(':').collect();
    zone_ok
        && fields.len() == 3
        && fields
            .iter()
            .all(|f| f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()))
}

/// An integer: the document's when valid, else one made from the bounds
/// and `multipleOf` (1 when nothing in range fits the Rust type).
pub fn integer(candidates: &[&Value], facts: &Constraints, prim: Prim) -> i64 {
    let fits = |n: i64| prim != Prim::I32 || i32::try_from(n).is_ok();
    let given = candidates.iter().find_map(|v| {
        let n = v
            .as_i64()
            .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))?;
        (fits(n) && number_ok(n as f64, facts)).then_some(n)
    });
    if let Some(n) = given {
        return n;
    }
    let lo = facts.minimum.map(|(m, exclusive)| {
        let lo = m.ceil();
        if exclusive && lo == m {
            lo + 1.0
        } else {
            lo
        }
    });
    let hi = facts.maximum.map(|(m, exclusive)| {
        let hi = m.floor();
        if exclusive && hi == m {
            hi - 1.0
        } else {
            hi
        }
    });
    let step = facts
        .multiple_of
        .filter(|m| *m >= 1.0 && m.fract() == 0.0)
        .unwrap_or(1.0);
    let target = match (lo, hi) {
        (Some(lo), _) => lo,
        (None, Some(hi)) if hi < 1.0 => hi,
        _ => 1.0,
    };
    let mut n = (target / step).ceil() * step;
    if hi.is_some_and(|hi| n > hi) {
        n = (hi.unwrap_or(n) / step).floor() * step;
    }
    let n = n.clamp(i64::MIN as f64, i64::MAX as f64) as i64;
    if fits(n) {
        n
    } else {
        1
    }
}

/// A number: the document's when valid, else one made from the bounds and
/// `multipleOf`.
pub fn number(candidates: &[&Value], facts: &Constraints) -> f64 {
    let given = candidates
        .iter()
        .filter_map(|v| v.as_f64())
        .find(|n| n.is_finite() && number_ok(*n, facts));
    if let Some(n) = given {
        return n;
    }
    let step = facts.multiple_of.filter(|m| *m > 0.0 && m.is_finite());
    let mut candidates = Vec::new();
    match (facts.minimum, facts.maximum) {
        (Some((lo, _)), Some((hi, _))) => {
            candidates.extend([lo, hi, (lo + hi) / 2.0, lo + 1.0]);
        }
        (Some((lo, _)), None) => candidates.extend([lo, lo + 1.0, lo.ceil() + 1.0]),
        (None, Some((hi, _))) => candidates.extend([hi.min(1.0), hi, hi - 1.0, hi.floor() - 1.0]),
        (None, None) => candidates.push(1.0),
    }
    for candidate in candidates {
        let n = match step {
            Some(step) => (candidate / step).ceil() * step,
            None => candidate,
        };
        if number_ok(n, facts) {
            return n;
        }
    }
    1.0
}

/// Whether `n` is within the bounds and a multiple of `multipleOf`.
pub fn number_ok(n: f64, facts: &Constraints) -> bool {
    let above = facts
        .minimum
        .is_none_or(|(m, exclusive)| if exclusive { n > m } else { n >= m });
    let below = facts
        .maximum
        .is_none_or(|(m, exclusive)| if exclusive { n < m } else { n <= m });
    let multiple = facts.multiple_of.is_none_or(|m| {
        if m <= 0.0 {
            return true;
        }
        let q = n / m;
        (q - q.round()).abs() < 1e-9
    });
    above && below && multiple
}
