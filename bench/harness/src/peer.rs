//! The Stripe decode comparison with async-stripe (`cargo xtask bench
//! --only peers-stripe`, harness feature `async-stripe`): Stripe's
//! `payment_intent` fixture decoded the way each SDK decodes a response
//! body.
//!
//! The fixture is of API version 2023-08-16 (our document's); async-stripe
//! 1.0.0-rc.10 models version 2026-09-30. Its `PaymentIntent` accepts the
//! fixture as it is: of the fixture's fields it has no `invoice` (skipped
//! as unknown) and it does not keep `object`; the ten fields it has that
//! the fixture lacks are optional and come out `None`.

/// Our generated model, decoded as our SDK decodes response bodies.
pub fn decode_ours(body: &[u8]) -> Option<stripe_payment_intents::models::PaymentIntent> {
    serde_json::from_slice(body).ok()
}

/// async-stripe's model, decoded as its client decodes response bodies
/// (`stripe_client_core`'s `deserialize_bytes`): the bytes checked as
/// UTF-8, then `miniserde::json::from_str`.
pub fn decode_async_stripe(body: &[u8]) -> Option<stripe_shared::PaymentIntent> {
    let text = std::str::from_utf8(body).ok()?;
    miniserde::json::from_str(text).ok()
}
