//! Stripe: the payment provider port (`app::payments::PaymentProvider`) over Stripe's REST API,
//! and the verification of Stripe's webhooks.
//!
//! A thin client on the service's own HTTP stack (reqwest, rustls) rather than `async-stripe`:
//! see `docs/benchmarks.md` ("Stripe client: build cost") for what the crate would cost and
//! why its strict response types could not be tested against localstripe. Requests are
//! form-encoded as Stripe expects, with an `Idempotency-Key` (the payment or refund id) on every
//! POST, so a retry never makes a second payment or refund; responses are read for the few
//! fields SkySlots uses. The API base is configurable (`SKYSLOTS_STRIPE_API_BASE`) so tests run
//! against a Stripe-compatible server; it is the operator's setting, not a user's URL.

use std::collections::BTreeMap;

use futures_util::future::BoxFuture;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use skyslots_app::payments::{
    AccountState, Amount, Attempt, Balance, CheckoutPage, CheckoutRequest, Intent, IntentRequest,
    OnboardingLink, PaymentProvider, Payout, Payouts, ProviderChange, ProviderError, ProviderEvent,
    RefundRequest,
};

/// The Stripe API version the requests and the fields read are written for.
pub const API_VERSION: &str = "2024-06-20";
/// How old a webhook's signed timestamp may be (Stripe's libraries use five minutes).
pub const TOLERANCE_SECS: i64 = 300;
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// What the server needs to take payments with Stripe.
#[derive(Clone)]
pub struct StripeConfig {
    pub secret_key: String,
    /// `pk_…`: given to booking pages for Stripe.js (public by design).
    pub publishable_key: Option<String>,
    pub webhook_secret: Option<String>,
    /// `https://api.stripe.com` unless pointed at a Stripe-compatible server.
    pub api_base: String,
}

impl std::fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeConfig")
            .field("secret_key", &"[redacted]")
            .field(
                "webhook_secret",
                &self.webhook_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("api_base", &self.api_base)
            .field("publishable_key", &self.publishable_key)
            .finish()
    }
}

/// The Stripe client.
pub struct Stripe {
    config: StripeConfig,
    client: reqwest::Client,
}

impl std::fmt::Debug for Stripe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stripe")
            .field("config", &self.config)
            .finish()
    }
}

impl Stripe {
    pub fn new(config: StripeConfig) -> Result<Self, String> {
        if !config.secret_key.starts_with("sk_") && !config.secret_key.starts_with("rk_") {
            return Err(
                "SKYSLOTS_STRIPE_SECRET_KEY must be a Stripe secret key (sk_… or rk_…)".into(),
            );
        }
        if config
            .publishable_key
            .as_deref()
            .is_some_and(|k| !k.starts_with("pk_") || k.len() > 255)
        {
            return Err(
                "SKYSLOTS_STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key (pk_…)".into(),
            );
        }
        url::Url::parse(&config.api_base)
            .map_err(|e| format!("SKYSLOTS_STRIPE_API_BASE is not a URL: {e}"))?;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(std::time::Duration::from_secs(10))
            .user_agent(concat!("SkySlots/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("Stripe HTTP client: {e}"))?;
        Ok(Self { config, client })
    }

    /// The publishable key booking pages load Stripe.js with.
    pub fn publishable_key(&self) -> Option<&str> {
        self.config.publishable_key.as_deref()
    }

    /// Whether webhooks can be verified (an endpoint secret is configured).
    pub fn verifies_webhooks(&self) -> bool {
        self.config.webhook_secret.is_some()
    }

    /// Whether the key is a test-mode key.
    pub fn test_mode(&self) -> bool {
        self.config.secret_key.starts_with("sk_test_")
            || self.config.secret_key.starts_with("rk_test_")
    }

    pub fn describe(&self) -> String {
        format!(
            "payments: Stripe ({} mode) at {}{}",
            if self.test_mode() { "test" } else { "live" },
            self.config.api_base,
            if self.verifies_webhooks() {
                ""
            } else {
                "; SKYSLOTS_STRIPE_WEBHOOK_SECRET is not set, so webhooks are refused and no payment is ever confirmed"
            }
        )
    }

    /// POST `form` to `path`; the JSON answer, or why not.
    async fn post(
        &self,
        path: &str,
        form: &[(String, String)],
        idempotency_key: &str,
    ) -> Result<serde_json::Value, ProviderError> {
        let url = format!("{}{path}", self.config.api_base.trim_end_matches('/'));
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .finish();
        let answer = self
            .client
            .post(&url)
            .bearer_auth(&self.config.secret_key)
            .header("stripe-version", API_VERSION)
            .header("idempotency-key", idempotency_key)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|e| ProviderError::Unavailable(without_url(&e)))?;
        read(answer).await
    }

    /// GET `path` with `query`, on behalf of the connected account `account` if given.
    async fn get(
        &self,
        path: &str,
        query: &[(&str, String)],
        account: Option<&str>,
    ) -> Result<serde_json::Value, ProviderError> {
        let url = format!("{}{path}", self.config.api_base.trim_end_matches('/'));
        let mut request = self
            .client
            .get(&url)
            .bearer_auth(&self.config.secret_key)
            .header("stripe-version", API_VERSION)
            .query(query);
        if let Some(a) = account {
            request = request.header("stripe-account", a);
        }
        let answer = request
            .send()
            .await
            .map_err(|e| ProviderError::Unavailable(without_url(&e)))?;
        read(answer).await
    }

    /// Check a webhook's `Stripe-Signature` against the endpoint secret, then read the event.
    pub fn verify_event(
        &self,
        payload: &[u8],
        signature: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<ProviderEvent, String> {
        let secret = self
            .config
            .webhook_secret
            .as_deref()
            .ok_or("no webhook secret is configured (SKYSLOTS_STRIPE_WEBHOOK_SECRET)")?;
        verify_signature(secret, payload, signature, now.timestamp())?;
        parse_event(payload)
    }
}

/// Stripe's JSON answer, or its error: a 5xx, 429 or 409 (an idempotent request still in
/// flight) is worth retrying, any other 4xx is a refusal.
async fn read(answer: reqwest::Response) -> Result<serde_json::Value, ProviderError> {
    let status = answer.status();
    let text = answer
        .text()
        .await
        .map_err(|e| ProviderError::Unavailable(without_url(&e)))?;
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    if status.is_success() {
        return Ok(json);
    }
    let message = json
        .pointer("/error/message")
        .and_then(|m| m.as_str())
        .map_or_else(
            || format!("HTTP {status}"),
            |m| format!("{m} (HTTP {status})"),
        );
    if status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 409 {
        Err(ProviderError::Unavailable(message))
    } else {
        Err(ProviderError::Refused(message))
    }
}

fn account_state(a: &serde_json::Value) -> Result<AccountState, ProviderError> {
    let flag = |name: &str| {
        a.get(name)
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    };
    Ok(AccountState {
        id: a
            .get("id")
            .and_then(|v| v.as_str())
            .filter(|id| is_stripe_id(id, "acct_"))
            .ok_or_else(|| ProviderError::Unavailable("Stripe's account has no id".into()))?
            .to_owned(),
        charges_enabled: flag("charges_enabled"),
        payouts_enabled: flag("payouts_enabled"),
        details_submitted: flag("details_submitted"),
        requirements: a
            .pointer("/requirements/currently_due")
            .and_then(|r| r.as_array())
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

fn amounts(list: Option<&serde_json::Value>) -> Vec<Amount> {
    list.and_then(|l| l.as_array())
        .map(|l| {
            l.iter()
                .filter_map(|a| {
                    Some(Amount {
                        amount: a.get("amount")?.as_i64()?,
                        currency: a.get("currency")?.as_str()?.to_ascii_uppercase(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn time(v: Option<&serde_json::Value>) -> Option<chrono::DateTime<chrono::Utc>> {
    v.and_then(serde_json::Value::as_i64)
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
}

/// A form key for `path` (`["transfer_data", "destination"]`), nested under `parent` if
/// given: `transfer_data[destination]`, `payment_intent_data[transfer_data][destination]`.
fn key(parent: Option<&str>, path: &[&str]) -> String {
    let (head, rest): (String, &[&str]) = match parent {
        Some(p) => (p.to_owned(), path),
        None => (path[0].to_owned(), &path[1..]),
    };
    rest.iter().fold(head, |k, part| format!("{k}[{part}]"))
}

/// A destination charge's fields (the connected account and the platform's fee), under
/// `parent` if given.
fn destination(parent: Option<&str>, d: Option<(&str, i64)>) -> Vec<(String, String)> {
    d.map(|(account, fee)| {
        let mut v = vec![(
            key(parent, &["transfer_data", "destination"]),
            account.to_owned(),
        )];
        if fee > 0 {
            v.push((key(parent, &["application_fee_amount"]), fee.to_string()));
        }
        v
    })
    .unwrap_or_default()
}

/// What went wrong reaching Stripe, in a few words.
fn without_url(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        format!("request failed: {e}")
    }
}

/// `metadata[key]=value` pairs.
fn metadata<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Iterator<Item = (String, String)> + 'a {
    pairs
        .iter()
        .map(|(k, v)| (format!("metadata[{k}]"), (*v).to_owned()))
}

impl PaymentProvider for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn create_intent<'a>(
        &'a self,
        r: IntentRequest<'a>,
    ) -> BoxFuture<'a, Result<Intent, ProviderError>> {
        Box::pin(async move {
            let mut form = vec![
                ("amount".to_owned(), r.amount.to_string()),
                ("currency".to_owned(), r.currency.to_ascii_lowercase()),
            ];
            form.extend(metadata(r.metadata));
            form.extend(destination(None, r.destination));
            let pi = self
                .post("/v1/payment_intents", &form, r.idempotency_key)
                .await?;
            let field = |name: &str| {
                pi.get(name)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        ProviderError::Unavailable(format!("Stripe's PaymentIntent has no {name}"))
                    })
            };
            Ok(Intent {
                id: field("id")?,
                client_secret: field("client_secret")?,
            })
        })
    }

    fn create_checkout<'a>(
        &'a self,
        r: CheckoutRequest<'a>,
    ) -> BoxFuture<'a, Result<CheckoutPage, ProviderError>> {
        Box::pin(async move {
            let mut form = vec![
                ("mode".to_owned(), "payment".to_owned()),
                (
                    "client_reference_id".to_owned(),
                    r.idempotency_key.to_owned(),
                ),
                ("customer_email".to_owned(), r.customer_email.to_owned()),
                ("success_url".to_owned(), r.success_url.to_owned()),
                ("cancel_url".to_owned(), r.cancel_url.to_owned()),
                (
                    "expires_at".to_owned(),
                    r.expires_at.timestamp().to_string(),
                ),
                ("line_items[0][quantity]".to_owned(), "1".to_owned()),
                (
                    "line_items[0][price_data][currency]".to_owned(),
                    r.currency.to_ascii_lowercase(),
                ),
                (
                    "line_items[0][price_data][unit_amount]".to_owned(),
                    r.amount.to_string(),
                ),
                (
                    "line_items[0][price_data][product_data][name]".to_owned(),
                    r.name.chars().take(250).collect(),
                ),
            ];
            form.extend(metadata(r.metadata));
            // The session's PaymentIntent carries the same tags, for its own events.
            form.extend(r.metadata.iter().map(|(k, v)| {
                (
                    format!("payment_intent_data[metadata][{k}]"),
                    (*v).to_owned(),
                )
            }));
            form.extend(destination(Some("payment_intent_data"), r.destination));
            let session = self
                .post("/v1/checkout/sessions", &form, r.idempotency_key)
                .await?;
            let field = |name: &str| {
                session
                    .get(name)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        ProviderError::Unavailable(format!(
                            "Stripe's Checkout Session has no {name}"
                        ))
                    })
            };
            Ok(CheckoutPage {
                id: field("id")?,
                url: field("url")?,
            })
        })
    }

    fn expire_checkout<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), ProviderError>> {
        Box::pin(async move {
            if !is_stripe_id(id, "cs_") {
                return Err(ProviderError::Refused(format!(
                    "{id:?} is not a Checkout Session id"
                )));
            }
            let path = format!("/v1/checkout/sessions/{id}/expire");
            self.post(&path, &[], &format!("expire-{id}"))
                .await
                .map(|_| ())
        })
    }

    fn create_account<'a>(
        &'a self,
        organization_id: &'a str,
        email: Option<&'a str>,
    ) -> BoxFuture<'a, Result<AccountState, ProviderError>> {
        Box::pin(async move {
            let mut form = vec![
                ("type".to_owned(), "express".to_owned()),
                (
                    "capabilities[card_payments][requested]".to_owned(),
                    "true".to_owned(),
                ),
                (
                    "capabilities[transfers][requested]".to_owned(),
                    "true".to_owned(),
                ),
                (
                    "metadata[skyslots_organization]".to_owned(),
                    organization_id.to_owned(),
                ),
            ];
            if let Some(e) = email {
                form.push(("email".to_owned(), e.to_owned()));
            }
            let key = format!(
                "account-{organization_id}-{}",
                chrono::Utc::now().timestamp() / 60
            );
            account_state(&self.post("/v1/accounts", &form, &key).await?)
        })
    }

    fn get_account<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<AccountState, ProviderError>> {
        Box::pin(async move {
            if !is_stripe_id(id, "acct_") {
                return Err(ProviderError::Refused(format!(
                    "{id:?} is not an account id"
                )));
            }
            account_state(&self.get(&format!("/v1/accounts/{id}"), &[], None).await?)
        })
    }

    fn onboarding_link<'a>(
        &'a self,
        account: &'a str,
        refresh_url: &'a str,
        return_url: &'a str,
    ) -> BoxFuture<'a, Result<OnboardingLink, ProviderError>> {
        Box::pin(async move {
            let form = vec![
                ("account".to_owned(), account.to_owned()),
                ("type".to_owned(), "account_onboarding".to_owned()),
                ("refresh_url".to_owned(), refresh_url.to_owned()),
                ("return_url".to_owned(), return_url.to_owned()),
            ];
            let key = format!("onboarding-{account}-{}", uuid_like());
            let link = self.post("/v1/account_links", &form, &key).await?;
            let url = link
                .get("url")
                .and_then(|u| u.as_str())
                .ok_or_else(|| {
                    ProviderError::Unavailable("Stripe's account link has no url".into())
                })?
                .to_owned();
            Ok(OnboardingLink {
                url,
                expires_at: time(link.get("expires_at")),
            })
        })
    }

    fn balance<'a>(&'a self, account: &'a str) -> BoxFuture<'a, Result<Balance, ProviderError>> {
        Box::pin(async move {
            let b = self.get("/v1/balance", &[], Some(account)).await?;
            Ok(Balance {
                available: amounts(b.get("available")),
                pending: amounts(b.get("pending")),
            })
        })
    }

    fn payouts<'a>(
        &'a self,
        account: &'a str,
        limit: u32,
        starting_after: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Payouts, ProviderError>> {
        Box::pin(async move {
            let mut query = vec![("limit", limit.clamp(1, 100).to_string())];
            if let Some(a) = starting_after {
                query.push(("starting_after", a.to_owned()));
            }
            let list = self.get("/v1/payouts", &query, Some(account)).await?;
            let payouts = list
                .get("data")
                .and_then(|d| d.as_array())
                .map(|d| {
                    d.iter()
                        .filter_map(|p| {
                            Some(Payout {
                                id: p.get("id")?.as_str()?.to_owned(),
                                amount: p.get("amount")?.as_i64()?,
                                currency: p.get("currency")?.as_str()?.to_ascii_uppercase(),
                                status: p.get("status")?.as_str()?.to_owned(),
                                arrival_date: time(p.get("arrival_date")),
                                created: time(p.get("created")),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            Ok(Payouts {
                payouts,
                has_more: list
                    .get("has_more")
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false),
            })
        })
    }

    fn cancel_intent<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), ProviderError>> {
        Box::pin(async move {
            if !is_stripe_id(id, "pi_") {
                return Err(ProviderError::Refused(format!(
                    "{id:?} is not a PaymentIntent id"
                )));
            }
            let path = format!("/v1/payment_intents/{id}/cancel");
            self.post(&path, &[], &format!("cancel-{id}"))
                .await
                .map(|_| ())
        })
    }

    fn refund<'a>(&'a self, r: RefundRequest<'a>) -> BoxFuture<'a, Result<String, ProviderError>> {
        Box::pin(async move {
            let mut form = vec![
                (
                    "payment_intent".to_owned(),
                    r.provider_payment_id.to_owned(),
                ),
                ("amount".to_owned(), r.amount.to_string()),
            ];
            form.extend(metadata(r.metadata));
            if r.reverse_transfer {
                form.push(("reverse_transfer".to_owned(), "true".to_owned()));
                form.push(("refund_application_fee".to_owned(), "true".to_owned()));
            }
            let refund = self.post("/v1/refunds", &form, r.idempotency_key).await?;
            if let Some(status @ ("failed" | "canceled")) =
                refund.get("status").and_then(|s| s.as_str())
            {
                return Err(ProviderError::Refused(format!(
                    "Stripe answered the refund with status {status}"
                )));
            }
            refund
                .get("id")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
                .ok_or_else(|| ProviderError::Unavailable("Stripe's refund has no id".into()))
        })
    }
}

/// A fresh idempotency suffix for requests that are not retried as the same request.
fn uuid_like() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

use skyslots_app::payments::is_provider_id as is_stripe_id;

/// Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">` (several `v1`
/// while a secret is rolled), the timestamp within [`TOLERANCE_SECS`] of now.
pub fn verify_signature(
    secret: &str,
    payload: &[u8],
    header: Option<&str>,
    now: i64,
) -> Result<(), String> {
    let header = header.ok_or("no Stripe-Signature header")?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => signatures.push(v.trim()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or("the Stripe-Signature header has no timestamp")?;
    if (now - timestamp).abs() > TOLERANCE_SECS {
        return Err(format!(
            "the signature's timestamp is more than {TOLERANCE_SECS} seconds from now"
        ));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|_| "the webhook secret cannot key HMAC")?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    let expected = mac.finalize().into_bytes();
    let matches = signatures.iter().any(|hex| {
        decode_hex(hex).is_some_and(|given| {
            skyslots_storage::ids::constant_time_eq(&given, expected.as_slice())
        })
    });
    if matches {
        Ok(())
    } else {
        Err("no v1 signature matches the endpoint secret".into())
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// An object's `metadata` (text values only).
fn metadata_of(object: &serde_json::Value) -> BTreeMap<String, String> {
    object
        .get("metadata")
        .and_then(|m| m.as_object())
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// The event's id, and what it says about one PaymentIntent (other types are acknowledged).
pub fn parse_event(payload: &[u8]) -> Result<ProviderEvent, String> {
    let event: serde_json::Value =
        serde_json::from_slice(payload).map_err(|e| format!("the event is not JSON: {e}"))?;
    let id = event
        .get("id")
        .and_then(|v| v.as_str())
        .filter(|id| is_stripe_id(id, "evt_"))
        .ok_or("the event has no id")?
        .to_owned();
    let kind = event.get("type").and_then(|v| v.as_str()).unwrap_or("");
    let object = event.pointer("/data/object");
    let attempt = || -> Result<Attempt, String> {
        let pi = object.ok_or("the event has no data.object")?;
        let text = |name: &str| pi.get(name).and_then(|v| v.as_str());
        let provider_payment_id = text("id")
            .filter(|id| is_stripe_id(id, "pi_"))
            .ok_or("the PaymentIntent has no id")?
            .to_owned();
        let metadata = metadata_of(pi);
        // `latest_charge` is an id unless expanded; the receipt is on the charge.
        let receipt_url = pi
            .get("latest_charge")
            .and_then(|c| c.get("receipt_url"))
            .or_else(|| pi.pointer("/charges/data/0/receipt_url"))
            .and_then(|u| u.as_str())
            .filter(|u| u.starts_with("https://"))
            .map(str::to_owned);
        Ok(Attempt {
            provider_payment_id,
            amount: pi
                .get("amount_received")
                .filter(|a| a.as_i64().is_some_and(|a| a > 0))
                .or_else(|| pi.get("amount"))
                .and_then(|a| a.as_i64())
                .ok_or("the PaymentIntent has no amount")?,
            currency: text("currency")
                .ok_or("the PaymentIntent has no currency")?
                .to_ascii_uppercase(),
            metadata,
            receipt_url,
        })
    };
    let what = match kind {
        "payment_intent.succeeded" => ProviderChange::Succeeded(attempt()?),
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => {
            let session = object.ok_or("the event has no data.object")?;
            let text = |name: &str| session.get(name).and_then(|v| v.as_str());
            if text("payment_status") != Some("paid") {
                // Paid later (a delayed method): `async_payment_succeeded` will say so.
                return Ok(ProviderEvent {
                    id,
                    what: ProviderChange::Other,
                });
            }
            let checkout_id = text("id")
                .filter(|id| is_stripe_id(id, "cs_"))
                .ok_or("the Checkout Session has no id")?
                .to_owned();
            let provider_payment_id = session
                .get("payment_intent")
                .and_then(|p| p.as_str().or_else(|| p.get("id").and_then(|i| i.as_str())))
                .filter(|id| is_stripe_id(id, "pi_"))
                .ok_or("the Checkout Session has no PaymentIntent")?
                .to_owned();
            let metadata = metadata_of(session);
            ProviderChange::CheckoutCompleted {
                checkout_id,
                attempt: Attempt {
                    provider_payment_id,
                    amount: session
                        .get("amount_total")
                        .and_then(|a| a.as_i64())
                        .ok_or("the Checkout Session has no amount_total")?,
                    currency: text("currency")
                        .ok_or("the Checkout Session has no currency")?
                        .to_ascii_uppercase(),
                    metadata,
                    receipt_url: None,
                },
            }
        }
        "payment_intent.payment_failed" => {
            let message = object
                .and_then(|pi| pi.pointer("/last_payment_error/message"))
                .and_then(|m| m.as_str())
                .unwrap_or("the payment failed")
                .to_owned();
            ProviderChange::Failed {
                attempt: attempt()?,
                message,
            }
        }
        _ => ProviderChange::Other,
    };
    Ok(ProviderEvent { id, what })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &str, t: i64, payload: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.").as_bytes());
        mac.update(payload);
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("t={t},v1={hex}")
    }

    #[test]
    fn signatures_verify_within_the_tolerance_only() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign("whsec_a", 1_000, body);
        assert!(verify_signature("whsec_a", body, Some(&header), 1_100).is_ok());
        assert!(verify_signature("whsec_b", body, Some(&header), 1_100).is_err());
        assert!(verify_signature("whsec_a", b"{}", Some(&header), 1_100).is_err());
        assert!(
            verify_signature("whsec_a", body, Some(&header), 1_000 + TOLERANCE_SECS + 1).is_err()
        );
        assert!(verify_signature("whsec_a", body, None, 1_000).is_err());
        // A rolled secret: either signature will do.
        let both = format!("{},v1=00ff", sign("whsec_a", 1_000, body));
        assert!(verify_signature("whsec_a", body, Some(&both), 1_000).is_ok());
        assert!(verify_signature("whsec_a", body, Some("t=1000,v1=zz"), 1_000).is_err());
    }

    #[test]
    fn destination_fields_nest_as_stripe_names_them() {
        let top = destination(None, Some(("acct_1", 92)));
        assert_eq!(
            top,
            vec![
                ("transfer_data[destination]".to_owned(), "acct_1".to_owned()),
                ("application_fee_amount".to_owned(), "92".to_owned())
            ]
        );
        let nested = destination(Some("payment_intent_data"), Some(("acct_1", 0)));
        assert_eq!(
            nested,
            vec![(
                "payment_intent_data[transfer_data][destination]".to_owned(),
                "acct_1".to_owned()
            )]
        );
        assert!(destination(None, None).is_empty());
    }

    #[test]
    fn events_are_read_for_their_payment_intent() {
        let body = br#"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","amount":1500,"currency":"eur","metadata":{"skyslots_payment":"pay_1"}}}}"#;
        let e = parse_event(body).unwrap();
        let ProviderChange::Succeeded(a) = e.what else {
            panic!("{e:?}")
        };
        assert_eq!((a.amount, a.currency.as_str()), (1500, "EUR"));
        assert_eq!(
            a.metadata.get("skyslots_payment").map(String::as_str),
            Some("pay_1")
        );
        let other =
            parse_event(br#"{"id":"evt_2","type":"customer.created","data":{"object":{}}}"#)
                .unwrap();
        assert_eq!(other.what, ProviderChange::Other);
        assert!(parse_event(br#"{"type":"payment_intent.succeeded"}"#).is_err());
        assert!(parse_event(
            br#"{"id":"evt_3","type":"payment_intent.succeeded","data":{"object":{"id":"../x"}}}"#
        )
        .is_err());
    }
}
