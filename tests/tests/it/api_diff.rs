//! The API diff: what a regeneration changes for Rust code using the crate,
//! each change classified breaking or not under semver.
//!
//! - One pair of small documents per kind of change (a base document and
//!   an edit of it), asserting the exact report lines.
//! - A pair made from `spec/payjp-v2.yaml` with the edits vendors make (a
//!   renamed operation, a new optional response field, a new required
//!   request field, a removed enum value).
//! - Regeneration over a previous crate (`generate_with`): the report, the
//!   version bump and the changelog entry when versioning is on, and a
//!   stable second run.
//!
//! The `sdkgen diff` and `sdkgen generate` commands are tested end to end
//! in `generator/tests/diff_cli.rs`.

use sdkgen::release::diff::{diff, Level};
use sdkgen::release::{Comparison, Previous};
use sdkgen::{Config, Report, Surface};
use sdkgen_tests::api_cases::{cases, edit};
use sdkgen_tests::{payjp_config, workspace_root};

fn surface(spec: &str) -> Surface {
    sdkgen::generate(spec.as_bytes(), &Config::for_crate("shop"))
        .unwrap_or_else(|d| panic!("generation failed:\n{d}\n{spec}"))
        .surface
}

/// The report between two documents, checking on the way that the text
/// form reads back to the same surface and that the report is empty
/// exactly when the surfaces are equal.
fn report(old: &str, new: &str) -> Report {
    let (old, new) = (surface(old), surface(new));
    for s in [&old, &new] {
        assert_eq!(Surface::parse(&s.to_text("shop")).as_ref(), Ok(s));
    }
    let report = diff(&old, &new);
    assert_eq!(report.is_empty(), old == new, "{report:?}");
    report
}

#[test]
fn each_kind_of_change_is_classified() {
    let mut failures = Vec::new();
    for case in cases() {
        let got = report(&edit(&case.old), &edit(&case.new)).lines();
        if got != case.expect {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  got:\n    {}",
                case.name,
                case.expect.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `spec/payjp-v2.yaml` with the edits vendors make.
fn edited_payjp_spec() -> String {
    let mut spec = payjp_spec();
    let edits = [
        // A renamed operation.
        (
            "operationId: RetrievePaymentIntent",
            "operationId: GetPaymentIntent",
        ),
        // A new optional response field.
        (
            "        return_url:\n          type: [string, \"null\"]\n          description: Where the customer is sent after the payment flow, or null.\n",
            "        return_url:\n          type: [string, \"null\"]\n          description: Where the customer is sent after the payment flow, or null.\n        risk_level:\n          type: string\n          description: How risky the payment looks.\n",
        ),
        // A new required request field.
        (
            "      description: Body of a create request. Only `amount` is required.\n      properties:\n",
            "      description: Body of a create request.\n      properties:\n        currency:\n          type: string\n          description: Three-letter currency code.\n",
        ),
        (
            "      required:\n        - amount\n\n    PaymentIntentIncrementAuthorizationRequest:",
            "      required:\n        - amount\n        - currency\n\n    PaymentIntentIncrementAuthorizationRequest:",
        ),
        // A removed enum value.
        ("        - automatic_async\n", ""),
    ];
    for (from, to) in edits {
        assert_eq!(
            spec.matches(from).count(),
            1,
            "spec/payjp-v2.yaml changed: `{from}` no longer occurs exactly once"
        );
        spec = spec.replacen(from, to, 1);
    }
    spec
}

fn payjp_spec() -> String {
    std::fs::read_to_string(workspace_root().join("spec/payjp-v2.yaml"))
        .expect("spec/payjp-v2.yaml")
}

const PAYJP_REPORT: [&str; 4] = [
    "BREAKING  renamed operation retrieve_payment_intent to get_payment_intent (GET /v2/payment_intents/{payment_intent_id})",
    "BREAKING  removed enum value CaptureMethod::AutomaticAsync (\"automatic_async\")",
    "BREAKING  added required field PaymentIntentCreateRequest.currency: String (a new argument of PaymentIntentCreateRequest::new)",
    "minor     added optional field PaymentIntentResponse.risk_level: Option<String>",
];

#[test]
fn realistic_edits_of_the_payjp_document_are_reported() {
    let config = payjp_config();
    let old = sdkgen::generate(payjp_spec().as_bytes(), &config).expect("generates");
    let new = sdkgen::generate(edited_payjp_spec().as_bytes(), &config).expect("generates");
    let report = diff(&old.surface, &new.surface);
    assert_eq!(report.lines(), PAYJP_REPORT);
    assert_eq!(report.summary(), "3 breaking, 1 minor");
    assert_eq!(report.level(), Some(Level::Breaking));
    let json = report.to_json();
    assert_eq!(json["breaking"], true);
    assert_eq!(json["counts"]["breaking"], 3);
    assert_eq!(json["changes"][0]["kind"], "operation_renamed");
    assert_eq!(json["changes"][0]["item"], "retrieve_payment_intent");
}

#[test]
fn the_checked_in_crate_holds_its_surface() {
    let root = workspace_root();
    let text = std::fs::read_to_string(root.join("generated").join(sdkgen::release::surface::FILE))
        .expect("generated/api-surface.txt");
    assert!(text.starts_with("# Generated by cargo xtask generate; do not edit.\n"));
    let on_disk = Surface::parse(&text).expect("the snapshot reads back");
    let fresh = sdkgen::generate(payjp_spec().as_bytes(), &payjp_config()).expect("generates");
    assert_eq!(on_disk, fresh.surface);
    assert_eq!(
        payjp_config().krate.versioning,
        sdkgen::config::Versioning::Off
    );
}

/// The files of a generated crate, as a previous crate for the next run.
fn previous_of(generated: &sdkgen::Generated) -> Option<Previous> {
    Previous::from_crate(|path| {
        generated
            .files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.clone())
    })
}

fn file<'g>(generated: &'g sdkgen::Generated, path: &str) -> Option<&'g str> {
    generated
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
}

#[test]
fn regenerating_reports_against_the_previous_crate() {
    let config = payjp_config();
    let first = sdkgen::generate(payjp_spec().as_bytes(), &config).expect("generates");
    assert_eq!(first.comparison, Comparison::NoPrevious);
    let previous = previous_of(&first).expect("a previous crate");
    assert_eq!(previous.version.as_deref(), Some("0.1.0"));

    let same = sdkgen::generate_with(payjp_spec().as_bytes(), &config, Some(&previous))
        .expect("generates");
    assert_eq!(same.comparison, Comparison::Report(Report::default()));
    assert_eq!(same.changes_text(Some(&previous)), "public API unchanged\n");
    assert_eq!(same.files, first.files, "a previous crate changes nothing");

    let next = sdkgen::generate_with(edited_payjp_spec().as_bytes(), &config, Some(&previous))
        .expect("generates");
    let mut expected = "public API changes (3 breaking, 1 minor):\n".to_owned();
    for line in PAYJP_REPORT {
        expected.push_str(line);
        expected.push('\n');
    }
    assert_eq!(next.changes_text(Some(&previous)), expected);
    // Versioning is off for the checked-in crate: no bump, no changelog.
    assert_eq!(next.version, "0.1.0");
    assert!(file(&next, "CHANGELOG.md").is_none());

    let broken = Previous {
        surface: Some("operation x SOMETHING\nwidget y\n".to_owned()),
        ..previous
    };
    let unreadable = sdkgen::generate_with(payjp_spec().as_bytes(), &config, Some(&broken))
        .expect("an unreadable snapshot does not stop generation");
    assert!(
        matches!(&unreadable.comparison, Comparison::Unreadable(why) if why.contains("line 2")),
        "{:?}",
        unreadable.comparison
    );
}

#[test]
fn versioning_bumps_the_version_and_writes_the_changelog() {
    let mut config = payjp_config();
    config.krate.versioning = sdkgen::config::Versioning::Semver;
    let first = sdkgen::generate(payjp_spec().as_bytes(), &config).expect("generates");
    assert_eq!(first.version, "0.1.0");
    let changelog = file(&first, "CHANGELOG.md").expect("a changelog");
    assert!(
        changelog.starts_with("# Changelog of payjp-v2\n"),
        "{changelog}"
    );
    assert!(
        changelog.ends_with(
            "\n## 0.1.0\n\nFirst generated from PAY.JP v2 API (Payment Intents) 2.0.0.\n"
        ),
        "{changelog}"
    );

    // A breaking change below 1.0 bumps the minor version.
    let previous = previous_of(&first).expect("a previous crate");
    let second = sdkgen::generate_with(edited_payjp_spec().as_bytes(), &config, Some(&previous))
        .expect("generates");
    assert_eq!(second.version, "0.2.0");
    let manifest = file(&second, "Cargo.toml").expect("Cargo.toml");
    assert!(manifest.contains("\nversion = \"0.2.0\"\n"), "{manifest}");
    assert!(second
        .changes_text(Some(&previous))
        .starts_with("version 0.2.0 (was 0.1.0)\npublic API changes (3 breaking, 1 minor):\n"));
    let changelog = file(&second, "CHANGELOG.md").expect("a changelog");
    let mut entry = "## 0.2.0\n\nRegenerated from PAY.JP v2 API (Payment Intents) 2.0.0: 3 breaking, 1 minor.\n\n```text\n".to_owned();
    for line in PAYJP_REPORT {
        entry.push_str(line);
        entry.push('\n');
    }
    entry.push_str("```\n\n## 0.1.0\n");
    assert!(changelog.contains(&entry), "{changelog}");

    // Regenerating the same document again changes nothing (`--check` is stable).
    let previous = previous_of(&second).expect("a previous crate");
    let third = sdkgen::generate_with(edited_payjp_spec().as_bytes(), &config, Some(&previous))
        .expect("generates");
    assert_eq!(third.version, "0.2.0");
    assert_eq!(third.files, second.files);

    // Additions only bump the patch version below 1.0, the minor from 1.0.
    let previous = previous_of(&first).expect("a previous crate");
    let added = payjp_spec().replacen(
        "        - automatic_async\n",
        "        - automatic_async\n        - deferred\n",
        1,
    );
    let patch =
        sdkgen::generate_with(added.as_bytes(), &config, Some(&previous)).expect("generates");
    assert_eq!(patch.version, "0.1.1");
    let stable = Previous {
        version: Some("1.4.2".to_owned()),
        ..previous.clone()
    };
    let minor = sdkgen::generate_with(added.as_bytes(), &config, Some(&stable)).expect("generates");
    assert_eq!(minor.version, "1.5.0");
    let major = sdkgen::generate_with(edited_payjp_spec().as_bytes(), &config, Some(&stable))
        .expect("generates");
    assert_eq!(major.version, "2.0.0");

    // A config version above the previous crate's wins.
    config.krate.version = "3.0.0".to_owned();
    let chosen =
        sdkgen::generate_with(added.as_bytes(), &config, Some(&stable)).expect("generates");
    assert_eq!(chosen.version, "3.0.0");
}

/// Grouping and renaming operations (`[operations]` in the config) is
/// reported as a rename of every operation it moves, by method and path,
/// and the renamed request types with it.
#[test]
fn grouping_operations_reports_each_rename() {
    let dir = workspace_root().join("tests/fixtures/operation_groups");
    let spec = std::fs::read(dir.join("spec.yaml")).expect("the fixture's document");
    let config_text = std::fs::read_to_string(dir.join("config.toml")).expect("its config");
    let grouped = Config::from_toml(&config_text).expect("a valid config");
    let mut plain = grouped.clone();
    plain.operations = sdkgen::config::OperationsConfig {
        extensions: false,
        ..Default::default()
    };
    let surface = |config: &Config| {
        sdkgen::generate(&spec, config)
            .unwrap_or_else(|d| panic!("generation failed:\n{d}"))
            .surface
    };
    let report = diff(&surface(&plain), &surface(&grouped));
    let lines = report.lines();
    let renames = [
        ("get_widgets", "widgets.list", "GET /v1/widgets"),
        ("post_widgets", "widgets.create", "POST /v1/widgets"),
        (
            "get_widgets_search",
            "widgets.search",
            "GET /v1/widgets/search",
        ),
        (
            "get_widgets_widget",
            "widgets.retrieve",
            "GET /v1/widgets/{widget}",
        ),
        (
            "post_widgets_widget",
            "widgets.update",
            "POST /v1/widgets/{widget}",
        ),
        (
            "delete_widgets_widget",
            "widgets.delete",
            "DELETE /v1/widgets/{widget}",
        ),
        (
            "post_widgets_widget_archive",
            "widgets.retire",
            "POST /v1/widgets/{widget}/archive",
        ),
        (
            "get_widgets_widget_parts",
            "widgets.list_parts",
            "GET /v1/widgets/{widget}/parts",
        ),
        (
            "post_widgets_widget_parts",
            "widgets.create_part",
            "POST /v1/widgets/{widget}/parts",
        ),
        (
            "delete_widgets_widget_parts_part",
            "widgets.delete_part",
            "DELETE /v1/widgets/{widget}/parts/{part}",
        ),
        ("get_gadgets", "gadgets.list", "GET /v1/gadgets"),
        (
            "post_gadgets_gadget_refurbish",
            "gadgets.refurbish",
            "POST /v1/gadgets/{gadget}/refurbish",
        ),
    ];
    for (from, to, http) in renames {
        let line = format!("BREAKING  renamed operation {from} to {to} ({http})");
        assert!(
            lines.contains(&line),
            "no `{line}` in:\n{}",
            lines.join("\n")
        );
    }
    assert!(
        !lines.iter().any(|l| l.contains("get_health")),
        "the ungrouped operation keeps its name:\n{}",
        lines.join("\n")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("PostWidgetsBody") && l.contains("CreateWidget")),
        "the body type's rename is reported:\n{}",
        lines.join("\n")
    );
    assert_eq!(report.level(), Some(Level::Breaking));
}
