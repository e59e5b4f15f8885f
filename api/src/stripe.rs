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
    Attempt, CheckoutPage, CheckoutRequest, Intent, IntentRequest, PaymentProvider, ProviderChange,
    ProviderError, ProviderEvent, RefundRequest,
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

/// Stripe ids are a prefix and letters and digits: nothing that changes a path.
fn is_stripe_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|rest| {
        !rest.is_empty()
            && rest.len() < 200
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

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
        let metadata: BTreeMap<String, String> = pi
            .get("metadata")
            .and_then(|m| m.as_object())
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
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
            let metadata = session
                .get("metadata")
                .and_then(|m| m.as_object())
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default();
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
