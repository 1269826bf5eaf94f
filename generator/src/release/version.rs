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

/// `version` of the `[package]` table of a manifest sdkgen wrote.
///
/// Read line by line, not with `toml`: a manifest that is not valid TOML
/// elsewhere (hand-edited) still gives its version, and a version that is
/// not a string is reported by the bump rather than ignored.
pub fn of_manifest(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if let Some(value) = line
            .strip_prefix("version")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('='))
            .filter(|_| in_package)
        {
            return Some(value.trim().trim_matches('"').to_owned());
        }
    }
    None
}

/// A `MAJOR.MINOR.PATCH` version (pre-release and build suffixes are not
/// supported by the version bump).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
}

impl Version {
    /// Parses `MAJOR.MINOR.PATCH`.
    ///
    /// # Errors
    ///
    /// When `text` is anything else.
    pub fn parse(text: &str) -> Result<Version, String> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        let number = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u64>().ok())
                .flatten()
        };
        match parts.as_slice() {
            [a, b, c] => match (number(a), number(b), number(c)) {
                (Some(major), Some(minor), Some(patch)) => Ok(Version {
                    major,
                    minor,
                    patch,
                }),
                _ => Err(format!("`{text}` is not a MAJOR.MINOR.PATCH version")),
            },
            _ => Err(format!("`{text}` is not a MAJOR.MINOR.PATCH version")),
        }
    }

    /// The version semver asks for after changes of `level`: from 1.0,
    /// breaking → major, minor → minor, patch → patch; below 1.0 everything
    /// moves one place right (breaking → minor, else patch), and 0.0.x
    /// always bumps the patch (cargo treats every 0.0.x as incompatible).
    pub fn bump(self, level: Option<Level>) -> Version {
        let Some(level) = level else { return self };
        let Version {
            major,
            minor,
            patch,
        } = self;
        let position = match (major, minor, level) {
            (0, 0, _) => 2,
            (0, _, Level::Breaking) => 1,
            (0, _, _) => 2,
            (_, _, Level::Breaking) => 0,
            (_, _, Level::Minor) => 1,
            (_, _, Level::Patch) => 2,
        };
        match position {
            0 => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
            1 => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            _ => Version {
                major,
                minor,
                patch: patch + 1,
            },
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
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
    }
}
