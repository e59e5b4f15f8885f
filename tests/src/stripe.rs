//! A real Stripe-compatible server for the payment tests: `localstripe` (PyPI, installed into
//! `target/py` by `scripts/setup-sdk-tools`), started per test on a free loopback port. It
//! implements PaymentIntents, refunds, payment methods and signed webhooks; the tests pay
//! as a front end would (a card payment method, then confirm).

use std::process::{Child, Command, Stdio};

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// The secret key tests give the server (localstripe takes any `sk_…`).
pub const SECRET_KEY: &str = "sk_test_skyslots";
/// The publishable key the server hands to booking pages.
pub const PUBLISHABLE_KEY: &str = "pk_test_skyslots";
/// The webhook endpoint secret shared by localstripe and the server.
pub const WEBHOOK_SECRET: &str = "whsec_skyslots_test";

/// A running localstripe; killed when dropped.
#[derive(Debug)]
pub struct LocalStripe {
    child: Child,
    pub base: String,
    client: reqwest::Client,
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = root.join("target/py/bin/localstripe");
    assert!(
        bin.exists(),
        "localstripe is not installed at {}: run scripts/setup-sdk-tools",
        bin.display()
    );
    bin
}

impl LocalStripe {
    pub async fn start() -> Self {
        let client = reqwest::Client::new();
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map(|a| a.port())
                .unwrap();
            let mut child = Command::new(binary())
                .args(["--port", &port.to_string(), "--from-scratch"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let base = format!("http://127.0.0.1:{port}");
            for _ in 0..150 {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                let up = client
                    .get(format!("{base}/v1/balance"))
                    .bearer_auth(SECRET_KEY)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                if up {
                    return Self {
                        child,
                        base,
                        client,
                    };
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("localstripe did not start");
    }

    /// What the server is configured with to use this localstripe.
    pub fn config(&self) -> skyslots_api::stripe::StripeConfig {
        skyslots_api::stripe::StripeConfig {
            secret_key: SECRET_KEY.into(),
            publishable_key: Some(PUBLISHABLE_KEY.into()),
            webhook_secret: Some(WEBHOOK_SECRET.into()),
            api_base: self.base.clone(),
        }
    }

    /// Have localstripe send its signed webhooks to `url`.
    pub async fn send_webhooks_to(&self, url: &str) {
        let r = self
            .client
            .post(format!("{}/_config/webhooks/skyslots", self.base))
            .form(&[("url", url), ("secret", WEBHOOK_SECRET)])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        form: &[(&str, &str)],
    ) -> (u16, Value) {
        let r = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(SECRET_KEY)
            .form(form)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or_default())
    }

    pub async fn get(&self, path: &str) -> Value {
        let (status, v) = self.call(reqwest::Method::GET, path, &[]).await;
        assert_eq!(status, 200, "{path}: {v}");
        v
    }

    /// Pay the PaymentIntent `pi` with a card, as Stripe.js would: `4242424242424242`
    /// succeeds, `4000000000000341` is declined. The HTTP status of the confirmation.
    pub async fn pay(&self, pi: &str, card: &str) -> u16 {
        let (status, pm) = self
            .call(
                reqwest::Method::POST,
                "/v1/payment_methods",
                &[
                    ("type", "card"),
                    ("card[number]", card),
                    ("card[exp_month]", "12"),
                    ("card[exp_year]", "2034"),
                    ("card[cvc]", "123"),
                ],
            )
            .await;
        assert_eq!(status, 200, "{pm}");
        let pm = pm["id"].as_str().unwrap().to_owned();
        let (status, v) = self
            .call(
                reqwest::Method::POST,
                &format!("/v1/payment_intents/{pi}"),
                &[("payment_method", &pm)],
            )
            .await;
        assert_eq!(status, 200, "{v}");
        self.call(
            reqwest::Method::POST,
            &format!("/v1/payment_intents/{pi}/confirm"),
            &[],
        )
        .await
        .0
    }
}

/// A `Stripe-Signature` header for `payload` at `t`, as Stripe signs.
pub fn signature(secret: &str, t: i64, payload: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{payload}").as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={t},v1={hex}")
}
