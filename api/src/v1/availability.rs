//! Availability: bookable slots, computed on request.

use crate::v1::prelude::*;

/// One bookable slot.
// Answered as `SerdeJson`: the serde form is the schema's (the test below checks it).
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "Slot")]
pub struct SlotView {
    /// Start, UTC.
    #[serde(serialize_with = "rfc3339")]
    pub start: DateTime<Utc>,
    /// End, UTC.
    #[serde(serialize_with = "rfc3339")]
    pub end: DateTime<Utc>,
    /// Start in the requested time zone.
    #[serde(serialize_with = "rfc3339")]
    pub local_start: DateTime<FixedOffset>,
    /// End in the requested time zone.
    #[serde(serialize_with = "rfc3339")]
    pub local_end: DateTime<FixedOffset>,
    /// Seats a booking can still take.
    pub seats_remaining: u32,
}

/// Bookable slots of a link in a window.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "Availability")]
pub struct AvailabilityView {
    pub link_id: String,
    /// The time zone of `local_start` / `local_end`.
    pub timezone: String,
    pub duration: u32,
    pub slots: Vec<SlotView>,
    /// How fresh the busy time of the hosts' connected calendars is (empty without
    /// connections, and always on public pages).
    pub calendars: Vec<CalendarFreshnessView>,
}

/// The busy time of one connected calendar, as this answer used it.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "CalendarFreshness")]
pub struct CalendarFreshnessView {
    pub connection_id: String,
    pub host_id: String,
    /// `ok`, `error` (the busy time of the last good refresh is used) or `pending` (none
    /// read yet).
    pub status: String,
    /// When the busy time used was read.
    #[oai(skip_serializing_if_is_none)]
    #[serde(
        serialize_with = "rfc3339_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub synced_at: Option<DateTime<Utc>>,
    /// Its age in seconds when this answer was made.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_seconds: Option<i64>,
    /// Why the last refresh failed (see `CalendarConnection.error`).
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

// ---- availability ----------------------------------------------------------------------

#[derive(Debug, Default)]
pub struct AvailabilityApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Availability")]
impl AvailabilityApi {
    /// Get a link's availability
    ///
    /// Bookable slots starting in `[start, end)` (at most 100 days), for one of the link's
    /// durations, with times in UTC and in `timezone`. Open to scoped tokens with
    /// `availability:read`.
    #[oai(
        path = "/links/:id/availability",
        method = "get",
        operation_id = "availability_get"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
        /// Earliest slot start.
        start: Query<DateTime<Utc>>,
        /// Slots start before this instant.
        end: Query<DateTime<Utc>>,
        /// IANA time zone for `local_start` / `local_end`; default UTC.
        timezone: Query<Option<String>>,
        /// Minutes; default the link's first duration.
        duration: Query<Option<u32>>,
    ) -> Result<SerdeJson<AvailabilityView>> {
        let p = authorize(&state, &auth, Scope::AvailabilityRead).await?;
        let id: st::ids::LinkId = path_id(&id)?;
        p.check_link(&id)?;
        let window = app::availability::Window {
            start: start.0,
            end: end.0,
            timezone: timezone.0,
            duration: duration.0,
        };
        let found = app::availability::for_link(
            &state.db,
            &p.organization_id,
            &id,
            &window,
            None,
            Utc::now(),
        )
        .await?;
        Ok(SerdeJson(found.into()))
    }
}

impl From<app::availability::Availability> for AvailabilityView {
    fn from(a: app::availability::Availability) -> Self {
        Self {
            link_id: a.link_id,
            timezone: a.timezone,
            duration: a.duration,
            slots: a
                .slots
                .into_iter()
                .map(|(slot, local)| SlotView {
                    start: slot.start,
                    end: slot.end,
                    local_start: local.start.fixed_offset(),
                    local_end: local.end.fixed_offset(),
                    seats_remaining: slot.seats_remaining,
                })
                .collect(),
            calendars: a
                .calendars
                .into_iter()
                .map(|c| CalendarFreshnessView {
                    age_seconds: c.synced_at.map(|t| (Utc::now() - t).num_seconds().max(0)),
                    connection_id: c.connection_id,
                    host_id: c.host_id,
                    status: c.status,
                    synced_at: c.synced_at,
                    error_code: c.error_code,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use poem_openapi::types::ToJSON;

    use super::*;

    /// The body `SerdeJson` writes is the one the schema (and `Json`) would: every field, its
    /// name, each date-time's form (`+00:00`, offsets, fractions) and the absent optionals.
    #[test]
    fn serde_form_is_the_schema_form() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let view = AvailabilityView {
            link_id: "lnk_1".into(),
            timezone: "Asia/Kolkata".into(),
            duration: 30,
            slots: vec![SlotView {
                start: at("2026-12-07T09:00:00Z").to_utc(),
                end: at("2026-12-07T09:30:00.250Z").to_utc(),
                local_start: at("2026-12-07T14:30:00+05:30"),
                local_end: at("2026-12-07T15:00:00.250+05:30"),
                seats_remaining: 3,
            }],
            calendars: vec![
                CalendarFreshnessView {
                    connection_id: "cal_1".into(),
                    host_id: "hst_1".into(),
                    status: "error".into(),
                    synced_at: Some(at("2026-12-07T08:00:00Z").to_utc()),
                    age_seconds: Some(60),
                    error_code: Some("calendar_unreachable".into()),
                },
                CalendarFreshnessView {
                    connection_id: "cal_2".into(),
                    host_id: "hst_1".into(),
                    status: "pending".into(),
                    synced_at: None,
                    age_seconds: None,
                    error_code: None,
                },
            ],
        };
        let schema_form = view.to_json().unwrap();
        assert_eq!(serde_json::to_value(&view).unwrap(), schema_form);
        assert_eq!(
            schema_form["slots"][0]["start"],
            "2026-12-07T09:00:00+00:00"
        );
        assert_eq!(
            schema_form["slots"][0]["local_end"],
            "2026-12-07T15:00:00.250+05:30"
        );
        assert!(schema_form["calendars"][1].get("synced_at").is_none());
    }
}
