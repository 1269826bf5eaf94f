//! Decode time of Stripe's `payment_intent` fixture: our generated model
//! (serde_json, as our SDK decodes) against async-stripe's `PaymentIntent`
//! (miniserde, as its client decodes), in paired blocks. Built with the
//! harness feature `async-stripe`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sdkgen_bench_harness::peer::{decode_async_stripe, decode_ours};
use sdkgen_bench_harness::{paired_named, STRIPE_PAYMENT_INTENT};

fn decode(c: &mut Criterion) {
    let body = STRIPE_PAYMENT_INTENT;
    assert!(
        decode_ours(body).is_some(),
        "our generated model rejects the fixture"
    );
    assert!(
        decode_async_stripe(body).is_some(),
        "async-stripe's PaymentIntent rejects the fixture"
    );
    paired_named(
        c,
        "decode_async_stripe",
        ("generated", || {
            black_box(decode_ours(black_box(body)));
        }),
        ("async-stripe", || {
            black_box(decode_async_stripe(black_box(body)));
        }),
    );
    // Both types' in-memory sizes, beside criterion's results, for the report.
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        let dir = std::path::Path::new(&home).join("decode_async_stripe");
        let sizes = format!(
            "{} {}\n",
            std::mem::size_of::<stripe_payment_intents::models::PaymentIntent>(),
            std::mem::size_of::<stripe_shared::PaymentIntent>()
        );
        if let Err(e) = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join("sizes.txt"), sizes))
        {
            eprintln!("cannot record the sizes: {e}");
        }
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
