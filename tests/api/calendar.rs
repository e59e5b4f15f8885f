//! Calendar files: a booking as `.ics`, for the organization (and tokens that reach it) and
//! for its attendee by manage token; the same text both ways, the same UID across changes,
//! SEQUENCE and STATUS following them, and ETag revalidation.

use reqwest::Method;
use serde_json::json;
use skyslots_blackbox::{on_both_backends, Reply, Server};

use crate::fixtures::*;

on_both_backends!(bookings_download_as_calendar_files);

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
