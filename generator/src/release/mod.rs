//! The release feature: what a regeneration changes for code using the
//! crate, and the version and changelog that follow from it.
//!
//! Every generated crate records its public API ([`surface`], built from
//! the IR and `shape`, written as `api-surface.txt`). Regenerating over an
//! earlier crate ([`Previous`], read by the caller) compares the new
//! surface with the earlier one ([`diff`]: each change a
//! [`diff::ChangeKind`] with a semver [`diff::Level`]); with
//! `versioning = "semver"` the earlier [`version`] is bumped as the report
//! asks and [`changelog`] gets an entry.
//!
//! The pipeline ([`crate::generate_with_sources`]) calls `compare` after
//! lowering (the version goes into the rendered `Cargo.toml`) and adds
//! `Release::files` to the rendered ones. The renderers do not
//! depend on this module.

pub mod changelog;
pub mod diff;
pub mod surface;
pub mod version;

use std::fmt::Write as _;

use crate::config::{Config, Versioning};
use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::render::File;
use diff::Report;
use surface::Surface;

/// What the crate about to be replaced says about itself: read by the
/// caller (the CLI, xtask) from the output directory, since
/// [`crate::generate`] does no file I/O.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Previous {
    /// Its surface snapshot (`api-surface.txt`).
    pub surface: Option<String>,
    /// Its `CHANGELOG.md`.
    pub changelog: Option<String>,
    /// Its package version (from `Cargo.toml`).
    pub version: Option<String>,
}

impl Previous {
    /// Reads the files of a previous crate through `read`, which gets a path
    /// relative to the crate root (`api-surface.txt`, `CHANGELOG.md`,
    /// `Cargo.toml`) and returns the file's text, `None` when it is absent.
    /// `None` when none of them is there.
    pub fn from_crate(mut read: impl FnMut(&str) -> Option<String>) -> Option<Previous> {
        let previous = Previous {
            surface: read(surface::FILE),
            changelog: read(changelog::FILE),
            version: read("Cargo.toml").and_then(|m| version::of_manifest(&m)),
        };
        (previous != Previous::default()).then_some(previous)
    }
}

/// The outcome of comparing the new surface with the previous crate's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// There was no previous snapshot to compare with.
    NoPrevious,
    /// The previous snapshot could not be read: why.
    Unreadable(String),
    /// What changed (possibly nothing).
    Report(Report),
}

impl Comparison {
    /// The report, when there is one.
    pub fn report(&self) -> Option<&Report> {
        match self {
            Comparison::Report(report) => Some(report),
            _ => None,
        }
    }
}

/// The release facts of a generation, decided before rendering.
#[derive(Debug)]
pub(crate) struct Release {
    /// The new crate's public API.
    pub surface: Surface,
    /// What changed since the previous crate.
    pub comparison: Comparison,
    /// The version to write into `Cargo.toml`.
    pub version: String,
}

/// The surface of the crate rendered from `api`, compared with the
/// previous crate's, and the version that follows.
///
/// # Errors
///
/// With `versioning = "semver"`, a version that is not `MAJOR.MINOR.PATCH`.
pub(crate) fn compare(
    api: &Api,
    config: &Config,
    previous: Option<&Previous>,
) -> Result<Release, Diagnostics> {
    let surface = Surface::of(api);
    let comparison = match previous.and_then(|p| p.surface.as_deref()) {
        None => Comparison::NoPrevious,
        Some(text) => match Surface::parse(text) {
            Ok(old) => Comparison::Report(diff::diff(&old, &surface)),
            Err(why) => Comparison::Unreadable(format!("{}: {why}", surface::FILE)),
        },
    };
    let version = version::next(
        config,
        previous.and_then(|p| p.version.as_deref()),
        comparison.report().and_then(Report::level),
    )?;
    Ok(Release {
        surface,
        comparison,
        version,
    })
}

impl Release {
    /// The files the release feature adds to the crate: `api-surface.txt`
    /// and, with `versioning = "semver"`, `CHANGELOG.md` (the previous one
    /// with an entry for this version on top).
    pub fn files(&self, api: &Api, config: &Config, previous: Option<&Previous>) -> Vec<File> {
        let mut files = vec![File {
            path: surface::FILE.to_owned(),
            // The header names the command that wrote the crate.
            contents: self.surface.to_text(&config.krate.name).replacen(
                surface::HEADER,
                &config.hash_header(),
                1,
            ),
        }];
        if config.krate.versioning == Versioning::Semver {
            files.push(changelog::file(
                api,
                config,
                &self.version,
                previous.and_then(|p| p.changelog.as_deref()),
                self.comparison.report(),
            ));
        }
        files
    }
}

/// What regenerating over `previous` changed, for people: the version
/// change (when `version` differs from the previous crate's), then the
/// report; empty when there was nothing to compare.
pub fn changes_text(version: &str, comparison: &Comparison, previous: Option<&Previous>) -> String {
    let mut out = String::new();
    if let Some(before) = previous.and_then(|p| p.version.as_deref()) {
        if before != version {
            let _ = writeln!(out, "version {version} (was {before})");
        }
    }
    match comparison {
        Comparison::NoPrevious => {}
        Comparison::Unreadable(why) => {
            let _ = writeln!(
                out,
                "note: cannot compare with the previous crate's public API: {why}"
            );
        }
        Comparison::Report(report) => out.push_str(&report.to_text()),
    }
    out
}
