//! Calendar connections: a host's external calendars (CalDAV, or a read-only ICS URL) whose
//! events keep the host busy, optionally written with the host's bookings.

use crate::v1::prelude::*;
use app::calendar_connections::{ConnectionChange, ConnectionInput};
use app::webhooks::Settings;
use st::calendar_connections::CalendarConnection;

// ---- requests ----------------------------------------------------------------------------

/// How SkySlots reaches the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum CalendarConnectionKind {
    /// A CalDAV server with HTTP Basic authentication (iCloud, Fastmail, Nextcloud,
    /// Radicale, …): read, and optionally written.
    Caldav,
    /// A subscribable `.ics` URL (such as Google Calendar's secret iCal address): read only.
    Ics,
}

impl CalendarConnectionKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Caldav => "caldav",
            Self::Ics => "ics",
        }
    }
}

/// A new calendar connection.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(example)]
pub struct CalendarConnectionCreate {
    /// The host whose calendar it is.
    pub host_id: String,
    pub kind: CalendarConnectionKind,
    #[oai(validator(max_length = 200))]
    pub name: Option<String>,
    /// For CalDAV a calendar, a calendar home or a principal URL (the calendars under it are
    /// found); for ICS the file's URL. `https` (http and private addresses only on servers
    /// started with `--allow-private-urls`); no credentials in it.
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub url: String,
    /// For HTTP Basic authentication (an app-specific password for iCloud, Fastmail,
    /// Nextcloud).
    #[oai(validator(min_length = 1, max_length = 256))]
    pub username: Option<String>,
    /// Stored encrypted; never returned.
    #[oai(validator(min_length = 1, max_length = 1024))]
    #[serde(skip_serializing)]
    pub password: Option<String>,
    /// CalDAV: the calendars (hrefs as `calendars` lists them) whose events count as busy;
    /// absent: all of them.
    #[oai(validator(max_items = 50))]
    pub busy_calendars: Option<Vec<String>>,
    /// CalDAV: the calendar (an href) the host's bookings are written into; absent: none.
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub write_calendar: Option<String>,
}

impl poem_openapi::types::Example for CalendarConnectionCreate {
    fn example() -> Self {
        Self {
            host_id: "hst_01jdq4x8m2w9k3v7c5t1r6y0ab".into(),
            kind: CalendarConnectionKind::Caldav,
            name: Some("Work calendar".into()),
            url: "https://caldav.fastmail.com/dav/calendars/user/ada@example.com/".into(),
            username: Some("ada@example.com".into()),
            password: Some("app-password".into()),
            busy_calendars: None,
            write_calendar: None,
        }
    }
}

/// Changes to a calendar connection; omitted fields stay, `null` clears. A change makes a
/// refresh due at once.
#[derive(Debug, Clone, Object)]
pub struct CalendarConnectionUpdate {
    #[oai(validator(max_length = 200))]
    pub name: MaybeUndefined<String>,
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub url: Option<String>,
    #[oai(validator(min_length = 1, max_length = 256))]
    pub username: MaybeUndefined<String>,
    #[oai(validator(min_length = 1, max_length = 1024))]
    pub password: MaybeUndefined<String>,
    #[oai(validator(max_items = 50))]
    pub busy_calendars: MaybeUndefined<Vec<String>>,
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub write_calendar: MaybeUndefined<String>,
}

// ---- responses ---------------------------------------------------------------------------

/// Where a connection's busy time stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum CalendarConnectionStatus {
    /// Not read yet (the first refresh runs within seconds of creation).
    Pending,
    /// The last refresh succeeded.
    Ok,
    /// The last refresh (or a write) failed: see `error`. The busy time of the last good
    /// refresh is still used.
    Error,
}

impl CalendarConnectionStatus {
    fn of(s: &str) -> Self {
        match s {
            "ok" => Self::Ok,
            "error" => Self::Error,
            _ => Self::Pending,
        }
    }
}

/// Why talking to the calendar failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum CalendarErrorCode {
    /// The server refused the credentials (401/403).
    CalendarAuthFailed,
    /// Nothing at the URL, or no calendar there (404/410).
    CalendarNotFound,
    /// No connection, a timeout, a redirect, a server error, or an address refused by the
    /// SSRF guard.
    CalendarUnreachable,
    /// An answer that is not WebDAV XML or iCalendar, or too large.
    CalendarBadResponse,
}

impl CalendarErrorCode {
    fn of(code: &str) -> Self {
        match code {
            "calendar_auth_failed" => Self::CalendarAuthFailed,
            "calendar_not_found" => Self::CalendarNotFound,
            "calendar_bad_response" => Self::CalendarBadResponse,
            _ => Self::CalendarUnreachable,
        }
    }
}

/// What went wrong the last time.
#[derive(Debug, Clone, Object)]
#[oai(rename = "CalendarConnectionError")]
pub struct CalendarConnectionErrorView {
    pub code: CalendarErrorCode,
    pub message: String,
}

/// A calendar found at the connection's URL.
#[derive(Debug, Clone, Object)]
#[oai(rename = "RemoteCalendar")]
pub struct RemoteCalendarView {
    /// Its URL: what `busy_calendars` and `write_calendar` name.
    pub href: String,
    #[oai(skip_serializing_if_is_none)]
    pub name: Option<String>,
    /// Its events count as busy.
    pub busy: bool,
    /// Bookings are written into it.
    pub write: bool,
}

/// A host's external calendar.
#[derive(Debug, Clone, Object)]
#[oai(rename = "CalendarConnection")]
pub struct CalendarConnectionView {
    pub id: String,
    pub host_id: String,
    pub kind: CalendarConnectionKind,
    #[oai(skip_serializing_if_is_none)]
    pub name: Option<String>,
    pub url: String,
    #[oai(skip_serializing_if_is_none)]
    pub username: Option<String>,
    /// A password is stored (it is never shown).
    pub has_password: bool,
    /// The calendars found by the last good refresh.
    pub calendars: Vec<RemoteCalendarView>,
    /// The calendars that count as busy; absent: all.
    #[oai(skip_serializing_if_is_none)]
    pub busy_calendars: Option<Vec<String>>,
    #[oai(skip_serializing_if_is_none)]
    pub write_calendar: Option<String>,
    pub status: CalendarConnectionStatus,
    #[oai(skip_serializing_if_is_none)]
    pub error: Option<CalendarConnectionErrorView>,
    /// When the busy time in use was read (absent: never).
    #[oai(skip_serializing_if_is_none)]
    pub synced_at: Option<DateTime<Utc>>,
    /// When a refresh was last tried.
    #[oai(skip_serializing_if_is_none)]
    pub checked_at: Option<DateTime<Utc>>,
    /// Busy intervals read by the last good refresh (merged).
    pub busy_intervals: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&CalendarConnection> for CalendarConnectionView {
    fn from(c: &CalendarConnection) -> Self {
        Self {
            id: c.id.clone(),
            host_id: c.host_id.clone(),
            kind: if c.kind == "ics" {
                CalendarConnectionKind::Ics
            } else {
                CalendarConnectionKind::Caldav
            },
            name: c.name.clone(),
            url: c.url.clone(),
            username: c.username.clone(),
            has_password: c.password_sealed.is_some(),
            calendars: c
                .calendars
                .iter()
                .map(|r| RemoteCalendarView {
                    href: r.href.clone(),
                    name: r.name.clone(),
                    busy: app::calendar_connections::counts(c, &r.href),
                    write: c.write_calendar.as_deref() == Some(r.href.as_str()),
                })
                .collect(),
            busy_calendars: c.busy_calendars.clone(),
            write_calendar: c.write_calendar.clone(),
            status: CalendarConnectionStatus::of(&c.status),
            error: c
                .error_code
                .as_deref()
                .map(|code| CalendarConnectionErrorView {
                    code: CalendarErrorCode::of(code),
                    message: c.last_error.clone().unwrap_or_default(),
                }),
            synced_at: c.synced_at,
            checked_at: c.checked_at,
            busy_intervals: c.busy_count,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

created_response!(CalendarConnectionCreated, CalendarConnectionView);
list_view!(CalendarConnectionList, CalendarConnectionView);

fn settings(state: &AppState) -> Settings<'_> {
    Settings {
        secrets: &state.secrets,
        allow_private_urls: state.allow_private_urls,
    }
}

// ---- operations ----------------------------------------------------------------------------

#[derive(Debug, Default)]
pub struct CalendarConnectionsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::CalendarConnections")]
impl CalendarConnectionsApi {
    /// Connect a calendar
    ///
    /// Its events keep the host busy from the first refresh on, which runs within seconds
    /// (`status` turns `ok` or `error`; `calendar_connection_refresh` runs one and waits for
    /// it). Busy time is read for a year ahead and refreshed every 15 minutes; events marked
    /// free (`TRANSP:TRANSPARENT`) or cancelled do not count. With `write_calendar`, the
    /// host's bookings are written into that calendar and kept up to date.
    #[oai(
        path = "/calendar-connections",
        method = "post",
        operation_id = "calendar_connection_create"
    )]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<CalendarConnectionCreate>,
    ) -> BodyResult<CalendarConnectionCreated> {
        let p = principal(&state, &auth).await?;
        let host: st::ids::HostId = path_id(&body.host_id)?;
        let idem = idempotency(
            idempotency_key.0,
            Operation::CalendarConnectionCreate,
            None,
            &body.0,
        );
        let input = ConnectionInput {
            host_id: host.as_str().to_owned(),
            kind: body.kind.as_str().to_owned(),
            name: body.name.clone().filter(|n| !n.is_empty()),
            url: body.url.clone(),
            username: body.username.clone(),
            password: body.password.clone(),
            busy_calendars: body.busy_calendars.clone(),
            write_calendar: body.write_calendar.clone(),
        };
        let created = app::calendar_connections::create(
            &state.db,
            settings(&state),
            &p.organization_id,
            &input,
            &p.audit(),
            idem.as_ref(),
        )
        .await?;
        Ok(CalendarConnectionCreated::of(created, |c| c.into()))
    }

    /// List calendar connections
    #[oai(
        path = "/calendar-connections",
        method = "get",
        operation_id = "calendar_connection_list"
    )]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        /// Only this host's connections.
        host_id: Query<Option<String>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<CalendarConnectionList>> {
        let p = principal(&state, &auth).await?;
        let host: Option<st::ids::HostId> = host_id.0.as_deref().map(path_id).transpose()?;
        let page = app::calendar_connections::list(
            &state.db,
            &p.organization_id,
            host.as_ref(),
            &page(limit.0, cursor.0)?,
        )
        .await?;
        Ok(Json(CalendarConnectionList::from_page(page, |c| c.into())))
    }

    /// Get a calendar connection
    #[oai(
        path = "/calendar-connections/:id",
        method = "get",
        operation_id = "calendar_connection_get"
    )]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<CalendarConnectionView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::CalendarConnectionId = path_id(&id)?;
        let c = app::calendar_connections::get(&state.db, &p.organization_id, &id).await?;
        Ok(Json((&c).into()))
    }

    /// Update a calendar connection
    ///
    /// Change its URL, credentials, name, which calendars count as busy, or where bookings
    /// are written. A refresh follows at once.
    #[oai(
        path = "/calendar-connections/:id",
        method = "patch",
        operation_id = "calendar_connection_update"
    )]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<CalendarConnectionUpdate>,
    ) -> BodyResult<Json<CalendarConnectionView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::CalendarConnectionId = path_id(&id)?;
        let patch = ConnectionChange {
            name: change(&body.name).map(|n| n.filter(|n| !n.is_empty()).cloned()),
            url: body.url.clone(),
            username: change(&body.username).map(Option::<&String>::cloned),
            password: change(&body.password).map(Option::<&String>::cloned),
            busy_calendars: change(&body.busy_calendars).map(Option::<&Vec<String>>::cloned),
            write_calendar: change(&body.write_calendar).map(Option::<&String>::cloned),
        };
        let c = app::calendar_connections::update(
            &state.db,
            settings(&state),
            &p.organization_id,
            &id,
            patch,
            &p.audit(),
        )
        .await?;
        Ok(Json((&c).into()))
    }

    /// Delete a calendar connection
    ///
    /// Its busy time stops counting at once. Events it wrote stay in the calendar.
    #[oai(
        path = "/calendar-connections/:id",
        method = "delete",
        operation_id = "calendar_connection_delete"
    )]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::CalendarConnectionId = path_id(&id)?;
        app::calendar_connections::delete(&state.db, &p.organization_id, &id, &p.audit()).await?;
        Ok(Deleted::NoContent)
    }

    /// Refresh a calendar connection
    ///
    /// Reads the calendars now (within about 15 seconds per request to the server) and
    /// returns the connection as it is afterwards: `status: ok` with the new busy time, or
    /// `status: error` with `error` (the busy time of the last good refresh stays in use).
    #[oai(
        path = "/calendar-connections/:id/refresh",
        method = "post",
        operation_id = "calendar_connection_refresh"
    )]
    async fn refresh(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<CalendarConnectionView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::CalendarConnectionId = path_id(&id)?;
        let client = crate::webhook_transport(state.allow_private_urls)
            .map_err(|e| ApiError::from(app::Error::Storage(st::StorageError::Unavailable(e))))?;
        let c = app::calendar_connections::refresh(
            &state.db,
            &client,
            &state.secrets,
            &p.organization_id,
            &id,
            Utc::now(),
        )
        .await?;
        Ok(Json((&c).into()))
    }
}
