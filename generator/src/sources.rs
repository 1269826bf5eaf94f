//! Other documents a `$ref` names, supplied by the caller: [`crate::generate`]
//! does no file I/O, so the load phase asks a [`Sources`] for each document
//! besides the main one that a reference leads to. [`FileSources`] reads them
//! from disk the way the CLI and xtask do; [`NoSources`] has none.
//!
//! sdkgen never fetches anything from the network: a URL `$ref` is read
//! only from the local directory the config maps its prefix to
//! (`[refs.urls]`).

use std::path::{Path, PathBuf};

/// Where a document besides the main one is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source<'a> {
    /// A file: a `/`-separated path relative to the main document's
    /// directory (it may start with `../`), or an absolute path.
    File(&'a str),
    /// The local copy of a URL, through the config's `[refs.urls]`: `path`
    /// is relative to the config file's directory (or absolute).
    Url {
        /// The URL the references name (without its fragment).
        url: &'a str,
        /// Where its copy is.
        path: &'a str,
    },
}

impl std::fmt::Display for Source<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::File(path) => write!(f, "`{path}`"),
            Source::Url { url, path } => write!(f, "`{path}` (the local copy of `{url}`)"),
        }
    }
}

/// Reads the documents references lead to.
pub trait Sources {
    /// The bytes of the document at `source`, or why it cannot be read
    /// (the message is shown after the source's name).
    fn read(&self, source: &Source<'_>) -> Result<Vec<u8>, String>;

    /// The main document's path in the terms of [`Source::File`] (its file
    /// name), so that a reference back into it by name is recognised as
    /// one into the main document rather than read as a second copy.
    fn main_document(&self) -> Option<String> {
        None
    }
}

/// No other documents: every reference to one is unresolved.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoSources;

impl Sources for NoSources {
    fn read(&self, _source: &Source<'_>) -> Result<Vec<u8>, String> {
        Err("no documents besides the main one were supplied".to_owned())
    }
}

/// Reads other documents from disk: files relative to the main document's
/// directory, local copies of URLs relative to the config file's directory
/// (the current directory when there is no config file).
#[derive(Clone, Debug)]
pub struct FileSources {
    document: PathBuf,
    config_dir: PathBuf,
}

impl FileSources {
    /// Sources for the main document at `document`.
    pub fn new(document: &Path) -> Self {
        Self {
            document: document.to_owned(),
            config_dir: PathBuf::from("."),
        }
    }

    /// The same, with URL copies found relative to the directory of the
    /// config file `config`.
    pub fn with_config(mut self, config: &Path) -> Self {
        self.config_dir = parent(config);
        self
    }

    /// The path `source` is read from.
    pub fn path_of(&self, source: &Source<'_>) -> PathBuf {
        match source {
            Source::File(path) => parent(&self.document).join(path),
            Source::Url { path, .. } => self.config_dir.join(path),
        }
    }
}

/// The directory holding `file` (`.` for a bare file name).
fn parent(file: &Path) -> PathBuf {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

impl Sources for FileSources {
    fn read(&self, source: &Source<'_>) -> Result<Vec<u8>, String> {
        std::fs::read(self.path_of(source)).map_err(|e| e.to_string())
    }

    fn main_document(&self) -> Option<String> {
        self.document
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
    }
}

/// Reads the license files the config at `config_path` names (`[crate]
/// license_files`, relative to that file) for [`Config::license_texts`]:
/// `config.license_texts = license_texts(&config, path)?`. A file that
/// cannot be read is an error naming its path and the key.
///
/// [`Config::license_texts`]: crate::Config::license_texts
pub fn license_texts(
    config: &crate::Config,
    config_path: &Path,
) -> Result<Vec<crate::config::LicenseText>, String> {
    let dir = parent(config_path);
    config
        .krate
        .license_files
        .iter()
        .map(|entry| {
            let path = dir.join(entry);
            let contents = std::fs::read_to_string(&path).map_err(|e| {
                format!(
                    "error: cannot read the license file {} (`[crate] license_files` of {}): {e}",
                    path.display(),
                    config_path.display()
                )
            })?;
            Ok(crate::config::LicenseText {
                name: crate::publish::file_name(entry).to_owned(),
                contents,
            })
        })
        .collect()
}

impl<F> Sources for F
where
    F: Fn(&Source<'_>) -> Result<Vec<u8>, String>,
{
    fn read(&self, source: &Source<'_>) -> Result<Vec<u8>, String> {
        self(source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_beside_the_document_and_copies_beside_the_config() {
        let sources = FileSources::new(Path::new("specs/api/openapi.yaml"))
            .with_config(Path::new("conf/sdk.toml"));
        assert_eq!(
            sources.path_of(&Source::File("../common/pet.yaml")),
            Path::new("specs/api/../common/pet.yaml")
        );
        assert_eq!(
            sources.path_of(&Source::Url {
                url: "https://example.com/x.yaml",
                path: "vendor/x.yaml"
            }),
            Path::new("conf/vendor/x.yaml")
        );
        assert_eq!(sources.main_document().as_deref(), Some("openapi.yaml"));
        let bare = FileSources::new(Path::new("openapi.yaml"));
        assert_eq!(
            bare.path_of(&Source::File("pet.yaml")),
            Path::new("./pet.yaml")
        );
    }

    #[test]
    fn license_files_are_read_beside_the_config() {
        let dir = std::env::temp_dir().join(format!("sdkgen-license-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("legal")).expect("a scratch directory");
        std::fs::write(dir.join("legal/LICENSE-MIT"), "MIT text\n").expect("written");
        let mut config = crate::Config::for_crate("x");
        config.krate.license_files = vec!["legal/LICENSE-MIT".to_owned()];
        let texts = license_texts(&config, &dir.join("sdk.toml")).expect("readable");
        assert_eq!(
            texts,
            [crate::config::LicenseText {
                name: "LICENSE-MIT".to_owned(),
                contents: "MIT text\n".to_owned()
            }]
        );
        config.krate.license_files.push("LICENSE-APACHE".to_owned());
        let err = license_texts(&config, &dir.join("sdk.toml")).expect_err("missing");
        let missing = dir.join("LICENSE-APACHE");
        assert!(
            err.starts_with(&format!(
                "error: cannot read the license file {} (`[crate] license_files` of ",
                missing.display()
            )),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let sources = FileSources::new(Path::new("/nonexistent-sdkgen-dir/openapi.yaml"));
        let err = sources
            .read(&Source::File("pet.yaml"))
            .expect_err("no such file");
        assert!(err.contains("No such file"), "{err}");
        assert!(NoSources.read(&Source::File("pet.yaml")).is_err());
    }
}
