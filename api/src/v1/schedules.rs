//! Schedules: weekly rules, date overrides and holidays in an IANA time zone.

use crate::v1::prelude::*;

// ---- schedules -----------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename_all = "lowercase")]
#[oai(rename = "Weekday")]
pub enum WeekdayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<WeekdayName> for chrono::Weekday {
    fn from(w: WeekdayName) -> Self {
        match w {
            WeekdayName::Monday => Self::Mon,
            WeekdayName::Tuesday => Self::Tue,
            WeekdayName::Wednesday => Self::Wed,
            WeekdayName::Thursday => Self::Thu,
            WeekdayName::Friday => Self::Fri,
            WeekdayName::Saturday => Self::Sat,
            WeekdayName::Sunday => Self::Sun,
        }
    }
}

impl From<chrono::Weekday> for WeekdayName {
    fn from(w: chrono::Weekday) -> Self {
        match w {
            chrono::Weekday::Mon => Self::Monday,
            chrono::Weekday::Tue => Self::Tuesday,
            chrono::Weekday::Wed => Self::Wednesday,
            chrono::Weekday::Thu => Self::Thursday,
            chrono::Weekday::Fri => Self::Friday,
            chrono::Weekday::Sat => Self::Saturday,
            chrono::Weekday::Sun => Self::Sunday,
        }
    }
}

/// Weekly availability: `weekday` from `start` to `end` (24-hour `HH:MM`, `24:00` allowed as
/// an end). With `ends_next_day`, the interval runs past midnight (e.g. 22:00–02:00).
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "WeeklyRuleInput")]
pub struct WeeklyRuleParam {
    pub weekday: WeekdayName,
    #[oai(validator(max_length = 5))]
    pub start: String,
    #[oai(validator(max_length = 5))]
    pub end: String,
    #[oai(default)]
    pub ends_next_day: bool,
}

/// A wall-clock interval within a date (or past midnight with `ends_next_day`).
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "IntervalInput")]
pub struct IntervalParam {
    #[oai(validator(max_length = 5))]
    pub start: String,
    #[oai(validator(max_length = 5))]
    pub end: String,
    #[oai(default)]
    pub ends_next_day: bool,
}

/// Replaces the intervals of one date; an empty list closes the date.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "DateOverrideInput")]
pub struct DateOverrideParam {
    pub date: NaiveDate,
    #[oai(default)]
    pub intervals: Vec<IntervalParam>,
}

/// A new schedule.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(example)]
pub struct ScheduleCreate {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: String,
    /// IANA time zone the rules are written in, e.g. `Europe/London`.
    #[oai(validator(max_length = 64))]
    pub timezone: String,
    #[oai(default)]
    pub weekly_rules: Vec<WeeklyRuleParam>,
    #[oai(default)]
    pub date_overrides: Vec<DateOverrideParam>,
    /// Dates on which the schedule is closed all day.
    #[oai(default)]
    pub holidays: Vec<NaiveDate>,
}

impl poem_openapi::types::Example for ScheduleCreate {
    fn example() -> Self {
        let rule = |weekday| WeeklyRuleParam {
            weekday,
            start: "09:00".into(),
            end: "17:00".into(),
            ends_next_day: false,
        };
        Self {
            name: "Weekdays".into(),
            timezone: "Europe/London".into(),
            weekly_rules: vec![rule(WeekdayName::Monday), rule(WeekdayName::Tuesday)],
            date_overrides: vec![DateOverrideParam {
                date: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap_or_default(),
                intervals: vec![IntervalParam {
                    start: "09:00".into(),
                    end: "12:00".into(),
                    ends_next_day: false,
                }],
            }],
            holidays: vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap_or_default()],
        }
    }
}

/// Changes to a schedule; omitted fields stay as they are, lists are replaced whole.
#[derive(Debug, Clone, Object)]
pub struct ScheduleUpdate {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[oai(validator(max_length = 64))]
    pub timezone: Option<String>,
    pub weekly_rules: Option<Vec<WeeklyRuleParam>>,
    pub date_overrides: Option<Vec<DateOverrideParam>>,
    pub holidays: Option<Vec<NaiveDate>>,
}

fn range(errors: &mut Errors, field: &str, start: &str, end: &str, next_day: bool) -> TimeRange {
    TimeRange {
        start: errors.time(format!("{field}.start"), start),
        end: errors.time(format!("{field}.end"), end),
        ends_next_day: next_day,
    }
}

pub fn weekly_rules(errors: &mut Errors, rules: &[WeeklyRuleParam]) -> Vec<WeeklyRule> {
    rules
        .iter()
        .enumerate()
        .map(|(i, r)| WeeklyRule {
            weekday: r.weekday.into(),
            range: range(
                errors,
                &format!("weekly_rules[{i}]"),
                &r.start,
                &r.end,
                r.ends_next_day,
            ),
        })
        .collect()
}

pub fn date_overrides(errors: &mut Errors, overrides: &[DateOverrideParam]) -> Vec<DateOverride> {
    overrides
        .iter()
        .enumerate()
        .map(|(i, o)| DateOverride {
            date: o.date,
            intervals: o
                .intervals
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    range(
                        errors,
                        &format!("date_overrides[{i}].intervals[{j}]"),
                        &r.start,
                        &r.end,
                        r.ends_next_day,
                    )
                })
                .collect(),
        })
        .collect()
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "WeeklyRule")]
pub struct WeeklyRuleView {
    pub weekday: WeekdayName,
    pub start: String,
    pub end: String,
    pub ends_next_day: bool,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Interval")]
pub struct IntervalView {
    pub start: String,
    pub end: String,
    pub ends_next_day: bool,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "DateOverride")]
pub struct DateOverrideView {
    pub date: NaiveDate,
    pub intervals: Vec<IntervalView>,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Schedule")]
pub struct ScheduleView {
    pub id: String,
    pub name: String,
    pub timezone: String,
    pub weekly_rules: Vec<WeeklyRuleView>,
    pub date_overrides: Vec<DateOverrideView>,
    pub holidays: Vec<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&st::Schedule> for ScheduleView {
    fn from(s: &st::Schedule) -> Self {
        Self {
            id: s.id.clone(),
            name: s.name.clone(),
            timezone: s.timezone.clone(),
            weekly_rules: s
                .weekly_rules
                .iter()
                .map(|r| WeeklyRuleView {
                    weekday: r.weekday.into(),
                    start: r.range.start.to_string(),
                    end: r.range.end.to_string(),
                    ends_next_day: r.range.ends_next_day,
                })
                .collect(),
            date_overrides: s
                .date_overrides
                .iter()
                .map(|o| DateOverrideView {
                    date: o.date,
                    intervals: o
                        .intervals
                        .iter()
                        .map(|r| IntervalView {
                            start: r.start.to_string(),
                            end: r.end.to_string(),
                            ends_next_day: r.ends_next_day,
                        })
                        .collect(),
                })
                .collect(),
            holidays: s.holidays.clone(),
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

created_response!(ScheduleCreated, ScheduleView);
list_view!(ScheduleList, ScheduleView);

// ---- schedules -----------------------------------------------------------------------

#[derive(Debug, Default)]
pub struct SchedulesApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Schedules")]
impl SchedulesApi {
    /// Create a schedule
    #[oai(path = "/schedules", method = "post", operation_id = "schedule_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<ScheduleCreate>,
    ) -> BodyResult<ScheduleCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::ScheduleCreate, None, &body.0);
        let mut errors = Errors::default();
        let input = skyslots_storage::ScheduleInput {
            name: body.name.clone(),
            timezone: body.timezone.clone(),
            weekly_rules: weekly_rules(&mut errors, &body.weekly_rules),
            date_overrides: date_overrides(&mut errors, &body.date_overrides),
            holidays: body.holidays.clone(),
        };
        if let Err(reason) = skyslots_core::parse_timezone(&body.timezone) {
            errors.push("timezone", reason);
        }
        finish(errors)?;
        let created =
            app::schedules::create(&state.db, &p.organization_id, &input, idem.as_ref()).await?;
        Ok(ScheduleCreated::of(created, |x| ScheduleView::from(x)))
    }

    /// List schedules
    #[oai(path = "/schedules", method = "get", operation_id = "schedule_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<ScheduleList>> {
        let p = principal(&state, &auth).await?;
        let page =
            app::schedules::list(&state.db, &p.organization_id, &page(limit.0, cursor.0)?).await?;
        Ok(Json(ScheduleList::from_page(page, |x| {
            ScheduleView::from(x)
        })))
    }

    /// Get a schedule
    #[oai(path = "/schedules/:id", method = "get", operation_id = "schedule_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<ScheduleView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::ScheduleId = path_id(&id)?;
        Ok(Json(
            (&app::schedules::get(&state.db, &p.organization_id, &id).await?).into(),
        ))
    }

    /// Update a schedule
    ///
    /// Omitted fields stay as they are; lists given are replaced whole.
    #[oai(
        path = "/schedules/:id",
        method = "patch",
        operation_id = "schedule_update"
    )]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<ScheduleUpdate>,
    ) -> BodyResult<Json<ScheduleView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::ScheduleId = path_id(&id)?;
        let mut errors = Errors::default();
        let weekly = body
            .weekly_rules
            .as_deref()
            .map(|r| weekly_rules(&mut errors, r));
        let overrides = body
            .date_overrides
            .as_deref()
            .map(|o| date_overrides(&mut errors, o));
        finish(errors)?;
        let body = body.0;
        let schedule = app::schedules::update(&state.db, &p.organization_id, &id, move |s| {
            if let Some(n) = body.name {
                s.name = n;
            }
            if let Some(t) = body.timezone {
                s.timezone = t;
            }
            if let Some(w) = weekly {
                s.weekly_rules = w;
            }
            if let Some(o) = overrides {
                s.date_overrides = o;
            }
            if let Some(h) = body.holidays {
                s.holidays = h;
            }
        })
        .await?;
        Ok(Json((&schedule).into()))
    }

    /// Delete a schedule
    ///
    /// Only a schedule no host or link uses can be deleted (`in_use` otherwise).
    #[oai(
        path = "/schedules/:id",
        method = "delete",
        operation_id = "schedule_delete"
    )]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::ScheduleId = path_id(&id)?;
        app::schedules::delete(&state.db, &p.organization_id, &id).await?;
        Ok(Deleted::NoContent)
    }
}
