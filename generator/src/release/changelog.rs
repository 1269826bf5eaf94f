//! `CHANGELOG.md`, written when versioning is on: one entry per
//! regeneration that changed the crate's public API, newest first, each
//! with the new version and the report.

use super::diff::Report;
use super::surface;
use crate::config::Config;
use crate::ir::Api;
use crate::render::File;

/// Path of the changelog in the generated crate.
pub const FILE: &str = "CHANGELOG.md";

/// `CHANGELOG.md`: the previous changelog with `report` as a new entry for
/// `version` on top. Deterministic: without a previous changelog it starts
/// one; with an empty (or no) report the previous text is kept as it is.
pub fn file(
    api: &Api,
    config: &Config,
    version: &str,
    previous: Option<&str>,
    report: Option<&Report>,
) -> File {
    let changed = report.filter(|r| !r.is_empty());
    let contents = match (previous, changed) {
        (Some(text), None) => text.to_owned(),
        (Some(text), Some(report)) => insert_entry(text, &entry(api, version, report)),
        (None, Some(report)) => format!("{}\n{}", header(config), entry(api, version, report)),
        (None, None) => format!(
            "{}\n## {version}\n\nFirst generated from {} {}.\n",
            header(config),
            api.title,
            api.version
        ),
    };
    File {
        path: FILE.to_owned(),
        contents,
    }
}

fn header(config: &Config) -> String {
    format!(
        "# Changelog of {}\n\n\
         sdkgen adds an entry each time a regeneration changes the crate's public API\n\
         (recorded in `{}`); the version follows semver.\n",
        config.krate.name,
        surface::FILE
    )
}

/// One entry: the version, where it came from, the report.
fn entry(api: &Api, version: &str, report: &Report) -> String {
    let mut text = format!(
        "## {version}\n\nRegenerated from {} {}: {}.\n\n```text\n",
        api.title,
        api.version,
        report.summary()
    );
    for line in report.lines() {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str("```\n");
    text
}

/// `entry` before the first `## ` heading of `text` (at the end if none).
fn insert_entry(text: &str, entry: &str) -> String {
    let at = if text.starts_with("## ") {
        Some(0)
    } else {
        text.find("\n## ").map(|i| i + 1)
    };
    match at {
        Some(i) => format!("{}{entry}\n{}", &text[..i], &text[i..]),
        None if text.is_empty() || text.ends_with("\n\n") => format!("{text}{entry}"),
        None if text.ends_with('\n') => format!("{text}\n{entry}"),
        None => format!("{text}\n\n{entry}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_go_above_the_previous_ones() {
        let previous = "# Changelog\n\nintro\n\n## 0.1.0\n\nfirst\n";
        assert_eq!(
            insert_entry(previous, "## 0.2.0\n\nsecond\n"),
            "# Changelog\n\nintro\n\n## 0.2.0\n\nsecond\n\n## 0.1.0\n\nfirst\n"
        );
        assert_eq!(insert_entry("# C\n", "## 1\n"), "# C\n\n## 1\n");
    }
}
