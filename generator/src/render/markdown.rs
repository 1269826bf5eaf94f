//! Document text → rustdoc Markdown that rustdoc and clippy accept as it
//! is, whatever the text holds.
//!
//! The text is parsed with pulldown-cmark (the parser rustdoc itself uses,
//! with rustdoc's tables and strikethrough) and written out again in a small,
//! regular dialect: list items and block quotes carry their markers and
//! indentation on every line (no lazy continuations), code blocks are
//! fenced and marked `text` (never compiled as doctests), HTML becomes
//! Markdown (see [`super::html`]) or escaped text, bare URLs are wrapped in
//! `<>`, links keep only absolute targets (anything else would be read as an
//! intra-doc link), and every character Markdown could give a meaning the
//! document did not intend is escaped.

use pulldown_cmark::{Alignment, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};

use super::escape::{absolute_url, code_span, escape, longest_run};
use super::html;

/// How deep HTML blocks are re-read as Markdown (the Markdown made from
/// HTML holds no HTML, so one level is all there is).
const MAX_DEPTH: usize = 2;

/// The text as safe rustdoc Markdown.
pub fn clean(text: &str) -> String {
    let mut writer = Writer::default();
    writer.markdown(text, 0);
    writer.finish()
}

/// The first sentence of the text, on one line, as safe inline Markdown
/// (its open emphasis and links closed).
pub fn first_sentence(text: &str) -> String {
    let mut writer = Writer {
        sentence: true,
        ..Writer::default()
    };
    writer.markdown(text, 0);
    writer.finish()
}

/// What makes `output` unsafe as rustdoc Markdown, if anything: HTML, a code
/// block that is not fenced and marked `text` (rustdoc would run it as a
/// doc test), a link to something other than an absolute URL or an email
/// address, a trailing space or a tab. Every text [`clean`] and
/// [`first_sentence`] return passes; the tests hold them to it on awkward
/// and real documents' texts.
pub fn rustdoc_problem(output: &str) -> Option<String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(output, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                return Some(format!("HTML {html:?} left"))
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)))
                if &*info != "text" =>
            {
                return Some(format!("a code block marked {info:?}, not \"text\""))
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Indented)) => {
                return Some("an indented code block".to_owned())
            }
            Event::Start(Tag::Link { dest_url, .. })
                if absolute_url(&dest_url).is_none() && !dest_url.contains('@') =>
            {
                return Some(format!("a link to {dest_url:?}"))
            }
            _ => {}
        }
    }
    output.lines().find_map(|line| {
        if line != line.trim_end() {
            Some("a trailing space".to_owned())
        } else if line.contains('\t') {
            Some("a tab".to_owned())
        } else {
            None
        }
    })
}

/// A block container whose marker or indentation starts every line inside it.
enum Container {
    Quote,
    Item {
        /// Width of the marker, the indentation of the item's other lines.
        width: usize,
        /// The marker, until the item's first line is written.
        marker: Option<String>,
    },
}

/// An open inline construct, closed when its end comes (or the text stops).
enum Inline {
    Emphasis,
    Strong,
    Strikethrough,
    /// A link kept, to an absolute URL.
    Link(String),
    /// A link or image whose target is dropped: only its text stays.
    Plain,
    /// An autolink, written whole at its start; its text is skipped.
    Skip,
}

impl Inline {
    fn closing(&self) -> String {
        match self {
            Inline::Emphasis => "*".to_owned(),
            Inline::Strong => "**".to_owned(),
            Inline::Strikethrough => "~~".to_owned(),
            Inline::Link(url) => format!("]({url})"),
            Inline::Plain | Inline::Skip => String::new(),
        }
    }
}

/// An open list.
struct List {
    /// The next item's number (`None`: a bullet list).
    number: Option<u64>,
    /// Whether it uses the other marker (`*`, `1)`).
    other: bool,
    /// Whether its items hold paragraphs (a blank line between items);
    /// a tight list keeps its items on consecutive lines.
    loose: bool,
}

/// A table being collected (cells are written once the table is complete,
/// padded to the same number of columns).
#[derive(Default)]
struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: String,
}

#[derive(Default)]
struct Writer {
    out: String,
    containers: Vec<Container>,
    /// The open lists, innermost last.
    lists: Vec<List>,
    /// The list that just ended: its depth and marker choice. A list right
    /// after it takes the other marker, or the two would read as one.
    ended_list: Option<(usize, bool)>,
    inline: Vec<Inline>,
    /// Nothing is written on the current line yet (its prefix neither).
    fresh_line: bool,
    /// A block ended: the next one is set off by a blank line.
    blank_pending: bool,
    /// A hard line break waits for the text that follows it.
    break_pending: bool,
    /// A paragraph break (from HTML inside a paragraph) waits for the text.
    paragraph_pending: bool,
    /// The text of the code block being read.
    code_block: Option<String>,
    /// The HTML block being read.
    html_block: Option<String>,
    /// Text inside inline HTML `<code>` being read.
    html_code: Option<String>,
    /// Open inline HTML lists: the next number of each `<ol>`, `None` for `<ul>`.
    html_lists: Vec<Option<u64>>,
    /// The target of an inline HTML `<a href>` being read (`None` inside
    /// when the target is dropped).
    html_link: Option<Option<String>>,
    table: Option<Table>,
    /// First-sentence mode: one line, no blocks, stop at the sentence's end.
    sentence: bool,
    done: bool,
}

impl Writer {
    fn markdown(&mut self, text: &str, depth: usize) {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for event in TextMergeStream::new(Parser::new_ext(text, options)) {
            if self.done {
                return;
            }
            self.event(event, depth);
        }
    }

    fn finish(mut self) -> String {
        self.close_inline();
        if let Some(code) = self.code_block.take() {
            self.fenced(&code);
        }
        if self.sentence {
            return self.out.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        let lines: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        let text = lines.join("\n");
        text.trim_matches('\n').to_owned()
    }

    fn event(&mut self, event: Event<'_>, depth: usize) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag, depth),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.code_span(&code),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::Html(text) => match &mut self.html_block {
                Some(block) => block.push_str(&text),
                None => self.html(&text, depth),
            },
            Event::InlineHtml(text) => self.inline_html(&text),
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]")),
            Event::SoftBreak => self.soft_break(),
            Event::HardBreak => self.hard_break(),
            Event::Rule => {
                self.block_start();
                self.write("---");
                self.block_end();
            }
            Event::TaskListMarker(checked) => self.text(if checked { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        if matches!(tag, Tag::Paragraph)
            && matches!(self.containers.last(), Some(Container::Item { .. }))
        {
            if let Some(list) = self.lists.last_mut() {
                list.loose = true;
            }
        }
        match tag {
            Tag::Paragraph
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.block_start(),
            Tag::Heading { level, .. } => {
                self.block_start();
                if !self.sentence {
                    self.write(&"#".repeat(level as usize));
                    self.write(" ");
                }
            }
            Tag::BlockQuote(_) => {
                self.block_start();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(_) => self.code_block = Some(String::new()),
            Tag::HtmlBlock => self.html_block = Some(String::new()),
            Tag::List(start) => {
                let depth = self.containers.len();
                let other = matches!(self.ended_list, Some((d, false)) if d == depth);
                self.block_start();
                self.lists.push(List {
                    number: start,
                    other,
                    loose: false,
                });
            }
            Tag::Item => self.item_start(),
            Tag::Table(alignments) => {
                self.block_start();
                if !self.sentence {
                    self.table = Some(Table {
                        alignments,
                        ..Table::default()
                    });
                }
            }
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => {
                if self.sentence && !self.out.is_empty() {
                    self.write(" ");
                }
            }
            Tag::Emphasis => self.open(Inline::Emphasis),
            Tag::Strong => self.open(Inline::Strong),
            Tag::Strikethrough => self.open(Inline::Strikethrough),
            Tag::Superscript | Tag::Subscript => self.inline.push(Inline::Plain),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.link_start(link_type, &dest_url),
            Tag::Image { .. } => self.inline.push(Inline::Plain),
        }
    }

    fn end(&mut self, tag: TagEnd, depth: usize) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.block_end(),
            TagEnd::BlockQuote(_) => {
                self.block_end();
                self.containers.pop();
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code_block.take() {
                    self.fenced(&code);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(block) = self.html_block.take() {
                    self.html(&block, depth);
                }
            }
            TagEnd::List(_) => {
                let other = self.lists.pop().is_some_and(|list| list.other);
                self.block_end();
                self.ended_list = Some((self.containers.len(), other));
            }
            TagEnd::Item => self.item_end(),
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.write_table(table);
                }
                self.block_end();
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    let row = std::mem::take(&mut table.row);
                    table.rows.push(row);
                }
            }
            TagEnd::TableCell => {
                self.close_html();
                if let Some(table) = &mut self.table {
                    let cell = std::mem::take(&mut table.cell);
                    table.row.push(cell.trim().to_owned());
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => {
                if let Some(inline) = self.inline.pop() {
                    let closing = inline.closing();
                    self.write(&closing);
                }
            }
        }
    }

    // ---- blocks ----

    /// Whether some container's marker is not written yet (the block being
    /// started is the first of its list item, on the marker's line).
    fn marker_pending(&self) -> bool {
        self.containers.iter().any(|c| {
            matches!(
                c,
                Container::Item {
                    marker: Some(_),
                    ..
                }
            )
        })
    }

    fn block_start(&mut self) {
        self.ended_list = None;
        self.break_pending = false;
        self.paragraph_pending = false;
        if self.sentence {
            if !self.out.trim().is_empty() {
                self.done = true;
            }
            return;
        }
        if !self.fresh_line && !self.out.is_empty() {
            self.newline();
        }
        if self.blank_pending && !self.out.is_empty() && !self.marker_pending() {
            self.blank_line();
        }
        self.blank_pending = false;
    }

    fn block_end(&mut self) {
        self.close_inline();
        self.html_lists.clear();
        self.break_pending = false;
        self.paragraph_pending = false;
        if self.sentence {
            if !self.out.trim().is_empty() {
                self.done = true;
            }
            return;
        }
        self.blank_pending = true;
    }

    fn item_start(&mut self) {
        if self.sentence {
            return;
        }
        if !self.fresh_line && !self.out.is_empty() {
            self.newline();
        }
        let loose = self.lists.last().is_some_and(|list| list.loose);
        if self.blank_pending && loose && !self.out.is_empty() && !self.marker_pending() {
            self.blank_line();
        }
        self.blank_pending = false;
        self.ended_list = None;
        let marker = match self.lists.last_mut() {
            Some(List {
                number: Some(number),
                other,
                ..
            }) => {
                let marker = format!("{number}{} ", if *other { ')' } else { '.' });
                *number = number.saturating_add(1);
                marker
            }
            Some(List {
                number: None,
                other: true,
                ..
            }) => "* ".to_owned(),
            _ => "- ".to_owned(),
        };
        self.containers.push(Container::Item {
            width: marker.len(),
            marker: Some(marker),
        });
    }

    fn item_end(&mut self) {
        self.close_inline();
        self.break_pending = false;
        self.paragraph_pending = false;
        if self.sentence {
            if !self.out.trim().is_empty() {
                self.done = true;
            }
            return;
        }
        if self.marker_pending() {
            // An empty item still shows its marker.
            self.write("");
        }
        self.containers.pop();
        if !self.fresh_line {
            self.newline();
        }
    }

    /// A fenced code block marked `text`, with a fence longer than any run
    /// of backticks inside.
    fn fenced(&mut self, code: &str) {
        if self.sentence {
            if !self.out.trim().is_empty() {
                self.done = true;
            }
            return;
        }
        self.block_start();
        let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
        self.write(&fence);
        self.write("text");
        for line in code.trim_end_matches('\n').lines() {
            self.newline();
            self.write(&line.replace('\t', "    "));
        }
        self.newline();
        self.write(&fence);
        self.block_end();
    }

    fn write_table(&mut self, table: Table) {
        let columns = table
            .rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(table.alignments.len());
        if columns == 0 {
            return;
        }
        let row_text = |cells: &[String]| {
            let mut line = String::from("|");
            for i in 0..columns {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                line.push(' ');
                line.push_str(cell);
                line.push_str(" |");
            }
            line
        };
        let mut rows = table.rows.iter();
        let head = rows.next().cloned().unwrap_or_default();
        self.write(&row_text(&head));
        self.newline();
        let mut delimiter = String::from("|");
        for i in 0..columns {
            delimiter.push_str(match table.alignments.get(i) {
                Some(Alignment::Left) => " :-- |",
                Some(Alignment::Center) => " :-: |",
                Some(Alignment::Right) => " --: |",
                _ => " --- |",
            });
        }
        self.write(&delimiter);
        for row in rows {
            self.newline();
            self.write(&row_text(row));
        }
    }

    /// An HTML block: rewritten as Markdown and read again.
    fn html(&mut self, text: &str, depth: usize) {
        if depth + 1 >= MAX_DEPTH {
            self.block_start();
            self.text(text.trim());
            self.block_end();
            return;
        }
        let markdown = html::to_markdown(text);
        self.markdown(&markdown, depth + 1);
    }

    // ---- inline ----

    fn open(&mut self, inline: Inline) {
        let opening = match inline {
            Inline::Emphasis => "*",
            Inline::Strong => "**",
            Inline::Strikethrough => "~~",
            _ => "",
        };
        self.write(opening);
        self.inline.push(inline);
    }

    fn in_link(&self) -> bool {
        self.inline
            .iter()
            .any(|i| matches!(i, Inline::Link(_) | Inline::Skip))
            || matches!(self.html_link, Some(Some(_)))
    }

    fn skipping(&self) -> bool {
        self.inline.iter().any(|i| matches!(i, Inline::Skip))
    }

    fn link_start(&mut self, link_type: LinkType, dest: &str) {
        if self.in_link() {
            self.inline.push(Inline::Plain);
            return;
        }
        match (link_type, absolute_url(dest)) {
            (LinkType::Autolink | LinkType::Email, _) => {
                let target = autolink_target(dest);
                if !target.is_empty() {
                    self.write(&format!("<{target}>"));
                }
                self.inline.push(Inline::Skip);
            }
            (_, Some(url)) => {
                self.write("[");
                self.inline.push(Inline::Link(url));
            }
            (_, None) => self.inline.push(Inline::Plain),
        }
    }

    /// Closes every open inline construct (emphasis, links, inline HTML).
    fn close_inline(&mut self) {
        self.close_html();
        while let Some(inline) = self.inline.pop() {
            let closing = inline.closing();
            self.write(&closing);
        }
    }

    /// Closes inline HTML `<code>` and `<a>` left open.
    fn close_html(&mut self) {
        if let Some(code) = self.html_code.take() {
            self.code_span(&code);
        }
        if let Some(Some(url)) = self.html_link.take() {
            self.write(&format!("]({url})"));
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(code) = &mut self.code_block {
            code.push_str(text);
            return;
        }
        if let Some(code) = &mut self.html_code {
            code.push_str(text);
            return;
        }
        if self.skipping() || self.done {
            return;
        }
        let text = if self.sentence {
            match sentence_end(text) {
                Some(end) => {
                    let first = &text[..end];
                    let escaped = escape(first, false, !self.in_link());
                    self.write(&escaped);
                    self.close_inline();
                    self.done = true;
                    return;
                }
                None => text,
            }
        } else {
            text
        };
        let at_line_start =
            self.fresh_line || self.out.is_empty() || self.paragraph_pending || self.break_pending;
        let at_line_start = at_line_start && self.table.is_none() && !self.sentence;
        let text = if at_line_start {
            text.trim_start()
        } else {
            text
        };
        if text.is_empty() {
            return;
        }
        let escaped = escape(text, at_line_start, !self.in_link());
        self.write(&escaped);
    }

    fn code_span(&mut self, code: &str) {
        if let Some(open) = &mut self.html_code {
            open.push_str(code);
            return;
        }
        if self.skipping() {
            return;
        }
        let mut span = code_span(code);
        if self.table.is_some() {
            span = span.replace('|', "\\|");
        }
        self.write(&span);
    }

    fn soft_break(&mut self) {
        if self.html_code.is_some() || self.code_block.is_some() {
            self.text(" ");
            return;
        }
        if self.sentence {
            if self.out.ends_with('.') {
                self.close_inline();
                self.done = true;
            } else {
                self.write(" ");
            }
            return;
        }
        if self.table.is_some() {
            self.write(" ");
            return;
        }
        if !self.fresh_line {
            self.newline();
        }
    }

    fn hard_break(&mut self) {
        if self.sentence || self.table.is_some() || self.html_code.is_some() {
            self.text(" ");
            return;
        }
        self.break_pending = true;
    }

    fn inline_html(&mut self, text: &str) {
        let Some(tag) = html::Tag::parse(text) else {
            // Not a tag of HTML (`List<Item>`, `<id>`): plain text.
            self.text(text);
            return;
        };
        if tag.ignored() {
            return;
        }
        match (tag.name.as_str(), tag.closing) {
            ("br", _) => self.hard_break(),
            ("code" | "tt" | "kbd" | "samp" | "var", false) => {
                self.html_code.get_or_insert_with(String::new);
            }
            ("code" | "tt" | "kbd" | "samp" | "var", true) => {
                if let Some(code) = self.html_code.take() {
                    self.code_span(&code);
                }
            }
            ("a", false) => {
                if self.html_link.is_some() || self.in_link() {
                    return;
                }
                let url = tag.attribute("href").and_then(|href| absolute_url(&href));
                if url.is_some() {
                    self.write("[");
                }
                self.html_link = Some(url);
            }
            ("a", true) => {
                if let Some(code) = self.html_code.take() {
                    self.code_span(&code);
                }
                if let Some(Some(url)) = self.html_link.take() {
                    self.write(&format!("]({url})"));
                }
            }
            ("ul" | "ol", closing) => {
                if closing {
                    self.html_lists.pop();
                } else {
                    self.html_lists.push((tag.name == "ol").then_some(1));
                }
                self.paragraph_break();
            }
            ("li", false) => {
                if self.sentence || self.table.is_some() {
                    self.text(" ");
                    return;
                }
                // A list inside a paragraph: one line per item, after a
                // bullet or number that is text (a Markdown list here
                // would swallow the rest of the paragraph).
                let marker = match self.html_lists.last_mut() {
                    Some(Some(number)) => {
                        let marker = format!("{number}\\. ");
                        *number = number.saturating_add(1);
                        marker
                    }
                    _ => "• ".to_owned(),
                };
                if !self.fresh_line {
                    self.break_pending = true;
                }
                self.write(&marker);
            }
            ("li", true) => {}
            (name, _) if html::is_block(name) => self.paragraph_break(),
            _ => {}
        }
    }

    /// A paragraph break inside a paragraph (HTML `<p>` and the like).
    fn paragraph_break(&mut self) {
        if self.sentence {
            if !self.out.trim().is_empty() {
                self.close_inline();
                self.done = true;
            }
            return;
        }
        if self.table.is_some() {
            self.text(" ");
            return;
        }
        self.close_html();
        if !self.fresh_line {
            self.paragraph_pending = true;
        }
    }

    // ---- output ----

    /// Appends text to the current line (or table cell), writing the line's
    /// prefix and any pending break first.
    fn write(&mut self, text: &str) {
        if self.done {
            return;
        }
        if let Some(table) = &mut self.table {
            table.cell.push_str(&text.replace('\n', " "));
            return;
        }
        if self.sentence {
            if !(self.out.is_empty() && text.trim().is_empty()) {
                self.out.push_str(text);
            }
            return;
        }
        if self.paragraph_pending {
            self.paragraph_pending = false;
            self.break_pending = false;
            if !self.fresh_line {
                self.newline();
                self.blank_line();
            }
        }
        if self.break_pending {
            self.break_pending = false;
            if !self.fresh_line {
                self.out.push('\\');
                self.newline();
            }
        }
        if self.fresh_line || self.out.is_empty() {
            self.prefix();
            self.fresh_line = false;
        }
        self.out.push_str(text);
    }

    fn prefix(&mut self) {
        for container in &mut self.containers {
            match container {
                Container::Quote => self.out.push_str("> "),
                Container::Item { width, marker } => match marker.take() {
                    Some(marker) => self.out.push_str(&marker),
                    None => self.out.push_str(&" ".repeat(*width)),
                },
            }
        }
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.fresh_line = true;
    }

    /// An empty line inside the current containers (`>` for quotes).
    fn blank_line(&mut self) {
        let mut line = String::new();
        for container in &self.containers {
            match container {
                Container::Quote => line.push_str("> "),
                Container::Item { .. } => {}
            }
        }
        self.out.push_str(line.trim_end());
        self.newline();
    }
}

/// The target of an autolink (`<https://..>`, `<a@b.example>`), with the
/// characters an autolink cannot hold dropped.
fn autolink_target(dest: &str) -> String {
    dest.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '<' | '>'))
        .collect()
}

/// Where the first sentence of `text` ends (after its full stop), if it
/// ends inside `text`: a `.` followed by white space, not in `e.g.`/`i.e.`.
fn sentence_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if c != '.' || !bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace) {
            continue;
        }
        let before = text[..i].to_ascii_lowercase();
        if before.ends_with("e.g") || before.ends_with("i.e") {
            continue;
        }
        return Some(i + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Awkward document text from real API documents, in miniature.
    const AWKWARD: &[&str] = &[
        "Intro line\n- item one\ncontinued lazily\n- item two\n\nAfter.",
        "* a\n    * nested\n  more\n1. one\n2. two\nlazy",
        "<p>Para one</p><p>Para <b>two</b> with <code>a&lt;b&gt;</code></p><ul><li>x</li><li>y <a href=\"https://e.x/a?b=1&amp;c=2\">link</a></li></ul>Tail",
        "Text with <br/> break and List<Item> and <customerId> and a & b &amp; c &lt;tag&gt;",
        "    indented code\n    more\n\nnot code",
        "```json\n{\"a\": 1}\n```\nafter",
        "```rust\nfn main() { broken\n```",
        "```\n```",
        "See [docs](/relative/path) and [abs](https://x.y/z) and [ref] and [`Foo`] and https://bare.example/x_(y).",
        "[Foo][bar]\n\n[bar]: https://ref.example",
        "[Client](crate::Client) and [Self]",
        "# Heading\nText\n## Sub *em*\nSetext\n===",
        "| a | b |\n|---|---|\n| 1 | `x|y` |",
        "<table><tr><th>Name</th><th>Desc</th></tr><tr><td>a|b</td><td>c<br>d</td></tr></table>",
        "> quote\nlazy quote\n\n> - list in quote\ncontinued",
        "Use `code` and ``a`b`` and snake_case_name and _emph_ and *star* and __strong__.",
        "Line one.\nLine two with trailing.   \nLine three",
        "<pre>\nfn main() {\n  x &lt; y\n}\n</pre>",
        "<!-- comment --> visible <!-- another -->",
        "1) first\n2) second\n\n3. third\n4. fourth",
        "Some text\n\n\tTabbed code",
        "Price: $5 and 100% ~approx~ #hashtag\n#notheading\n+ plus\n2023. a year",
        "<ul>\n  <li>one\n  <li>two\n    <ul><li>nested</li></ul>\n  </li>\n</ul>\n",
        "Text <https://auto.link/x> and <mail@x.com>",
        "A\\* escaped and \\[x\\] and \\<b\\>",
        "- item\n\n  second para\n- next",
        "10. ten\n11. eleven\n    continued",
        "Unclosed <b>bold and <i>italic and <a href='https://x.example'>link",
        "<div>\n**not markdown** in html\n\n*but this is*\n</div>",
        "<h3>Title</h3>\n<ol start=\"3\"><li><p>Para in item</p><p>Second</p></li><li>Next</li></ol>",
        "Footnote[^1] and ![image](https://img.example/x.png) and <img src=x>",
        "<script>alert(1)</script>Safe",
        "Mixed: - not a list\n- a list\n  1. nested ordered\n     more\n",
        "- [ ] task\n- [x] done",
        "Hard break at end\\",
        "***\n---\n___",
        "<details><summary>More</summary>Hidden text</details>",
        "`` ` `` and ` `` ` and `  `",
        "> > deep\n> > quote",
        "Term with a very long line that keeps going. And ends here!",
        "&nbsp;&copy;&#169;&#xA9;&bogus; &",
        "http://short.io/a.b, then (https://in.paren/x) and https://end.example/.",
    ];

    /// Panics with what [`rustdoc_problem`] finds in `output`.
    fn assert_safe(input: &str, output: &str) {
        if let Some(problem) = rustdoc_problem(output) {
            panic!("{problem} in {output:?} (from {input:?})");
        }
    }

    #[test]
    fn awkward_text_becomes_safe_and_cleaning_is_stable() {
        for input in AWKWARD {
            let once = clean(input);
            assert_safe(input, &once);
            assert_eq!(clean(&once), once, "cleaning {input:?} again changes it");
            let sentence = first_sentence(input);
            assert!(!sentence.contains('\n'), "{sentence:?}");
            assert_safe(input, &sentence);
        }
    }

    #[test]
    fn list_items_carry_their_indentation() {
        assert_eq!(
            clean("Intro\n- one\ncontinued\n- two\n  1. inner\n  lazy\n\nAfter"),
            "Intro\n\n- one\n  continued\n- two\n  1. inner\n     lazy\n\nAfter"
        );
        assert_eq!(
            clean("> quoted\nlazily\n> - item\nlazy item"),
            "> quoted\n> lazily\n>\n> - item\n>   lazy item"
        );
    }

    #[test]
    fn code_is_never_a_doctest() {
        assert_eq!(
            clean("Run:\n\n    cargo run\n\n```rust\nfn x() {}\n```"),
            "Run:\n\n```text\ncargo run\n```\n\n```text\nfn x() {}\n```"
        );
        assert_eq!(clean("````\n```\n````"), "````text\n```\n````");
    }

    #[test]
    fn html_becomes_markdown() {
        assert_eq!(
            clean("<p>Send <code>a&lt;b&gt;</code>:</p><ul><li>one</li><li><a href=\"https://x.example/?a=1&amp;b=2\">two</a></li></ul>"),
            "Send `a<b>`:\n\n- one\n- [two](https://x.example/?a=1&b=2)"
        );
        assert_eq!(
            clean("Inline <b>bold</b>, <a href=\"/relative\">relative</a> and List<Item>.<br>Next"),
            "Inline bold, relative and List\\<Item\\>.\\\nNext"
        );
        assert_eq!(
            clean("<table><tr><th>A</th><th>B</th></tr><tr><td>1|2</td></tr></table>"),
            "| A | B |\n| --- | --- |\n| 1\\|2 |  |"
        );
        assert_eq!(
            clean("<pre>a &amp;&amp; b\n  c</pre>"),
            "```text\na && b\n  c\n```"
        );
    }

    #[test]
    fn html_lists_inside_a_paragraph_are_lines() {
        assert_eq!(
            clean("Value is:<ul><li>Brazil.</li><li>India.</li></ul>Then <ol><li>one</li><li>two</li></ol>"),
            "Value is:\n\n• Brazil.\\\n• India.\n\nThen\n\n1\\. one\\\n2\\. two"
        );
    }

    #[test]
    fn links_keep_absolute_targets_only() {
        assert_eq!(
            clean("[a](https://a.example) [b](b.html) [c] [`d`](crate::D) <https://e.example>"),
            "[a](https://a.example) b \\[c\\] `d` <https://e.example>"
        );
        assert_eq!(
            clean("[x](<https://x.example/a b(c)>)"),
            "[x](https://x.example/a%20b%28c%29)"
        );
    }
}
