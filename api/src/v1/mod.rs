//! The v1 API: one module per resource, each with its `#[OpenApi]` group, its request types
//! and its response types. A handler reads as authenticate → parse → call the use case
//! (`skyslots_app`) → map. Registering a resource is one line in [`Apis`] and its [`Tag`].

pub mod analytics;
pub mod api_keys;
pub mod audit_events;
pub mod availability;
pub mod bookings;
pub mod busy_blocks;
pub mod calendar_connections;
pub mod calendar_feeds;
pub mod emails;
pub mod events;
pub mod hosts;
pub mod link_settings;
pub mod links;
pub mod one_time_links;
pub mod organization;
pub mod payment_account;
pub mod payments;
pub mod public;
pub mod schedules;
pub mod tokens;
pub mod webhook_endpoints;

use poem_openapi::Tags;

/// Every operation group of the v1 API, in the order the documentation lists them (groups
/// of at most twelve, the largest tuple with `Default`). Registering a resource is its line
/// here and its [`Tag`].
pub type Apis = (
    (
        api_keys::ApiKeysApi,
        schedules::SchedulesApi,
        hosts::HostsApi,
        busy_blocks::BusyBlocksApi,
        links::LinksApi,
        availability::AvailabilityApi,
        bookings::BookingsApi,
        payment_account::PaymentAccountApi,
    ),
    (
        organization::OrganizationApi,
        one_time_links::OneTimeLinksApi,
        audit_events::AuditEventsApi,
        tokens::TokensApi,
        analytics::AnalyticsApi,
        events::EventsApi,
        webhook_endpoints::WebhookEndpointsApi,
        calendar_feeds::CalendarFeedsApi,
        calendar_connections::CalendarConnectionsApi,
        emails::EmailsApi,
        payments::PaymentsApi,
        public::PublicApi,
    ),
);

pub fn apis() -> Apis {
    Apis::default()
}

/// The documentation's sections: one tag per operation.
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
    /// The organization's change feed: the same events webhooks deliver.
    Events,
    /// Signed HTTP callbacks of events (Standard Webhooks 1.0), with their delivery log. Each
    /// webhook is a POST whose body is an `Event` (the schema of `GET /v1/events/{id}`), with
    /// the headers `webhook-id` (the event id), `webhook-timestamp` and `webhook-signature`.
    Webhooks,
    /// Subscribable calendars (`.ics` URLs) of a host's or a link's bookings, in full or as
    /// busy times only.
    #[oai(rename = "Calendar feeds")]
    CalendarFeeds,
    /// A host's external calendars (CalDAV, or a read-only ICS URL): their events keep the
    /// host busy, and bookings can be written into them.
    #[oai(rename = "Calendar connections")]
    CalendarConnections,
    /// Messages to attendees, hosts and one-time link recipients (confirmations, reminders,
    /// changes, with calendar invitations), and the templates they are made from.
    Emails,
    /// What bookings on links that collect online paid (Stripe), their refunds, and the
    /// webhook Stripe calls to confirm payments.
    Payments,
    /// For the public: booking pages, guest bookings and attendee self-service. No API key.
    Public,
}

/// What every resource module uses: poem-openapi's parameter and payload types, the shared
/// plumbing, and the use cases.
pub(crate) mod prelude {
    pub(crate) use std::collections::BTreeMap;

    pub(crate) use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
    pub(crate) use poem::web::Data;
    pub(crate) use poem_openapi::param::{Header, Path, Query};
    pub(crate) use poem_openapi::payload::Json;
    pub(crate) use poem_openapi::types::MaybeUndefined;
    pub(crate) use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
    pub(crate) use skyslots_app as app;
    pub(crate) use skyslots_core::policy::{ChangePolicy, RefundTier};
    pub(crate) use skyslots_core::questions::{Answer, Question, QuestionKind};
    pub(crate) use skyslots_core::{
        Assignment, DateOverride, ErrorCode, InvalidReason, TimeRange, WeeklyRule,
    };
    pub(crate) use skyslots_storage as st;
    pub(crate) use skyslots_storage::audit::ActorRef;
    pub(crate) use skyslots_storage::idempotency::Created;
    pub(crate) use skyslots_storage::idempotency::Operation;
    pub(crate) use skyslots_storage::ids::Kind;
    pub(crate) use validator::Validate;

    pub(crate) use super::Tag;
    pub(crate) use crate::auth::{authorize, principal, Caller, KeyOrToken, SecretKey};
    pub(crate) use crate::problem::{ApiError, Problem};
    pub(crate) use crate::request::{
        change, finish, idempotency, metadata_ok, page, path_id, request_id, slug, BodyResult,
        Errors, Result,
    };
    pub(crate) use crate::responses::{
        created_response, list_view, rfc3339, rfc3339_opt, CalendarFile, Deleted, SerdeJson,
    };
    pub(crate) use crate::state::AppState;
    pub(crate) use crate::tokens::Scope;
}
