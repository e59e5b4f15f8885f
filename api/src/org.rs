//! The organization, one-time links and audit events: operations of the organization's API.

use chrono::{DateTime, Utc};
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::OpenApi;
use skyslots_storage::audit::AuditFilter;
use skyslots_storage::ids::Kind;
use skyslots_storage::onetime::{OfferedSlot, OneTimeInput};

use crate::params::{self, Errors};
use crate::routes::{
    finish, idempotency, page, path_id, principal, AppState, BodyResult, OneTimeLinkCreated,
    Result, SecretKey, Tag,
};
use crate::views::*;

#[derive(Debug)]
pub struct OrganizationApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Organization")]
impl OrganizationApi {
    /// Get the organization
    #[oai(
        path = "/organization",
        method = "get",
        operation_id = "organization_get"
    )]
    async fn get(&self, state: Data<&AppState>, auth: SecretKey) -> Result<Json<OrganizationView>> {
        let p = principal(&state, &auth).await?;
        Ok(Json(
            (&state.db.get_organization(&p.organization_id).await?).into(),
        ))
    }

    /// Update the organization
    ///
    /// Rename it or change its public slug; public URLs with the old slug stop working.
    #[oai(
        path = "/organization",
        method = "patch",
        operation_id = "organization_update"
    )]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        body: Json<params::OrganizationUpdate>,
    ) -> BodyResult<Json<OrganizationView>> {
        let p = principal(&state, &auth).await?;
        let mut errors = Errors::default();
        errors.validate("", &body.0);
        finish(errors)?;
        let org = state
            .db
            .update_organization(
                &p.organization_id,
                body.name.as_deref(),
                body.slug.as_deref(),
                &p.audit(),
            )
            .await?;
        Ok(Json((&org).into()))
    }
}

#[derive(Debug)]
pub struct OneTimeLinksApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::OneTimeLinks")]
impl OneTimeLinksApi {
    /// Create a one-time link
    ///
    /// A single-use link to the booking link for one recipient, until `expires_at`, limited
    /// to `offered_slots` if given. The token and its URL are in this response only.
    #[oai(
        path = "/links/:link_id/one-time-links",
        method = "post",
        operation_id = "one_time_link_create"
    )]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        link_id: Path<String>,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<params::OneTimeLinkCreate>,
    ) -> BodyResult<OneTimeLinkCreated> {
        let p = principal(&state, &auth).await?;
        path_id(&link_id, Kind::Link, "link")?;
        let idem = idempotency(
            idempotency_key.0,
            skyslots_storage::idempotency::Operation::OneTimeLinkCreate,
            Some(&link_id),
            &body.0,
        );
        let mut errors = Errors::default();
        errors.validate("", &body.0);
        finish(errors)?;
        let input = OneTimeInput {
            recipient_email: body.recipient_email.clone(),
            recipient_name: body.recipient_name.clone(),
            expires_at: body.expires_at,
            offered_slots: body
                .offered_slots
                .iter()
                .map(|o| OfferedSlot {
                    start: o.start,
                    duration: o.duration,
                })
                .collect(),
        };
        let created = state
            .db
            .create_one_time_link(
                &p.organization_id,
                &link_id,
                &input,
                idem.as_ref(),
                &p.audit(),
            )
            .await?;
        let public_url = state.public_url.clone();
        Ok(OneTimeLinkCreated::of(created, |c| {
            OneTimeLinkCreatedView {
                link: (&c.link).into(),
                url: c
                    .token
                    .as_ref()
                    .map(|t| format!("{public_url}/v1/public/one-time/{t}")),
                token: c.token.clone(),
            }
        }))
    }

    /// List a link's one-time links
    ///
    /// Oldest first, each with its status and, once used, who booked.
    #[oai(
        path = "/links/:link_id/one-time-links",
        method = "get",
        operation_id = "one_time_link_list"
    )]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        link_id: Path<String>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<OneTimeLinkList>> {
        let p = principal(&state, &auth).await?;
        path_id(&link_id, Kind::Link, "link")?;
        let page = state
            .db
            .list_one_time_links(&p.organization_id, &link_id, &page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(OneTimeLinkList::from_page(page, |x| {
            OneTimeLinkView::from(x)
        })))
    }

    /// Revoke a one-time link
    ///
    /// The token stops working (410 `link_revoked`). A used link stays used; its booking is
    /// not affected.
    #[oai(
        path = "/links/:link_id/one-time-links/:id",
        method = "delete",
        operation_id = "one_time_link_revoke"
    )]
    async fn revoke(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        link_id: Path<String>,
        id: Path<String>,
    ) -> Result<Json<OneTimeLinkView>> {
        let p = principal(&state, &auth).await?;
        path_id(&link_id, Kind::Link, "link")?;
        path_id(&id, Kind::OneTimeLink, "one-time link")?;
        let revoked = state
            .db
            .revoke_one_time_link(&p.organization_id, &link_id, &id, &p.audit())
            .await?;
        Ok(Json((&revoked).into()))
    }
}

#[derive(Debug)]
pub struct AuditEventsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::AuditEvents")]
impl AuditEventsApi {
    /// List audit events
    ///
    /// Newest first. Filters combine with AND.
    #[oai(
        path = "/audit-events",
        method = "get",
        operation_id = "audit_event_list"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        /// e.g. `booking.cancelled`.
        action: Query<Option<String>>,
        /// API key id, token subject or attendee email.
        actor_id: Query<Option<String>>,
        /// The id of the changed resource.
        target_id: Query<Option<String>>,
        /// Events at or after this instant.
        start: Query<Option<DateTime<Utc>>>,
        /// Events before this instant.
        end: Query<Option<DateTime<Utc>>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<AuditEventList>> {
        let p = principal(&state, &auth).await?;
        let filter = AuditFilter {
            action: action.0,
            actor_id: actor_id.0,
            target_id: target_id.0,
            start: start.0,
            end: end.0,
        };
        let page = state
            .db
            .list_audit_events(&p.organization_id, &filter, &page(limit.0, cursor.0)?)
            .await?;
        Ok(Json(AuditEventList::from_page(page, |x| {
            AuditEventView::from(x)
        })))
    }
}
