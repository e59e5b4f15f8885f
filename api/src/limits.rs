//! Rate limits (governor, GCRA): per client IP on the public endpoints — booking changes
//! (`POST`) stricter than reads — and per API key or token subject on the organization's API.
//! Every limited response carries `RateLimit-Policy` and `RateLimit` (IETF
//! draft-ietf-httpapi-ratelimit-headers); a refusal is a 429 `rate_limited` problem with
//! `Retry-After` as well.
//!
//! The client IP is the socket's peer address, unless a trusted header is configured (the
//! proxy in front sets it; its last comma-separated entry is used, as appended by that proxy).
//! IPv6 clients are limited per /64, the block one subscriber usually holds.
//!
//! Failed authentications (a wrong, revoked or malformed key or token) are limited per client
//! IP as well: past the limit the address gets 429 for a while instead of another database
//! lookup, so guessing keys costs the guesser time and the service nothing. A valid key that
//! was recently verified (the key cache) or a valid token still works from that address.

use skyslots_core::ErrorCode;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};
use poem::http::StatusCode;

use crate::problem::{ApiError, Problem, ProblemResponse};

/// `N/S`: at most N requests per S seconds (bursts up to N, refilling evenly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub requests: u32,
    pub seconds: u32,
}

impl std::str::FromStr for Rate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a rate: use N/S (N requests per S seconds)");
        let (n, w) = s.trim().split_once('/').ok_or_else(bad)?;
        let requests: u32 = n.trim().parse().map_err(|_| bad())?;
        let seconds: u32 = w.trim().trim_end_matches('s').parse().map_err(|_| bad())?;
        if requests == 0 || seconds == 0 || seconds > 86_400 {
            return Err(bad());
        }
        Ok(Self { requests, seconds })
    }
}

/// Which limits apply; `None` turns one off.
#[derive(Debug, Clone)]
pub struct RateLimitConfig {
    /// Public reads (link pages, availability, a booking by manage token), per client IP.
    pub public_read: Option<Rate>,
    /// Public writes (guest bookings, attendee cancel/reschedule), per client IP.
    pub public_write: Option<Rate>,
    /// The organization's API, per API key or token subject.
    pub authenticated: Option<Rate>,
    /// Failed authentications, per client IP.
    pub auth_failures: Option<Rate>,
    /// Header naming the client IP, set by a trusted proxy (e.g. `x-forwarded-for`).
    pub client_ip_header: Option<String>,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            public_read: Some(Rate {
                requests: 300,
                seconds: 60,
            }),
            public_write: Some(Rate {
                requests: 20,
                seconds: 60,
            }),
            authenticated: Some(Rate {
                requests: 6000,
                seconds: 60,
            }),
            auth_failures: Some(Rate {
                requests: 60,
                seconds: 60,
            }),
            client_ip_header: None,
        }
    }
}

impl RateLimitConfig {
    /// No limits at all (tests and benchmarks that are not about limits).
    pub fn off() -> Self {
        Self {
            public_read: None,
            public_write: None,
            authenticated: None,
            auth_failures: None,
            client_ip_header: None,
        }
    }
}

type Keyed<K> = RateLimiter<K, HashMapStateStore<K>, DefaultClock, StateInformationMiddleware>;

/// One named limit over keys of type `K`.
struct Limiter<K: std::hash::Hash + Eq + Clone> {
    name: &'static str,
    rate: Rate,
    inner: Keyed<K>,
}

impl<K: std::hash::Hash + Eq + Clone> Limiter<K> {
    fn new(name: &'static str, rate: Option<Rate>) -> Option<Self> {
        let rate = rate?;
        let burst = NonZeroU32::new(rate.requests)?;
        let quota =
            Quota::with_period(Duration::from_secs(u64::from(rate.seconds)) / rate.requests)?
                .allow_burst(burst);
        Some(Self {
            name,
            rate,
            inner: RateLimiter::hashmap(quota).with_middleware::<StateInformationMiddleware>(),
        })
    }

    fn policy(&self) -> String {
        format!(
            "\"{}\";q={};w={}",
            self.name, self.rate.requests, self.rate.seconds
        )
    }

    fn check(&self, key: &K) -> Outcome {
        let policy = self.policy();
        match self.inner.check_key(key) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity();
                // Time until the whole quota is available again.
                let used = u64::from(self.rate.requests.saturating_sub(remaining));
                let reset =
                    (used * u64::from(self.rate.seconds)).div_ceil(u64::from(self.rate.requests));
                Outcome {
                    policy,
                    state: format!("\"{}\";r={remaining};t={reset}", self.name),
                    retry_after: None,
                }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.inner.clock().now());
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                let secs = secs.max(1);
                Outcome {
                    policy,
                    state: format!("\"{}\";r=0;t={secs}", self.name),
                    retry_after: Some(secs),
                }
            }
        }
    }
}

/// The result of one check: the header values, and `retry_after` if refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub policy: String,
    pub state: String,
    pub retry_after: Option<u64>,
}

impl Outcome {
    /// The 429 answer, if the request was refused.
    pub fn refusal(&self) -> Option<ApiError> {
        let secs = self.retry_after?;
        Some(ApiError(ProblemResponse::TooManyRequests(
            poem_openapi::payload::Json(Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                format!("Too many requests; try again in {secs} s."),
            )),
            Some(secs),
            Some(self.policy.clone()),
            Some(self.state.clone()),
        )))
    }

    /// Put the `RateLimit-Policy` / `RateLimit` (and on refusal `Retry-After`) headers on a
    /// response.
    pub fn apply(&self, headers: &mut poem::http::HeaderMap) {
        use poem::http::HeaderValue;
        if let Ok(v) = HeaderValue::from_str(&self.policy) {
            headers.insert("ratelimit-policy", v);
        }
        if let Ok(v) = HeaderValue::from_str(&self.state) {
            headers.insert("ratelimit", v);
        }
        if let Some(secs) = self.retry_after {
            headers.insert("retry-after", HeaderValue::from(secs));
        }
    }
}

/// Every limiter of the service.
pub struct RateLimits {
    public_read: Option<Limiter<IpAddr>>,
    public_write: Option<Limiter<IpAddr>>,
    authenticated: Option<Limiter<String>>,
    auth_failures: Option<Limiter<IpAddr>>,
    /// Addresses refused for failed authentications, until when.
    auth_blocked: Mutex<std::collections::HashMap<IpAddr, std::time::Instant>>,
    client_ip_header: Option<String>,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("client_ip_header", &self.client_ip_header)
            .finish_non_exhaustive()
    }
}

impl RateLimits {
    pub fn new(config: &RateLimitConfig) -> Self {
        Self {
            public_read: Limiter::new("public-read", config.public_read),
            public_write: Limiter::new("public-write", config.public_write),
            authenticated: Limiter::new("api", config.authenticated),
            auth_failures: Limiter::new("auth-failures", config.auth_failures),
            auth_blocked: Mutex::default(),
            client_ip_header: config
                .client_ip_header
                .as_ref()
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty()),
        }
    }

    /// The check for a public request, keyed by client IP.
    pub fn check_public(&self, req: &poem::Request) -> Option<Outcome> {
        let limiter = if req.method() == poem::http::Method::POST {
            self.public_write.as_ref()
        } else {
            self.public_read.as_ref()
        }?;
        Some(limiter.check(&self.client_ip(req)?))
    }

    /// The check for an authenticated caller, keyed by API key id or token subject.
    pub fn check_caller(&self, key: &str) -> Option<Outcome> {
        self.authenticated
            .as_ref()
            .map(|l| l.check(&key.to_owned()))
    }

    /// Whether `ip` is refused for too many failed authentications: the 429 outcome if so.
    fn auth_refusal(&self, ip: IpAddr) -> Option<Outcome> {
        let limiter = self.auth_failures.as_ref()?;
        let until = *self.auth_blocked.lock().ok()?.get(&ip)?;
        let wait = until.checked_duration_since(std::time::Instant::now())?;
        let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
        Some(Outcome {
            policy: limiter.policy(),
            state: format!("\"{}\";r=0;t={secs}", limiter.name),
            retry_after: Some(secs),
        })
    }

    /// Count a failed authentication from `ip`: the 429 outcome if it is one too many.
    fn auth_failed(&self, ip: IpAddr) -> Option<Outcome> {
        let outcome = self.auth_failures.as_ref()?.check(&ip);
        let secs = outcome.retry_after?;
        if let Ok(mut blocked) = self.auth_blocked.lock() {
            blocked.insert(ip, std::time::Instant::now() + Duration::from_secs(secs));
        }
        Some(outcome)
    }

    /// The client's address: from the trusted header if one is configured and it holds an
    /// address, else the peer's. IPv6 addresses are cut to their /64.
    fn client_ip(&self, req: &poem::Request) -> Option<IpAddr> {
        let from_header = self.client_ip_header.as_ref().and_then(|name| {
            req.headers()
                .get_all(name.as_str())
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok())
        });
        let ip = from_header.or_else(|| req.remote_addr().as_socket_addr().map(|a| a.ip()))?;
        Some(match ip {
            IpAddr::V6(v6) => {
                if let Some(v4) = v6.to_ipv4_mapped() {
                    IpAddr::V4(v4)
                } else {
                    let mut seg = v6.segments();
                    seg[4..].fill(0);
                    IpAddr::V6(seg.into())
                }
            }
            v4 => v4,
        })
    }

    /// Forget clients idle long enough to be back at a full quota (bounded memory).
    pub fn forget_idle(&self) {
        if let Some(l) = &self.public_read {
            l.inner.retain_recent();
        }
        if let Some(l) = &self.public_write {
            l.inner.retain_recent();
        }
        if let Some(l) = &self.authenticated {
            l.inner.retain_recent();
        }
        if let Some(l) = &self.auth_failures {
            l.inner.retain_recent();
        }
        if let Ok(mut blocked) = self.auth_blocked.lock() {
            let now = std::time::Instant::now();
            blocked.retain(|_, until| *until > now);
        }
    }
}

/// What the middleware knows of the current request for the checks made later, where the
/// caller is known: the client's address, and a slot for the outcome to put on the response.
#[derive(Debug)]
struct RequestScope {
    client_ip: Option<IpAddr>,
    outcome: Mutex<Option<Outcome>>,
}

tokio::task_local! {
    static SCOPE: Arc<RequestScope>;
}

/// Keep `outcome` for the response's headers; its refusal, if any, is the error to return.
fn record(outcome: Outcome) -> Result<(), ApiError> {
    let refusal = outcome.refusal();
    let _ = SCOPE.try_with(|scope| {
        if let Ok(mut slot) = scope.outcome.lock() {
            *slot = Some(outcome);
        }
    });
    refusal.map_or(Ok(()), Err)
}

fn client_ip() -> Option<IpAddr> {
    SCOPE.try_with(|scope| scope.client_ip).ok().flatten()
}

/// Check an authenticated caller's limit; a refusal is the error to return. The outcome's
/// headers go on the response either way.
pub fn check_caller(limits: &RateLimits, key: &str) -> Result<(), ApiError> {
    limits.check_caller(key).map_or(Ok(()), record)
}

/// Before a credential is looked up in the database: refuse clients over their budget of
/// failed authentications.
pub fn check_auth_budget(limits: &RateLimits) -> Result<(), ApiError> {
    client_ip()
        .and_then(|ip| limits.auth_refusal(ip))
        .map_or(Ok(()), record)
}

/// A failed authentication: `error` (the 401), or 429 if the client is now over its budget.
pub fn auth_failed(limits: &RateLimits, error: ApiError) -> ApiError {
    match client_ip().and_then(|ip| limits.auth_failed(ip)) {
        Some(outcome) => record(outcome).err().unwrap_or(error),
        None => error,
    }
}

/// Middleware: public requests are checked per client IP here (refused before any work);
/// authenticated ones are checked where the caller is known, and their outcome is added to
/// the response here.
pub async fn middleware<E: poem::Endpoint>(
    next: E,
    req: poem::Request,
) -> poem::Result<poem::Response> {
    use poem::IntoResponse as _;
    let public =
        req.uri().path().starts_with("/v1/public/") && req.method() != poem::http::Method::OPTIONS;
    let limits = req.data::<crate::AppState>().map(|s| s.limits.clone());
    let outcome = match &limits {
        Some(l) if public => l.check_public(&req),
        _ => None,
    };
    if let Some(refusal) = outcome.as_ref().and_then(Outcome::refusal) {
        return Ok(refusal.into_response());
    }
    let scope = Arc::new(RequestScope {
        client_ip: limits.as_ref().and_then(|l| l.client_ip(&req)),
        outcome: Mutex::new(None),
    });
    let mut response = SCOPE
        .scope(scope.clone(), next.call(req))
        .await?
        .into_response();
    let recorded = scope.outcome.lock().ok().and_then(|mut s| s.take());
    if let Some(o) = outcome.or(recorded) {
        o.apply(response.headers_mut());
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn rates_parse_and_reject_nonsense() {
        assert_eq!(
            "20/60".parse::<Rate>().unwrap(),
            Rate {
                requests: 20,
                seconds: 60
            }
        );
        assert_eq!("5/1s".parse::<Rate>().unwrap().seconds, 1);
        for bad in ["", "20", "0/60", "20/0", "x/60", "20/x", "1/100000"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_limiter_counts_down_then_refuses_with_a_wait() {
        let l = Limiter::new(
            "t",
            Some(Rate {
                requests: 3,
                seconds: 60,
            }),
        )
        .unwrap();
        let key = "k".to_owned();
        let states: Vec<String> = (0..3).map(|_| l.check(&key).state).collect();
        assert_eq!(
            states,
            ["\"t\";r=2;t=20", "\"t\";r=1;t=40", "\"t\";r=0;t=60"]
        );
        let refused = l.check(&key);
        assert_eq!(refused.policy, "\"t\";q=3;w=60");
        let wait = refused.retry_after.unwrap();
        assert!((19..=20).contains(&wait), "{wait}");
        // Other keys have their own budget.
        assert!(l.check(&"other".to_owned()).retry_after.is_none());
    }
}
