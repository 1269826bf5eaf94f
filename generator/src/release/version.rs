//! The crate's version: `MAJOR.MINOR.PATCH`, bumped as semver asks for the
//! most severe change a regeneration makes (with `versioning = "semver"`),
//! and the previous crate's version read from its `Cargo.toml`.

use std::fmt;

use super::diff::Level;
use crate::config::{Config, Versioning};
use crate::diag::Diagnostics;

/// The crate version: the config's, or with `versioning = "semver"` the
/// previous crate's (`previous`) bumped for changes of `level` (the
/// config's when it is higher, or when there is no previous crate).
///
/// # Errors
///
/// With `versioning = "semver"`, when the config's or the previous
/// version is not `MAJOR.MINOR.PATCH`.
pub fn next(
    config: &Config,
    previous: Option<&str>,
    level: Option<Level>,
) -> Result<String, Diagnostics> {
    if config.krate.versioning == Versioning::Off {
        return Ok(config.krate.version.clone());
    }
    let invalid = |what: &str, why: String| {
        let mut diags = Diagnostics::new();
        diags.error(
            "",
            format!("{what}: {why}; `versioning = \"semver\"` needs one"),
        );
        diags
    };
    let configured = Version::parse(&config.krate.version)
        .map_err(|why| invalid("the config's crate.version", why))?;
    let Some(text) = previous else {
        return Ok(configured.to_string());
    };
    let before =
        Version::parse(text).map_err(|why| invalid("the previous crate's version", why))?;
    if configured > before {
        return Ok(configured.to_string());
    }
    Ok(before.bump(level).to_string())
}

/// `version` of the `[package]` table of a manifest sdkgen wrote, read
/// with `toml`; `None` when the manifest is not TOML or its version is not
/// a string (`version.workspace = true`).
pub fn of_manifest(manifest: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(manifest).ok()?;
    let version = table.get("package")?.get("version")?.as_str()?;
    Some(version.to_owned())
}

/// A `MAJOR.MINOR.PATCH` version, parsed, compared and printed by the
/// `semver` crate; pre-release and build suffixes are refused (the bump
/// has no rule for them).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(semver::Version);

impl Version {
    /// Parses `MAJOR.MINOR.PATCH`.
    ///
    /// # Errors
    ///
    /// When `text` is anything else.
    pub fn parse(text: &str) -> Result<Version, String> {
        let not_one = || format!("`{text}` is not a MAJOR.MINOR.PATCH version");
        let version = semver::Version::parse(text.trim()).map_err(|_| not_one())?;
        if version.pre.is_empty() && version.build.is_empty() {
            Ok(Version(version))
        } else {
            Err(not_one())
        }
    }

    /// The version semver asks for after changes of `level`: from 1.0,
    /// breaking → major, minor → minor, patch → patch; below 1.0 everything
    /// moves one place right (breaking → minor, else patch), and 0.0.x
    /// always bumps the patch (cargo treats every 0.0.x as incompatible).
    pub fn bump(self, level: Option<Level>) -> Version {
        let Some(level) = level else { return self };
        let semver::Version {
            major,
            minor,
            patch,
            ..
        } = self.0;
        let (major, minor, patch) = match (major, minor, level) {
            (0, 0, _) | (0, _, Level::Minor | Level::Patch) | (_, _, Level::Patch) => {
                (major, minor, patch + 1)
            }
            (0, _, Level::Breaking) | (_, _, Level::Minor) => (major, minor + 1, 0),
            (_, _, Level::Breaking) => (major + 1, 0, 0),
        };
        Version(semver::Version::new(major, minor, patch))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).expect("a version")
    }

    #[test]
    fn versions_bump_as_semver_asks() {
        let cases = [
            ("0.1.0", Some(Level::Breaking), "0.2.0"),
            ("0.1.3", Some(Level::Minor), "0.1.4"),
            ("0.1.3", Some(Level::Patch), "0.1.4"),
            ("0.0.3", Some(Level::Breaking), "0.0.4"),
            ("1.2.3", Some(Level::Breaking), "2.0.0"),
            ("1.2.3", Some(Level::Minor), "1.3.0"),
            ("1.2.3", Some(Level::Patch), "1.2.4"),
            ("1.2.3", None, "1.2.3"),
        ];
        for (from, level, to) in cases {
            assert_eq!(v(from).bump(level).to_string(), to, "{from} {level:?}");
        }
        assert!(Version::parse("1.0").is_err());
        assert!(Version::parse("1.0.0-beta.1").is_err());
        assert!(
            Version::parse("01.0.0").is_err(),
            "semver has no leading zeros"
        );
        assert!(v("0.10.0") > v("0.9.9"));
    }

    #[test]
    fn the_package_version_is_read_from_the_manifest() {
        let manifest = "# Generated\n[package]\nname = \"a\"\nversion = \"0.3.1\"\n\n\
                        [dependencies]\nserde = { version = \"1\" }\n";
        assert_eq!(of_manifest(manifest).as_deref(), Some("0.3.1"));
        let late = "[dependencies.serde]\nversion = \"1\"\n[package]\nversion = \"2.0.0\"\n";
        assert_eq!(of_manifest(late).as_deref(), Some("2.0.0"));
        assert_eq!(of_manifest("[package]\nversion.workspace = true\n"), None);
        assert_eq!(of_manifest("[workspace]\nversion = \"1.0.0\"\n"), None);
        assert_eq!(
            of_manifest("[package\nversion = \"1.0.0\"\n"),
            None,
            "not TOML"
        );
    }
}
