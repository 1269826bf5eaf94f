//! Packaging a generated crate as its publisher would: `cargo package
//! --list`, then `cargo package` or `cargo publish --dry-run`, both of which
//! build the packaged crate (from the `.crate` file's contents, alone)
//! with warnings denied. They build into the shared scratch target directory
//! with the scratch workspaces' dev profile, so the dependencies the other
//! scratch builds compiled are reused.

use std::path::{Path, PathBuf};

use crate::scratch;

/// How the package is checked after listing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// `cargo package --offline`: packs and builds it.
    Package,
    /// `cargo publish --dry-run`: packs and builds it, and goes through
    /// publishing up to the upload (this reads the crates.io index).
    PublishDryRun,
}

/// A packaged crate.
pub struct Packaged {
    /// What `cargo package --list` lists.
    pub files: Vec<String>,
    /// The package's contents as cargo unpacked them to build them.
    pub dir: PathBuf,
}

impl Packaged {
    /// The text of a file of the package.
    pub fn read(&self, path: &str) -> String {
        let path = self.dir.join(path);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("the package has no readable {}: {e}", path.display()))
    }
}

/// Packages `name` (version `version`) of the cargo workspace `workspace`
/// and checks it as `check` says; dirty working trees are allowed (tests
/// run in them). Fails with cargo's output.
pub fn package(
    workspace: &Path,
    name: &str,
    version: &str,
    check: Check,
) -> Result<Packaged, String> {
    let list = run(
        workspace,
        &["package", "--list", "--allow-dirty", "-p", name],
    )?;
    let files = list.lines().map(str::to_owned).collect();
    // cargo unpacks the package here to build it; an earlier run's copy
    // must not stand in for this one.
    let dir = scratch::shared_target_dir()
        .join("package")
        .join(format!("{name}-{version}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    let args: &[&str] = match check {
        Check::Package => &["package", "--offline", "--allow-dirty", "-p", name],
        Check::PublishDryRun => &["publish", "--dry-run", "--allow-dirty", "-p", name],
    };
    run(workspace, args)?;
    Ok(Packaged { files, dir })
}

/// Runs cargo in `workspace` (the scratch environment: shared target
/// directory, warnings denied, the scratch workspaces' dev profile) and
/// returns its standard output.
fn run(workspace: &Path, args: &[&str]) -> Result<String, String> {
    let output = scratch::cargo_command(workspace)
        .args(args)
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo {}` in {} failed ({}):\n{}{}",
            args.join(" "),
            workspace.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Checks a packaged generated crate against what was generated and the
/// config it was generated with: every generated file is in the package
/// (the README, the license files, `Cargo.toml`, `src/lib.rs` among them)
/// with the same contents, and the packaged `Cargo.toml` (as cargo
/// normalised it) has the package metadata crates.io shows.
pub fn assert_publishable(
    packaged: &Packaged,
    generated: &[sdkgen::File],
    config: &sdkgen::Config,
) {
    let listed = |path: &str| packaged.files.iter().any(|f| f == path);
    for path in ["Cargo.toml", "README.md", "src/lib.rs"] {
        assert!(
            listed(path),
            "the package lacks {path}: {:?}",
            packaged.files
        );
    }
    assert!(
        !config.license_texts.is_empty(),
        "the config names no license files"
    );
    for license in &config.license_texts {
        assert!(
            listed(&license.name),
            "the package lacks {}: {:?}",
            license.name,
            packaged.files
        );
        assert_eq!(
            packaged.read(&license.name),
            license.contents,
            "{}",
            license.name
        );
    }
    for file in generated {
        assert!(
            listed(&file.path),
            "the package lacks the generated {}: {:?}",
            file.path,
            packaged.files
        );
    }
    let readme = generated
        .iter()
        .find(|f| f.path == "README.md")
        .unwrap_or_else(|| panic!("nothing generated README.md"));
    assert_eq!(packaged.read("README.md"), readme.contents);

    let manifest: toml::Value = toml::from_str(&packaged.read("Cargo.toml"))
        .unwrap_or_else(|e| panic!("the packaged Cargo.toml does not parse: {e}"));
    let package = &manifest["package"];
    let text = |key: &str| package.get(key).and_then(toml::Value::as_str);
    let list = |key: &str| -> Vec<&str> {
        package
            .get(key)
            .and_then(toml::Value::as_array)
            .map(|items| items.iter().filter_map(toml::Value::as_str).collect())
            .unwrap_or_default()
    };
    let krate = &config.krate;
    assert_eq!(text("name"), Some(krate.name.as_str()));
    assert_eq!(text("readme"), Some("README.md"));
    assert_eq!(text("license"), krate.license.as_deref());
    assert_eq!(text("repository"), krate.repository.as_deref());
    assert_eq!(text("documentation"), krate.documentation.as_deref());
    assert_eq!(text("homepage"), krate.homepage.as_deref());
    // `repository` is optional: our SDKs leave it out until the project has
    // a public repository (a made-up URL would mislead); the others are real.
    assert!(
        krate.documentation.is_some() && krate.homepage.is_some(),
        "the config names no documentation or homepage URL"
    );
    assert!(!krate.keywords.is_empty() && !krate.categories.is_empty());
    assert_eq!(list("keywords"), krate.keywords);
    assert_eq!(list("categories"), krate.categories);
}
