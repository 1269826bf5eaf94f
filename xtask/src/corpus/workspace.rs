//! Generates every document's SDK and smoke program into one scratch
//! workspace (`target/corpus/ws/`), the way `sdkgen generate --spec DOC
//! --out DIR --allow-unresolved-refs` does, with no per-document options.

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
}

/// The scratch workspace: its root and each member's directory.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub documents: Vec<Generated>,
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
    };
    let started = std::time::Instant::now();
    for document in documents {
        let result = generate(root, &workspace, document);
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
        "generation of {} documents took {:.1} s",
        documents.len(),
        started.elapsed().as_secs_f64()
    );
    write_manifest(root, &workspace)?;
    Ok(workspace)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// Generates one document's SDK and smoke program, catching a panic as a
/// failure of that document.
fn generate(root: &Path, workspace: &Workspace, document: &Document) -> Result<Counts, String> {
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
    write_if_changed(&workspace.sdk_dir(document), &generated.files)?;
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
    Ok(Counts {
        operations: generated.api.operations.len(),
        types: generated.api.types.len(),
        warnings: generated.warnings.iter().map(|w| w.to_string()).collect(),
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
