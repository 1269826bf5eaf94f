//! Diagnostics: problems found in an input document, each with a JSON-pointer
//! location, collected per phase and reported together.

use std::fmt;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation can go on; the output may lack something.
    Warning,
    /// Generation cannot produce a correct crate.
    Error,
}

/// One problem in the input, located by a JSON pointer into the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// JSON pointer (RFC 6901) to the offending value, `""` for the whole
    /// document; for a problem of the configuration, its key (`[crate]
    /// keywords`).
    pub pointer: String,
    /// 1-based line in the source text, where the loader knows it.
    pub line: Option<usize>,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            line: None,
            message: message.into(),
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(pointer, message)
        }
    }

    /// The same diagnostic with a source line attached.
    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        // A pointer into another document names it (`pet.yaml#/Pet`).
        let (hash, pointer) = match self.pointer.as_str() {
            "" => ("#", "(document root)"),
            p if p.starts_with('/') => ("#", p),
            p => ("", p),
        };
        write!(f, "{level}: {}\n  --> {hash}{pointer}", self.message)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// All problems found by a phase. Returned as the error of a failed run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records an error at `pointer`.
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::error(pointer, message));
    }

    /// Records a warning at `pointer`.
    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::warning(pointer, message));
    }

    /// Whether any recorded problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The recorded problems, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Number of recorded problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Moves every problem of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Fills in source lines from `line_of` where a diagnostic has none,
    /// and orders the list by location.
    pub fn locate_by(&mut self, mut line_of: impl FnMut(&str) -> Option<usize>) {
        for item in &mut self.items {
            if item.line.is_none() {
                item.line = line_of(&item.pointer);
            }
        }
        // The main document's problems first, then other documents'.
        let elsewhere = |d: &Diagnostic| !(d.pointer.is_empty() || d.pointer.starts_with('/'));
        self.items.sort_by(|a, b| {
            (elsewhere(a), a.line, &a.pointer).cmp(&(elsewhere(b), b.line, &b.pointer))
        });
    }

    /// `Ok(value)` when no error was recorded, else `Err(self)`.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(value)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{item}")?;
        }
        let errors = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        write!(
            f,
            "{errors} error(s), {} warning(s)",
            self.items.len() - errors
        )
    }
}

impl std::error::Error for Diagnostics {}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Builds a JSON pointer from unescaped tokens.
pub fn pointer<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for token in tokens {
        out.push('/');
        out.push_str(&escape_token(token.as_ref()));
    }
    out
}

/// Appends one unescaped token to a pointer.
pub fn child(parent: &str, token: &str) -> String {
    format!("{parent}/{}", escape_token(token))
}
