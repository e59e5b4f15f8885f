//! Webhooks (Standard Webhooks 1.0): endpoints, the fan-out of numbered events into
//! deliveries, and the delivery worker with its retry schedule and disable rules.
//!
//! When the sequencer numbers events it queues, in the same transaction, one delivery per
//! subscribed endpoint and makes sure the endpoint's drain job is due (one job per endpoint
//! with something to send). A drain run sends outside any transaction — a slow receiver holds
//! no lock — and records each attempt in a transaction that first checks the job's lease is
//! still the worker's. A worker that dies mid-delivery records nothing: after the lease the
//! delivery is sent again (at least once; receivers de-duplicate by `webhook-id`).
//!
//! Lock order, the same everywhere: the endpoint's drain job, then the endpoint, then its
//! deliveries — the worker holds its job while recording an attempt, so a use case that
//! makes the job due (ping, retry, recover) takes the job first too.
//!
//! HTTP is not this crate's business: the worker posts through a [`Transport`], which the
//! service implements (with the SSRF guard) and renders the envelope as the API does.

use std::net::IpAddr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use skyslots_core::{ErrorCode, Invalid, InvalidReason};
use skyslots_storage::audit::Audit;
use skyslots_storage::events::{self as event_rows, StoredEvent};
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{new_id, Kind, WebhookDeliveryId, WebhookEndpointId};
use skyslots_storage::jobs as job_rows;
use skyslots_storage::webhooks::{
    self as rows, Attempt, Delivery, DeliveryFilter, DeliveryStatus, WebhookEndpoint,
};
use skyslots_storage::{Db, Page, PageRequest, StorageError, Tx};

use crate::events::{self, Event, EventRecord, Object};
use crate::jobs::{self, Worker};
use crate::links::now as clock_now;
use crate::secrets::SecretsKey;
use crate::{idempotent, Error, Result};

/// The type of the test message `webhook_endpoint_ping` sends (never in the events feed).
pub const PING: &str = "webhook_endpoint.ping";
/// Most endpoints one organization may have.
pub const MAX_ENDPOINTS: i64 = 100;
/// Waits before each attempt (Standard Webhooks' example schedule): immediately, 5 s, 5 min,
/// 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h; each retry ±10 % jitter. Then the delivery fails.
pub const SCHEDULE: [i64; 10] = [
    0, 5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400,
];
/// An endpoint whose every attempt has failed for this long is disabled.
pub const DISABLE_AFTER: Duration = Duration::days(5);
/// How long the receiver has to answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);
/// How much of a response body is kept with the attempt.
pub const EXCERPT_BYTES: usize = 2_048;
/// Longest a secret's rotation grace may be.
pub const MAX_GRACE: Duration = Duration::days(7);
/// A drain run stops starting new sends after this (well inside the job lease).
pub(crate) const RUN_BUDGET: std::time::Duration = std::time::Duration::from_secs(30);
/// Most sends in one drain run.
const SENDS_PER_RUN: usize = 500;

const OP: Operation = Operation::WebhookEndpointCreate;

// ---- the port ----------------------------------------------------------------------------

/// One POST to a receiver.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub url: &'a str,
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature`.
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// What came back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status, if a response came.
    pub status: Option<u16>,
    /// The start of the response body (at most [`EXCERPT_BYTES`]).
    pub excerpt: Option<String>,
    /// Why no response came (refused address, timeout, connection error).
    pub error: Option<String>,
}

/// How the worker reaches receivers. The service implements it over HTTP, refusing private
/// addresses unless configured to allow them.
pub trait Transport: Send + Sync {
    /// The JSON body for `event`: the envelope as the API renders it.
    fn render(&self, event: &EventRecord) -> std::result::Result<String, String>;
    /// POST `request`, within [`TIMEOUT`], following no redirect.
    fn post(&self, request: Outgoing<'_>) -> impl std::future::Future<Output = Answer> + Send;
}

// ---- rules -------------------------------------------------------------------------------

/// Addresses an outbound request must not reach unless private targets are allowed:
/// loopback, private (RFC 1918, unique local), link-local, shared (CGNAT), unspecified,
/// multicast and broadcast, and IPv4 mapped into IPv6.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || a >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x64 && v6.segments()[1] == 0xff9b)
                || (first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// Whether `url` may be an endpoint: `https` (or `http` where private targets are allowed),
/// a host, no credentials, at most 2 048 characters, and no private address literal unless
/// allowed. Host names are resolved and checked when sending.
pub fn check_url(url: &str, allow_private: bool) -> Result<()> {
    check_target(
        url,
        allow_private,
        "must not carry credentials; the signature authenticates SkySlots",
    )
}

/// A user-given URL SkySlots will call (`url`): absolute, https (http only with private
/// targets allowed), no credentials in it (`credentials` says why), and no private address
/// literal. Names are checked again when connecting (`api/src/outbound.rs`).
pub fn check_target(url: &str, allow_private: bool, credentials: &'static str) -> Result<()> {
    let bad = |why: &'static str| Error::field("url", InvalidReason::UrlNotAllowed(why));
    if url.len() > 2_048 {
        return Err(Error::field(
            "url",
            InvalidReason::OutOfRange { min: 1, max: 2_048 },
        ));
    }
    let parsed = url::Url::parse(url).map_err(|_| bad("is not an absolute URL"))?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => return Err(bad("must use https")),
        _ => return Err(bad("must be an https URL")),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad(credentials));
    }
    let ip = match parsed.host() {
        None => return Err(bad("has no host")),
        Some(url::Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
        Some(url::Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            (d == "localhost" || d.ends_with(".localhost"))
                .then_some(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))
        }
    };
    if !allow_private && ip.is_some_and(is_private) {
        return Err(bad(
            "points to a private, loopback or link-local address (allowed only with --allow-private-urls)",
        ));
    }
    Ok(())
}

fn check_types(types: &[String]) -> Result<()> {
    let mut errors = Vec::new();
    if types.is_empty() {
        errors.push(skyslots_core::FieldError::new(
            "event_types",
            InvalidReason::Empty,
        ));
    }
    for (i, t) in types.iter().enumerate() {
        let field = format!("event_types[{i}]");
        if t != "*" && !events::TYPES.contains(&t.as_str()) {
            errors.push(skyslots_core::FieldError::new(
                field,
                InvalidReason::NotOffered(format!("\"*\", {}", events::TYPES.join(", "))),
            ));
        } else if types[..i].contains(t) {
            errors.push(skyslots_core::FieldError::new(
                field,
                InvalidReason::Duplicate,
            ));
        }
    }
    if types.len() > 1 && types.iter().any(|t| t == "*") {
        errors.push(skyslots_core::FieldError::new(
            "event_types",
            InvalidReason::Inconsistent("\"*\" already means every type; list it alone"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(Invalid { errors }))
    }
}

/// A new signing secret: `whsec_` and 32 random bytes, base64.
pub fn new_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| StorageError::Corrupt(format!("no randomness: {e}")))?;
    Ok(format!("whsec_{}", STANDARD.encode(bytes)))
}

/// The key bytes of a `whsec_` secret, if it is one (24 to 64 bytes, base64).
fn secret_bytes(secret: &str) -> Option<Vec<u8>> {
    let bytes = STANDARD.decode(secret.strip_prefix("whsec_")?).ok()?;
    (24..=64).contains(&bytes.len()).then_some(bytes)
}

fn check_secret(field: &str, secret: &str) -> Result<()> {
    secret_bytes(secret).map(|_| ()).ok_or_else(|| {
        Error::field(
            field,
            InvalidReason::Inconsistent("must be \"whsec_\" followed by 24 to 64 bytes in base64"),
        )
    })
}

/// The `webhook-signature` entry for one secret: `v1,` and the base64 HMAC-SHA256 of
/// `{id}.{timestamp}.{body}`.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String> {
    let key = secret_bytes(secret)
        .ok_or_else(|| StorageError::Corrupt("a webhook secret is not a whsec_ secret".into()))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)
        .map_err(|_| StorageError::Corrupt("HMAC key".into()))?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// An endpoint's secrets, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secrets {
    pub current: String,
    /// The secret before the last rotation and until when it still signs.
    pub previous: Option<(String, DateTime<Utc>)>,
}

/// Open the endpoint's secrets (the previous one only while its grace lasts).
pub fn reveal(key: &SecretsKey, e: &WebhookEndpoint, now: DateTime<Utc>) -> Result<Secrets> {
    let current = key.open(&e.secret, &e.id)?;
    let previous = match (&e.previous_secret, e.previous_secret_until) {
        (Some(sealed), Some(until)) if until > now => Some((key.open(sealed, &e.id)?, until)),
        _ => None,
    };
    Ok(Secrets { current, previous })
}

// ---- endpoints ---------------------------------------------------------------------------

/// A new endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointInput {
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<String>,
    pub ordered: bool,
    /// A secret the client brings (`whsec_…`); otherwise one is made.
    pub secret: Option<String>,
}

/// Changes to an endpoint; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointPatch {
    pub url: Option<String>,
    pub description: Option<Option<String>>,
    pub event_types: Option<Vec<String>>,
    pub enabled: Option<bool>,
    pub ordered: Option<bool>,
}

/// What the worker and the use cases need besides the database.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub secrets: &'a SecretsKey,
    /// `--allow-private-urls`: http and private, loopback and link-local targets.
    pub allow_private_urls: bool,
}

pub async fn create(
    db: &Db,
    settings: Settings<'_>,
    org: &str,
    input: &EndpointInput,
    audit: &Audit,
    idem: Option<&Idempotency>,
) -> Result<Created<WebhookEndpoint>> {
    check_url(&input.url, settings.allow_private_urls)?;
    check_types(&input.event_types)?;
    if let Some(s) = &input.secret {
        check_secret("secret", s)?;
    }
    let id = new_id(Kind::WebhookEndpoint);
    let secret = match &input.secret {
        Some(s) => s.clone(),
        None => new_secret()?,
    };
    let created = clock_now();
    let endpoint = WebhookEndpoint {
        secret: settings.secrets.seal(&secret, &id)?,
        id,
        url: input.url.clone(),
        description: input.description.clone(),
        event_types: input.event_types.clone(),
        enabled: true,
        ordered: input.ordered,
        previous_secret: None,
        previous_secret_until: None,
        disabled_reason: None,
        failing_since: None,
        created_at: created,
        updated_at: created,
    };
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::insert(&mut tx, org, &endpoint).await?;
        if rows::count(&mut tx, org).await? > MAX_ENDPOINTS {
            return Err(Error::conflict(
                ErrorCode::LimitReached,
                format!("an organization may have at most {MAX_ENDPOINTS} webhook endpoints"),
            ));
        }
        let summary = format!("created webhook endpoint for {}", endpoint.url);
        crate::record(
            &mut tx,
            org,
            audit,
            "webhook_endpoint.created",
            ("webhook_endpoint", &endpoint.id),
            summary,
        )
        .await?;
        idempotent::record(&mut tx, org, idem, OP, &endpoint).await?;
        Ok(Created::new(endpoint))
    }
    .await;
    idempotent::commit(db, org, idem, OP, tx, result).await
}

pub async fn get(db: &Db, org: &str, id: &WebhookEndpointId) -> Result<WebhookEndpoint> {
    Ok(rows::get(&mut db.read().await?, org, id).await?)
}

pub async fn list(
    db: &Db,
    org: &str,
    url: Option<&str>,
    page: &PageRequest,
) -> Result<Page<WebhookEndpoint>> {
    Ok(rows::list(&mut db.read().await?, org, url, page).await?)
}

pub async fn update(
    db: &Db,
    settings: Settings<'_>,
    org: &str,
    id: &WebhookEndpointId,
    patch: &EndpointPatch,
    audit: &Audit,
) -> Result<WebhookEndpoint> {
    if let Some(url) = &patch.url {
        check_url(url, settings.allow_private_urls)?;
    }
    if let Some(types) = &patch.event_types {
        check_types(types)?;
    }
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id).await?;
        let mut e = rows::get(&mut tx, org, id).await?;
        if let Some(url) = &patch.url {
            e.url.clone_from(url);
        }
        if let Some(d) = &patch.description {
            e.description.clone_from(d);
        }
        if let Some(t) = &patch.event_types {
            e.event_types.clone_from(t);
        }
        if let Some(o) = patch.ordered {
            e.ordered = o;
        }
        match patch.enabled {
            Some(true) if !e.enabled => {
                e.enabled = true;
                e.disabled_reason = None;
                e.failing_since = None;
            }
            Some(false) if e.enabled => {
                e.enabled = false;
                e.disabled_reason = Some("disabled".into());
                rows::fail_pending(&mut tx, &e.id).await?;
            }
            _ => {}
        }
        e.updated_at = clock_now();
        rows::update(&mut tx, org, &e).await?;
        let summary = format!("updated webhook endpoint for {}", e.url);
        crate::record(
            &mut tx,
            org,
            audit,
            "webhook_endpoint.updated",
            ("webhook_endpoint", &e.id),
            summary,
        )
        .await?;
        Ok(e)
    }
    .await;
    tx.finish(result).await
}

pub async fn delete(db: &Db, org: &str, id: &WebhookEndpointId, audit: &Audit) -> Result<()> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id).await?;
        rows::delete(&mut tx, org, id).await?;
        let summary = format!("deleted webhook endpoint {id}");
        crate::record(
            &mut tx,
            org,
            audit,
            "webhook_endpoint.deleted",
            ("webhook_endpoint", id),
            summary,
        )
        .await?;
        Ok(())
    }
    .await;
    tx.finish(result).await
}

/// Replace the signing secret (with `secret` if given); the old one keeps signing beside it
/// for `grace` (0 to 7 days), so receivers can switch without missing a message.
#[allow(clippy::too_many_arguments)]
pub async fn rotate_secret(
    db: &Db,
    settings: Settings<'_>,
    org: &str,
    id: &WebhookEndpointId,
    grace: Duration,
    secret: Option<&str>,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<WebhookEndpoint> {
    if grace < Duration::zero() || grace > MAX_GRACE {
        return Err(Error::field(
            "grace_period_seconds",
            InvalidReason::OutOfRange {
                min: 0,
                max: MAX_GRACE.num_seconds(),
            },
        ));
    }
    if let Some(s) = secret {
        check_secret("secret", s)?;
    }
    let fresh = match secret {
        Some(s) => s.to_owned(),
        None => new_secret()?,
    };
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id).await?;
        let mut e = rows::get(&mut tx, org, id).await?;
        if grace > Duration::zero() {
            e.previous_secret = Some(e.secret.clone());
            e.previous_secret_until = Some(now + grace);
        } else {
            e.previous_secret = None;
            e.previous_secret_until = None;
        }
        e.secret = settings.secrets.seal(&fresh, &e.id)?;
        e.updated_at = clock_now();
        rows::update(&mut tx, org, &e).await?;
        let summary = format!(
            "rotated the secret of webhook endpoint {id}; the old one signs for {} s more",
            grace.num_seconds()
        );
        crate::record(
            &mut tx,
            org,
            audit,
            "webhook_endpoint.secret_rotated",
            ("webhook_endpoint", id),
            summary,
        )
        .await?;
        Ok(e)
    }
    .await;
    tx.finish(result).await
}

fn ensure_enabled(e: &WebhookEndpoint) -> Result<()> {
    if e.enabled {
        return Ok(());
    }
    Err(Error::conflict(
        ErrorCode::WebhookEndpointDisabled,
        format!(
            "the webhook endpoint is disabled ({}); enable it first",
            e.disabled_reason.as_deref().unwrap_or("disabled")
        ),
    ))
}

/// Queue a `webhook_endpoint.ping` to the endpoint, ahead of everything else it waits for.
pub async fn ping(
    db: &Db,
    org: &str,
    id: &WebhookEndpointId,
    now: DateTime<Utc>,
) -> Result<Delivery> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        // Lock order: the drain job, then the endpoint (as the worker takes them).
        jobs::ensure_drain(&mut tx, org, id, now).await?;
        rows::lock(&mut tx, org, id).await?;
        let e = rows::get(&mut tx, org, id).await?;
        ensure_enabled(&e)?;
        let delivery = Delivery {
            id: new_id(Kind::WebhookDelivery),
            endpoint_id: e.id.clone(),
            event_id: new_id(Kind::Event),
            event_type: PING.to_owned(),
            event_seq: 0,
            status: DeliveryStatus::Pending,
            attempts: 0,
            next_attempt_at: Some(now),
            last_attempt_at: None,
            created_at: clock_now(),
        };
        rows::queue(&mut tx, org, std::slice::from_ref(&delivery)).await?;
        Ok(delivery)
    }
    .await;
    tx.finish(result).await
}

/// A delivery with its attempts, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub delivery: Delivery,
    pub attempts: Vec<Attempt>,
}

async fn with_attempts(
    tx: &mut Tx,
    org: &str,
    items: Vec<Delivery>,
) -> Result<Vec<DeliveryRecord>> {
    let ids: Vec<String> = items.iter().map(|d| d.id.clone()).collect();
    let mut attempts = rows::attempts_of(tx, org, &ids).await?;
    Ok(items
        .into_iter()
        .map(|delivery| {
            let mine: Vec<Attempt>;
            (mine, attempts) = attempts
                .drain(..)
                .partition(|a| a.delivery_id == delivery.id);
            DeliveryRecord {
                delivery,
                attempts: mine,
            }
        })
        .collect())
}

/// The endpoint's deliveries, newest first, each with its attempts.
pub async fn deliveries(
    db: &Db,
    org: &str,
    endpoint: &WebhookEndpointId,
    filter: &DeliveryFilter,
    page: &PageRequest,
) -> Result<Page<DeliveryRecord>> {
    let mut conn = db.read().await?;
    rows::get(&mut conn, org, endpoint).await?;
    let page = rows::list_deliveries(&mut conn, org, endpoint, filter, page).await?;
    Ok(Page {
        items: with_attempts(&mut conn, org, page.items).await?,
        next_cursor: page.next_cursor,
    })
}

async fn delivery_of(
    tx: &mut Tx,
    org: &str,
    endpoint: &WebhookEndpointId,
    id: &WebhookDeliveryId,
) -> Result<Delivery> {
    let d = rows::get_delivery(tx, org, id).await?;
    if d.endpoint_id != endpoint.as_str() {
        return Err(Error::NotFound("webhook delivery"));
    }
    Ok(d)
}

pub async fn delivery(
    db: &Db,
    org: &str,
    endpoint: &WebhookEndpointId,
    id: &WebhookDeliveryId,
) -> Result<DeliveryRecord> {
    let mut conn = db.read().await?;
    let d = delivery_of(&mut conn, org, endpoint, id).await?;
    let mut all = with_attempts(&mut conn, org, vec![d]).await?;
    all.pop().ok_or(Error::NotFound("webhook delivery"))
}

/// Send one delivery again now, whatever it came to before (its retry schedule starts over).
pub async fn retry(
    db: &Db,
    org: &str,
    endpoint: &WebhookEndpointId,
    id: &WebhookDeliveryId,
    now: DateTime<Utc>,
) -> Result<DeliveryRecord> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        jobs::ensure_drain(&mut tx, org, endpoint, now).await?;
        rows::lock(&mut tx, org, endpoint).await?;
        ensure_enabled(&rows::get(&mut tx, org, endpoint).await?)?;
        let mut d = delivery_of(&mut tx, org, endpoint, id).await?;
        d.status = DeliveryStatus::Pending;
        d.attempts = 0;
        d.next_attempt_at = Some(now);
        rows::update_delivery(&mut tx, &d).await?;
        let mut all = with_attempts(&mut tx, org, vec![d]).await?;
        all.pop().ok_or(Error::NotFound("webhook delivery"))
    }
    .await;
    tx.finish(result).await
}

/// Queue again every delivery to the endpoint that failed and was created at or after
/// `since`; returns how many.
pub async fn recover(
    db: &Db,
    org: &str,
    endpoint: &WebhookEndpointId,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        jobs::ensure_drain(&mut tx, org, endpoint, now).await?;
        rows::lock(&mut tx, org, endpoint).await?;
        ensure_enabled(&rows::get(&mut tx, org, endpoint).await?)?;
        Ok(rows::requeue_failed(&mut tx, org, endpoint, since, now).await?)
    }
    .await;
    tx.finish(result).await
}

/// Forget deliveries (and their attempts) created before `before` (the events' retention);
/// returns how many.
pub async fn purge(db: &Db, before: DateTime<Utc>) -> Result<usize> {
    Ok(rows::purge(&mut db.read().await?, before).await?)
}

// ---- fan-out -----------------------------------------------------------------------------

/// In the sequencer's transaction: queue each just-numbered event for every enabled endpoint
/// of its organization that takes its type, and make the endpoints' drain jobs due.
pub(crate) async fn fan_out(
    tx: &mut Tx,
    numbered: &[StoredEvent],
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut orgs: Vec<String> = numbered.iter().map(|e| e.organization_id.clone()).collect();
    orgs.sort();
    orgs.dedup();
    if orgs.is_empty() {
        return Ok(0);
    }
    let endpoints = rows::enabled_of(tx, &orgs).await?;
    if endpoints.is_empty() {
        return Ok(0);
    }
    let created = clock_now();
    let mut queued = 0;
    for (org, endpoint) in &endpoints {
        let new: Vec<Delivery> = numbered
            .iter()
            .filter(|e| &e.organization_id == org)
            .filter(|e| {
                endpoint
                    .event_types
                    .iter()
                    .any(|t| t == "*" || *t == e.event_type)
            })
            .map(|e| Delivery {
                id: new_id(Kind::WebhookDelivery),
                endpoint_id: endpoint.id.clone(),
                event_id: e.id.clone(),
                event_type: e.event_type.clone(),
                event_seq: e.seq.unwrap_or(0),
                status: DeliveryStatus::Pending,
                attempts: 0,
                next_attempt_at: Some(now),
                last_attempt_at: None,
                created_at: created,
            })
            .collect();
        if new.is_empty() {
            continue;
        }
        queued += rows::queue(tx, org, &new).await?;
        jobs::ensure_drain(tx, org, &endpoint.id, now).await?;
    }
    Ok(queued)
}

// ---- delivery ----------------------------------------------------------------------------

/// The wait before the next attempt after `attempts` failed ones (with ±10 % jitter), or
/// `None` once the schedule is spent.
pub fn next_wait(attempts: i32) -> Option<Duration> {
    let base = *SCHEDULE.get(usize::try_from(attempts).ok()?)?;
    let mut r = [0u8; 2];
    getrandom::fill(&mut r).ok();
    // -10 % … +10 %, in thousandths.
    let permille = i64::from(u16::from_le_bytes(r) % 201) - 100;
    Some(Duration::milliseconds(base * 1_000 + base * permille))
}

/// What recording a failed attempt came to.
enum Settled {
    Failed,
    /// The endpoint was disabled (410, or failing for five days): the run stops.
    Disabled,
    /// The job was taken over by another worker: this one stops without writing.
    LostLease,
}

/// Run the drain job of endpoint `endpoint_id`: send what is due, record each attempt, then
/// reschedule the job for the next due delivery (or remove it). `Ok(false)` if its lease was
/// taken over.
pub(crate) async fn drain<T: Transport, M>(
    db: &Db,
    worker: &Worker<'_, T, M>,
    job: &job_rows::StoredJob,
    org: &str,
    endpoint_id: &str,
    deadline: std::time::Instant,
    now: DateTime<Utc>,
) -> Result<bool> {
    let lease = job.lease_until.unwrap_or_default();
    let found = rows::get(&mut db.read().await?, org, endpoint_id).await;
    let endpoint = match found {
        Ok(e) if e.enabled => e,
        Ok(_) | Err(StorageError::NotFound(_)) => {
            // Deleted or disabled: nothing goes out; what waited fails (recover re-queues it).
            let mut tx = db.begin().await?;
            let result: Result<bool> = async {
                if !job_rows::hold(&mut tx, &job.id, lease).await? {
                    return Ok(false);
                }
                rows::fail_pending(&mut tx, endpoint_id).await?;
                job_rows::complete(&mut tx, &job.id).await?;
                Ok(true)
            }
            .await;
            return tx.finish(result).await;
        }
        Err(e) => return Err(e.into()),
    };
    let secrets = reveal(worker.secrets, &endpoint, now)?;
    let mut failing = endpoint.failing_since.is_some();
    // Successes are recorded in batches (one transaction per batch read); a failure is
    // recorded at once, after the successes before it.
    let mut delivered: Vec<Attempt> = Vec::new();
    let mut sent = 0;
    'run: while sent < SENDS_PER_RUN && std::time::Instant::now() < deadline {
        let batch = rows::next_pending(
            &mut db.read().await?,
            &endpoint.id,
            endpoint.ordered,
            now,
            50,
        )
        .await?;
        // In order, stop at the first delivery not due yet (the head waiting for its retry).
        let batch: Vec<Delivery> = batch
            .into_iter()
            .take_while(|d| d.next_attempt_at.is_none_or(|t| t <= now))
            .collect();
        if batch.is_empty() {
            break;
        }
        let ids: Vec<String> = batch
            .iter()
            .filter(|d| d.event_type != PING)
            .map(|d| d.event_id.clone())
            .collect();
        let stored = event_rows::by_ids(&mut db.read().await?, org, &ids).await?;
        for d in batch {
            if sent > 0 && std::time::Instant::now() >= deadline {
                break 'run;
            }
            let record = if d.event_type == PING {
                Some(ping_record(org, &d, &endpoint))
            } else {
                stored
                    .iter()
                    .find(|e| e.id == d.event_id)
                    .map(|e| events::record(e.clone()))
                    .transpose()?
            };
            let started = std::time::Instant::now();
            let answer = match record {
                None => Answer {
                    error: Some("the event is no longer retained".into()),
                    ..Answer::default()
                },
                Some(record) => match worker.transport.render(&record) {
                    Err(e) => Answer {
                        error: Some(format!("the event could not be rendered: {e}")),
                        ..Answer::default()
                    },
                    Ok(body) => {
                        let headers = headers(&secrets, &d.event_id, now, &body)?;
                        worker
                            .transport
                            .post(Outgoing {
                                url: &endpoint.url,
                                headers,
                                body,
                            })
                            .await
                    }
                },
            };
            let attempt = attempt_of(&d.id, &answer, started.elapsed(), now);
            sent += 1;
            if succeeded(&answer) {
                delivered.push(attempt);
                // The first success after failures clears `failing_since` with the batch.
                if delivered.len() >= SUCCESS_BATCH || failing {
                    if !flush(
                        db,
                        &job.id,
                        lease,
                        org,
                        &endpoint.id,
                        &mut delivered,
                        failing,
                        now,
                    )
                    .await?
                    {
                        return Ok(false);
                    }
                    failing = false;
                }
                continue;
            }
            if !flush(
                db,
                &job.id,
                lease,
                org,
                &endpoint.id,
                &mut delivered,
                false,
                now,
            )
            .await?
            {
                return Ok(false);
            }
            failing = true;
            match settle_failure(
                db,
                &job.id,
                lease,
                org,
                &endpoint.id,
                d,
                attempt,
                answer.status == Some(410),
                now,
            )
            .await?
            {
                Settled::Failed if endpoint.ordered => break 'run,
                Settled::Failed => {}
                Settled::Disabled => return Ok(true),
                Settled::LostLease => return Ok(false),
            }
        }
        // Written before the next read, which would otherwise find them still pending.
        if !flush(
            db,
            &job.id,
            lease,
            org,
            &endpoint.id,
            &mut delivered,
            false,
            now,
        )
        .await?
        {
            return Ok(false);
        }
    }
    if !flush(
        db,
        &job.id,
        lease,
        org,
        &endpoint.id,
        &mut delivered,
        false,
        now,
    )
    .await?
    {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    let result: Result<bool> = async {
        if !job_rows::hold(&mut tx, &job.id, lease).await? {
            return Ok(false);
        }
        match rows::next_due(&mut tx, &endpoint.id, endpoint.ordered).await? {
            None => job_rows::complete(&mut tx, &job.id).await?,
            Some(at) => job_rows::reschedule(&mut tx, &job.id, at.max(now)).await?,
        }
        Ok(true)
    }
    .await;
    tx.finish(result).await
}

fn ping_record(org: &str, d: &Delivery, endpoint: &WebhookEndpoint) -> EventRecord {
    EventRecord {
        id: d.event_id.clone(),
        event_type: PING.to_owned(),
        created_at: d.created_at,
        organization_id: org.to_owned(),
        seq: None,
        object: Object::WebhookEndpoint(events::without_secrets(endpoint)),
        previous: None,
        cancellation: None,
        refund: None,
    }
}

/// The Standard Webhooks headers: one signature per secret in force, space-separated.
fn headers(
    secrets: &Secrets,
    id: &str,
    now: DateTime<Utc>,
    body: &str,
) -> Result<Vec<(&'static str, String)>> {
    let ts = now.timestamp();
    let mut signatures = vec![sign(&secrets.current, id, ts, body)?];
    if let Some((old, _)) = &secrets.previous {
        signatures.push(sign(old, id, ts, body)?);
    }
    Ok(vec![
        ("webhook-id", id.to_owned()),
        ("webhook-timestamp", ts.to_string()),
        ("webhook-signature", signatures.join(" ")),
    ])
}

fn succeeded(answer: &Answer) -> bool {
    answer.status.is_some_and(|s| (200..300).contains(&s))
}

/// The log entry of one attempt.
fn attempt_of(
    delivery: &str,
    answer: &Answer,
    took: std::time::Duration,
    now: DateTime<Utc>,
) -> Attempt {
    Attempt {
        id: new_id(Kind::WebhookAttempt),
        delivery_id: delivery.to_owned(),
        attempted_at: now,
        duration_ms: i64::try_from(took.as_millis()).unwrap_or(i64::MAX),
        status_code: answer.status.map(i32::from),
        response_excerpt: answer.excerpt.clone(),
        error: match (&answer.error, answer.status) {
            (Some(e), _) => Some(e.clone()),
            (None, Some(s)) if !succeeded(answer) => Some(format!("answered {s}")),
            _ => None,
        },
    }
}

/// Successful attempts wait for a batch before they are written.
const SUCCESS_BATCH: usize = 50;

/// Record the successes in `delivered` (and, with `recovered`, that the endpoint is no longer
/// failing) in one transaction that first checks the lease; `false` if it was lost.
#[allow(clippy::too_many_arguments)]
async fn flush(
    db: &Db,
    job_id: &str,
    lease: i64,
    org: &str,
    endpoint_id: &str,
    delivered: &mut Vec<Attempt>,
    recovered: bool,
    now: DateTime<Utc>,
) -> Result<bool> {
    if delivered.is_empty() {
        return Ok(true);
    }
    let mut tx = db.begin().await?;
    let result: Result<bool> = async {
        if !job_rows::hold(&mut tx, job_id, lease).await? {
            return Ok(false);
        }
        if recovered {
            rows::lock(&mut tx, org, endpoint_id).await?;
            let mut e = rows::get(&mut tx, org, endpoint_id).await?;
            e.failing_since = None;
            rows::update(&mut tx, org, &e).await?;
        }
        rows::record_successes(&mut tx, org, delivered, now).await?;
        Ok(true)
    }
    .await;
    let kept = tx.finish(result).await?;
    delivered.clear();
    Ok(kept)
}

/// Record a failed attempt and its consequences (the next retry, or the delivery failed; the
/// endpoint disabled on 410 or after five days of failures), in a transaction that first
/// checks the lease.
#[allow(clippy::too_many_arguments)]
async fn settle_failure(
    db: &Db,
    job_id: &str,
    lease: i64,
    org: &str,
    endpoint_id: &str,
    mut d: Delivery,
    attempt: Attempt,
    gone: bool,
    now: DateTime<Utc>,
) -> Result<Settled> {
    let mut tx = db.begin().await?;
    let result: Result<Settled> = async {
        if !job_rows::hold(&mut tx, job_id, lease).await? {
            return Ok(Settled::LostLease);
        }
        rows::lock(&mut tx, org, endpoint_id).await?;
        let mut e = rows::get(&mut tx, org, endpoint_id).await?;
        rows::insert_attempt(&mut tx, org, &attempt).await?;
        d.attempts += 1;
        d.last_attempt_at = Some(now);
        match next_wait(d.attempts) {
            Some(wait) => d.next_attempt_at = Some(now + wait),
            None => {
                d.status = DeliveryStatus::Failed;
                d.next_attempt_at = None;
            }
        }
        rows::update_delivery(&mut tx, &d).await?;
        let since = *e.failing_since.get_or_insert(now);
        let reason = if gone {
            Some("gone")
        } else if now - since >= DISABLE_AFTER {
            Some("failing")
        } else {
            None
        };
        if let Some(reason) = reason.filter(|_| e.enabled) {
            e.enabled = false;
            e.disabled_reason = Some(reason.into());
            e.updated_at = clock_now();
            rows::update(&mut tx, org, &e).await?;
            rows::fail_pending(&mut tx, &e.id).await?;
            job_rows::complete(&mut tx, job_id).await?;
            events::emit(&mut tx, org, Event::WebhookEndpointDisabled(&e)).await?;
            tracing::warn!(endpoint = %e.id, reason, "webhook endpoint disabled");
            return Ok(Settled::Disabled);
        }
        rows::update(&mut tx, org, &e).await?;
        Ok(Settled::Failed)
    }
    .await;
    tx.finish(result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::",
            "255.255.255.255",
        ] {
            let ip: IpAddr = ip.parse().expect("ip");
            assert!(is_private(ip), "{ip}");
        }
        for ip in ["93.184.216.34", "1.1.1.1", "2606:4700::1111"] {
            let ip: IpAddr = ip.parse().expect("ip");
            assert!(!is_private(ip), "{ip}");
        }
    }

    #[test]
    fn endpoint_urls_are_https_without_credentials_or_private_literals() {
        assert!(check_url("https://hooks.example.com/x", false).is_ok());
        for bad in [
            "http://hooks.example.com/x",
            "ftp://example.com",
            "https://user:pw@example.com/",
            "https://127.0.0.1/x",
            "https://[::1]/x",
            "https://localhost:3000/x",
            "https://169.254.169.254/latest",
            "not a url",
        ] {
            assert!(check_url(bad, false).is_err(), "{bad}");
        }
        assert!(check_url("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(check_url("https://user@example.com/", true).is_err());
    }

    #[test]
    fn the_retry_schedule_is_the_standard_one_with_jitter() {
        for (attempts, base) in [(1, 5), (2, 300), (3, 1_800), (9, 86_400)] {
            let w = next_wait(attempts).expect("a retry").num_milliseconds();
            assert!((base * 900..=base * 1_100).contains(&w), "{attempts}: {w}");
        }
        assert_eq!(next_wait(0), Some(Duration::zero()));
        assert_eq!(next_wait(10), None, "ten attempts, then the delivery fails");
    }

    #[test]
    fn signatures_follow_standard_webhooks() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let sig = sign(
            secret,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            r#"{"test": 2432232314}"#,
        )
        .expect("sign");
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert!(check_secret("secret", "whsec_short").is_err());
        assert!(check_secret("secret", &new_secret().expect("secret")).is_ok());
    }

    #[test]
    fn event_types_are_known_listed_once_and_star_alone() {
        assert!(check_types(&["*".into()]).is_ok());
        assert!(check_types(&["booking.created".into(), "link.deleted".into()]).is_ok());
        assert!(check_types(&[]).is_err());
        assert!(check_types(&["booking.made".into()]).is_err());
        assert!(check_types(&["booking.created".into(), "booking.created".into()]).is_err());
        assert!(check_types(&["*".into(), "booking.created".into()]).is_err());
    }
}
