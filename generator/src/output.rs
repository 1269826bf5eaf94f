//! Output: writing a generated crate to disk atomically, and comparing a
//! directory with what generation would write. The only file I/O of the
//! library, kept out of [`crate::generate`].

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::{File, HEADER_START};

/// How a directory differs from the generated files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose contents differ.
    pub changed: Vec<String>,
    /// Files that generation writes but the directory lacks.
    pub missing: Vec<String>,
    /// Files in the directory that generation does not write.
    pub extra: Vec<String>,
}

impl Drift {
    /// Whether the directory matches exactly.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// Every stale path with what is wrong with it, one per line.
    pub fn describe(&self) -> String {
        let mut lines = Vec::new();
        lines.extend(self.changed.iter().map(|p| format!("  changed: {p}")));
        lines.extend(self.missing.iter().map(|p| format!("  missing: {p}")));
        lines.extend(self.extra.iter().map(|p| format!("  not generated: {p}")));
        lines.join("\n")
    }
}

/// Formats the Rust files of a generated crate with `rustfmt`, so the
/// crate passes `cargo fmt --check`. Runs one `rustfmt` process over a
/// scratch copy of the files.
///
/// # Errors
///
/// When `rustfmt` cannot be run or rejects a file; the message says why.
pub fn rustfmt(files: &mut [File]) -> Result<(), String> {
    let scratch =
        std::env::temp_dir().join(format!("sdkgen-fmt-{}-{}", std::process::id(), unique()));
    let result = rustfmt_in(&scratch, files);
    let _ = fs::remove_dir_all(&scratch);
    result
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn rustfmt_in(scratch: &Path, files: &mut [File]) -> Result<(), String> {
    let rust: Vec<usize> = (0..files.len())
        .filter(|i| files[*i].path.ends_with(".rs"))
        .collect();
    if rust.is_empty() {
        return Ok(());
    }
    let subset: Vec<File> = rust.iter().map(|i| files[*i].clone()).collect();
    write_all(scratch, &subset)
        .map_err(|e| format!("cannot write scratch files in {}: {e}", scratch.display()))?;
    let output =
        std::process::Command::new(std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()))
            .args(["--edition", "2021"])
            .args(subset.iter().map(|f| scratch.join(&f.path)))
            .output()
            .map_err(|e| {
                format!("cannot run rustfmt (is it installed? `rustup component add rustfmt`): {e}")
            })?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    for i in rust {
        let path = scratch.join(&files[i].path);
        files[i].contents = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Files under `dir` (relative, `/`-separated), skipping `target/`.
fn existing_files(dir: &Path) -> io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current)? {
            let entry = entry?;
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if entry.file_type()?.is_dir() {
                if relative != "target" {
                    stack.push(path);
                }
            } else {
                out.insert(relative);
            }
        }
    }
    Ok(out)
}

/// Compares `dir` with `files`.
pub fn compare(dir: &Path, files: &[File]) -> io::Result<Drift> {
    let mut existing = existing_files(dir)?;
    let mut drift = Drift::default();
    for file in files {
        if existing.remove(&file.path) {
            let on_disk = fs::read(dir.join(&file.path))?;
            if on_disk != file.contents.as_bytes() {
                drift.changed.push(file.path.clone());
            }
        } else {
            drift.missing.push(file.path.clone());
        }
    }
    drift.extra = existing.into_iter().collect();
    Ok(drift)
}

/// Whether `dir` is absent, empty, or holds a crate sdkgen generated (so
/// replacing it loses nothing the user wrote).
pub fn is_replaceable(dir: &Path) -> bool {
    if !dir.exists() {
        return true;
    }
    if fs::read_dir(dir)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false)
    {
        return true;
    }
    fs::read_to_string(dir.join("src/lib.rs")).is_ok_and(|text| {
        text.lines()
            .next()
            .is_some_and(|line| line.starts_with(HEADER_START) && line.ends_with("; do not edit."))
    })
}

/// Writes `files` as the whole contents of `dir`, atomically: everything is
/// written to a sibling directory first, which then replaces `dir`. On any
/// failure `dir` is left as it was. A `target/` directory inside `dir` is
/// kept.
pub fn write_atomically(dir: &Path, files: &[File]) -> io::Result<()> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_owned());
    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    if let Err(err) = write_all(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    let target = dir.join("target");
    if target.is_dir() {
        fs::rename(&target, staging.join("target"))?;
    }
    if dir.exists() {
        if let Err(err) = fs::rename(dir, &backup) {
            restore_target(&staging, &target);
            let _ = fs::remove_dir_all(&staging);
            return Err(err);
        }
    }
    if let Err(err) = fs::rename(&staging, dir) {
        let _ = fs::rename(&backup, dir);
        restore_target(&staging, &target);
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    let _ = fs::remove_dir_all(&backup);
    Ok(())
}

fn restore_target(staging: &Path, target: &Path) {
    let moved = staging.join("target");
    if moved.is_dir() {
        let _ = fs::rename(moved, target);
    }
}

fn write_all(root: &Path, files: &[File]) -> io::Result<()> {
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|file| root.join(&file.path).parent().map(Path::to_path_buf))
        .collect();
    for dir in &dirs {
        fs::create_dir_all(dir)?;
    }
    crate::render::parallel_map(files, |file| {
        fs::write(root.join(&file.path), &file.contents)
    })
    .into_iter()
    .collect()
}
