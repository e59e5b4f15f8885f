//! Calendar connections through the real server: input checks, sealed credentials, and a
//! calendar server that fails (a real HTTP server on a loopback port answering 401, then
//! something that is not WebDAV): the error lands on the connection, availability keeps
//! answering and says how old its busy time is, and the refresh job comes back on its
//! schedule (moved clock). Reading and writing a real CalDAV server (Radicale) is
//! `sdks/python/tests/test_calendar_sync.py`.

use base64::Engine as _;
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use skyslots_blackbox::{on_both_backends, Receiver, Server};

use crate::fixtures::{day, driven, iso, simple_link};

on_both_backends!(
    connection_input_is_checked,
    a_failing_calendar_is_reported_and_availability_keeps_working with driven,
);

async fn host_of(srv: &Server, link: &str) -> String {
    srv.get(&format!("/v1/links/{link}")).await.expect(200)["host_ids"][0]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn connection_input_is_checked(srv: Server) {
    let (host, _) = simple_link(&srv, json!({})).await;
    let ok = json!({"host_id": host, "kind": "caldav", "url": "https://dav.example.com/ada/",
                    "username": "ada", "password": "s3cret-app-password"});
    let with = |patch: Value| {
        let mut body = ok.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    for (patch, field, code) in [
        // The schema refuses an unknown kind (whatever its code says).
        (json!({"kind": "exchange"}), "kind", "*"),
        (
            json!({"url": "http://dav.example.com/"}),
            "url",
            "url_not_allowed",
        ),
        (
            json!({"url": "https://ada:pw@dav.example.com/"}),
            "url",
            "url_not_allowed",
        ),
        (
            json!({"url": "https://127.0.0.1/dav/"}),
            "url",
            "url_not_allowed",
        ),
        (json!({"username": null}), "username", "inconsistent"),
        (
            json!({"kind": "ics", "write_calendar": "https://dav.example.com/ada/work/"}),
            "write_calendar",
            "inconsistent",
        ),
        (
            json!({"busy_calendars": ["https://dav.example.com/a/", "https://dav.example.com/a/"]}),
            "busy_calendars[1]",
            "duplicate",
        ),
    ] {
        let r = srv
            .post("/v1/calendar-connections", with(patch.clone()))
            .await;
        let p = r.problem(422, "validation_failed");
        let errors = p["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && (code == "*" || e["code"] == code)),
            "{patch}: {p}"
        );
    }
    // A host of another shape or none at all.
    srv.post(
        "/v1/calendar-connections",
        with(json!({"host_id": "hst_00000000000000000000000000"})),
    )
    .await
    .problem(404, "not_found");

    let created = srv
        .post("/v1/calendar-connections", ok.clone())
        .await
        .expect(201)
        .clone();
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("ccn_"), "{created}");
    assert_eq!(created["status"], "pending");
    assert_eq!(created["has_password"], true);
    assert!(created.get("password").is_none(), "{created}");
    assert!(!created.to_string().contains("s3cret"), "{created}");
    // Stored sealed, never as given.
    let stored = skyslots_storage::calendar_connections::get(
        &mut srv.db.read().await.unwrap(),
        &srv.org_id,
        &id,
    )
    .await
    .unwrap();
    let sealed = stored.password_sealed.unwrap();
    assert!(!sealed.contains("s3cret"), "{sealed}");
    assert_eq!(
        srv.state.secrets.open(&sealed, &id).unwrap(),
        "s3cret-app-password"
    );

    let listed = srv
        .get(&format!("/v1/calendar-connections?host_id={host}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(listed["data"][0]["id"], id.as_str());
    let none = srv
        .get("/v1/calendar-connections?host_id=hst_00000000000000000000000000")
        .await
        .expect(200)
        .clone();
    assert!(none["data"].as_array().unwrap().is_empty());

    let changed = srv
        .patch(
            &format!("/v1/calendar-connections/{id}"),
            json!({"name": "Work", "busy_calendars": ["https://dav.example.com/ada/work/"], "password": null}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(changed["name"], "Work");
    assert_eq!(changed["has_password"], false);
    assert_eq!(
        changed["busy_calendars"][0],
        "https://dav.example.com/ada/work/"
    );
    srv.patch(
        &format!("/v1/calendar-connections/{id}"),
        json!({"url": "ftp://dav.example.com/"}),
    )
    .await
    .problem(422, "validation_failed");

    srv.delete(&format!("/v1/calendar-connections/{id}"))
        .await
        .expect(204);
    srv.get(&format!("/v1/calendar-connections/{id}"))
        .await
        .problem(404, "not_found");
}

async fn a_failing_calendar_is_reported_and_availability_keeps_working(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let host = host_of(&srv, &link).await;
    let dav = Receiver::start().await;
    dav.answer(401);
    let created = srv
        .post(
            "/v1/calendar-connections",
            json!({"host_id": host, "kind": "caldav", "url": dav.url(),
                   "username": "ada", "password": "wrong"}),
        )
        .await
        .expect(201)
        .clone();
    let id = created["id"].as_str().unwrap().to_owned();

    // The first refresh is a job, due at once.
    let now = Utc::now();
    assert_eq!(srv.run_due(now).await, 1);
    let got = dav.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let basic = base64::engine::general_purpose::STANDARD.encode("ada:wrong");
    assert_eq!(got[0].header("authorization"), format!("Basic {basic}"));
    assert_eq!(got[0].header("depth"), "0");
    assert!(got[0].body.contains("calendar-home-set"), "{}", got[0].body);
    let c = srv
        .get(&format!("/v1/calendar-connections/{id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(c["status"], "error", "{c}");
    assert_eq!(c["error"]["code"], "calendar_auth_failed", "{c}");
    assert!(
        c["error"]["message"].as_str().unwrap().contains("401"),
        "{c}"
    );
    assert!(c.get("synced_at").is_none(), "{c}");
    assert!(!c.to_string().contains("wrong"), "{c}");

    // Availability answers as before and names the failing calendar.
    let window = format!(
        "/v1/links/{link}/availability?start={}&end={}",
        iso(day(3)),
        iso(day(4))
    );
    let a = srv.get(&window).await.expect(200).clone();
    assert!(!a["slots"].as_array().unwrap().is_empty(), "{a}");
    assert_eq!(a["calendars"][0]["connection_id"], id.as_str(), "{a}");
    assert_eq!(a["calendars"][0]["status"], "error");
    assert_eq!(a["calendars"][0]["error_code"], "calendar_auth_failed");

    // Failed refreshes come back after five minutes, not before.
    assert_eq!(srv.run_due(now + Duration::minutes(4)).await, 0);
    dav.answer(200);
    assert_eq!(srv.run_due(now + Duration::minutes(6)).await, 1);
    assert_eq!(dav.received().len(), 2);
    let c = srv
        .get(&format!("/v1/calendar-connections/{id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(c["error"]["code"], "calendar_bad_response", "{c}");

    // On demand, at once; a server that vanished is unreachable, never a 500.
    let mut dav = dav;
    dav.down().await;
    let r = srv
        .post(&format!("/v1/calendar-connections/{id}/refresh"), json!({}))
        .await
        .expect(200)
        .clone();
    assert_eq!(r["error"]["code"], "calendar_unreachable", "{r}");
    srv.get(&window).await.expect(200);

    // Deleted: its job ends, and availability no longer mentions it.
    srv.delete(&format!("/v1/calendar-connections/{id}"))
        .await
        .expect(204);
    assert_eq!(srv.run_due(now + Duration::hours(1)).await, 1);
    assert_eq!(srv.run_due(now + Duration::hours(2)).await, 0);
    let a = srv.get(&window).await.expect(200).clone();
    assert_eq!(a["calendars"], json!([]), "{a}");
}
