//! The request benchmarks' loopback server in a process of its own, so
//! that counting a client's instructions does not count the server's: it
//! prints its base URL on the first line of standard output and serves
//! until standard input is closed.

use std::io::{Read, Write};

use sdkgen_bench_harness::{server, PAYJP_PAYMENT_INTENT};

fn main() {
    let base = server::start(PAYJP_PAYMENT_INTENT);
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{base}");
    let _ = out.flush();
    // Serve until whoever started us closes our input.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}
