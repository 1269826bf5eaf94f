//! Shared pieces of the `cargo xtask bench` harness: the response bodies,
//! hand-written serde structs of the same shape as the generated models, and
//! a loopback HTTP server answering with those bodies.

pub mod handwritten;
pub mod server;

/// A PAY.JP PaymentIntent response with every field set (all but
/// `next_action`), as PAY.JP's API returns it.
pub const PAYJP_PAYMENT_INTENT: &[u8] = include_bytes!("../fixtures/payjp_payment_intent.json");

/// Stripe's `payment_intent` fixture (`fixtures3.json` →
/// `resources.payment_intent`), written here by `cargo xtask bench`.
pub const STRIPE_PAYMENT_INTENT: &[u8] = include_bytes!("../fixtures/stripe_payment_intent.json");

/// The API key both clients send.
pub const API_KEY: &str = "sk_test_bench";

/// The id the request benchmarks retrieve.
pub const PAYMENT_INTENT_ID: &str = "pi_a1b2c3d4e5f6a7b8c9d0e1f2";
