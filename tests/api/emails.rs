//! Emails through the real server, with a moved clock for what is due later (`run_due(now)`):
//! one email per recipient per change, reminders that never go out for an old time, the
//! link's switches, racing workers that send each email once, and the rules of the settings.
//! Messages go to the server's outbox directory (`.eml` files); SMTP itself and what arrives
//! are tested against a real SMTP server by the Python SDK suite (`tests/test_emails.py`).

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::{booking_body, day, iso, simple_link};

on_both_backends!(
    reminders_never_go_out_for_an_old_time,
    racing_workers_send_each_email_once,
    links_choose_which_emails_go_out,
    email_settings_and_urls_are_checked,
);

/// The organization's emails, once `check` holds for them (the sequencer and the worker run
/// in the background).
async fn emails_when(srv: &Server, query: &str, check: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let page = srv
            .get(&format!("/v1/emails?limit=100{query}"))
            .await
            .expect(200)
            .clone();
        let items = page["data"].as_array().unwrap().clone();
        if check(&items) {
            return items;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "emails never reached the expected state: {items:#?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn of_kind<'a>(items: &'a [Value], kind: &str) -> Vec<&'a Value> {
    items.iter().filter(|e| e["kind"] == kind).collect()
}

fn at(v: &Value, field: &str) -> DateTime<Utc> {
    v[field].as_str().unwrap().parse().unwrap()
}

/// The `.eml` files in the server's outbox.
fn outbox(srv: &Server) -> Vec<String> {
    let skyslots_api::mail::Mail::Outbox { dir, .. } = &*srv.state.mail else {
        panic!("the test server writes to an outbox");
    };
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".eml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

async fn reminders_never_go_out_for_an_old_time(srv: Server) {
    let (_, link) = simple_link(&srv, json!({"emails": {"reminders": [60, 1440]}})).await;
    let first = day(9) + Duration::hours(10);
    let booking = srv
        .post("/v1/bookings", booking_body(&link, first, "Grace"))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let q = format!("&booking_id={booking}");
    let made = emails_when(&srv, &q, |e| of_kind(e, "booking_reminder").len() == 2).await;
    let mut due: Vec<DateTime<Utc>> = of_kind(&made, "booking_reminder")
        .iter()
        .map(|r| at(r, "send_at"))
        .collect();
    due.sort();
    assert_eq!(
        due,
        [first - Duration::hours(24), first - Duration::hours(1)]
    );

    // Moved: new reminders for the new time; the old ones stay until due, then skip.
    let second = first + Duration::hours(3);
    srv.post(
        &format!("/v1/bookings/{booking}/reschedule"),
        json!({"start": iso(second), "duration": 30}),
    )
    .await
    .expect(200);
    emails_when(&srv, &q, |e| of_kind(e, "booking_reminder").len() == 4).await;
    srv.run_due(first - Duration::minutes(59)).await;
    // Due by then: both old reminders (skipped) and the new 24-hour one (sent).
    let settled = emails_when(&srv, &q, |e| {
        of_kind(e, "booking_reminder")
            .iter()
            .filter(|r| r["status"] != "pending")
            .count()
            == 3
    })
    .await;
    let reminder_at = |t: DateTime<Utc>| {
        of_kind(&settled, "booking_reminder")
            .into_iter()
            .find(|r| at(r, "send_at") == t)
            .unwrap_or_else(|| panic!("no reminder at {t}"))
            .clone()
    };
    for t in [first - Duration::hours(24), first - Duration::hours(1)] {
        let r = reminder_at(t);
        assert_eq!(r["status"], "skipped", "{r}");
        assert_eq!(r["attempts"], 0);
        assert!(r["error"].as_str().unwrap().contains("moved"), "{r}");
    }
    let sent = reminder_at(second - Duration::hours(24));
    assert_eq!(sent["status"], "sent", "{sent}");
    assert_eq!(sent["attempts"], 1);
    assert!(sent["message_id"].as_str().unwrap().starts_with("<eml_"));
    assert!(sent["subject"].as_str().unwrap().starts_with("Reminder: "));
    assert_eq!(
        reminder_at(second - Duration::hours(1))["status"],
        "pending"
    );

    // Cancelled: the last reminder is skipped at its time, never sent.
    srv.post(&format!("/v1/bookings/{booking}/cancel"), json!({}))
        .await
        .expect(200);
    emails_when(&srv, &q, |e| !of_kind(e, "booking_cancelled").is_empty()).await;
    srv.run_due(second - Duration::minutes(59)).await;
    let last = emails_when(&srv, &q, |e| {
        of_kind(e, "booking_reminder")
            .iter()
            .all(|r| r["status"] != "pending")
    })
    .await;
    let skipped: Vec<&Value> = of_kind(&last, "booking_reminder")
        .into_iter()
        .filter(|r| r["status"] == "skipped")
        .collect();
    assert_eq!(skipped.len(), 3, "{last:#?}");
    assert!(skipped
        .iter()
        .any(|r| r["error"].as_str().unwrap().contains("cancelled")));
    // What was sent is in the outbox, under each email's id; nothing skipped is.
    let files = outbox(&srv);
    for e in &last {
        let file = format!("{}.eml", e["id"].as_str().unwrap());
        assert_eq!(files.contains(&file), e["status"] == "sent", "{e}");
    }
}

async fn racing_workers_send_each_email_once(srv: Server) {
    let (_, link) = simple_link(&srv, json!({"emails": {"reminders": [600]}})).await;
    let start = day(9) + Duration::hours(12);
    let mut bookings = Vec::new();
    for (i, name) in ["Ann", "Bob", "Cyd", "Dee", "Eve", "Fay"]
        .iter()
        .enumerate()
    {
        let t = start + Duration::minutes(30 * i64::try_from(i).unwrap());
        bookings.push(
            srv.post("/v1/bookings", booking_body(&link, t, name))
                .await
                .expect(201)["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    emails_when(&srv, "&kind=booking_reminder", |e| e.len() == 6).await;
    // Four workers race for every reminder at once (each due 10 hours before its booking).
    srv.race_workers(4, start - Duration::hours(7)).await;
    let reminders = emails_when(&srv, "&kind=booking_reminder", |e| {
        e.iter().all(|r| r["status"] == "sent")
    })
    .await;
    let files = outbox(&srv);
    for r in &reminders {
        assert_eq!(r["attempts"], 1, "sent exactly once: {r}");
        let id = r["id"].as_str().unwrap();
        assert_eq!(files.iter().filter(|f| f.starts_with(id)).count(), 1);
    }
}

async fn links_choose_which_emails_go_out(srv: Server) {
    let settings =
        json!({"off": ["host_booking_created", "booking_confirmation"], "follow_up": 30});
    let (_, link) = simple_link(&srv, json!({"emails": settings})).await;
    let got = srv
        .get(&format!("/v1/links/{link}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(got["emails"]["off"], settings["off"]);
    assert_eq!(got["emails"]["reminders"], json!([]));
    assert_eq!(got["emails"]["follow_up"], 30);
    let start = day(9) + Duration::hours(10);
    let booking = srv
        .post("/v1/bookings", booking_body(&link, start, "Grace"))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let q = format!("&booking_id={booking}");
    let made = emails_when(&srv, &q, |e| !e.is_empty()).await;
    let kinds: Vec<&str> = made.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["booking_follow_up"],
        "only the follow-up is planned"
    );
    assert_eq!(at(&made[0], "send_at"), start + Duration::minutes(60));
    assert_eq!(made[0]["recipient_role"], "attendee");
    assert_eq!(made[0]["recipient_email"], "grace@example.com");

    // Turned off after it was planned: skipped when due.
    srv.patch(
        &format!("/v1/links/{link}"),
        json!({"emails": {"off": ["booking_follow_up"]}}),
    )
    .await
    .expect(200);
    srv.run_due(start + Duration::minutes(61)).await;
    let done = emails_when(&srv, &q, |e| e[0]["status"] != "pending").await;
    assert_eq!(done[0]["status"], "skipped");
    assert!(done[0]["error"]
        .as_str()
        .unwrap()
        .contains("no longer sends"));
    let one = srv
        .get(&format!("/v1/emails/{}", done[0]["id"].as_str().unwrap()))
        .await
        .expect(200)
        .clone();
    assert_eq!(one, done[0]);
    // Retention forgets settled emails only.
    let purged = skyslots_app::emails::purge(&srv.db, day(60)).await.unwrap();
    assert_eq!(purged, 1);
    srv.get(&format!("/v1/emails/{}", done[0]["id"].as_str().unwrap()))
        .await
        .problem(404, "not_found");
    srv.get("/v1/emails/eml_01JD0000000000000000000000")
        .await
        .problem(404, "not_found");
    srv.get("/v1/emails/bkg_01JD0000000000000000000000")
        .await
        .problem(404, "not_found");
}

async fn email_settings_and_urls_are_checked(srv: Server) {
    let (h, _) = simple_link(&srv, json!({})).await;
    for (emails, field) in [
        (json!({"reminders": [0]}), "emails.reminders[0]"),
        (json!({"reminders": [60, 60]}), "emails.reminders[1]"),
        (json!({"reminders": [1, 2, 3, 4, 5, 6]}), "emails.reminders"),
        (json!({"reminders": [43201]}), "emails.reminders[0]"),
        (json!({"follow_up": 43201}), "emails.follow_up"),
    ] {
        let body = json!({"slug": "x", "title": "X", "durations": [30], "host_ids": [h], "emails": emails});
        let p = srv
            .post("/v1/links", body)
            .await
            .problem(422, "validation_failed")
            .clone();
        assert!(
            p["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == field),
            "{field}: {p}"
        );
    }
    let bad = srv
        .post("/v1/links", json!({"slug": "y", "title": "Y", "durations": [30], "host_ids": [h], "emails": {"off": ["nope"]}}))
        .await;
    bad.problem(422, "validation_failed");

    for url in [
        "https://example.com/manage",
        "ftp://example.com/{token}",
        "{token}",
    ] {
        srv.patch("/v1/organization", json!({"manage_url": url}))
            .await
            .problem(422, "validation_failed");
    }
    let org = srv
        .patch(
            "/v1/organization",
            json!({"manage_url": "https://example.com/m/{token}", "invitation_url": "https://example.com/i?t={token}"}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(org["manage_url"], "https://example.com/m/{token}");
    let cleared = srv
        .patch("/v1/organization", json!({"manage_url": null}))
        .await
        .expect(200)
        .clone();
    assert!(cleared.get("manage_url").is_none(), "{cleared}");
    assert_eq!(cleared["invitation_url"], "https://example.com/i?t={token}");

    // Templates: every kind listed, unknown kinds 404, a broken one refused with its line.
    let all = srv.get("/v1/email-templates").await.expect(200).clone();
    assert_eq!(all["data"].as_array().unwrap().len(), 11);
    srv.get("/v1/email-templates/nope")
        .await
        .problem(404, "not_found");
    let p = srv
        .call(
            reqwest::Method::PUT,
            "/v1/email-templates/booking_reminder",
            Some(&json!({"subject": "Hi", "text": "{{ booking.when.text", "html": ""})),
        )
        .await
        .problem(422, "validation_failed")
        .clone();
    assert_eq!(p["errors"][0]["field"], "text");
    assert_eq!(p["errors"][0]["code"], "invalid_template");
    let preview = srv
        .post("/v1/email-templates/booking_reminder/preview", json!({}))
        .await
        .expect(200)
        .clone();
    assert!(
        preview["subject"]
            .as_str()
            .unwrap()
            .starts_with("Reminder: "),
        "{preview}"
    );
    assert!(preview["html"].as_str().unwrap().contains("<h1"));
}
