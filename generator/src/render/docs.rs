//! Rustdoc text: turns document descriptions (markdown with stray HTML) into
//! doc attributes that rustdoc renders cleanly and never compiles as tests.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Constraints, Docs};

/// `#[doc = "..."]` attributes, one per line of `text`.
pub fn attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Doc text of an item: summary and description, cleaned, with `fallback`
/// when the document says nothing.
pub fn text(docs: &Docs, fallback: &str) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = &docs.summary {
        parts.push(clean(summary));
    }
    if let Some(description) = &docs.description {
        let description = clean(description);
        if parts.first() != Some(&description) {
            parts.push(description);
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    if parts.is_empty() {
        parts.push(fallback.to_owned());
    }
    if docs.deprecated {
        parts.push("**Deprecated** in the API document.".to_owned());
    }
    parts.join("\n\n")
}

/// A wire value as inline code, safe whatever it holds: the empty string
/// is named, backticks get a longer fence, line breaks are shown escaped.
pub fn code_value(value: &str) -> String {
    if value.is_empty() {
        return "the empty string".to_owned();
    }
    let value = value
        .replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r");
    let mut longest = 0;
    let mut run = 0;
    for c in value.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest == 0 && !value.starts_with(' ') && !value.ends_with(' ') {
        format!("`{value}`")
    } else {
        format!("{fence} {value} {fence}")
    }
}

/// The first sentence of document text, on one line, as safe inline
/// Markdown (for one-line summaries).
pub fn first_sentence(text: &str) -> String {
    super::markdown::first_sentence(text)
}

/// Plain text (a title, a name) as Markdown that shows it as written.
pub fn plain(text: &str) -> String {
    super::escape::escape(&text.replace(['\n', '\r'], " "), false, true)
}

/// A sentence describing constraints, defaults and formats.
pub fn facts(constraints: &Constraints, default: Option<&serde_json::Value>) -> Option<String> {
    let mut facts = Vec::new();
    let bound = |value: f64| {
        if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            value.to_string()
        }
    };
    match (constraints.minimum, constraints.maximum) {
        (Some((min, min_ex)), Some((max, max_ex))) => facts.push(format!(
            "Range: {} {} to {} {}.",
            if min_ex { "above" } else { "from" },
            bound(min),
            bound(max),
            if max_ex { "(exclusive)" } else { "(inclusive)" }
        )),
        (Some((min, exclusive)), None) => facts.push(format!(
            "{} {}.",
            if exclusive {
                "Greater than"
            } else {
                "At least"
            },
            bound(min)
        )),
        (None, Some((max, exclusive))) => facts.push(format!(
            "{} {}.",
            if exclusive { "Less than" } else { "At most" },
            bound(max)
        )),
        (None, None) => {}
    }
    match (constraints.min_length, constraints.max_length) {
        (Some(min), Some(max)) => facts.push(format!("Length: {min} to {max} characters.")),
        (Some(min), None) => facts.push(format!("At least {min} characters.")),
        (None, Some(max)) => facts.push(format!("At most {max} characters.")),
        (None, None) => {}
    }
    if let Some(pattern) = &constraints.pattern {
        facts.push(format!(
            "Must match the pattern `{}`.",
            pattern.replace('`', "'")
        ));
    }
    match (constraints.min_items, constraints.max_items) {
        (Some(min), Some(max)) => facts.push(format!("Between {min} and {max} items.")),
        (Some(min), None) => facts.push(format!("At least {min} items.")),
        (None, Some(max)) => facts.push(format!("At most {max} items.")),
        (None, None) => {}
    }
    if constraints.unique_items {
        facts.push("No two items may be equal.".to_owned());
    }
    match constraints.format.as_deref() {
        Some("byte") => facts.push("Base64-encoded bytes (format `byte`).".to_owned()),
        Some("binary") => facts.push("Binary data (format `binary`).".to_owned()),
        Some(format) => facts.push(format!("Format: `{}`.", format.replace('`', "'"))),
        None => {}
    }
    if let Some(default) = default {
        facts.push(format!(
            "The server's default is `{}`.",
            default.to_string().replace('`', "'")
        ));
    }
    (!facts.is_empty()).then(|| facts.join(" "))
}

/// Document text (Markdown with HTML in it, as OpenAPI allows) as rustdoc
/// Markdown that rustdoc and clippy accept whatever it holds; see
/// [`super::markdown`].
pub fn clean(text: &str) -> String {
    super::markdown::clean(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_links_and_code_blocks_are_made_safe() {
        let cleaned = clean("See <a href=\"https://x.example\">the docs</a> [here].<br>Bare https://y.example/z.\n```\nlet x = 1;\n```");
        assert_eq!(
            cleaned,
            "See [the docs](https://x.example) \\[here\\].\\\nBare <https://y.example/z>.\n\n```text\nlet x = 1;\n```"
        );
    }

    #[test]
    fn brackets_in_inline_code_are_kept() {
        assert_eq!(clean("use `a[b]` or [c]"), "use `a[b]` or \\[c\\]");
    }

    #[test]
    fn facts_describe_ranges_patterns_and_defaults() {
        let constraints = Constraints {
            minimum: Some((50.0, false)),
            maximum: Some((9_999_999.0, false)),
            pattern: Some("^[0-9]{3,4}$".into()),
            ..Constraints::default()
        };
        assert_eq!(
            facts(&constraints, Some(&serde_json::json!(10))).as_deref(),
            Some("Range: from 50 to 9999999 (inclusive). Must match the pattern `^[0-9]{3,4}$`. The server's default is `10`.")
        );
    }

    #[test]
    fn values_become_safe_code_spans() {
        assert_eq!(code_value("a-b"), "`a-b`");
        assert_eq!(code_value(""), "the empty string");
        assert_eq!(code_value("a`b"), "`` a`b ``");
        assert_eq!(code_value(" x"), "`  x `");
        assert_eq!(code_value("a\nb"), "`a\\nb`");
    }

    #[test]
    fn first_sentence_stops_at_a_full_stop() {
        assert_eq!(first_sentence("One thing. Another."), "One thing.");
        assert_eq!(first_sentence("\nNo stop"), "No stop");
        assert_eq!(
            first_sentence("Use *e.g. this* or that. More"),
            "Use *e.g. this* or that."
        );
        assert_eq!(first_sentence("A **bold. claim** here"), "A **bold.**");
        assert_eq!(
            first_sentence("<p>Not <b>found</b>.</p><p>Second</p>"),
            "Not found."
        );
        assert_eq!(
            first_sentence("Line one\nstill one. Two"),
            "Line one still one."
        );
        assert_eq!(
            first_sentence("- item [x](https://e.example)\n- other"),
            "item [x](https://e.example)"
        );
        assert_eq!(first_sentence("```\ncode\n```"), "");
    }

    #[test]
    fn titles_are_plain_text() {
        assert_eq!(plain("Sentry [beta] *API*"), "Sentry \\[beta\\] \\*API\\*");
    }
}
