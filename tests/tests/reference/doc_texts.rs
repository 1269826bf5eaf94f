//! Every `description` and `summary` text of the vendor documents in
//! `../shared/corpus` becomes safe rustdoc Markdown (no HTML, no doc tests,
//! absolute links only), and cleaning it again changes nothing.

use sdkgen::render::doc_text::{clean, first_sentence, rustdoc_problem};

/// Every `description` and `summary` string in a JSON value.
fn texts(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match value {
                    serde_json::Value::String(text) if key == "description" || key == "summary" => {
                        out.push(text.clone())
                    }
                    other => texts(other, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| texts(item, out)),
        _ => {}
    }
}

fn assert_safe(input: &str, output: &str) {
    if let Some(problem) = rustdoc_problem(output) {
        panic!("{problem} in {output:?} (from {input:?})");
    }
}

#[test]
fn every_text_of_the_vendor_documents_becomes_safe_and_stable() {
    let mut all = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(sdkgen_tests::shared_dir().join("corpus"))
        .expect("the corpus directory ../shared/corpus")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("a readable document");
        let value: serde_json::Value = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => serde_json::from_str(&text).expect("JSON"),
            Some("yaml") => serde_yaml::from_str(&text).expect("YAML"),
            _ => continue,
        };
        texts(&value, &mut all);
    }
    all.sort();
    all.dedup();
    assert!(all.len() > 10_000, "only {} texts", all.len());
    for input in &all {
        let once = clean(input);
        assert_safe(input, &once);
        assert_eq!(clean(&once), once, "cleaning {input:?} again changes it");
        assert_safe(input, &first_sentence(input));
    }
}
