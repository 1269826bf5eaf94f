//! HTML in document text → Markdown, for [`super::markdown`]: paragraphs,
//! line breaks, lists, headings, tables, `<pre>` and `<code>`, and links to
//! absolute URLs become their Markdown forms; other elements of HTML leave
//! only their text; comments, scripts and styles go entirely. Text is
//! entity-decoded and escaped, so the Markdown shows what a browser would.
//! Something that only looks like a tag (`<id>`, `List<Item>`) is text.

use super::escape::{absolute_url, code_span, escape};

/// Elements that start a new block (a paragraph break when met inside one).
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Inline and other elements whose tags are dropped (their text stays).
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "area", "audio", "b", "base", "bdi", "bdo", "big", "body", "br",
    "button", "canvas", "caption", "cite", "code", "col", "colgroup", "data", "del", "dfn", "em",
    "embed", "font", "frame", "frameset", "head", "html", "i", "iframe", "img", "input", "ins",
    "kbd", "label", "link", "map", "mark", "meta", "meter", "noscript", "object", "option",
    "output", "param", "picture", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script",
    "select", "slot", "small", "source", "span", "strike", "strong", "style", "sub", "sup",
    "template", "textarea", "time", "title", "track", "tt", "u", "var", "video", "wbr",
];

/// Elements whose content is dropped with them.
const HIDDEN: &[&str] = &["head", "script", "style", "template", "title"];

/// Whether `name` (lower case) is an element that starts a block.
pub fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

/// One HTML tag, comment or declaration.
#[derive(Debug, PartialEq, Eq)]
pub struct Tag {
    /// Element name in lower case; empty for comments and declarations.
    pub name: String,
    /// `</name>`.
    pub closing: bool,
    /// The text between the name and `>`.
    attributes: String,
}

impl Tag {
    /// Reads `text` (one whole tag, `<` to `>`) as a tag of an HTML element,
    /// a comment or a declaration; `None` for anything else.
    pub fn parse(text: &str) -> Option<Tag> {
        let inner = text.strip_prefix('<')?.strip_suffix('>')?;
        if inner.starts_with('!') || inner.starts_with('?') {
            return Some(Tag {
                name: String::new(),
                closing: false,
                attributes: String::new(),
            });
        }
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let end = inner
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(inner.len());
        let name = inner[..end].to_ascii_lowercase();
        let rest = &inner[end..];
        let separated = rest.is_empty()
            || rest.starts_with(|c: char| c.is_ascii_whitespace())
            || rest.trim_end() == "/";
        if !separated || !(BLOCK.contains(&name.as_str()) || INLINE.contains(&name.as_str())) {
            return None;
        }
        Some(Tag {
            name,
            closing,
            attributes: rest.to_owned(),
        })
    }

    /// Comments, declarations and processing instructions.
    pub fn ignored(&self) -> bool {
        self.name.is_empty()
    }

    /// The value of attribute `name`, entities decoded.
    pub fn attribute(&self, name: &str) -> Option<String> {
        let mut rest = self.attributes.as_str();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let key_end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let key = &rest[..key_end];
            rest = rest[key_end..].trim_start();
            let value = match rest.strip_prefix('=') {
                Some(after) => {
                    let after = after.trim_start();
                    let (value, remaining) = match after.chars().next() {
                        Some(quote @ ('"' | '\'')) => {
                            let body = &after[1..];
                            let close = body.find(quote).unwrap_or(body.len());
                            (&body[..close], body.get(close + 1..).unwrap_or(""))
                        }
                        _ => {
                            let close = after
                                .find(|c: char| c.is_ascii_whitespace())
                                .unwrap_or(after.len());
                            (&after[..close], &after[close..])
                        }
                    };
                    rest = remaining;
                    value
                }
                None => "",
            };
            if key.eq_ignore_ascii_case(name) {
                return Some(decode_entities(value));
            }
        }
    }
}

/// Where a tag that starts at the beginning of `text` ends (after its `>`),
/// with quoted attribute values skipped; comments end at `-->`.
fn tag_end(text: &str) -> Option<usize> {
    if let Some(comment) = text.strip_prefix("<!--") {
        return Some(comment.find("-->").map_or(text.len(), |i| i + 4 + 3));
    }
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i + 1),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// An HTML table being read.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    /// Whether a cell is open (its text is the top output buffer).
    cell: bool,
}

#[derive(Default)]
struct Converter {
    /// Output buffers: the document, and one per open table cell.
    buffers: Vec<String>,
    /// Open lists: whether ordered, and the next number.
    lists: Vec<(bool, u64)>,
    /// Open list items: marker width and the depth of their list.
    items: Vec<(usize, usize)>,
    tables: Vec<Table>,
    /// Raw text of an open `<code>`.
    code: Option<String>,
    /// Raw text of an open `<pre>`.
    pre: Option<String>,
    /// Targets of open `<a>` elements (`None`: the target is dropped).
    links: Vec<Option<String>>,
    /// An element whose content is dropped, until it closes.
    hidden: Option<String>,
}

/// The Markdown of an HTML fragment.
pub fn to_markdown(html: &str) -> String {
    let mut converter = Converter {
        buffers: vec![String::new()],
        ..Converter::default()
    };
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        converter.text(&rest[..start]);
        let after = &rest[start..];
        let tag = tag_end(after).and_then(|end| Tag::parse(&after[..end]).map(|tag| (tag, end)));
        match tag {
            Some((tag, end)) => {
                converter.tag(&tag);
                rest = &after[end..];
            }
            None if after.starts_with("<!--") => {
                rest = "";
            }
            None => {
                converter.text("<");
                rest = &after[1..];
            }
        }
    }
    converter.text(rest);
    converter.finish()
}

impl Converter {
    fn out(&mut self) -> &mut String {
        if self.buffers.is_empty() {
            self.buffers.push(String::new());
        }
        let last = self.buffers.len() - 1;
        &mut self.buffers[last]
    }

    fn in_cell(&self) -> bool {
        self.buffers.len() > 1
    }

    fn indent(&self) -> String {
        " ".repeat(self.items.iter().map(|(width, _)| width).sum())
    }

    /// Whether the output is at the start of a line (only indentation on it).
    fn at_line_start(&mut self) -> bool {
        let out = self.out();
        let line = out.rsplit('\n').next().unwrap_or("");
        line.trim().is_empty() && !line.ends_with("- ") && !line.ends_with(". ")
    }

    /// Starts a new line (unless the current one is still empty), indented
    /// for the open list items.
    fn line_break(&mut self) {
        if self.in_cell() {
            self.space();
            return;
        }
        let indent = self.indent();
        let out = self.out();
        let line_start = out.rfind('\n').map_or(0, |i| i + 1);
        if out[line_start..].trim().is_empty() {
            out.truncate(line_start);
        } else {
            out.push('\n');
        }
        out.push_str(&indent);
    }

    /// Starts a new paragraph: one empty line, then the indentation.
    fn paragraph(&mut self) {
        if self.in_cell() {
            self.space();
            return;
        }
        let indent = self.indent();
        let out = self.out();
        let kept = out.trim_end().len();
        out.truncate(kept);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&indent);
    }

    fn space(&mut self) {
        let out = self.out();
        if !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() || self.hidden.is_some() {
            return;
        }
        if let Some(pre) = &mut self.pre {
            pre.push_str(raw);
            return;
        }
        if let Some(code) = &mut self.code {
            code.push_str(raw);
            return;
        }
        let decoded = decode_entities(raw);
        let mut collapsed = String::with_capacity(decoded.len());
        let mut space = false;
        for c in decoded.chars() {
            if c.is_whitespace() {
                space = true;
            } else {
                if space {
                    collapsed.push(' ');
                }
                space = false;
                collapsed.push(c);
            }
        }
        if space {
            collapsed.push(' ');
        }
        let at_start = self.at_line_start();
        let text = if at_start {
            collapsed.trim_start()
        } else {
            &collapsed
        };
        if text.is_empty() {
            return;
        }
        let escaped = escape(text, at_start, false);
        self.out().push_str(&escaped);
    }

    fn tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if let Some(hidden) = &self.hidden {
            if tag.closing && hidden == name {
                self.hidden = None;
            }
            return;
        }
        if tag.ignored() {
            return;
        }
        if self.pre.is_some() {
            if name == "pre" && tag.closing {
                self.close_pre();
            } else if name == "br" {
                self.pre.get_or_insert_with(String::new).push('\n');
            }
            return;
        }
        if self.code.is_some() && !matches!(name, "code" | "tt" | "kbd" | "samp" | "var") {
            return;
        }
        match (name, tag.closing) {
            (hidden, false) if HIDDEN.contains(&hidden) => self.hidden = Some(hidden.to_owned()),
            ("br", _) => {
                if self.in_cell() {
                    self.space();
                } else {
                    self.out().push_str("  ");
                    self.line_break();
                }
            }
            ("hr", _) => {
                self.paragraph();
                if !self.in_cell() {
                    self.out().push_str("---");
                    self.paragraph();
                }
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                self.paragraph();
                if !self.in_cell() {
                    let level: usize = name[1..].parse().unwrap_or(1);
                    let marker = format!("{} ", "#".repeat(level));
                    self.out().push_str(&marker);
                }
            }
            ("ul" | "ol" | "menu" | "dir", false) => {
                if self.items.is_empty() {
                    self.paragraph();
                } else {
                    // A list inside an item: tight, under the item's text.
                    self.line_break();
                }
                let start = tag
                    .attribute("start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1);
                self.lists.push((name == "ol", start));
            }
            ("ul" | "ol" | "menu" | "dir", true) => {
                let depth = self.lists.len();
                self.items.retain(|(_, d)| *d < depth);
                self.lists.pop();
                if self.items.is_empty() {
                    self.paragraph();
                } else {
                    self.line_break();
                }
            }
            ("li", false) => self.item_start(),
            ("li", true) => {
                let depth = self.lists.len().max(1);
                if self.items.last().is_some_and(|(_, d)| *d == depth) {
                    self.items.pop();
                }
                self.line_break();
            }
            ("table", false) => {
                self.paragraph();
                self.tables.push(Table::default());
            }
            ("table", true) => self.close_table(),
            ("tr", false) => {
                self.close_row();
                if let Some(table) = self.tables.last_mut() {
                    table.row = Some(Vec::new());
                }
            }
            ("tr", true) => self.close_row(),
            ("td" | "th", false) => {
                self.close_cell();
                if let Some(table) = self.tables.last_mut() {
                    table.row.get_or_insert_with(Vec::new);
                    table.cell = true;
                    self.buffers.push(String::new());
                } else {
                    self.space();
                }
            }
            ("td" | "th", true) => self.close_cell(),
            ("pre", false) => {
                self.paragraph();
                self.pre = Some(String::new());
            }
            ("code" | "tt" | "kbd" | "samp" | "var", false) => {
                self.code.get_or_insert_with(String::new);
            }
            ("code" | "tt" | "kbd" | "samp" | "var", true) => self.close_code(),
            ("a", false) => {
                let inside = self.links.iter().any(Option::is_some);
                let url = tag
                    .attribute("href")
                    .and_then(|href| absolute_url(&href))
                    .filter(|_| !inside);
                if url.is_some() {
                    self.out().push('[');
                }
                self.links.push(url);
            }
            ("a", true) => self.close_link(),
            (block, _) if is_block(block) => self.paragraph(),
            _ => {}
        }
    }

    fn item_start(&mut self) {
        if self.in_cell() {
            self.space();
            self.out().push_str("• ");
            return;
        }
        if self.lists.is_empty() {
            self.lists.push((false, 1));
        }
        let depth = self.lists.len();
        // A `<li>` left open closes at the next one of its list.
        self.items.retain(|(_, d)| *d < depth);
        self.line_break();
        let marker = match self.lists.last_mut() {
            Some((true, number)) => {
                let marker = format!("{number}. ");
                *number = number.saturating_add(1);
                marker
            }
            _ => "- ".to_owned(),
        };
        self.out().push_str(&marker);
        self.items.push((marker.len(), depth));
    }

    fn close_code(&mut self) {
        if let Some(code) = self.code.take() {
            let decoded = decode_entities(&code);
            let collapsed = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
            if !collapsed.is_empty() {
                let mut span = code_span(&collapsed);
                if self.in_cell() {
                    span = span.replace('|', "\\|");
                }
                self.out().push_str(&span);
            }
        }
    }

    fn close_pre(&mut self) {
        let Some(pre) = self.pre.take() else { return };
        let decoded = decode_entities(&pre);
        let body = decoded.strip_prefix('\n').unwrap_or(&decoded).trim_end();
        if body.trim().is_empty() {
            return;
        }
        if self.in_cell() {
            let collapsed = body.split_whitespace().collect::<Vec<_>>().join(" ");
            let span = code_span(&collapsed).replace('|', "\\|");
            self.out().push_str(&span);
            return;
        }
        let fence = "`".repeat(longest_backticks(body).max(2) + 1);
        let indent = self.indent();
        let mut block = format!("{fence}\n");
        for line in body.lines() {
            block.push_str(&indent);
            block.push_str(line);
            block.push('\n');
        }
        block.push_str(&indent);
        block.push_str(&fence);
        self.out().push_str(&block);
        self.paragraph();
    }

    fn close_link(&mut self) {
        self.close_code();
        if let Some(Some(url)) = self.links.pop() {
            let out = self.out();
            if out.ends_with('[') {
                // A link without text: the URL itself.
                out.pop();
                out.push_str(&format!("<{url}>"));
            } else {
                out.push_str(&format!("]({url})"));
            }
        }
    }

    fn close_cell(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        if !table.cell {
            return;
        }
        table.cell = false;
        let text = self.buffers.pop().unwrap_or_default();
        let cell = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(table) = self.tables.last_mut() {
            table.row.get_or_insert_with(Vec::new).push(cell);
        }
    }

    fn close_row(&mut self) {
        self.close_cell();
        if let Some(table) = self.tables.last_mut() {
            if let Some(row) = table.row.take() {
                table.rows.push(row);
            }
        }
    }

    fn close_table(&mut self) {
        self.close_row();
        let Some(table) = self.tables.pop() else {
            return;
        };
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        if self.in_cell() {
            let cells: Vec<String> = table.rows.into_iter().flatten().collect();
            self.space();
            let text = cells.join(" ");
            self.out().push_str(&text);
            return;
        }
        let indent = self.indent();
        let row_text = |cells: &[String]| {
            let mut line = String::from("|");
            for i in 0..columns {
                line.push(' ');
                line.push_str(cells.get(i).map(String::as_str).unwrap_or(""));
                line.push_str(" |");
            }
            line
        };
        let mut text = String::new();
        for (i, row) in table.rows.iter().enumerate() {
            if i > 0 {
                text.push('\n');
                text.push_str(&indent);
            }
            text.push_str(&row_text(row));
            if i == 0 {
                text.push('\n');
                text.push_str(&indent);
                text.push('|');
                text.push_str(&" --- |".repeat(columns));
            }
        }
        self.out().push_str(&text);
        self.paragraph();
    }

    fn finish(mut self) -> String {
        if self.pre.is_some() {
            self.close_pre();
        }
        self.close_code();
        while !self.links.is_empty() {
            self.close_link();
        }
        while !self.tables.is_empty() {
            self.close_table();
        }
        let mut out = self.buffers.drain(..).collect::<Vec<_>>();
        let first = out.remove(0);
        out.into_iter().fold(first, |mut all, rest| {
            all.push(' ');
            all.push_str(&rest);
            all
        })
    }
}

fn longest_backticks(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Named character references common in API documents.
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("bull", "•"),
    ("middot", "·"),
    ("times", "×"),
    ("divide", "÷"),
    ("deg", "°"),
    ("plusmn", "±"),
    ("le", "≤"),
    ("ge", "≥"),
    ("ne", "≠"),
    ("larr", "←"),
    ("rarr", "→"),
    ("uarr", "↑"),
    ("darr", "↓"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("sect", "§"),
    ("para", "¶"),
];

/// Decodes character references (`&amp;`, `&#39;`, `&#x2F;` and the names
/// in [`ENTITIES`]); anything else stays as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let value = match name.strip_prefix('#') {
                Some(number) => {
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                        .filter(|c| !c.is_control() || c.is_whitespace())
                        .map(String::from)
                }
                None => ENTITIES
                    .iter()
                    .find(|(entity, _)| *entity == name)
                    .map(|(_, value)| (*value).to_owned()),
            };
            value.map(|value| (value, end))
        });
        match decoded {
            Some((value, end)) => {
                out.push_str(&value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_only_for_html_elements() {
        let tag = Tag::parse("<A HREF='https://x.example' class=y>").expect("a tag");
        assert_eq!(tag.name, "a");
        assert!(!tag.closing);
        assert_eq!(tag.attribute("href").as_deref(), Some("https://x.example"));
        assert_eq!(tag.attribute("class").as_deref(), Some("y"));
        assert_eq!(tag.attribute("id"), None);
        assert!(Tag::parse("</p>").is_some_and(|t| t.closing && t.name == "p"));
        assert!(Tag::parse("<br/>").is_some_and(|t| t.name == "br"));
        assert!(Tag::parse("<!-- c -->").is_some_and(|t| t.ignored()));
        assert_eq!(Tag::parse("<Item>"), None);
        assert_eq!(Tag::parse("<customer_id>"), None);
        assert_eq!(Tag::parse("<b-c>"), None);
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#39;d&#x27; &nbsp;&bogus; & e"),
            "a & b <c> 'd'  &bogus; & e"
        );
        assert_eq!(decode_entities("&#0; &#x110000;"), "&#0; &#x110000;");
    }

    #[test]
    fn html_becomes_markdown_text() {
        assert_eq!(
            to_markdown("<p>One *two*</p>\n<ol start=\"2\"><li>a</li><li>b<ul><li>c</li></ul></li></ol><script>x()</script>"),
            "One \\*two\\*\n\n2. a\n3. b\n   - c\n\n"
        );
        assert_eq!(
            to_markdown("<h2>Title</h2>x<hr>y"),
            "## Title\n\nx\n\n---\n\ny"
        );
        assert_eq!(
            to_markdown("a < b and <Foo> and <!-- gone -->c"),
            "a \\< b and \\<Foo\\> and c"
        );
        assert_eq!(
            to_markdown("<a href=\"https://x.example\"></a> <a href=\"#frag\">frag</a>"),
            "<https://x.example> frag"
        );
    }
}
