//! Makes one kind of request a given number of times against a running
//! loopback server, for `cargo xtask bench` to count the client's
//! instructions with cachegrind:
//! `request_count <retrieve|create> <sdk|raw> <times> <base URL>`.

use std::process::ExitCode;

use sdkgen_bench_harness::calls::{
    client_runtime, raw_client, raw_create, raw_retrieve, sdk_client, sdk_create, sdk_retrieve,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [call, side, times, base] = args.as_slice() else {
        eprintln!("usage: request_count <retrieve|create> <sdk|raw> <times> <base URL>");
        return ExitCode::from(2);
    };
    let Ok(times) = times.parse::<u64>() else {
        eprintln!("not a number of times: {times}");
        return ExitCode::from(2);
    };
    let runtime = client_runtime();
    let sdk = sdk_client(base);
    let raw = raw_client();
    runtime
        .block_on(async {
            for _ in 0..times {
                match (call.as_str(), side.as_str()) {
                    ("retrieve", "sdk") => sdk_retrieve(&sdk).await,
                    ("create", "sdk") => sdk_create(&sdk).await,
                    ("retrieve", "raw") => drop(raw_retrieve(&raw, base).await),
                    ("create", "raw") => drop(raw_create(&raw, base).await),
                    _ => return Err(format!("unknown call {call} {side}")),
                }
            }
            Ok(())
        })
        .map_or_else(
            |e| {
                eprintln!("{e}");
                ExitCode::from(2)
            },
            |()| ExitCode::SUCCESS,
        )
}
