//! Decode throughput: the generated models against hand-written serde
//! structs of the same shape, on the same response bodies.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sdkgen_bench_harness::{handwritten, paired, PAYJP_PAYMENT_INTENT, STRIPE_PAYMENT_INTENT};
use serde::de::DeserializeOwned;

/// Benchmarks decoding `body` into `Generated` and into `Handwritten`,
/// checking first that both accept it.
fn compare<Generated: DeserializeOwned, Handwritten: DeserializeOwned>(
    c: &mut Criterion,
    group_name: &str,
    body: &'static [u8],
) {
    if let Err(e) = serde_json::from_slice::<Generated>(body) {
        panic!("{group_name}: the generated model rejects the body: {e}");
    }
    if let Err(e) = serde_json::from_slice::<Handwritten>(body) {
        panic!("{group_name}: the hand-written struct rejects the body: {e}");
    }
    paired(
        c,
        group_name,
        || {
            black_box(serde_json::from_slice::<Generated>(black_box(body)).ok());
        },
        || {
            black_box(serde_json::from_slice::<Handwritten>(black_box(body)).ok());
        },
    );
    record_sizes::<Generated, Handwritten>(group_name);
}

/// Writes the in-memory sizes of both types beside criterion's results
/// (`$CRITERION_HOME/<group>/sizes.txt`), for the report: moving a large
/// value is part of what decoding costs.
fn record_sizes<Generated, Handwritten>(group: &str) {
    let Some(home) = std::env::var_os("CRITERION_HOME") else {
        return;
    };
    let dir = std::path::Path::new(&home).join(group);
    let sizes = format!(
        "{} {}\n",
        std::mem::size_of::<Generated>(),
        std::mem::size_of::<Handwritten>()
    );
    if let Err(e) =
        std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join("sizes.txt"), sizes))
    {
        eprintln!("cannot record the sizes of {group}: {e}");
    }
}

fn decode(c: &mut Criterion) {
    compare::<payjp_v2::models::PaymentIntentResponse, handwritten::payjp::PaymentIntent>(
        c,
        "decode_payjp",
        PAYJP_PAYMENT_INTENT,
    );
    compare::<stripe_payment_intents::models::PaymentIntent, handwritten::stripe::PaymentIntent>(
        c,
        "decode_stripe",
        STRIPE_PAYMENT_INTENT,
    );
}

criterion_group!(benches, decode);
criterion_main!(benches);
