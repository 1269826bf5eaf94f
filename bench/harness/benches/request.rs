//! Request overhead: a call through the generated PAY.JP SDK against the same
//! request made with reqwest by hand (same loopback server, same headers,
//! same bodies, decoded into a hand-written struct of the same shape).

use criterion::{criterion_group, criterion_main, Criterion};
use sdkgen_bench_harness::calls::{
    client_runtime, raw_client, raw_create, raw_retrieve, sdk_client, sdk_create, sdk_retrieve,
};
use sdkgen_bench_harness::{paired, server, PAYJP_PAYMENT_INTENT};

fn request(c: &mut Criterion) {
    let base = server::start(PAYJP_PAYMENT_INTENT);
    let runtime = client_runtime();
    let sdk = sdk_client(&base);
    let raw = raw_client();
    // Both sides work before anything is timed.
    runtime.block_on(async {
        sdk_retrieve(&sdk).await;
        sdk_create(&sdk).await;
        raw_retrieve(&raw, &base).await;
        raw_create(&raw, &base).await;
    });

    let retrieve_sdk = || runtime.block_on(sdk_retrieve(&sdk));
    let retrieve_raw = || {
        runtime.block_on(raw_retrieve(&raw, &base));
    };
    paired(c, "request_retrieve", retrieve_sdk, retrieve_raw);
    let create_sdk = || runtime.block_on(sdk_create(&sdk));
    let create_raw = || {
        runtime.block_on(raw_create(&raw, &base));
    };
    paired(c, "request_create", create_sdk, create_raw);
}

criterion_group!(benches, request);
criterion_main!(benches);
