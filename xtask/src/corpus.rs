//! `cargo xtask corpus`: every vendor document in `../shared/corpus/`
//! through sdkgen as a new user would run it, and the result as one table.
//!
//! For each document, with the same options for all (`sdkgen generate
//! --allow-unresolved-refs`): generate the SDK ([`workspace`]), build it in
//! one scratch workspace under `target/corpus/` with clippy as the compiler
//! of the workspace's crates and document it with rustdoc ([`build`]),
//! then run its smoke program, which calls every operation once through
//! the SDK against Stoplight Prism serving the same document ([`calls`]).
//! [`report`] turns that into one row per document, compares it with the
//! table recorded in `CORPUS.md`, and with `--record` writes it there.
//!
//! The run fails when a document does not generate, compile, pass clippy
//! or document cleanly, or when a row is worse than the recorded one (more
//! violations, decode failures or skipped calls). Where Prism itself cannot
//! load a document, the row says so with Prism's message.

mod build;
mod calls;
mod report;
mod workspace;

use std::path::{Path, PathBuf};

pub const USAGE: &str = "  cargo xtask corpus [--only NAME,...] [--record] [--no-calls]
      --only: the documents whose file names start with one of the NAMEs
      --record: write the table into CORPUS.md
      --no-calls: generate and build only (no Prism)";

/// Options of `cargo xtask corpus`.
#[derive(Debug, Default)]
struct Args {
    only: Vec<String>,
    record: bool,
    calls: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        calls: true,
        ..Args::default()
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--record" => parsed.record = true,
            "--no-calls" => parsed.calls = false,
            "--only" => {
                let names = rest.next().ok_or_else(|| format!("usage:\n{USAGE}"))?;
                parsed.only = names.split(',').map(str::to_owned).collect();
            }
            other => return Err(format!("unknown option `{other}`\nusage:\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// One vendor document of the corpus.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file name without its extension: the crate's package name.
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
}

impl Document {
    /// The crate's name in Rust paths.
    pub fn krate(&self) -> String {
        self.name.replace('-', "_")
    }

    /// The smoke program's package name.
    pub fn smoke_package(&self) -> String {
        format!("{}-smoke", self.name)
    }
}

/// Runs `cargo xtask corpus`.
pub fn run(args: &[String]) -> Result<(), String> {
    let args = parse(args)?;
    let root = crate::root();
    let documents = documents(&corpus_dir(&root)?, &args.only)?;
    let dir = root.join("target").join("corpus");
    let started = std::time::Instant::now();
    println!("corpus: {} documents", documents.len());
    let generated = workspace::write(&root, &dir, &documents)?;
    let built = build::run(&dir, &generated)?;
    let called = if args.calls {
        calls::run(&root, &dir, &generated, &built)?
    } else {
        std::collections::BTreeMap::new()
    };
    let rows = report::rows(&generated, &built, &called, args.calls);
    let table = report::table(&rows, generated.seconds);
    let details = report::details(&rows);
    std::fs::write(dir.join("report.md"), format!("{table}\n{details}"))
        .map_err(|e| format!("error: cannot write the report: {e}"))?;
    println!("\n{table}");
    println!(
        "details: {} ({:.0} s)",
        dir.join("report.md").display(),
        started.elapsed().as_secs_f64()
    );
    let corpus_md = root.join("CORPUS.md");
    let recorded = std::fs::read_to_string(&corpus_md).unwrap_or_default();
    // Recording makes this run the measure: only what must hold can fail.
    let held_to = if args.record {
        report::parse_table(&format!("{}\n{table}{}", report::START, report::END))
    } else {
        report::parse_table(&recorded)
    };
    let judged = report::judge(&rows, &held_to, args.calls);
    for note in &judged.notes {
        println!("{note}");
    }
    if args.record {
        let text = report::corpus_md(&recorded, &table)?;
        std::fs::write(&corpus_md, text)
            .map_err(|e| format!("error: cannot write {}: {e}", corpus_md.display()))?;
        println!("recorded the table in {}", corpus_md.display());
    }
    if judged.failures.is_empty() {
        println!("corpus: every document holds");
        Ok(())
    } else {
        Err(format!(
            "corpus: {} problem(s):\n{}",
            judged.failures.len(),
            judged.failures.join("\n")
        ))
    }
}

/// `../shared/corpus` (or `$SDKGEN_SHARED_DIR/corpus`), which must exist.
fn corpus_dir(root: &Path) -> Result<PathBuf, String> {
    let shared = match std::env::var_os("SDKGEN_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => root.join("..").join("shared"),
    };
    let corpus = shared.join("corpus");
    if corpus.is_dir() {
        Ok(corpus)
    } else {
        Err(format!(
            "error: the vendor documents are missing: expected {} (set SDKGEN_SHARED_DIR to \
             the directory that holds `corpus/`); the corpus run cannot go on without them",
            corpus.display()
        ))
    }
}

/// The documents of the corpus, sorted by name, narrowed to `only`.
fn documents(dir: &Path, only: &[String]) -> Result<Vec<Document>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
    let mut documents = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?
            .path();
        let is_document = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"));
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if is_document && (only.is_empty() || only.iter().any(|o| name.starts_with(o.as_str()))) {
            documents.push(Document {
                name: name.to_owned(),
                path: path.clone(),
            });
        }
    }
    documents.sort_by(|a, b| a.name.cmp(&b.name));
    if documents.is_empty() {
        return Err(format!(
            "error: no document in {} matches {only:?}",
            dir.display()
        ));
    }
    Ok(documents)
}
