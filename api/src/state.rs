//! The state every handler shares: the database, the key ring, limits and counters.

use std::sync::Arc;

use skyslots_storage::{Db, Principal};

use crate::limits::{RateLimitConfig, RateLimits};
use crate::page_views::ViewCounter;
use crate::tokens::{KeyRing, SigningKeys};

/// Shared state of every handler.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub(crate) auth: Arc<AuthCache>,
    /// Where clients reach this server (`SKYSLOTS_PUBLIC_URL`), for links in responses.
    pub public_url: String,
    /// The key ring scoped tokens are signed and verified with.
    pub tokens: Arc<KeyRing>,
    pub limits: Arc<RateLimits>,
    /// Public link views not yet added to the database.
    pub views: Arc<ViewCounter>,
    /// How often counted views are written to the database.
    pub views_flush_every: std::time::Duration,
    /// Rung by this instance's sequencer when it numbers events, so live streams read at once;
    /// streams also look every second for events other instances numbered.
    pub events_bell: Arc<tokio::sync::watch::Sender<u64>>,
    /// Set when the server starts shutting down: live streams end.
    pub closing: Arc<tokio::sync::watch::Sender<bool>>,
    /// Whether this instance runs the background workers (event numbering, due jobs).
    /// API-only instances turn them off; at least one instance on a database must run them.
    pub worker: bool,
    /// How long events stay readable before the hourly purge.
    pub event_retention: chrono::Duration,
    /// Connection limits and timeouts (the body timeout is applied where bodies are read).
    pub http: crate::connections::HttpLimits,
    /// The key that seals webhook secrets at rest.
    pub secrets: Arc<skyslots_app::secrets::SecretsKey>,
    /// `--allow-private-urls`: outbound requests (webhooks) may use http and reach loopback,
    /// private and link-local addresses. Off in production.
    pub allow_private_urls: bool,
    /// Where emails go: SMTP, or the outbox directory.
    pub mail: Arc<crate::mail::Mail>,
    /// The payment provider, when one is configured (`SKYSLOTS_STRIPE_SECRET_KEY`).
    pub stripe: Option<Arc<crate::stripe::Stripe>>,
    /// The platform's fee on payments to organizations' connected accounts.
    pub platform_fee: skyslots_app::payments::PlatformFee,
}

impl AppState {
    /// Defaults: default rate limits, an in-memory signing key, views flushed every 10 s.
    pub fn new(db: Db) -> Self {
        Self {
            db,
            auth: Arc::default(),
            public_url: "http://127.0.0.1:8080".into(),
            tokens: Arc::new(KeyRing::in_memory(SigningKeys::ephemeral())),
            limits: Arc::new(RateLimits::new(&RateLimitConfig::default())),
            views: Arc::default(),
            views_flush_every: std::time::Duration::from_secs(10),
            event_retention: chrono::Duration::days(30),
            worker: true,
            events_bell: Arc::new(tokio::sync::watch::channel(0).0),
            closing: Arc::new(tokio::sync::watch::channel(false).0),
            http: crate::connections::HttpLimits::default(),
            secrets: Arc::new(ephemeral_secrets_key()),
            allow_private_urls: false,
            mail: Arc::new(crate::mail::Mail::Outbox {
                dir: std::env::temp_dir().join("skyslots-outbox"),
                from: default_from(),
            }),
            stripe: None,
            platform_fee: skyslots_app::payments::PlatformFee::default(),
        }
    }

    pub fn with_platform_fee(mut self, fee: skyslots_app::payments::PlatformFee) -> Self {
        self.platform_fee = fee;
        self
    }

    pub fn with_stripe(mut self, stripe: Option<crate::stripe::Stripe>) -> Self {
        self.stripe = stripe.map(Arc::new);
        self
    }

    /// What the payment use cases need from this server.
    pub fn payments(&self) -> skyslots_app::payments::Payments<'_> {
        skyslots_app::payments::Payments {
            provider: self
                .stripe
                .as_deref()
                .map(|s| s as &dyn skyslots_app::payments::PaymentProvider),
            secrets: &self.secrets,
            fee: self.platform_fee,
        }
    }

    pub fn with_mail(mut self, mail: crate::mail::Mail) -> Self {
        self.mail = Arc::new(mail);
        self
    }

    pub fn with_secrets_key(mut self, key: skyslots_app::secrets::SecretsKey) -> Self {
        self.secrets = Arc::new(key);
        self
    }

    pub fn with_allow_private_urls(mut self, allow: bool) -> Self {
        self.allow_private_urls = allow;
        self
    }

    pub fn with_http_limits(mut self, limits: crate::connections::HttpLimits) -> Self {
        self.http = limits;
        self
    }

    /// Set the base URL clients reach this server at (no trailing slash).
    pub fn with_public_url(mut self, url: &str) -> Self {
        self.public_url = url.trim_end_matches('/').to_owned();
        self
    }

    pub fn with_key_ring(mut self, keys: KeyRing) -> Self {
        self.tokens = Arc::new(keys);
        self
    }

    pub fn with_rate_limits(mut self, config: &RateLimitConfig) -> Self {
        self.limits = Arc::new(RateLimits::new(config));
        self
    }

    pub fn with_worker(mut self, worker: bool) -> Self {
        self.worker = worker;
        self
    }

    pub fn with_event_retention(mut self, retention: chrono::Duration) -> Self {
        self.event_retention = retention;
        self
    }

    pub fn with_views_flush_every(mut self, every: std::time::Duration) -> Self {
        self.views_flush_every = every;
        self
    }
}

/// The sender of emails when `SKYSLOTS_MAIL_FROM` is not set.
pub const DEFAULT_MAIL_FROM: &str = "SkySlots <no-reply@localhost>";

fn default_from() -> lettre::message::Mailbox {
    // A constant that parses.
    #[allow(clippy::expect_used)]
    DEFAULT_MAIL_FROM
        .parse()
        .expect("the default sender parses")
}

/// A key kept only in memory (tests, `export-spec`).
fn ephemeral_secrets_key() -> skyslots_app::secrets::SecretsKey {
    // The OS CSPRNG failing is not something a process can recover from.
    #[allow(clippy::expect_used)]
    skyslots_app::secrets::SecretsKey::generate()
        .expect("the operating system's random source failed")
}

/// Recently verified API keys, by SHA-256 of the secret (never the secret), for a few
/// seconds: saves a database round trip on most requests. Revoking a key evicts it here at
/// once; other instances sharing the database stop accepting it within [`AuthCache::TTL`].
#[derive(Debug, Default)]
pub struct AuthCache(
    std::sync::Mutex<std::collections::HashMap<String, (Principal, std::time::Instant)>>,
);

impl AuthCache {
    pub const TTL: std::time::Duration = std::time::Duration::from_secs(5);
    const MAX_ENTRIES: usize = 10_000;

    pub(crate) fn get(&self, hash: &str) -> Option<Principal> {
        let map = self.0.lock().ok()?;
        map.get(hash)
            .filter(|(_, at)| at.elapsed() < Self::TTL)
            .map(|(p, _)| p.clone())
    }

    pub(crate) fn put(&self, hash: String, principal: Principal) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::MAX_ENTRIES {
                map.retain(|_, (_, at)| at.elapsed() < Self::TTL);
                if map.len() >= Self::MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(hash, (principal, std::time::Instant::now()));
        }
    }

    pub(crate) fn evict_key(&self, api_key_id: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.retain(|_, (p, _)| p.api_key_id != api_key_id);
        }
    }
}
