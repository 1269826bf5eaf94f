//! Generates every document's SDK and smoke program into one scratch
//! workspace (`target/corpus/ws/`). The SDK is what the release `sdkgen`
//! binary writes with the same command line for every document, `sdkgen
//! generate --spec DOC --out DIR --allow-unresolved-refs`, timed; the
//! smoke program needs the lowered API, so the library lowers the document
//! again for it (and for the counts).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Document;

/// What generating one document gave.
#[derive(Debug)]
pub struct Generated {
    pub document: Document,
    /// The SDK's counts, or why there is no SDK.
    pub result: Result<Counts, String>,
}

/// Sizes of a generated SDK and what sdkgen said about its document.
#[derive(Debug, Clone)]
pub struct Counts {
    pub operations: usize,
    pub types: usize,
    /// Each warning, with its JSON pointer.
    pub warnings: Vec<String>,
    /// Wall time of the release binary's run.
    pub seconds: f64,
}

/// The scratch workspace: its root and each member's directory.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub documents: Vec<Generated>,
    /// Wall time of the release binary over every document.
    pub seconds: f64,
}

impl Workspace {
    /// The SDK crate's directory of `document`.
    pub fn sdk_dir(&self, document: &Document) -> PathBuf {
        self.root.join("sdks").join(&document.name)
    }

    /// The smoke program's directory of `document`.
    pub fn smoke_dir(&self, document: &Document) -> PathBuf {
        self.root.join("smoke").join(&document.name)
    }

    /// The documents that have an SDK.
    pub fn generated(&self) -> impl Iterator<Item = &Document> {
        self.documents
            .iter()
            .filter(|g| g.result.is_ok())
            .map(|g| &g.document)
    }
}

/// Generates every document and writes the workspace's manifest.
pub fn write(root: &Path, dir: &Path, documents: &[Document]) -> Result<Workspace, String> {
    let ws = dir.join("ws");
    let mut workspace = Workspace {
        root: ws.clone(),
        documents: Vec::new(),
        seconds: 0.0,
    };
    let sdkgen = release_binary(root)?;
    let started = std::time::Instant::now();
    for document in documents {
        let result = generate(root, &sdkgen, dir, &workspace, document);
        if let Ok(counts) = &result {
            workspace.seconds += counts.seconds;
        }
        match &result {
            Ok(counts) => println!(
                "generated {}: {} operations, {} types, {} warnings",
                document.name,
                counts.operations,
                counts.types,
                counts.warnings.len()
            ),
            Err(why) => println!("generated {}: FAILED: {}", document.name, first_line(why)),
        }
        workspace.documents.push(Generated {
            document: document.clone(),
            result,
        });
    }
    println!(
        "generation of {} documents took {:.1} s with the release binary ({:.1} s in all)",
        documents.len(),
        workspace.seconds,
        started.elapsed().as_secs_f64()
    );
    write_manifest(root, &workspace)?;
    Ok(workspace)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// Builds the release `sdkgen` binary, as a user would install it.
fn release_binary(root: &Path) -> Result<PathBuf, String> {
    crate::cargo(
        &["build", "--release", "-p", "sdkgen", "--bin", "sdkgen"],
        &[],
    )?;
    let binary = root.join("target").join("release").join("sdkgen");
    if binary.exists() {
        Ok(binary)
    } else {
        Err(format!(
            "error: {} is missing after the build",
            binary.display()
        ))
    }
}

/// Runs `sdkgen generate` on one document into `target/corpus/cli/NAME`:
/// its wall time and its warnings, each checked to carry a JSON pointer.
fn run_cli(sdkgen: &Path, document: &Document, out: &Path) -> Result<(f64, Vec<String>), String> {
    let started = std::time::Instant::now();
    let output = std::process::Command::new(sdkgen)
        .arg("generate")
        .arg("--spec")
        .arg(&document.path)
        .arg("--out")
        .arg(out)
        .arg("--allow-unresolved-refs")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", sdkgen.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("panicked") {
        return Err(format!("sdkgen panicked: {}", stderr.trim()));
    }
    if !output.status.success() {
        return Err(format!(
            "sdkgen generate failed ({}):\n{}",
            output.status,
            stderr.trim()
        ));
    }
    let warnings = cli_warnings(&stderr)?;
    Ok((seconds, warnings))
}

/// The CLI's warnings (`DOC: warning: what` then `  --> #/pointer (line N)`),
/// failing when one comes without its pointer.
fn cli_warnings(stderr: &str) -> Result<Vec<String>, String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut warnings = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.contains(": warning: ") {
            continue;
        }
        let pointer = lines
            .get(i + 1)
            .map(|l| l.trim_start())
            .filter(|l| l.starts_with("--> #"));
        match pointer {
            Some(pointer) => warnings.push(format!("{line} {pointer}")),
            None => return Err(format!("a warning without its JSON pointer: {line}")),
        }
    }
    Ok(warnings)
}

/// Copies the crate the CLI wrote into the workspace when it differs from
/// what is there.
fn copy_crate(from: &Path, to: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let contents = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let relative = path
                .strip_prefix(from)
                .map_err(|e| e.to_string())?
                .to_string_lossy()
                .replace('\\', "/");
            files.push(sdkgen::File {
                path: relative,
                contents,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    write_if_changed(to, &files)
}

/// Generates one document's SDK (the release binary) and smoke program
/// (the library, a panic caught as a failure of that document).
fn generate(
    root: &Path,
    sdkgen: &Path,
    dir: &Path,
    workspace: &Workspace,
    document: &Document,
) -> Result<Counts, String> {
    let cli_out = dir.join("cli").join(&document.name);
    let (seconds, cli_warnings) = run_cli(sdkgen, document, &cli_out)?;
    copy_crate(&cli_out, &workspace.sdk_dir(document))?;
    let bytes = std::fs::read(&document.path)
        .map_err(|e| format!("cannot read {}: {e}", document.path.display()))?;
    let mut config = sdkgen::Config::for_crate(&document.name);
    config.unresolved_refs = sdkgen::config::UnresolvedRefs::Json;
    let sources = sdkgen::FileSources::new(&document.path);
    let generated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        sdkgen::generate_with_sources(&bytes, &config, None, &sources)
    }))
    .map_err(|panic| format!("sdkgen panicked: {}", panic_text(&panic)))?
    .map_err(|diags| format!("generation failed:\n{diags}"))?;
    let smoke = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        sdkgen::render::smoke::program(&generated.api, &document.krate())
    }))
    .map_err(|panic| {
        format!(
            "the smoke program's renderer panicked: {}",
            panic_text(&panic)
        )
    })?;
    let smoke_files = vec![
        sdkgen::File {
            path: "Cargo.toml".into(),
            contents: smoke_manifest(root, document),
        },
        sdkgen::File {
            path: "src/main.rs".into(),
            contents: smoke,
        },
    ];
    write_if_changed(&workspace.smoke_dir(document), &smoke_files)?;
    if cli_warnings.len() != generated.warnings.len() {
        return Err(format!(
            "the CLI printed {} warnings where the library gives {}",
            cli_warnings.len(),
            generated.warnings.len()
        ));
    }
    Ok(Counts {
        operations: generated.api.operations.len(),
        types: generated.api.types.len(),
        warnings: cli_warnings,
        seconds,
    })
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// Writes `files` into `dir` unless it already holds exactly them, so that
/// cargo rebuilds only the crates whose source changed.
fn write_if_changed(dir: &Path, files: &[sdkgen::File]) -> Result<(), String> {
    let drift = sdkgen::output::compare(dir, files)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    if drift.is_empty() {
        return Ok(());
    }
    sdkgen::output::write_atomically(dir, files)
        .map_err(|e| format!("cannot write {}: {e}", dir.display()))
}

/// The smoke program's `Cargo.toml`: the SDK, the support crate, and what
/// argument values name (dates, UUIDs, JSON), as the SDK pins them.
fn smoke_manifest(root: &Path, document: &Document) -> String {
    let support = root.join("xtask").join("smoke");
    format!(
        "# Generated by cargo xtask corpus; do not edit.\n\
         [package]\n\
         name = \"{package}\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         {name} = {{ path = \"../../sdks/{name}\" }}\n\
         sdkgen-smoke = {{ path = {support:?} }}\n\
         tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\
         chrono = {{ version = \"0.4\", default-features = false, features = [\"std\", \"clock\"] }}\n\
         uuid = \"1\"\n\
         serde_json = \"1\"\n",
        package = document.smoke_package(),
        name = document.name,
        support = support.display().to_string(),
    )
}

/// The workspace manifest, listing the members that were generated, and
/// its lock file seeded from this repository's (so the versions are the
/// ones pinned here).
fn write_manifest(root: &Path, workspace: &Workspace) -> Result<(), String> {
    let mut members = BTreeMap::new();
    for document in workspace.generated() {
        members.insert(format!("sdks/{}", document.name), ());
        members.insert(format!("smoke/{}", document.name), ());
    }
    let list: Vec<String> = members.keys().map(|m| format!("    {m:?},")).collect();
    let manifest = format!(
        "# Generated by cargo xtask corpus; do not edit.\n\
         [workspace]\n\
         resolver = \"2\"\n\
         members = [\n{}\n]\n\
         \n\
         [profile.dev]\n\
         debug = false\n",
        list.join("\n")
    );
    std::fs::create_dir_all(&workspace.root)
        .map_err(|e| format!("cannot create {}: {e}", workspace.root.display()))?;
    let path = workspace.root.join("Cargo.toml");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(manifest.as_str()) {
        std::fs::write(&path, manifest)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let lock = workspace.root.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock)
            .map_err(|e| format!("cannot seed {}: {e}", lock.display()))?;
    }
    Ok(())
}
