//! The form-encoding corpus: parameter sets built with the generated
//! request types, each sent through the client to a local server. One JSON
//! line per set: `name`, `kind` (`body` or `query`), `params` (the JSON of
//! the parameters, in the order the SDK writes them, for the Python
//! oracle), `direct` (what `RequestBody::form` makes of a body) and `wire`
//! (the request the server received).

use std::collections::BTreeMap;
use std::future::IntoFuture;

use serde::Serialize;
use serde_json::{json, Value};
use stripe_payment_intents::models as m;
use stripe_payment_intents::{Client, OrEmpty, RequestBody};
use wiremock::MockServer;

use crate::server::{client, take_one};

/// The id every case that names a payment intent uses.
const PI: &str = "pi_3NnlpVGPxmnHQRkJ0corpus";

/// Strings that must survive form encoding byte for byte.
const RESERVED: &str = "a&b=c+d%e f/g?h#i;j:k,l@m$n!o'p(q)r*s\"t<u>v\\w^x`y{z}|~_.-";
const UNICODE: &str = "Grüße, 東京 🎉 — naïve café";

/// Every case, in order.
pub async fn run() -> Result<Vec<Value>, String> {
    let server = MockServer::start().await;
    let client = client(&server)?;
    let mut lines = Vec::new();
    for (name, body) in create_bodies() {
        let request = client.payment_intents().create(body.clone());
        lines.push(body_case(&server, name, &body, request).await?);
    }
    for (name, body) in update_bodies() {
        let request = client.payment_intents().update(PI).body(body.clone());
        lines.push(body_case(&server, name, &body, request).await?);
    }
    for (name, body) in confirm_bodies() {
        let request = client
            .payment_intents().confirm(PI)
            .body(body.clone());
        lines.push(body_case(&server, name, &body, request).await?);
    }
    lines.extend(other_bodies(&server, &client).await?);
    lines.extend(queries(&server, &client).await?);
    Ok(lines)
}

/// Sends one body and reports it.
async fn body_case<B, R>(
    server: &MockServer,
    name: &str,
    body: &B,
    request: R,
) -> Result<Value, String>
where
    B: Serialize,
    R: IntoFuture,
{
    let params = serde_json::to_string(body).map_err(|e| format!("{name}: {e}"))?;
    let direct = RequestBody::form(body).map_err(|e| format!("{name}: {e}"))?;
    // The server answers 404 (no mock is mounted): only the request counts.
    let _answer = request.await;
    let wire = take_one(server).await.map_err(|e| format!("{name}: {e}"))?;
    Ok(json!({
        "name": name,
        "kind": "body",
        "params": params,
        "direct": String::from_utf8_lossy(direct.as_bytes()),
        "wire": wire,
    }))
}

/// Sends one request with query parameters and reports it; `params` is the
/// JSON of the same parameters in the order the operation writes them.
async fn query_case<R: IntoFuture>(
    server: &MockServer,
    name: &str,
    params: Value,
    request: R,
) -> Result<Value, String> {
    let _answer = request.await;
    let wire = take_one(server).await.map_err(|e| format!("{name}: {e}"))?;
    Ok(json!({
        "name": name,
        "kind": "query",
        "params": params.to_string(),
        "direct": null,
        "wire": wire,
    }))
}

fn strings<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn address() -> m::CreatePaymentIntentShippingAddress {
    m::CreatePaymentIntentShippingAddress::new()
        .city("San Francisco")
        .country("US")
        .line1("510 Townsend St")
        .line2("Apt #4 & 5")
        .postal_code("94103")
        .state("CA")
}

fn billing_address() -> m::CreatePaymentIntentPaymentMethodDataBillingDetailsAddress {
    m::CreatePaymentIntentPaymentMethodDataBillingDetailsAddress::new()
        .city("Zürich")
        .country("CH")
        .line1("Bahnhofstrasse 1")
        .postal_code("8001")
}

fn online_acceptance() -> m::CreatePaymentIntentMandateData {
    m::CreatePaymentIntentMandateData::new(
        m::CreatePaymentIntentMandateDataCustomerAcceptance::new("online")
            .accepted_at(1_692_144_000_i64)
            .online(
                m::CreatePaymentIntentMandateDataCustomerAcceptanceOnline::new(
                    m::CreatePaymentIntentMandateDataCustomerAcceptanceOnlineRequired {
                        ip_address: "2001:db8::1".into(),
                        user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                            .into(),
                    },
                ),
            ),
    )
}

fn card_options() -> m::CreatePaymentIntentPaymentMethodOptionsCard {
    m::CreatePaymentIntentPaymentMethodOptionsCard::new()
        .capture_method("manual")
        .request_three_d_secure("any")
        .network("cartes_bancaires")
        .setup_future_usage("off_session")
        .installments(
            m::CreatePaymentIntentPaymentMethodOptionsCardInstallments::new()
                .enabled(true)
                .plan(
                    m::CreatePaymentIntentPaymentMethodOptionsCardInstallmentsPlan::new(3_i64),
                ),
        )
        .statement_descriptor_suffix_kana("ｶﾌﾞｼｷｶﾞｲｼｬ".to_owned())
        .statement_descriptor_suffix_kanji(OrEmpty::Empty)
}

/// Bodies of `POST /v1/payment_intents`.
fn create_bodies() -> Vec<(&'static str, m::CreatePaymentIntent)> {
    let base = || m::CreatePaymentIntent::new(1099_i64, "usd");
    vec![
        ("create/minimal", base()),
        ("create/zero-and-large-integers", m::CreatePaymentIntent::new(0_i64, "jpy").application_fee_amount(99_999_999_i64)),
        ("create/booleans-true", base().confirm(true).use_stripe_sdk(true).error_on_requires_action(true).off_session(true)),
        ("create/booleans-false", base().confirm(false).use_stripe_sdk(false).error_on_requires_action(false).off_session(false)),
        ("create/off-session-one-off", base().confirm(true).off_session(m::CreatePaymentIntentOffSession::from(
            m::CreatePaymentIntentOffSessionVariant2::from("one_off"),
        ))),
        ("create/metadata", base().metadata([("order_id", "6735"), ("customer_note", "leave at door"), ("empty", "")])),
        ("create/metadata-reserved-and-unicode", base().metadata([("k&y=1", RESERVED), ("日本語キー", UNICODE), ("brackets[x]", "[y]"), ("space key", "+")])),
        ("create/expand", base().expand(strings(["customer", "payment_method", "latest_charge.balance_transaction"]))),
        ("create/payment-method-types", base().payment_method_types(strings(["card", "us_bank_account", "link", "klarna"]))),
        ("create/shipping-address", base().shipping(
            m::CreatePaymentIntentShipping::new(address(), "Jenny Rosen")
                .carrier("UPS")
                .phone("+1 (415) 555-0100")
                .tracking_number("1Z999AA10123456784"),
        )),
        ("create/automatic-payment-methods", base().automatic_payment_methods(
            m::CreatePaymentIntentAutomaticPaymentMethods::new(true).allow_redirects("never"),
        )),
        ("create/enums", base().capture_method("manual").confirmation_method("manual").setup_future_usage("off_session")),
        ("create/unknown-enum-values", base().capture_method("some_future_method").setup_future_usage("later")),
        ("create/mandate-data-unset", base().mandate_data(OrEmpty::Empty)),
        ("create/mandate-data-online", base().confirm(true).mandate_data(online_acceptance())),
        ("create/mandate-data-offline", base().mandate_data(m::CreatePaymentIntentMandateData::new(
            m::CreatePaymentIntentMandateDataCustomerAcceptance::new("offline").offline(serde_json::Map::new()),
        ))),
        ("create/payment-method-data-sepa", base().payment_method_data(
            m::CreatePaymentIntentPaymentMethodData::new("sepa_debit")
                .sepa_debit(m::CreatePaymentIntentPaymentMethodDataSepaDebit::new("DE89370400440532013000"))
                .billing_details(
                    m::CreatePaymentIntentPaymentMethodDataBillingDetails::new()
                        .email("jenny+test@example.com".to_owned())
                        .name("Jenny Rosen".to_owned())
                        .address(billing_address()),
                )
                .metadata([("source", "corpus")]),
        )),
        ("create/payment-method-data-unset-details", base().payment_method_data(
            m::CreatePaymentIntentPaymentMethodData::new("us_bank_account")
                .billing_details(
                    m::CreatePaymentIntentPaymentMethodDataBillingDetails::new()
                        .address(OrEmpty::Empty)
                        .email(OrEmpty::Empty)
                        .name("Ünïcødé Ñame".to_owned())
                        .phone(OrEmpty::Empty),
                )
                .us_bank_account(
                    m::CreatePaymentIntentPaymentMethodDataUsBankAccount::new()
                        .account_holder_type("individual")
                        .account_number("000123456789")
                        .account_type("checking")
                        .routing_number("110000000"),
                ),
        )),
        ("create/payment-method-data-klarna-dob", base().payment_method_data(
            m::CreatePaymentIntentPaymentMethodData::new("klarna")
                .klarna(m::CreatePaymentIntentPaymentMethodDataKlarna::new().dob(
                    m::CreatePaymentIntentPaymentMethodDataKlarnaDob::new(
                        m::CreatePaymentIntentPaymentMethodDataKlarnaDobRequired {
                            day: 1,
                            month: 12,
                            year: 1990,
                        },
                    ),
                ))
                .radar_options(m::CreatePaymentIntentPaymentMethodDataRadarOptions::new().session("rse_123")),
        )),
        ("create/pmo-card", base().payment_method_options(
            m::CreatePaymentIntentPaymentMethodOptions::new().card(card_options()),
        )),
        ("create/pmo-card-mandate", base().payment_method_options(
            m::CreatePaymentIntentPaymentMethodOptions::new().card(
                m::CreatePaymentIntentPaymentMethodOptionsCard::new().mandate_options(
                    m::CreatePaymentIntentPaymentMethodOptionsCardMandateOptions::new(
                        5000_i64, "maximum", "month", "ref-2023/08#1", 1_692_144_000_i64,
                    )
                    .interval_count(1_i64)
                    .description("Monthly subscription")
                    .supported_types(strings(["india"])),
                ),
            ),
        )),
        ("create/pmo-unset-methods", base().payment_method_options(
            m::CreatePaymentIntentPaymentMethodOptions::new()
                .card(OrEmpty::Empty)
                .link(OrEmpty::Empty)
                .interac_present(OrEmpty::Empty),
        )),
        ("create/pmo-bank-debits", base().payment_method_options(
            m::CreatePaymentIntentPaymentMethodOptions::new()
                .acss_debit(
                    m::CreatePaymentIntentPaymentMethodOptionsAcssDebit::new()
                        .mandate_options(
                            m::CreatePaymentIntentPaymentMethodOptionsAcssDebitMandateOptions::new()
                                .custom_mandate_url("https://example.com/mandate?id=1&v=2".to_owned())
                                .interval_description("First day of every month")
                                .payment_schedule("interval")
                                .transaction_type("personal"),
                        )
                        .verification_method("microdeposits"),
                )
                .sepa_debit(
                    m::CreatePaymentIntentPaymentMethodOptionsSepaDebit::new()
                        .mandate_options(serde_json::Map::new())
                        .setup_future_usage(""),
                )
                .us_bank_account(
                    m::CreatePaymentIntentPaymentMethodOptionsUsBankAccount::new()
                        .financial_connections(
                            m::CreatePaymentIntentPaymentMethodOptionsUsBankAccountFinancialConnections::new()
                                .permissions(["payment_method", "balances"])
                                .return_url("https://example.com/fc"),
                        )
                        .networks(
                            m::CreatePaymentIntentPaymentMethodOptionsUsBankAccountNetworks::new()
                                .requested(["ach", "us_domestic_wire"]),
                        )
                        .verification_method("instant"),
                ),
        )),
        ("create/pmo-wallets-and-bnpl", base().payment_method_options(
            m::CreatePaymentIntentPaymentMethodOptions::new()
                .klarna(m::CreatePaymentIntentPaymentMethodOptionsKlarna::new().preferred_locale("de-DE").capture_method("manual"))
                .link(m::CreatePaymentIntentPaymentMethodOptionsLink::new().capture_method("").setup_future_usage("none"))
                .paypal(m::CreatePaymentIntentPaymentMethodOptionsPaypal::new().preferred_locale("fr-FR").reference("order/42"))
                .wechat_pay(m::CreatePaymentIntentPaymentMethodOptionsWechatPay::new("web").app_id("wx_app")),
        )),
        ("create/pmo-cash", base().payment_method_options(
            m::CreatePaymentIntentPaymentMethodOptions::new()
                .customer_balance(
                    m::CreatePaymentIntentPaymentMethodOptionsCustomerBalance::new()
                        .funding_type("bank_transfer")
                        .bank_transfer(
                            m::CreatePaymentIntentPaymentMethodOptionsCustomerBalanceBankTransfer::new("eu_bank_transfer")
                                .eu_bank_transfer(m::CreatePaymentIntentPaymentMethodOptionsCustomerBalanceBankTransferEuBankTransfer::new("NL"))
                                .requested_address_types(["iban", "sepa", "zengin"]),
                        ),
                )
                .konbini(
                    m::CreatePaymentIntentPaymentMethodOptionsKonbini::new()
                        .expires_after_days(3_i64)
                        .product_description("お弁当 × 2".to_owned())
                        .confirmation_number(OrEmpty::Empty),
                ),
        )),
        ("create/connect", base()
            .application_fee_amount(123_i64)
            .on_behalf_of("acct_1032D82eZvKYlo2C")
            .transfer_data(m::CreatePaymentIntentTransferData::new("acct_1032D82eZvKYlo2C").amount(877_i64))
            .transfer_group("ORDER_95")),
        ("create/strings", base()
            .description(format!("{RESERVED}\n\ttabs and newlines\r\n{UNICODE}"))
            .receipt_email("jenny+receipts@example.com")
            .return_url("https://example.com/return?order=1&status=ok#done")
            .statement_descriptor("ACME* 東京")
            .statement_descriptor_suffix("ORDER 42")),
        ("create/ids", base()
            .customer("cus_9s6XKzkNRiz8i3")
            .payment_method("pm_card_visa")
            .mandate("mandate_1")
            .radar_options(m::CreatePaymentIntentRadarOptions::new().session("rse_1"))),
        ("create/everything", base()
            .confirm(true)
            .capture_method("automatic_async")
            .customer("cus_1")
            .expand(strings(["customer"]))
            .metadata([("a", "1"), ("b", "2")])
            .payment_method_types(strings(["card"]))
            .payment_method_options(m::CreatePaymentIntentPaymentMethodOptions::new().card(card_options()))
            .shipping(m::CreatePaymentIntentShipping::new(address(), "Jenny"))
            .mandate_data(online_acceptance())),
    ]
}

/// Bodies of `POST /v1/payment_intents/{intent}`.
fn update_bodies() -> Vec<(&'static str, m::UpdatePaymentIntent)> {
    let base = m::UpdatePaymentIntent::new;
    let mut unset_key = BTreeMap::new();
    unset_key.insert("old_key".to_owned(), String::new());
    unset_key.insert("kept".to_owned(), "yes".to_owned());
    vec![
        ("update/empty-body", base()),
        ("update/unset-metadata", base().metadata(OrEmpty::Empty)),
        ("update/unset-one-metadata-key", base().metadata(unset_key)),
        (
            "update/unset-fields",
            base()
                .application_fee_amount(OrEmpty::Empty)
                .receipt_email(OrEmpty::Empty)
                .shipping(OrEmpty::Empty)
                .setup_future_usage(""),
        ),
        (
            "update/amounts-and-shipping",
            base()
                .amount(2000_i64)
                .currency("eur")
                .application_fee_amount(10_i64)
                .receipt_email("a@example.com".to_owned())
                .shipping(
                    m::UpdatePaymentIntentShipping::new(address(), "Jenny Rosen")
                        .carrier("DHL"),
                )
                .payment_method_options(m::CreatePaymentIntentPaymentMethodOptions::new().card(
                    m::CreatePaymentIntentPaymentMethodOptionsCard::new().cvc_token("cvctok_1"),
                )),
        ),
    ]
}

/// Bodies of `POST /v1/payment_intents/{intent}/confirm`.
fn confirm_bodies() -> Vec<(&'static str, m::ConfirmPaymentIntent)> {
    let base = m::ConfirmPaymentIntent::new;
    vec![
        ("confirm/secret-key-mandate", base()
            .payment_method("pm_card_visa")
            .return_url("https://example.com/return")
            .off_session(false)
            .mandate_data(m::ConfirmPaymentIntentMandateData::from(online_acceptance()))),
        ("confirm/client-key-mandate", base()
            .client_secret("pi_1_secret_abc")
            .mandate_data(m::ConfirmPaymentIntentMandateData::from(
                m::ConfirmPaymentIntentMandateDataClientKeyParam::new(
                    m::ConfirmPaymentIntentMandateDataClientKeyParamCustomerAcceptance::new(
                        m::ConfirmPaymentIntentMandateDataClientKeyParamCustomerAcceptanceOnline::new()
                            .ip_address("127.0.0.1")
                            .user_agent("curl/8.0"),
                    ),
                ),
            ))
            .radar_options(m::CreatePaymentIntentRadarOptions::new().session("rse_2"))
            .use_stripe_sdk(true)),
        ("confirm/unset-and-expand", base()
            .receipt_email(OrEmpty::Empty)
            .shipping(OrEmpty::Empty)
            .setup_future_usage("")
            .capture_method("manual")
            .error_on_requires_action(true)
            .payment_method_types(strings(["card", "sepa_debit"]))
            .expand(strings(["payment_method", "latest_charge"]))),
        ("confirm/payment-method-data", base().payment_method_data(
            m::CreatePaymentIntentPaymentMethodData::new("boleto")
                .boleto(m::CreatePaymentIntentPaymentMethodDataBoleto::new("000.000.000-00"))
                .billing_details(
                    m::CreatePaymentIntentPaymentMethodDataBillingDetails::new()
                        .name("José da Silva".to_owned())
                        .email("jose@example.com".to_owned())
                        .address(billing_address()),
                ),
        )),
    ]
}

/// Bodies of the other operations.
async fn other_bodies(server: &MockServer, client: &Client) -> Result<Vec<Value>, String> {
    let mut lines = Vec::new();
    let capture = m::CapturePaymentIntent::new()
        .amount_to_capture(750_i64)
        .application_fee_amount(75_i64)
        .metadata(BTreeMap::from([(
            "captured_by".to_owned(),
            "ops team".to_owned(),
        )]))
        .statement_descriptor("CAPTURE")
        .transfer_data(m::CapturePaymentIntentTransferData::new().amount(700_i64))
        .expand(strings(["latest_charge"]));
    let request = client
        .payment_intents().capture(PI)
        .body(capture.clone());
    lines.push(body_case(server, "capture/full", &capture, request).await?);
    let capture = m::CapturePaymentIntent::new().metadata(OrEmpty::Empty);
    let request = client
        .payment_intents().capture(PI)
        .body(capture.clone());
    lines.push(body_case(server, "capture/unset-metadata", &capture, request).await?);
    let cancel = m::CancelPaymentIntent::new()
        .cancellation_reason("requested_by_customer")
        .expand(strings(["customer"]));
    let request = client
        .payment_intents().cancel(PI)
        .body(cancel.clone());
    lines.push(body_case(server, "cancel/reason", &cancel, request).await?);
    let increment = m::IncrementAuthorizationPaymentIntent::new(2099_i64)
        .application_fee_amount(0_i64)
        .description("Extra: minibar & room service")
        .metadata([("night", "2")])
        .statement_descriptor("HOTEL")
        .transfer_data(
            m::IncrementAuthorizationPaymentIntentTransferData::new()
                .amount(2000_i64),
        );
    let request = client.payment_intents().increment_authorization(PI, increment.clone());
    lines.push(body_case(server, "increment-authorization/full", &increment, request).await?);
    let verify = m::VerifyMicrodepositsPaymentIntent::new()
        .amounts([32_i64, 45])
        .client_secret("pi_1_secret_xyz");
    let request = client
        .payment_intents().verify_microdeposits(PI)
        .body(verify.clone());
    lines.push(body_case(server, "verify-microdeposits/amounts", &verify, request).await?);
    let verify = m::VerifyMicrodepositsPaymentIntent::new()
        .descriptor_code("SM11AA")
        .expand(strings(["payment_method"]));
    let request = client
        .payment_intents().verify_microdeposits(PI)
        .body(verify.clone());
    lines.push(
        body_case(
            server,
            "verify-microdeposits/descriptor-code",
            &verify,
            request,
        )
        .await?,
    );
    let apply = m::ApplyCustomerBalancePaymentIntent::new()
        .amount(500_i64)
        .currency("jpy")
        .expand(strings(["customer"]));
    let request = client
        .payment_intents().apply_customer_balance(PI)
        .body(apply.clone());
    lines.push(body_case(server, "apply-customer-balance/full", &apply, request).await?);
    Ok(lines)
}

/// Query strings of the `GET` operations.
async fn queries(server: &MockServer, client: &Client) -> Result<Vec<Value>, String> {
    let mut lines = Vec::new();
    lines.push(
        query_case(
            server,
            "list/no-params",
            json!({}),
            client.payment_intents().list(),
        )
        .await?,
    );
    let range = m::ListPaymentIntentCreatedRangeQuerySpecs::new()
        .gte(1_692_144_000_i64)
        .lte(1_692_230_400_i64);
    let params = json!({"created": range, "limit": 3, "starting_after": "pi_3"});
    let request = client
        .payment_intents().list()
        .created(range.clone())
        .limit(3_i64)
        .starting_after("pi_3");
    lines.push(query_case(server, "list/created-range-starting-after", params, request).await?);
    let range = m::ListPaymentIntentCreatedRangeQuerySpecs::new()
        .gt(1_i64)
        .lt(2_000_000_000_i64);
    let params = json!({"created": range, "customer": "cus_1", "ending_before": "pi_9", "expand": ["data.customer", "data.latest_charge"], "limit": 100});
    let request = client
        .payment_intents().list()
        .created(range.clone())
        .customer("cus_1")
        .ending_before("pi_9")
        .expand(strings(["data.customer", "data.latest_charge"]))
        .limit(100_i64);
    lines.push(
        query_case(
            server,
            "list/created-gt-lt-expand-ending-before",
            params,
            request,
        )
        .await?,
    );
    let params = json!({"created": 1_692_144_000, "limit": 1});
    let request = client
        .payment_intents().list()
        .created(1_692_144_000_i64)
        .limit(1_i64);
    lines.push(query_case(server, "list/created-integer", params, request).await?);
    let query = "status:'succeeded' AND metadata['order_id']:'6735' AND amount>1000";
    let params = json!({"limit": 5, "page": "page_Zm9vOmJhcg==", "query": query});
    let request = client
        .payment_intents().search(query)
        .limit(5_i64)
        .page("page_Zm9vOmJhcg==");
    lines.push(query_case(server, "search/query-limit-page", params, request).await?);
    let query = format!("description~\"{UNICODE}\"");
    let params = json!({"expand": ["data.customer"], "query": query});
    let request = client
        .payment_intents().search(query.clone())
        .expand(strings(["data.customer"]));
    lines.push(query_case(server, "search/unicode-expand", params, request).await?);
    let params =
        json!({"client_secret": "pi_1_secret_abc", "expand": ["customer", "payment_method"]});
    let request = client
        .payment_intents().retrieve(PI)
        .client_secret("pi_1_secret_abc")
        .expand(strings(["customer", "payment_method"]));
    lines.push(query_case(server, "retrieve/client-secret-expand", params, request).await?);
    Ok(lines)
}
