//! Audit events: who changed what, when, from which request. Written by [`record`] in the
//! transaction of the change itself, so an event exists exactly when its change does.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::ids::{new_id, Kind};
use crate::model::{at, now, ts};
use crate::page::{Page, PageRequest};
use crate::schema::audit_events;

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

/// One change to record: what happened to which resource, in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<'a> {
    /// `booking.created`, `link.updated`, …
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: &'a str,
    /// Kept to 500 characters.
    pub summary: String,
}

/// Record `change` by `audit`'s actor, in the transaction of the change itself.
pub async fn record(
    tx: &mut Tx,
    org: &str,
    audit: &Audit,
    change: Change<'_>,
) -> Result<(), StorageError> {
    let summary: String = change.summary.chars().take(500).collect();
    let id = new_id(Kind::AuditEvent);
    let created_at = ts(now());
    on_backend!(tx, conn => {
        diesel::insert_into(audit_events::table)
            .values((
                audit_events::id.eq(&id),
                audit_events::organization_id.eq(org),
                audit_events::actor_type.eq(audit.actor.kind()),
                audit_events::actor_id.eq(audit.actor.id()),
                audit_events::action.eq(change.action),
                audit_events::target_type.eq(change.target_type),
                audit_events::target_id.eq(change.target_id),
                audit_events::summary.eq(&summary),
                audit_events::request_id.eq(&audit.request_id),
                audit_events::created_at.eq(created_at),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// The organization's audit events, newest first.
pub async fn list(
    tx: &mut Tx,
    org: &str,
    filter: &AuditFilter,
    page: &PageRequest,
) -> Result<Page<AuditEvent>, StorageError> {
    let after = page.after_id();
    let rows: Vec<AuditRow> = on_backend!(tx, conn => {
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
        if let Some(after) = after.clone() {
            q = q.filter(audit_events::id.lt(after));
        }
        q.load(conn).await?
    });
    Ok(page.by_id(rows, |r| &r.id).map(AuditEvent::from))
}
