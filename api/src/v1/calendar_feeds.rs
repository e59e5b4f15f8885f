//! Calendar feeds: subscribable `.ics` URLs of a host's or a link's bookings.

use crate::v1::prelude::*;
use app::calendar::{Detail, FeedOf};

/// How much a feed tells (`full` unless asked otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum FeedDetail {
    /// Titles, attendees, hosts and locations: for the host's own calendar.
    Full,
    /// Times and status only, each event "Busy": shareable, no personal data.
    Busy,
}

impl From<Detail> for FeedDetail {
    fn from(d: Detail) -> Self {
        match d {
            Detail::Full => FeedDetail::Full,
            Detail::Busy => FeedDetail::Busy,
        }
    }
}

impl From<FeedDetail> for Detail {
    fn from(d: FeedDetail) -> Self {
        match d {
            FeedDetail::Full => Detail::Full,
            FeedDetail::Busy => Detail::Busy,
        }
    }
}

/// A new calendar feed: of exactly one host or one link; `detail` omitted is `full`.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(example)]
pub struct CalendarFeedCreate {
    /// The host whose bookings (on every link) the feed shows.
    pub host_id: Option<String>,
    /// The link whose bookings (of every host) the feed shows.
    pub link_id: Option<String>,
    pub detail: Option<FeedDetail>,
}

impl poem_openapi::types::Example for CalendarFeedCreate {
    fn example() -> Self {
        Self {
            host_id: Some("hst_01jdq4x8m2w9k3v7c5t1r6y0ab".into()),
            link_id: None,
            detail: Some(FeedDetail::Busy),
        }
    }
}

/// A subscribable calendar of bookings. Its URL is shown only when made (creation and
/// `regenerate`): only a hash of its token is stored.
#[derive(Debug, Clone, Object)]
#[oai(rename = "CalendarFeed")]
pub struct CalendarFeedView {
    pub id: String,
    #[oai(skip_serializing_if_is_none)]
    pub host_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub link_id: Option<String>,
    pub detail: FeedDetail,
    /// The feed, `https://…/v1/public/feeds/cf_….ics` (at creation and regeneration only).
    #[oai(skip_serializing_if_is_none)]
    pub url: Option<String>,
    /// The same as `webcal://…`, which calendar apps open as a subscription.
    #[oai(skip_serializing_if_is_none)]
    pub webcal_url: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the URL was last made.
    pub updated_at: DateTime<Utc>,
}

impl CalendarFeedView {
    fn new(f: &st::calendar_feeds::CalendarFeed, token: Option<&str>, public_url: &str) -> Self {
        let url = token.map(|t| format!("{public_url}/v1/public/feeds/{t}.ics"));
        let webcal_url = url.as_deref().map(|u| {
            let rest = u.split_once("://").map_or(u, |(_, rest)| rest);
            format!("webcal://{rest}")
        });
        Self {
            id: f.id.clone(),
            host_id: f.host_id.clone(),
            link_id: f.link_id.clone(),
            detail: Detail::of(&f.detail).into(),
            url,
            webcal_url,
            created_at: f.created_at,
            updated_at: f.updated_at,
        }
    }
}

created_response!(CalendarFeedCreated, CalendarFeedView);
list_view!(CalendarFeedList, CalendarFeedView);

/// Whose bookings: exactly one of `host_id` and `link_id`, each an id of its kind.
fn feed_of(body: &CalendarFeedCreate) -> Result<FeedOf> {
    match (&body.host_id, &body.link_id) {
        (Some(h), None) => Ok(FeedOf::Host(path_id(h)?)),
        (None, Some(l)) => Ok(FeedOf::Link(path_id(l)?)),
        _ => {
            let why = InvalidReason::Inconsistent("give exactly one of host_id and link_id");
            Err(ApiError::invalid(&skyslots_core::Invalid::one(
                "host_id", why,
            )))
        }
    }
}

#[derive(Debug, Default)]
pub struct CalendarFeedsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::CalendarFeeds")]
impl CalendarFeedsApi {
    /// Create a calendar feed
    ///
    /// A URL that calendar apps (Google, Outlook, Apple) subscribe to, showing a host's or a
    /// link's bookings from 30 days ago on, cancelled ones as `STATUS:CANCELLED` for 30
    /// days. Clients are asked to refresh every 15 minutes. `detail: busy` shows times only.
    /// The `url` and `webcal_url` are in this response only (a retry with the same
    /// Idempotency-Key returns the feed without them).
    #[oai(
        path = "/calendar-feeds",
        method = "post",
        operation_id = "calendar_feed_create"
    )]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<CalendarFeedCreate>,
    ) -> BodyResult<CalendarFeedCreated> {
        let p = principal(&state, &auth).await?;
        let of = feed_of(&body)?;
        let idem = idempotency(
            idempotency_key.0,
            Operation::CalendarFeedCreate,
            None,
            &body.0,
        );
        let created = app::calendar::create_feed(
            &state.db,
            &p.organization_id,
            &of,
            body.detail.unwrap_or(FeedDetail::Full).into(),
            &p.audit(),
            idem.as_ref(),
        )
        .await?;
        let public_url = state.public_url.clone();
        Ok(CalendarFeedCreated::of(created, |(feed, token)| {
            CalendarFeedView::new(feed, token.as_deref(), &public_url)
        }))
    }

    /// List calendar feeds
    ///
    /// Without their URLs (only a hash of each token is stored).
    #[oai(
        path = "/calendar-feeds",
        method = "get",
        operation_id = "calendar_feed_list"
    )]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<CalendarFeedList>> {
        let p = principal(&state, &auth).await?;
        let page = page(limit.0, cursor.0)?;
        let feeds = app::calendar::list_feeds(&state.db, &p.organization_id, &page).await?;
        let url = &state.public_url;
        Ok(Json(CalendarFeedList::from_page(feeds, |f| {
            CalendarFeedView::new(f, None, url)
        })))
    }

    /// Get a calendar feed
    #[oai(
        path = "/calendar-feeds/:id",
        method = "get",
        operation_id = "calendar_feed_get"
    )]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<CalendarFeedView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::CalendarFeedId = path_id(&id)?;
        let feed = app::calendar::get_feed(&state.db, &p.organization_id, &id).await?;
        Ok(Json(CalendarFeedView::new(&feed, None, &state.public_url)))
    }

    /// Regenerate a calendar feed's URL
    ///
    /// A new token: the response has the new `url`; the old URL answers 404 from now on
    /// (subscribers of it keep what they had and get nothing new).
    #[oai(
        path = "/calendar-feeds/:id/regenerate",
        method = "post",
        operation_id = "calendar_feed_regenerate"
    )]
    async fn regenerate(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<CalendarFeedView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::CalendarFeedId = path_id(&id)?;
        let (feed, token) =
            app::calendar::regenerate_feed_token(&state.db, &p.organization_id, &id, &p.audit())
                .await?;
        Ok(Json(CalendarFeedView::new(
            &feed,
            token.as_deref(),
            &state.public_url,
        )))
    }

    /// Delete a calendar feed
    ///
    /// Its URL answers 404 from now on.
    #[oai(
        path = "/calendar-feeds/:id",
        method = "delete",
        operation_id = "calendar_feed_delete"
    )]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::CalendarFeedId = path_id(&id)?;
        app::calendar::delete_feed(&state.db, &p.organization_id, &id, &p.audit()).await?;
        Ok(Deleted::NoContent)
    }
}
