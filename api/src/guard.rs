//! Input hygiene for every request, in one place: text that no field of ours may hold is
//! refused before any operation sees it, so a field or filter added tomorrow is covered the
//! day it is added, and both backends answer alike (PostgreSQL cannot store a NUL byte; SQLite
//! can, so without this the two would disagree).
//!
//! - JSON bodies: every string, object keys included, is free of control characters other
//!   than tab and newline. Otherwise 422 `validation_failed`, each offending field named with
//!   the code `control_character`.
//! - Query strings: every name and value decodes to UTF-8 free of the same characters.
//!   Otherwise 422 naming the parameter (`control_character` or `invalid_encoding`).
//! - Paths: a segment that decodes to a control character or to invalid UTF-8 names nothing
//!   here: 404 `not_found`.
//! - `Idempotency-Key`: one header of 1–255 visible ASCII characters. Otherwise 422, never a
//!   silently ignored key (a key the framework cannot read as text would otherwise look
//!   absent, and a retry would create twice).
//!
//! This module knows no operation and no field by name; it only reads the request.

use poem::http::StatusCode;
use serde_json::Value;
use skyslots_core::ErrorCode;

use crate::problem::{FieldProblem, Problem};

/// Field code of a string holding a refused control character.
pub const CONTROL_CHARACTER: &str = "control_character";
/// Field code of a query parameter whose percent-encoding is not UTF-8.
pub const INVALID_ENCODING: &str = "invalid_encoding";
/// Field code of an unusable `Idempotency-Key`.
pub const INVALID_IDEMPOTENCY_KEY: &str = "invalid_idempotency_key";

/// At most this many field problems are listed for one request.
const MAX_LISTED: usize = 20;

/// Whether `c` may not appear in any text we accept: every Unicode control character (C0, DEL
/// and C1) except tab and newline.
pub fn refused(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// The problem with this request's path, query, `Idempotency-Key` or JSON body, if any.
///
/// A request to the organization's API without any credentials is left alone: it is answered
/// 401 before anything it sent is read, so the missing key is what its sender learns first.
pub fn check(req: &poem::Request, body: &[u8]) -> Option<Problem> {
    let path = req.uri().path();
    if path.starts_with("/v1/")
        && !path.starts_with("/v1/public/")
        && req.header("authorization").is_none()
    {
        return None;
    }
    if !path_is_clean(path) {
        return Some(Problem::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "No such resource or route.",
        ));
    }
    let mut fields = Vec::new();
    if let Some(query) = req.uri().query() {
        query_problems(query, &mut fields);
    }
    idempotency_key_problem(req, &mut fields);
    let is_json = req
        .header("content-type")
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
    if is_json && may_hold_control(body) {
        if let Ok(value) = serde_json::from_slice::<Value>(body) {
            let mut path = String::new();
            walk(&value, &mut path, &mut fields);
        }
    }
    if fields.is_empty() {
        None
    } else {
        fields.truncate(MAX_LISTED);
        Some(Problem::validation(fields))
    }
}

fn path_is_clean(path: &str) -> bool {
    std::str::from_utf8(&percent_decode(path, false)).is_ok_and(|p| !p.chars().any(refused))
}

fn query_problems(query: &str, fields: &mut Vec<FieldProblem>) {
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode(name, true);
        let value = percent_decode(value, true);
        let shown = printable(&String::from_utf8_lossy(&name));
        match (std::str::from_utf8(&name), std::str::from_utf8(&value)) {
            (Ok(n), Ok(v)) if n.chars().chain(v.chars()).any(refused) => {
                fields.push(control(shown))
            }
            (Ok(_), Ok(_)) => {}
            _ => fields.push(FieldProblem {
                field: shown,
                code: INVALID_ENCODING.into(),
                message: "is not valid UTF-8 once percent-decoded".into(),
            }),
        }
    }
}

fn idempotency_key_problem(req: &poem::Request, fields: &mut Vec<FieldProblem>) {
    let mut values = req.headers().get_all("idempotency-key").iter();
    let Some(first) = values.next() else { return };
    let message = if values.next().is_some() {
        "send one Idempotency-Key header, not several"
    } else if first.is_empty()
        || first.len() > 255
        || !first.as_bytes().iter().all(|b| (0x21..=0x7e).contains(b))
    {
        "must be 1-255 visible ASCII characters (no spaces, no accents)"
    } else {
        return;
    };
    fields.push(FieldProblem {
        field: "Idempotency-Key".into(),
        code: INVALID_IDEMPOTENCY_KEY.into(),
        message: message.into(),
    });
}

fn control(field: String) -> FieldProblem {
    FieldProblem {
        field,
        code: CONTROL_CHARACTER.into(),
        message: "contains a control character; only tab and newline are allowed".into(),
    }
}

/// Every string under `value`, keys included; `path` is the client's spelling of where it is
/// (`weekly_rules[0].start`, `metadata.note`).
fn walk(value: &Value, path: &mut String, fields: &mut Vec<FieldProblem>) {
    if fields.len() >= MAX_LISTED {
        return;
    }
    match value {
        Value::String(s) if s.chars().any(refused) => fields.push(control(path_or_body(path))),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, fields);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&printable(key));
                if key.chars().any(refused) {
                    fields.push(control(path.clone()));
                } else {
                    walk(item, path, fields);
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
}

fn path_or_body(path: &str) -> String {
    if path.is_empty() {
        "body".into()
    } else {
        path.to_owned()
    }
}

/// `s` with refused characters written as `\u{..}`, bounded, for naming a field in a problem.
fn printable(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().take(100) {
        if refused(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// A cheap first look at a JSON body: false means no string in it can hold a refused
/// character, so the body need not be parsed here. Raw control bytes are not JSON (the body
/// parser refuses them); escapes (`\u0000`), DEL and UTF-8 C1 characters are looked for.
fn may_hold_control(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\\' => {
                // `\b`, `\f` and `\r` are control characters too (`\t`, `\n` are allowed).
                if matches!(body.get(i + 1), Some(b'b' | b'f' | b'r')) {
                    return true;
                }
                if body.get(i + 1) == Some(&b'u') {
                    let escaped = body
                        .get(i + 2..i + 6)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32);
                    if escaped.is_some_and(refused) {
                        return true;
                    }
                }
                // Skip the escaped character, so `\\u0000` (a backslash, then text) is not
                // mistaken for an escape.
                i += 2;
                continue;
            }
            0x7f => return true,
            0xc2 if body.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b)) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Percent-decoding to bytes (`+` is a space in query strings); a `%` not followed by two hex
/// digits stays as it is.
fn percent_decode(s: &str, plus_is_space: bool) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = |j: usize| bytes.get(j).and_then(|c| (*c as char).to_digit(16));
        match b {
            b'%' => {
                if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                out.push(b);
            }
            b'+' if plus_is_space => out.push(b' '),
            _ => out.push(b),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fields(body: &str) -> Vec<(String, String)> {
        let req = poem::Request::builder()
            .method(poem::http::Method::POST)
            .uri(poem::http::Uri::from_static("/v1/hosts"))
            .content_type("application/json")
            .header("authorization", "Bearer sk_x")
            .finish();
        check(&req, body.as_bytes())
            .map(Problem::field_codes)
            .unwrap_or_default()
    }

    #[test]
    fn control_characters_are_found_wherever_they_are() {
        assert_eq!(
            fields(r#"{"name":"a\u0000b","tz":"UTC"}"#),
            [("name".into(), CONTROL_CHARACTER.into())]
        );
        assert_eq!(
            fields(r#"{"rules":[{"start":"09:00"},{"start":"\u001b[31m"}]}"#),
            [("rules[1].start".into(), CONTROL_CHARACTER.into())]
        );
        assert_eq!(
            fields(r#"{"metadata":{"k\u0007":"v"}}"#),
            [("metadata.k\\u{7}".into(), CONTROL_CHARACTER.into())]
        );
        // DEL and C1 controls, escaped and raw.
        assert_eq!(fields("{\"a\":\"\u{7f}\"}").len(), 1);
        assert_eq!(fields("{\"a\":\"\u{85}\"}").len(), 1);
        assert_eq!(fields(r#"{"a":"\u009f"}"#).len(), 1);
        assert_eq!(
            fields(r#""\u0000""#),
            [("body".into(), CONTROL_CHARACTER.into())]
        );
        // The short escapes of control characters.
        for short in [r#"{"a":"x\ry"}"#, r#"{"a":"\b"}"#, r#"{"a":"\f"}"#] {
            assert_eq!(fields(short).len(), 1, "{short}");
        }
    }

    #[test]
    fn tab_newline_and_look_alikes_pass() {
        assert!(fields(r#"{"a":"line 1\nline\t2","b":"\\u0000 is text"}"#).is_empty());
        assert!(fields(r#"{"a":"caf\u00e9 \u2028 ok"}"#).is_empty());
        assert!(!may_hold_control(br#"{"a":"\\u0000"}"#));
        assert!(may_hold_control(br#"{"a":"\\\u0000"}"#));
        // Not JSON: left to the body parser's 400.
        assert!(fields("{\"a\":\"\\u0000").is_empty());
    }

    #[test]
    fn queries_paths_and_keys() {
        let problem = |uri: &'static str, key: Option<&str>| {
            let mut b = poem::Request::builder()
                .uri(poem::http::Uri::from_static(uri))
                .header("authorization", "Bearer sk_x");
            if let Some(k) = key {
                b = b.header("idempotency-key", k);
            }
            check(&b.finish(), b"")
        };
        let p = problem("/v1/bookings?attendee_email=a%00b&limit=5", None).unwrap();
        assert_eq!(p.status, 422);
        assert_eq!(p.errors.unwrap()[0].field, "attendee_email");
        let p = problem("/v1/bookings?q=%FF", None).unwrap();
        assert_eq!(p.errors.unwrap()[0].code, INVALID_ENCODING);
        assert!(problem("/v1/bookings?q=a+b%20c&x", None).is_none());
        assert_eq!(problem("/v1/links/lnk_%00", None).unwrap().status, 404);
        assert_eq!(problem("/v1/links/%C3%28", None).unwrap().status, 404);
        assert!(problem("/v1/links/caf%C3%A9", None).is_none());
        assert!(problem("/v1/hosts", Some("order-1")).is_none());
        // Without credentials the 401 comes first; public routes take none and are checked.
        let anonymous = |uri: &'static str| {
            let req = poem::Request::builder()
                .uri(poem::http::Uri::from_static(uri))
                .finish();
            check(&req, b"")
        };
        assert!(anonymous("/v1/bookings?attendee_email=%00").is_none());
        assert!(anonymous("/v1/public/links/a/b/availability?timezone=%00").is_some());
        for bad in ["", "a b", "clé-1", &"k".repeat(256)] {
            let p = problem("/v1/hosts", Some(bad)).unwrap();
            assert_eq!(
                p.errors.unwrap()[0].code,
                INVALID_IDEMPOTENCY_KEY,
                "{bad:?}"
            );
        }
    }
}
