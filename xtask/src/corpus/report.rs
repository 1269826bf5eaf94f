//! The corpus table: one row per document, the details behind it, the
//! comparison with the table recorded in `CORPUS.md`, and its rewriting.

use std::collections::BTreeMap;

use super::build::Built;
use super::calls::Called;
use super::workspace::Workspace;

/// Where the table sits in `CORPUS.md`.
pub const START: &str = "<!-- corpus-table:start -->";
pub const END: &str = "<!-- corpus-table:end -->";

const HEADER: [&str; 14] = [
    "Document",
    "Operations",
    "Types",
    "Warnings",
    "Generation",
    "Compiles",
    "Clippy",
    "Rustdoc",
    "Called",
    "Violations",
    "Decode failures",
    "Other failures",
    "Not called",
    "Notes",
];

/// One document's results.
#[derive(Debug, Default)]
pub struct Row {
    pub name: String,
    pub operations: usize,
    pub types: usize,
    pub warnings: usize,
    /// Wall time of the release binary's generation.
    pub seconds: f64,
    /// What must hold and does not: generation, compilation, lints, docs,
    /// the smoke program.
    pub broken: Vec<String>,
    pub compiles: String,
    pub clippy: String,
    pub rustdoc: String,
    /// Counts of the calls, when they ran.
    pub calls: Option<Counts>,
    /// Why the calls did not run (Prism's message), or what stopped them.
    pub notes: Vec<String>,
    /// Each operation that did not come through clean, with why.
    pub problems: Vec<String>,
}

/// The counts the recorded table holds a document to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub called: usize,
    pub violations: usize,
    pub decode_failures: usize,
    pub other_failures: usize,
    pub not_called: usize,
}

/// Builds the rows from the three stages.
pub fn rows(
    workspace: &Workspace,
    built: &BTreeMap<String, Built>,
    called: &BTreeMap<String, Called>,
    calls_ran: bool,
) -> Vec<Row> {
    workspace
        .documents
        .iter()
        .map(|generated| {
            let name = &generated.document.name;
            let mut row = Row {
                name: name.clone(),
                ..Row::default()
            };
            match &generated.result {
                Ok(counts) => {
                    row.operations = counts.operations;
                    row.types = counts.types;
                    row.warnings = counts.warnings.len();
                    row.seconds = counts.seconds;
                }
                Err(why) => {
                    row.broken.push(format!("does not generate: {why}"));
                    row.compiles = "–".into();
                    row.clippy = "–".into();
                    row.rustdoc = "–".into();
                    return row;
                }
            }
            if let Some(built) = built.get(name) {
                fill_build(&mut row, built);
            }
            match called.get(name) {
                Some(called) => fill_calls(&mut row, called),
                None if calls_ran && row.broken.is_empty() => {
                    row.broken.push("the smoke program was not built".into());
                }
                None => {}
            }
            row
        })
        .collect()
}

fn fill_build(row: &mut Row, built: &Built) {
    row.compiles = match (built.errors.len(), built.warnings.len()) {
        (0, 0) => "yes".into(),
        (0, w) => format!("{w} warnings"),
        (e, _) => format!("no ({e} errors)"),
    };
    row.clippy = count_or_clean(built.lints.len(), "lints");
    row.rustdoc = count_or_clean(built.doc.len(), "warnings");
    let groups = [
        ("rustc error", &built.errors),
        ("rustc warning", &built.warnings),
        ("clippy", &built.lints),
        ("rustdoc", &built.doc),
        ("smoke program", &built.smoke),
    ];
    for (what, list) in groups {
        for text in list {
            row.broken.push(format!("{what}: {}", first_lines(text, 3)));
        }
    }
}

fn count_or_clean(n: usize, what: &str) -> String {
    if n == 0 {
        "clean".into()
    } else {
        format!("{n} {what}")
    }
}

fn first_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join(" / ")
}

fn fill_calls(row: &mut Row, called: &Called) {
    if let Some(why) = &called.prism {
        row.notes.push(why.clone());
        return;
    }
    if let Some(why) = &called.crashed {
        row.broken.push(why.clone());
    }
    let mut counts = Counts::default();
    let mut bad_examples = 0;
    for call in &called.calls {
        let mut problems = Vec::new();
        if call.outcome == "skipped" {
            counts.not_called += 1;
            problems.push(format!(
                "not called: {}",
                call.message.as_deref().unwrap_or_default()
            ));
        } else {
            counts.called += 1;
        }
        if call.request_violations().next().is_some() {
            counts.violations += 1;
            problems.extend(call.request_violations().map(|v| format!("violation: {v}")));
        }
        if call.response_violations().next().is_some() {
            bad_examples += 1;
            problems.extend(
                call.response_violations()
                    .map(|v| format!("the document's own response breaks its schema: {v}")),
            );
        }
        if call.is_counted_decode_failure() {
            counts.decode_failures += 1;
        }
        if call.is_other_failure() {
            counts.other_failures += 1;
        }
        if call.is_decode_failure() || call.is_other_failure() {
            problems.push(format!(
                "{} {}: {}",
                call.outcome,
                call.status.map(|s| s.to_string()).unwrap_or_default(),
                first_lines(call.message.as_deref().unwrap_or_default(), 2)
            ));
        }
        for problem in problems {
            row.problems.push(format!(
                "`{}` ({}): {problem}",
                call.operation, call.request
            ));
        }
    }
    if bad_examples > 0 {
        row.notes.push(format!(
            "{bad_examples} responses Prism built from the document break the document's own schema"
        ));
    }
    // Operations the program never reached (it stopped early).
    let missing = row.operations.saturating_sub(called.calls.len());
    counts.not_called += missing;
    row.calls = Some(counts);
}

/// The markdown table, and a line on the whole corpus's generation time.
pub fn table(rows: &[Row], seconds: f64) -> String {
    let mut out = format!("| {} |\n", HEADER.join(" | "));
    out.push_str(&format!(
        "|{}\n",
        HEADER.iter().map(|_| "---|").collect::<String>()
    ));
    for row in rows {
        let calls = |f: fn(&Counts) -> usize| {
            row.calls
                .as_ref()
                .map_or_else(|| "–".to_owned(), |c| f(c).to_string())
        };
        let notes = if row.broken.is_empty() {
            row.notes.join("; ")
        } else {
            let mut notes = vec![format!("{} problem(s) that must not be", row.broken.len())];
            notes.extend(row.notes.iter().cloned());
            notes.join("; ")
        };
        let cells = [
            row.name.clone(),
            row.operations.to_string(),
            row.types.to_string(),
            row.warnings.to_string(),
            format!("{:.2} s", row.seconds),
            row.compiles.clone(),
            row.clippy.clone(),
            row.rustdoc.clone(),
            calls(|c| c.called),
            calls(|c| c.violations),
            calls(|c| c.decode_failures),
            calls(|c| c.other_failures),
            calls(|c| c.not_called),
            notes.replace('|', "\\|"),
        ];
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    out.push_str(&format!(
        "\nThe release `sdkgen` binary generates all {} documents in {seconds:.1} s \
         (wall time, one after another, on a machine with {cores} cores).\n",
        rows.len()
    ));
    out
}

/// Every problem behind the table, document by document.
pub fn details(rows: &[Row]) -> String {
    let mut out = String::from("# Details\n");
    for row in rows {
        if row.broken.is_empty() && row.problems.is_empty() && row.notes.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", row.name));
        for line in row.broken.iter().chain(&row.notes).chain(&row.problems) {
            out.push_str(&format!("- {}\n", line.replace('\n', " ")));
        }
    }
    out
}

/// A recorded row: its counts, or `None` when its calls did not run.
pub type Recorded = BTreeMap<String, Option<Counts>>;

/// Reads the table between the markers of `CORPUS.md`.
pub fn parse_table(text: &str) -> Recorded {
    let mut recorded = Recorded::new();
    let Some(table) = text.split(START).nth(1).and_then(|t| t.split(END).next()) else {
        return recorded;
    };
    let split = |line: &str| -> Vec<String> {
        line.trim()
            .trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_owned())
            .collect()
    };
    let mut lines = table.lines().filter(|l| l.starts_with('|'));
    let Some(header) = lines.next().map(split) else {
        return recorded;
    };
    let column = |name: &str| header.iter().position(|h| h == name);
    for line in lines.skip(1) {
        let cells = split(line);
        if cells.len() != header.len() {
            continue;
        }
        let number = |name: &str| cells.get(column(name)?)?.parse::<usize>().ok();
        let counts = (|| {
            Some(Counts {
                called: number("Called")?,
                violations: number("Violations")?,
                decode_failures: number("Decode failures")?,
                other_failures: number("Other failures")?,
                not_called: number("Not called")?,
            })
        })();
        recorded.insert(cells[0].trim().to_owned(), counts);
    }
    recorded
}

/// The verdict of a run.
#[derive(Debug, Default)]
pub struct Judged {
    /// What fails the run.
    pub failures: Vec<String>,
    /// What got better than recorded (record it) and other remarks.
    pub notes: Vec<String>,
}

/// Holds every row to what must hold, and its calls to the recorded row.
pub fn judge(rows: &[Row], recorded: &Recorded, calls_ran: bool) -> Judged {
    let mut judged = Judged::default();
    for row in rows {
        for broken in &row.broken {
            judged
                .failures
                .push(format!("{}: {}", row.name, first_lines(broken, 1)));
        }
        if !calls_ran {
            continue;
        }
        let was = recorded.get(&row.name).copied().flatten();
        match (row.calls, was) {
            (Some(now), Some(was)) => compare(&row.name, now, was, &mut judged),
            (Some(now), None) => {
                let clean =
                    now.violations + now.decode_failures + now.other_failures + now.not_called == 0;
                if !clean {
                    judged.failures.push(format!(
                        "{}: has no recorded row to hold it to and its calls are not clean; \
                         fix them, or check them and run `cargo xtask corpus --record`",
                        row.name
                    ));
                }
            }
            (None, Some(_)) => judged.failures.push(format!(
                "{}: its calls ran when the table was recorded and do not now: {}",
                row.name,
                row.notes.join("; ")
            )),
            (None, None) => {}
        }
    }
    judged
}

fn compare(name: &str, now: Counts, was: Counts, judged: &mut Judged) {
    let columns = [
        ("violations", now.violations, was.violations),
        ("decode failures", now.decode_failures, was.decode_failures),
        ("other failures", now.other_failures, was.other_failures),
        ("operations not called", now.not_called, was.not_called),
    ];
    for (what, now, was) in columns {
        if now > was {
            judged.failures.push(format!(
                "{name}: {now} {what}, more than the {was} recorded"
            ));
        } else if now < was {
            judged.notes.push(format!(
                "{name}: {now} {what}, fewer than the {was} recorded: run `cargo xtask corpus --record`"
            ));
        }
    }
}

/// `CORPUS.md` with its table replaced by `table`.
pub fn corpus_md(text: &str, table: &str) -> Result<String, String> {
    let (Some(start), Some(end)) = (text.find(START), text.find(END)) else {
        return Err(format!(
            "error: CORPUS.md has no `{START}` ... `{END}` markers to put the table between"
        ));
    };
    Ok(format!(
        "{}{START}\n{table}{}",
        &text[..start],
        &text[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, calls: Counts) -> Row {
        Row {
            name: name.into(),
            operations: 3,
            types: 4,
            compiles: "yes".into(),
            clippy: "clean".into(),
            rustdoc: "clean".into(),
            calls: Some(calls),
            ..Row::default()
        }
    }

    #[test]
    fn a_recorded_table_reads_back() {
        let counts = Counts {
            called: 3,
            violations: 1,
            decode_failures: 0,
            other_failures: 0,
            not_called: 0,
        };
        let rows = vec![
            row("acme", counts),
            Row {
                name: "broken".into(),
                broken: vec!["does not generate".into()],
                ..Row::default()
            },
        ];
        let text = format!("intro\n{START}\n{}{END}\nafter\n", table(&rows, 1.5));
        let recorded = parse_table(&text);
        assert_eq!(recorded.get("acme"), Some(&Some(counts)));
        assert_eq!(recorded.get("broken"), Some(&None));
        let replaced = corpus_md(&text, "| new |\n").unwrap_or_default();
        assert_eq!(replaced, format!("intro\n{START}\n| new |\n{END}\nafter\n"));
    }

    #[test]
    fn worse_than_recorded_fails_and_better_is_noted() {
        let was = Counts {
            called: 3,
            violations: 1,
            ..Counts::default()
        };
        let recorded = Recorded::from([("acme".to_owned(), Some(was))]);
        let worse = Counts {
            violations: 2,
            ..was
        };
        let judged = judge(&[row("acme", worse)], &recorded, true);
        assert_eq!(judged.failures.len(), 1, "{judged:?}");
        let better = Counts {
            violations: 0,
            ..was
        };
        let judged = judge(&[row("acme", better)], &recorded, true);
        assert!(judged.failures.is_empty());
        assert_eq!(judged.notes.len(), 1);
        let unrecorded = judge(&[row("new", worse)], &recorded, true);
        assert_eq!(unrecorded.failures.len(), 1);
    }

    #[test]
    fn what_must_hold_fails_whatever_was_recorded() {
        let mut broken = row("acme", Counts::default());
        broken
            .broken
            .push("clippy: warning: needless return".into());
        let recorded = Recorded::from([("acme".to_owned(), Some(Counts::default()))]);
        assert_eq!(judge(&[broken], &recorded, true).failures.len(), 1);
    }
}
