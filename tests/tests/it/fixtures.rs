//! The fixture goldens: each case of `tests/fixtures/` generates exactly its
//! checked-in `ir.json`, `crate.txt` and `warnings.txt` (see
//! [`sdkgen_tests::fixtures`]; `SDKGEN_BLESS=1` accepts new output).

use sdkgen_tests::fixtures::{
    blessing, cases, diff, fixtures_dir, generate, BLESS_VAR, MINIMUM_CASES,
};
use sdkgen_tests::workspace_root;

#[test]
fn fixture_corpus_is_complete() {
    let cases = cases();
    assert!(
        cases.len() >= MINIMUM_CASES,
        "only {} fixture cases under {}; expected at least {MINIMUM_CASES}",
        cases.len(),
        fixtures_dir().display()
    );
    for case in &cases {
        for golden in ["ir.json", "crate.txt"] {
            assert!(
                case.dir.join(golden).is_file(),
                "fixture `{}` has no {golden}; run with {BLESS_VAR}=1 to write it",
                case.name
            );
        }
    }
}

#[test]
fn fixtures_match_their_goldens() {
    let bless = blessing();
    let mut mismatches = Vec::new();
    let mut blessed = Vec::new();
    for case in cases() {
        let output = match generate(&case) {
            Ok(output) => output,
            Err(problem) => {
                mismatches.push(problem);
                continue;
            }
        };
        let expected = [
            ("ir.json", Some(output.ir.as_str())),
            ("crate.txt", Some(output.krate.as_str())),
            ("warnings.txt", output.warnings.as_deref()),
        ];
        for (file, actual) in expected {
            let path = case.dir.join(file);
            let current = std::fs::read_to_string(&path).ok();
            if current.as_deref() == actual {
                continue;
            }
            let shown = path
                .strip_prefix(workspace_root())
                .unwrap_or(&path)
                .display()
                .to_string();
            if bless {
                match actual {
                    Some(text) => std::fs::write(&path, text)
                        .unwrap_or_else(|e| panic!("cannot write {shown}: {e}")),
                    None => std::fs::remove_file(&path)
                        .unwrap_or_else(|e| panic!("cannot remove {shown}: {e}")),
                }
                blessed.push(shown);
                continue;
            }
            mismatches.push(match (current.as_deref(), actual) {
                (None, _) => format!("{shown}: missing"),
                (Some(_), None) => format!("{shown}: expected, but the run has no warnings"),
                (Some(old), Some(new)) => format!("{shown} differs:\n{}", diff(old, new)),
            });
        }
    }
    if !blessed.is_empty() {
        println!("{BLESS_VAR}: rewrote {} file(s):", blessed.len());
        for path in &blessed {
            println!("  {path}");
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} fixture file(s) differ from what sdkgen generates now; if the new output is right, \
         run `{BLESS_VAR}=1 cargo test -p sdkgen-tests --test it fixtures` to accept it:\n\n{}",
        mismatches.len(),
        mismatches.join("\n\n")
    );
}
