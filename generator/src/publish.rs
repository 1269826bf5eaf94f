//! What crates.io asks of a package's metadata, checked before generation
//! starts: the `[crate]` keys that end up in `Cargo.toml` (keywords,
//! categories, URLs) and the license files. A config crates.io would refuse
//! fails generation with an error naming the key, rather than producing a
//! crate that `cargo publish` rejects.

use crate::config::Config;
use crate::diag::Diagnostics;

/// The most keywords (and, separately, categories) crates.io accepts.
pub const MAX_ENTRIES: usize = 5;

/// The longest keyword crates.io accepts, in characters.
pub const MAX_KEYWORD_LEN: usize = 20;

/// crates.io's category slugs (its `src/boot/categories.toml`): a
/// subcategory is written after its parent with `::`.
pub const CATEGORY_SLUGS: &[&str] = &[
    "algorithms",
    "api-bindings",
    "asynchronous",
    "authentication",
    "caching",
    "command-line-interface",
    "command-line-utilities",
    "compression",
    "computer-vision",
    "concurrency",
    "config",
    "cryptography",
    "cryptography::cryptocurrencies",
    "data-structures",
    "database",
    "database-implementations",
    "date-and-time",
    "development-tools",
    "development-tools::build-utils",
    "development-tools::cargo-plugins",
    "development-tools::debugging",
    "development-tools::ffi",
    "development-tools::procedural-macro-helpers",
    "development-tools::profiling",
    "development-tools::testing",
    "email",
    "embedded",
    "emulators",
    "encoding",
    "external-ffi-bindings",
    "filesystem",
    "game-development",
    "game-engines",
    "games",
    "graphics",
    "gui",
    "hardware-support",
    "internationalization",
    "localization",
    "mathematics",
    "memory-management",
    "multimedia",
    "multimedia::audio",
    "multimedia::encoding",
    "multimedia::images",
    "multimedia::video",
    "network-programming",
    "no-std",
    "os",
    "os::linux-apis",
    "os::macos-apis",
    "os::unix-apis",
    "os::windows-apis",
    "parser-implementations",
    "parsing",
    "rendering",
    "rendering::data-formats",
    "rendering::engine",
    "rendering::graphics-api",
    "rust-patterns",
    "science",
    "science::robotics",
    "simulation",
    "template-engine",
    "text-editors",
    "text-processing",
    "value-formatting",
    "visualization",
    "wasm",
    "web-programming",
    "web-programming::http-client",
    "web-programming::http-server",
    "web-programming::websocket",
];

/// Files of the crate's root that sdkgen writes itself: a license file may
/// not take one of their names.
const ROOT_FILES: &[&str] = &["Cargo.toml", "README.md", "CHANGELOG.md", "api-surface.txt"];

/// Every problem of the config's package metadata, each an error whose
/// location is the config key (`[crate] keywords`).
pub fn check(config: &Config) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let krate = &config.krate;
    keywords(&krate.keywords, &mut diags);
    categories(&krate.categories, &mut diags);
    let urls = [
        ("repository", &krate.repository),
        ("documentation", &krate.documentation),
        ("homepage", &krate.homepage),
    ];
    for (key, url) in urls {
        if let Some(url) = url.as_deref().filter(|url| !is_url(url)) {
            diags.error(
                format!("[crate] {key}"),
                format!("`[crate] {key}` is `{url}`, which is not an http(s) URL"),
            );
        }
    }
    license_files(config, &mut diags);
    diags
}

fn keywords(keywords: &[String], diags: &mut Diagnostics) {
    const KEY: &str = "[crate] keywords";
    if keywords.len() > MAX_ENTRIES {
        diags.error(
            KEY,
            format!(
                "`{KEY}` lists {} keywords; crates.io accepts at most {MAX_ENTRIES}",
                keywords.len()
            ),
        );
    }
    for keyword in keywords {
        let length = keyword.chars().count();
        if length > MAX_KEYWORD_LEN {
            diags.error(
                KEY,
                format!("`{KEY}`: `{keyword}` has {length} characters; crates.io accepts at most {MAX_KEYWORD_LEN}"),
            );
        } else if !is_keyword(keyword) {
            diags.error(
                KEY,
                format!(
                    "`{KEY}`: `{keyword}` is not a keyword crates.io accepts (ASCII letters, digits, `_`, `-` and `+`, starting with a letter or digit)"
                ),
            );
        }
    }
}

/// crates.io's rule for a keyword's characters.
fn is_keyword(keyword: &str) -> bool {
    let mut chars = keyword.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
}

fn categories(categories: &[String], diags: &mut Diagnostics) {
    const KEY: &str = "[crate] categories";
    if categories.len() > MAX_ENTRIES {
        diags.error(
            KEY,
            format!(
                "`{KEY}` lists {} categories; crates.io accepts at most {MAX_ENTRIES}",
                categories.len()
            ),
        );
    }
    for category in categories {
        if !CATEGORY_SLUGS.contains(&category.as_str()) {
            diags.error(
                KEY,
                format!(
                    "`{KEY}`: `{category}` is not a crates.io category slug (such as `api-bindings` or `web-programming::http-client`; see https://crates.io/category_slugs)"
                ),
            );
        }
    }
}

/// Whether `text` looks like an absolute http(s) URL with a host.
fn is_url(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty() && !rest.starts_with('/') && !text.chars().any(char::is_whitespace)
    })
}

/// Each license file must have been read (its text supplied), and land
/// under a file name of its own.
fn license_files(config: &Config, diags: &mut Diagnostics) {
    const KEY: &str = "[crate] license_files";
    let mut names: Vec<&str> = Vec::new();
    for entry in &config.krate.license_files {
        let name = file_name(entry);
        if name.is_empty() {
            diags.error(KEY, format!("`{KEY}`: `{entry}` names no file"));
            continue;
        }
        if ROOT_FILES.contains(&name) {
            diags.error(
                KEY,
                format!("`{KEY}`: `{entry}` would replace the crate's own `{name}`"),
            );
        }
        if names.contains(&name) {
            diags.error(
                KEY,
                format!("`{KEY}`: two entries are named `{name}` in the crate's root"),
            );
        }
        names.push(name);
        if !config.license_texts.iter().any(|text| text.name == name) {
            diags.error(
                KEY,
                format!(
                    "`{KEY}` names `{entry}`, but its text was not read: the tool running generation reads these files (`sdkgen::sources::license_texts`)"
                ),
            );
        }
    }
    for text in &config.license_texts {
        if !names.contains(&text.name.as_str()) {
            diags.error(
                KEY,
                format!(
                    "the license text `{}` was supplied, but `{KEY}` does not name it",
                    text.name
                ),
            );
        }
    }
}

/// The file name of a `license_files` entry: its last `/`- (or `\`-)
/// separated component.
pub fn file_name(entry: &str) -> &str {
    entry.rsplit(['/', '\\']).next().unwrap_or(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LicenseText;

    fn config(crate_keys: &str) -> Config {
        Config::from_toml(&format!("[crate]\nname = \"x\"\n{crate_keys}")).expect("valid TOML")
    }

    fn messages(config: &Config) -> Vec<String> {
        check(config)
            .iter()
            .map(|d| format!("{} | {}", d.pointer, d.message))
            .collect()
    }

    #[test]
    fn valid_metadata_has_no_problems() {
        let config = config(
            "keywords = [\"payjp\", \"payments\", \"api\", \"sdk\", \"c++\"]\n\
             categories = [\"api-bindings\", \"web-programming::http-client\"]\n\
             repository = \"https://example.com/sdk\"\n\
             documentation = \"https://docs.rs/x\"\n",
        );
        assert_eq!(messages(&config), Vec::<String>::new());
    }

    #[test]
    fn keywords_crates_io_refuses_are_errors_naming_the_key() {
        let long = config("keywords = [\"an-overly-long-keyword\"]\n");
        assert_eq!(
            messages(&long),
            ["[crate] keywords | `[crate] keywords`: `an-overly-long-keyword` has 22 characters; crates.io accepts at most 20"]
        );
        // 20 characters is the limit, not past it.
        assert!(check(&config("keywords = [\"abcdefghijklmnopqrst\"]\n")).is_empty());
        for bad in ["-api", "pay jp", "paiements-é", "a.b", ""] {
            let problems = messages(&config(&format!("keywords = [{bad:?}]\n")));
            assert_eq!(problems.len(), 1, "{bad:?}: {problems:?}");
            assert!(
                problems[0].starts_with("[crate] keywords | ")
                    && problems[0].contains(&format!("`{bad}` is not a keyword crates.io accepts")),
                "{problems:?}"
            );
        }
        let six = config("keywords = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]\n");
        assert_eq!(
            messages(&six),
            ["[crate] keywords | `[crate] keywords` lists 6 keywords; crates.io accepts at most 5"]
        );
        assert!(check(&six).has_errors());
    }

    #[test]
    fn unknown_categories_and_too_many_are_errors() {
        let unknown = config("categories = [\"api-bindings\", \"http-client\", \"payments\"]\n");
        let problems = messages(&unknown);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with(
            "[crate] categories | `[crate] categories`: `http-client` is not a crates.io category slug"
        ));
        assert!(problems[1].contains("`payments` is not"), "{problems:?}");
        let six = config(
            "categories = [\"algorithms\", \"caching\", \"config\", \"email\", \"games\", \"gui\"]\n",
        );
        assert_eq!(
            messages(&six),
            ["[crate] categories | `[crate] categories` lists 6 categories; crates.io accepts at most 5"]
        );
        // The slug list is sorted, so a new slug is easy to place.
        let mut sorted = CATEGORY_SLUGS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, CATEGORY_SLUGS);
    }

    #[test]
    fn urls_must_be_http_urls() {
        let problems = messages(&config(
            "repository = \"github.com/x/y\"\nhomepage = \"https://\"\ndocumentation = \"https://docs.rs/x y\"\n",
        ));
        assert_eq!(
            problems,
            [
                "[crate] repository | `[crate] repository` is `github.com/x/y`, which is not an http(s) URL",
                "[crate] documentation | `[crate] documentation` is `https://docs.rs/x y`, which is not an http(s) URL",
                "[crate] homepage | `[crate] homepage` is `https://`, which is not an http(s) URL",
            ]
        );
    }

    #[test]
    fn license_files_need_their_texts_and_names_of_their_own() {
        let mut config = config("license_files = [\"legal/LICENSE-MIT\", \"LICENSE-APACHE\"]\n");
        let problems = messages(&config);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with(
            "[crate] license_files | `[crate] license_files` names `legal/LICENSE-MIT`, but its text was not read"
        ));
        let text = |name: &str| LicenseText {
            name: name.to_owned(),
            contents: "text".to_owned(),
        };
        config.license_texts = vec![text("LICENSE-MIT"), text("LICENSE-APACHE")];
        assert!(check(&config).is_empty(), "{:?}", messages(&config));
        config.license_texts.push(text("COPYING"));
        assert_eq!(
            messages(&config),
            ["[crate] license_files | the license text `COPYING` was supplied, but `[crate] license_files` does not name it"]
        );
        let mut clash =
            self::config("license_files = [\"a/LICENSE\", \"b/LICENSE\", \"README.md\"]\n");
        clash.license_texts = vec![text("LICENSE"), text("README.md")];
        let problems = messages(&clash);
        assert_eq!(
            problems,
            [
                "[crate] license_files | `[crate] license_files`: two entries are named `LICENSE` in the crate's root",
                "[crate] license_files | `[crate] license_files`: `README.md` would replace the crate's own `README.md`",
            ]
        );
        assert_eq!(file_name("spec/LICENSE-MIT"), "LICENSE-MIT");
    }
}
