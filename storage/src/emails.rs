//! Emails: each message the server sends or means to send, with its outcome, and the
//! organization's own templates.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, ts, EmailKind};
use crate::page::{Page, PageRequest};
use crate::schema::{email_templates, emails};

/// Where an email stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailStatus {
    /// Waiting for its time, or for a retry.
    Pending,
    Sent,
    /// Refused by the mail server, or still failing after every retry.
    Failed,
    /// No longer applies (the booking was cancelled or moved, the link turned it off).
    Skipped,
}

impl EmailStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Sent, Self::Failed, Self::Skipped]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Who an email is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientRole {
    Attendee,
    Host,
    /// A one-time link's recipient.
    Recipient,
}

impl RecipientRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Attendee => "attendee",
            Self::Host => "host",
            Self::Recipient => "recipient",
        }
    }

    fn parse(s: &str) -> Result<Self, StorageError> {
        match s {
            "attendee" => Ok(Self::Attendee),
            "host" => Ok(Self::Host),
            "recipient" => Ok(Self::Recipient),
            other => Err(StorageError::Corrupt(format!(
                "email recipient role {other:?}"
            ))),
        }
    }
}

/// An email as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub id: String,
    pub kind: EmailKind,
    pub recipient_email: String,
    pub recipient_name: Option<String>,
    pub recipient_role: RecipientRole,
    pub host_id: Option<String>,
    pub booking_id: Option<String>,
    pub one_time_link_id: Option<String>,
    pub link_id: Option<String>,
    pub event_id: Option<String>,
    /// For reminders and follow-ups: the booking's start they were made for.
    pub booking_start: Option<DateTime<Utc>>,
    pub status: EmailStatus,
    pub send_at: DateTime<Utc>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = emails)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct Row {
    id: String,
    kind: String,
    recipient_email: String,
    recipient_name: Option<String>,
    recipient_role: String,
    host_id: Option<String>,
    booking_id: Option<String>,
    one_time_link_id: Option<String>,
    link_id: Option<String>,
    event_id: Option<String>,
    booking_start: Option<i64>,
    status: String,
    send_at: i64,
    attempts: i32,
    last_error: Option<String>,
    subject: Option<String>,
    message_id: Option<String>,
    sent_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl Row {
    fn into_record(self) -> Result<Email, StorageError> {
        Ok(Email {
            kind: EmailKind::parse(&self.kind)
                .ok_or_else(|| StorageError::Corrupt(format!("email kind {:?}", self.kind)))?,
            status: EmailStatus::parse(&self.status)
                .ok_or_else(|| StorageError::Corrupt(format!("email status {:?}", self.status)))?,
            recipient_role: RecipientRole::parse(&self.recipient_role)?,
            id: self.id,
            recipient_email: self.recipient_email,
            recipient_name: self.recipient_name,
            host_id: self.host_id,
            booking_id: self.booking_id,
            one_time_link_id: self.one_time_link_id,
            link_id: self.link_id,
            event_id: self.event_id,
            booking_start: self.booking_start.map(at),
            send_at: at(self.send_at),
            attempts: self.attempts,
            last_error: self.last_error,
            subject: self.subject,
            message_id: self.message_id,
            sent_at: self.sent_at.map(at),
            created_at: at(self.created_at),
            updated_at: at(self.updated_at),
        })
    }
}

/// Insert `e` for `org`.
pub async fn insert(tx: &mut Tx, org: &str, e: &Email) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::insert_into(emails::table)
            .values((
                emails::id.eq(&e.id),
                emails::organization_id.eq(org),
                emails::kind.eq(e.kind.as_str()),
                emails::recipient_email.eq(&e.recipient_email),
                emails::recipient_name.eq(&e.recipient_name),
                emails::recipient_role.eq(e.recipient_role.as_str()),
                emails::host_id.eq(&e.host_id),
                emails::booking_id.eq(&e.booking_id),
                emails::one_time_link_id.eq(&e.one_time_link_id),
                emails::link_id.eq(&e.link_id),
                emails::event_id.eq(&e.event_id),
                emails::booking_start.eq(e.booking_start.map(ts)),
                emails::status.eq(e.status.as_str()),
                emails::send_at.eq(ts(e.send_at)),
                emails::attempts.eq(e.attempts),
                emails::last_error.eq(&e.last_error),
                emails::subject.eq(&e.subject),
                emails::message_id.eq(&e.message_id),
                emails::sent_at.eq(e.sent_at.map(ts)),
                emails::created_at.eq(ts(e.created_at)),
                emails::updated_at.eq(ts(e.updated_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<Email, StorageError> {
    let row: Option<Row> = on_backend!(tx, conn => {
        emails::table
            .filter(emails::organization_id.eq(org))
            .filter(emails::id.eq(id))
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.ok_or(StorageError::NotFound("email"))?.into_record()
}

/// What an email came to, as recorded after an attempt (or a decision not to send).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome<'a> {
    pub status: EmailStatus,
    pub attempts: i32,
    pub last_error: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub message_id: Option<&'a str>,
    pub sent_at: Option<DateTime<Utc>>,
    /// When a pending email is tried next.
    pub send_at: DateTime<Utc>,
}

/// Record `outcome` on email `id`.
pub async fn record(
    tx: &mut Tx,
    org: &str,
    id: &str,
    outcome: &Outcome<'_>,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(
            emails::table
                .filter(emails::organization_id.eq(org))
                .filter(emails::id.eq(id)),
        )
        .set((
            emails::status.eq(outcome.status.as_str()),
            emails::attempts.eq(outcome.attempts),
            emails::last_error.eq(outcome.last_error),
            emails::subject.eq(outcome.subject),
            emails::message_id.eq(outcome.message_id),
            emails::sent_at.eq(outcome.sent_at.map(ts)),
            emails::send_at.eq(ts(outcome.send_at)),
            emails::updated_at.eq(ts(now)),
        ))
        .execute(conn)
        .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("email"));
    }
    Ok(())
}

/// Which emails a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailFilter {
    pub booking_id: Option<String>,
    pub kind: Option<EmailKind>,
    pub status: Option<EmailStatus>,
    pub recipient_email: Option<String>,
}

/// The organization's emails, by id (oldest first).
pub async fn list(
    tx: &mut Tx,
    org: &str,
    filter: &EmailFilter,
    page: &PageRequest,
) -> Result<Page<Email>, StorageError> {
    let after = page.after_id();
    let rows: Vec<Row> = on_backend!(tx, conn => {
        let mut q = emails::table
            .filter(emails::organization_id.eq(org))
            .select(Row::as_select())
            .order(emails::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(a) = after.clone() {
            q = q.filter(emails::id.gt(a));
        }
        if let Some(b) = filter.booking_id.clone() {
            q = q.filter(emails::booking_id.eq(b));
        }
        if let Some(k) = filter.kind {
            q = q.filter(emails::kind.eq(k.as_str()));
        }
        if let Some(s) = filter.status {
            q = q.filter(emails::status.eq(s.as_str()));
        }
        if let Some(r) = filter.recipient_email.clone() {
            q = q.filter(emails::recipient_email.eq(r));
        }
        q.load(conn).await?
    });
    let page = page.by_id(rows, |r| &r.id);
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(Row::into_record)
            .collect::<Result<_, _>>()?,
        next_cursor: page.next_cursor,
    })
}

/// Forget settled emails (sent, failed, skipped) last changed before `before`; returns how
/// many. Pending ones stay, however old: they are still to be sent or skipped.
pub async fn purge(tx: &mut Tx, before: DateTime<Utc>) -> Result<usize, StorageError> {
    let cut = ts(before);
    Ok(on_backend!(tx, conn => {
        diesel::delete(
            emails::table
                .filter(emails::status.ne(EmailStatus::Pending.as_str()))
                .filter(emails::updated_at.lt(cut)),
        )
        .execute(conn)
        .await?
    }))
}

// ---- templates ---------------------------------------------------------------------------

/// An organization's template for one kind of message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub kind: EmailKind,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = email_templates)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct TemplateRow {
    kind: String,
    subject: String,
    text_body: String,
    html_body: String,
    updated_at: i64,
}

impl TemplateRow {
    fn into_record(self) -> Result<Template, StorageError> {
        Ok(Template {
            kind: EmailKind::parse(&self.kind)
                .ok_or_else(|| StorageError::Corrupt(format!("template kind {:?}", self.kind)))?,
            subject: self.subject,
            text: self.text_body,
            html: self.html_body,
            updated_at: at(self.updated_at),
        })
    }
}

/// The organization's own templates.
pub async fn templates(tx: &mut Tx, org: &str) -> Result<Vec<Template>, StorageError> {
    let rows: Vec<TemplateRow> = on_backend!(tx, conn => {
        email_templates::table
            .filter(email_templates::organization_id.eq(org))
            .select(TemplateRow::as_select())
            .order(email_templates::kind.asc())
            .load(conn)
            .await?
    });
    rows.into_iter().map(TemplateRow::into_record).collect()
}

pub async fn template(
    tx: &mut Tx,
    org: &str,
    kind: EmailKind,
) -> Result<Option<Template>, StorageError> {
    let row: Option<TemplateRow> = on_backend!(tx, conn => {
        email_templates::table
            .filter(email_templates::organization_id.eq(org))
            .filter(email_templates::kind.eq(kind.as_str()))
            .select(TemplateRow::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.map(TemplateRow::into_record).transpose()
}

/// Write the organization's template for `t.kind` (replacing any).
pub async fn put_template(tx: &mut Tx, org: &str, t: &Template) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::delete(
            email_templates::table
                .filter(email_templates::organization_id.eq(org))
                .filter(email_templates::kind.eq(t.kind.as_str())),
        )
        .execute(conn)
        .await?;
        diesel::insert_into(email_templates::table)
            .values((
                email_templates::organization_id.eq(org),
                email_templates::kind.eq(t.kind.as_str()),
                email_templates::subject.eq(&t.subject),
                email_templates::text_body.eq(&t.text),
                email_templates::html_body.eq(&t.html),
                email_templates::updated_at.eq(ts(t.updated_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Remove the organization's template for `kind`; whether there was one.
pub async fn delete_template(
    tx: &mut Tx,
    org: &str,
    kind: EmailKind,
) -> Result<bool, StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::delete(
            email_templates::table
                .filter(email_templates::organization_id.eq(org))
                .filter(email_templates::kind.eq(kind.as_str())),
        )
        .execute(conn)
        .await?
    });
    Ok(n > 0)
}
