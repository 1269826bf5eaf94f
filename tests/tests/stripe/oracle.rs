//! The Python oracle: Stripe's official library, pinned to `stripe==16.1.0`
//! (the current release; the oracle pins API version 2023-08-16 per client), installed in a venv the suite makes
//! under the target dir (`target/stripe-harness/venv`, reused while it holds
//! the pinned version), running `tests/stripe-harness/oracle.py`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use super::harness::{root, sources, Lock};

/// The pinned requirement.
const PINNED: &str = "stripe==16.1.0";
/// The version it pins.
const PINNED_VERSION: &str = "16.1.0";

/// The venv's Python, made once per run.
fn python() -> &'static Path {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match PYTHON.get_or_init(make_venv) {
        Ok(python) => python,
        Err(report) => panic!(
            "cannot set up the Python oracle ({PINNED}): {report}\n\
             the form-encoding tests need python3 with the venv module and access to PyPI \
             the first time (the venv is then reused)"
        ),
    }
}

fn make_venv() -> Result<PathBuf, String> {
    let root = root();
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let _lock = Lock::acquire(&root.join(".venv-lock"))?;
    let venv = root.join("venv");
    let python = if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    };
    if has_pinned(&python) {
        return Ok(python);
    }
    let system = std::env::var_os("SDKGEN_PYTHON").unwrap_or_else(|| "python3".into());
    run(Command::new(system)
        .arg("-m")
        .arg("venv")
        .arg("--clear")
        .arg(&venv))?;
    run(Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        PINNED,
    ]))?;
    if has_pinned(&python) {
        Ok(python)
    } else {
        Err(format!(
            "{} still lacks {PINNED} after installing it",
            venv.display()
        ))
    }
}

/// Whether `python` imports the pinned version of the library.
fn has_pinned(python: &Path) -> bool {
    let check = format!("import sys, stripe; sys.exit(stripe.VERSION != {PINNED_VERSION:?})");
    Command::new(python)
        .args(["-c", &check])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Runs the venv's Python with `args`, `input` on its stdin, and returns
/// its stdout; `what` names it in failures.
fn run_python(args: &[&std::ffi::OsStr], input: Vec<u8>, what: &str) -> String {
    let mut child = Command::new(python())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    // Written from another thread: the script answers while it reads, and
    // a full stdout pipe must not block the writer.
    let writer = child
        .stdin
        .take()
        .map(|mut stdin| std::thread::spawn(move || stdin.write_all(&input)));
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("{what} did not finish: {e}"));
    if !output.status.success() {
        panic!(
            "{what} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    if let Some(writer) = writer {
        match writer.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("cannot write to {what}: {e}"),
            Err(_) => panic!("the thread writing to {what} panicked"),
        }
    }
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What stripe-python sends for each case (`name`, `method`, `path`,
/// `params` as JSON text): one object per case with `body`, `query` and
/// `headers` (see `oracle.py`).
pub fn encode(cases: &[Value]) -> Vec<Value> {
    let script = sources().join("oracle.py");
    let input: String = cases.iter().map(|case| format!("{case}\n")).collect();
    run_python(&[script.as_os_str()], input.into_bytes(), "the oracle")
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("the oracle printed a line that is not JSON ({e}): {line}")
            })
        })
        .collect()
}

/// Stripe's webhook signatures of `(secret, timestamp, payload)`, made with
/// Python's own `hmac` (independently of the crate): the hex HMAC-SHA256 of
/// `"{timestamp}.{payload}"` keyed with the secret.
pub fn webhook_signatures(items: &[(&str, u64, &str)]) -> Vec<String> {
    const SCRIPT: &str = "import hashlib, hmac, json, sys\n\
        for secret, t, payload in json.load(sys.stdin):\n    \
        print(hmac.new(secret.encode(), f'{t}.{payload}'.encode(), hashlib.sha256).hexdigest())\n";
    let input = serde_json::to_vec(items).unwrap_or_else(|e| panic!("{e}"));
    let args = ["-c".as_ref(), SCRIPT.as_ref()];
    let signatures: Vec<String> = run_python(&args, input, "Python's hmac")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(signatures.len(), items.len(), "one signature per item");
    signatures
}
