//! Prices and quotes through the real server: a link's price per booking, seat or hour with an
//! optional deposit, checked on the way in (currencies, bounds, three-decimal steps), and the
//! itemised quote before booking, for the organization, scoped tokens and the public.

use reqwest::Method;
use serde_json::{json, Value};
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::{booking_body, day, iso, simple_link};

on_both_backends!(prices_are_checked_and_quoted, free_and_public_quotes);

async fn quote(srv: &Server, link: &str, body: Value) -> Value {
    srv.post(&format!("/v1/links/{link}/quote"), body)
        .await
        .expect(200)
        .clone()
}

async fn prices_are_checked_and_quoted(srv: Server) {
    // A room: 2,500 yen an hour (JPY has no minor unit), 30 % on booking, the rest at the venue.
    let room = json!({"amount": 2500, "currency": "JPY", "unit": "per_hour",
                      "deposit": {"kind": "percent", "value": 30}, "balance": "at_venue",
                      "tax_inclusive": true, "collect": "offline"});
    let (_, link) = simple_link(&srv, json!({"durations": [45, 90], "price": room})).await;
    let got = srv
        .get(&format!("/v1/links/{link}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(got["price"]["unit"], "per_hour", "{got}");
    assert_eq!(got["price"]["amount_decimal"], "2500");
    assert_eq!(
        got["price"]["deposit"],
        json!({"kind": "percent", "value": 30})
    );
    assert_eq!(got["price"]["balance"], "at_venue");

    let start = day(3) + chrono::Duration::hours(10);
    let q = quote(&srv, &link, json!({"start": iso(start), "duration": 45})).await;
    assert_eq!(q["currency"], "JPY");
    assert_eq!(q["exponent"], 0);
    let end: chrono::DateTime<chrono::Utc> = q["end"].as_str().unwrap().parse().unwrap();
    assert_eq!(end, start + chrono::Duration::minutes(45));
    assert_eq!(
        q["lines"],
        json!([{"unit": "per_hour", "quantity": 45, "unit_amount": 2500, "amount": 1875}])
    );
    // 30 % of 1,875 is 562.5: half up, and nothing lost between the two parts.
    assert_eq!(
        (
            q["total"].clone(),
            q["due_now"].clone(),
            q["due_later"].clone()
        ),
        (json!(1875), json!(563), json!(1312)),
        "{q}"
    );
    assert_eq!(q["total_decimal"], "1875");
    assert_eq!(q["tax_inclusive"], true);
    assert_eq!(q["balance"], "at_venue");

    // Per seat in euros.
    let (_, class) = simple_link(
        &srv,
        json!({"capacity": 10, "price": {"amount": 1250, "currency": "EUR", "unit": "per_seat", "collect": "offline"}}),
    )
    .await;
    let q = quote(&srv, &class, json!({"start": iso(start), "seats": 3})).await;
    assert_eq!(
        (q["total"].clone(), q["total_decimal"].clone()),
        (json!(3750), json!("37.50"))
    );
    assert_eq!(q["due_now"], 3750);
    assert_eq!(q["lines"][0]["quantity"], 3);
    // Booking it fixes the same price on the booking.
    let mut body = booking_body(&class, start, "Ann");
    body["seats"] = json!(3);
    let booked = srv.post("/v1/bookings", body).await.expect(201).clone();
    assert_eq!(
        booked["price"],
        json!({"currency": "EUR", "total": 3750, "total_decimal": "37.50", "due_now": 3750,
               "due_later": 0, "tax_inclusive": false}),
        "{booked}"
    );
    // And the room's deposit split, for a booking of 45 minutes.
    // (On the room's 45-minute grid: 09:00 is the 12th step of the day.)
    let mut body = booking_body(&link, day(3) + chrono::Duration::hours(9), "Ben");
    body["duration"] = json!(45);
    let booked = srv.post("/v1/bookings", body).await.expect(201).clone();
    assert_eq!(
        (
            booked["price"]["total"].clone(),
            booked["price"]["due_now"].clone()
        ),
        (json!(1875), json!(563)),
        "{booked}"
    );
    // A later price of the link leaves the booking's alone; a longer booking is priced again.
    let id = booked["id"].as_str().unwrap().to_owned();
    srv.patch(
        &format!("/v1/links/{link}"),
        json!({"price": {"amount": 9000, "currency": "JPY", "unit": "per_hour", "collect": "offline"}}),
    )
    .await
    .expect(200);
    let moved = srv
        .post(
            &format!("/v1/bookings/{id}/reschedule"),
            json!({"start": iso(day(4) + chrono::Duration::hours(9))}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(moved["price"]["total"], 1875, "{moved}");
    let longer = srv
        .post(
            &format!("/v1/bookings/{id}/reschedule"),
            json!({"start": iso(day(5) + chrono::Duration::hours(9)), "duration": 90}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(
        (
            longer["price"]["total"].clone(),
            longer["price"]["due_now"].clone()
        ),
        (json!(13500), json!(13500)),
        "{longer}"
    );

    // Durations the link does not offer and seats beyond its capacity.
    let r = srv
        .post(
            &format!("/v1/links/{link}/quote"),
            json!({"start": iso(start), "duration": 60}),
        )
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "duration", "{}", r.body);
    let r = srv
        .post(
            &format!("/v1/links/{class}/quote"),
            json!({"start": iso(start), "seats": 11}),
        )
        .await;
    assert_eq!(r.body["errors"][0]["field"], "seats", "{}", r.body);

    // Prices that cannot be charged are refused where they are set.
    for (price, field) in [
        (json!({"amount": 100, "currency": "XYZ"}), "price.currency"),
        (json!({"amount": 1255, "currency": "KWD"}), "price.amount"),
        (
            json!({"amount": 100, "currency": "EUR", "deposit": {"kind": "percent", "value": 150}}),
            "price.deposit.value",
        ),
    ] {
        let r = srv
            .patch(&format!("/v1/links/{link}"), json!({"price": price}))
            .await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], field, "{price}: {}", r.body);
    }
    // Unchanged by the refused updates.
    let got = srv
        .get(&format!("/v1/links/{link}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(got["price"]["currency"], "JPY");
}

async fn free_and_public_quotes(srv: Server) {
    let (_, free) = simple_link(&srv, json!({"slug": "free-call"})).await;
    let start = day(3) + chrono::Duration::hours(9);
    let q = quote(&srv, &free, json!({"start": iso(start)})).await;
    assert!(q.get("currency").is_none(), "{q}");
    assert_eq!(
        (q["total"].clone(), q["lines"].clone()),
        (json!(0), json!([]))
    );
    assert_eq!(q["duration"], 30);
    let booked = srv
        .post("/v1/bookings", booking_body(&free, start, "Cy"))
        .await
        .expect(201)
        .clone();
    assert!(booked.get("price").is_none(), "{booked}");

    let (_, paid) = simple_link(
        &srv,
        json!({"slug": "paid-call", "price": {"amount": 9900, "currency": "USD",
               "deposit": {"kind": "fixed", "value": 2000}}}),
    )
    .await;
    let org = srv.get("/v1/organization").await.expect(200)["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = srv
        .anonymous(
            Method::POST,
            &format!("/v1/public/links/{org}/paid-call/quote"),
            Some(&json!({"start": iso(start), "duration": 60})),
            &[],
        )
        .await;
    let q = r.expect(200).clone();
    assert_eq!(
        (
            q["total"].clone(),
            q["due_now"].clone(),
            q["due_later"].clone()
        ),
        (json!(9900), json!(2000), json!(7900)),
        "{q}"
    );
    assert_eq!(q["due_later_decimal"], "79.00");
    // Inactive links and unknown ones are not found, alike.
    srv.patch(&format!("/v1/links/{paid}"), json!({"active": false}))
        .await
        .expect(200);
    for slug in ["paid-call", "nope"] {
        srv.anonymous(
            Method::POST,
            &format!("/v1/public/links/{org}/{slug}/quote"),
            Some(&json!({"start": iso(start)})),
            &[],
        )
        .await
        .problem(404, "link_not_found");
    }
    // A scoped token for one link quotes that link only (as it reads only that one).
    let token = srv
        .post(
            "/v1/tokens",
            json!({"subject": "page", "scopes": ["links:read"], "link_id": free}),
        )
        .await
        .expect(201)["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"start": iso(start)});
    srv.call_as(
        &token,
        Method::POST,
        &format!("/v1/links/{free}/quote"),
        Some(&body),
        &[],
    )
    .await
    .expect(200);
    srv.call_as(
        &token,
        Method::POST,
        &format!("/v1/links/{paid}/quote"),
        Some(&body),
        &[],
    )
    .await
    .problem(403, "token_restricted");
}
