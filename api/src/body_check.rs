//! Request bodies checked against the operation's own schema in the spec, in one place, before
//! the body is parsed into its Rust type: every field that is missing, of the wrong JSON type,
//! out of its documented bounds, not one of its documented values, or not a field at all is
//! reported at once as a 422 `validation_failed` with `errors[]` naming it
//! (`{"field": "attendee.email", "code": "required"}`), instead of the framework's 400 naming
//! only the first. So the spec is the rule, and a typo (`atendee`) never passes silently.
//!
//! What is checked: `required`, `type` (a number is not a string), `enum`, string lengths,
//! integer formats and bounds, array sizes and uniqueness, date and date-time text, unknown
//! fields (objects without `additionalProperties` accept only their `properties`). An
//! optional field sent as `null` counts as absent (for updates, `null` clears a setting).
//! Malformed JSON is left to the parser's 400. Rules beyond the schema (a time zone that
//! exists, an end after its start) stay where they are decided.
//!
//! This module knows no operation or field by name: it reads the spec.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::problem::{FieldProblem, Problem};

/// At most this many problems are listed for one body.
const MAX_LISTED: usize = 20;

static NULL: Value = Value::Null;

/// The body schemas, borrowed from the parsed spec: `(method, path segments, schema)`.
struct Bodies {
    components: &'static serde_json::Map<String, Value>,
    operations: Vec<(String, Vec<String>, &'static Value)>,
}

static EMPTY: OnceLock<serde_json::Map<String, Value>> = OnceLock::new();

fn bodies() -> &'static Bodies {
    static BODIES: OnceLock<Bodies> = OnceLock::new();
    BODIES.get_or_init(|| {
        let spec = crate::spec_json();
        let components = spec["components"]["schemas"]
            .as_object()
            .unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new));
        let mut operations = Vec::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let content = &op["requestBody"]["content"];
                let schema = content
                    .as_object()
                    .and_then(|c| c.iter().find(|(ct, _)| ct.contains("json")))
                    .map(|(_, media)| &media["schema"]);
                if let Some(schema) = schema {
                    let segments = path.split('/').map(str::to_owned).collect();
                    operations.push((method.to_uppercase(), segments, schema));
                }
            }
        }
        Bodies {
            components,
            operations,
        }
    })
}

/// The problem with `body` for `method path`, if the operation takes a JSON body and the body
/// is JSON that breaks its schema.
pub fn check(method: &str, path: &str, body: &[u8]) -> Option<Problem> {
    let bodies = bodies();
    let (_, _, schema) = bodies
        .operations
        .iter()
        .find(|(m, pattern, _)| m == method && crate::path_matches(pattern, path))?;
    let value: Value = serde_json::from_slice(body).ok()?;
    let mut checker = Checker {
        components: bodies.components,
        problems: Vec::new(),
    };
    checker.value(&value, schema, &mut String::new());
    if checker.problems.is_empty() {
        None
    } else {
        checker.problems.truncate(MAX_LISTED);
        Some(Problem::validation(checker.problems))
    }
}

struct Checker {
    components: &'static serde_json::Map<String, Value>,
    problems: Vec<FieldProblem>,
}

fn shown(path: &str) -> String {
    if path.is_empty() {
        "body".into()
    } else {
        path.to_owned()
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Checker {
    fn push(&mut self, path: &str, code: &str, message: String) {
        if self.problems.len() < MAX_LISTED {
            self.problems.push(FieldProblem {
                field: shown(path),
                code: code.into(),
                message,
            });
        }
    }

    fn resolve(&self, schema: &'static Value) -> &'static Value {
        match schema["$ref"].as_str() {
            Some(r) => r
                .strip_prefix("#/components/schemas/")
                .and_then(|name| self.components.get(name))
                .unwrap_or(&NULL),
            None => schema,
        }
    }

    fn value(&mut self, value: &Value, schema: &'static Value, path: &mut String) {
        let schema = self.resolve(schema);
        if !schema.is_object() || self.problems.len() >= MAX_LISTED {
            return;
        }
        let expected = schema["type"].as_str();
        let wrong_type = |what: &str| format!("must be {what}, not {}", kind_of(value));
        match expected {
            Some("object") => match value {
                Value::Object(map) => self.object(map, schema, path),
                _ => self.push(path, "invalid_type", wrong_type("an object")),
            },
            Some("array") => match value {
                Value::Array(items) => self.array(items, schema, path),
                _ => self.push(path, "invalid_type", wrong_type("a list")),
            },
            Some("string") => match value {
                Value::String(s) => self.string(s, schema, path),
                _ => self.push(path, "invalid_type", wrong_type("a string")),
            },
            Some("integer") => self.integer(value, schema, path),
            Some("number") if !value.is_number() => {
                self.push(path, "invalid_type", wrong_type("a number"));
            }
            Some("boolean") if !value.is_boolean() => {
                self.push(path, "invalid_type", wrong_type("true or false"));
            }
            _ => {}
        }
    }

    fn object(
        &mut self,
        map: &serde_json::Map<String, Value>,
        schema: &'static Value,
        path: &mut String,
    ) {
        let properties = schema["properties"].as_object();
        for name in schema["required"].as_array().into_iter().flatten() {
            let Some(name) = name.as_str() else { continue };
            if map.get(name).is_none_or(Value::is_null) {
                let field = join(path, name);
                self.push(&field, "required", "is required".into());
            }
        }
        let extra = &schema["additionalProperties"];
        for (key, item) in map {
            let len = path.len();
            *path = join(path, key);
            match properties.and_then(|p| p.get(key)) {
                Some(_) if item.is_null() => {}
                Some(property) => self.value(item, property, path),
                None if extra.is_object() => self.value(item, extra, path),
                None if extra.as_bool() == Some(true) => {}
                None => {
                    let known: Vec<&str> = properties
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let hint = closest(key, &known)
                        .map(|k| format!("; did you mean `{k}`?"))
                        .unwrap_or_default();
                    self.push(path, "unknown_field", format!("is not a field here{hint}"));
                }
            }
            path.truncate(len);
        }
    }

    fn array(&mut self, items: &[Value], schema: &'static Value, path: &mut String) {
        let (min, max) = (schema["minItems"].as_u64(), schema["maxItems"].as_u64());
        let n = items.len() as u64;
        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
            self.push(path, "out_of_range", bounds("must have", min, max, "items"));
        }
        if schema["uniqueItems"].as_bool() == Some(true) {
            let mut seen = std::collections::HashSet::new();
            if !items.iter().all(|i| seen.insert(i.to_string())) {
                self.push(path, "duplicate", "must not repeat an item".into());
            }
        }
        let item_schema = &schema["items"];
        for (i, item) in items.iter().enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            self.value(item, item_schema, path);
            path.truncate(len);
        }
    }

    fn string(&mut self, s: &str, schema: &'static Value, path: &str) {
        if let Some(values) = schema["enum"].as_array() {
            if !values.iter().any(|v| v.as_str() == Some(s)) {
                let list: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                let given: String = s.chars().take(64).collect();
                self.push(
                    path,
                    "invalid_value",
                    format!("`{given}` is not one of: {}", list.join(", ")),
                );
            }
            return;
        }
        let chars = s.chars().count() as u64;
        let (min, max) = (schema["minLength"].as_u64(), schema["maxLength"].as_u64());
        if min.is_some_and(|m| chars < m) || max.is_some_and(|m| chars > m) {
            self.push(
                path,
                "out_of_range",
                bounds("must be", min, max, "characters"),
            );
        }
        match schema["format"].as_str() {
            Some("date-time") if !is_date_time(s) => self.push(
                path,
                "invalid_date_time",
                "must be an RFC 3339 date-time, e.g. 2027-01-04T09:30:00Z".into(),
            ),
            Some("naive-date") | Some("date") if s.parse::<chrono::NaiveDate>().is_err() => {
                self.push(path, "invalid_date", "must be a date, YYYY-MM-DD".into())
            }
            _ => {}
        }
    }

    fn integer(&mut self, value: &Value, schema: &'static Value, path: &str) {
        let Value::Number(n) = value else {
            let message = format!("must be a whole number, not {}", kind_of(value));
            return self.push(path, "invalid_type", message);
        };
        let Some(v) = n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
        else {
            return self.push(path, "invalid_type", "must be a whole number".into());
        };
        let (format_min, format_max): (i128, i128) = match schema["format"].as_str() {
            Some("uint8") => (0, u8::MAX.into()),
            Some("uint16") => (0, u16::MAX.into()),
            Some("uint32") => (0, u32::MAX.into()),
            Some("uint64") => (0, u64::MAX.into()),
            Some("int8") => (i8::MIN.into(), i8::MAX.into()),
            Some("int16") => (i16::MIN.into(), i16::MAX.into()),
            Some("int32") => (i32::MIN.into(), i32::MAX.into()),
            _ => (i64::MIN.into(), u64::MAX.into()),
        };
        // poem-openapi writes bounds as numbers with a fraction (`604800.0`).
        let bound = |v: &Value| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64));
        let min = bound(&schema["minimum"]).map_or(format_min, |m| format_min.max(m.into()));
        let max = bound(&schema["maximum"]).map_or(format_max, |m| format_max.min(m.into()));
        if v < min || v > max {
            self.push(
                path,
                "out_of_range",
                format!("must be between {min} and {max}"),
            );
        }
    }
}

/// `must be 1 to 200 characters`, `must have at most 4 items`, ...
fn bounds(verb: &str, min: Option<u64>, max: Option<u64>, unit: &str) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{verb} {a} to {b} {unit}"),
        (Some(a), None) => format!("{verb} at least {a} {unit}"),
        (None, Some(b)) => format!("{verb} at most {b} {unit}"),
        (None, None) => format!("{verb} within bounds"),
    }
}

fn join(path: &str, key: &str) -> String {
    let key: String = key.chars().take(64).collect();
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

fn is_date_time(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
        || s.parse::<chrono::DateTime<chrono::Utc>>().is_ok()
}

/// The known field nearest to a misspelt one (at most two edits away), for the hint.
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let distance = |a: &str, b: &str| -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    };
    if key.chars().count() > 64 {
        return None;
    }
    let mut scored: HashMap<&str, usize> = HashMap::new();
    for k in known {
        scored.insert(k, distance(key, k));
    }
    scored
        .into_iter()
        .filter(|(_, d)| *d <= 2)
        .min_by_key(|(k, d)| (*d, *k))
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn problems(method: &str, path: &str, body: &str) -> Vec<(String, String)> {
        check(method, path, body.as_bytes())
            .map(Problem::field_codes)
            .unwrap_or_default()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.into(), code.into())
    }

    #[test]
    fn missing_wrong_typed_and_unknown_fields_are_each_named() {
        let got = problems(
            "POST",
            "/v1/bookings",
            r#"{"link_id": 5, "start": "soon", "atendee": {}, "seats": -1, "metadata": {"n": 1}}"#,
        );
        for expected in [
            pair("link_id", "invalid_type"),
            pair("start", "invalid_date_time"),
            pair("attendee", "required"),
            pair("atendee", "unknown_field"),
            pair("seats", "out_of_range"),
            pair("metadata.n", "invalid_type"),
        ] {
            assert!(got.contains(&expected), "{expected:?} not in {got:?}");
        }
        let got = problems(
            "POST",
            "/v1/hosts",
            r#"{"name": {"first": "A"}, "email": null, "timezone": "UTC"}"#,
        );
        assert_eq!(
            got,
            [pair("email", "required"), pair("name", "invalid_type")]
        );
        // Nested objects and lists name the exact place.
        let got = problems(
            "POST",
            "/v1/schedules",
            r#"{"name": "S", "timezone": "UTC", "weekly_rules": [{"weekday": "monday", "start": "09:00", "end": "17:00"}, {"weekday": "caturday", "start": "09:00", "end": 17, "x": 1}]}"#,
        );
        assert_eq!(
            got,
            [
                pair("weekly_rules[1].end", "invalid_type"),
                pair("weekly_rules[1].weekday", "invalid_value"),
                pair("weekly_rules[1].x", "unknown_field"),
            ]
        );
        let p = check("POST", "/v1/bookings", br#"{"atendee": 1}"#).unwrap();
        let errors = p.errors.unwrap();
        let typo = errors.iter().find(|e| e.code == "unknown_field").unwrap();
        assert!(
            typo.message.contains("did you mean `attendee`"),
            "{}",
            typo.message
        );
    }

    #[test]
    fn valid_bodies_nulls_for_optional_fields_and_non_json_pass() {
        assert!(problems(
            "POST",
            "/v1/bookings",
            r#"{"link_id": "lnk_x", "start": "2027-01-04T09:30:00+01:00", "attendee": {"name": "A", "email": "a@b.co", "timezone": "UTC"}, "answers": {"q": [1, "x"]}, "duration": null}"#
        )
        .is_empty());
        assert!(problems("PATCH", "/v1/links/lnk_x", r#"{"description": null}"#).is_empty());
        // Not JSON, or not an operation with a body: not this module's to answer.
        assert!(check("POST", "/v1/hosts", b"{not json").is_none());
        assert!(check("GET", "/v1/hosts", br#"{"x": 1}"#).is_none());
        // Bounds of the integer's format.
        let got = problems(
            "POST",
            "/v1/links",
            r#"{"slug": "a", "title": "T", "durations": [4294967296, 1.5], "host_ids": []}"#,
        );
        assert_eq!(
            got,
            [
                pair("durations[0]", "out_of_range"),
                pair("durations[1]", "invalid_type")
            ]
        );
    }
}
