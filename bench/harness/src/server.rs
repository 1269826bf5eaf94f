//! A loopback HTTP/1.1 server for the request benchmarks: it answers every
//! PaymentIntents retrieve and create with the same fixed body, on its own
//! thread and runtime, so client and server never share an executor.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;

/// Starts the server on `127.0.0.1` (an ephemeral port) answering with
/// `body`; returns its base URL. The server lives as long as the process.
pub fn start(body: &'static [u8]) -> String {
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the server runtime starts");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("the server binds to loopback");
            let addr = listener.local_addr().expect("the server has an address");
            tx.send(addr).expect("the benchmark waits for the address");
            let answer = move || async move { ([(CONTENT_TYPE, "application/json")], body) };
            let created = move |_request: Bytes| async move { answer().await.into_response() };
            let app = Router::new()
                .route("/v2/payment_intents/{id}", get(answer))
                .route("/v2/payment_intents", post(created));
            axum::serve(listener, app).await.expect("the server runs");
        });
    });
    let addr = rx.recv().expect("the server reports its address");
    format!("http://{addr}")
}
