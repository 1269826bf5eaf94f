//! The API diff as users see it: `sdkgen diff` (text and JSON) and the
//! report `sdkgen generate` prints when it replaces a crate, with the
//! version bump and changelog entry when the config turns versioning on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sdkgen(args: &[&Path]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .output()
        .expect("the sdkgen binary runs");
    assert!(
        output.status.success(),
        "sdkgen {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn repo_file(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Our PAY.JP document (`old.yaml`) and an edit of it (`new.yaml`): an
/// operation renamed and an enum value added.
fn spec_pair(dir: &Path) -> (PathBuf, PathBuf) {
    let old = repo_file("spec/payjp-v2.yaml");
    let mut new = old.clone();
    for (from, to) in [
        (
            "operationId: RetrievePaymentIntent",
            "operationId: GetPaymentIntent",
        ),
        (
            "        - automatic_async\n",
            "        - automatic_async\n        - deferred\n",
        ),
    ] {
        assert_eq!(new.matches(from).count(), 1, "`{from}` is in the spec once");
        new = new.replacen(from, to, 1);
    }
    let (old_path, new_path) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old_path, old).expect("write old.yaml");
    std::fs::write(&new_path, new).expect("write new.yaml");
    (old_path, new_path)
}

const REPORT: &str = "public API changes (1 breaking, 1 minor):
BREAKING  renamed operation retrieve_payment_intent to get_payment_intent (GET /v2/payment_intents/{payment_intent_id})
minor     added enum value CaptureMethod::Deferred (\"deferred\")
";

#[test]
fn diff_prints_the_report_as_text_and_json() {
    let dir = scratch("cli");
    let (old, new) = spec_pair(&dir);
    let text = sdkgen(&["diff".as_ref(), &old, &new]);
    assert_eq!(stdout(&text), REPORT);

    let json = sdkgen(&[
        "diff".as_ref(),
        &old,
        &new,
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON output");
    assert_eq!(value["breaking"], true);
    assert_eq!(value["level"], "breaking");
    assert_eq!(value["counts"]["breaking"], 1);
    assert_eq!(value["counts"]["minor"], 1);
    assert_eq!(value["changes"][0]["kind"], "operation_renamed");
    assert_eq!(value["changes"][1]["level"], "minor");
    assert_eq!(value["changes"][1]["item"], "CaptureMethod::Deferred");

    let same = sdkgen(&["diff".as_ref(), &old, &old]);
    assert_eq!(stdout(&same), "public API unchanged\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn generate_prints_what_a_regeneration_changes() {
    let dir = scratch("generate");
    let (old, new) = spec_pair(&dir);
    let out = dir.join("client");
    let first = sdkgen(&[
        "generate".as_ref(),
        "-i".as_ref(),
        &old,
        "-o".as_ref(),
        &out,
    ]);
    assert!(!stdout(&first).contains("public API"), "{}", stdout(&first));
    assert!(out.join("api-surface.txt").is_file());
    assert!(
        !out.join("CHANGELOG.md").exists(),
        "no changelog without versioning"
    );

    let second = sdkgen(&[
        "generate".as_ref(),
        "-i".as_ref(),
        &new,
        "-o".as_ref(),
        &out,
    ]);
    let printed = stdout(&second);
    assert!(printed.ends_with(REPORT), "{printed}");
    let third = sdkgen(&[
        "generate".as_ref(),
        "-i".as_ref(),
        &new,
        "-o".as_ref(),
        &out,
    ]);
    assert!(
        stdout(&third).ends_with("public API unchanged\n"),
        "{}",
        stdout(&third)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn versioning_bumps_the_version_and_writes_the_changelog() {
    let dir = scratch("versioning");
    let (old, new) = spec_pair(&dir);
    let config = dir.join("sdk.toml");
    let text = repo_file("spec/payjp-v2.toml").replacen(
        "[crate]\n",
        "[crate]\nversioning = \"semver\"\n",
        1,
    );
    std::fs::write(&config, text).expect("write sdk.toml");
    // The license files the config names, beside it.
    for license in ["LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::write(dir.join(license), repo_file(&format!("spec/{license}")))
            .expect("write a license file");
    }
    let out = dir.join("client");
    let args = |spec: &Path| -> Vec<PathBuf> {
        ["generate", "-i"]
            .iter()
            .map(PathBuf::from)
            .chain([
                spec.to_owned(),
                "-o".into(),
                out.clone(),
                "-c".into(),
                config.clone(),
            ])
            .collect()
    };
    let run = |spec: &Path| {
        let args = args(spec);
        let args: Vec<&Path> = args.iter().map(PathBuf::as_path).collect();
        sdkgen(&args)
    };
    run(&old);
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).expect("a changelog");
    assert!(changelog.contains("\n## 0.1.0\n"), "{changelog}");

    let second = run(&new);
    assert!(
        stdout(&second).contains(&format!("version 0.2.0 (was 0.1.0)\n{REPORT}")),
        "{}",
        stdout(&second)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("\nversion = \"0.2.0\"\n"), "{manifest}");
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).expect("a changelog");
    let entry = changelog.find("## 0.2.0").expect("an entry for 0.2.0");
    assert!(
        entry < changelog.find("## 0.1.0").expect("the first entry"),
        "{changelog}"
    );
    assert!(changelog.contains(
        "```text\nBREAKING  renamed operation retrieve_payment_intent to get_payment_intent"
    ));

    let third = run(&new);
    assert!(
        stdout(&third).ends_with("public API unchanged\n"),
        "{}",
        stdout(&third)
    );
    let again = std::fs::read_to_string(out.join("CHANGELOG.md")).expect("a changelog");
    assert_eq!(again, changelog, "an unchanged API adds no entry");
    let _ = std::fs::remove_dir_all(&dir);
}
