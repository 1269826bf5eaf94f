//! The report: rows of measurements with what they are compared with, the
//! ratio, the target and whether it is met, printed as one markdown table;
//! and recording it in `BENCHMARKS.md`.

use std::fmt::Write as _;
use std::path::Path;

/// Where `--record` puts the table in `BENCHMARKS.md`.
const BEGIN: &str = "<!-- cargo xtask bench --record: begin -->";
const END: &str = "<!-- cargo xtask bench --record: end -->";

/// A goal a measurement is judged against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// Wall time at most this many seconds.
    Seconds(f64),
    /// Peak memory at most this many MiB.
    Mib(f64),
    /// Ours / theirs at most this (times or memory).
    RatioAtMost(f64),
    /// Ours / theirs at least this (throughputs).
    RatioAtLeast(f64),
    /// A property that holds or not, described by the text (judged with
    /// 1 when it holds, 0 when not).
    Holds(&'static str),
}

impl Target {
    fn describe(self) -> String {
        match self {
            Self::Seconds(s) => format!("≤ {s} s"),
            Self::Mib(m) => format!("≤ {m} MiB"),
            Self::RatioAtMost(r) => format!("≤ {r}×"),
            Self::RatioAtLeast(r) => format!("≥ {r}×"),
            Self::Holds(what) => what.to_owned(),
        }
    }

    /// Whether `value` (seconds, MiB or a ratio, as the target says) meets it.
    pub fn met(self, value: f64) -> bool {
        match self {
            Self::Seconds(max) | Self::Mib(max) | Self::RatioAtMost(max) => value <= max,
            Self::RatioAtLeast(min) => value >= min,
            Self::Holds(_) => value > 0.5,
        }
    }
}

/// One line of the table.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub section: &'static str,
    pub measurement: String,
    /// sdkgen's (or the generated SDK's) figure.
    pub ours: String,
    /// What it is compared with, and its figure.
    pub other: String,
    pub ratio: Option<f64>,
    pub target: Option<Target>,
    /// Whether the target is met (`None` without a target, or when the
    /// comparison could not be measured).
    pub met: Option<bool>,
}

impl Row {
    /// A row with a figure of ours only.
    pub fn new(section: &'static str, measurement: impl Into<String>, ours: String) -> Self {
        Self {
            section,
            measurement: measurement.into(),
            ours,
            ..Self::default()
        }
    }

    /// Compares with `other`, giving the ratio ours / theirs.
    pub fn versus(mut self, other: String, ratio: Option<f64>) -> Self {
        self.other = other;
        self.ratio = ratio;
        self
    }

    /// Judges `value` (seconds, MiB or the ratio) against `target`.
    pub fn judged(mut self, target: Target, value: Option<f64>) -> Self {
        self.target = Some(target);
        self.met = Some(value.is_some_and(|v| target.met(v)));
        self
    }

    /// Shows `target` without judging it (it could not be measured).
    pub fn unjudged(mut self, target: Target) -> Self {
        self.target = Some(target);
        self.met = None;
        self
    }

    /// A row for something that could not be measured.
    pub fn failed(section: &'static str, measurement: impl Into<String>, why: &str) -> Self {
        Self::new(section, measurement, format!("failed: {why}"))
    }
}

/// The whole report: header lines, then one markdown table.
pub fn render(header: &str, rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{header}\n");
    out.push_str("| section | measurement | sdkgen | compared with | ratio | target | met |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.section,
            cell(&row.measurement),
            cell(&row.ours),
            cell(&row.other),
            row.ratio.map(format_ratio).unwrap_or_default(),
            row.target.map(Target::describe).unwrap_or_default(),
            match (row.met, row.target) {
                (Some(true), _) => "✓",
                (Some(false), _) => "✗",
                (None, Some(_)) => "–",
                (None, None) => "",
            }
        );
    }
    out
}

/// A ratio with enough digits to read small ones.
pub fn format_ratio(ratio: f64) -> String {
    if ratio >= 0.1 {
        format!("{ratio:.2}×")
    } else {
        format!("{ratio:.3}×")
    }
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Replaces the recorded table in `BENCHMARKS.md` (between its markers) with
/// `report`.
pub fn record(path: &Path, report: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (before, rest) = text
        .split_once(BEGIN)
        .ok_or_else(|| format!("{} has no `{BEGIN}` line", path.display()))?;
    let (_, after) = rest
        .split_once(END)
        .ok_or_else(|| format!("{} has no `{END}` line", path.display()))?;
    let updated = format!("{before}{BEGIN}\n\n{}\n{END}{after}", report.trim_end());
    std::fs::write(path, updated).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_judge_values() {
        assert!(Target::Seconds(1.0).met(0.97));
        assert!(!Target::Mib(300.0).met(301.0));
        assert!(Target::RatioAtLeast(0.95).met(0.96));
        assert!(!Target::RatioAtMost(1.1).met(1.2));
        assert!(Target::Holds("one object per create").met(1.0));
        assert!(!Target::Holds("one object per create").met(0.0));
    }

    #[test]
    fn rows_render_as_a_table() {
        let rows = [
            Row::new("generation", "Stripe", "0.50 s".into())
                .judged(Target::Seconds(1.0), Some(0.5)),
            Row::failed("generation", "a|b", "exit 1"),
        ];
        let table = render("header", &rows);
        assert!(
            table.contains("| generation | Stripe | 0.50 s |  |  | ≤ 1 s | ✓ |"),
            "{table}"
        );
        assert!(table.contains("| a\\|b | failed: exit 1 |"), "{table}");
    }
}
