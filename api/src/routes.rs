//! The v1 operations. Each handler authenticates, converts params, calls storage (and, for
//! availability, the scheduling engine), and maps the result to a view. No SQL here.

use chrono::{DateTime, Duration, Utc};
use poem::web::Data;
use poem_openapi::auth::Bearer;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi, SecurityScheme, Tags};
use sha2::{Digest, Sha256};
use skyslots_core::policy::Actor;
use skyslots_core::ErrorCode;
use skyslots_core::InvalidReason;
use skyslots_storage::audit::{ActorRef, Audit};
use skyslots_storage::bookings::Origin;
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::Kind;
use skyslots_storage::{BookingFilter, Db, PageRequest, Principal};

use std::sync::Arc;

use crate::analytics::ViewCounter;
use crate::limits::{RateLimitConfig, RateLimits};
use crate::params::{self, Errors};
use crate::problem::{ApiError, Problem, WithBody};
use crate::tokens::{KeyRing, Scope, SigningKeys, TokenError};
use crate::views::*;

/// Shared state of every handler.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    auth: Arc<AuthCache>,
    /// Where clients reach this server (`SKYSLOTS_PUBLIC_URL`), for links in responses.
    pub public_url: String,
    /// The key ring scoped tokens are signed and verified with.
    pub tokens: Arc<KeyRing>,
    pub limits: Arc<RateLimits>,
    /// Public link views not yet added to the database.
    pub views: Arc<ViewCounter>,
    /// How often counted views are written to the database.
    pub views_flush_every: std::time::Duration,
    /// Connection limits and timeouts (the body timeout is applied where bodies are read).
    pub http: crate::connections::HttpLimits,
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
            http: crate::connections::HttpLimits::default(),
        }
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

    pub fn with_views_flush_every(mut self, every: std::time::Duration) -> Self {
        self.views_flush_every = every;
        self
    }
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

    fn get(&self, hash: &str) -> Option<Principal> {
        let map = self.0.lock().ok()?;
        map.get(hash)
            .filter(|(_, at)| at.elapsed() < Self::TTL)
            .map(|(p, _)| p.clone())
    }

    fn put(&self, hash: String, principal: Principal) {
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

    fn evict_key(&self, api_key_id: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.retain(|_, (p, _)| p.api_key_id != api_key_id);
        }
    }
}

#[derive(Debug, Tags)]
pub enum Tag {
    /// Secret keys of the organization.
    #[oai(rename = "API keys")]
    ApiKeys,
    /// People and calendars that can be booked.
    Hosts,
    /// Weekly availability rules, date overrides and holidays.
    Schedules,
    /// Time a host is unavailable.
    #[oai(rename = "Busy blocks")]
    BusyBlocks,
    /// Booking links (event types) and their settings.
    Links,
    /// Bookable slots, computed on request.
    Availability,
    /// Bookings and their lifecycle.
    Bookings,
    /// The organization itself: display name and public slug.
    Organization,
    /// Single-use booking links for one recipient.
    #[oai(rename = "One-time links")]
    OneTimeLinks,
    /// Who changed what: links, one-time links, API keys and bookings.
    #[oai(rename = "Audit events")]
    AuditEvents,
    /// Short-lived scoped tokens (JWT) for front ends and customers.
    Tokens,
    /// For the public: booking pages, guest bookings and attendee self-service. No API key.
    Public,
}

/// A secret API key (`sk_...`) of the organization.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "sk_...")]
pub struct SecretKey(Bearer);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// A scoped token (a JWT from `POST /v1/tokens`).
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "JWT")]
pub struct ScopedToken(Bearer);

impl std::fmt::Debug for ScopedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScopedToken(<redacted>)")
    }
}

/// Either a secret API key or a scoped token with the operation's scope.
#[derive(SecurityScheme)]
pub enum KeyOrToken {
    Key(SecretKey),
    Token(ScopedToken),
}

impl KeyOrToken {
    fn bearer(&self) -> &str {
        match self {
            Self::Key(k) => &k.0.token,
            Self::Token(t) => &t.0.token,
        }
    }
}

impl std::fmt::Debug for KeyOrToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyOrToken(<redacted>)")
    }
}

pub(crate) type Result<T> = std::result::Result<T, ApiError>;
/// The result of an operation that takes a JSON body (it may also answer 415).
pub(crate) type BodyResult<T> = std::result::Result<T, WithBody<ApiError>>;

tokio::task_local! {
    /// The id of the request being handled (set by the request middleware).
    pub static REQUEST_ID: String;
}

/// The current request's id, if a request is being handled.
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Who a request acts for: the organization, the actor recorded in audit events, and for a
/// scoped token the link and attendee it is limited to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub organization_id: String,
    pub actor: ActorRef,
    /// A token's restriction to one link.
    pub only_link: Option<String>,
    /// A token's restriction to one attendee (lowercase email).
    pub only_email: Option<String>,
}

impl Caller {
    /// The audit context of a change made for this caller in this request.
    pub fn audit(&self) -> Audit {
        Audit::new(self.actor.clone(), request_id())
    }

    /// Whom the link's cancellation and reschedule policy treats this caller as: a secret
    /// key is the organizer; a scoped token acts for the attendee, so the policy applies.
    pub fn policy_actor(&self) -> Actor {
        match self.actor {
            ActorRef::Token(_) => Actor::Attendee,
            _ => Actor::Organizer,
        }
    }

    /// A token limited to one link may only touch that link (403 `token_restricted`).
    pub fn check_link(&self, link_id: &str) -> Result<()> {
        match &self.only_link {
            Some(only) if only != link_id => Err(restricted(format!(
                "This token is limited to link `{only}`."
            ))),
            _ => Ok(()),
        }
    }

    /// A token limited to one attendee may only act for that email (403 `token_restricted`).
    pub fn check_email(&self, email: &str) -> Result<()> {
        match &self.only_email {
            Some(only) if !only.eq_ignore_ascii_case(email.trim()) => Err(restricted(
                "This token is limited to another attendee's bookings.".into(),
            )),
            _ => Ok(()),
        }
    }

    /// Whether the caller is a token limited to a link or an attendee.
    pub fn is_restricted(&self) -> bool {
        self.only_link.is_some() || self.only_email.is_some()
    }

    /// Whether a booking of `link_id` for `email` is within this caller's reach.
    pub fn reaches(&self, link_id: &str, email: &str) -> bool {
        self.only_link.as_deref().is_none_or(|l| l == link_id)
            && self
                .only_email
                .as_deref()
                .is_none_or(|e| e.eq_ignore_ascii_case(email.trim()))
    }
}

fn forbidden(code: ErrorCode, detail: String) -> ApiError {
    ApiError::problem(Problem::new(
        poem::http::StatusCode::FORBIDDEN,
        code,
        detail,
    ))
}

fn restricted(detail: String) -> ApiError {
    forbidden(ErrorCode::TokenRestricted, detail)
}

/// Longer than any API key we issue.
const MAX_KEY_LEN: usize = 256;

/// A JWT has three dot-separated parts; API keys have none.
fn is_jwt(bearer: &str) -> bool {
    !bearer.starts_with("sk_") && bearer.bytes().filter(|b| *b == b'.').count() == 2
}

/// The caller of an operation that needs a secret API key. A valid scoped token is refused
/// with 403 `secret_key_required`.
pub(crate) async fn principal(state: &AppState, auth: &SecretKey) -> Result<Caller> {
    authenticate(state, &auth.0.token, None).await
}

/// The caller of an operation open to scoped tokens with `scope`.
pub(crate) async fn authorize(state: &AppState, auth: &KeyOrToken, scope: Scope) -> Result<Caller> {
    authenticate(state, auth.bearer(), Some(scope)).await
}

async fn authenticate(state: &AppState, bearer: &str, scope: Option<Scope>) -> Result<Caller> {
    if is_jwt(bearer) {
        let claims = state.tokens.verify(bearer).map_err(|e| {
            let (code, detail) = match e {
                TokenError::Expired => (
                    ErrorCode::TokenExpired,
                    "The token has expired; mint a new one.",
                ),
                TokenError::NotYetValid => (
                    ErrorCode::TokenNotYetValid,
                    "The token is not valid yet (`nbf`).",
                ),
                TokenError::UnknownKey => (
                    ErrorCode::TokenInvalid,
                    "The token was signed with a key this server does not have.",
                ),
                TokenError::Invalid(why) => (ErrorCode::TokenInvalid, why),
            };
            crate::limits::auth_failed(
                &state.limits,
                ApiError::problem(Problem::new(
                    poem::http::StatusCode::UNAUTHORIZED,
                    code,
                    detail,
                )),
            )
        })?;
        let Some(scope) = scope else {
            return Err(forbidden(
                ErrorCode::SecretKeyRequired,
                "This operation needs a secret API key; scoped tokens cannot use it.".into(),
            ));
        };
        if !claims.allows(scope) {
            return Err(forbidden(
                ErrorCode::InsufficientScope,
                format!("This token lacks the `{}` scope.", scope.as_str()),
            ));
        }
        crate::limits::check_caller(
            &state.limits,
            &format!("token:{}:{}", claims.org, claims.sub),
        )?;
        return Ok(Caller {
            organization_id: claims.org,
            actor: ActorRef::Token(claims.sub),
            only_link: claims.link,
            only_email: claims.email.map(|e| e.to_lowercase()),
        });
    }
    let hash = skyslots_storage::ids::hash_secret(bearer);
    let p = match state.auth.get(&hash) {
        Some(p) => p,
        None => {
            crate::limits::check_auth_budget(&state.limits)?;
            // No key is this long; refusing it unread keeps a huge header from costing a hash
            // and a lookup.
            let found = if bearer.len() <= MAX_KEY_LEN {
                state.db.authenticate(bearer).await?
            } else {
                None
            };
            let p = match found {
                Some(p) => p,
                None => {
                    let refusal = if state.db.any_organization().await.unwrap_or(true) {
                        ApiError::unauthorized()
                    } else {
                        ApiError::no_organization()
                    };
                    return Err(crate::limits::auth_failed(&state.limits, refusal));
                }
            };
            state.auth.put(hash, p.clone());
            p
        }
    };
    crate::limits::check_caller(&state.limits, &format!("key:{}", p.api_key_id))?;
    Ok(Caller {
        organization_id: p.organization_id,
        actor: ActorRef::ApiKey(p.api_key_id),
        only_link: None,
        only_email: None,
    })
}

/// A path id must be of the route's kind; otherwise it names nothing here.
pub(crate) fn path_id(id: &str, kind: Kind, what: &str) -> Result<()> {
    if kind.matches(id) {
        Ok(())
    } else {
        Err(ApiError::problem(crate::problem::Problem::new(
            poem::http::StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!(
                "`{}` is not a {what} id ({what} ids start with {}_).",
                truncate(id),
                kind.prefix()
            ),
        )))
    }
}

pub(crate) fn truncate(s: &str) -> String {
    s.chars().take(64).collect()
}

/// The idempotency record for a create: the client's key and a hash of what it asked for —
/// the operation, the resource it acts on if the path names one (`scope`), and the body.
pub(crate) fn idempotency(
    key: Option<String>,
    operation: Operation,
    scope: Option<&str>,
    body: &impl serde::Serialize,
) -> Option<Idempotency> {
    // The key's form was checked for every request in `guard`.
    let key = key?;
    let canonical = serde_json::to_string(body).unwrap_or_default();
    let operation = match scope {
        Some(scope) => format!("{} {scope}", operation.name()),
        None => operation.name().to_owned(),
    };
    let digest = Sha256::digest(format!("{operation}\n{canonical}").as_bytes());
    Some(Idempotency {
        key,
        request_hash: digest.iter().map(|b| format!("{b:02x}")).collect(),
    })
}

pub(crate) fn page(limit: Option<u32>, cursor: Option<String>) -> Result<PageRequest> {
    Ok(PageRequest::new(limit, cursor.as_deref())?)
}

pub(crate) fn finish(errors: Errors) -> Result<()> {
    errors.finish().map_err(|e| ApiError::invalid(&e))
}

macro_rules! created_response {
    ($name:ident, $view:ty) => {
        #[derive(Debug, ApiResponse)]
        pub enum $name {
            /// Created. A retry with the same `Idempotency-Key` and body returns the same
            /// resource with `Idempotent-Replayed: true`.
            #[oai(status = 201)]
            Created(
                Json<$view>,
                #[oai(header = "Idempotent-Replayed")] Option<bool>,
            ),
        }

        impl $name {
            pub(crate) fn of<T>(created: Created<T>, view: impl Fn(&T) -> $view) -> Self {
                Self::Created(Json(view(&created.value)), created.replayed.then_some(true))
            }
        }
    };
}

created_response!(ApiKeyCreated, ApiKeyCreatedView);
created_response!(ScheduleCreated, ScheduleView);
created_response!(HostCreated, HostView);
created_response!(BusyBlockCreated, BusyBlockView);
created_response!(LinkCreated, LinkView);
created_response!(BookingCreated, BookingView);
created_response!(OneTimeLinkCreated, OneTimeLinkCreatedView);

#[derive(Debug, ApiResponse)]
pub enum Deleted {
    /// Deleted.
    #[oai(status = 204)]
    NoContent,
}

// ---- API keys ------------------------------------------------------------------------

#[derive(Debug)]
pub struct ApiKeysApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::ApiKeys")]
impl ApiKeysApi {
    /// Create an API key
    ///
    /// The secret is in this response only; it is stored hashed and cannot be shown again.
    #[oai(path = "/api-keys", method = "post", operation_id = "api_key_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<params::ApiKeyCreate>,
    ) -> BodyResult<ApiKeyCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::ApiKeyCreate, None, &body.0);
        let created = state
            .db
            .create_api_key(&p.organization_id, &body.name, idem.as_ref(), &p.audit())
            .await?;
        Ok(ApiKeyCreated::of(created, |(key, secret)| {
            ApiKeyCreatedView {
                key: key.into(),
                secret: secret.clone(),
            }
        }))
    }

    /// List API keys
    ///
    /// Keys are listed with their prefix and last use, never their secret.
    #[oai(path = "/api-keys", method = "get", operation_id = "api_key_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<ApiKeyList>> {
        let p = principal(&state, &auth).await?;
        let page = state
            .db
            .list_api_keys(&p.organization_id, &page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(ApiKeyList::from_page(page, |x| ApiKeyView::from(x))))
    }

    /// Revoke an API key
    ///
    /// The key stops working at once. Revoking a revoked key changes nothing.
    #[oai(
        path = "/api-keys/:id",
        method = "delete",
        operation_id = "api_key_revoke"
    )]
    async fn revoke(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<ApiKeyView>> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::ApiKey, "API key")?;
        let key = state
            .db
            .revoke_api_key(&p.organization_id, &id, &p.audit())
            .await?;
        state.auth.evict_key(&key.id);
        Ok(Json((&key).into()))
    }
}

// ---- schedules -----------------------------------------------------------------------

#[derive(Debug)]
pub struct SchedulesApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Schedules")]
impl SchedulesApi {
    /// Create a schedule
    #[oai(path = "/schedules", method = "post", operation_id = "schedule_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<params::ScheduleCreate>,
    ) -> BodyResult<ScheduleCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::ScheduleCreate, None, &body.0);
        let mut errors = Errors::default();
        let input = skyslots_storage::ScheduleInput {
            name: body.name.clone(),
            timezone: body.timezone.clone(),
            weekly_rules: params::weekly_rules(&mut errors, &body.weekly_rules),
            date_overrides: params::date_overrides(&mut errors, &body.date_overrides),
            holidays: body.holidays.clone(),
        };
        if let Err(reason) = skyslots_core::parse_timezone(&body.timezone) {
            errors.push("timezone", reason);
        }
        finish(errors)?;
        let created = state
            .db
            .create_schedule(&p.organization_id, &input, idem.as_ref())
            .await?;
        Ok(ScheduleCreated::of(created, |x| ScheduleView::from(x)))
    }

    /// List schedules
    #[oai(path = "/schedules", method = "get", operation_id = "schedule_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<ScheduleList>> {
        let p = principal(&state, &auth).await?;
        let page = state
            .db
            .list_schedules(&p.organization_id, &page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(ScheduleList::from_page(page, |x| {
            ScheduleView::from(x)
        })))
    }

    /// Get a schedule
    #[oai(path = "/schedules/:id", method = "get", operation_id = "schedule_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<ScheduleView>> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Schedule, "schedule")?;
        Ok(Json(
            (&state.db.get_schedule(&p.organization_id, &id).await?).into(),
        ))
    }

    /// Update a schedule
    ///
    /// Omitted fields stay as they are; lists given are replaced whole.
    #[oai(
        path = "/schedules/:id",
        method = "patch",
        operation_id = "schedule_update"
    )]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<params::ScheduleUpdate>,
    ) -> BodyResult<Json<ScheduleView>> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Schedule, "schedule")?;
        let mut errors = Errors::default();
        let weekly = body
            .weekly_rules
            .as_deref()
            .map(|r| params::weekly_rules(&mut errors, r));
        let overrides = body
            .date_overrides
            .as_deref()
            .map(|o| params::date_overrides(&mut errors, o));
        finish(errors)?;
        let body = body.0;
        let schedule = state
            .db
            .update_schedule(&p.organization_id, &id, move |s| {
                if let Some(n) = body.name {
                    s.name = n;
                }
                if let Some(t) = body.timezone {
                    s.timezone = t;
                }
                if let Some(w) = weekly {
                    s.weekly_rules = w;
                }
                if let Some(o) = overrides {
                    s.date_overrides = o;
                }
                if let Some(h) = body.holidays {
                    s.holidays = h;
                }
            })
            .await?;
        Ok(Json((&schedule).into()))
    }

    /// Delete a schedule
    ///
    /// Only a schedule no host or link uses can be deleted (`in_use` otherwise).
    #[oai(
        path = "/schedules/:id",
        method = "delete",
        operation_id = "schedule_delete"
    )]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Schedule, "schedule")?;
        state.db.delete_schedule(&p.organization_id, &id).await?;
        Ok(Deleted::NoContent)
    }
}

// ---- hosts ---------------------------------------------------------------------------

#[derive(Debug)]
pub struct HostsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Hosts")]
impl HostsApi {
    /// Create a host
    #[oai(path = "/hosts", method = "post", operation_id = "host_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<params::HostCreate>,
    ) -> BodyResult<HostCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::HostCreate, None, &body.0);
        let mut errors = Errors::default();
        errors.validate("", &body.0);
        // Checked here too, so one answer lists every field's problem.
        if let Err(reason) = skyslots_core::parse_timezone(&body.timezone) {
            errors.push("timezone", reason);
        }
        if let Some(s) = &body.schedule_id {
            errors.id("schedule_id".into(), s, Kind::Schedule);
        }
        finish(errors)?;
        let input = skyslots_storage::HostInput {
            name: body.name.clone(),
            email: body.email.clone(),
            timezone: body.timezone.clone(),
            schedule_id: body.schedule_id.clone(),
        };
        let created = state
            .db
            .create_host(&p.organization_id, &input, idem.as_ref())
            .await?;
        Ok(HostCreated::of(created, |x| HostView::from(x)))
    }

    /// List hosts
    #[oai(path = "/hosts", method = "get", operation_id = "host_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<HostList>> {
        let p = principal(&state, &auth).await?;
        let page = state
            .db
            .list_hosts(&p.organization_id, &page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(HostList::from_page(page, |x| HostView::from(x))))
    }

    /// Get a host
    #[oai(path = "/hosts/:id", method = "get", operation_id = "host_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<HostView>> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Host, "host")?;
        Ok(Json(
            (&state.db.get_host(&p.organization_id, &id).await?).into(),
        ))
    }

    /// Update a host
    ///
    /// Omitted fields stay as they are; `schedule_id: null` removes the default schedule.
    #[oai(path = "/hosts/:id", method = "patch", operation_id = "host_update")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<params::HostUpdate>,
    ) -> BodyResult<Json<HostView>> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Host, "host")?;
        let mut errors = Errors::default();
        if let Some(email) = &body.email {
            if !skyslots_core::questions::is_email(email) {
                errors.push("email", InvalidReason::Inconsistent("not an email address"));
            }
        }
        if let poem_openapi::types::MaybeUndefined::Value(s) = &body.schedule_id {
            errors.id("schedule_id".into(), s, Kind::Schedule);
        }
        finish(errors)?;
        let body = body.0;
        let host = state
            .db
            .update_host(&p.organization_id, &id, move |h| {
                if let Some(n) = body.name {
                    h.name = n;
                }
                if let Some(e) = body.email {
                    h.email = e;
                }
                if let Some(t) = body.timezone {
                    h.timezone = t;
                }
                match body.schedule_id {
                    poem_openapi::types::MaybeUndefined::Undefined => {}
                    poem_openapi::types::MaybeUndefined::Null => h.schedule_id = None,
                    poem_openapi::types::MaybeUndefined::Value(s) => h.schedule_id = Some(s),
                }
            })
            .await?;
        Ok(Json((&host).into()))
    }

    /// Delete a host
    ///
    /// Only a host on no link and without bookings can be deleted (`in_use` otherwise).
    #[oai(path = "/hosts/:id", method = "delete", operation_id = "host_delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Host, "host")?;
        state.db.delete_host(&p.organization_id, &id).await?;
        Ok(Deleted::NoContent)
    }
}

// ---- busy blocks -----------------------------------------------------------------------

#[derive(Debug)]
pub struct BusyBlocksApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::BusyBlocks")]
impl BusyBlocksApi {
    /// Create a busy block
    #[oai(
        path = "/busy-blocks",
        method = "post",
        operation_id = "busy_block_create"
    )]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<params::BusyBlockCreate>,
    ) -> BodyResult<BusyBlockCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::BusyBlockCreate, None, &body.0);
        let mut errors = Errors::default();
        errors.id("host_id".into(), &body.host_id, Kind::Host);
        finish(errors)?;
        let input = skyslots_storage::BusyBlockInput {
            host_id: body.host_id.clone(),
            title: body.title.clone(),
            start: body.start,
            end: body.end,
        };
        let created = state
            .db
            .create_busy_block(&p.organization_id, &input, idem.as_ref())
            .await?;
        Ok(BusyBlockCreated::of(created, |x| BusyBlockView::from(x)))
    }

    /// List busy blocks
    ///
    /// Optionally of one host and overlapping `[start, end)`.
    #[oai(
        path = "/busy-blocks",
        method = "get",
        operation_id = "busy_block_list"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        host_id: Query<Option<String>>,
        start: Query<Option<DateTime<Utc>>>,
        end: Query<Option<DateTime<Utc>>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<BusyBlockList>> {
        let p = principal(&state, &auth).await?;
        let window = match (start.0, end.0) {
            (Some(s), Some(e)) if e > s => Some((s, e)),
            (Some(_), Some(_)) => {
                return Err(ApiError::field("end", InvalidReason::EndNotAfterStart))
            }
            (Some(s), None) => Some((s, DateTime::<Utc>::MAX_UTC)),
            (None, Some(e)) => Some((DateTime::<Utc>::MIN_UTC, e)),
            (None, None) => None,
        };
        let page = state
            .db
            .list_busy_blocks(
                &p.organization_id,
                host_id.0.as_deref(),
                window,
                &page(limit.0, cursor.0)?,
            )
            .await?;
        Ok(Json(BusyBlockList::from_page(page, |x| {
            BusyBlockView::from(x)
        })))
    }

    /// Delete a busy block
    #[oai(
        path = "/busy-blocks/:id",
        method = "delete",
        operation_id = "busy_block_delete"
    )]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::BusyBlock, "busy block")?;
        state.db.delete_busy_block(&p.organization_id, &id).await?;
        Ok(Deleted::NoContent)
    }
}

// ---- links ---------------------------------------------------------------------------

#[derive(Debug)]
pub struct LinksApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Links")]
impl LinksApi {
    /// Create a booking link
    #[oai(path = "/links", method = "post", operation_id = "link_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<params::LinkCreate>,
    ) -> BodyResult<LinkCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::LinkCreate, None, &body.0);
        let mut errors = Errors::default();
        let input = params::link_input(&mut errors, &body);
        finish(errors)?;
        let created = state
            .db
            .create_link(&p.organization_id, &input, idem.as_ref(), &p.audit())
            .await?;
        Ok(LinkCreated::of(created, |x| LinkView::from(x)))
    }

    /// List booking links
    #[oai(path = "/links", method = "get", operation_id = "link_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<LinkList>> {
        let p = principal(&state, &auth).await?;
        let page = state
            .db
            .list_links(&p.organization_id, &page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(LinkList::from_page(page, |x| LinkView::from(x))))
    }

    /// Get a booking link
    ///
    /// Open to scoped tokens with `links:read`.
    #[oai(path = "/links/:id", method = "get", operation_id = "link_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
    ) -> Result<Json<LinkView>> {
        let p = authorize(&state, &auth, Scope::LinksRead).await?;
        path_id(&id, Kind::Link, "link")?;
        p.check_link(&id)?;
        Ok(Json(
            (&state.db.get_link(&p.organization_id, &id).await?).into(),
        ))
    }

    /// Update a booking link
    ///
    /// Omitted fields stay as they are; `null` clears an optional setting. Set `active` to
    /// deactivate or reactivate the link.
    #[oai(path = "/links/:id", method = "patch", operation_id = "link_update")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<params::LinkUpdate>,
    ) -> BodyResult<Json<LinkView>> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Link, "link")?;
        // Check the update's own fields before taking the lock; the whole link is then
        // validated again by storage with the engine.
        let mut probe = state.db.get_link(&p.organization_id, &id).await?.input();
        let mut errors = Errors::default();
        params::apply_link_update(&mut errors, &body, &mut probe);
        finish(errors)?;
        let body = body.0;
        let link = state
            .db
            .update_link(
                &p.organization_id,
                &id,
                move |input| {
                    let mut ignored = Errors::default();
                    params::apply_link_update(&mut ignored, &body, input);
                },
                &p.audit(),
            )
            .await?;
        Ok(Json((&link).into()))
    }

    /// Delete a booking link
    ///
    /// Only a link without bookings can be deleted (`in_use` otherwise: deactivate it).
    #[oai(path = "/links/:id", method = "delete", operation_id = "link_delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Link, "link")?;
        state
            .db
            .delete_link(&p.organization_id, &id, &p.audit())
            .await?;
        Ok(Deleted::NoContent)
    }

    /// Duplicate a booking link
    ///
    /// Copies every setting to a new, inactive link.
    #[oai(
        path = "/links/:id/duplicate",
        method = "post",
        operation_id = "link_duplicate"
    )]
    async fn duplicate(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<params::LinkDuplicate>,
    ) -> BodyResult<LinkCreated> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Link, "link")?;
        let idem = idempotency(
            idempotency_key.0,
            Operation::LinkDuplicate,
            Some(&id),
            &body.0,
        );
        let body = body.0;
        let created = state
            .db
            .duplicate_link(
                &p.organization_id,
                &id,
                body.slug,
                body.title,
                idem.as_ref(),
                &p.audit(),
            )
            .await?;
        Ok(LinkCreated::of(created, |x| LinkView::from(x)))
    }
}

// ---- availability ----------------------------------------------------------------------

#[derive(Debug)]
pub struct AvailabilityApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Availability")]
impl AvailabilityApi {
    /// Get a link's availability
    ///
    /// Bookable slots starting in `[start, end)` (at most 100 days), for one of the link's
    /// durations, with times in UTC and in `timezone`. Open to scoped tokens with
    /// `availability:read`.
    #[oai(
        path = "/links/:id/availability",
        method = "get",
        operation_id = "availability_get"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
        /// Earliest slot start.
        start: Query<DateTime<Utc>>,
        /// Slots start before this instant.
        end: Query<DateTime<Utc>>,
        /// IANA time zone for `local_start` / `local_end`; default UTC.
        timezone: Query<Option<String>>,
        /// Minutes; default the link's first duration.
        duration: Query<Option<u32>>,
    ) -> Result<Json<AvailabilityView>> {
        let p = authorize(&state, &auth, Scope::AvailabilityRead).await?;
        path_id(&id, Kind::Link, "link")?;
        p.check_link(&id)?;
        let window = Window {
            start: start.0,
            end: end.0,
            timezone: timezone.0,
            duration: duration.0,
        };
        Ok(Json(
            availability(&state, &p.organization_id, &id, &window, None).await?,
        ))
    }
}

/// The query of an availability request.
#[derive(Debug, Clone)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub timezone: Option<String>,
    pub duration: Option<u32>,
}

/// A link's availability in `window`; with `offered`, only those of the offered slots that
/// are free (a one-time link's limits).
pub async fn availability(
    state: &AppState,
    org: &str,
    link_id: &str,
    window: &Window,
    offered: Option<&[skyslots_storage::onetime::OfferedSlot]>,
) -> Result<AvailabilityView> {
    let zone_name = window.timezone.clone().unwrap_or_else(|| "UTC".into());
    let zone =
        skyslots_core::parse_timezone(&zone_name).map_err(|r| ApiError::field("timezone", r))?;
    if window.end <= window.start {
        return Err(ApiError::field("end", InvalidReason::EndNotAfterStart));
    }
    if window.end - window.start > Duration::days(skyslots_core::availability::MAX_WINDOW_DAYS) {
        return Err(ApiError::field(
            "end",
            InvalidReason::WindowTooLong(skyslots_core::availability::MAX_WINDOW_DAYS),
        ));
    }
    let (link, snapshot) = state
        .db
        .availability_snapshot(org, link_id, window.start, window.end)
        .await?;
    if !link.active {
        return Err(ApiError::conflict(
            ErrorCode::LinkInactive,
            "The link is not active and takes no bookings.",
        ));
    }
    let duration = window.duration.unwrap_or(link.rules.durations[0]);
    let query = skyslots_core::AvailabilityQuery {
        start: window.start,
        end: window.end,
        duration,
        timezone: zone,
        now: Utc::now(),
    };
    let answer =
        skyslots_core::availability(&snapshot, &query).map_err(|e| ApiError::invalid(&e))?;
    let slots = answer
        .local_slots()
        .zip(&answer.slots)
        .filter(|(_, slot)| {
            offered.is_none_or(|o| {
                o.is_empty()
                    || o.iter()
                        .any(|x| x.start == slot.start && x.duration == duration)
            })
        })
        .map(|(local, slot)| SlotView {
            start: slot.start,
            end: slot.end,
            local_start: local.start.fixed_offset(),
            local_end: local.end.fixed_offset(),
            seats_remaining: slot.seats_remaining,
        })
        .collect();
    Ok(AvailabilityView {
        link_id: link.id,
        timezone: zone_name,
        duration,
        slots,
    })
}

// ---- bookings ------------------------------------------------------------------------

/// The booking `id`, if the caller may see it: a token limited to a link or an attendee does
/// not learn that other bookings exist (404, as for an unknown id).
async fn booking_in_reach(
    state: &AppState,
    p: &Caller,
    id: &str,
) -> Result<skyslots_storage::Booking> {
    let b = state.db.get_booking(&p.organization_id, id).await?;
    if p.reaches(&b.link_id, &b.attendee.email) {
        Ok(b)
    } else {
        Err(ApiError::not_found("booking"))
    }
}

/// Before a change to booking `id`: a restricted token must reach it (one extra read, only
/// for such tokens). A booking's link and attendee never change, so checking before the
/// change is as good as checking in it.
async fn ensure_in_reach(state: &AppState, p: &Caller, id: &str) -> Result<()> {
    if p.is_restricted() {
        booking_in_reach(state, p, id).await?;
    }
    Ok(())
}

#[derive(Debug)]
pub struct BookingsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Bookings")]
impl BookingsApi {
    /// Create a booking
    ///
    /// Books one of the link's slots if it is still free (409 `slot_unavailable` with a
    /// `reason` otherwise). Answers are checked against the link's questions. Open to scoped
    /// tokens with `bookings:write` (within their link and attendee restriction).
    #[oai(path = "/bookings", method = "post", operation_id = "booking_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<params::BookingCreate>,
    ) -> BodyResult<BookingCreated> {
        let p = authorize(&state, &auth, Scope::BookingsWrite).await?;
        let mut idem = idempotency(idempotency_key.0, Operation::BookingCreate, None, &body.0);
        // Each token subject has its own keys: one customer's retry never replays another's.
        if let (Some(i), ActorRef::Token(subject)) = (&mut idem, &p.actor) {
            i.key = format!("{}\u{1f}token:{subject}", i.key);
        }
        let mut errors = Errors::default();
        errors.id("link_id".into(), &body.link_id, Kind::Link);
        errors.validate("attendee", &body.attendee);
        let answers = params::answers(&mut errors, &body.answers);
        params::booking_metadata(&mut errors, &body.metadata);
        finish(errors)?;
        p.check_link(&body.link_id)?;
        p.check_email(&body.attendee.email)?;
        let duration = match body.duration {
            Some(d) => d,
            None => {
                state
                    .db
                    .get_link(&p.organization_id, &body.link_id)
                    .await?
                    .rules
                    .durations[0]
            }
        };
        let input = skyslots_storage::BookingInput {
            link_id: body.link_id.clone(),
            start: body.start,
            duration,
            seats: body.seats,
            attendee: skyslots_storage::Attendee {
                name: body.attendee.name.clone(),
                email: body.attendee.email.clone(),
                timezone: body.attendee.timezone.clone(),
            },
            answers,
            metadata: body.metadata.clone(),
        };
        let created = state
            .db
            .create_booking(
                &p.organization_id,
                &input,
                Utc::now(),
                idem.as_ref(),
                Origin::Api,
                &p.audit(),
            )
            .await?;
        Ok(BookingCreated::of(created, |x| BookingView::from(x)))
    }

    /// List bookings
    ///
    /// Ordered by start time; filters combine with AND. Open to scoped tokens with
    /// `bookings:read`: a token limited to a link or an attendee lists only theirs.
    #[oai(path = "/bookings", method = "get", operation_id = "booking_list")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        link_id: Query<Option<String>>,
        host_id: Query<Option<String>>,
        status: Query<Option<BookingStatusName>>,
        /// Bookings starting at or after this instant.
        start_from: Query<Option<DateTime<Utc>>>,
        /// Bookings starting before this instant.
        start_to: Query<Option<DateTime<Utc>>>,
        attendee_email: Query<Option<String>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<BookingList>> {
        let p = authorize(&state, &auth, Scope::BookingsRead).await?;
        if let Some(l) = &link_id.0 {
            p.check_link(l)?;
        }
        if let Some(e) = &attendee_email.0 {
            p.check_email(e)?;
        }
        let filter = BookingFilter {
            link_id: link_id.0.or(p.only_link.clone()),
            host_id: host_id.0,
            status: status.0.map(Into::into),
            start_from: start_from.0,
            start_to: start_to.0,
            attendee_email: attendee_email.0.or(p.only_email.clone()),
        };
        let page = state
            .db
            .list_bookings(&p.organization_id, &filter, &page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(BookingList::from_page(page, |x| BookingView::from(x))))
    }

    /// Get a booking
    ///
    /// Open to scoped tokens with `bookings:read` (within their restriction).
    #[oai(path = "/bookings/:id", method = "get", operation_id = "booking_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
    ) -> Result<Json<BookingView>> {
        let p = authorize(&state, &auth, Scope::BookingsRead).await?;
        path_id(&id, Kind::Booking, "booking")?;
        Ok(Json((&booking_in_reach(&state, &p, &id).await?).into()))
    }

    /// Cancel a booking
    ///
    /// Frees the slot. With a secret key the organization may always cancel and the refund
    /// is full; a scoped token (`bookings:write`) acts for the attendee, within the link's
    /// cancellation policy.
    #[oai(
        path = "/bookings/:id/cancel",
        method = "post",
        operation_id = "booking_cancel"
    )]
    async fn cancel(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
        body: Json<params::BookingCancel>,
    ) -> BodyResult<Json<CancellationView>> {
        let p = authorize(&state, &auth, Scope::BookingsWrite).await?;
        path_id(&id, Kind::Booking, "booking")?;
        ensure_in_reach(&state, &p, &id).await?;
        let c = state
            .db
            .cancel_booking(
                &p.organization_id,
                &id,
                body.0.reason,
                p.policy_actor(),
                Utc::now(),
                &p.audit(),
            )
            .await?;
        let refund = RefundName::from(&c.refund);
        Ok(Json(CancellationView {
            booking: (&c.booking).into(),
            refund,
            refund_percent: c.refund.percent(),
        }))
    }

    /// Reschedule a booking
    ///
    /// Moves the booking to a new start if that slot is free; the iCalendar UID stays and
    /// the SEQUENCE increases. A scoped token (`bookings:write`) acts for the attendee,
    /// within the link's reschedule policy.
    #[oai(
        path = "/bookings/:id/reschedule",
        method = "post",
        operation_id = "booking_reschedule"
    )]
    async fn reschedule(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
        body: Json<params::BookingReschedule>,
    ) -> BodyResult<Json<BookingView>> {
        let p = authorize(&state, &auth, Scope::BookingsWrite).await?;
        path_id(&id, Kind::Booking, "booking")?;
        ensure_in_reach(&state, &p, &id).await?;
        let b = state
            .db
            .reschedule_booking(
                &p.organization_id,
                &id,
                body.start,
                body.duration,
                p.policy_actor(),
                Utc::now(),
                &p.audit(),
            )
            .await?;
        Ok(Json((&b).into()))
    }

    /// Confirm a booking
    ///
    /// For links that require confirmation: a pending booking becomes confirmed.
    #[oai(
        path = "/bookings/:id/confirm",
        method = "post",
        operation_id = "booking_confirm"
    )]
    async fn confirm(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<BookingView>> {
        let p = principal(&state, &auth).await?;
        path_id(&id, Kind::Booking, "booking")?;
        let b = state
            .db
            .confirm_booking(&p.organization_id, &id, Utc::now(), &p.audit())
            .await?;
        Ok(Json((&b).into()))
    }
}
