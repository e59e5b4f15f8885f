//! Audit events: who changed what, when, from which request. Written by [`audit!`] in the
//! transaction of the change itself, so an event exists exactly when its change does.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::Db;
use crate::error::StorageError;
use crate::model::{at, ts, Page, PageRequest};
use crate::schema::audit_events;
use crate::with_conn;

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorRef {
    /// A secret API key, by key id.
    ApiKey(String),
    /// A scoped token, by the subject its issuer gave it.
    Token(String),
    /// An attendee acting through a public link or a manage token, by email.
    Attendee(String),
    /// An operator at the command line (`skyslots org create`).
    Cli,
}

impl ActorRef {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::ApiKey(_) => "api_key",
            Self::Token(_) => "token",
            Self::Attendee(_) => "attendee",
            Self::Cli => "cli",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Self::ApiKey(id) | Self::Token(id) | Self::Attendee(id) => id,
            Self::Cli => "cli",
        }
    }
}

/// The actor and request a change is made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    pub actor: ActorRef,
    pub request_id: Option<String>,
}

impl Audit {
    pub fn new(actor: ActorRef, request_id: Option<String>) -> Self {
        Self { actor, request_id }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct AuditRow {
    id: String,
    actor_type: String,
    actor_id: String,
    action: String,
    target_type: String,
    target_id: String,
    summary: String,
    request_id: Option<String>,
    created_at: i64,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: String,
    pub actor_type: String,
    pub actor_id: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub summary: String,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<AuditRow> for AuditEvent {
    fn from(r: AuditRow) -> Self {
        Self {
            id: r.id,
            actor_type: r.actor_type,
            actor_id: r.actor_id,
            action: r.action,
            target_type: r.target_type,
            target_id: r.target_id,
            summary: r.summary,
            request_id: r.request_id,
            created_at: at(r.created_at),
        }
    }
}

/// Filters for [`Db::list_audit_events`]; they combine with AND.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub target_id: Option<String>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
}

/// Record `$action` on `$target_type` `$target_id` with `$summary`, inside the current
/// transaction.
macro_rules! audit {
    ($conn:expr, $org:expr, $audit:expr, $action:expr, $target_type:expr, $target_id:expr, $summary:expr) => {{
        let audit: &$crate::audit::Audit = $audit;
        let summary: String = $summary;
        diesel::insert_into($crate::schema::audit_events::table)
            .values((
                $crate::schema::audit_events::id
                    .eq($crate::ids::new_id($crate::ids::Kind::AuditEvent)),
                $crate::schema::audit_events::organization_id.eq($org),
                $crate::schema::audit_events::actor_type.eq(audit.actor.kind()),
                $crate::schema::audit_events::actor_id.eq(audit.actor.id()),
                $crate::schema::audit_events::action.eq($action),
                $crate::schema::audit_events::target_type.eq($target_type),
                $crate::schema::audit_events::target_id.eq($target_id),
                $crate::schema::audit_events::summary
                    .eq(summary.chars().take(500).collect::<String>()),
                $crate::schema::audit_events::request_id.eq(&audit.request_id),
                $crate::schema::audit_events::created_at
                    .eq($crate::model::ts($crate::model::now())),
            ))
            .execute($conn)
            .await?;
    }};
}
pub(crate) use audit;

impl Db {
    /// Audit events, newest first.
    pub async fn list_audit_events(
        &self,
        org: &str,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> Result<Page<AuditEvent>, StorageError> {
        let rows: Vec<AuditRow> = with_conn!(self, conn => {
            let mut q = audit_events::table
                .filter(audit_events::organization_id.eq(org))
                .select(AuditRow::as_select())
                .order(audit_events::id.desc())
                .limit(page.fetch())
                .into_boxed();
            if let Some(action) = &filter.action {
                q = q.filter(audit_events::action.eq(action.clone()));
            }
            if let Some(actor) = &filter.actor_id {
                q = q.filter(audit_events::actor_id.eq(actor.clone()));
            }
            if let Some(target) = &filter.target_id {
                q = q.filter(audit_events::target_id.eq(target.clone()));
            }
            if let Some(start) = filter.start {
                q = q.filter(audit_events::created_at.ge(ts(start)));
            }
            if let Some(end) = filter.end {
                q = q.filter(audit_events::created_at.lt(ts(end)));
            }
            if let Some(after) = &page.after {
                q = q.filter(audit_events::id.lt(after.clone()));
            }
            q.load(conn).await?
        });
        Ok(
            page.page(rows.into_iter().map(AuditEvent::from).collect(), |e| {
                e.id.clone()
            }),
        )
    }
}
