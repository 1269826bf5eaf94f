//! Decodes Stripe's `payment_intent` fixture a given number of times with
//! our generated model or async-stripe's, for `cargo xtask bench` to count
//! the instructions with cachegrind (harness feature `async-stripe`):
//! `peer_decode_count <generated|async-stripe> <times>`.

use std::hint::black_box;
use std::process::ExitCode;

use sdkgen_bench_harness::peer::{decode_async_stripe, decode_ours};
use sdkgen_bench_harness::STRIPE_PAYMENT_INTENT;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [side, times] = args.as_slice() else {
        eprintln!("usage: peer_decode_count <generated|async-stripe> <times>");
        return ExitCode::from(2);
    };
    let Ok(times) = times.parse::<u64>() else {
        eprintln!("not a number of times: {times}");
        return ExitCode::from(2);
    };
    for _ in 0..times {
        let decoded = match side.as_str() {
            "generated" => {
                decode_ours(black_box(STRIPE_PAYMENT_INTENT)).map(|v| drop(black_box(v)))
            }
            "async-stripe" => {
                decode_async_stripe(black_box(STRIPE_PAYMENT_INTENT)).map(|v| drop(black_box(v)))
            }
            _ => {
                eprintln!("unknown side {side}");
                return ExitCode::from(2);
            }
        };
        if decoded.is_none() {
            eprintln!("peer_decode_count {side}: the fixture does not decode");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
