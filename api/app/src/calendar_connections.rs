//! Calendar connections: a host's external calendars, read for busy time and optionally
//! written with the host's bookings.
//!
//! A connection is a CalDAV URL (a calendar, a calendar home or a principal: the calendars
//! under it are found) or a read-only `.ics` URL, with optional credentials sealed by the
//! secrets key (the row id as associated data). **Reading**: a refresh asks the server for the
//! events of each calendar that counts as busy over [`WINDOW_DAYS`] and lets core compute the
//! busy time (`skyslots_core::busy_ics`); the result replaces the connection's cached busy
//! intervals, which availability and booking checks read like busy blocks. A refresh runs as
//! a job every [`REFRESH`] (one job per connection, `job_<connection id>`) and on demand; it
//! does its I/O outside any transaction and records the outcome under the connection's lock.
//! A failed refresh records its error on the connection and keeps the last good busy time,
//! so availability keeps working (and reports how old that time is).
//!
//! **Writing**: when the sequencer numbers a booking event, each connection of the booking's
//! hosts that has a `write_calendar` gets a write job for the booking (one per booking and
//! connection). The job reads the booking as it is then and makes the calendar agree: the
//! event put (created, or updated with a higher SEQUENCE), or deleted once the booking no
//! longer holds time there; the event's href is kept on the booking. SkySlots' own events
//! are recognised by their UID when busy time is read back, so a booking never blocks itself.
//!
//! The protocol is not this crate's business: the job talks to a [`CalendarClient`], which
//! the service implements over its outbound HTTP client (SSRF-guarded, `api/src/outbound.rs`).

use chrono::{DateTime, Duration, Utc};
use skyslots_core::busy_ics::{self, BusyRead};
use skyslots_core::{ErrorCode, FieldError, Invalid, InvalidReason};
use skyslots_storage::audit::Audit;
use skyslots_storage::calendar_connections::{
    self as rows, CalendarConnection, ConnectionFilter, RemoteCalendar,
};
use skyslots_storage::events::StoredEvent;
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{new_id, CalendarConnectionId, HostId, Kind};
use skyslots_storage::jobs::{self as job_rows, StoredJob};
use skyslots_storage::{
    bookings as booking_rows, hosts, links as link_rows, Booking, CalendarEventRef, Db, Page,
    PageRequest, StorageError, Tx,
};

use crate::calendar::{booking_event, HostCache};
use crate::events::{self, Object};
use crate::jobs::{self, Job, Worker};
use crate::links::now as clock_now;
use crate::secrets::SecretsKey;
use crate::webhooks::{check_target, Settings};
use crate::{idempotent, Error, Result};

/// How often a connection is read again.
pub const REFRESH: Duration = Duration::minutes(15);
/// How soon a failed refresh is tried again.
pub const RETRY: Duration = Duration::minutes(5);
/// How far ahead busy time is read (a day back, for events running now).
pub const WINDOW_DAYS: i64 = 366;
/// Most connections one host may have.
pub const MAX_PER_HOST: i64 = 10;
/// Most calendars a CalDAV connection reads.
pub const MAX_CALENDARS: usize = 50;
/// Attempts at writing one booking into a calendar before giving up (the connection says so).
pub const MAX_WRITE_ATTEMPTS: i32 = 10;

const OP: Operation = Operation::CalendarConnectionCreate;

// ---- the port ----------------------------------------------------------------------------

/// Where and as whom to reach a calendar.
#[derive(Debug, Clone, Copy)]
pub struct Account<'a> {
    pub url: &'a str,
    pub username: Option<&'a str>,
    pub password: Option<&'a str>,
}

/// Why talking to a calendar server failed, as the connection reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// 401 or 403: the credentials are wrong or lack access.
    Auth,
    /// 404 or 410, or no calendar at the URL.
    NotFound,
    /// No connection, a timeout, a 5xx, or a refusal by the SSRF guard.
    Unreachable,
    /// An answer that is not what the protocol says (not XML, not iCalendar, too large).
    BadResponse,
}

impl FailureKind {
    /// The stable code on the connection (`error.code`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Auth => "calendar_auth_failed",
            Self::NotFound => "calendar_not_found",
            Self::Unreachable => "calendar_unreachable",
            Self::BadResponse => "calendar_bad_response",
        }
    }
}

/// A failed calendar request: its kind and what happened (no credentials in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
}

impl Failure {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

/// A calendar server, as the jobs and refreshes need it. Implemented by the service over
/// its outbound HTTP client.
pub trait CalendarClient: Send + Sync {
    /// The calendars at a CalDAV URL (the URL itself when it is one), hrefs absolute.
    fn discover(
        &self,
        account: &Account<'_>,
    ) -> impl std::future::Future<Output = std::result::Result<Vec<RemoteCalendar>, Failure>> + Send;
    /// The iCalendar texts of a CalDAV calendar's events overlapping `[from, to)`.
    fn objects(
        &self,
        account: &Account<'_>,
        calendar: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl std::future::Future<Output = std::result::Result<Vec<String>, Failure>> + Send;
    /// A plain `.ics` file.
    fn fetch(
        &self,
        account: &Account<'_>,
    ) -> impl std::future::Future<Output = std::result::Result<String, Failure>> + Send;
    /// Create or replace the calendar object at `href`; its new ETag if the server says.
    fn put(
        &self,
        account: &Account<'_>,
        href: &str,
        body: String,
    ) -> impl std::future::Future<Output = std::result::Result<Option<String>, Failure>> + Send;
    /// Delete the calendar object at `href` (one already gone is no failure).
    fn delete(
        &self,
        account: &Account<'_>,
        href: &str,
    ) -> impl std::future::Future<Output = std::result::Result<(), Failure>> + Send;
}

// ---- input -------------------------------------------------------------------------------

/// The two kinds of connection.
pub const KINDS: [&str; 2] = ["caldav", "ics"];

/// A new connection.
#[derive(Debug, Clone, Default)]
pub struct ConnectionInput {
    pub host_id: String,
    pub kind: String,
    pub name: Option<String>,
    pub url: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub busy_calendars: Option<Vec<String>>,
    pub write_calendar: Option<String>,
}

/// A change to a connection; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ConnectionChange {
    pub name: Option<Option<String>>,
    pub url: Option<String>,
    pub username: Option<Option<String>>,
    pub password: Option<Option<String>>,
    pub busy_calendars: Option<Option<Vec<String>>>,
    pub write_calendar: Option<Option<String>>,
}

fn check(c: &CalendarConnection, password: Option<&str>, allow_private: bool) -> Result<()> {
    let mut errors: Vec<FieldError> = match check_target(
        &c.url,
        allow_private,
        "must not carry credentials; give username and password instead",
    ) {
        Err(Error::Invalid(inv)) => inv.errors,
        _ => Vec::new(),
    };
    let mut push = |field: &str, reason| errors.push(FieldError::new(field, reason));
    let long = |s: &str, max: usize| s.chars().count() > max;
    if c.name.as_deref().is_some_and(|n| long(n, 200)) {
        push("name", InvalidReason::OutOfRange { min: 0, max: 200 });
    }
    if c.username
        .as_deref()
        .is_some_and(|u| u.is_empty() || long(u, 256))
    {
        push("username", InvalidReason::OutOfRange { min: 1, max: 256 });
    }
    if password.is_some_and(|p| p.is_empty() || long(p, 1_024)) {
        push("password", InvalidReason::OutOfRange { min: 1, max: 1_024 });
    }
    if c.password_sealed.is_some() && c.username.is_none() {
        push(
            "username",
            InvalidReason::Inconsistent("a password needs a username"),
        );
    }
    if let Some(list) = &c.busy_calendars {
        if list.len() > MAX_CALENDARS {
            push("busy_calendars", InvalidReason::TooMany(MAX_CALENDARS));
        }
        for (i, href) in list.iter().enumerate() {
            if href.is_empty() || long(href, 2_048) {
                push(
                    &format!("busy_calendars[{i}]"),
                    InvalidReason::OutOfRange { min: 1, max: 2_048 },
                );
            } else if list[..i].contains(href) {
                push(&format!("busy_calendars[{i}]"), InvalidReason::Duplicate);
            }
        }
    }
    if c.write_calendar
        .as_deref()
        .is_some_and(|w| w.is_empty() || long(w, 2_048))
    {
        push(
            "write_calendar",
            InvalidReason::OutOfRange { min: 1, max: 2_048 },
        );
    }
    if c.kind == "ics" {
        if c.busy_calendars.is_some() {
            push(
                "busy_calendars",
                InvalidReason::Inconsistent("an ICS connection is one calendar; leave it out"),
            );
        }
        if c.write_calendar.is_some() {
            push(
                "write_calendar",
                InvalidReason::Inconsistent("an ICS connection is read-only"),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(Invalid { errors }))
    }
}

// ---- use cases ---------------------------------------------------------------------------

/// The id of a connection's refresh job: one per connection.
fn sync_job_id(connection_id: &str) -> String {
    format!("job_{connection_id}")
}

/// In the caller's transaction: make the connection's refresh job due at `at` at the latest.
async fn ensure_sync(tx: &mut Tx, org: &str, connection_id: &str, at: DateTime<Utc>) -> Result<()> {
    let job = Job::CalendarSync {
        connection_id: connection_id.to_owned(),
    };
    jobs::ensure_with_id(tx, org, &sync_job_id(connection_id), &job, at).await
}

pub async fn create(
    db: &Db,
    settings: Settings<'_>,
    org: &str,
    input: &ConnectionInput,
    audit: &Audit,
    idem: Option<&Idempotency>,
) -> Result<Created<CalendarConnection>> {
    if !KINDS.contains(&input.kind.as_str()) {
        return Err(Error::field(
            "kind",
            InvalidReason::NotOffered(KINDS.join(", ")),
        ));
    }
    let id = new_id(Kind::CalendarConnection);
    let created = clock_now();
    let connection = CalendarConnection {
        password_sealed: input
            .password
            .as_deref()
            .map(|p| settings.secrets.seal(p, &id))
            .transpose()?,
        id,
        host_id: input.host_id.clone(),
        kind: input.kind.clone(),
        name: input.name.clone(),
        url: input.url.clone(),
        username: input.username.clone(),
        calendars: Vec::new(),
        busy_calendars: input.busy_calendars.clone(),
        write_calendar: input.write_calendar.clone(),
        status: "pending".into(),
        error_code: None,
        last_error: None,
        synced_at: None,
        checked_at: None,
        busy_count: 0,
        created_at: created,
        updated_at: created,
    };
    check(
        &connection,
        input.password.as_deref(),
        settings.allow_private_urls,
    )?;
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        hosts::lock(&mut tx, org, &connection.host_id).await?;
        if rows::count_of_host(&mut tx, org, &connection.host_id).await? >= MAX_PER_HOST {
            return Err(Error::conflict(
                ErrorCode::LimitReached,
                format!("a host may have at most {MAX_PER_HOST} calendar connections"),
            ));
        }
        rows::insert(&mut tx, org, &connection).await?;
        ensure_sync(&mut tx, org, &connection.id, created).await?;
        crate::record(
            &mut tx,
            org,
            audit,
            "calendar_connection.created",
            ("calendar_connection", &connection.id),
            format!(
                "connected a {} calendar for host {}",
                connection.kind, connection.host_id
            ),
        )
        .await?;
        idempotent::record(&mut tx, org, idem, OP, &connection).await?;
        Ok(Created::new(connection))
    }
    .await;
    idempotent::commit(db, org, idem, OP, tx, result).await
}

pub async fn get(db: &Db, org: &str, id: &CalendarConnectionId) -> Result<CalendarConnection> {
    Ok(rows::get(&mut db.read().await?, org, id.as_str()).await?)
}

pub async fn list(
    db: &Db,
    org: &str,
    host_id: Option<&HostId>,
    page: &PageRequest,
) -> Result<Page<CalendarConnection>> {
    let filter = ConnectionFilter {
        host_id: host_id.map(|h| h.as_str().to_owned()),
    };
    Ok(rows::list(&mut db.read().await?, org, &filter, page).await?)
}

pub async fn update(
    db: &Db,
    settings: Settings<'_>,
    org: &str,
    id: &CalendarConnectionId,
    change: ConnectionChange,
    audit: &Audit,
) -> Result<CalendarConnection> {
    let now = clock_now();
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        // Lock order: the refresh job, then the connection (as the job's run takes them).
        ensure_sync(&mut tx, org, id.as_str(), now).await?;
        rows::lock(&mut tx, org, id.as_str()).await?;
        let mut c = rows::get(&mut tx, org, id.as_str()).await?;
        if let Some(n) = change.name {
            c.name = n;
        }
        if let Some(u) = change.url {
            c.url = u;
        }
        if let Some(u) = change.username {
            c.username = u;
        }
        if let Some(p) = &change.password {
            c.password_sealed = p
                .as_deref()
                .map(|p| settings.secrets.seal(p, &c.id))
                .transpose()?;
        }
        if let Some(b) = change.busy_calendars {
            c.busy_calendars = b;
        }
        if let Some(w) = change.write_calendar {
            c.write_calendar = w;
        }
        let password = change.password.clone().flatten();
        check(&c, password.as_deref(), settings.allow_private_urls)?;
        c.updated_at = now;
        rows::update(&mut tx, org, &c).await?;
        crate::record(
            &mut tx,
            org,
            audit,
            "calendar_connection.updated",
            ("calendar_connection", &c.id),
            "updated a calendar connection".into(),
        )
        .await?;
        Ok(c)
    }
    .await;
    tx.finish(result).await
}

/// Remove the connection and its busy time. Events already written into the calendar stay
/// there (SkySlots can no longer reach it as this connection).
pub async fn delete(db: &Db, org: &str, id: &CalendarConnectionId, audit: &Audit) -> Result<()> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id.as_str()).await?;
        rows::delete(&mut tx, org, id.as_str()).await?;
        crate::record(
            &mut tx,
            org,
            audit,
            "calendar_connection.deleted",
            ("calendar_connection", id.as_str()),
            "deleted a calendar connection".into(),
        )
        .await?;
        Ok(())
    }
    .await;
    tx.finish(result).await
}

/// Read the connection's calendars now and record what came of it; the connection as it is
/// afterwards (with the error, if the refresh failed).
pub async fn refresh<C: CalendarClient>(
    db: &Db,
    client: &C,
    secrets: &SecretsKey,
    org: &str,
    id: &CalendarConnectionId,
    now: DateTime<Utc>,
) -> Result<CalendarConnection> {
    let (connection, zone) = load(db, org, id.as_str()).await?;
    let read = read_busy(client, secrets, &connection, zone, now).await;
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id.as_str()).await?;
        record(&mut tx, org, &connection, read, now).await?;
        Ok(rows::get(&mut tx, org, id.as_str()).await?)
    }
    .await;
    tx.finish(result).await
}

// ---- reading busy time -------------------------------------------------------------------

/// Freshness of one connection's busy time, as availability reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freshness {
    pub connection_id: String,
    pub host_id: String,
    pub status: String,
    pub error_code: Option<String>,
    /// When the busy time in use was read (never: none yet).
    pub synced_at: Option<DateTime<Utc>>,
}

/// The freshness of the busy time of these hosts' connections.
pub(crate) async fn freshness(
    tx: &mut Tx,
    org: &str,
    host_ids: &[String],
) -> Result<Vec<Freshness>> {
    Ok(rows::of_hosts(tx, org, host_ids)
        .await?
        .into_iter()
        .map(|c| Freshness {
            connection_id: c.id,
            host_id: c.host_id,
            status: c.status,
            error_code: c.error_code,
            synced_at: c.synced_at,
        })
        .collect())
}

/// The connection and its host's time zone (for all-day and floating events).
async fn load(db: &Db, org: &str, id: &str) -> Result<(CalendarConnection, skyslots_core::Tz)> {
    let mut read = db.read().await?;
    let connection = rows::get(&mut read, org, id).await?;
    let zone = match hosts::get(&mut read, org, &connection.host_id).await {
        Ok(h) => skyslots_core::parse_timezone(&h.timezone).unwrap_or(skyslots_core::Tz::UTC),
        Err(StorageError::NotFound(_)) => skyslots_core::Tz::UTC,
        Err(e) => return Err(e.into()),
    };
    Ok((connection, zone))
}

fn password(secrets: &SecretsKey, c: &CalendarConnection) -> Result<Option<String>> {
    Ok(c.password_sealed
        .as_deref()
        .map(|s| secrets.open(s, &c.id))
        .transpose()?)
}

/// SkySlots' own bookings, written back into a calendar: never busy time of their own.
fn own_event(uid: &str) -> bool {
    uid.starts_with("bkg_") && uid.ends_with("@skyslots")
}

/// What a refresh read: the calendars found and the busy time of those that count.
type Read = std::result::Result<(Vec<RemoteCalendar>, BusyRead), Failure>;

async fn read_busy<C: CalendarClient>(
    client: &C,
    secrets: &SecretsKey,
    c: &CalendarConnection,
    zone: skyslots_core::Tz,
    now: DateTime<Utc>,
) -> Read {
    let password = match password(secrets, c) {
        Ok(p) => p,
        Err(e) => {
            return Err(Failure::new(
                FailureKind::Auth,
                format!("the stored password cannot be opened: {e}"),
            ))
        }
    };
    let account = Account {
        url: &c.url,
        username: c.username.as_deref(),
        password: password.as_deref(),
    };
    let (from, to) = (now - Duration::days(1), now + Duration::days(WINDOW_DAYS));
    if c.kind == "ics" {
        let text = client.fetch(&account).await?;
        let read = busy_ics::busy_from_ics(&text, zone, from, to, &own_event).ok_or_else(|| {
            Failure::new(
                FailureKind::BadResponse,
                "the URL does not serve an iCalendar file",
            )
        })?;
        let calendar = RemoteCalendar {
            href: c.url.clone(),
            name: None,
        };
        return Ok((vec![calendar], read));
    }
    let mut calendars = client.discover(&account).await?;
    calendars.truncate(MAX_CALENDARS);
    if calendars.is_empty() {
        return Err(Failure::new(
            FailureKind::NotFound,
            "no calendar was found at the URL",
        ));
    }
    let mut texts = Vec::new();
    for cal in calendars.iter().filter(|cal| counts(c, &cal.href)) {
        texts.extend(client.objects(&account, &cal.href, from, to).await?);
    }
    let read =
        busy_ics::busy_from_objects(texts.iter().map(String::as_str), zone, from, to, &own_event);
    Ok((calendars, read))
}

/// Whether the calendar at `href` counts as busy for the connection.
pub fn counts(c: &CalendarConnection, href: &str) -> bool {
    c.busy_calendars
        .as_ref()
        .is_none_or(|list| list.iter().any(|h| h == href))
}

/// Under the connection's lock: record a refresh's outcome — unless the connection was
/// changed since it was read (its URL, credentials or calendars: that change made a refresh
/// due, which will record).
async fn record(
    tx: &mut Tx,
    org: &str,
    read_as: &CalendarConnection,
    read: Read,
    now: DateTime<Utc>,
) -> Result<bool> {
    let current = rows::get(tx, org, &read_as.id).await?;
    if current.updated_at != read_as.updated_at {
        return Ok(false);
    }
    match read {
        Ok((calendars, busy)) => {
            if busy.truncated {
                tracing::warn!(connection = %read_as.id, "calendar busy time truncated at {} intervals", busy_ics::MAX_INTERVALS);
            }
            rows::record_sync(tx, org, &current, &calendars, &busy.intervals, now).await?;
        }
        Err(f) => {
            rows::record_failure(tx, org, &current.id, f.kind.code(), &f.message, now).await?;
        }
    }
    Ok(true)
}

/// The refresh job: read outside any transaction, record under the job's lease, and come
/// back in [`REFRESH`] (or [`RETRY`] after a failure).
pub(crate) async fn sync_job<T: CalendarClient, M>(
    db: &Db,
    worker: &Worker<'_, T, M>,
    job: &StoredJob,
    org: &str,
    connection_id: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let lease = job.lease_until.unwrap_or_default();
    let loaded = match load(db, org, connection_id).await {
        Ok(l) => Some(l),
        Err(Error::NotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let read = match &loaded {
        Some((c, zone)) => Some(read_busy(worker.transport, worker.secrets, c, *zone, now).await),
        None => None,
    };
    let mut tx = db.begin().await?;
    let result: Result<bool> = async {
        if !job_rows::hold(&mut tx, &job.id, lease).await? {
            return Ok(false);
        }
        let (Some((connection, _)), Some(read)) = (loaded, read) else {
            // Deleted: nothing more to read.
            job_rows::complete(&mut tx, &job.id).await?;
            return Ok(true);
        };
        match rows::lock(&mut tx, org, connection_id).await {
            Ok(()) => {}
            Err(StorageError::NotFound(_)) => {
                job_rows::complete(&mut tx, &job.id).await?;
                return Ok(true);
            }
            Err(e) => return Err(e.into()),
        }
        let next = if read.is_ok() { REFRESH } else { RETRY };
        if record(&mut tx, org, &connection, read, now).await? {
            job_rows::reschedule(&mut tx, &job.id, now + next).await?;
        } else {
            // Changed while it was read: read again at once.
            job_rows::reschedule(&mut tx, &job.id, now).await?;
        }
        Ok(true)
    }
    .await;
    tx.finish(result).await
}

// ---- writing bookings --------------------------------------------------------------------

/// The id of the job that writes one booking through one connection.
fn write_job_id(booking_id: &str, connection_id: &str) -> String {
    format!("job_{booking_id}_{connection_id}")
}

/// In the sequencer's transaction: for every booking event just numbered, make the write
/// job of each connection concerned due (the booking's hosts' writable connections, and any
/// connection the booking was written through before, so a host taken off gets it deleted).
pub(crate) async fn fan_out(
    tx: &mut Tx,
    numbered: &[StoredEvent],
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut made = 0;
    let mut seen: Vec<(String, String)> = Vec::new();
    for stored in numbered
        .iter()
        .filter(|e| e.event_type.starts_with("booking."))
    {
        let org = stored.organization_id.as_str();
        let event = events::record(stored.clone())?;
        let Object::Booking(b) = &event.object else {
            continue;
        };
        let mut targets: Vec<String> = rows::of_hosts(tx, org, &b.host_ids)
            .await?
            .into_iter()
            .filter(|c| c.kind == "caldav" && c.write_calendar.is_some())
            .map(|c| c.id)
            .collect();
        targets.extend(b.calendar_events.iter().map(|r| r.connection_id.clone()));
        for connection_id in targets {
            if seen
                .iter()
                .any(|(bk, cn)| *bk == b.id && *cn == connection_id)
            {
                continue;
            }
            let job = Job::CalendarWrite {
                booking_id: b.id.clone(),
                connection_id: connection_id.clone(),
            };
            jobs::ensure_with_id(tx, org, &write_job_id(&b.id, &connection_id), &job, now).await?;
            seen.push((b.id.clone(), connection_id));
            made += 1;
        }
    }
    Ok(made)
}

/// Where a new event of `uid` goes in `calendar`: `<calendar>/<uid>.ics`, the UID made safe
/// for a path.
fn object_href(calendar: &str, uid: &str) -> String {
    let name: String = uid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{}/{name}.ics", calendar.trim_end_matches('/'))
}

/// What a write job did to the calendar.
enum Written {
    /// Put there (href and ETag).
    Put(CalendarEventRef),
    /// Deleted from there.
    Deleted,
    /// Nothing to do.
    Nothing,
}

/// The write job: make the connection's calendar agree with the booking as it is now.
pub(crate) async fn write_job<T: CalendarClient, M>(
    db: &Db,
    worker: &Worker<'_, T, M>,
    job: &StoredJob,
    org: &str,
    booking_id: &str,
    connection_id: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let lease = job.lease_until.unwrap_or_default();
    let mut read = db.read().await?;
    let booking = match booking_rows::get(&mut read, org, booking_id).await {
        Ok(b) => Some(b),
        Err(StorageError::NotFound(_)) => None,
        Err(e) => return Err(e.into()),
    };
    let connection = match rows::get(&mut read, org, connection_id).await {
        Ok(c) => Some(c),
        Err(StorageError::NotFound(_)) => None,
        Err(e) => return Err(e.into()),
    };
    let outcome = match (&booking, &connection) {
        (Some(b), Some(c)) => {
            let existing = b
                .calendar_events
                .iter()
                .find(|r| r.connection_id == c.id)
                .cloned();
            let stands = b.status.holds_time()
                && b.host_ids.contains(&c.host_id)
                && c.kind == "caldav"
                && c.write_calendar.is_some();
            let body = if stands {
                match link_rows::get(&mut read, org, &b.link_id).await {
                    Ok(link) => {
                        let hosts = HostCache::default().of(&mut read, org, b).await?;
                        Some(skyslots_core::ical::render_object(&booking_event(
                            b, &link, &hosts,
                        )))
                    }
                    Err(StorageError::NotFound(_)) => None,
                    Err(e) => return Err(e.into()),
                }
            } else {
                None
            };
            drop(read);
            Some(write(worker, c, b, existing, body).await)
        }
        _ => {
            drop(read);
            None
        }
    };
    let mut tx = db.begin().await?;
    let result: Result<bool> = async {
        if !job_rows::hold(&mut tx, &job.id, lease).await? {
            return Ok(false);
        }
        let (Some(outcome), Some(booking)) = (outcome, booking) else {
            job_rows::complete(&mut tx, &job.id).await?;
            return Ok(true);
        };
        match outcome {
            Ok(Written::Nothing) => {}
            Ok(done) => {
                match booking_rows::lock(&mut tx, org, &booking.id).await {
                    Ok(()) => {}
                    Err(StorageError::NotFound(_)) => {
                        job_rows::complete(&mut tx, &job.id).await?;
                        return Ok(true);
                    }
                    Err(e) => return Err(e.into()),
                }
                let current = booking_rows::get(&mut tx, org, &booking.id).await?;
                let mut refs: Vec<CalendarEventRef> = current
                    .calendar_events
                    .into_iter()
                    .filter(|r| r.connection_id != connection_id)
                    .collect();
                if let Written::Put(r) = done {
                    refs.push(r);
                }
                booking_rows::set_calendar_events(&mut tx, org, &booking.id, &refs).await?;
            }
            Err(f) => {
                let give_up = job.attempts >= MAX_WRITE_ATTEMPTS;
                let message = format!(
                    "writing booking {} {}: {}",
                    booking.id,
                    if give_up {
                        "failed; gave up"
                    } else {
                        "failed; retrying"
                    },
                    f.message
                );
                rows::record_failure(&mut tx, org, connection_id, f.kind.code(), &message, now)
                    .await?;
                if !give_up {
                    let at = now + jobs::backoff(job.attempts);
                    job_rows::retry(&mut tx, &job.id, at, &message).await?;
                    return Ok(true);
                }
            }
        }
        job_rows::complete(&mut tx, &job.id).await?;
        Ok(true)
    }
    .await;
    tx.finish(result).await
}

/// Put `body` (the booking's event, while it holds time) or delete the event written before.
async fn write<T: CalendarClient, M>(
    worker: &Worker<'_, T, M>,
    c: &CalendarConnection,
    b: &Booking,
    existing: Option<CalendarEventRef>,
    body: Option<String>,
) -> std::result::Result<Written, Failure> {
    let password = password(worker.secrets, c).map_err(|e| {
        Failure::new(
            FailureKind::Auth,
            format!("the stored password cannot be opened: {e}"),
        )
    })?;
    let account = Account {
        url: &c.url,
        username: c.username.as_deref(),
        password: password.as_deref(),
    };
    match (body, existing, c.write_calendar.as_deref()) {
        (Some(body), existing, Some(calendar)) => {
            let href = existing
                .map(|r| r.href)
                .unwrap_or_else(|| object_href(calendar, &b.ical_uid));
            let etag = worker.transport.put(&account, &href, body).await?;
            Ok(Written::Put(CalendarEventRef {
                connection_id: c.id.clone(),
                href,
                etag,
            }))
        }
        (_, Some(existing), _) => {
            worker.transport.delete(&account, &existing.href).await?;
            Ok(Written::Deleted)
        }
        _ => Ok(Written::Nothing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_names_are_safe_paths() {
        assert_eq!(
            object_href("https://dav.example/cal/work/", "bkg_01H@skyslots"),
            "https://dav.example/cal/work/bkg_01H-skyslots.ics"
        );
        assert_eq!(
            object_href("https://dav.example/c", "a/../b c"),
            "https://dav.example/c/a-..-b-c.ics"
        );
    }

    #[test]
    fn only_own_booking_uids_are_skipped() {
        assert!(own_event("bkg_01JABC@skyslots"));
        assert!(!own_event("meeting@skyslots"));
        assert!(!own_event("bkg_1@example.com"));
    }
}
