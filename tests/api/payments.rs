//! Paid bookings against a real Stripe-compatible server (localstripe): the hold, payment by
//! card and the signed webhook that confirms it, replayed and forged webhooks, declined
//! cards, the hold's expiry freeing the slot and cancelling the PaymentIntent, a late payment
//! for a taken slot refunded, refunds by policy and by hand, and a hundred buyers racing for
//! one seat.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use skyslots_blackbox::stripe::{signature, LocalStripe, WEBHOOK_SECRET};
use skyslots_blackbox::{Backend, Server};

use crate::fixtures::{booking_body, day, driven, simple_link};

async fn setup(backend: Backend) -> Option<(LocalStripe, Server)> {
    start(backend, true).await
}

/// localstripe and a server that takes payments through it (sending its webhooks there);
/// `drive`: no background worker, the test runs due jobs with a moved clock.
pub(crate) async fn start(backend: Backend, drive: bool) -> Option<(LocalStripe, Server)> {
    if backend == Backend::Postgres && skyslots_blackbox::postgres_skipped() {
        eprintln!("SKYSLOTS_SKIP_POSTGRES=1: PostgreSQL test skipped");
        return None;
    }
    let stripe = LocalStripe::start().await;
    let client = skyslots_api::stripe::Stripe::new(stripe.config()).unwrap();
    let srv = Server::start_with(backend, |s| {
        let s = if drive { driven(s) } else { s };
        s.with_stripe(Some(client))
    })
    .await;
    stripe
        .send_webhooks_to(&format!("{}/v1/stripe/webhook", srv.base))
        .await;
    Some((stripe, srv))
}

macro_rules! paid {
    ($($name:ident),*) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some((s, srv)) = super::setup(skyslots_blackbox::Backend::Sqlite).await {
                    super::$name(s, srv).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some((s, srv)) = super::setup(skyslots_blackbox::Backend::Postgres).await {
                    super::$name(s, srv).await;
                }
            }
        }
    )*};
}

paid!(
    paid_bookings_hold_then_confirm_and_refund,
    unpaid_holds_expire_and_late_payments_go_back,
    a_hundred_buyers_race_for_one_paid_seat
);

async fn paid_link(srv: &Server, extra: Value) -> String {
    let mut price = json!({"amount": 2500, "currency": "EUR"});
    for (k, v) in extra.as_object().unwrap() {
        price[k] = v.clone();
    }
    simple_link(srv, json!({"price": price})).await.1
}

/// Wait (up to 10 s) until `path` answers with `field == want`.
async fn until(srv: &Server, path: &str, field: &str, want: &str) -> Value {
    for _ in 0..100 {
        let got = srv.get(path).await.expect(200).clone();
        if got[field] == want {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{path}: {field} never became {want}");
}

/// POST a Stripe event to the server, signed with `secret` at `t`.
async fn deliver(srv: &Server, event: &Value, secret: &str, t: i64) -> skyslots_blackbox::Reply {
    let body = event.to_string();
    let client = reqwest::Client::new();
    let r = client
        .post(format!("{}/v1/stripe/webhook", srv.base))
        .header("content-type", "application/json; charset=utf-8")
        .header("stripe-signature", signature(secret, t, &body))
        .body(body)
        .send()
        .await
        .unwrap();
    skyslots_blackbox::Reply::from(r).await
}

fn succeeded(event_id: &str, pi: &str, amount: i64, metadata: Value) -> Value {
    json!({"id": event_id, "object": "event", "type": "payment_intent.succeeded",
           "data": {"object": {"id": pi, "object": "payment_intent", "amount": amount,
                               "currency": "eur", "status": "succeeded", "metadata": metadata}}})
}

async fn paid_bookings_hold_then_confirm_and_refund(stripe: LocalStripe, srv: Server) {
    let link = paid_link(&srv, json!({})).await;
    let start = day(3) + Duration::hours(10);
    let made = srv
        .post("/v1/bookings", booking_body(&link, start, "Ada"))
        .await
        .expect(201)
        .clone();
    assert_eq!(made["status"], "awaiting_payment", "{made}");
    let hold: chrono::DateTime<Utc> = made["hold_expires_at"].as_str().unwrap().parse().unwrap();
    let created: chrono::DateTime<Utc> = made["created_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(hold - created, Duration::minutes(15));
    let payment = &made["payment"];
    assert_eq!(
        (payment["amount"].clone(), payment["currency"].clone()),
        (json!(2500), json!("EUR"))
    );
    assert_eq!(payment["status"], "requires_payment");
    let pi = payment["provider_payment_id"].as_str().unwrap().to_owned();
    assert!(payment["client_secret"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{pi}_secret_")));
    let (booking, pay_id) = (
        made["id"].as_str().unwrap().to_owned(),
        payment["id"].as_str().unwrap().to_owned(),
    );

    // The provider has it, tagged with whose it is; the seat is held meanwhile.
    let at_stripe = stripe.get(&format!("/v1/payment_intents/{pi}")).await;
    assert_eq!(
        (at_stripe["amount"].clone(), at_stripe["currency"].clone()),
        (json!(2500), json!("eur"))
    );
    assert_eq!(at_stripe["metadata"]["skyslots_payment"], pay_id.as_str());
    assert_eq!(
        at_stripe["metadata"]["skyslots_organization"],
        srv.org_id.as_str()
    );
    srv.post("/v1/bookings", booking_body(&link, start, "Bob"))
        .await
        .problem(409, "slot_unavailable");
    // The client secret is stored sealed only.
    let secret = payment["client_secret"].as_str().unwrap();
    assert!(!srv.database_text().await.contains(secret));

    // A forged or stale signature is refused and changes nothing.
    let forged = succeeded(
        "evt_forged1",
        &pi,
        2500,
        json!({"skyslots_payment": pay_id, "skyslots_organization": srv.org_id}),
    );
    deliver(&srv, &forged, "whsec_wrong", Utc::now().timestamp())
        .await
        .problem(400, "webhook_signature_invalid");
    deliver(&srv, &forged, WEBHOOK_SECRET, Utc::now().timestamp() - 600)
        .await
        .problem(400, "webhook_signature_invalid");
    // An event about this PaymentIntent that names another organization's payment changes
    // nothing.
    let foreign = succeeded(
        "evt_foreign1",
        &pi,
        2500,
        json!({"skyslots_payment": "pay_00000000000000000000000000", "skyslots_organization": "org_other"}),
    );
    deliver(&srv, &foreign, WEBHOOK_SECRET, Utc::now().timestamp())
        .await
        .expect(200);
    let still = srv
        .get(&format!("/v1/bookings/{booking}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(still["status"], "awaiting_payment");

    // Paying by card: localstripe's signed webhook confirms the booking.
    assert_eq!(stripe.pay(&pi, "4242424242424242").await, 200);
    let confirmed = until(
        &srv,
        &format!("/v1/bookings/{booking}"),
        "status",
        "confirmed",
    )
    .await;
    assert!(confirmed.get("hold_expires_at").is_none(), "{confirmed}");
    let paid = srv
        .get(&format!("/v1/payments/{pay_id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(paid["status"], "succeeded", "{paid}");
    assert!(paid["paid_at"].is_string());
    assert!(paid.get("client_secret").is_none());

    // Stripe delivering the same event again is a no-op.
    let events = stripe.get("/v1/events").await;
    let original = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "payment_intent.succeeded")
        .unwrap()
        .clone();
    let again = deliver(&srv, &original, WEBHOOK_SECRET, Utc::now().timestamp()).await;
    assert_eq!(again.expect(200)["duplicate"], true);

    srv.sequence(Utc::now()).await;
    let types: Vec<String> = srv.get("/v1/events?limit=50").await.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_owned())
        .collect();
    for t in ["booking.created", "payment.succeeded", "booking.confirmed"] {
        assert_eq!(
            types.iter().filter(|x| *x == t).count(),
            1,
            "{t} in {types:?}"
        );
    }

    // A manual partial refund, then one too many; then the cancellation refunds the rest.
    let refunded = srv
        .post(
            &format!("/v1/payments/{pay_id}/refund"),
            json!({"amount": 1000}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(refunded["refunds"][0]["status"], "pending");
    assert_eq!(refunded["refunds"][0]["reason"], "manual");
    srv.post(
        &format!("/v1/payments/{pay_id}/refund"),
        json!({"amount": 1501}),
    )
    .await
    .problem(409, "refund_exceeds_payment");
    srv.run_due(Utc::now()).await;
    let partly = srv
        .get(&format!("/v1/payments/{pay_id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(
        (partly["status"].clone(), partly["amount_refunded"].clone()),
        (json!("partially_refunded"), json!(1000)),
        "{partly}"
    );
    assert!(partly["refunds"][0]["provider_refund_id"]
        .as_str()
        .unwrap()
        .starts_with("re_"));

    // The revenue report adds it up: by link, by host, by day (in the organization's zone).
    let today = Utc::now().date_naive();
    let range = format!(
        "start={}&end={}",
        today - Duration::days(1),
        today + Duration::days(1)
    );
    let by_link = srv
        .get(&format!("/v1/reports/revenue?{range}&group_by=link"))
        .await
        .expect(200)
        .clone();
    assert_eq!(
        by_link["lines"],
        json!([{"key": link, "currency": "EUR", "payments": 1, "gross": 2500, "refunds": 1000,
                "fees": 0, "net": 1500, "net_decimal": "15.00"}]),
        "{by_link}"
    );
    assert_eq!(by_link["totals"][0]["net"], 1500);
    let host = confirmed["host_ids"][0].as_str().unwrap();
    let by_host = srv
        .get(&format!("/v1/reports/revenue?{range}&group_by=host"))
        .await
        .expect(200)
        .clone();
    assert_eq!(by_host["lines"][0]["key"], host);
    let by_day = srv
        .get(&format!(
            "/v1/reports/revenue?{range}&timezone=Pacific/Kiritimati"
        ))
        .await
        .expect(200)
        .clone();
    let kiritimati_today = (Utc::now() + Duration::hours(14)).date_naive().to_string();
    assert_eq!(
        by_day["lines"][0]["key"],
        kiritimati_today.as_str(),
        "{by_day}"
    );
    let far = srv
        .get(&format!(
            "/v1/reports/revenue?start={}&end={}",
            today + Duration::days(2),
            today + Duration::days(3)
        ))
        .await
        .expect(200)
        .clone();
    assert_eq!(
        (far["lines"].clone(), far["totals"].clone()),
        (json!([]), json!([]))
    );
    srv.get(&format!(
        "/v1/reports/revenue?start={today}&end={}",
        today + Duration::days(400)
    ))
    .await
    .problem(422, "validation_failed");
    srv.get(&format!(
        "/v1/reports/revenue?{range}&timezone=Mars/Olympus"
    ))
    .await
    .problem(422, "validation_failed");

    let cancelled = srv
        .post(&format!("/v1/bookings/{booking}/cancel"), json!({}))
        .await
        .expect(200)
        .clone();
    assert_eq!(cancelled["refund"], "full");
    assert_eq!(cancelled["refunded"]["amount"], 1500, "{cancelled}");
    assert_eq!(cancelled["refunded"]["reason"], "cancellation");
    srv.run_due(Utc::now()).await;
    let done = srv
        .get(&format!("/v1/payments/{pay_id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(
        (done["status"].clone(), done["amount_refunded"].clone()),
        (json!("refunded"), json!(2500)),
        "{done}"
    );
    let at_stripe = stripe
        .get(&format!("/v1/refunds?payment_intent={pi}"))
        .await;
    let mut amounts: Vec<i64> = at_stripe["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_i64().unwrap())
        .collect();
    amounts.sort_unstable();
    assert_eq!(amounts, vec![1000, 1500]);
    srv.post(&format!("/v1/payments/{pay_id}/refund"), json!({}))
        .await
        .problem(409, "payment_not_refundable");
    srv.sequence(Utc::now()).await;
    let refund_events = srv
        .get("/v1/events?type=payment.refunded")
        .await
        .expect(200)
        .clone();
    assert_eq!(
        refund_events["data"].as_array().map(Vec::len),
        Some(2),
        "{refund_events}"
    );
}

async fn unpaid_holds_expire_and_late_payments_go_back(stripe: LocalStripe, srv: Server) {
    let link = paid_link(&srv, json!({"hold_minutes": 5})).await;
    let start = day(4) + Duration::hours(9);
    let first = srv
        .post("/v1/bookings", booking_body(&link, start, "Ada"))
        .await
        .expect(201)
        .clone();
    let booking = first["id"].as_str().unwrap().to_owned();
    let pi = first["payment"]["provider_payment_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pay_id = first["payment"]["id"].as_str().unwrap().to_owned();

    // An event for a PaymentIntent nobody here knows is acknowledged and ignored.
    let unknown = succeeded("evt_unknown1", "pi_unknown", 2500, json!({}));
    deliver(&srv, &unknown, WEBHOOK_SECRET, Utc::now().timestamp())
        .await
        .expect(200);

    // Not yet: the hold lasts five minutes. Then it expires and the seat is free again.
    srv.run_due(Utc::now() + Duration::minutes(4)).await;
    assert_eq!(
        srv.get(&format!("/v1/bookings/{booking}"))
            .await
            .expect(200)["status"],
        "awaiting_payment"
    );
    let later = Utc::now() + Duration::minutes(6);
    srv.run_due(later).await;
    let expired = srv
        .get(&format!("/v1/bookings/{booking}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(expired["status"], "expired", "{expired}");
    assert_eq!(
        srv.get(&format!("/v1/payments/{pay_id}")).await.expect(200)["status"],
        "canceled"
    );
    srv.post(&format!("/v1/bookings/{booking}/cancel"), json!({}))
        .await
        .problem(409, "booking_expired");
    let second = srv
        .post("/v1/bookings", booking_body(&link, start, "Bob"))
        .await
        .expect(201)
        .clone();
    assert_eq!(second["status"], "awaiting_payment");

    let (booking2, pi2, pay2) = (
        second["id"].as_str().unwrap().to_owned(),
        second["payment"]["provider_payment_id"]
            .as_str()
            .unwrap()
            .to_owned(),
        second["payment"]["id"].as_str().unwrap().to_owned(),
    );
    // A declined card: the attempt is recorded, the hold goes on.
    assert_eq!(stripe.pay(&pi2, "4000000000000341").await, 402);
    let failed = until(
        &srv,
        &format!("/v1/payments/{pay2}"),
        "status",
        "requires_payment",
    )
    .await;
    for _ in 0..100 {
        let p = srv
            .get(&format!("/v1/payments/{pay2}"))
            .await
            .expect(200)
            .clone();
        if p["failure_message"].is_string() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = failed;
    let p = srv
        .get(&format!("/v1/payments/{pay2}"))
        .await
        .expect(200)
        .clone();
    assert!(p["failure_message"].is_string(), "{p}");
    assert_eq!(
        srv.get(&format!("/v1/bookings/{booking2}"))
            .await
            .expect(200)["status"],
        "awaiting_payment"
    );
    // The first buyer pays anyway, before the PaymentIntent is cancelled: the seat is taken,
    // so it all goes back (slot_taken).
    assert_eq!(stripe.pay(&pi, "4242424242424242").await, 200);
    let late = until(
        &srv,
        &format!("/v1/payments/{pay_id}"),
        "status",
        "succeeded",
    )
    .await;
    assert_eq!(late["refunds"][0]["reason"], "slot_taken", "{late}");
    assert_eq!(late["refunds"][0]["amount"], 2500);
    assert_eq!(
        srv.get(&format!("/v1/bookings/{booking}"))
            .await
            .expect(200)["status"],
        "expired"
    );
    srv.run_due(later).await;
    let back = srv
        .get(&format!("/v1/payments/{pay_id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(back["status"], "refunded", "{back}");

    // The second buyer never pays: their PaymentIntent is cancelled at Stripe when the hold ends.
    let much_later = Utc::now() + Duration::minutes(20);
    srv.run_due(much_later).await;
    srv.run_due(much_later).await;
    assert_eq!(
        srv.get(&format!("/v1/bookings/{}", second["id"].as_str().unwrap()))
            .await
            .expect(200)["status"],
        "expired"
    );
    assert_eq!(
        stripe.get(&format!("/v1/payment_intents/{pi2}")).await["status"],
        "canceled"
    );

    srv.sequence(Utc::now()).await;
    let expired_events = srv
        .get("/v1/events?type=booking.expired")
        .await
        .expect(200)
        .clone();
    assert_eq!(expired_events["data"].as_array().map(Vec::len), Some(2));
    let failed_events = srv
        .get("/v1/events?type=payment.failed")
        .await
        .expect(200)
        .clone();
    assert_eq!(failed_events["data"].as_array().map(Vec::len), Some(1));
}

async fn a_hundred_buyers_race_for_one_paid_seat(_stripe: LocalStripe, srv: Server) {
    let link = paid_link(&srv, json!({})).await;
    let start = day(5) + Duration::hours(11);
    let calls: Vec<_> = (0..100)
        .map(|i| {
            let body = booking_body(&link, start, &format!("Buyer{i}"));
            let (client, base, key) = (srv.client().clone(), srv.base.clone(), srv.key.clone());
            tokio::spawn(async move {
                let r = client
                    .request(Method::POST, format!("{base}/v1/bookings"))
                    .bearer_auth(key)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                (status, r.json::<Value>().await.unwrap_or_default())
            })
        })
        .collect();
    let mut held = Vec::new();
    let mut refused = 0;
    for c in calls {
        let (status, body) = c.await.unwrap();
        match status {
            201 => held.push(body),
            409 => {
                assert_eq!(body["code"], "slot_unavailable", "{body}");
                refused += 1;
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!((held.len(), refused), (1, 99));
    assert_eq!(held[0]["status"], "awaiting_payment");
    let payments = srv.get("/v1/payments").await.expect(200).clone();
    assert_eq!(payments["data"].as_array().map(Vec::len), Some(1));
}

// Stripe Checkout against a recording fake (localstripe has no Checkout Sessions): the request
// the server sends is checked field by field (the names as in Stripe's API reference for
// `POST /v1/checkout/sessions`), the completion webhook confirms the booking, and the hold's
// end closes the page.
mod checkout_pages_open_confirm_and_close {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::checkout_pages_open_confirm_and_close(skyslots_blackbox::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if skyslots_blackbox::postgres_skipped() {
            return;
        }
        super::checkout_pages_open_confirm_and_close(skyslots_blackbox::Backend::Postgres).await;
    }
}

fn session(id: &str) -> String {
    json!({"id": id, "object": "checkout.session",
           "url": format!("https://checkout.stripe.com/c/pay/{id}"), "payment_intent": null})
    .to_string()
}

fn form(body: &str) -> std::collections::HashMap<String, String> {
    url::form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

async fn checkout_pages_open_confirm_and_close(backend: Backend) {
    let fake = skyslots_blackbox::Receiver::start().await;
    fake.serve_body("application/json", session("cs_test_first"));
    let config = skyslots_api::stripe::StripeConfig {
        secret_key: skyslots_blackbox::stripe::SECRET_KEY.into(),
        publishable_key: None,
        webhook_secret: Some(WEBHOOK_SECRET.into()),
        api_base: fake.url().trim_end_matches("/hook").to_owned(),
    };
    let client = skyslots_api::stripe::Stripe::new(config).unwrap();
    let srv = Server::start_with(backend, |s| driven(s).with_stripe(Some(client))).await;
    let pages = json!({"success_url": "https://shop.example/paid", "cancel_url": "https://shop.example/back"});
    let refused = srv
        .post(
        "/v1/links",
        json!({"slug": "bad-return", "title": "x", "durations": [30], "host_ids": [],
               "price": {"amount": 100, "currency": "EUR",
                         "checkout": {"success_url": "javascript:alert(1)", "cancel_url": "https://a.example/"}}}),
    )
    .await
    .problem(422, "validation_failed")
    .clone();
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"price.checkout.success_url"), "{refused}");
    assert!(!fields.contains(&"price.checkout.cancel_url"), "{refused}");
    let link = paid_link(&srv, json!({"checkout": pages})).await;
    let start = day(3) + Duration::hours(14);
    let made = srv
        .post("/v1/bookings", booking_body(&link, start, "Ada"))
        .await
        .expect(201)
        .clone();
    assert_eq!(made["status"], "awaiting_payment");
    let payment = &made["payment"];
    assert_eq!(
        payment["checkout_url"],
        "https://checkout.stripe.com/c/pay/cs_test_first"
    );
    assert!(payment.get("client_secret").is_none(), "{payment}");
    let pay_id = payment["id"].as_str().unwrap().to_owned();

    let [sent] = &fake.received()[..] else {
        panic!("{:?}", fake.received())
    };
    assert_eq!(sent.path, "/v1/checkout/sessions");
    assert_eq!(sent.header("idempotency-key"), pay_id);
    assert_eq!(sent.header("authorization"), "Bearer sk_test_skyslots");
    assert_eq!(
        sent.header("stripe-version"),
        skyslots_api::stripe::API_VERSION
    );
    let f = form(&sent.body);
    for (k, v) in [
        ("mode", "payment"),
        ("line_items[0][quantity]", "1"),
        ("line_items[0][price_data][currency]", "eur"),
        ("line_items[0][price_data][unit_amount]", "2500"),
        (
            "line_items[0][price_data][product_data][name]",
            "Intro call",
        ),
        ("success_url", "https://shop.example/paid"),
        ("cancel_url", "https://shop.example/back"),
        ("client_reference_id", &pay_id),
        ("customer_email", "ada@example.com"),
        ("metadata[skyslots_payment]", &pay_id),
        ("metadata[skyslots_organization]", &srv.org_id),
        ("payment_intent_data[metadata][skyslots_payment]", &pay_id),
    ] {
        assert_eq!(f.get(k).map(String::as_str), Some(v), "{k} in {f:?}");
    }
    // Stripe's shortest session is 30 minutes: longer than the 15-minute hold, which the
    // server ends itself.
    let expires: i64 = f["expires_at"].parse().unwrap();
    assert!(expires >= Utc::now().timestamp() + 30 * 60, "{expires}");

    // Paid on the page: `checkout.session.completed` confirms, with the session's PaymentIntent.
    let completed = json!({"id": "evt_cs_done", "type": "checkout.session.completed",
        "data": {"object": {"id": "cs_test_first", "object": "checkout.session", "payment_status": "paid",
                            "payment_intent": "pi_from_checkout", "amount_total": 2500, "currency": "eur",
                            "metadata": {"skyslots_payment": pay_id, "skyslots_organization": srv.org_id}}}});
    deliver(&srv, &completed, WEBHOOK_SECRET, Utc::now().timestamp())
        .await
        .expect(200);
    let b = srv
        .get(&format!("/v1/bookings/{}", made["id"].as_str().unwrap()))
        .await
        .expect(200)
        .clone();
    assert_eq!(b["status"], "confirmed", "{b}");
    let p = srv
        .get(&format!("/v1/payments/{pay_id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(
        (p["status"].clone(), p["provider_payment_id"].clone()),
        (json!("succeeded"), json!("pi_from_checkout"))
    );

    // Unpaid: the page is closed when the hold ends.
    fake.serve_body("application/json", session("cs_test_second"));
    let second = srv
        .post(
            "/v1/bookings",
            booking_body(&link, start + Duration::hours(1), "Bob"),
        )
        .await
        .expect(201)
        .clone();
    assert_eq!(
        second["payment"]["checkout_url"],
        "https://checkout.stripe.com/c/pay/cs_test_second"
    );
    let later = Utc::now() + Duration::minutes(16);
    srv.run_due(later).await;
    srv.run_due(later).await;
    let expired = srv
        .get(&format!("/v1/bookings/{}", second["id"].as_str().unwrap()))
        .await
        .expect(200)
        .clone();
    assert_eq!(expired["status"], "expired");
    let paths: Vec<String> = fake.received().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths.last().map(String::as_str),
        Some("/v1/checkout/sessions/cs_test_second/expire"),
        "{paths:?}"
    );
}

// Stripe Connect against a recording fake (localstripe has no Connect): the organization's
// Express account and its onboarding link, destination charges with the platform's fee once
// the account takes charges, refunds that reverse the transfer, the revenue report's fees,
// and the account's balance and payouts read on its behalf.
mod connected_accounts_take_destination_charges {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::connected_accounts_take_destination_charges(skyslots_blackbox::Backend::Sqlite)
            .await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if skyslots_blackbox::postgres_skipped() {
            return;
        }
        super::connected_accounts_take_destination_charges(skyslots_blackbox::Backend::Postgres)
            .await;
    }
}

fn account(enabled: bool) -> Value {
    json!({"id": "acct_1Studio", "object": "account", "charges_enabled": enabled,
           "payouts_enabled": enabled, "details_submitted": enabled,
           "requirements": {"currently_due": if enabled { json!([]) } else { json!(["external_account", "tos_acceptance.date"]) }}})
}

fn last<'a>(
    fake: &'a [skyslots_blackbox::Received],
    path: &str,
) -> &'a skyslots_blackbox::Received {
    fake.iter()
        .rev()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("no request to {path}"))
}

async fn connected_accounts_take_destination_charges(backend: Backend) {
    let fake = skyslots_blackbox::Receiver::start().await;
    fake.route("/v1/accounts", account(false));
    fake.route("/v1/accounts/acct_1Studio", account(true));
    fake.route(
        "/v1/account_links",
        json!({"object": "account_link", "url": "https://connect.stripe.com/setup/e/acct_1Studio/x", "expires_at": 1_900_000_000}),
    );
    fake.route("/v1/payment_intents", json!({"id": "pi_platform_1", "object": "payment_intent", "client_secret": "pi_platform_1_secret_a"}));
    fake.route(
        "/v1/refunds",
        json!({"id": "re_dest_1", "object": "refund", "status": "succeeded"}),
    );
    fake.route(
        "/v1/balance",
        json!({"object": "balance", "available": [{"amount": 9000, "currency": "eur"}], "pending": [{"amount": 2250, "currency": "eur"}]}),
    );
    fake.route(
        "/v1/payouts",
        json!({"object": "list", "has_more": true, "data": [{"id": "po_1", "object": "payout", "amount": 5000, "currency": "eur", "status": "paid", "arrival_date": 1_790_000_000, "created": 1_789_900_000}]}),
    );
    let config = skyslots_api::stripe::StripeConfig {
        secret_key: skyslots_blackbox::stripe::SECRET_KEY.into(),
        publishable_key: None,
        webhook_secret: Some(WEBHOOK_SECRET.into()),
        api_base: fake.url().trim_end_matches("/hook").to_owned(),
    };
    let client = skyslots_api::stripe::Stripe::new(config).unwrap();
    let fee = skyslots_app::payments::PlatformFee {
        basis_points: 250,
        fixed: 30,
    };
    let srv = Server::start_with(backend, |s| {
        driven(s).with_stripe(Some(client)).with_platform_fee(fee)
    })
    .await;
    srv.get("/v1/payment-account")
        .await
        .problem(404, "not_found");

    // An Express account, to be completed at Stripe.
    let connected = srv
        .post(
            "/v1/payment-account",
            json!({"email": "owner@studio.example"}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(connected["account_id"], "acct_1Studio");
    assert_eq!(connected["charges_enabled"], false);
    assert_eq!(
        connected["requirements"],
        json!(["external_account", "tos_acceptance.date"])
    );
    let got = fake.received();
    let sent = form(&last(&got, "/v1/accounts").body);
    assert_eq!(sent.get("type").map(String::as_str), Some("express"));
    assert_eq!(
        sent.get("capabilities[transfers][requested]")
            .map(String::as_str),
        Some("true")
    );
    assert_eq!(
        sent.get("metadata[skyslots_organization]"),
        Some(&srv.org_id)
    );
    assert_eq!(
        sent.get("email").map(String::as_str),
        Some("owner@studio.example")
    );
    let onboarding = srv
        .post(
            "/v1/payment-account/onboarding-link",
            json!({"refresh_url": "https://studio.example/retry", "return_url": "https://studio.example/done"}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(
        onboarding["url"],
        "https://connect.stripe.com/setup/e/acct_1Studio/x"
    );
    let got = fake.received();
    let sent = form(&last(&got, "/v1/account_links").body);
    assert_eq!(
        sent.get("type").map(String::as_str),
        Some("account_onboarding")
    );
    assert_eq!(
        sent.get("account").map(String::as_str),
        Some("acct_1Studio")
    );
    srv.post(
        "/v1/payment-account/onboarding-link",
        json!({"refresh_url": "ftp://x", "return_url": "https://studio.example/done"}),
    )
    .await
    .problem(422, "validation_failed");

    // Before the account takes charges, payments go to the platform.
    let link = paid_link(&srv, json!({})).await;
    let start = day(3) + Duration::hours(15);
    srv.post("/v1/bookings", booking_body(&link, start, "Ada"))
        .await
        .expect(201);
    let got = fake.received();
    let sent = form(&last(&got, "/v1/payment_intents").body);
    assert!(!sent.contains_key("transfer_data[destination]"), "{sent:?}");

    // Onboarded: the status is read again, and the next payment is a destination charge
    // with the platform's fee (2.5 % of 25.00 rounded down, plus 0.30).
    let now_enabled = srv.get("/v1/payment-account").await.expect(200).clone();
    assert_eq!(now_enabled["charges_enabled"], true, "{now_enabled}");
    fake.route("/v1/payment_intents", json!({"id": "pi_dest_1", "object": "payment_intent", "client_secret": "pi_dest_1_secret_b"}));
    let made = srv
        .post(
            "/v1/bookings",
            booking_body(&link, start + Duration::hours(1), "Bob"),
        )
        .await
        .expect(201)
        .clone();
    let got = fake.received();
    let sent = form(&last(&got, "/v1/payment_intents").body);
    assert_eq!(
        sent.get("transfer_data[destination]").map(String::as_str),
        Some("acct_1Studio")
    );
    assert_eq!(
        sent.get("application_fee_amount").map(String::as_str),
        Some("92")
    );
    let pay_id = made["payment"]["id"].as_str().unwrap().to_owned();
    let p = srv
        .get(&format!("/v1/payments/{pay_id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(
        (
            p["application_fee"].clone(),
            p["destination_account"].clone()
        ),
        (json!(92), json!("acct_1Studio"))
    );
    let paid = succeeded(
        "evt_dest_paid",
        "pi_dest_1",
        2500,
        json!({"skyslots_payment": pay_id, "skyslots_organization": srv.org_id}),
    );
    deliver(&srv, &paid, WEBHOOK_SECRET, Utc::now().timestamp())
        .await
        .expect(200);

    // A refund takes the money back from the connected account, and the fee in proportion.
    srv.post(
        &format!("/v1/payments/{pay_id}/refund"),
        json!({"amount": 1000}),
    )
    .await
    .expect(200);
    srv.run_due(Utc::now()).await;
    let got = fake.received();
    let sent = form(&last(&got, "/v1/refunds").body);
    assert_eq!(
        sent.get("reverse_transfer").map(String::as_str),
        Some("true")
    );
    assert_eq!(
        sent.get("refund_application_fee").map(String::as_str),
        Some("true")
    );
    assert_eq!(
        sent.get("payment_intent").map(String::as_str),
        Some("pi_dest_1")
    );
    let today = Utc::now().date_naive();
    let report = srv
        .get(&format!(
            "/v1/reports/revenue?start={today}&end={today}&group_by=link&timezone=UTC"
        ))
        .await
        .expect(200)
        .clone();
    // The fee kept: 92 × 1500/2500 = 55.
    assert_eq!(
        (
            report["totals"][0]["gross"].clone(),
            report["totals"][0]["refunds"].clone(),
            report["totals"][0]["fees"].clone(),
            report["totals"][0]["net"].clone()
        ),
        (json!(2500), json!(1000), json!(55), json!(1445)),
        "{report}"
    );

    // Balance and payouts, read on the account's behalf.
    let balance = srv.get("/v1/balance").await.expect(200).clone();
    assert_eq!(
        balance["available"],
        json!([{"amount": 9000, "amount_decimal": "90.00", "currency": "EUR"}])
    );
    let got = fake.received();
    assert_eq!(
        last(&got, "/v1/balance").header("stripe-account"),
        "acct_1Studio"
    );
    let payouts = srv.get("/v1/payouts?limit=1").await.expect(200).clone();
    assert_eq!(payouts["data"][0]["id"], "po_1");
    assert_eq!(payouts["next_cursor"], "po_1");
    srv.get("/v1/payouts?limit=1&cursor=po_1").await.expect(200);
    let got = fake.received();
    let q = last(&got, "/v1/payouts");
    assert!(
        q.query.contains("starting_after=po_1") && q.query.contains("limit=1"),
        "{}",
        q.query
    );
    assert_eq!(q.header("stripe-account"), "acct_1Studio");
    srv.get("/v1/payouts?cursor=../x")
        .await
        .problem(422, "validation_failed");

    // Another organization has no account; a malformed account id is refused; disconnecting
    // sends later payments to the platform again.
    let other = srv.other_org().await;
    srv.call_as(&other, Method::GET, "/v1/balance", None, &[])
        .await
        .problem(404, "not_found");
    srv.post("/v1/payment-account", json!({"account_id": "acct_../x"}))
        .await
        .problem(422, "validation_failed");
    assert_eq!(srv.delete("/v1/payment-account").await.status.as_u16(), 204);
    srv.get("/v1/payment-account")
        .await
        .problem(404, "not_found");

    // Paid on a link that requires confirmation: the request then waits for the organization,
    // and the attendee and the host hear of it once it is paid (nothing before); confirmed by
    // the organization, the attendee gets the confirmation and the hosts nothing new.
    fake.route("/v1/payment_intents", json!({"id": "pi_pending_1", "object": "payment_intent", "client_secret": "pi_pending_1_secret_c"}));
    let (_, asks) = simple_link(
        &srv,
        json!({"requires_confirmation": true, "price": {"amount": 2500, "currency": "EUR"}}),
    )
    .await;
    let b = srv
        .post(
            "/v1/bookings",
            booking_body(&asks, start + Duration::hours(2), "Cy"),
        )
        .await
        .expect(201)
        .clone();
    let (bid, pid) = (
        b["id"].as_str().unwrap().to_owned(),
        b["payment"]["id"].as_str().unwrap().to_owned(),
    );
    let p = srv
        .get(&format!("/v1/payments/{pid}"))
        .await
        .expect(200)
        .clone();
    assert!(p.get("destination_account").is_none(), "disconnected: {p}");
    srv.post(&format!("/v1/bookings/{bid}/confirm"), json!({}))
        .await
        .problem(409, "booking_awaiting_payment");
    srv.sequence(Utc::now()).await;
    let kinds = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect();
        k.sort();
        k
    };
    let none = srv
        .get(&format!("/v1/emails?booking_id={bid}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(kinds(&none), Vec::<String>::new());
    let paid = succeeded(
        "evt_pending_paid",
        "pi_pending_1",
        2500,
        json!({"skyslots_payment": pid, "skyslots_organization": srv.org_id}),
    );
    deliver(&srv, &paid, WEBHOOK_SECRET, Utc::now().timestamp())
        .await
        .expect(200);
    assert_eq!(
        srv.get(&format!("/v1/bookings/{bid}")).await.expect(200)["status"],
        "pending"
    );
    srv.sequence(Utc::now()).await;
    let sent = kinds(
        &srv.get(&format!("/v1/emails?booking_id={bid}"))
            .await
            .expect(200)
            .clone(),
    );
    assert_eq!(sent, vec!["booking_pending", "host_booking_created"]);
    srv.post(&format!("/v1/bookings/{bid}/confirm"), json!({}))
        .await
        .expect(200);
    srv.sequence(Utc::now()).await;
    let sent = kinds(
        &srv.get(&format!("/v1/emails?booking_id={bid}"))
            .await
            .expect(200)
            .clone(),
    );
    assert_eq!(
        sent,
        vec![
            "booking_confirmation",
            "booking_pending",
            "host_booking_created"
        ]
    );
}
