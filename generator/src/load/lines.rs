//! Maps JSON pointers to source lines, so diagnostics can say where a
//! problem is in the file the user wrote. Built only when there is something
//! to report.
//!
//! JSON is scanned exactly. YAML is scanned by indentation, which covers block
//! style (what specs use); inside flow collections (`{a: 1}`) the line of the
//! nearest enclosing key is used.

use std::collections::HashMap;

use crate::diag::{child, escape_token, Diagnostics};

/// Line numbers (1-based) of the values in a document, by JSON pointer.
#[derive(Debug, Default)]
pub struct LineIndex {
    lines: HashMap<String, usize>,
}

impl LineIndex {
    /// Indexes `text`, JSON when it starts with `{`, YAML otherwise.
    pub fn new(text: &str) -> Self {
        let mut index = Self::default();
        let trimmed = text.trim_start_matches('\u{feff}');
        if trimmed.trim_start().starts_with('{') {
            index.scan_json(trimmed);
        } else {
            index.scan_yaml(trimmed);
        }
        index
    }

    /// Fills in source lines of the main document where a diagnostic of
    /// `diags` has none, and orders the list by location so reports are
    /// stable.
    pub fn locate(&self, diags: &mut Diagnostics) {
        diags.locate_by(|pointer| {
            // Pointers into other documents are located by `Refs::locate`.
            if pointer.is_empty() || pointer.starts_with('/') {
                self.line_of(pointer)
            } else {
                None
            }
        });
    }

    /// The line of the value at `pointer`, or of its nearest indexed ancestor.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let mut current = pointer;
        loop {
            if let Some(line) = self.lines.get(current) {
                return Some(*line);
            }
            let cut = current.rfind('/')?;
            current = &current[..cut];
        }
    }

    fn record(&mut self, pointer: &str, line: usize) {
        self.lines.entry(pointer.to_owned()).or_insert(line);
    }

    fn scan_json(&mut self, text: &str) {
        enum Frame {
            Object { key: Option<String> },
            Array { index: usize },
        }
        let bytes = text.as_bytes();
        let mut stack: Vec<(String, Frame)> = Vec::new();
        let mut line = 1;
        let mut i = 0;
        let mut expecting_key = false;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'\n' => line += 1,
                b'"' => {
                    let start = i;
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\\' {
                            i += 1;
                        } else if bytes[i] == b'\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                    let raw = text.get(start..=i.min(bytes.len() - 1)).unwrap_or("\"\"");
                    if expecting_key {
                        let key: String = serde_json::from_str(raw).unwrap_or_default();
                        if let Some((_, Frame::Object { key: slot })) = stack.last_mut() {
                            *slot = Some(key);
                        }
                        expecting_key = false;
                    } else {
                        self.value_at(&stack_pointer(&stack), line);
                    }
                }
                b'{' | b'[' => {
                    let here = stack_pointer(&stack);
                    self.value_at(&here, line);
                    let frame = if b == b'{' {
                        expecting_key = true;
                        Frame::Object { key: None }
                    } else {
                        Frame::Array { index: 0 }
                    };
                    stack.push((here, frame));
                }
                b'}' | b']' => {
                    stack.pop();
                    expecting_key = false;
                }
                b',' => match stack.last_mut() {
                    Some((_, Frame::Object { key })) => {
                        *key = None;
                        expecting_key = true;
                    }
                    Some((_, Frame::Array { index })) => *index += 1,
                    None => {}
                },
                b' ' | b'\t' | b'\r' | b':' => {}
                _ => self.value_at(&stack_pointer(&stack), line),
            }
            i += 1;
        }

        fn stack_pointer(stack: &[(String, Frame)]) -> String {
            match stack.last() {
                None => String::new(),
                Some((base, Frame::Object { key: Some(key) })) => child(base, key),
                Some((base, Frame::Object { key: None })) => base.clone(),
                Some((base, Frame::Array { index })) => child(base, &index.to_string()),
            }
        }
    }

    fn value_at(&mut self, pointer: &str, line: usize) {
        self.record(pointer, line);
    }

    fn scan_yaml(&mut self, text: &str) {
        struct Frame {
            indent: usize,
            pointer: String,
            is_item: bool,
            next_item: usize,
        }
        let mut stack: Vec<Frame> = Vec::new();
        let mut block_scalar: Option<usize> = None;
        for (number, raw) in text.lines().enumerate() {
            let line = number + 1;
            let content = raw.trim_start();
            let mut indent = raw.len() - content.len();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if let Some(owner) = block_scalar {
                if indent > owner {
                    continue;
                }
                block_scalar = None;
            }
            if content.starts_with("---") || content.starts_with("...") {
                stack.clear();
                continue;
            }
            let mut rest = content;
            // Sequence items, possibly several on one line (`- - a`).
            while rest == "-" || rest.starts_with("- ") {
                while stack
                    .last()
                    .is_some_and(|top| top.indent > indent || (top.indent == indent && top.is_item))
                {
                    stack.pop();
                }
                let (base, index) = match stack.last_mut() {
                    Some(top) => {
                        let index = top.next_item;
                        top.next_item += 1;
                        (top.pointer.clone(), index)
                    }
                    None => (String::new(), 0),
                };
                let pointer = child(&base, &index.to_string());
                self.record(&pointer, line);
                stack.push(Frame {
                    indent,
                    pointer,
                    is_item: true,
                    next_item: 0,
                });
                let after = rest[1..].trim_start();
                indent += rest.len() - after.len();
                rest = after;
            }
            let Some((key, value)) = split_key(rest) else {
                continue;
            };
            while stack.last().is_some_and(|top| top.indent >= indent) {
                stack.pop();
            }
            let base = stack
                .last()
                .map(|top| top.pointer.clone())
                .unwrap_or_default();
            let pointer = format!("{base}/{}", escape_token(&key));
            self.record(&pointer, line);
            let value = value.trim();
            if value.starts_with('|') || value.starts_with('>') {
                block_scalar = Some(indent);
            }
            stack.push(Frame {
                indent,
                pointer,
                is_item: false,
                next_item: 0,
            });
        }
    }
}

/// Splits `key: value` (the key possibly quoted); `None` when the line is not
/// a mapping entry.
fn split_key(content: &str) -> Option<(String, &str)> {
    if let Some(quote) = content.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = content[1..].find(quote)? + 1;
        let key = &content[1..end];
        let after = content[end + 1..].trim_start();
        let value = after.strip_prefix(':')?;
        let key = if quote == '"' {
            serde_json::from_str(&content[..=end]).unwrap_or_else(|_| key.to_owned())
        } else {
            key.replace("''", "'")
        };
        return Some((key, value));
    }
    let mut search = 0;
    while let Some(pos) = content[search..].find(':') {
        let at = search + pos;
        let after = &content[at + 1..];
        if after.is_empty() || after.starts_with(' ') || after.starts_with('\t') {
            let key = content[..at].trim_end();
            if key.starts_with('{') || key.starts_with('[') {
                return None;
            }
            return Some((key.to_owned(), after));
        }
        search = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_pointers_get_their_lines() {
        let text = "{\n  \"a\": {\n    \"b/c\": [\n      1,\n      {\"d\": true}\n    ]\n  },\n  \"e\": \"x\"\n}";
        let index = LineIndex::new(text);
        assert_eq!(index.line_of("/a"), Some(2));
        assert_eq!(index.line_of("/a/b~1c"), Some(3));
        assert_eq!(index.line_of("/a/b~1c/0"), Some(4));
        assert_eq!(index.line_of("/a/b~1c/1/d"), Some(5));
        assert_eq!(index.line_of("/e"), Some(8));
        assert_eq!(index.line_of("/a/b~1c/1/d/missing"), Some(5));
    }

    #[test]
    fn yaml_block_style_is_indexed() {
        let text = "openapi: 3.1.0\npaths:\n  /v2/x:\n    get:\n      parameters:\n        - name: a\n          in: query\n        - name: b\n      description: |\n        text: not a key\n      responses: {}\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_of("/openapi"), Some(1));
        assert_eq!(index.line_of("/paths/~1v2~1x/get"), Some(4));
        assert_eq!(
            index.line_of("/paths/~1v2~1x/get/parameters/0/name"),
            Some(6)
        );
        assert_eq!(index.line_of("/paths/~1v2~1x/get/parameters/0/in"), Some(7));
        assert_eq!(index.line_of("/paths/~1v2~1x/get/parameters/1"), Some(8));
        assert_eq!(index.line_of("/paths/~1v2~1x/get/responses"), Some(11));
        assert_eq!(
            index.line_of("/paths/~1v2~1x/get/description/text"),
            Some(9)
        );
    }
}
