//! Webhook endpoints (Standard Webhooks 1.0): where events are delivered, signed, with every
//! attempt logged. The body of every webhook is an `Event` (the envelope of `GET /v1/events`);
//! its headers are `webhook-id` (the event id), `webhook-timestamp` (Unix seconds) and
//! `webhook-signature` (`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per secret
//! in force, space-separated).

use crate::v1::prelude::*;
use app::webhooks::{DeliveryRecord, EndpointInput, EndpointPatch, Settings};
use st::webhooks::{Attempt, DeliveryFilter, DeliveryStatus, WebhookEndpoint};

// ---- requests ----------------------------------------------------------------------------

/// A new webhook endpoint.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(example)]
pub struct WebhookEndpointCreate {
    /// Where to POST events: `https` (http and private addresses only on servers started
    /// with `--allow-private-urls`).
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub url: String,
    #[oai(validator(max_length = 500))]
    pub description: Option<String>,
    /// Event types to send (`booking.created`, …), or `["*"]` for all.
    #[oai(validator(min_items = 1, max_items = 20))]
    pub event_types: Vec<String>,
    /// Deliver in event order (default): a failing delivery holds back the later ones until
    /// it succeeds or its retries run out. `false` sends each as soon as it is due.
    pub ordered: Option<bool>,
    /// Bring your own signing secret (`whsec_` + 24–64 bytes in base64); one is made
    /// otherwise.
    #[oai(validator(max_length = 200))]
    pub secret: Option<String>,
}

impl poem_openapi::types::Example for WebhookEndpointCreate {
    fn example() -> Self {
        Self {
            url: "https://hooks.example.com/skyslots".into(),
            description: Some("CRM sync".into()),
            event_types: vec!["booking.created".into(), "booking.cancelled".into()],
            ordered: None,
            secret: None,
        }
    }
}

/// Changes to a webhook endpoint; omitted fields stay. Enabling a disabled endpoint does not
/// re-send what failed meanwhile: `webhook_endpoint_recover` does.
#[derive(Debug, Clone, Object)]
pub struct WebhookEndpointUpdate {
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub url: Option<String>,
    #[oai(validator(max_length = 500))]
    pub description: MaybeUndefined<String>,
    #[oai(validator(min_items = 1, max_items = 20))]
    pub event_types: Option<Vec<String>>,
    pub enabled: Option<bool>,
    pub ordered: Option<bool>,
}

/// A new signing secret.
#[derive(Debug, Clone, Object)]
pub struct WebhookSecretRotate {
    /// How long the old secret keeps signing beside the new one (both signatures are sent):
    /// 0 to 604 800 s (7 days); default 86 400 (24 h).
    #[oai(validator(maximum(value = "604800")))]
    pub grace_period_seconds: Option<u32>,
    /// Bring your own (`whsec_` + 24–64 bytes in base64); one is made otherwise.
    #[oai(validator(max_length = 200))]
    pub secret: Option<String>,
}

// ---- responses ---------------------------------------------------------------------------

/// Why an endpoint is disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum DisabledReason {
    /// By a request (`enabled: false`).
    Disabled,
    /// The receiver answered 410 Gone.
    Gone,
    /// Every attempt failed for five days.
    Failing,
}

/// Where events are delivered.
#[derive(Debug, Clone, Object)]
#[oai(rename = "WebhookEndpoint")]
pub struct WebhookEndpointView {
    pub id: String,
    pub url: String,
    #[oai(skip_serializing_if_is_none)]
    pub description: Option<String>,
    pub event_types: Vec<String>,
    pub enabled: bool,
    pub ordered: bool,
    #[oai(skip_serializing_if_is_none)]
    pub disabled_reason: Option<DisabledReason>,
    /// Since when every attempt has failed (absent while deliveries succeed).
    #[oai(skip_serializing_if_is_none)]
    pub failing_since: Option<DateTime<Utc>>,
    /// Until when the secret before the last rotation still signs.
    #[oai(skip_serializing_if_is_none)]
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&WebhookEndpoint> for WebhookEndpointView {
    fn from(e: &WebhookEndpoint) -> Self {
        Self {
            id: e.id.clone(),
            url: e.url.clone(),
            description: e.description.clone(),
            event_types: e.event_types.clone(),
            enabled: e.enabled,
            ordered: e.ordered,
            disabled_reason: match e.disabled_reason.as_deref() {
                None => None,
                Some("gone") => Some(DisabledReason::Gone),
                Some("failing") => Some(DisabledReason::Failing),
                Some(_) => Some(DisabledReason::Disabled),
            },
            failing_since: e.failing_since,
            previous_secret_expires_at: e.previous_secret_until.filter(|t| *t > Utc::now()),
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// A webhook endpoint with its signing secret (at creation and rotation only).
#[derive(Debug, Clone, Object)]
#[oai(rename = "WebhookEndpointWithSecret")]
pub struct WebhookEndpointWithSecretView {
    #[oai(flatten)]
    pub endpoint: WebhookEndpointView,
    /// The signing secret (`whsec_…`). Keep it; `webhook_endpoint_reveal_secret` shows it again.
    pub secret: String,
}

/// An endpoint's signing secrets.
#[derive(Debug, Clone, Object)]
#[oai(rename = "WebhookEndpointSecret")]
pub struct WebhookSecretView {
    pub secret: String,
    /// The secret before the last rotation, while it still signs.
    #[oai(skip_serializing_if_is_none)]
    pub previous_secret: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum DeliveryStatusName {
    /// Waiting for its next attempt.
    Pending,
    /// A 2xx answered it.
    Succeeded,
    /// Its retries ran out, or its endpoint was disabled.
    Failed,
}

impl From<DeliveryStatus> for DeliveryStatusName {
    fn from(s: DeliveryStatus) -> Self {
        match s {
            DeliveryStatus::Pending => Self::Pending,
            DeliveryStatus::Succeeded => Self::Succeeded,
            DeliveryStatus::Failed => Self::Failed,
        }
    }
}

impl From<DeliveryStatusName> for DeliveryStatus {
    fn from(s: DeliveryStatusName) -> Self {
        match s {
            DeliveryStatusName::Pending => Self::Pending,
            DeliveryStatusName::Succeeded => Self::Succeeded,
            DeliveryStatusName::Failed => Self::Failed,
        }
    }
}

/// One try at a delivery.
#[derive(Debug, Clone, Object)]
#[oai(rename = "WebhookAttempt")]
pub struct WebhookAttemptView {
    pub id: String,
    pub attempted_at: DateTime<Utc>,
    pub duration_ms: i64,
    /// The receiver's HTTP status, if it answered.
    #[oai(skip_serializing_if_is_none)]
    pub status_code: Option<i32>,
    /// At most 2 kB of the response body.
    #[oai(skip_serializing_if_is_none)]
    pub response_excerpt: Option<String>,
    /// Why the attempt did not succeed.
    #[oai(skip_serializing_if_is_none)]
    pub error: Option<String>,
}

impl From<&Attempt> for WebhookAttemptView {
    fn from(a: &Attempt) -> Self {
        Self {
            id: a.id.clone(),
            attempted_at: a.attempted_at,
            duration_ms: a.duration_ms,
            status_code: a.status_code,
            response_excerpt: a.response_excerpt.clone(),
            error: a.error.clone(),
        }
    }
}

/// One event for one endpoint, with every attempt at it.
#[derive(Debug, Clone, Object)]
#[oai(rename = "WebhookDelivery")]
pub struct WebhookDeliveryView {
    pub id: String,
    pub endpoint_id: String,
    /// The event sent (the `webhook-id` header); `GET /v1/events/{id}` shows it.
    pub event_id: String,
    /// The event's type (`webhook_endpoint.ping` for a ping).
    pub event_type: String,
    pub status: DeliveryStatusName,
    #[oai(skip_serializing_if_is_none)]
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub attempts: Vec<WebhookAttemptView>,
    pub created_at: DateTime<Utc>,
}

impl From<&DeliveryRecord> for WebhookDeliveryView {
    fn from(r: &DeliveryRecord) -> Self {
        let d = &r.delivery;
        Self {
            id: d.id.clone(),
            endpoint_id: d.endpoint_id.clone(),
            event_id: d.event_id.clone(),
            event_type: d.event_type.clone(),
            status: d.status.into(),
            next_attempt_at: d.next_attempt_at,
            attempts: r.attempts.iter().map(WebhookAttemptView::from).collect(),
            created_at: d.created_at,
        }
    }
}

/// What `webhook_endpoint_recover` queued again.
#[derive(Debug, Clone, Object)]
#[oai(rename = "WebhookRecovery")]
pub struct WebhookRecoveryView {
    /// How many failed deliveries were queued again.
    pub requeued: u64,
}

created_response!(WebhookEndpointCreated, WebhookEndpointWithSecretView);
list_view!(WebhookEndpointList, WebhookEndpointView);
list_view!(WebhookDeliveryList, WebhookDeliveryView);

#[derive(Debug, ApiResponse)]
pub enum Queued {
    /// Queued: the worker sends it within about a second.
    #[oai(status = 202)]
    Accepted(Json<WebhookDeliveryView>),
}

fn settings(state: &AppState) -> Settings<'_> {
    Settings {
        secrets: &state.secrets,
        allow_private_urls: state.allow_private_urls,
    }
}

fn with_secret(state: &AppState, e: &WebhookEndpoint) -> Result<WebhookEndpointWithSecretView> {
    let secrets = app::webhooks::reveal(&state.secrets, e, Utc::now())?;
    Ok(WebhookEndpointWithSecretView {
        endpoint: e.into(),
        secret: secrets.current,
    })
}

// ---- operations ----------------------------------------------------------------------------

#[derive(Debug, Default)]
pub struct WebhookEndpointsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Webhooks")]
impl WebhookEndpointsApi {
    /// Create a webhook endpoint
    ///
    /// Events of the listed types are POSTed to `url` from now on, signed per Standard
    /// Webhooks. The response carries the signing secret. For Zapier-style REST hooks:
    /// subscribe is this call, unsubscribe is `webhook_endpoint_delete`.
    #[oai(
        path = "/webhook-endpoints",
        method = "post",
        operation_id = "webhook_endpoint_create"
    )]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<WebhookEndpointCreate>,
    ) -> BodyResult<WebhookEndpointCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(
            idempotency_key.0,
            Operation::WebhookEndpointCreate,
            None,
            &body.0,
        );
        let input = EndpointInput {
            url: body.url.clone(),
            description: body.description.clone().filter(|d| !d.is_empty()),
            event_types: body.event_types.clone(),
            ordered: body.ordered.unwrap_or(true),
            secret: body.secret.clone(),
        };
        let created = app::webhooks::create(
            &state.db,
            settings(&state),
            &p.organization_id,
            &input,
            &p.audit(),
            idem.as_ref(),
        )
        .await?;
        let view = with_secret(&state, &created.value)?;
        Ok(WebhookEndpointCreated::of(created, |_| view.clone()))
    }

    /// List webhook endpoints
    #[oai(
        path = "/webhook-endpoints",
        method = "get",
        operation_id = "webhook_endpoint_list"
    )]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        /// Only endpoints with exactly this URL.
        url: Query<Option<String>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<WebhookEndpointList>> {
        let p = principal(&state, &auth).await?;
        let page = app::webhooks::list(
            &state.db,
            &p.organization_id,
            url.0.as_deref(),
            &page(limit.0, cursor.0)?,
        )
        .await?;
        Ok(Json(WebhookEndpointList::from_page(page, |e| e.into())))
    }

    /// Get a webhook endpoint
    #[oai(
        path = "/webhook-endpoints/:id",
        method = "get",
        operation_id = "webhook_endpoint_get"
    )]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<WebhookEndpointView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        let e = app::webhooks::get(&state.db, &p.organization_id, &id).await?;
        Ok(Json((&e).into()))
    }

    /// Update a webhook endpoint
    ///
    /// Change its URL, types or order, or enable and disable it. Disabling fails what waits
    /// for it; enabling clears `disabled_reason`.
    #[oai(
        path = "/webhook-endpoints/:id",
        method = "patch",
        operation_id = "webhook_endpoint_update"
    )]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<WebhookEndpointUpdate>,
    ) -> BodyResult<Json<WebhookEndpointView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        let patch = EndpointPatch {
            url: body.url.clone(),
            description: change(&body.description).map(|d| d.filter(|d| !d.is_empty()).cloned()),
            event_types: body.event_types.clone(),
            enabled: body.enabled,
            ordered: body.ordered,
        };
        let e = app::webhooks::update(
            &state.db,
            settings(&state),
            &p.organization_id,
            &id,
            &patch,
            &p.audit(),
        )
        .await?;
        Ok(Json((&e).into()))
    }

    /// Delete a webhook endpoint
    ///
    /// Nothing more is sent to it; its delivery log goes with it.
    #[oai(
        path = "/webhook-endpoints/:id",
        method = "delete",
        operation_id = "webhook_endpoint_delete"
    )]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        app::webhooks::delete(&state.db, &p.organization_id, &id, &p.audit()).await?;
        Ok(Deleted::NoContent)
    }

    /// Rotate a webhook endpoint's secret
    ///
    /// A new secret signs from now on; the old one keeps signing beside it (two signatures,
    /// space-separated) for the grace period, so the receiver can switch without a gap.
    #[oai(
        path = "/webhook-endpoints/:id/rotate-secret",
        method = "post",
        operation_id = "webhook_endpoint_rotate_secret"
    )]
    async fn rotate_secret(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<WebhookSecretRotate>,
    ) -> BodyResult<Json<WebhookEndpointWithSecretView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        let grace =
            chrono::Duration::seconds(i64::from(body.grace_period_seconds.unwrap_or(86_400)));
        let e = app::webhooks::rotate_secret(
            &state.db,
            settings(&state),
            &p.organization_id,
            &id,
            grace,
            body.secret.as_deref(),
            &p.audit(),
            Utc::now(),
        )
        .await?;
        Ok(Json(with_secret(&state, &e)?))
    }

    /// Reveal a webhook endpoint's secret
    ///
    /// The signing secret, and the previous one while it still signs.
    #[oai(
        path = "/webhook-endpoints/:id/secret",
        method = "get",
        operation_id = "webhook_endpoint_reveal_secret"
    )]
    async fn reveal_secret(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<WebhookSecretView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        let e = app::webhooks::get(&state.db, &p.organization_id, &id).await?;
        let s = app::webhooks::reveal(&state.secrets, &e, Utc::now())?;
        let (previous_secret, previous_secret_expires_at) = s.previous.unzip();
        Ok(Json(WebhookSecretView {
            secret: s.current,
            previous_secret,
            previous_secret_expires_at,
        }))
    }

    /// Ping a webhook endpoint
    ///
    /// Sends a `webhook_endpoint.ping` event (its `data.object` is the endpoint), signed like
    /// every other, ahead of anything else waiting. It is not part of the events feed.
    #[oai(
        path = "/webhook-endpoints/:id/ping",
        method = "post",
        operation_id = "webhook_endpoint_ping"
    )]
    async fn ping(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Queued> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        let d = app::webhooks::ping(&state.db, &p.organization_id, &id, Utc::now()).await?;
        Ok(Queued::Accepted(Json(WebhookDeliveryView::from(
            &DeliveryRecord {
                delivery: d,
                attempts: Vec::new(),
            },
        ))))
    }

    /// Queue failed deliveries again
    ///
    /// Every delivery to the endpoint that failed and was created at or after `since` is
    /// sent again, its retry schedule started over.
    #[oai(
        path = "/webhook-endpoints/:id/recover",
        method = "post",
        operation_id = "webhook_endpoint_recover"
    )]
    async fn recover(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        /// Re-send failed deliveries created at or after this instant.
        since: Query<DateTime<Utc>>,
    ) -> Result<Json<WebhookRecoveryView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        let n =
            app::webhooks::recover(&state.db, &p.organization_id, &id, since.0, Utc::now()).await?;
        Ok(Json(WebhookRecoveryView {
            requeued: u64::try_from(n).unwrap_or(u64::MAX),
        }))
    }

    /// List an endpoint's deliveries
    ///
    /// Newest first, each with every attempt (status, duration, the start of the response).
    #[oai(
        path = "/webhook-endpoints/:id/deliveries",
        method = "get",
        operation_id = "webhook_delivery_list"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn deliveries(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        /// Only deliveries in this state.
        status: Query<Option<DeliveryStatusName>>,
        /// Only the delivery of this event.
        event_id: Query<Option<String>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<WebhookDeliveryList>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        let filter = DeliveryFilter {
            status: status.0.map(DeliveryStatus::from),
            event_id: event_id.0,
        };
        let page = app::webhooks::deliveries(
            &state.db,
            &p.organization_id,
            &id,
            &filter,
            &page(limit.0, cursor.0)?,
        )
        .await?;
        Ok(Json(WebhookDeliveryList::from_page(page, |d| d.into())))
    }

    /// Get a delivery
    #[oai(
        path = "/webhook-endpoints/:id/deliveries/:delivery_id",
        method = "get",
        operation_id = "webhook_delivery_get"
    )]
    async fn delivery(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        delivery_id: Path<String>,
    ) -> Result<Json<WebhookDeliveryView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        let delivery_id: st::ids::WebhookDeliveryId = path_id(&delivery_id)?;
        let d = app::webhooks::delivery(&state.db, &p.organization_id, &id, &delivery_id).await?;
        Ok(Json((&d).into()))
    }

    /// Retry a delivery
    ///
    /// Send it again now, whatever it came to before; its retry schedule starts over.
    #[oai(
        path = "/webhook-endpoints/:id/deliveries/:delivery_id/retry",
        method = "post",
        operation_id = "webhook_delivery_retry"
    )]
    async fn retry(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        delivery_id: Path<String>,
    ) -> Result<Queued> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::WebhookEndpointId = path_id(&id)?;
        let delivery_id: st::ids::WebhookDeliveryId = path_id(&delivery_id)?;
        let d = app::webhooks::retry(&state.db, &p.organization_id, &id, &delivery_id, Utc::now())
            .await?;
        Ok(Queued::Accepted(Json((&d).into())))
    }
}
