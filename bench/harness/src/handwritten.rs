//! Hand-written serde structs of the same shape as the generated models:
//! what a careful developer would write by hand for these responses (field
//! for field the same Rust types; enums with a catch-all variant, as an SDK
//! must tolerate new values). They are the baseline of the decode and
//! request benchmarks.

pub mod payjp {
    //! PAY.JP's `PaymentIntentResponse`.

    use std::collections::BTreeMap;

    use serde::Deserialize;

    /// A payment intent.
    #[derive(Debug, Deserialize)]
    pub struct PaymentIntent {
        pub id: String,
        pub object: Option<String>,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub updated_at: chrono::DateTime<chrono::Utc>,
        pub livemode: bool,
        pub amount: i64,
        pub amount_capturable: Option<i64>,
        pub amount_received: Option<i64>,
        pub client_secret: String,
        pub confirmation_method: Option<String>,
        pub customer: Option<String>,
        pub description: Option<String>,
        pub metadata: Option<BTreeMap<String, MetadataValue>>,
        pub payment_method: Option<String>,
        pub payment_method_options: Option<serde_json::Map<String, serde_json::Value>>,
        pub payment_method_types: Vec<String>,
        pub receipt_email: Option<String>,
        pub status: Status,
        pub next_action: Option<serde_json::Map<String, serde_json::Value>>,
        pub return_url: Option<String>,
        pub capture_method: CaptureMethod,
    }

    /// A metadata value: a string, an integer or a boolean.
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    pub enum MetadataValue {
        String(String),
        Integer(i64),
        Boolean(bool),
    }

    /// The status of a payment intent.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Status {
        Canceled,
        Processing,
        RequiresAction,
        RequiresCapture,
        RequiresConfirmation,
        RequiresPaymentMethod,
        Succeeded,
        #[serde(other)]
        Unknown,
    }

    /// When the payment is captured.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CaptureMethod {
        Automatic,
        AutomaticAsync,
        Manual,
        #[serde(other)]
        Unknown,
    }

    /// The body of a create request: what the benchmark sends (fields in
    /// the order the generated request type writes them, so both bodies are
    /// the same bytes).
    #[derive(Debug, serde::Serialize)]
    pub struct CreateRequest {
        pub description: &'static str,
        pub amount: i64,
        pub confirm: bool,
        pub capture_method: &'static str,
        pub metadata: BTreeMap<&'static str, &'static str>,
    }
}

pub mod stripe {
    //! Stripe's `payment_intent` object. Fields that Stripe's fixture sets
    //! have their full shape; fields the fixture leaves `null` (expandable
    //! objects, errors, shipping...) decode as `null` whatever their type,
    //! so they are typed as the generic value a hand-written client keeps
    //! for them.

    use std::collections::BTreeMap;

    use serde::Deserialize;

    /// An id, or the object it names when expanded.
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    pub enum Expandable {
        Id(String),
        Object(serde_json::Map<String, serde_json::Value>),
    }

    /// A payment intent.
    #[derive(Debug, Deserialize)]
    pub struct PaymentIntent {
        pub amount: i64,
        pub amount_capturable: Option<i64>,
        pub amount_details: Option<AmountDetails>,
        pub amount_received: Option<i64>,
        pub application: Option<Expandable>,
        pub application_fee_amount: Option<i64>,
        pub automatic_payment_methods: Option<serde_json::Value>,
        pub canceled_at: Option<i64>,
        pub cancellation_reason: Option<CancellationReason>,
        pub capture_method: CaptureMethod,
        pub client_secret: Option<String>,
        pub confirmation_method: ConfirmationMethod,
        pub created: i64,
        pub currency: String,
        pub customer: Option<Box<Expandable>>,
        pub description: Option<String>,
        pub id: String,
        pub invoice: Option<Box<Expandable>>,
        pub last_payment_error: Option<Box<serde_json::Value>>,
        pub latest_charge: Option<Box<Expandable>>,
        pub livemode: bool,
        pub metadata: Option<BTreeMap<String, String>>,
        pub next_action: Option<serde_json::Value>,
        pub object: String,
        pub on_behalf_of: Option<Expandable>,
        pub payment_method: Option<Box<Expandable>>,
        pub payment_method_options: Option<PaymentMethodOptions>,
        pub payment_method_types: Vec<String>,
        pub processing: Option<serde_json::Value>,
        pub receipt_email: Option<String>,
        pub review: Option<Box<Expandable>>,
        pub setup_future_usage: Option<SetupFutureUsage>,
        pub shipping: Option<serde_json::Value>,
        pub statement_descriptor: Option<String>,
        pub statement_descriptor_suffix: Option<String>,
        pub status: Status,
        pub transfer_data: Option<serde_json::Value>,
        pub transfer_group: Option<String>,
    }

    /// Amount details.
    #[derive(Debug, Deserialize)]
    pub struct AmountDetails {
        pub tip: Option<Tip>,
    }

    /// The tip part of the amount.
    #[derive(Debug, Deserialize)]
    pub struct Tip {
        pub amount: Option<i64>,
    }

    /// Options per payment method type (empty in the fixture).
    #[derive(Debug, Deserialize)]
    pub struct PaymentMethodOptions {
        pub acss_debit: Option<serde_json::Value>,
        pub affirm: Option<serde_json::Value>,
        pub afterpay_clearpay: Option<serde_json::Value>,
        pub alipay: Option<serde_json::Value>,
        pub au_becs_debit: Option<serde_json::Value>,
        pub bacs_debit: Option<serde_json::Value>,
        pub bancontact: Option<serde_json::Value>,
        pub blik: Option<serde_json::Value>,
        pub boleto: Option<serde_json::Value>,
        pub card: Option<serde_json::Value>,
        pub card_present: Option<serde_json::Value>,
        pub cashapp: Option<serde_json::Value>,
        pub customer_balance: Option<serde_json::Value>,
        pub eps: Option<serde_json::Value>,
        pub fpx: Option<serde_json::Value>,
        pub giropay: Option<serde_json::Value>,
        pub grabpay: Option<serde_json::Value>,
        pub ideal: Option<serde_json::Value>,
        pub interac_present: Option<serde_json::Value>,
        pub klarna: Option<serde_json::Value>,
        pub konbini: Option<serde_json::Value>,
        pub link: Option<serde_json::Value>,
        pub oxxo: Option<serde_json::Value>,
        pub p24: Option<serde_json::Value>,
        pub paynow: Option<serde_json::Value>,
        pub paypal: Option<serde_json::Value>,
        pub pix: Option<serde_json::Value>,
        pub promptpay: Option<serde_json::Value>,
        pub sepa_debit: Option<serde_json::Value>,
        pub sofort: Option<serde_json::Value>,
        pub us_bank_account: Option<serde_json::Value>,
        pub wechat_pay: Option<serde_json::Value>,
        pub zip: Option<serde_json::Value>,
    }

    /// Why a payment intent was canceled.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CancellationReason {
        Abandoned,
        Automatic,
        Duplicate,
        FailedInvoice,
        Fraudulent,
        RequestedByCustomer,
        VoidInvoice,
        #[serde(other)]
        Unknown,
    }

    /// When the payment is captured.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CaptureMethod {
        Automatic,
        AutomaticAsync,
        Manual,
        #[serde(other)]
        Unknown,
    }

    /// How the payment intent is confirmed.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ConfirmationMethod {
        Automatic,
        Manual,
        #[serde(other)]
        Unknown,
    }

    /// Whether the payment method is saved for later.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum SetupFutureUsage {
        OffSession,
        OnSession,
        #[serde(other)]
        Unknown,
    }

    /// The status of a payment intent.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Status {
        Canceled,
        Processing,
        RequiresAction,
        RequiresCapture,
        RequiresConfirmation,
        RequiresPaymentMethod,
        Succeeded,
        #[serde(other)]
        Unknown,
    }
}
