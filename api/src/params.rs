//! What clients send: request bodies and their conversion into storage inputs.
//!
//! Structural limits (lengths, counts) are checked here with `validator`; scheduling rules are
//! checked by `skyslots-core`. Every problem becomes a field error with the path the client
//! sent (`weekly_rules[2].start`), collected so one response lists them all.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{Enum, Object};
use skyslots_core::policy::{ChangePolicy, RefundTier};
use skyslots_core::questions::{Answer, Question, QuestionKind};
use skyslots_core::{
    Assignment, DateOverride, FieldError, Invalid, InvalidReason, TimeOfDay, TimeRange, WeeklyRule,
};
use skyslots_storage::ids::Kind;
use validator::Validate;

/// Collects field errors across a whole request.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, field: impl Into<String>, reason: InvalidReason) {
        self.0.push(FieldError::new(field, reason));
    }

    pub fn extend(&mut self, prefix: Option<&str>, invalid: Invalid) {
        let invalid = match prefix {
            Some(p) => invalid.nested(p),
            None => invalid,
        };
        self.0.extend(invalid.errors);
    }

    /// Structural checks from `validator`, under `prefix`.
    pub fn validate(&mut self, prefix: &str, value: &impl Validate) {
        if let Err(errors) = value.validate() {
            for (field, list) in errors.field_errors() {
                for e in list {
                    let reason = match (e.params.get("min"), e.params.get("max")) {
                        (min, Some(max)) => InvalidReason::OutOfRange {
                            min: min.and_then(|v| v.as_i64()).unwrap_or(0),
                            max: max.as_i64().unwrap_or(i64::MAX),
                        },
                        _ if e.code == "email" => {
                            InvalidReason::Inconsistent("not an email address")
                        }
                        _ if e.code == "slug" => InvalidReason::Inconsistent(
                            "use 1-64 characters of a-z, 0-9 and -, not starting with -",
                        ),
                        _ => InvalidReason::Inconsistent("invalid value"),
                    };
                    let path = if prefix.is_empty() {
                        field.to_string()
                    } else {
                        format!("{prefix}.{field}")
                    };
                    self.push(path, reason);
                }
            }
        }
    }

    pub fn time(&mut self, field: String, text: &str) -> TimeOfDay {
        TimeOfDay::parse(text).unwrap_or_else(|reason| {
            self.push(field, reason);
            TimeOfDay::MIDNIGHT
        })
    }

    /// An id in a body must be of the right kind.
    pub fn id(&mut self, field: String, id: &str, kind: Kind) {
        if !kind.matches(id) {
            self.push(field, InvalidReason::Inconsistent(kind_message(kind)));
        }
    }

    pub fn finish(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid { errors: self.0 })
        }
    }
}

fn kind_message(kind: Kind) -> &'static str {
    match kind {
        Kind::Host => "not a host id (host ids start with hst_)",
        Kind::Schedule => "not a schedule id (schedule ids start with sch_)",
        Kind::Link => "not a link id (link ids start with lnk_)",
        Kind::Booking => "not a booking id (booking ids start with bkg_)",
        Kind::BusyBlock => "not a busy block id (busy block ids start with bsy_)",
        Kind::ApiKey => "not an API key id (key ids start with key_)",
        Kind::Organization => "not an organization id",
        Kind::Event => "not an event id",
        Kind::OneTimeLink => "not a one-time link id (one-time link ids start with otl_)",
        Kind::AuditEvent => "not an audit event id (audit event ids start with aud_)",
    }
}

fn slug(s: &str) -> Result<(), validator::ValidationError> {
    if skyslots_storage::orgs::is_slug(s) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("slug"))
    }
}

fn metadata_ok(m: &BTreeMap<String, String>, errors: &mut Errors) {
    if m.len() > 50 {
        errors.push("metadata", InvalidReason::TooMany(50));
    }
    for (k, v) in m {
        if k.is_empty() || k.chars().count() > 40 {
            errors.push(
                format!("metadata.{}", crate::routes::truncate(k)),
                InvalidReason::Inconsistent("keys are 1-40 characters"),
            );
        }
        if v.chars().count() > 500 {
            errors.push(
                format!("metadata.{}", crate::routes::truncate(k)),
                InvalidReason::OutOfRange { min: 0, max: 500 },
            );
        }
    }
}

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

// ---- hosts ---------------------------------------------------------------------------

/// A new host: a person or calendar that can be booked.
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
#[oai(example)]
pub struct HostCreate {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: String,
    #[oai(validator(max_length = 254))]
    #[validate(email)]
    pub email: String,
    /// IANA time zone, e.g. `Europe/London`.
    #[oai(validator(max_length = 64))]
    pub timezone: String,
    /// The host's default schedule (a link can use its own).
    pub schedule_id: Option<String>,
}

impl poem_openapi::types::Example for HostCreate {
    fn example() -> Self {
        Self {
            name: "Ada".into(),
            email: "ada@example.com".into(),
            timezone: "Europe/London".into(),
            schedule_id: Some("sch_01jdq4x8m2w9k3v7c5t1r6y0ab".into()),
        }
    }
}

/// Changes to a host; omitted fields stay, `schedule_id: null` removes the default schedule.
#[derive(Debug, Clone, Object)]
pub struct HostUpdate {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[oai(validator(max_length = 254))]
    pub email: Option<String>,
    #[oai(validator(max_length = 64))]
    pub timezone: Option<String>,
    pub schedule_id: MaybeUndefined<String>,
}

// ---- busy blocks -----------------------------------------------------------------------

/// Time a host is unavailable: time off, an external calendar event.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct BusyBlockCreate {
    pub host_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    #[oai(validator(max_length = 200))]
    pub title: Option<String>,
}

// ---- links -----------------------------------------------------------------------------

/// How a link's hosts are assigned to a booking (default `single`): `single` (the one host),
/// `round_robin` (the free host with the fewest sessions of the link that week), `collective` (every host at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename_all = "snake_case")]
#[oai(rename = "Assignment")]
pub enum AssignmentName {
    /// One host.
    Single,
    /// Any free host; bookings spread to the least booked host that week.
    RoundRobin,
    /// All hosts together.
    Collective,
}

impl From<AssignmentName> for Assignment {
    fn from(a: AssignmentName) -> Self {
        match a {
            AssignmentName::Single => Self::Single,
            AssignmentName::RoundRobin => Self::RoundRobin,
            AssignmentName::Collective => Self::Collective,
        }
    }
}

impl From<Assignment> for AssignmentName {
    fn from(a: Assignment) -> Self {
        match a {
            Assignment::Single => Self::Single,
            Assignment::RoundRobin => Self::RoundRobin,
            Assignment::Collective => Self::Collective,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename_all = "snake_case")]
#[oai(rename = "QuestionKind")]
pub enum QuestionKindName {
    Text,
    Email,
    Phone,
    Number,
    Select,
    Multiselect,
    Checkbox,
}

impl From<QuestionKindName> for QuestionKind {
    fn from(k: QuestionKindName) -> Self {
        match k {
            QuestionKindName::Text => Self::Text,
            QuestionKindName::Email => Self::Email,
            QuestionKindName::Phone => Self::Phone,
            QuestionKindName::Number => Self::Number,
            QuestionKindName::Select => Self::Select,
            QuestionKindName::Multiselect => Self::Multiselect,
            QuestionKindName::Checkbox => Self::Checkbox,
        }
    }
}

impl From<QuestionKind> for QuestionKindName {
    fn from(k: QuestionKind) -> Self {
        match k {
            QuestionKind::Text => Self::Text,
            QuestionKind::Email => Self::Email,
            QuestionKind::Phone => Self::Phone,
            QuestionKind::Number => Self::Number,
            QuestionKind::Select => Self::Select,
            QuestionKind::Multiselect => Self::Multiselect,
            QuestionKind::Checkbox => Self::Checkbox,
        }
    }
}

/// An intake question. Its `id` is the key of the answer in a booking's `answers`.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "QuestionInput")]
pub struct QuestionParam {
    #[oai(validator(max_length = 64))]
    pub id: String,
    #[oai(validator(max_length = 500))]
    pub label: String,
    pub kind: QuestionKindName,
    #[oai(default)]
    pub required: bool,
    /// Choices, for `select` and `multiselect`.
    #[oai(default)]
    pub options: Vec<String>,
}

impl From<&QuestionParam> for Question {
    fn from(q: &QuestionParam) -> Self {
        Self {
            id: q.id.clone(),
            label: q.label.clone(),
            kind: q.kind.into(),
            required: q.required,
            options: q.options.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename_all = "snake_case")]
pub enum LocationKind {
    InPerson,
    Phone,
    Video,
    Custom,
}

/// Where bookings take place.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "LocationInput")]
pub struct LocationParam {
    pub kind: LocationKind,
    /// An address, a phone number, a meeting URL or free text.
    #[oai(validator(max_length = 1000))]
    pub value: Option<String>,
}

/// A price in minor units (cents) of an ISO 4217 currency.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "PriceInput")]
pub struct PriceParam {
    #[oai(validator(minimum(value = "0"), maximum(value = "100000000")))]
    pub amount: i64,
    /// Three upper-case letters, e.g. `EUR`.
    #[oai(validator(pattern = "^[A-Z]{3}$"))]
    pub currency: String,
}

/// A refund tier: cancelling at least `min_notice` minutes before the start refunds `percent`.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "RefundTierInput")]
pub struct RefundTierParam {
    pub min_notice: u32,
    pub percent: u8,
}

/// What attendees may change, until when, and what a cancellation refunds. The organization
/// (an API key) is never bound by it.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "PolicyInput")]
pub struct PolicyParam {
    #[oai(default = "yes")]
    pub attendee_can_cancel: bool,
    /// Attendees may cancel until this many minutes before the start.
    #[oai(default)]
    pub cancel_notice: u32,
    #[oai(default = "yes")]
    pub attendee_can_reschedule: bool,
    /// Attendees may reschedule until this many minutes before the start.
    #[oai(default)]
    pub reschedule_notice: u32,
    /// The first tier whose notice a cancellation meets decides the refund; none met: none.
    #[oai(default = "full_refund")]
    pub refund_tiers: Vec<RefundTierParam>,
}

fn yes() -> bool {
    true
}

fn full_refund() -> Vec<RefundTierParam> {
    vec![RefundTierParam {
        min_notice: 0,
        percent: 100,
    }]
}

impl Default for PolicyParam {
    fn default() -> Self {
        Self {
            attendee_can_cancel: true,
            cancel_notice: 0,
            attendee_can_reschedule: true,
            reschedule_notice: 0,
            refund_tiers: full_refund(),
        }
    }
}

impl From<&PolicyParam> for ChangePolicy {
    fn from(p: &PolicyParam) -> Self {
        Self {
            cancel_notice: p.attendee_can_cancel.then_some(p.cancel_notice),
            reschedule_notice: p.attendee_can_reschedule.then_some(p.reschedule_notice),
            refund_tiers: p
                .refund_tiers
                .iter()
                .map(|t| RefundTier {
                    min_notice: t.min_notice,
                    percent: t.percent,
                })
                .collect(),
        }
    }
}

/// A new booking link (event type).
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
#[oai(example)]
pub struct LinkCreate {
    /// Unique within the organization: a-z, 0-9 and -.
    #[validate(custom(function = "slug"))]
    #[oai(validator(max_length = 64))]
    pub slug: String,
    #[oai(validator(min_length = 1, max_length = 200))]
    pub title: String,
    #[oai(validator(max_length = 5000))]
    pub description: Option<String>,
    /// Offered durations in minutes; a booking picks one.
    pub durations: Vec<u32>,
    /// Minutes between slot starts; omitted: the chosen duration.
    pub slot_interval: Option<u32>,
    #[oai(default)]
    pub buffer_before: u32,
    #[oai(default)]
    pub buffer_after: u32,
    /// Minutes of notice a booking needs.
    #[oai(default)]
    pub min_notice: u32,
    /// How many days ahead bookings may start; omitted: no limit.
    pub horizon_days: Option<u32>,
    /// Most bookings per host per day (in the schedule's time zone).
    pub daily_limit: Option<u32>,
    /// Most bookings per host per week (Monday to Sunday, schedule's time zone).
    pub weekly_limit: Option<u32>,
    /// Seats per slot; more than one makes a group session.
    #[oai(default = "one")]
    pub capacity: u32,
    pub host_ids: Vec<String>,
    // How hosts are assigned; omitted: `single`. (Said on the type: a described enum `$ref`
    // becomes an `allOf` that openapi-python-client cannot read.)
    pub assignment: Option<AssignmentName>,
    /// A schedule for all hosts of this link; omitted: each host's default schedule.
    pub schedule_id: Option<String>,
    #[oai(default)]
    pub questions: Vec<QuestionParam>,
    pub location: Option<LocationParam>,
    #[oai(default)]
    pub requires_confirmation: bool,
    // Cancellation and reschedule rules; omitted: attendees may always cancel and reschedule,
    // with a full refund (said on PolicyInput: a described `$ref` becomes an `allOf`).
    pub policy: Option<PolicyParam>,
    pub price: Option<PriceParam>,
    #[oai(default)]
    pub metadata: BTreeMap<String, String>,
    #[oai(default = "yes")]
    pub active: bool,
}

fn one() -> u32 {
    1
}

impl poem_openapi::types::Example for LinkCreate {
    fn example() -> Self {
        Self {
            slug: "intro".into(),
            title: "Intro call".into(),
            description: None,
            durations: vec![30, 60],
            slot_interval: None,
            buffer_before: 0,
            buffer_after: 10,
            min_notice: 120,
            horizon_days: Some(60),
            daily_limit: None,
            weekly_limit: None,
            capacity: 1,
            host_ids: vec!["hst_01jdq4x8m2w9k3v7c5t1r6y0ab".into()],
            assignment: None,
            schedule_id: None,
            questions: vec![],
            location: None,
            requires_confirmation: false,
            policy: None,
            price: None,
            metadata: BTreeMap::new(),
            active: true,
        }
    }
}

/// Changes to a link; omitted fields stay, `null` clears an optional setting.
#[derive(Debug, Clone, Object)]
pub struct LinkUpdate {
    #[oai(validator(max_length = 64))]
    pub slug: Option<String>,
    #[oai(validator(min_length = 1, max_length = 200))]
    pub title: Option<String>,
    #[oai(validator(max_length = 5000))]
    pub description: MaybeUndefined<String>,
    pub durations: Option<Vec<u32>>,
    pub slot_interval: MaybeUndefined<u32>,
    pub buffer_before: Option<u32>,
    pub buffer_after: Option<u32>,
    pub min_notice: Option<u32>,
    pub horizon_days: MaybeUndefined<u32>,
    pub daily_limit: MaybeUndefined<u32>,
    pub weekly_limit: MaybeUndefined<u32>,
    pub capacity: Option<u32>,
    pub host_ids: Option<Vec<String>>,
    pub assignment: Option<AssignmentName>,
    pub schedule_id: MaybeUndefined<String>,
    pub questions: Option<Vec<QuestionParam>>,
    pub location: MaybeUndefined<LocationParam>,
    pub requires_confirmation: Option<bool>,
    pub policy: Option<PolicyParam>,
    pub price: MaybeUndefined<PriceParam>,
    pub metadata: Option<BTreeMap<String, String>>,
    /// Inactive links keep their bookings but take no new ones.
    pub active: Option<bool>,
}

/// Copy a link's settings to a new, inactive link.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct LinkDuplicate {
    /// Slug of the copy; omitted: `<slug>-copy`.
    #[oai(validator(max_length = 64))]
    pub slug: Option<String>,
    #[oai(validator(min_length = 1, max_length = 200))]
    pub title: Option<String>,
}

pub fn link_input(errors: &mut Errors, p: &LinkCreate) -> skyslots_storage::LinkInput {
    errors.validate("", p);
    for (i, h) in p.host_ids.iter().enumerate() {
        errors.id(format!("host_ids[{i}]"), h, Kind::Host);
    }
    if let Some(s) = &p.schedule_id {
        errors.id("schedule_id".into(), s, Kind::Schedule);
    }
    metadata_ok(&p.metadata, errors);
    let input = skyslots_storage::LinkInput {
        slug: p.slug.clone(),
        title: p.title.clone(),
        description: p.description.clone(),
        rules: skyslots_core::LinkRules {
            durations: p.durations.clone(),
            slot_interval: p.slot_interval,
            buffer_before: p.buffer_before,
            buffer_after: p.buffer_after,
            min_notice: p.min_notice,
            horizon: horizon_minutes(errors, p.horizon_days),
            daily_limit: p.daily_limit,
            weekly_limit: p.weekly_limit,
            capacity: p.capacity,
            assignment: p.assignment.unwrap_or(AssignmentName::Single).into(),
        },
        schedule_id: p.schedule_id.clone(),
        host_ids: p.host_ids.clone(),
        questions: p.questions.iter().map(Question::from).collect(),
        location: p.location.as_ref().map(location),
        requires_confirmation: p.requires_confirmation,
        policy: (&p.policy.clone().unwrap_or_default()).into(),
        price: p.price.as_ref().map(|pr| skyslots_storage::Price {
            amount: pr.amount,
            currency: pr.currency.clone(),
        }),
        metadata: p.metadata.clone(),
        active: p.active,
    };
    if let Err(invalid) = input.validate() {
        errors.extend(None, invalid);
    }
    input
}

pub fn horizon_minutes(errors: &mut Errors, days: Option<u32>) -> Option<u32> {
    days.map(|d| {
        if !(1..=3_650).contains(&d) {
            errors.push(
                "horizon_days",
                InvalidReason::OutOfRange { min: 1, max: 3_650 },
            );
        }
        d.min(3_650) * 24 * 60
    })
}

pub fn location(l: &LocationParam) -> skyslots_storage::Location {
    let kind = match l.kind {
        LocationKind::InPerson => "in_person",
        LocationKind::Phone => "phone",
        LocationKind::Video => "video",
        LocationKind::Custom => "custom",
    };
    skyslots_storage::Location {
        kind: kind.into(),
        value: l.value.clone(),
    }
}

/// Apply a link update onto the current input, recording problems.
pub fn apply_link_update(
    errors: &mut Errors,
    u: &LinkUpdate,
    input: &mut skyslots_storage::LinkInput,
) {
    fn maybe<T: Clone>(m: &MaybeUndefined<T>, target: &mut Option<T>) {
        match m {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => *target = None,
            MaybeUndefined::Value(v) => *target = Some(v.clone()),
        }
    }
    if let Some(s) = &u.slug {
        if slug(s).is_err() {
            errors.push(
                "slug",
                InvalidReason::Inconsistent(
                    "use 1-64 characters of a-z, 0-9 and -, not starting with -",
                ),
            );
        }
        input.slug = s.clone();
    }
    if let Some(t) = &u.title {
        input.title = t.clone();
    }
    maybe(&u.description, &mut input.description);
    let r = &mut input.rules;
    if let Some(d) = &u.durations {
        r.durations = d.clone();
    }
    maybe(&u.slot_interval, &mut r.slot_interval);
    r.buffer_before = u.buffer_before.unwrap_or(r.buffer_before);
    r.buffer_after = u.buffer_after.unwrap_or(r.buffer_after);
    r.min_notice = u.min_notice.unwrap_or(r.min_notice);
    match &u.horizon_days {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => r.horizon = None,
        MaybeUndefined::Value(d) => r.horizon = horizon_minutes(errors, Some(*d)),
    }
    maybe(&u.daily_limit, &mut r.daily_limit);
    maybe(&u.weekly_limit, &mut r.weekly_limit);
    r.capacity = u.capacity.unwrap_or(r.capacity);
    if let Some(a) = u.assignment {
        r.assignment = a.into();
    }
    if let Some(h) = &u.host_ids {
        for (i, id) in h.iter().enumerate() {
            errors.id(format!("host_ids[{i}]"), id, Kind::Host);
        }
        input.host_ids = h.clone();
    }
    maybe(&u.schedule_id, &mut input.schedule_id);
    if let Some(s) = &input.schedule_id {
        errors.id("schedule_id".into(), s, Kind::Schedule);
    }
    if let Some(q) = &u.questions {
        input.questions = q.iter().map(Question::from).collect();
    }
    match &u.location {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => input.location = None,
        MaybeUndefined::Value(l) => input.location = Some(location(l)),
    }
    input.requires_confirmation = u
        .requires_confirmation
        .unwrap_or(input.requires_confirmation);
    if let Some(p) = &u.policy {
        input.policy = p.into();
    }
    match &u.price {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => input.price = None,
        MaybeUndefined::Value(p) => {
            input.price = Some(skyslots_storage::Price {
                amount: p.amount,
                currency: p.currency.clone(),
            })
        }
    }
    if let Some(m) = &u.metadata {
        metadata_ok(m, errors);
        input.metadata = m.clone();
    }
    input.active = u.active.unwrap_or(input.active);
    if let Err(invalid) = input.validate() {
        errors.extend(None, invalid);
    }
}

// ---- bookings --------------------------------------------------------------------------

/// The person booking.
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
#[oai(rename = "AttendeeInput")]
pub struct AttendeeParam {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: String,
    #[oai(validator(max_length = 254))]
    #[validate(email)]
    pub email: String,
    /// The attendee's IANA time zone (for their confirmation and calendar).
    #[oai(validator(max_length = 64))]
    pub timezone: String,
}

/// A booking request.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(example)]
pub struct BookingCreate {
    pub link_id: String,
    /// Start of the slot, RFC 3339 (UTC recommended).
    pub start: DateTime<Utc>,
    /// One of the link's durations in minutes; omitted: the link's first duration.
    pub duration: Option<u32>,
    #[oai(default = "one")]
    pub seats: u32,
    pub attendee: AttendeeParam,
    /// Answers to the link's questions, by question id: text, number, `true`/`false`, or a
    /// list of options.
    #[oai(default)]
    pub answers: BTreeMap<String, serde_json::Value>,
    #[oai(default)]
    pub metadata: BTreeMap<String, String>,
}

impl poem_openapi::types::Example for BookingCreate {
    fn example() -> Self {
        Self {
            link_id: "lnk_01jdq4x8m2w9k3v7c5t1r6y0ab".into(),
            start: DateTime::from_timestamp(1_796_137_200, 0).unwrap_or_default(),
            duration: Some(30),
            seats: 1,
            attendee: AttendeeParam {
                name: "Grace".into(),
                email: "grace@example.com".into(),
                timezone: "America/New_York".into(),
            },
            answers: BTreeMap::from([("company".to_owned(), serde_json::json!("Acme"))]),
            metadata: BTreeMap::from([("crm_id".to_owned(), "42".to_owned())]),
        }
    }
}

/// Convert JSON answers into the engine's answers; wrong shapes are field errors.
pub fn answers(
    errors: &mut Errors,
    raw: &BTreeMap<String, serde_json::Value>,
) -> BTreeMap<String, Answer> {
    let mut out = BTreeMap::new();
    if raw.len() > 100 {
        errors.push("answers", InvalidReason::TooMany(100));
    }
    for (k, v) in raw {
        let answer = match v {
            serde_json::Value::Bool(b) => Some(Answer::Bool(*b)),
            serde_json::Value::Number(n) => n.as_f64().map(Answer::Number),
            serde_json::Value::String(s) => Some(Answer::Text(s.clone())),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Answer::Many),
            _ => None,
        };
        match answer {
            Some(a) => {
                out.insert(k.clone(), a);
            }
            None => errors.push(
                format!("answers.{k}"),
                InvalidReason::Inconsistent(
                    "answers are text, a number, true/false, or a list of options",
                ),
            ),
        }
    }
    out
}

pub fn booking_metadata(errors: &mut Errors, m: &BTreeMap<String, String>) {
    metadata_ok(m, errors);
}

/// Cancel a booking.
#[derive(Debug, Clone, Object)]
pub struct BookingCancel {
    #[oai(validator(max_length = 1000))]
    pub reason: Option<String>,
}

/// Move a booking to another start (same booking, calendar SEQUENCE + 1).
#[derive(Debug, Clone, Object)]
pub struct BookingReschedule {
    pub start: DateTime<Utc>,
    /// One of the link's durations; omitted: the booking's current duration.
    pub duration: Option<u32>,
}

// ---- API keys --------------------------------------------------------------------------

/// A new API key.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct ApiKeyCreate {
    /// What the key is for, e.g. `production backend`.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub name: String,
}

// ---- organization ----------------------------------------------------------------------

/// Change the organization's display name or public slug. Public URLs with the old slug stop
/// working at once.
#[derive(Debug, Clone, Object, Validate)]
pub struct OrganizationUpdate {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[validate(custom(function = "crate::params::slug"))]
    #[oai(validator(max_length = 64))]
    pub slug: Option<String>,
}

// ---- one-time links --------------------------------------------------------------------

/// A slot offered by a one-time link.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "OfferedSlotInput")]
pub struct OfferedSlotParam {
    pub start: DateTime<Utc>,
    /// One of the link's durations, in minutes.
    pub duration: u32,
}

/// A one-time link for one recipient.
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
#[oai(example)]
pub struct OneTimeLinkCreate {
    #[oai(validator(max_length = 254))]
    #[validate(email)]
    pub recipient_email: String,
    #[oai(validator(min_length = 1, max_length = 200))]
    pub recipient_name: Option<String>,
    /// When the link stops working (at most 366 days ahead).
    pub expires_at: DateTime<Utc>,
    /// Only these slots can be booked (at most 50); omitted or empty: any slot of the link.
    #[oai(default)]
    pub offered_slots: Vec<OfferedSlotParam>,
}

impl poem_openapi::types::Example for OneTimeLinkCreate {
    fn example() -> Self {
        Self {
            recipient_email: "grace@example.com".into(),
            recipient_name: Some("Grace".into()),
            expires_at: DateTime::from_timestamp(1_796_137_200, 0).unwrap_or_default(),
            offered_slots: vec![OfferedSlotParam {
                start: DateTime::from_timestamp(1_796_223_600, 0).unwrap_or_default(),
                duration: 30,
            }],
        }
    }
}

// ---- scoped tokens ---------------------------------------------------------------------

/// A scoped token to mint: who it is for, what it may do, and for how long.
#[derive(Debug, Clone, Object, Validate)]
#[oai(example)]
pub struct TokenCreate {
    /// Whom the token is for, in the integrator's terms (a customer or session id); it is the
    /// token's `sub` and the actor of its changes in audit events.
    #[oai(validator(min_length = 1, max_length = 200))]
    pub subject: String,
    /// What the token may do (at least one).
    #[oai(validator(min_items = 1, max_items = 4, unique_items))]
    pub scopes: Vec<crate::tokens::Scope>,
    /// Limit the token to this link: its availability, and bookings on it.
    pub link_id: Option<String>,
    /// Limit the token to this attendee's bookings.
    #[oai(validator(max_length = 254))]
    #[validate(email)]
    pub attendee_email: Option<String>,
    /// Lifetime in seconds, 60 to 86400 (24 h); default 3600.
    #[oai(
        default = "one_hour",
        validator(minimum(value = "60"), maximum(value = "86400"))
    )]
    pub expires_in: u32,
}

fn one_hour() -> u32 {
    3600
}

impl poem_openapi::types::Example for TokenCreate {
    fn example() -> Self {
        Self {
            subject: "customer-8812".into(),
            scopes: vec![
                crate::tokens::Scope::AvailabilityRead,
                crate::tokens::Scope::BookingsRead,
                crate::tokens::Scope::BookingsWrite,
            ],
            link_id: Some("lnk_01JD3Z8Q4W5N6M7K8J9H0G1F2E".into()),
            attendee_email: Some("grace@example.com".into()),
            expires_in: 3600,
        }
    }
}

// ---- public ----------------------------------------------------------------------------

/// A guest's booking request on a public or one-time link.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(example)]
pub struct PublicBookingCreate {
    /// Start of the slot, RFC 3339.
    pub start: DateTime<Utc>,
    /// One of the link's durations in minutes; omitted: the link's first duration.
    pub duration: Option<u32>,
    #[oai(default = "one")]
    pub seats: u32,
    pub attendee: AttendeeParam,
    /// Answers to the link's questions, by question id.
    #[oai(default)]
    pub answers: BTreeMap<String, serde_json::Value>,
}

impl poem_openapi::types::Example for PublicBookingCreate {
    fn example() -> Self {
        Self {
            start: DateTime::from_timestamp(1_796_137_200, 0).unwrap_or_default(),
            duration: Some(30),
            seats: 1,
            attendee: AttendeeParam {
                name: "Grace".into(),
                email: "grace@example.com".into(),
                timezone: "America/New_York".into(),
            },
            answers: BTreeMap::from([("company".to_owned(), serde_json::json!("Acme"))]),
        }
    }
}
