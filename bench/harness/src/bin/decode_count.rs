//! Decodes one response body a given number of times, for `cargo xtask
//! bench` to count the instructions with cachegrind (a measure this
//! machine's drifting clock does not move):
//! `decode_count <payjp|stripe> <generated|handwritten> <times>`.

use std::hint::black_box;
use std::process::ExitCode;

use sdkgen_bench_harness::{handwritten, PAYJP_PAYMENT_INTENT, STRIPE_PAYMENT_INTENT};
use serde::de::DeserializeOwned;

/// Decodes `body` into `T` `times` times.
fn decode<T: DeserializeOwned>(body: &[u8], times: u64) -> Result<(), String> {
    for _ in 0..times {
        let value: T = serde_json::from_slice(black_box(body)).map_err(|e| e.to_string())?;
        black_box(value);
    }
    Ok(())
}

fn run(case: &str, side: &str, times: u64) -> Result<(), String> {
    use payjp_v2::models::PaymentIntentResponse;
    use stripe_payment_intents::models::PaymentIntent;
    match (case, side) {
        ("payjp", "generated") => decode::<PaymentIntentResponse>(PAYJP_PAYMENT_INTENT, times),
        ("payjp", "handwritten") => {
            decode::<handwritten::payjp::PaymentIntent>(PAYJP_PAYMENT_INTENT, times)
        }
        ("stripe", "generated") => decode::<PaymentIntent>(STRIPE_PAYMENT_INTENT, times),
        ("stripe", "handwritten") => {
            decode::<handwritten::stripe::PaymentIntent>(STRIPE_PAYMENT_INTENT, times)
        }
        _ => Err(format!("unknown case {case} {side}")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [case, side, times] = args.as_slice() else {
        eprintln!("usage: decode_count <payjp|stripe> <generated|handwritten> <times>");
        return ExitCode::from(2);
    };
    let Ok(times) = times.parse::<u64>() else {
        eprintln!("not a number of times: {times}");
        return ExitCode::from(2);
    };
    match run(case, side, times) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("decode_count {case} {side}: {e}");
            ExitCode::FAILURE
        }
    }
}
