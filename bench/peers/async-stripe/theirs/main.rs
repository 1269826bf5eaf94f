//! Creates a PaymentIntent and retrieves it with async-stripe:
//! `app-theirs [BASE_URL]` (Stripe's API by default), the key in
//! `STRIPE_SECRET_KEY`.

use stripe::ClientBuilder;
use stripe_core::payment_intent::{CreatePaymentIntent, RetrievePaymentIntent};
use stripe_types::Currency;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("STRIPE_SECRET_KEY").unwrap_or_else(|_| "sk_test_bench".to_owned());
    let mut builder = ClientBuilder::new(key);
    if let Some(base) = std::env::args().nth(1) {
        builder = builder.url(base);
    }
    let client = builder.build()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let created = CreatePaymentIntent::new(1099, Currency::USD)
            .send(&client)
            .await?;
        let fetched = RetrievePaymentIntent::new(created.id).send(&client).await?;
        println!("{} {:?} {}", fetched.id, fetched.status, fetched.amount);
        Ok(())
    })
}
