//! # skyslots-api
//!
//! The HTTP face of SkySlots: poem + poem-openapi operations under `/v1`, the spec at
//! `/v1/openapi.json`, docs at `/docs`, `/health` and `/ready`, and the `skyslots` binary.
//! Handlers authenticate, convert params, call storage and map results to views; they never
//! write SQL and never decide scheduling rules. The spec is generated from this code without
//! a database ([`spec`]), which is how `openapi/v1.json` is produced and drift-checked.

// ApiError carries its problem body inline: it is built once per failed request, where the
// size costs nothing measurable, and boxing would only add noise to every handler.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod body_check;
pub mod caldav;
pub mod connections;
pub mod guard;
pub mod limits;
pub mod live;
pub mod mail;
pub mod outbound;
pub mod page_views;
pub mod problem;
pub mod request;
pub mod responses;
pub mod server;
pub mod state;
pub mod stripe;
pub mod tokens;
pub mod v1;

use bytes::Bytes;
use poem::http::{HeaderValue, StatusCode};
use poem::web::{Data, Json as PoemJson};
use poem::{get, handler, Endpoint, EndpointExt, IntoResponse, Request, Response, Route};
use poem_openapi::OpenApiService;
use skyslots_core::ErrorCode;
use tracing::Instrument;

pub use state::AppState;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The OpenAPI service: every v1 operation.
pub fn api_service() -> OpenApiService<v1::Apis, ()> {
    OpenApiService::new(v1::apis(), "SkySlots API", "1.0.0").description(
        "Headless scheduling and booking. Authenticate with `Authorization: Bearer sk_...` \
         (a secret key), or with a scoped token from `POST /v1/tokens` where an operation says so. \
         Times are RFC 3339, UTC on the wire; time zones are IANA names; durations are minutes. \
         Errors are RFC 9457 problem details with a stable `code`. Lists are cursor-paginated. \
         Creates accept an `Idempotency-Key` header.",
    )
}

/// The OpenAPI document as JSON, generated without touching a database.
pub fn spec() -> String {
    api_service().spec()
}

/// The OpenAPI document, parsed once: the input checks and the route table read it.
pub(crate) fn spec_json() -> &'static serde_json::Value {
    static SPEC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| serde_json::from_str(&spec()).unwrap_or_default())
}

/// One line per operation — method, path, operation id, tag — sorted by path then method, so
/// a reviewer sees API changes at a glance (`openapi/operations.txt`).
pub fn operations_listing() -> String {
    let spec: serde_json::Value = serde_json::from_str(&spec()).unwrap_or_default();
    let mut lines = Vec::new();
    if let Some(paths) = spec["paths"].as_object() {
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let tags: Vec<&str> = op["tags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_str())
                    .collect();
                lines.push(format!(
                    "{:<7} {:<40} {:<24} {}",
                    method.to_uppercase(),
                    path,
                    op["operationId"].as_str().unwrap_or("-"),
                    tags.join(",")
                ));
            }
        }
    }
    lines.sort_by(|a, b| a[8..].cmp(&b[8..]).then(a.cmp(b)));
    lines.join("\n") + "\n"
}

/// The whole HTTP application.
pub fn app(state: AppState) -> impl Endpoint {
    let body_timeout = state.http.body_timeout;
    let api = api_service();
    let docs = api.swagger_ui();
    let spec_endpoint = api.spec_endpoint();
    Route::new()
        // The operations are nested at the root (their paths carry `/v1`), which would shadow
        // a route for `/` itself: the index is answered in front of them.
        .nest("/", api.around(index_in_front))
        .at("/v1/openapi.json", spec_endpoint)
        .nest("/docs", docs)
        .at("/embed.js", get(embed_js))
        .at("/health", get(health))
        .at("/ready", get(ready))
        .around(limits::middleware)
        .with(cors())
        .data(state)
        .around(move |next, req| request_context(next, req, body_timeout))
}

/// Browsers on any origin may call the API: nothing is authorized by cookies (keys and
/// tokens travel in `Authorization`), so allowing every origin exposes nothing a script could
/// not already reach. Preflights are answered here and cached for ten minutes.
fn cors() -> poem::middleware::Cors {
    use poem::http::Method;
    poem::middleware::Cors::new()
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            "authorization",
            "content-type",
            "idempotency-key",
            "x-request-id",
        ])
        .expose_headers([
            "x-request-id",
            "idempotent-replayed",
            "retry-after",
            "ratelimit",
            "ratelimit-policy",
        ])
        .max_age(600)
}

/// The booking widget (`examples/embed-widget`, built into `dist/embed.js` and committed), so
/// any site can use `<script src="https://your-skyslots/embed.js"></script>`.
const EMBED_JS: &str = include_str!("../../examples/embed-widget/dist/embed.js");

#[handler]
fn embed_js() -> Response {
    Response::builder()
        .content_type("text/javascript; charset=utf-8")
        .header("cache-control", "public, max-age=300")
        .body(EMBED_JS)
}

/// `GET /`: what a person or a client finds at the root: what this is, where to go next.
async fn index_in_front<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    if req.uri().path() == "/"
        && matches!(
            *req.method(),
            poem::http::Method::GET | poem::http::Method::HEAD
        )
    {
        return Ok(index().into_response());
    }
    next.call(req).await.map(IntoResponse::into_response)
}

fn index() -> PoemJson<serde_json::Value> {
    PoemJson(serde_json::json!({
        "name": "SkySlots",
        "version": env!("CARGO_PKG_VERSION"),
        "docs": "/docs",
        "openapi": "/v1/openapi.json",
        "health": "/health",
        "ready": "/ready",
    }))
}

#[handler]
fn health() -> PoemJson<serde_json::Value> {
    PoemJson(serde_json::json!({ "status": "ok" }))
}

#[handler]
async fn ready(state: Data<&AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => {
            PoemJson(serde_json::json!({ "status": "ready", "database": state.db.backend() }))
                .into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            problem_response(problem::Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Unavailable,
                "The database is not reachable.",
            ))
        }
    }
}

fn problem_response(p: problem::Problem) -> Response {
    let status = StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = poem_openapi::types::ToJSON::to_json_string(&p);
    Response::builder()
        .status(status)
        .content_type("application/problem+json")
        .body(body)
}

/// The methods a path answers (`GET, HEAD, PATCH`), from the spec's paths (`{id}` matches any
/// one segment) and the few routes outside it; `None` for a path that is no route. It gives
/// 405s their `Allow` header (RFC 9110), and lets the input checks wait until the route and
/// method are known to exist, so a wrong route is a 404 or 405 whatever else is wrong.
/// `OPTIONS` is left out: it is answered only as a CORS preflight.
fn route_methods(path: &str) -> Option<&'static str> {
    static ROUTES: std::sync::OnceLock<Vec<(Vec<String>, String)>> = std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| {
        let spec = spec_json();
        let mut routes: Vec<(Vec<String>, String)> = spec["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(path, item)| {
                let mut methods: Vec<String> = item
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(m, _)| m.to_uppercase())
                    .collect();
                if methods.iter().any(|m| m == "GET") {
                    methods.push("HEAD".into());
                }
                let segments = path.split('/').map(str::to_owned).collect();
                (segments, methods.join(", "))
            })
            .collect();
        for fixed in ["/", "/health", "/ready", "/embed.js", "/v1/openapi.json"] {
            routes.push((
                fixed.split('/').map(str::to_owned).collect(),
                "GET, HEAD".into(),
            ));
        }
        routes
    });
    routes
        .iter()
        .find(|(pattern, _)| path_matches(pattern, path))
        .map(|(_, methods)| methods.as_str())
}

/// Whether `path` is an instance of a spec path template split into `pattern` segments
/// (`["", "v1", "links", "{id}"]`): a `{name}` segment matches any one non-empty segment.
pub(crate) fn path_matches(pattern: &[String], path: &str) -> bool {
    let mut segments = path.split('/');
    pattern.iter().all(|p| {
        segments
            .next()
            .is_some_and(|s| p == s || (p.starts_with('{') && p.ends_with('}') && !s.is_empty()))
    }) && segments.next().is_none()
}

/// Whether `method` is answered on `path` by an operation.
fn is_operation(path: &str, method: &poem::http::Method) -> bool {
    route_methods(path).is_some_and(|methods| methods.split(", ").any(|m| m == method.as_str()))
}

/// The whole body, read here for every request so that its size, its arrival time and its
/// text are checked in one place before any operation sees it: a declared length over
/// [`MAX_BODY_BYTES`] is refused before any byte is read, a body without a length (chunked) is
/// read up to the limit, and a body still arriving after `timeout` is answered 408 (the
/// client is too slow or stalled; the connection is then closed).
/// The request body as it arrived, for handlers that verify a signature over its bytes
/// (provider webhooks).
#[derive(Debug, Clone)]
pub struct RawBody(pub Bytes);

async fn read_body(
    req: &mut Request,
    timeout: std::time::Duration,
) -> Result<Bytes, problem::Problem> {
    let too_large = || {
        problem::Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
        )
    };
    match req
        .header("content-length")
        .map(|v| v.trim().parse::<u64>())
    {
        Some(Ok(n)) if n > MAX_BODY_BYTES as u64 => return Err(too_large()),
        Some(Ok(_)) | None => {}
        Some(Err(_)) => {
            return Err(problem::Problem::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::MalformedRequest,
                "Invalid Content-Length.",
            ))
        }
    }
    let read = req.take_body().into_bytes_limit(MAX_BODY_BYTES);
    match tokio::time::timeout(timeout, read).await {
        Ok(Ok(bytes)) => {
            req.set_body(bytes.clone());
            req.extensions_mut().insert(RawBody(bytes.clone()));
            Ok(bytes)
        }
        Ok(Err(poem::error::ReadBodyError::PayloadTooLarge)) => Err(too_large()),
        Ok(Err(_)) => Err(problem::Problem::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedRequest,
            "The request body could not be read.",
        )),
        Err(_) => Err(problem::Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            ErrorCode::RequestTimeout,
            format!(
                "The request body did not arrive within {} s.",
                timeout.as_secs()
            ),
        )),
    }
}

/// Request id, tracing span, access log, and the conversion of every framework error into a
/// problem. A client's `x-request-id` is kept when it is short and plain; otherwise a new one
/// is made. Either way it is on the response.
async fn request_context<E: Endpoint>(
    next: E,
    mut req: Request,
    body_timeout: std::time::Duration,
) -> poem::Result<Response> {
    let request_id = req
        .header("x-request-id")
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 128
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let span = tracing::info_span!("request", request_id = %request_id, method = %req.method(), path = %req.uri().path());
    let started = std::time::Instant::now();
    let path = req.uri().path().to_owned();
    let operation = is_operation(&path, req.method());
    let checked = read_body(&mut req, body_timeout).await.and_then(|body| {
        let problem = operation
            .then(|| {
                guard::check(&req, &body).or_else(|| {
                    let json = req
                        .header("content-type")
                        .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
                    // Without credentials the 401 comes first (see `guard::check`).
                    let anonymous =
                        !path.starts_with("/v1/public/") && req.header("authorization").is_none();
                    (json && !anonymous)
                        .then(|| body_check::check(req.method().as_str(), &path, &body))
                        .flatten()
                })
            })
            .flatten();
        problem.map_or(Ok(()), Err)
    });
    let result = match checked {
        Err(problem) => {
            // A body cut off by its timeout or its size leaves bytes on the connection that
            // nobody will read: it cannot carry another request, and the client must know.
            let unread = problem.status == StatusCode::REQUEST_TIMEOUT.as_u16()
                || problem.status == StatusCode::PAYLOAD_TOO_LARGE.as_u16();
            let mut response = problem_response(problem);
            if unread {
                response
                    .headers_mut()
                    .insert("connection", HeaderValue::from_static("close"));
            }
            Ok(response)
        }
        Ok(()) => request::REQUEST_ID
            .scope(request_id.clone(), next.call(req).instrument(span.clone()))
            .await
            .map(IntoResponse::into_response),
    };
    let mut response = match result {
        Ok(r) => r.into_response(),
        Err(err) => {
            let status = err.status();
            let problem = problem::from_poem_error(&err);
            let original = err.into_response();
            let is_problem = original
                .content_type()
                .is_some_and(|ct| ct.starts_with("application/problem+json"));
            if is_problem {
                original
            } else {
                let mut p = problem;
                p.status = status.as_u16();
                problem_response(p)
            }
        }
    };
    if response.status() == StatusCode::METHOD_NOT_ALLOWED {
        if let Some(allow) = route_methods(&path).and_then(|m| HeaderValue::from_str(m).ok()) {
            response.headers_mut().insert("allow", allow);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
            "request"
        )
    });
    Ok(response)
}

/// The worker's way out to webhook receivers: [`outbound::Outbound`] (with the SSRF guard
/// unless `allow_private_urls`), bodies rendered as `GET /v1/events/{id}` returns them.
pub fn webhook_transport(allow_private_urls: bool) -> Result<outbound::Webhooks, String> {
    Ok(outbound::Webhooks {
        outbound: outbound::Outbound::new(allow_private_urls)?,
        render: v1::events::envelope_json,
    })
}
