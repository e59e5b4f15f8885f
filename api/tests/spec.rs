//! The committed contract: `openapi/v1.json` and `openapi/operations.txt` match the code, and
//! every operation follows the rules SDK users rely on.
#![allow(clippy::unwrap_used)]

use serde_json::Value;

const UPDATE: &str = "run `scripts/update-spec` and commit the result";

fn committed(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../openapi/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("openapi/{path} missing ({e}): {UPDATE}"))
}

#[test]
fn committed_spec_matches_the_code() {
    let generated = skyslots_api::spec();
    assert_eq!(
        generated,
        skyslots_api::spec(),
        "generation must be deterministic"
    );
    assert!(
        committed("v1.json").trim_end() == generated.trim_end(),
        "openapi/v1.json is out of date: {UPDATE}"
    );
    assert!(
        committed("operations.txt") == skyslots_api::operations_listing(),
        "openapi/operations.txt is out of date: {UPDATE}"
    );
}

const TAGS: [&str; 18] = [
    "API keys",
    "Hosts",
    "Schedules",
    "Busy blocks",
    "Links",
    "Availability",
    "Bookings",
    "Organization",
    "One-time links",
    "Audit events",
    "Tokens",
    "Events",
    "Webhooks",
    "Calendar feeds",
    "Calendar connections",
    "Emails",
    "Payments",
    "Public",
];
/// The operations a scoped token may call; everything else needs the secret key.
const TOKEN_OPS: [&str; 9] = [
    "link_get",
    "link_quote",
    "availability_get",
    "booking_create",
    "booking_list",
    "booking_get",
    "booking_ics_get",
    "booking_cancel",
    "booking_reschedule",
];
/// Problems every operation of the organization's API documents.
const ERRORS: [&str; 10] = [
    "400", "401", "403", "404", "408", "409", "413", "422", "429", "500",
];
/// Problems every public operation documents: no 401/403 (nothing to authenticate), and 410
/// for tokens that can no longer be used.
const PUBLIC_ERRORS: [&str; 9] = [
    "400", "404", "408", "409", "410", "413", "422", "429", "500",
];

#[test]
fn every_operation_is_named_tagged_summarised_and_documents_its_errors() {
    let spec: Value = serde_json::from_str(&skyslots_api::spec()).unwrap();
    let mut ids = std::collections::BTreeSet::new();
    let mut count = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        assert!(path.starts_with("/v1/"), "{path}");
        for (method, op) in item.as_object().unwrap() {
            count += 1;
            let where_ = format!("{} {path}", method.to_uppercase());
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{where_}: no operationId"));
            let parts: Vec<&str> = id.split('_').collect();
            assert!(
                parts.len() >= 2
                    && parts
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase())),
                "{where_}: operationId {id:?} is not <resource>_<verb>"
            );
            assert!(ids.insert(id.to_owned()), "{id} used twice");
            let tags = op["tags"].as_array().unwrap();
            assert_eq!(tags.len(), 1, "{where_}: exactly one tag");
            assert!(
                TAGS.contains(&tags[0].as_str().unwrap()),
                "{where_}: tag {} not in the fixed set",
                tags[0]
            );
            let summary = op["summary"].as_str().unwrap_or("");
            assert!(
                !summary.is_empty() && summary.len() < 80,
                "{where_}: summary {summary:?}"
            );
            let public = tags[0] == "Public";
            // Called by a payment provider: authenticated by the signature over its body.
            let signed = op["operationId"] == "stripe_webhook_receive";
            if signed {
                let params = op["parameters"].as_array().cloned().unwrap_or_default();
                assert!(
                    params.iter().any(|p| p["name"] == "Stripe-Signature"),
                    "{where_}: a signed webhook takes its signature header"
                );
            }
            assert_eq!(
                op["security"].as_array().is_some_and(|s| !s.is_empty()),
                !public && !signed,
                "{where_}: public operations and signed webhooks take no key, all others do"
            );
            assert_eq!(
                path.starts_with("/v1/public/"),
                public,
                "{where_}: public operations live under /v1/public/"
            );
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|k| k.starts_with('2')),
                "{where_}: no success response"
            );
            for &code in if public {
                &PUBLIC_ERRORS[..]
            } else {
                &ERRORS[..]
            } {
                let r = &responses
                    .get(code)
                    .unwrap_or_else(|| panic!("{where_}: {code} not documented"));
                let schema = &r["content"]["application/problem+json"]["schema"]["$ref"];
                assert_eq!(
                    schema, "#/components/schemas/Problem",
                    "{where_}: {code} is not a problem"
                );
            }
            // 415 is answered exactly where a JSON body is expected, so documented exactly there.
            assert_eq!(
                responses.contains_key("415"),
                !op["requestBody"].is_null(),
                "{where_}: 415 documented if and only if the operation takes a body"
            );
            if public {
                for code in ["401", "403"] {
                    assert!(!responses.contains_key(code), "{where_}: {code} documented");
                }
            } else {
                assert!(!responses.contains_key("410"), "{where_}: 410 documented");
            }
            // A guest's retry cannot be given back a manage token (it is not stored), and an
            // anonymous client's key could not be scoped safely, so public creates take none.
            if !public && !signed {
                let schemes: Vec<&str> = op["security"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|s| s.as_object().unwrap().keys())
                    .map(String::as_str)
                    .collect();
                let expected: &[&str] = if TOKEN_OPS.contains(&id) {
                    &["SecretKey", "ScopedToken"]
                } else {
                    &["SecretKey"]
                };
                assert_eq!(schemes, expected, "{where_}: security");
            }
            // Header names are case-insensitive; poem-openapi writes them in capitals.
            let rate_headers = &responses["429"]["headers"];
            for h in ["RETRY-AFTER", "RATELIMIT-POLICY", "RATELIMIT"] {
                assert!(!rate_headers[h].is_null(), "{where_}: 429 without {h}");
            }
            // A minted token is not stored: a retry mints another (harmless), so token_create
            // has nothing to replay and takes no Idempotency-Key.
            if !public
                && id != "token_create"
                && (id.ends_with("_create") || id.ends_with("_duplicate"))
            {
                let has_key = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header");
                assert!(has_key, "{where_}: creates take an Idempotency-Key");
            }
        }
    }
    assert!(count >= 29, "{count} operations");
    // A described `$ref` becomes `allOf: [$ref, {description}]`: openapi-python-client then
    // drops an enum's schema or makes a duplicate model per field. Describe the type instead.
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    for (name, schema) in schemas {
        for (field, prop) in schema["properties"].as_object().into_iter().flatten() {
            for part in prop["allOf"].as_array().into_iter().flatten() {
                let Some(target) = part["$ref"].as_str() else {
                    continue;
                };
                let target = &schemas[target.trim_start_matches("#/components/schemas/")];
                panic!(
                    "{name}.{field}: `{}` behind allOf (remove the field's doc comment)",
                    target["title"]
                );
            }
        }
    }
    // Examples where they help most.
    for schema in [
        "Problem",
        "LinkCreate",
        "BookingCreate",
        "ScheduleCreate",
        "HostCreate",
    ] {
        assert!(
            !spec["components"]["schemas"][schema]["example"].is_null(),
            "{schema} has no example"
        );
    }
}

/// Every problem code there is appears in `docs/API-DESIGN.md`, where integrators look codes up.
#[test]
fn every_error_code_is_documented() {
    let doc = std::fs::read_to_string(format!(
        "{}/../docs/API-DESIGN.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    for code in skyslots_core::ErrorCode::ALL {
        assert!(
            doc.contains(&format!("`{code}`")),
            "`{code}` is not documented in docs/API-DESIGN.md"
        );
    }
}
