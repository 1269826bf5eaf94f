//! A stateful, in-memory PAY.JP v2 PaymentIntents server for tests.
//!
//! [`PayjpServer::start`] serves the eight PaymentIntents operations on
//! `127.0.0.1` (a free port) inside the caller's tokio runtime, following the
//! lifecycle in `../shared/reference/payjp-v2/FACTS.md`:
//!
//! - create (`confirm: true` confirms at once), retrieve, update (only before
//!   confirmation: `requires_payment_method`, `requires_confirmation`,
//!   `requires_action`);
//! - confirm needs a payment method (`payment_method`, an id this server
//!   issued, or `payment_method_data`), else 400 "Missing Payment Method".
//!   A card then makes the intent `succeeded` (capture methods `automatic`
//!   and `automatic_async`) or `requires_capture` (`manual`); PayPay makes it
//!   `requires_action` with a `redirect_to_url` next action;
//! - capture (`requires_capture` only) takes all of `amount_capturable` or
//!   `amount_to_capture` of it, which becomes `amount_received`;
//! - cancel from `requires_payment_method`, `requires_confirmation`,
//!   `requires_action` or `requires_capture`;
//! - increment authorization (`requires_capture` only) raises `amount` (the
//!   new total, above the current one) and `amount_capturable`;
//! - list with `limit` (1..=100, default 10) and `offset` (>= 0, default 0),
//!   in creation order (oldest first), so pages stay stable while intents are
//!   added.
//!
//! Errors are `application/problem+json` bodies shaped like PAY.JP's
//! `ErrorResponse` (with its `code` too): 400 "Invalid Status" and "Missing
//! Payment Method", 401 without `Authorization: Bearer sk_test_...`, 404 "Not
//! Found" (unknown intent or payment method), 422 "Validation Error"
//! (malformed JSON, unknown or mistyped fields, amounts outside 50..=9,999,999,
//! card details breaking their patterns, paging outside its bounds; every
//! problem is listed in `errors`). A state error of create (confirming
//! without a payment method) and of increment authorization is a 400 too,
//! although PAY.JP's document lists no 400 for those two operations.
//!
//! Request bodies are read with this module's own types, written from
//! PAY.JP's document rather than taken from the SDK, so the server does not
//! share the SDK's mistakes; it refuses fields an operation does not have.
//!
//! A POST with an `Idempotency-Key` runs once: the same key again (with the
//! same method, path and body) gets the first answer back, marked with
//! `Idempotent-Replayed: true`; the same key with a different request is a
//! 400. Every response carries an `x-request-id`.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Smallest amount PAY.JP accepts.
pub const MIN_AMOUNT: i64 = 50;
/// Largest amount PAY.JP accepts.
pub const MAX_AMOUNT: i64 = 9_999_999;
/// What an API key must start with (after `Bearer `).
pub const KEY_PREFIX: &str = "sk_test_";

const COLLECTION: &str = "/v2/payment_intents";
const MAX_LIMIT: i64 = 100;
const DEFAULT_LIMIT: i64 = 10;

/// A running server; it stops when this is dropped.
#[derive(Debug)]
pub struct PayjpServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl PayjpServer {
    /// Starts a server on a free port of `127.0.0.1`, served by the current
    /// tokio runtime.
    ///
    /// # Errors
    ///
    /// When no port can be bound.
    pub async fn start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            // Serving ends only when the task is aborted.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self { addr, shared, task })
    }

    /// `http://127.0.0.1:<port>`, the base URL to give the client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Authorized requests the server ran (replays not included).
    pub fn executed_requests(&self) -> usize {
        self.shared.lock().executed
    }

    /// Requests answered from the idempotency store without running them.
    pub fn replayed_requests(&self) -> usize {
        self.shared.lock().replayed
    }
}

impl Drop for PayjpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Debug, Default)]
struct Shared {
    store: Mutex<Store>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The one handler: authorizes, routes, replays or runs, and answers.
async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = Incoming {
        method,
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        headers,
        body,
    };
    let mut store = shared.lock();
    let request_id = format!("req_{}", random_hex(24));
    let (reply, replayed) = store.serve(&request);
    reply.into_response(&request_id, replayed)
}

/// What the handler needs of a request.
struct Incoming {
    method: Method,
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// What a replay must match: method, path, query and body.
    fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
        }
    }
}

/// The parts of a POST that a replay of its idempotency key must repeat.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Fingerprint {
    method: Method,
    path: String,
    query: Option<String>,
    body: Bytes,
}

// ---------------------------------------------------------------------------
// Replies and problems
// ---------------------------------------------------------------------------

/// A finished answer, kept for idempotent replays.
#[derive(Clone, Debug)]
struct Reply {
    status: StatusCode,
    body: Value,
    problem: bool,
}

impl Reply {
    fn ok(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            problem: false,
        }
    }

    fn into_response(self, request_id: &str, replayed: bool) -> Response {
        let content_type = if self.problem {
            "application/problem+json"
        } else {
            "application/json"
        };
        let mut response = (
            self.status,
            [(CONTENT_TYPE, content_type)],
            self.body.to_string(),
        )
            .into_response();
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(request_id) {
            headers.insert("x-request-id", value);
        }
        if replayed {
            headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
        }
        response
    }
}

/// One problem with one field of a request.
#[derive(Clone, Debug)]
struct FieldError {
    field: String,
    message: String,
    error_type: &'static str,
}

fn field_error(
    field: impl Into<String>,
    error_type: &'static str,
    message: impl Into<String>,
) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
        error_type,
    }
}

/// An error answer, rendered as `application/problem+json`.
#[derive(Clone, Debug)]
struct Problem {
    status: StatusCode,
    code: &'static str,
    title: &'static str,
    detail: String,
    errors: Vec<FieldError>,
}

impl Problem {
    fn new(status: StatusCode, code: &'static str, title: &'static str, detail: String) -> Self {
        Self {
            status,
            code,
            title,
            detail,
            errors: Vec::new(),
        }
    }

    fn not_found(resource: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Not Found",
            format!("{resource}: {id} not found."),
        )
    }

    fn invalid_status(current: Status, expected: &[Status]) -> Self {
        let expected: Vec<&str> = expected.iter().map(|status| status.as_str()).collect();
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_status",
            "Invalid Status",
            format!(
                "This operation can only be executed when the payment_intent status is {}. The current status is {}.",
                expected.join(", "),
                current.as_str()
            ),
        )
    }

    fn missing_payment_method() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "missing_payment_method",
            "Missing Payment Method",
            "A payment method is required but not provided.".to_owned(),
        )
    }

    fn validation(errors: Vec<FieldError>) -> Self {
        Self {
            errors,
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_error",
                "Validation Error",
                "The request parameters didn't pass validation.".to_owned(),
            )
        }
    }

    fn invalid_field(field: &str, error_type: &'static str, message: impl Into<String>) -> Self {
        Self::validation(vec![field_error(field, error_type, message)])
    }

    fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            format!("Send `Authorization: Bearer {KEY_PREFIX}...`."),
        )
    }

    fn method_not_allowed(method: &Method) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Method Not Allowed",
            format!("{method} is not allowed here."),
        )
    }

    fn idempotency_key_reused() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "idempotency_key_reused",
            "Idempotency Key Reused",
            "This Idempotency-Key was already used with a different request.".to_owned(),
        )
    }

    fn into_reply(self, instance: &str) -> Reply {
        let mut body = json!({
            "type": format!("https://example.com/errors/{}", self.code.replace('_', "-")),
            "title": self.title,
            "status": self.status.as_u16(),
            "code": self.code,
            "detail": self.detail,
            "instance": instance,
        });
        if !self.errors.is_empty() {
            body["errors"] = self
                .errors
                .iter()
                .map(
                    |e| json!({"field": e.field, "message": e.message, "error_type": e.error_type}),
                )
                .collect();
        }
        Reply {
            status: self.status,
            body,
            problem: true,
        }
    }
}

// ---------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Action {
    Confirm,
    Capture,
    Cancel,
    IncrementAuthorization,
}

#[derive(Debug)]
enum Route {
    List,
    Create,
    Retrieve(String),
    Update(String),
    Act(String, Action),
}

impl Route {
    fn parse(method: &Method, path: &str) -> Result<Self, Problem> {
        let not_found = || Problem::not_found("path", path);
        let rest = path.strip_prefix(COLLECTION).ok_or_else(not_found)?;
        let segments: Vec<&str> = match rest {
            "" => Vec::new(),
            _ => rest
                .strip_prefix('/')
                .ok_or_else(not_found)?
                .split('/')
                .collect(),
        };
        if segments.iter().any(|segment| segment.is_empty()) {
            return Err(not_found());
        }
        let route = match (method.as_str(), segments.as_slice()) {
            ("GET", []) => Self::List,
            ("POST", []) => Self::Create,
            ("GET", [id]) => Self::Retrieve((*id).to_owned()),
            ("POST", [id]) => Self::Update((*id).to_owned()),
            ("POST", [id, action]) => Self::Act((*id).to_owned(), Self::action(action, path)?),
            (_, [_, action]) => {
                Self::action(action, path)?;
                return Err(Problem::method_not_allowed(method));
            }
            (_, [] | [_]) => return Err(Problem::method_not_allowed(method)),
            _ => return Err(not_found()),
        };
        Ok(route)
    }

    fn action(name: &str, path: &str) -> Result<Action, Problem> {
        match name {
            "confirm" => Ok(Action::Confirm),
            "capture" => Ok(Action::Capture),
            "cancel" => Ok(Action::Cancel),
            "increment_authorization" => Ok(Action::IncrementAuthorization),
            _ => Err(Problem::not_found("path", path)),
        }
    }
}

// ---------------------------------------------------------------------------
// Request bodies: this server's own reading of PAY.JP's document
// ---------------------------------------------------------------------------

const CREATE_FIELDS: &[&str] = &[
    "amount",
    "capture_method",
    "confirm",
    "customer",
    "description",
    "metadata",
    "payment_method",
    "payment_method_data",
    "payment_method_options",
    "payment_method_types",
    "receipt_email",
    "return_url",
    "setup_future_usage",
];
const UPDATE_FIELDS: &[&str] = &[
    "amount",
    "customer",
    "description",
    "metadata",
    "payment_method",
    "payment_method_data",
    "payment_method_options",
    "payment_method_types",
    "receipt_email",
    "return_url",
];
const CONFIRM_FIELDS: &[&str] = &[
    "capture_method",
    "description",
    "payment_method",
    "payment_method_data",
    "payment_method_options",
    "payment_method_types",
    "receipt_email",
    "return_url",
];
const CAPTURE_FIELDS: &[&str] = &["amount_to_capture"];
const CANCEL_FIELDS: &[&str] = &["cancellation_reason"];
const INCREMENT_FIELDS: &[&str] = &["amount", "description"];

/// Every body field of every operation; each operation allows its own.
#[derive(Debug, Default, Deserialize)]
struct Fields {
    amount: Option<i64>,
    amount_to_capture: Option<i64>,
    #[allow(dead_code)] // checked for its type only
    cancellation_reason: Option<String>,
    capture_method: Option<CaptureMethod>,
    confirm: Option<bool>,
    customer: Option<String>,
    description: Option<String>,
    metadata: Option<BTreeMap<String, MetadataValue>>,
    payment_method: Option<String>,
    payment_method_data: Option<PaymentMethodData>,
    payment_method_options: Option<PaymentMethodOptions>,
    payment_method_types: Option<Vec<PaymentMethodType>>,
    receipt_email: Option<String>,
    return_url: Option<String>,
    #[allow(dead_code)] // checked for its value only
    setup_future_usage: Option<Usage>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum CaptureMethod {
    Automatic,
    AutomaticAsync,
    Manual,
}

impl CaptureMethod {
    fn as_str(self) -> &'static str {
        match self {
            Self::Automatic => "automatic",
            Self::AutomaticAsync => "automatic_async",
            Self::Manual => "manual",
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum PaymentMethodType {
    Card,
    Paypay,
    Payid,
    BankTransfer,
}

impl PaymentMethodType {
    fn as_str(self) -> &'static str {
        match self {
            Self::Card => "card",
            Self::Paypay => "paypay",
            Self::Payid => "payid",
            Self::BankTransfer => "bank_transfer",
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Usage {
    OnSession,
    OffSession,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
enum MetadataValue {
    String(String),
    Integer(i64),
    Boolean(bool),
}

impl MetadataValue {
    fn into_json(self) -> Value {
        match self {
            Self::String(text) => Value::String(text),
            Self::Integer(number) => Value::from(number),
            Self::Boolean(flag) => Value::Bool(flag),
        }
    }
}

/// `payment_method_data`: told apart by `type`.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum PaymentMethodData {
    Card(CardMethod),
    // Read only to check its shape.
    Paypay(#[allow(dead_code)] PayPayMethod),
}

// Fields below are read only to check the request's shape.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardMethod {
    billing_details: BillingDetails,
    card: CardDetails,
    customer: Option<String>,
    metadata: Option<BTreeMap<String, MetadataValue>>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PayPayMethod {
    billing_details: Option<BillingDetails>,
    customer: Option<String>,
    metadata: Option<BTreeMap<String, MetadataValue>>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BillingDetails {
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<BillingAddress>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BillingAddress {
    country: Option<String>,
    zip: Option<String>,
    state: Option<String>,
    city: Option<String>,
    line1: Option<String>,
    line2: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardDetails {
    number: String,
    exp_month: i64,
    exp_year: i64,
    cvc: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PaymentMethodOptions {
    card: CardOptions,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    request_extended_authorization: Option<ExtendedAuthorization>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_three_d_secure: Option<ThreeDSecure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    setup_future_usage: Option<Usage>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ExtendedAuthorization {
    IfAvailable,
    Never,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ThreeDSecure {
    Any,
    Automatic,
    Challenge,
}

/// Reads a body allowed to hold `allowed` fields; an empty body is an empty
/// object unless `required`.
fn parse_fields(body: &[u8], allowed: &[&str], required: bool) -> Result<Fields, Problem> {
    if body.is_empty() {
        return if required {
            Err(Problem::invalid_field("body", "missing", "Field required"))
        } else {
            Ok(Fields::default())
        };
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Problem::invalid_field("body", "json_invalid", format!("JSON decode error: {e}"))
    })?;
    let Some(object) = value.as_object() else {
        return Err(Problem::invalid_field(
            "body",
            "model_type",
            "Input should be an object",
        ));
    };
    let extra: Vec<FieldError> = object
        .keys()
        .filter(|key| !allowed.contains(&key.as_str()))
        .map(|key| {
            field_error(
                key.as_str(),
                "extra_forbidden",
                "Extra inputs are not permitted",
            )
        })
        .collect();
    if !extra.is_empty() {
        return Err(Problem::validation(extra));
    }
    let fields: Fields = serde_path_to_error::deserialize(value).map_err(|e| {
        let field = e.path().to_string();
        Problem::invalid_field(&field, "invalid", e.into_inner().to_string())
    })?;
    let errors = constraint_errors(&fields);
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(Problem::validation(errors))
    }
}

/// Checks the documented bounds and patterns, all at once.
fn constraint_errors(fields: &Fields) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(amount) = fields.amount {
        if !(MIN_AMOUNT..=MAX_AMOUNT).contains(&amount) {
            errors.push(field_error(
                "amount",
                "range",
                format!("Input should be between {MIN_AMOUNT} and {MAX_AMOUNT}"),
            ));
        }
    }
    if let Some(PaymentMethodData::Card(card)) = &fields.payment_method_data {
        card_errors(&card.card, &mut errors);
    }
    errors
}

fn card_errors(card: &CardDetails, errors: &mut Vec<FieldError>) {
    let at = |name: &str| format!("payment_method_data.card.{name}");
    if !all_digits(&card.number, 14..=16) {
        errors.push(field_error(
            at("number"),
            "string_pattern_mismatch",
            "String should match pattern '^[0-9]{14,16}$'",
        ));
    }
    if !all_digits(&card.cvc, 3..=4) {
        errors.push(field_error(
            at("cvc"),
            "string_pattern_mismatch",
            "String should match pattern '^[0-9]{3,4}$'",
        ));
    }
    if !(1..=12).contains(&card.exp_month) {
        errors.push(field_error(
            at("exp_month"),
            "range",
            "Input should be between 1 and 12",
        ));
    }
    if !(0..=9999).contains(&card.exp_year) {
        errors.push(field_error(
            at("exp_year"),
            "range",
            "Input should be between 0 and 9999",
        ));
    }
}

fn all_digits(text: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// `limit` and `offset` of a list request.
fn page_params(query: Option<&str>) -> Result<(usize, usize), Problem> {
    let mut limit = DEFAULT_LIMIT;
    let mut offset = 0;
    let mut errors = Vec::new();
    for pair in query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let target = match name {
            "limit" => &mut limit,
            "offset" => &mut offset,
            _ => continue,
        };
        match value.parse::<i64>() {
            Ok(number) => *target = number,
            Err(_) => errors.push(field_error(
                name,
                "int_parsing",
                "Input should be a valid integer",
            )),
        }
    }
    if !(1..=MAX_LIMIT).contains(&limit) {
        errors.push(field_error(
            "limit",
            "range",
            format!("Input should be between 1 and {MAX_LIMIT}"),
        ));
    }
    if offset < 0 {
        errors.push(field_error(
            "offset",
            "greater_than_equal",
            "Input should be greater than or equal to 0",
        ));
    }
    match (usize::try_from(limit), usize::try_from(offset)) {
        (Ok(limit), Ok(offset)) if errors.is_empty() => Ok((limit, offset)),
        _ => Err(Problem::validation(errors)),
    }
}

// ---------------------------------------------------------------------------
// The state
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Canceled,
    RequiresAction,
    RequiresCapture,
    RequiresConfirmation,
    RequiresPaymentMethod,
    Succeeded,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Self::Canceled => "canceled",
            Self::RequiresAction => "requires_action",
            Self::RequiresCapture => "requires_capture",
            Self::RequiresConfirmation => "requires_confirmation",
            Self::RequiresPaymentMethod => "requires_payment_method",
            Self::Succeeded => "succeeded",
        }
    }

    /// Fails with 400 Invalid Status unless `self` is one of `allowed`.
    fn require(self, allowed: &[Status]) -> Result<(), Problem> {
        if allowed.contains(&self) {
            Ok(())
        } else {
            Err(Problem::invalid_status(self, allowed))
        }
    }
}

const UPDATABLE: &[Status] = &[
    Status::RequiresPaymentMethod,
    Status::RequiresConfirmation,
    Status::RequiresAction,
];
const CONFIRMABLE: &[Status] = &[Status::RequiresPaymentMethod, Status::RequiresConfirmation];
const CANCELABLE: &[Status] = &[
    Status::RequiresPaymentMethod,
    Status::RequiresConfirmation,
    Status::RequiresAction,
    Status::RequiresCapture,
];
const CAPTURABLE: &[Status] = &[Status::RequiresCapture];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MethodKind {
    Card,
    PayPay,
}

/// One payment intent.
#[derive(Clone, Debug)]
struct Intent {
    id: String,
    created_at: String,
    updated_at: String,
    amount: i64,
    amount_capturable: Option<i64>,
    amount_received: Option<i64>,
    client_secret: String,
    capture_method: CaptureMethod,
    customer: Option<String>,
    description: Option<String>,
    metadata: Map<String, Value>,
    payment_method: Option<String>,
    payment_method_options: Option<Value>,
    payment_method_types: Option<Vec<String>>,
    receipt_email: Option<String>,
    return_url: Option<String>,
    status: Status,
    next_action: Option<Value>,
}

impl Intent {
    fn new(amount: i64) -> Self {
        let id = format!("pi_{}", random_hex(24));
        let now = now();
        Self {
            client_secret: format!("{id}_secret_{}", random_hex(16)),
            id,
            created_at: now.clone(),
            updated_at: now,
            amount,
            amount_capturable: None,
            amount_received: None,
            capture_method: CaptureMethod::Automatic,
            customer: None,
            description: None,
            metadata: Map::new(),
            payment_method: None,
            payment_method_options: None,
            payment_method_types: None,
            receipt_email: None,
            return_url: None,
            status: Status::RequiresPaymentMethod,
            next_action: None,
        }
    }

    /// The intent as PAY.JP's `PaymentIntentResponse`.
    fn to_json(&self) -> Value {
        let types = self
            .payment_method_types
            .clone()
            .unwrap_or_else(|| vec!["card".to_owned()]);
        json!({
            "id": self.id,
            "object": "payment_intent",
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "livemode": false,
            "amount": self.amount,
            "amount_capturable": self.amount_capturable,
            "amount_received": self.amount_received,
            "client_secret": self.client_secret,
            "confirmation_method": "automatic",
            "customer": self.customer,
            "description": self.description,
            "metadata": self.metadata,
            "payment_method": self.payment_method,
            "payment_method_options": self.payment_method_options,
            "payment_method_types": types,
            "receipt_email": self.receipt_email,
            "status": self.status.as_str(),
            "next_action": self.next_action,
            "return_url": self.return_url,
            "capture_method": self.capture_method.as_str(),
        })
    }
}

/// Everything the server remembers.
#[derive(Debug, Default)]
struct Store {
    /// In creation order.
    intents: Vec<Intent>,
    index: BTreeMap<String, usize>,
    payment_methods: BTreeMap<String, MethodKind>,
    idempotency: BTreeMap<String, (Fingerprint, Reply)>,
    executed: usize,
    replayed: usize,
}

impl Store {
    /// Answers one request; the flag tells whether it was a replay.
    fn serve(&mut self, request: &Incoming) -> (Reply, bool) {
        if !authorized(request) {
            return (Problem::unauthorized().into_reply(&request.path), false);
        }
        let key = match request.method {
            Method::POST => request.header("idempotency-key").map(str::to_owned),
            _ => None,
        };
        if let Some((fingerprint, reply)) = key.as_ref().and_then(|key| self.idempotency.get(key)) {
            if *fingerprint != request.fingerprint() {
                return (
                    Problem::idempotency_key_reused().into_reply(&request.path),
                    false,
                );
            }
            self.replayed += 1;
            return (reply.clone(), true);
        }
        self.executed += 1;
        let reply = match self.run(request) {
            Ok(body) => Reply::ok(body),
            Err(problem) => problem.into_reply(&request.path),
        };
        if let Some(key) = key {
            self.idempotency
                .insert(key, (request.fingerprint(), reply.clone()));
        }
        (reply, false)
    }

    fn run(&mut self, request: &Incoming) -> Result<Value, Problem> {
        let body = &request.body;
        match Route::parse(&request.method, &request.path)? {
            Route::List => self.list(request.query.as_deref()),
            Route::Create => self.create(parse_fields(body, CREATE_FIELDS, true)?),
            Route::Retrieve(id) => Ok(self.intent(&id)?.to_json()),
            Route::Update(id) => self.update(&id, parse_fields(body, UPDATE_FIELDS, true)?),
            Route::Act(id, Action::Confirm) => {
                self.confirm(&id, parse_fields(body, CONFIRM_FIELDS, false)?)
            }
            Route::Act(id, Action::Capture) => {
                self.capture(&id, parse_fields(body, CAPTURE_FIELDS, false)?)
            }
            Route::Act(id, Action::Cancel) => {
                parse_fields(body, CANCEL_FIELDS, false)?;
                self.cancel(&id)
            }
            Route::Act(id, Action::IncrementAuthorization) => {
                self.increment(&id, parse_fields(body, INCREMENT_FIELDS, true)?)
            }
        }
    }

    fn intent(&self, id: &str) -> Result<&Intent, Problem> {
        self.index
            .get(id)
            .and_then(|&at| self.intents.get(at))
            .ok_or_else(|| Problem::not_found("payment_intent", id))
    }

    /// Runs `change` on a copy of intent `id` and keeps it only on success.
    fn modify(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut Self, &mut Intent) -> Result<(), Problem>,
    ) -> Result<Value, Problem> {
        let mut intent = self.intent(id)?.clone();
        change(self, &mut intent)?;
        intent.updated_at = now();
        let body = intent.to_json();
        if let Some(slot) = self.index.get(id).and_then(|&at| self.intents.get_mut(at)) {
            *slot = intent;
        }
        Ok(body)
    }

    fn list(&self, query: Option<&str>) -> Result<Value, Problem> {
        let (limit, offset) = page_params(query)?;
        let data: Vec<Value> = self
            .intents
            .iter()
            .skip(offset)
            .take(limit)
            .map(Intent::to_json)
            .collect();
        let has_more = offset.saturating_add(data.len()) < self.intents.len();
        Ok(json!({"object": "list", "url": COLLECTION, "has_more": has_more, "data": data}))
    }

    fn create(&mut self, mut fields: Fields) -> Result<Value, Problem> {
        let amount = fields
            .amount
            .take()
            .ok_or_else(|| Problem::invalid_field("amount", "missing", "Field required"))?;
        let confirm = fields.confirm.unwrap_or(false);
        let mut intent = Intent::new(amount);
        self.apply(&mut intent, fields)?;
        if confirm {
            self.confirm_now(&mut intent)?;
        }
        let body = intent.to_json();
        self.index.insert(intent.id.clone(), self.intents.len());
        self.intents.push(intent);
        Ok(body)
    }

    fn update(&mut self, id: &str, fields: Fields) -> Result<Value, Problem> {
        self.modify(id, |store, intent| {
            intent.status.require(UPDATABLE)?;
            store.apply(intent, fields)
        })
    }

    fn confirm(&mut self, id: &str, fields: Fields) -> Result<Value, Problem> {
        self.modify(id, |store, intent| {
            intent.status.require(CONFIRMABLE)?;
            store.apply(intent, fields)?;
            store.confirm_now(intent)
        })
    }

    fn capture(&mut self, id: &str, fields: Fields) -> Result<Value, Problem> {
        self.modify(id, |_, intent| {
            intent.status.require(CAPTURABLE)?;
            let capturable = intent.amount_capturable.unwrap_or(intent.amount);
            let amount = fields.amount_to_capture.unwrap_or(capturable);
            if !(1..=capturable).contains(&amount) {
                return Err(Problem::invalid_field(
                    "amount_to_capture",
                    "range",
                    format!("Input should be between 1 and {capturable} (amount_capturable)"),
                ));
            }
            intent.amount_received = Some(amount);
            intent.amount_capturable = Some(0);
            intent.status = Status::Succeeded;
            Ok(())
        })
    }

    fn cancel(&mut self, id: &str) -> Result<Value, Problem> {
        self.modify(id, |_, intent| {
            intent.status.require(CANCELABLE)?;
            if intent.amount_capturable.is_some() {
                intent.amount_capturable = Some(0);
            }
            intent.next_action = None;
            intent.status = Status::Canceled;
            Ok(())
        })
    }

    fn increment(&mut self, id: &str, fields: Fields) -> Result<Value, Problem> {
        let amount = fields
            .amount
            .ok_or_else(|| Problem::invalid_field("amount", "missing", "Field required"))?;
        self.modify(id, |_, intent| {
            intent.status.require(CAPTURABLE)?;
            if amount <= intent.amount {
                return Err(Problem::invalid_field(
                    "amount",
                    "greater_than",
                    format!(
                        "Input should be greater than the current amount {}",
                        intent.amount
                    ),
                ));
            }
            intent.amount = amount;
            intent.amount_capturable = Some(amount);
            if let Some(description) = fields.description {
                intent.description = Some(description);
            }
            Ok(())
        })
    }

    /// Copies the fields of create, update or confirm onto `intent`.
    fn apply(&mut self, intent: &mut Intent, fields: Fields) -> Result<(), Problem> {
        let attached = self.attach(fields.payment_method, fields.payment_method_data)?;
        if let Some(amount) = fields.amount {
            intent.amount = amount;
        }
        if let Some(method) = fields.capture_method {
            intent.capture_method = method;
        }
        if let Some(metadata) = fields.metadata {
            for (key, value) in metadata {
                intent.metadata.insert(key, value.into_json());
            }
        }
        if let Some(options) = fields.payment_method_options {
            intent.payment_method_options = serde_json::to_value(options).ok();
        }
        if let Some(types) = fields.payment_method_types {
            intent.payment_method_types =
                Some(types.iter().map(|t| t.as_str().to_owned()).collect());
        }
        set_if_some(&mut intent.customer, fields.customer);
        set_if_some(&mut intent.description, fields.description);
        set_if_some(&mut intent.receipt_email, fields.receipt_email);
        set_if_some(&mut intent.return_url, fields.return_url);
        if let Some((id, kind)) = attached {
            intent.payment_method = Some(id);
            intent.next_action = None;
            intent.status = Status::RequiresConfirmation;
            if intent.payment_method_types.is_none() && kind == MethodKind::PayPay {
                intent.payment_method_types = Some(vec!["paypay".to_owned()]);
            }
        }
        Ok(())
    }

    /// The payment method named or created by a request, if any.
    fn attach(
        &mut self,
        id: Option<String>,
        data: Option<PaymentMethodData>,
    ) -> Result<Option<(String, MethodKind)>, Problem> {
        match (id, data) {
            (Some(_), Some(_)) => Err(Problem::invalid_field(
                "payment_method_data",
                "conflict",
                "Give payment_method or payment_method_data, not both",
            )),
            (Some(id), None) => match self.payment_methods.get(&id) {
                Some(&kind) => Ok(Some((id, kind))),
                None => Err(Problem::not_found("payment_method", &id)),
            },
            (None, Some(data)) => {
                let kind = match data {
                    PaymentMethodData::Card(_) => MethodKind::Card,
                    PaymentMethodData::Paypay(_) => MethodKind::PayPay,
                };
                let id = format!("pm_{}", random_hex(24));
                self.payment_methods.insert(id.clone(), kind);
                Ok(Some((id, kind)))
            }
            (None, None) => Ok(None),
        }
    }

    /// Confirms `intent`: what happens next depends on its payment method.
    fn confirm_now(&self, intent: &mut Intent) -> Result<(), Problem> {
        let kind = intent
            .payment_method
            .as_ref()
            .and_then(|id| self.payment_methods.get(id))
            .copied()
            .ok_or_else(Problem::missing_payment_method)?;
        match (kind, intent.capture_method) {
            (MethodKind::PayPay, _) => {
                intent.status = Status::RequiresAction;
                intent.next_action = Some(json!({
                    "type": "redirect_to_url",
                    "redirect_to_url": {
                        "url": format!("https://paypay.example/authorize/{}", intent.id),
                        "return_url": intent.return_url,
                    }
                }));
            }
            (MethodKind::Card, CaptureMethod::Manual) => {
                intent.status = Status::RequiresCapture;
                intent.amount_capturable = Some(intent.amount);
            }
            (MethodKind::Card, CaptureMethod::Automatic | CaptureMethod::AutomaticAsync) => {
                intent.status = Status::Succeeded;
                intent.amount_capturable = Some(0);
                intent.amount_received = Some(intent.amount);
            }
        }
        Ok(())
    }
}

fn set_if_some(target: &mut Option<String>, value: Option<String>) {
    if value.is_some() {
        *target = value;
    }
}

/// Whether the request carries `Authorization: Bearer sk_test_...`.
fn authorized(request: &Incoming) -> bool {
    request
        .header("authorization")
        .and_then(|value| value.strip_prefix("Bearer "))
        .and_then(|key| key.strip_prefix(KEY_PREFIX))
        .is_some_and(|rest| !rest.is_empty())
}

/// The current time in RFC 3339, to the second, in UTC.
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `len` random lowercase hex digits (at most 32).
fn random_hex(len: usize) -> String {
    let mut text = uuid::Uuid::new_v4().simple().to_string();
    text.truncate(len);
    text
}

#[cfg(test)]
mod tests {
    //! The server's own checks, without HTTP: what it refuses and how.

    use super::*;

    /// Sends one request straight to `store`; the status and JSON body.
    fn send(store: &mut Store, method: Method, target: &str, body: &str) -> (u16, Value) {
        send_with(
            store,
            method,
            target,
            body,
            &[("authorization", "Bearer sk_test_unit")],
        )
    }

    fn send_with(
        store: &mut Store,
        method: Method,
        target: &str,
        body: &str,
        headers: &[(&'static str, &'static str)],
    ) -> (u16, Value) {
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (target.to_owned(), None),
        };
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_static(value));
        }
        let request = Incoming {
            method,
            path,
            query,
            headers: map,
            body: Bytes::from(body.to_owned()),
        };
        let (reply, _) = store.serve(&request);
        (reply.status.as_u16(), reply.body)
    }

    /// The `field` of each entry of a 422's `errors`.
    fn fields(body: &Value) -> Vec<&str> {
        body["errors"]
            .as_array()
            .map(|errors| errors.iter().filter_map(|e| e["field"].as_str()).collect())
            .unwrap_or_default()
    }

    const CARD: &str = r#"{"type": "card", "billing_details": {}, "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}"#;

    #[test]
    fn fields_an_operation_does_not_have_are_refused() {
        let mut store = Store::default();
        let (status, body) = send(
            &mut store,
            Method::POST,
            COLLECTION,
            r#"{"amount": 500, "amout": 1}"#,
        );
        assert_eq!((status, fields(&body)), (422, vec!["amout"]), "{body}");
        let (status, body) = send(
            &mut store,
            Method::POST,
            COLLECTION,
            r#"{"amount": 500, "cancellation_reason": "x"}"#,
        );
        assert_eq!(
            (status, fields(&body)),
            (422, vec!["cancellation_reason"]),
            "{body}"
        );
        let with_extra = CARD.replace(r#""cvc": "123""#, r#""cvc": "123", "brand": "visa""#);
        let with_extra = format!(r#"{{"amount": 500, "payment_method_data": {with_extra}}}"#);
        let (status, body) = send(&mut store, Method::POST, COLLECTION, &with_extra);
        assert_eq!(status, 422, "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("brand")),
            "{body}"
        );
        let (status, body) = send(
            &mut store,
            Method::POST,
            COLLECTION,
            r#"{"amount": 500, "payment_method_data": {"type": "paypay", "card": {}}}"#,
        );
        assert_eq!(status, 422, "{body}");
        assert!(store.intents.is_empty());
    }

    #[test]
    fn shapes_and_types_are_checked() {
        let mut store = Store::default();
        let cases = [
            (r#"{"amount": 500"#, "body"),
            (r#"[500]"#, "body"),
            (r#"{"amount": "500"}"#, "amount"),
            (
                r#"{"amount": 500, "capture_method": "later"}"#,
                "capture_method",
            ),
            (
                r#"{"amount": 500, "metadata": {"tags": ["a"]}}"#,
                "metadata.tags",
            ),
            (
                r#"{"amount": 500, "payment_method_data": {"type": "cash"}}"#,
                "payment_method_data.type",
            ),
            (r#"{"currency": "jpy"}"#, "currency"),
            (r#"{}"#, "amount"),
        ];
        for (body, field) in cases {
            let (status, answer) = send(&mut store, Method::POST, COLLECTION, body);
            assert_eq!(status, 422, "{body}: {answer}");
            assert_eq!(answer["title"], "Validation Error");
            assert_eq!(fields(&answer), vec![field], "{body}: {answer}");
        }
        let good = format!(r#"{{"amount": 500, "payment_method_data": {CARD}}}"#);
        assert_eq!(send(&mut store, Method::POST, COLLECTION, &good).0, 200);
    }

    #[test]
    fn routes_methods_and_keys_are_checked() {
        let mut store = Store::default();
        let cases = [
            (Method::GET, "/v2/payment_intents/pi_1/confirm", 405),
            (Method::DELETE, "/v2/payment_intents", 405),
            (Method::POST, "/v2/payment_intents/pi_1/refund", 404),
            (Method::GET, "/v2/payment_intents/", 404),
            (Method::GET, "/v2/payment_intentsx", 404),
            (Method::GET, "/v2/customers", 404),
            (Method::GET, "/v2/payment_intents/pi_1", 404),
            (Method::GET, "/v2/payment_intents?limit=ten", 422),
            (Method::GET, "/v2/payment_intents?limit=100&offset=0", 200),
        ];
        for (method, target, expected) in cases {
            let (status, body) = send(&mut store, method.clone(), target, "");
            assert_eq!(status, expected, "{method} {target}: {body}");
        }
        for key in [
            "",
            "Bearer ",
            "Bearer sk_test_",
            "Bearer sk_live_1",
            "sk_test_1",
        ] {
            let mut headers = vec![];
            if !key.is_empty() {
                headers.push(("authorization", key));
            }
            let (status, body) = send_with(&mut store, Method::GET, COLLECTION, "", &headers);
            assert_eq!(
                (status, &body["title"]),
                (401, &json!("Unauthorized")),
                "{key:?}"
            );
        }
    }

    #[test]
    fn an_idempotency_key_runs_its_request_once() {
        let mut store = Store::default();
        let headers = [
            ("authorization", "Bearer sk_test_unit"),
            ("idempotency-key", "k1"),
        ];
        let first = send_with(
            &mut store,
            Method::POST,
            COLLECTION,
            r#"{"amount": 500}"#,
            &headers,
        );
        let again = send_with(
            &mut store,
            Method::POST,
            COLLECTION,
            r#"{"amount": 500}"#,
            &headers,
        );
        assert_eq!(first, again);
        assert_eq!(
            (store.intents.len(), store.executed, store.replayed),
            (1, 1, 1)
        );
        let other = send_with(
            &mut store,
            Method::POST,
            COLLECTION,
            r#"{"amount": 600}"#,
            &headers,
        );
        assert_eq!(
            (other.0, &other.1["title"]),
            (400, &json!("Idempotency Key Reused"))
        );
        // Failures are remembered too.
        let failed = send_with(
            &mut store,
            Method::POST,
            "/v2/payment_intents/pi_x/cancel",
            "",
            &headers[..1],
        );
        assert_eq!(failed.0, 404);
    }
}
