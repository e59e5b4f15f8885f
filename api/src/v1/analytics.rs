//! Link analytics: page views, bookings, cancellations and conversion per day.

use crate::v1::prelude::*;

/// The longest range one analytics request covers.
pub const MAX_DAYS: i64 = 366;

/// One UTC day of a link's analytics.
#[derive(Debug, Clone, Object)]
pub struct AnalyticsDay {
    pub date: NaiveDate,
    /// Fetches of the link's public page (public and one-time link metadata).
    pub views: i64,
    /// Bookings created on the link this day, through any channel.
    pub bookings: i64,
    /// Of `bookings`, those guests made on the public or one-time link pages: what views
    /// convert into (bookings made with the secret key or a scoped token are not).
    pub public_bookings: i64,
    /// Bookings of the link cancelled this day.
    pub cancellations: i64,
    /// `public_bookings / views`; absent on a day without views.
    #[oai(skip_serializing_if_is_none)]
    pub conversion_rate: Option<f64>,
}

/// A link's analytics over a range of days, with totals.
#[derive(Debug, Clone, Object)]
#[oai(rename = "LinkAnalytics")]
pub struct LinkAnalyticsView {
    pub link_id: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Every day of the range, oldest first.
    pub days: Vec<AnalyticsDay>,
    pub total_views: i64,
    pub total_bookings: i64,
    pub total_public_bookings: i64,
    pub total_cancellations: i64,
    /// `total_public_bookings / total_views`; absent without views.
    #[oai(skip_serializing_if_is_none)]
    pub conversion_rate: Option<f64>,
}

fn rate(bookings: i64, views: i64) -> Option<f64> {
    // Counts stay far below 2^52: the conversion to f64 is exact.
    #[allow(clippy::cast_precision_loss)]
    (views > 0).then(|| bookings as f64 / views as f64)
}

#[derive(Debug, Default)]
pub struct AnalyticsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Links")]
impl AnalyticsApi {
    /// Get a link's analytics
    ///
    /// Per UTC day from `start` to `end` (both included, at most 366 days): views of the
    /// link's public page, bookings created (all, and those made by guests on the public
    /// pages), cancellations and the conversion rate (guest bookings per view). Views
    /// reach the database in the background within seconds.
    #[oai(
        path = "/links/:id/analytics",
        method = "get",
        operation_id = "link_analytics_get"
    )]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        /// First day (UTC), `YYYY-MM-DD`.
        start: Query<NaiveDate>,
        /// Last day (UTC), included.
        end: Query<NaiveDate>,
    ) -> Result<Json<LinkAnalyticsView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::LinkId = path_id(&id)?;
        if end.0 < start.0 {
            return Err(ApiError::field("end", InvalidReason::EndNotAfterStart));
        }
        if (end.0 - start.0).num_days() >= MAX_DAYS {
            return Err(ApiError::field(
                "end",
                InvalidReason::WindowTooLong(MAX_DAYS),
            ));
        }
        let stats =
            app::reads::link_analytics(&state.db, &p.organization_id, &id, start.0, end.0).await?;
        let (views, bookings, public, cancellations) =
            stats.iter().fold((0, 0, 0, 0), |(v, b, p, c), d| {
                (
                    v + d.views,
                    b + d.bookings,
                    p + d.public_bookings,
                    c + d.cancellations,
                )
            });
        Ok(Json(LinkAnalyticsView {
            link_id: id.into_string(),
            start: start.0,
            end: end.0,
            days: stats
                .iter()
                .map(|d| AnalyticsDay {
                    date: d.date,
                    views: d.views,
                    bookings: d.bookings,
                    public_bookings: d.public_bookings,
                    cancellations: d.cancellations,
                    conversion_rate: rate(d.public_bookings, d.views),
                })
                .collect(),
            total_views: views,
            total_bookings: bookings,
            total_public_bookings: public,
            total_cancellations: cancellations,
            conversion_rate: rate(public, views),
        }))
    }
}
