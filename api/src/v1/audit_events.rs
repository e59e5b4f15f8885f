//! Audit events: who changed what.

use crate::v1::prelude::*;

#[derive(Debug, Clone, Object)]
#[oai(rename = "Actor")]
pub struct ActorView {
    /// `api_key`, `token`, `attendee` or `cli`.
    #[oai(rename = "type")]
    pub kind: String,
    /// API key id, token subject, or attendee email.
    pub id: String,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Target")]
pub struct TargetView {
    /// `link`, `one_time_link`, `api_key`, `booking` or `organization`.
    #[oai(rename = "type")]
    pub kind: String,
    pub id: String,
}

/// A recorded change.
#[derive(Debug, Clone, Object)]
#[oai(rename = "AuditEvent")]
pub struct AuditEventView {
    pub id: String,
    pub actor: ActorView,
    /// `<resource>.<change>`, e.g. `link.updated`, `booking.cancelled`.
    pub action: String,
    pub target: TargetView,
    pub summary: String,
    #[oai(skip_serializing_if_is_none)]
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&st::audit::AuditEvent> for AuditEventView {
    fn from(e: &st::audit::AuditEvent) -> Self {
        Self {
            id: e.id.clone(),
            actor: ActorView {
                kind: e.actor_type.clone(),
                id: e.actor_id.clone(),
            },
            action: e.action.clone(),
            target: TargetView {
                kind: e.target_type.clone(),
                id: e.target_id.clone(),
            },
            summary: e.summary.clone(),
            request_id: e.request_id.clone(),
            created_at: e.created_at,
        }
    }
}

list_view!(AuditEventList, AuditEventView);

#[derive(Debug, Default)]
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
        let filter = st::audit::AuditFilter {
            action: action.0,
            actor_id: actor_id.0,
            target_id: target_id.0,
            start: start.0,
            end: end.0,
        };
        let page = app::reads::audit_events(
            &state.db,
            &p.organization_id,
            &filter,
            &page(limit.0, cursor.0)?,
        )
        .await?;
        Ok(Json(AuditEventList::from_page(page, |x| {
            AuditEventView::from(x)
        })))
    }
}
