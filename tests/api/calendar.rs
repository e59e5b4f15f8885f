//! Calendar files: a booking as `.ics`, for the organization (and tokens that reach it) and
//! for its attendee by manage token; the same text both ways, the same UID across changes,
//! SEQUENCE and STATUS following them, and ETag revalidation.

use reqwest::Method;
use serde_json::json;
use skyslots_blackbox::{on_both_backends, Reply, Server};

use crate::fixtures::*;

on_both_backends!(
    bookings_download_as_calendar_files,
    feeds_are_subscribable_revocable_and_private_when_busy
);

/// The unfolded content lines of a calendar (RFC 5545 folds at 75 octets).
fn lines(reply: &Reply) -> Vec<String> {
    let text = reply.body.as_str().expect("a text body");
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"),
        "{text}"
    );
    text.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn has(lines: &[String], line: &str) {
    assert!(
        lines.iter().any(|l| l == line),
        "missing {line:?} in {lines:#?}"
    );
}

async fn get_as(srv: &Server, key: &str, path: &str, etag: Option<&str>) -> Reply {
    let headers: Vec<(&str, &str)> = etag.map(|e| ("If-None-Match", e)).into_iter().collect();
    srv.call_as(key, Method::GET, path, None, &headers).await
}

async fn public_get(srv: &Server, path: &str, etag: Option<&str>) -> Reply {
    let headers: Vec<(&str, &str)> = etag.map(|e| ("If-None-Match", e)).into_iter().collect();
    srv.anonymous(Method::GET, path, None, &headers).await
}

async fn bookings_download_as_calendar_files(srv: Server) {
    let org = srv.get("/v1/organization").await.expect(200)["slug"].clone();
    simple_link(
        &srv,
        json!({
            "slug": "consult",
            "description": "Bring your questions; we will go through them together.",
            "location": {"kind": "video", "value": "https://meet.example.com/ada"},
        }),
    )
    .await;
    let start = day(3);
    let made = srv
        .anonymous(
            Method::POST,
            &format!("/v1/public/links/{}/consult/bookings", org.as_str().unwrap()),
            Some(&json!({
                "start": iso(start), "duration": 30, "answers": {},
                "attendee": {"name": "Grace Hopper", "email": "grace@example.com", "timezone": "America/New_York"},
            })),
            &[],
        )
        .await;
    let made = made.expect(201).clone();
    let id = made["booking"]["id"].as_str().unwrap().to_owned();
    let token = made["manage_token"].as_str().unwrap().to_owned();
    let uid = srv.get(&format!("/v1/bookings/{id}")).await.expect(200)["ical_uid"].clone();
    let path = format!("/v1/bookings/{id}/ics");
    let public_path = format!("/v1/public/bookings/{token}/ics");

    // The organization's copy.
    let file = srv.get(&path).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), "text/calendar; charset=utf-8");
    assert_eq!(
        file.header("content-disposition"),
        format!("attachment; filename=\"{id}.ics\"")
    );
    assert_eq!(file.header("cache-control"), "private, no-cache");
    let etag = file.header("etag").to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() == 34,
        "{etag}"
    );
    let l = lines(&file);
    for line in [
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        &format!("UID:{}", uid.as_str().unwrap()),
        "SEQUENCE:0",
        &format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ")),
        &format!(
            "DTEND:{}",
            (start + chrono::Duration::minutes(30)).format("%Y%m%dT%H%M%SZ")
        ),
        "SUMMARY:Intro call with Ada",
        "DESCRIPTION:Bring your questions\\; we will go through them together.",
        "LOCATION:https://meet.example.com/ada",
        "STATUS:CONFIRMED",
        "ORGANIZER;CN=Ada:mailto:ada@example.com",
        "ATTENDEE;CN=Grace Hopper;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:grace@example.com",
    ] {
        has(&l, line);
    }
    assert_eq!(l.iter().filter(|x| *x == "BEGIN:VEVENT").count(), 1);

    // Unchanged: 304 with no body, for that ETag or `*`; another ETag gets the file.
    let same = get_as(&srv, &srv.key, &path, Some(&etag)).await;
    assert_eq!(
        (same.status.as_u16(), &same.body),
        (304, &serde_json::Value::Null)
    );
    assert_eq!(same.header("etag"), etag);
    assert_eq!(get_as(&srv, &srv.key, &path, Some("*")).await.status, 304);
    let list = format!("\"0000\", {etag}");
    assert_eq!(get_as(&srv, &srv.key, &path, Some(&list)).await.status, 304);
    assert_eq!(
        get_as(&srv, &srv.key, &path, Some("\"0000\"")).await.status,
        200
    );

    // The attendee's copy by manage token: the very same file.
    let mine = public_get(&srv, &public_path, None).await;
    assert_eq!(mine.status, 200);
    assert_eq!(mine.body, file.body);
    assert_eq!(mine.header("etag"), etag);
    assert_eq!(
        mine.header("content-disposition"),
        "attachment; filename=\"booking.ics\""
    );
    assert_eq!(
        public_get(&srv, &public_path, Some(&etag)).await.status,
        304
    );

    // A reschedule: same UID, SEQUENCE 1, new times, new ETag.
    let later = day(4);
    srv.post(
        &format!("/v1/bookings/{id}/reschedule"),
        json!({"start": iso(later)}),
    )
    .await
    .expect(200);
    let moved = get_as(&srv, &srv.key, &path, Some(&etag)).await;
    assert_eq!(moved.status, 200, "the old ETag no longer matches");
    let moved_etag = moved.header("etag").to_owned();
    assert_ne!(moved_etag, etag);
    let l = lines(&moved);
    has(&l, &format!("UID:{}", uid.as_str().unwrap()));
    has(&l, "SEQUENCE:1");
    has(&l, &format!("DTSTART:{}", later.format("%Y%m%dT%H%M%SZ")));

    // A cancellation (by the attendee): STATUS:CANCELLED, SEQUENCE 2, attendee declined.
    srv.anonymous(
        Method::POST,
        &format!("/v1/public/bookings/{token}/cancel"),
        Some(&json!({})),
        &[],
    )
    .await
    .expect(200);
    let gone = public_get(&srv, &public_path, Some(&moved_etag)).await;
    assert_eq!(gone.status, 200);
    let l = lines(&gone);
    has(&l, "STATUS:CANCELLED");
    has(&l, "SEQUENCE:2");
    assert!(
        l.iter()
            .any(|x| x.starts_with("ATTENDEE;") && x.contains("PARTSTAT=DECLINED")),
        "{l:#?}"
    );

    // Who may not have it: another organization, a token for another attendee, an unknown
    // id or manage token — each a 404 problem, as for the booking itself.
    let other = srv.other_org().await;
    get_as(&srv, &other, &path, None)
        .await
        .problem(404, "not_found");
    let stranger = srv
        .post(
            "/v1/tokens",
            json!({"subject": "x", "scopes": ["bookings:read"], "attendee_email": "eve@example.com"}),
        )
        .await
        .expect(201)["token"]
        .as_str()
        .unwrap()
        .to_owned();
    get_as(&srv, &stranger, &path, None)
        .await
        .problem(404, "not_found");
    let grace = srv
        .post(
            "/v1/tokens",
            json!({"subject": "x", "scopes": ["bookings:read"], "attendee_email": "grace@example.com"}),
        )
        .await
        .expect(201)["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(get_as(&srv, &grace, &path, None).await.status, 200);
    srv.get("/v1/bookings/bkg_00000000000000000000000000/ics")
        .await
        .problem(404, "not_found");
    public_get(&srv, "/v1/public/bookings/mt_doesnotexist/ics", None)
        .await
        .problem(404, "booking_not_found");
}

/// The path of a feed's URL (which starts with the server's public URL).
fn feed_path(feed: &serde_json::Value) -> String {
    let url = feed["url"].as_str().expect("a url at creation");
    let at = url.find("/v1/public/feeds/").expect("a feed path");
    url[at..].to_owned()
}

async fn feeds_are_subscribable_revocable_and_private_when_busy(srv: Server) {
    let (host, link) = simple_link(
        &srv,
        json!({"slug": "feedme", "location": {"kind": "phone", "value": "+1 555 0100"}}),
    )
    .await;
    let grace = srv
        .post("/v1/bookings", booking_body(&link, day(2), "Grace"))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let linus = srv
        .post("/v1/bookings", booking_body(&link, day(3), "Linus"))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Exactly one of host and link; both must exist here.
    srv.post("/v1/calendar-feeds", json!({}))
        .await
        .problem(422, "validation_failed");
    srv.post(
        "/v1/calendar-feeds",
        json!({"host_id": host, "link_id": link}),
    )
    .await
    .problem(422, "validation_failed");
    srv.post(
        "/v1/calendar-feeds",
        json!({"host_id": "hst_00000000000000000000000000"}),
    )
    .await
    .problem(404, "not_found");
    srv.post(
        "/v1/calendar-feeds",
        json!({"link_id": link, "detail": "everything"}),
    )
    .await
    .problem(422, "validation_failed");

    let full = srv
        .post("/v1/calendar-feeds", json!({"host_id": host}))
        .await
        .expect(201)
        .clone();
    assert_eq!(full["detail"], "full");
    let url = full["url"].as_str().unwrap();
    assert!(
        url.starts_with("http://127.0.0.1:8080/v1/public/feeds/cf_") && url.ends_with(".ics"),
        "{url}"
    );
    let webcal = full["webcal_url"].as_str().unwrap();
    assert_eq!(
        webcal,
        format!("webcal://{}", url.split_once("://").unwrap().1)
    );
    let id = full["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("cfd_"));
    // The URL is never shown again, and the token is not in the database.
    let got = srv
        .get(&format!("/v1/calendar-feeds/{id}"))
        .await
        .expect(200)
        .clone();
    assert!(
        got.get("url").is_none() && got.get("webcal_url").is_none(),
        "{got}"
    );
    let listed = srv.get("/v1/calendar-feeds").await.expect(200)["data"].clone();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(listed[0].get("url").is_none());
    let token = url
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".ics")
        .to_owned();
    assert!(
        !srv.database_text().await.contains(&token),
        "the feed token is stored in the clear"
    );

    // Subscribed: the host's bookings, with who and where; refresh every 15 minutes.
    let path = feed_path(&full);
    let feed = public_get(&srv, &path, None).await;
    assert_eq!(feed.status, 200);
    assert_eq!(feed.header("content-type"), "text/calendar; charset=utf-8");
    let l = lines(&feed);
    has(&l, "METHOD:PUBLISH");
    has(&l, "X-WR-CALNAME:Ada (SkySlots)");
    has(&l, "REFRESH-INTERVAL;VALUE=DURATION:PT15M");
    has(&l, "X-PUBLISHED-TTL:PT15M");
    assert_eq!(l.iter().filter(|x| *x == "BEGIN:VEVENT").count(), 2);
    has(&l, &format!("UID:{grace}@skyslots"));
    has(&l, &format!("UID:{linus}@skyslots"));
    has(&l, "LOCATION:Phone: +1 555 0100");
    assert!(l.iter().any(|x| x.contains("mailto:grace@example.com")));
    let etag = feed.header("etag").to_owned();
    assert_eq!(public_get(&srv, &path, Some(&etag)).await.status, 304);

    // Busy only: the same times, nothing about anyone.
    let busy = srv
        .post(
            "/v1/calendar-feeds",
            json!({"link_id": link, "detail": "busy"}),
        )
        .await
        .expect(201)
        .clone();
    let busy_path = feed_path(&busy);
    let b = public_get(&srv, &busy_path, None).await;
    let text = b.body.as_str().unwrap().to_owned();
    let bl = lines(&b);
    assert_eq!(bl.iter().filter(|x| *x == "SUMMARY:Busy").count(), 2);
    has(&bl, &format!("UID:{grace}@skyslots"));
    for private in [
        "grace",
        "Grace",
        "linus",
        "Ada",
        "ada@",
        "555",
        "ATTENDEE",
        "ORGANIZER",
        "LOCATION",
        "DESCRIPTION",
    ] {
        assert!(
            !text.contains(private),
            "the busy feed shows {private:?}:\n{text}"
        );
    }
    has(&bl, "X-WR-CALNAME:Intro call: busy (SkySlots)");

    // A cancellation stays in the feed as STATUS:CANCELLED (subscribers drop the event).
    srv.post(&format!("/v1/bookings/{grace}/cancel"), json!({}))
        .await
        .expect(200);
    let after = public_get(&srv, &path, Some(&etag)).await;
    assert_eq!(after.status, 200, "the feed changed");
    let text = after.body.as_str().unwrap().replace("\r\n ", "");
    let grace_event = text
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("UID:{grace}@skyslots")))
        .unwrap();
    assert!(
        grace_event.contains("STATUS:CANCELLED\r\n"),
        "{grace_event}"
    );

    // Regenerate: the old URL is gone at once, the new one works.
    let fresh = srv
        .post(&format!("/v1/calendar-feeds/{id}/regenerate"), json!({}))
        .await
        .expect(200)
        .clone();
    let fresh_path = feed_path(&fresh);
    assert_ne!(fresh_path, path);
    public_get(&srv, &path, None)
        .await
        .problem(404, "not_found");
    assert_eq!(public_get(&srv, &fresh_path, None).await.status, 200);

    // Another organization cannot see or change it; nonsense URLs are a plain 404.
    let other = srv.other_org().await;
    get_as(&srv, &other, &format!("/v1/calendar-feeds/{id}"), None)
        .await
        .problem(404, "not_found");
    public_get(&srv, "/v1/public/feeds/cf_nope.ics", None)
        .await
        .problem(404, "not_found");
    public_get(&srv, fresh_path.trim_end_matches(".ics"), None)
        .await
        .problem(404, "not_found");

    // An idempotent retry of a create returns the feed, without a URL it no longer knows.
    let headers = [("Idempotency-Key", "feed-1")];
    let body = json!({"link_id": link});
    let first = srv
        .call_as(
            &srv.key,
            Method::POST,
            "/v1/calendar-feeds",
            Some(&body),
            &headers,
        )
        .await;
    let first = first.expect(201).clone();
    assert!(first["url"].is_string());
    let again = srv
        .call_as(
            &srv.key,
            Method::POST,
            "/v1/calendar-feeds",
            Some(&body),
            &headers,
        )
        .await;
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(again.body["id"], first["id"]);
    assert!(again.body.get("url").is_none());

    // Deleted: its URL is gone.
    srv.delete(&format!("/v1/calendar-feeds/{id}"))
        .await
        .expect(204);
    public_get(&srv, &fresh_path, None)
        .await
        .problem(404, "not_found");
    srv.get(&format!("/v1/calendar-feeds/{id}"))
        .await
        .problem(404, "not_found");
}
