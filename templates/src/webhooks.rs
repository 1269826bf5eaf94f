//! Webhooks: checking an event's signature and decoding the event.
//!
//! The API signs each webhook delivery (the `stripe-v1` scheme): the
//! signature header holds `t=<unix seconds>` and one or more
//! `v1=<hex HMAC-SHA256>` of `"{t}.{payload}"` with the endpoint's signing
//! secret (several while a secret is being rotated). [`construct_event`]
//! checks one of them matches, in constant time, and that the timestamp is
//! no older than the tolerance (300 seconds by default; [`Webhook`] sets
//! another), then decodes the event; its `data.object` is decoded by its
//! `object` tag as the matching model ([`EventObject`]), or kept as JSON for
//! kinds the crate has no model for.
//!
//! ```text
//! let event = webhooks::construct_event(body, signature_header, "whsec_...")?;
//! match event.data.object {
//!     EventObject::PaymentIntent(intent) => ...,
//!     other => ...,
//! }
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

pub use crate::event_object::EventObject;

/// How old a signed timestamp may be by default.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Checks `signature_header` against `payload` with `secret` (tolerating a
/// timestamp up to [`DEFAULT_TOLERANCE`] old) and decodes the event.
pub fn construct_event(
    payload: impl AsRef<[u8]>,
    signature_header: &str,
    secret: &str,
) -> Result<Event, WebhookError> {
    Webhook::new(secret).construct_event(payload, signature_header)
}

/// An endpoint's signing secret and how old a signature may be.
#[derive(Clone)]
pub struct Webhook {
    secret: String,
    tolerance: Duration,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("secret", &"[redacted]")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl Webhook {
    /// Checks signatures made with `secret` (`whsec_...`).
    pub fn new(secret: impl Into<String>) -> Self {
        Self {
            secret: secret.into(),
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    /// Accepts timestamps up to `tolerance` old (default 300 seconds).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the signature and decodes the event.
    pub fn construct_event(
        &self,
        payload: impl AsRef<[u8]>,
        signature_header: &str,
    ) -> Result<Event, WebhookError> {
        let payload = payload.as_ref();
        self.verify_at(payload, signature_header, SystemTime::now())?;
        let envelope: Envelope =
            serde_json::from_slice(payload).map_err(WebhookError::InvalidPayload)?;
        envelope.into_event()
    }

    /// Checks that `signature_header` signs `payload` and is recent at `now`.
    pub fn verify_at(
        &self,
        payload: &[u8],
        signature_header: &str,
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let header = SignatureHeader::parse(signature_header)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.as_bytes())
            .map_err(|_| WebhookError::MalformedHeader("the secret cannot key HMAC".to_owned()))?;
        mac.update(header.timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(payload);
        let matches = header
            .signatures
            .iter()
            .any(|signature| mac.clone().verify_slice(signature).is_ok());
        if !matches {
            return Err(WebhookError::SignatureMismatch);
        }
        let now = now
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let oldest = now.saturating_sub(self.tolerance.as_secs());
        if header.timestamp < oldest {
            return Err(WebhookError::StaleTimestamp {
                timestamp: header.timestamp,
                tolerance: self.tolerance,
            });
        }
        Ok(())
    }
}

/// `t=...,v1=...,v1=...` (other schemes' entries are ignored).
struct SignatureHeader {
    timestamp: u64,
    signatures: Vec<Vec<u8>>,
}

impl SignatureHeader {
    fn parse(header: &str) -> Result<Self, WebhookError> {
        let malformed = |why: &str| WebhookError::MalformedHeader(why.to_owned());
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for entry in header.split(',') {
            let (key, value) = entry
                .trim()
                .split_once('=')
                .ok_or_else(|| malformed("an entry is not `key=value`"))?;
            match key {
                "t" => {
                    let t = value
                        .parse::<u64>()
                        .map_err(|_| malformed("the timestamp `t` is not a number"))?;
                    timestamp = Some(t);
                }
                "v1" => signatures
                    .push(hex(value).ok_or_else(|| malformed("a `v1` signature is not hex"))?),
                _ => {}
            }
        }
        let timestamp = timestamp.ok_or_else(|| malformed("no timestamp `t`"))?;
        if signatures.is_empty() {
            return Err(malformed("no `v1` signature"));
        }
        Ok(Self {
            timestamp,
            signatures,
        })
    }
}

/// The bytes of an even-length hex string.
fn hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A webhook delivery that cannot be accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature header is not `t=...,v1=...`.
    #[error("the webhook signature header is malformed: {0}")]
    MalformedHeader(String),
    /// No signature in the header matches the payload and secret.
    #[error("no webhook signature matches the payload")]
    SignatureMismatch,
    /// The signed timestamp is older than the tolerance allows.
    #[error("the webhook timestamp {timestamp} is older than the tolerance of {tolerance:?}")]
    StaleTimestamp {
        /// The signed timestamp (Unix seconds).
        timestamp: u64,
        /// The tolerance it was checked against.
        tolerance: Duration,
    },
    /// The signed payload is not an event.
    #[error("the webhook payload is not an event: {0}")]
    InvalidPayload(#[source] serde_json::Error),
    /// The event's object has a kind the crate has a model for, but does not
    /// decode as it (the raw object is kept).
    #[error("the event's `{tag}` object does not decode: {source}")]
    Object {
        /// The object's `object` tag.
        tag: String,
        /// What went wrong.
        #[source]
        source: serde_json::Error,
        /// The object as received.
        object: serde_json::Value,
    },
}

/// An event the API delivered.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Event {
    /// The event's id (`evt_...`).
    pub id: String,
    /// What happened, e.g. `payment_intent.succeeded`.
    pub r#type: String,
    /// When it happened (Unix seconds).
    pub created: i64,
    /// Whether it happened in live mode.
    pub livemode: bool,
    /// The API version the object is rendered in.
    pub api_version: Option<String>,
    /// The object and what changed.
    pub data: EventData,
}

/// The object an event is about.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct EventData {
    /// The object, decoded by its `object` tag.
    pub object: EventObject,
    /// For `*.updated` events, the changed properties' earlier values.
    pub previous_attributes: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Envelope {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    created: i64,
    #[serde(default)]
    livemode: bool,
    #[serde(default)]
    api_version: Option<String>,
    data: EnvelopeData,
}

#[derive(Deserialize)]
struct EnvelopeData {
    /// Kept as text and decoded once by its tag, with the decoder responses
    /// use (no JSON tree in between, nor a second copy of every model's
    /// decoder compiled for one).
    object: Box<serde_json::value::RawValue>,
    #[serde(default)]
    previous_attributes: Option<serde_json::Value>,
}

impl Envelope {
    fn into_event(self) -> Result<Event, WebhookError> {
        let raw = self.data.object;
        let tag = crate::encoding::tag_of(&raw, crate::event_object::TAG).unwrap_or_default();
        let object = match EventObject::decode(&tag, &raw) {
            Ok(object) => object,
            Err(source) => {
                return Err(WebhookError::Object {
                    tag,
                    source,
                    // The text is JSON (the envelope decoded), so it reads as a value.
                    object: crate::encoding::from_raw(&raw).unwrap_or_default(),
                });
            }
        };
        Ok(Event {
            id: self.id,
            r#type: self.kind,
            created: self.created,
            livemode: self.livemode,
            api_version: self.api_version,
            data: EventData {
                object,
                previous_attributes: self.data.previous_attributes,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &str, t: u64, payload: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
        mac.update(format!("{t}.{payload}").as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    const PAYLOAD: &str = r#"{"id":"evt_1","type":"thing.created","created":1,"data":{"object":{"object":"thing","id":"t_1"}}}"#;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn a_matching_signature_within_the_tolerance_passes() {
        let webhook = Webhook::new("whsec_test");
        let header = format!("t=1000,v1={}", sign("whsec_test", 1000, PAYLOAD));
        assert!(webhook
            .verify_at(PAYLOAD.as_bytes(), &header, at(1200))
            .is_ok());
        let rotated = format!(
            "t=1000,v1={},v0=ignored,v1={}",
            sign("whsec_old", 1000, PAYLOAD),
            sign("whsec_test", 1000, PAYLOAD)
        );
        assert!(webhook
            .verify_at(PAYLOAD.as_bytes(), &rotated, at(1000))
            .is_ok());
    }

    #[test]
    fn bad_signatures_old_timestamps_and_malformed_headers_are_refused() {
        let webhook = Webhook::new("whsec_test");
        let good = sign("whsec_test", 1000, PAYLOAD);
        let check = |header: &str, now: u64| webhook.verify_at(PAYLOAD.as_bytes(), header, at(now));
        assert!(matches!(
            check(
                &format!("t=1000,v1={}", sign("whsec_other", 1000, PAYLOAD)),
                1000
            ),
            Err(WebhookError::SignatureMismatch)
        ));
        assert!(matches!(
            check(&format!("t=1001,v1={good}"), 1001),
            Err(WebhookError::SignatureMismatch)
        ));
        assert!(matches!(
            check(&format!("t=1000,v1={good}"), 1301),
            Err(WebhookError::StaleTimestamp {
                timestamp: 1000,
                ..
            })
        ));
        assert!(webhook
            .clone()
            .tolerance(Duration::from_secs(3600))
            .verify_at(PAYLOAD.as_bytes(), &format!("t=1000,v1={good}"), at(1301))
            .is_ok());
        for header in [
            "",
            "garbage",
            "t=abc,v1=00",
            "t=1000",
            "v1=00",
            "t=1000,v1=xyz",
        ] {
            assert!(
                matches!(check(header, 1000), Err(WebhookError::MalformedHeader(_))),
                "{header:?}"
            );
        }
    }

    #[test]
    fn the_secret_is_not_printed() {
        assert!(!format!("{:?}", Webhook::new("whsec_hidden")).contains("hidden"));
    }
}
