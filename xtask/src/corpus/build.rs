//! Builds the scratch workspace: one `cargo build` of every SDK and smoke
//! program with clippy as the compiler of the workspace's own crates (so
//! the lints come from the same compilation that makes the binaries), then
//! `cargo doc` of the SDKs. Both keep going past a crate that fails, and
//! their JSON messages are sorted to the document they came from.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use super::workspace::Workspace;

/// What building one document's crates found.
#[derive(Debug, Default, Clone)]
pub struct Built {
    /// rustc errors in the SDK.
    pub errors: Vec<String>,
    /// rustc warnings in the SDK.
    pub warnings: Vec<String>,
    /// clippy lints in the SDK.
    pub lints: Vec<String>,
    /// rustdoc warnings and errors in the SDK.
    pub doc: Vec<String>,
    /// Errors, warnings and lints in the smoke program.
    pub smoke: Vec<String>,
    /// The smoke program, when it was built.
    pub binary: Option<PathBuf>,
}

/// Which of a document's crates a message is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Sdk,
    Smoke,
}

/// Builds and documents every generated document's crates.
pub fn run(dir: &Path, workspace: &Workspace) -> Result<BTreeMap<String, Built>, String> {
    let mut built: BTreeMap<String, Built> = workspace
        .generated()
        .map(|d| (d.name.clone(), Built::default()))
        .collect();
    if built.is_empty() {
        return Ok(built);
    }
    let target = dir.join("target");
    let clippy = clippy_driver()?;
    let started = std::time::Instant::now();
    cargo(
        workspace,
        &target,
        &["build", "--workspace", "--bins", "--lib", "--keep-going"],
        &[("RUSTC_WORKSPACE_WRAPPER", clippy.as_str())],
        &mut |part, name, message| file(&mut built, part, name, message, false),
    )?;
    println!(
        "corpus: built with clippy in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let started = std::time::Instant::now();
    let mut args = vec!["doc", "--no-deps", "--keep-going"];
    let packages: Vec<String> = workspace.generated().map(|d| d.name.clone()).collect();
    for package in &packages {
        args.push("-p");
        args.push(package);
    }
    cargo(
        workspace,
        &target,
        &args,
        &[],
        &mut |part, name, message| file(&mut built, part, name, message, true),
    )?;
    println!(
        "corpus: documented in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(built)
}

/// `clippy-driver`, which rustup installs beside cargo.
fn clippy_driver() -> Result<String, String> {
    let found = Command::new("clippy-driver")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        Ok("clippy-driver".to_owned())
    } else {
        Err(
            "error: `clippy-driver` is not on PATH: install clippy (`rustup component add clippy`)"
                .to_owned(),
        )
    }
}

/// Files one message (or artifact) under its document.
fn file(built: &mut BTreeMap<String, Built>, part: Part, name: &str, message: Message, doc: bool) {
    let Some(entry) = built.get_mut(name) else {
        return;
    };
    match (message, part) {
        (Message::Binary(path), Part::Smoke) => entry.binary = Some(path),
        (Message::Binary(_), Part::Sdk) => {}
        (Message::Diagnostic { text, .. }, Part::Smoke) => entry.smoke.push(text),
        (Message::Diagnostic { text, .. }, Part::Sdk) if doc => entry.doc.push(text),
        (Message::Diagnostic { level, lint, text }, Part::Sdk) => {
            if level == "error" {
                entry.errors.push(text);
            } else if lint {
                entry.lints.push(text);
            } else {
                entry.warnings.push(text);
            }
        }
    }
}

/// What cargo reported about one of the workspace's crates.
enum Message {
    /// A compiler diagnostic: its level, whether it is a clippy lint, and
    /// its rendered text.
    Diagnostic {
        level: String,
        lint: bool,
        text: String,
    },
    /// A built executable.
    Binary(PathBuf),
}

/// Runs cargo in the workspace with JSON messages, handing each message
/// about a member to `each`. Cargo's own failure (a crate that does not
/// compile) is not an error here: the messages say what failed.
fn cargo(
    workspace: &Workspace,
    target: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    each: &mut dyn FnMut(Part, &str, Message),
) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!(
        "$ cargo {} (in {})",
        args.join(" "),
        workspace.root.display()
    );
    let mut child = Command::new(cargo)
        .args(args)
        .arg("--message-format=json")
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_PROGRESS_WHEN", "never")
        .envs(env.iter().copied())
        .current_dir(&workspace.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("error: cargo's output cannot be read")?;
    let members = members(workspace);
    let mut finished = false;
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("error: reading cargo's output: {e}"))?;
        let Ok(value) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        if value["reason"] == "build-finished" {
            finished = true;
        }
        let Some((part, name)) = value["manifest_path"]
            .as_str()
            .and_then(|path| members.get(Path::new(path)))
        else {
            continue;
        };
        if let Some(message) = message(&value) {
            each(*part, name, message);
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("error: waiting for cargo: {e}"))?;
    if finished {
        Ok(())
    } else {
        Err(format!(
            "error: `cargo {}` stopped before finishing ({status})",
            args.join(" ")
        ))
    }
}

/// The workspace's manifests, each with its part and document name.
fn members(workspace: &Workspace) -> BTreeMap<PathBuf, (Part, String)> {
    let mut members = BTreeMap::new();
    for document in workspace.generated() {
        let name = document.name.clone();
        members.insert(
            workspace.sdk_dir(document).join("Cargo.toml"),
            (Part::Sdk, name.clone()),
        );
        members.insert(
            workspace.smoke_dir(document).join("Cargo.toml"),
            (Part::Smoke, name),
        );
    }
    members
}

/// The message of one JSON line of cargo, if it is one we keep: a
/// diagnostic (not the "aborting" and "N warnings emitted" summaries) or
/// an executable.
fn message(value: &Value) -> Option<Message> {
    match value["reason"].as_str()? {
        "compiler-artifact" => value["executable"]
            .as_str()
            .map(|path| Message::Binary(PathBuf::from(path))),
        "compiler-message" => {
            let diagnostic = &value["message"];
            let level = diagnostic["level"].as_str()?.to_owned();
            if !matches!(level.as_str(), "error" | "warning") {
                return None;
            }
            let code = diagnostic["code"]["code"].as_str();
            let text = diagnostic["rendered"]
                .as_str()
                .or_else(|| diagnostic["message"].as_str())?;
            if code.is_none() && is_summary(diagnostic["message"].as_str().unwrap_or_default()) {
                return None;
            }
            Some(Message::Diagnostic {
                level,
                lint: code.is_some_and(|c| c.starts_with("clippy::")),
                text: text.trim_end().to_owned(),
            })
        }
        _ => None,
    }
}

/// rustc's closing lines, which repeat what the diagnostics said.
fn is_summary(message: &str) -> bool {
    message.starts_with("aborting due to")
        || message.ends_with("warnings emitted")
        || message.ends_with("warning emitted")
        || message.starts_with("could not compile")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clippy_lints_are_told_from_compiler_warnings() {
        let lint = json!({"reason": "compiler-message", "message": {
            "level": "warning", "code": {"code": "clippy::needless_return"},
            "rendered": "warning: unneeded `return` statement\n", "message": "unneeded"}});
        let warning = json!({"reason": "compiler-message", "message": {
            "level": "warning", "code": {"code": "unused_imports"},
            "rendered": "warning: unused import\n", "message": "unused import"}});
        let summary = json!({"reason": "compiler-message", "message": {
            "level": "warning", "code": null,
            "rendered": "warning: 2 warnings emitted\n", "message": "2 warnings emitted"}});
        assert!(matches!(
            message(&lint),
            Some(Message::Diagnostic { lint: true, .. })
        ));
        assert!(matches!(
            message(&warning),
            Some(Message::Diagnostic { lint: false, ref level, .. }) if level == "warning"
        ));
        assert!(message(&summary).is_none());
    }

    #[test]
    fn executables_are_kept() {
        let artifact = json!({"reason": "compiler-artifact", "executable": "/t/debug/a-smoke"});
        let library = json!({"reason": "compiler-artifact", "executable": null});
        assert!(
            matches!(message(&artifact), Some(Message::Binary(p)) if p == Path::new("/t/debug/a-smoke"))
        );
        assert!(message(&library).is_none());
    }
}
