//! Creates a PaymentIntent and retrieves it with our generated Stripe
//! PaymentIntents crate: `app-ours [BASE_URL]` (Stripe's API by default),
//! the key in `STRIPE_SECRET_KEY`.

use sdk::models::CreatePaymentIntent;
use sdk::Client;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("STRIPE_SECRET_KEY").unwrap_or_else(|_| "sk_test_bench".to_owned());
    let mut builder = Client::builder().api_key(key);
    if let Some(base) = std::env::args().nth(1) {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let created = client
            .payment_intents()
            .create(CreatePaymentIntent::new(1099, "usd"))
            .await?;
        let fetched = client.payment_intents().retrieve(created.id).await?;
        println!("{} {:?} {}", fetched.id, fetched.status, fetched.amount);
        Ok(())
    })
}
