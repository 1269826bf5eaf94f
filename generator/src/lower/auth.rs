//! Authentication: the document's security schemes become the credentials
//! the client builder takes, and its security requirements (the
//! document's, and each operation's own) say which of them a request
//! sends. Schemes the SDK cannot send are reported, never dropped quietly.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

use crate::config::Config;
use crate::diag::{child, pointer, Diagnostics};
use crate::ir::{Auth, Credential, CredentialKind, Operation, Requirement};
use crate::naming;

/// The schemes of a document the SDK can send (candidates: the ones no
/// requirement names are left out at the end), and how requirements map
/// to them.
#[derive(Debug, Default)]
pub(super) struct Schemes {
    /// Sendable schemes in document order: name, placement, description.
    sendable: Vec<(String, CredentialKind, Option<String>)>,
    /// Scheme name to its index in `sendable`.
    index: BTreeMap<String, usize>,
    /// Names already reported as not sendable (once each).
    reported: BTreeSet<String>,
    /// The configuration names the one credential; the document's
    /// requirements are not read.
    configured: bool,
}

impl Schemes {
    /// The document's schemes, each one the SDK cannot send reported at
    /// its pointer.
    pub(super) fn new(doc: &OpenAPI, config: &Config, diags: &mut Diagnostics) -> Self {
        if let Some(auth) = &config.client.auth {
            return Self {
                sendable: vec![(
                    naming::API_KEY_SETTER.to_owned(),
                    CredentialKind::Header {
                        name: auth.header.clone(),
                        prefix: auth.prefix.clone(),
                    },
                    None,
                )],
                configured: true,
                ..Self::default()
            };
        }
        let mut schemes = Self::default();
        if let Some(serde_json::Value::Object(unparsed)) =
            doc.extensions.get(crate::load::UNPARSED_SCHEMES)
        {
            for (name, kind) in unparsed {
                schemes.reported.insert(name.clone());
                let kind = kind.as_str().unwrap_or("?");
                let why = if kind == "mutualTLS" {
                    "mutual TLS is set up on the HTTP client (a `reqwest::Client` with its \
                     identity, given to `ClientBuilder::http_client`), not sent as a credential"
                        .to_owned()
                } else {
                    format!("its type `{kind}` is not an OpenAPI security scheme type")
                };
                diags.warning(
                    pointer(["components", "securitySchemes", name.as_str()]),
                    format!(
                        "security scheme `{name}` is not sent by the SDK: {why}; requirements \
                         naming it are left out"
                    ),
                );
            }
        }
        let Some(components) = &doc.components else {
            return schemes;
        };
        for (name, scheme) in &components.security_schemes {
            let at = pointer(["components", "securitySchemes", name.as_str()]);
            match placement(scheme) {
                Ok((kind, description)) => {
                    schemes.index.insert(name.clone(), schemes.sendable.len());
                    schemes.sendable.push((name.clone(), kind, description));
                }
                Err(why) => {
                    schemes.reported.insert(name.clone());
                    diags.warning(
                        at,
                        format!(
                            "security scheme `{name}` is not sent by the SDK: {why}; requirements \
                             naming it are left out"
                        ),
                    );
                }
            }
        }
        schemes
    }

    /// Requirements as written (`None`: not written) → alternatives of
    /// candidate indices. An alternative naming a scheme the SDK cannot
    /// send is left out (with a warning for a scheme the document does not
    /// define).
    pub(super) fn requirements(
        &mut self,
        written: Option<&Vec<SecurityRequirement>>,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Requirement>> {
        if self.configured {
            return None;
        }
        let written = written?;
        let mut out = Vec::new();
        for (i, requirement) in written.iter().enumerate() {
            let mut indices = Vec::new();
            let mut sendable = true;
            for name in requirement.keys() {
                match self.index.get(name) {
                    Some(&index) => indices.push(index),
                    None => {
                        sendable = false;
                        if self.reported.insert(name.clone()) {
                            diags.warning(
                                child(&child(at, &i.to_string()), name),
                                format!(
                                    "security scheme `{name}` is not defined in \
                                     `components/securitySchemes`; requirements naming it are \
                                     left out"
                                ),
                            );
                        }
                    }
                }
            }
            // Order within a requirement means nothing; an alternative
            // met by one already listed (the same schemes with other
            // scopes) adds nothing.
            indices.sort_unstable();
            indices.dedup();
            if sendable && !out.contains(&indices) {
                out.push(indices);
            }
        }
        Some(out)
    }

    /// The API's authentication: the credentials some requirement names
    /// (renumbered; the others reported), with their setters, the
    /// document's requirements and each operation's when they differ.
    pub(super) fn finish(
        self,
        document: Option<Vec<Requirement>>,
        operations: &mut [Operation],
        reserved: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<Auth> {
        if self.configured {
            let (_, kind, description) = self.sendable.into_iter().next()?;
            return Some(Auth {
                credentials: vec![Credential {
                    scheme: naming::API_KEY_SETTER.to_owned(),
                    setter: naming::API_KEY_SETTER.to_owned(),
                    kind,
                    description,
                }],
                security: vec![vec![0]],
                api_key: true,
            });
        }
        let document = document.unwrap_or_default();
        let mut used = BTreeSet::new();
        for requirement in document.iter().chain(
            operations
                .iter()
                .flat_map(|op| op.security.iter().flatten()),
        ) {
            used.extend(requirement.iter().copied());
        }
        let mut renumber = BTreeMap::new();
        let mut kept = Vec::new();
        for (index, (name, kind, description)) in self.sendable.into_iter().enumerate() {
            if used.contains(&index) {
                renumber.insert(index, kept.len());
                kept.push((name, kind, description));
            } else {
                diags.warning(
                    pointer(["components", "securitySchemes", name.as_str()]),
                    format!(
                        "security scheme `{name}` is not required by the document or any \
                         operation; the SDK does not send it"
                    ),
                );
            }
        }
        if kept.is_empty() {
            for op in operations.iter_mut() {
                op.security = None;
            }
            return None;
        }
        let remap = |requirements: &[Requirement]| -> Vec<Requirement> {
            requirements
                .iter()
                .map(|r| r.iter().filter_map(|i| renumber.get(i).copied()).collect())
                .collect()
        };
        let security = remap(&document);
        for op in operations.iter_mut() {
            op.security = op
                .security
                .as_deref()
                .map(remap)
                .filter(|own| *own != security);
        }
        let api_key = kept.len() == 1;
        let setters =
            naming::credential_setters(kept.iter().map(|(name, _, _)| name.as_str()), reserved);
        let credentials = kept
            .into_iter()
            .zip(setters)
            .map(|((scheme, kind, description), named)| {
                // A single key keeps the builder's `api_key`; basic
                // credentials (two values) keep their own two-value setter.
                let setter = if api_key && kind != CredentialKind::Basic {
                    naming::API_KEY_SETTER.to_owned()
                } else {
                    named
                };
                Credential {
                    scheme,
                    setter,
                    kind,
                    description,
                }
            })
            .collect();
        Some(Auth {
            credentials,
            security,
            api_key,
        })
    }
}

/// Where a scheme's credential goes, with its description; or why the SDK
/// cannot send it.
fn placement(
    scheme: &ReferenceOr<SecurityScheme>,
) -> Result<(CredentialKind, Option<String>), String> {
    let bearer = || CredentialKind::Header {
        name: "Authorization".to_owned(),
        prefix: "Bearer ".to_owned(),
    };
    let ReferenceOr::Item(scheme) = scheme else {
        return Err("a `$ref` to another scheme is not followed".to_owned());
    };
    match scheme {
        SecurityScheme::APIKey {
            location,
            name,
            description,
            ..
        } => {
            if name.is_empty() {
                return Err("its `name` is empty".to_owned());
            }
            let kind = match location {
                APIKeyLocation::Header => {
                    if !is_header_name(name) {
                        return Err(format!("`{name}` is not a valid HTTP header name"));
                    }
                    CredentialKind::Header {
                        name: name.clone(),
                        prefix: String::new(),
                    }
                }
                APIKeyLocation::Query => CredentialKind::Query { name: name.clone() },
                APIKeyLocation::Cookie => CredentialKind::Cookie { name: name.clone() },
            };
            Ok((kind, description.clone()))
        }
        SecurityScheme::HTTP {
            scheme,
            description,
            ..
        } => {
            if scheme.eq_ignore_ascii_case("basic") {
                Ok((CredentialKind::Basic, description.clone()))
            } else if scheme.eq_ignore_ascii_case("bearer") {
                Ok((bearer(), description.clone()))
            } else {
                Err(format!(
                    "HTTP authentication scheme `{scheme}` is not supported (only `basic` and \
                     `bearer` are)"
                ))
            }
        }
        SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => Ok((bearer(), description.clone())),
    }
}

/// Whether `name` is an HTTP header name (an RFC 9110 token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}
