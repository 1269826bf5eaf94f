//! Text written into Markdown so it shows as it is: plain text with every
//! character Markdown could read escaped (bare URLs wrapped in `<>`), code
//! spans showing their code exactly, link targets rustdoc reads as URLs.
//! Used by the Markdown writer (`markdown.rs`), the HTML converter
//! (`html.rs`) and doc text (`docs.rs`).

/// The length of the longest run of `c` in `text`.
pub(super) fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// A code span showing `code` exactly: a fence longer than any backtick run
/// inside, padded where the content starts or ends with a backtick or space.
pub(super) fn code_span(code: &str) -> String {
    let code = code.replace(['\n', '\r', '\t'], " ");
    if code.trim().is_empty() {
        // Only spaces: shown as they are (CommonMark strips none).
        return format!("`{}`", if code.is_empty() { " " } else { &code });
    }
    let fence = "`".repeat(longest_run(&code, '`') + 1);
    let pad = code.starts_with(['`', ' ']) || code.ends_with(['`', ' ']);
    if pad {
        format!("{fence} {code} {fence}")
    } else {
        format!("{fence}{code}{fence}")
    }
}

/// `dest` as a link target rustdoc reads as a URL (never as an intra-doc
/// path): absolute `http`, `https`, `ftp` or `mailto` URLs, with characters
/// that would end the target percent-encoded. Other targets (relative
/// paths, fragments, item names) have no sound reading in an SDK's docs.
pub(super) fn absolute_url(dest: &str) -> Option<String> {
    let dest = dest.trim();
    let lower = dest.to_ascii_lowercase();
    let absolute = ["http://", "https://", "ftp://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    if !absolute {
        return None;
    }
    let mut url = String::with_capacity(dest.len());
    for c in dest.chars() {
        match c {
            ' ' => url.push_str("%20"),
            '(' => url.push_str("%28"),
            ')' => url.push_str("%29"),
            '<' => url.push_str("%3C"),
            '>' => url.push_str("%3E"),
            '`' => url.push_str("%60"),
            '\\' => url.push_str("%5C"),
            c if c.is_control() => {}
            c => url.push(c),
        }
    }
    Some(url)
}

/// Escapes plain text so Markdown shows it as it is: inline markup
/// characters get a backslash, line-start markers (`#`, `-`, `1.`, ...) too
/// when the text starts a line, entity-like `&` is escaped, and bare URLs are
/// wrapped in `<>` (when `urls`, outside link text) so rustdoc links them.
pub(super) fn escape(text: &str, at_line_start: bool, urls: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut start = at_line_start;
    let mut prev: Option<char> = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if urls {
            if let Some(url) = bare_url(rest) {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                prev = url.chars().last();
                start = false;
                continue;
            }
        }
        let next = rest[c.len_utf8()..].chars().next();
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)) =>
            {
                out.push_str("\\_");
            }
            '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                out.push_str("\\&");
            }
            '#' | '-' | '+' | '=' if start => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if start => {
                // `1.` or `1)` at a line's start would begin a list.
                let digits =
                    rest.len() - rest.trim_start_matches(|d: char| d.is_ascii_digit()).len();
                let after = rest[digits..].chars().next();
                out.push_str(&rest[..digits]);
                if let Some(marker @ ('.' | ')')) = after {
                    out.push('\\');
                    out.push(marker);
                    rest = &rest[digits + 1..];
                    prev = Some(marker);
                } else {
                    rest = &rest[digits..];
                    prev = Some('0');
                }
                start = false;
                continue;
            }
            '\t' | '\u{a0}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
        if !c.is_whitespace() {
            start = false;
        }
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The bare `http(s)://` URL `text` starts with, without the punctuation
/// that ends a sentence or closes a parenthesis around it.
fn bare_url(text: &str) -> Option<&str> {
    let lower = text.get(..8)?.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '<' | '>' | '"' | '`' | '\'' | '[' | ']' | '{' | '}' | '|' | '\\'
                )
        })
        .unwrap_or(text.len());
    let mut url = &text[..end];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
        let trimmed = if trimmed.ends_with(')')
            && trimmed.matches('(').count() < trimmed.matches(')').count()
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    (url.len() > scheme_end).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_where_markdown_would_read_it() {
        assert_eq!(
            escape("a_b _c_ *d* [e] <f> a|b ~g~ &amp; & x", false, true),
            "a_b \\_c\\_ \\*d\\* \\[e\\] \\<f\\> a\\|b \\~g\\~ \\&amp; & x"
        );
        assert_eq!(escape("# not a heading", true, true), "\\# not a heading");
        assert_eq!(escape("- not an item", true, true), "\\- not an item");
        assert_eq!(escape("12. not an item", true, true), "12\\. not an item");
        assert_eq!(
            escape("12. fine mid-line", false, true),
            "12. fine mid-line"
        );
    }

    #[test]
    fn bare_urls_are_wrapped_without_their_punctuation() {
        assert_eq!(
            escape(
                "See https://a.example/x. Or (https://b.example/y) or https://c.example/z_(1).",
                false,
                true
            ),
            "See <https://a.example/x>. Or (<https://b.example/y>) or <https://c.example/z_(1)>."
        );
        assert_eq!(
            escape("nothttps://x.example", false, true),
            "not<https://x.example>"
        );
        assert_eq!(escape("https:// alone", false, true), "https:// alone");
    }

    #[test]
    fn code_spans_show_their_content_exactly() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
        assert_eq!(code_span(" a "), "`  a  `");
        assert_eq!(code_span("a\nb"), "`a b`");
    }
}
