//! Shared pieces of the `cargo xtask bench` harness: the response bodies,
//! hand-written serde structs of the same shape as the generated models, a
//! loopback HTTP server answering with those bodies, and the calls made to
//! it through the SDK and by hand.

use std::time::{Duration, Instant};

pub mod calls;
pub mod handwritten;
#[cfg(feature = "async-stripe")]
pub mod peer;
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

/// Benchmarks `generated` against `handwritten` in paired blocks: each
/// side runs [`BLOCK`] calls, then the other side as many (untimed), in
/// alternating order, and each side's timing counts its own calls only.
/// On this kind of machine (2 shared cores) the same benchmark drifts by
/// up to half between back-to-back runs; measured this way both sides see
/// the same drift, so their ratio holds still. Blocks rather than single
/// calls keep each side's caches warm for itself.
pub fn paired(
    c: &mut criterion::Criterion,
    name: &str,
    generated: impl Fn(),
    handwritten: impl Fn(),
) {
    paired_named(
        c,
        name,
        ("generated", generated),
        ("handwritten", handwritten),
    );
}

/// [`paired`] with other names for the two sides (criterion's function
/// names: the directories its results are in).
pub fn paired_named(
    c: &mut criterion::Criterion,
    name: &str,
    (first_name, first): (&str, impl Fn()),
    (second_name, second): (&str, impl Fn()),
) {
    let mut group = c.benchmark_group(name);
    group.bench_function(first_name, |b| {
        b.iter_custom(|iters| timed_blocks(iters, &first, &second))
    });
    group.bench_function(second_name, |b| {
        b.iter_custom(|iters| timed_blocks(iters, &second, &first))
    });
    group.finish();
}

/// Calls per block of [`paired`].
const BLOCK: u64 = 32;

/// The total time of `iters` calls of `timed`, made in blocks, each block
/// paired with as many untimed calls of `other` (before it in odd blocks,
/// after it in even ones).
fn timed_blocks(iters: u64, timed: &impl Fn(), other: &impl Fn()) -> Duration {
    let mut total = Duration::ZERO;
    let mut done = 0;
    let mut block = 0;
    while done < iters {
        let n = BLOCK.min(iters - done);
        let run_other = || (0..n).for_each(|_| other());
        if block % 2 == 1 {
            run_other();
        }
        let start = Instant::now();
        (0..n).for_each(|_| timed());
        total += start.elapsed();
        if block % 2 == 0 {
            run_other();
        }
        done += n;
        block += 1;
    }
    total
}
