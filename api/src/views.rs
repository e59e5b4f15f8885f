//! What the API returns. Built from storage records; never from database rows.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use poem_openapi::{Enum, Object};
use skyslots_core::questions::Answer;
use skyslots_storage as st;

use crate::params::{AssignmentName, LocationKind, QuestionKindName, WeekdayName};

#[derive(Debug, Clone, Object)]
#[oai(rename = "ApiKey")]
pub struct ApiKeyView {
    pub id: String,
    pub name: String,
    /// The first characters of the secret, to recognise the key.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    #[oai(skip_serializing_if_is_none)]
    pub last_used_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<&st::ApiKey> for ApiKeyView {
    fn from(k: &st::ApiKey) -> Self {
        Self {
            id: k.id.clone(),
            name: k.name.clone(),
            prefix: k.prefix.clone(),
            created_at: k.created_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        }
    }
}

/// A created key. `secret` is shown only in the response that created it (a retry with the
/// same Idempotency-Key returns the key without it).
#[derive(Debug, Clone, Object)]
#[oai(rename = "ApiKeyCreated")]
pub struct ApiKeyCreatedView {
    pub key: ApiKeyView,
    #[oai(skip_serializing_if_is_none)]
    pub secret: Option<String>,
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

#[derive(Debug, Clone, Object)]
#[oai(rename = "Host")]
pub struct HostView {
    pub id: String,
    pub name: String,
    pub email: String,
    pub timezone: String,
    #[oai(skip_serializing_if_is_none)]
    pub schedule_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&st::Host> for HostView {
    fn from(h: &st::Host) -> Self {
        Self {
            id: h.id.clone(),
            name: h.name.clone(),
            email: h.email.clone(),
            timezone: h.timezone.clone(),
            schedule_id: h.schedule_id.clone(),
            created_at: h.created_at,
            updated_at: h.updated_at,
        }
    }
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "BusyBlock")]
pub struct BusyBlockView {
    pub id: String,
    pub host_id: String,
    #[oai(skip_serializing_if_is_none)]
    pub title: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl From<&st::BusyBlock> for BusyBlockView {
    fn from(b: &st::BusyBlock) -> Self {
        Self {
            id: b.id.clone(),
            host_id: b.host_id.clone(),
            title: b.title.clone(),
            start: b.start,
            end: b.end,
            created_at: b.created_at,
        }
    }
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Question")]
pub struct QuestionView {
    pub id: String,
    pub label: String,
    pub kind: QuestionKindName,
    pub required: bool,
    pub options: Vec<String>,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Location")]
pub struct LocationView {
    pub kind: LocationKind,
    #[oai(skip_serializing_if_is_none)]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Price")]
pub struct PriceView {
    pub amount: i64,
    pub currency: String,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "RefundTier")]
pub struct RefundTierView {
    pub min_notice: u32,
    pub percent: u8,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Policy")]
pub struct PolicyView {
    pub attendee_can_cancel: bool,
    pub cancel_notice: u32,
    pub attendee_can_reschedule: bool,
    pub reschedule_notice: u32,
    pub refund_tiers: Vec<RefundTierView>,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Link")]
pub struct LinkView {
    pub id: String,
    pub slug: String,
    pub title: String,
    #[oai(skip_serializing_if_is_none)]
    pub description: Option<String>,
    pub durations: Vec<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub slot_interval: Option<u32>,
    pub buffer_before: u32,
    pub buffer_after: u32,
    pub min_notice: u32,
    #[oai(skip_serializing_if_is_none)]
    pub horizon_days: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub daily_limit: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub weekly_limit: Option<u32>,
    pub capacity: u32,
    pub host_ids: Vec<String>,
    pub assignment: AssignmentName,
    #[oai(skip_serializing_if_is_none)]
    pub schedule_id: Option<String>,
    pub questions: Vec<QuestionView>,
    #[oai(skip_serializing_if_is_none)]
    pub location: Option<LocationView>,
    pub requires_confirmation: bool,
    pub policy: PolicyView,
    #[oai(skip_serializing_if_is_none)]
    pub price: Option<PriceView>,
    pub metadata: BTreeMap<String, String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn location_kind(kind: &str) -> LocationKind {
    match kind {
        "in_person" => LocationKind::InPerson,
        "phone" => LocationKind::Phone,
        "video" => LocationKind::Video,
        _ => LocationKind::Custom,
    }
}

fn questions(l: &st::Link) -> Vec<QuestionView> {
    l.questions
        .iter()
        .map(|q| QuestionView {
            id: q.id.clone(),
            label: q.label.clone(),
            kind: q.kind.into(),
            required: q.required,
            options: q.options.clone(),
        })
        .collect()
}

fn policy(l: &st::Link) -> PolicyView {
    PolicyView {
        attendee_can_cancel: l.policy.cancel_notice.is_some(),
        cancel_notice: l.policy.cancel_notice.unwrap_or(0),
        attendee_can_reschedule: l.policy.reschedule_notice.is_some(),
        reschedule_notice: l.policy.reschedule_notice.unwrap_or(0),
        refund_tiers: l
            .policy
            .refund_tiers
            .iter()
            .map(|t| RefundTierView {
                min_notice: t.min_notice,
                percent: t.percent,
            })
            .collect(),
    }
}

fn price(l: &st::Link) -> Option<PriceView> {
    l.price.as_ref().map(|p| PriceView {
        amount: p.amount,
        currency: p.currency.clone(),
    })
}

impl From<&st::Link> for LinkView {
    fn from(l: &st::Link) -> Self {
        let r = &l.rules;
        Self {
            id: l.id.clone(),
            slug: l.slug.clone(),
            title: l.title.clone(),
            description: l.description.clone(),
            durations: r.durations.clone(),
            slot_interval: r.slot_interval,
            buffer_before: r.buffer_before,
            buffer_after: r.buffer_after,
            min_notice: r.min_notice,
            horizon_days: r.horizon.map(|m| m / (24 * 60)),
            daily_limit: r.daily_limit,
            weekly_limit: r.weekly_limit,
            capacity: r.capacity,
            host_ids: l.host_ids.clone(),
            assignment: r.assignment.into(),
            schedule_id: l.schedule_id.clone(),
            questions: questions(l),
            location: l.location.as_ref().map(|loc| LocationView {
                kind: location_kind(&loc.kind),
                value: loc.value.clone(),
            }),
            requires_confirmation: l.requires_confirmation,
            policy: policy(l),
            price: price(l),
            metadata: l.metadata.clone(),
            active: l.active,
            created_at: l.created_at,
            updated_at: l.updated_at,
        }
    }
}

/// One bookable slot.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Slot")]
pub struct SlotView {
    /// Start, UTC.
    pub start: DateTime<Utc>,
    /// End, UTC.
    pub end: DateTime<Utc>,
    /// Start in the requested time zone.
    pub local_start: DateTime<FixedOffset>,
    /// End in the requested time zone.
    pub local_end: DateTime<FixedOffset>,
    /// Seats a booking can still take.
    pub seats_remaining: u32,
}

/// Bookable slots of a link in a window.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Availability")]
pub struct AvailabilityView {
    pub link_id: String,
    /// The time zone of `local_start` / `local_end`.
    pub timezone: String,
    pub duration: u32,
    pub slots: Vec<SlotView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
#[oai(rename = "BookingStatus")]
pub enum BookingStatusName {
    /// Awaiting confirmation; the time is held.
    Pending,
    Confirmed,
    Cancelled,
}

impl From<st::BookingStatus> for BookingStatusName {
    fn from(s: st::BookingStatus) -> Self {
        match s {
            st::BookingStatus::Pending => Self::Pending,
            st::BookingStatus::Confirmed => Self::Confirmed,
            st::BookingStatus::Cancelled => Self::Cancelled,
        }
    }
}

impl From<BookingStatusName> for st::BookingStatus {
    fn from(s: BookingStatusName) -> Self {
        match s {
            BookingStatusName::Pending => Self::Pending,
            BookingStatusName::Confirmed => Self::Confirmed,
            BookingStatusName::Cancelled => Self::Cancelled,
        }
    }
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Attendee")]
pub struct AttendeeView {
    pub name: String,
    pub email: String,
    pub timezone: String,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Booking")]
pub struct BookingView {
    pub id: String,
    pub link_id: String,
    /// The host(s) booked: one, or all of a collective link's hosts.
    pub host_ids: Vec<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Minutes.
    pub duration: u32,
    pub seats: u32,
    pub status: BookingStatusName,
    pub attendee: AttendeeView,
    pub answers: BTreeMap<String, serde_json::Value>,
    pub metadata: BTreeMap<String, String>,
    /// iCalendar UID: stable across reschedules.
    pub ical_uid: String,
    /// iCalendar SEQUENCE: incremented on every reschedule and cancellation.
    pub ical_sequence: u32,
    #[oai(skip_serializing_if_is_none)]
    pub cancel_reason: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn answer_json(a: &Answer) -> serde_json::Value {
    match a {
        Answer::Bool(b) => serde_json::Value::Bool(*b),
        Answer::Number(n) => serde_json::json!(n),
        Answer::Text(t) => serde_json::Value::String(t.clone()),
        Answer::Many(items) => serde_json::json!(items),
    }
}

impl From<&st::Booking> for BookingView {
    fn from(b: &st::Booking) -> Self {
        Self {
            id: b.id.clone(),
            link_id: b.link_id.clone(),
            host_ids: b.host_ids.clone(),
            start: b.start,
            end: b.end,
            duration: u32::try_from((b.end - b.start).num_minutes()).unwrap_or(0),
            seats: b.seats,
            status: b.status.into(),
            attendee: AttendeeView {
                name: b.attendee.name.clone(),
                email: b.attendee.email.clone(),
                timezone: b.attendee.timezone.clone(),
            },
            answers: b
                .answers
                .iter()
                .map(|(k, v)| (k.clone(), answer_json(v)))
                .collect(),
            metadata: b.metadata.clone(),
            ical_uid: b.ical_uid.clone(),
            ical_sequence: b.ical_sequence,
            cancel_reason: b.cancel_reason.clone(),
            cancelled_at: b.cancelled_at,
            created_at: b.created_at,
            updated_at: b.updated_at,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
#[oai(rename = "Refund")]
pub enum RefundName {
    Full,
    Partial,
    None,
}

impl From<&skyslots_core::policy::Refund> for RefundName {
    fn from(r: &skyslots_core::policy::Refund) -> Self {
        use skyslots_core::policy::Refund;
        match r {
            Refund::Full => Self::Full,
            Refund::Partial { .. } => Self::Partial,
            Refund::None => Self::None,
        }
    }
}

/// A cancelled booking and what its cancellation refunds under the link's policy.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Cancellation")]
pub struct CancellationView {
    pub booking: BookingView,
    pub refund: RefundName,
    pub refund_percent: u8,
}

macro_rules! list_view {
    ($name:ident, $item:ty) => {
        /// One page of a list.
        #[derive(Debug, Clone, Object)]
        pub struct $name {
            pub data: Vec<$item>,
            /// Pass as `cursor` to get the next page; absent on the last page.
            #[oai(skip_serializing_if_is_none)]
            pub next_cursor: Option<String>,
        }

        impl $name {
            pub fn from_page<T>(page: st::Page<T>, f: impl Fn(&T) -> $item) -> Self {
                Self {
                    data: page.items.iter().map(f).collect(),
                    next_cursor: page.next_cursor,
                }
            }
        }
    };
}

list_view!(ApiKeyList, ApiKeyView);
list_view!(ScheduleList, ScheduleView);
list_view!(HostList, HostView);
list_view!(BusyBlockList, BusyBlockView);
list_view!(LinkList, LinkView);
list_view!(BookingList, BookingView);

/// Service health.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Health")]
pub struct HealthView {
    pub status: String,
    #[oai(skip_serializing_if_is_none)]
    pub database: Option<String>,
}

// ---- scoped tokens ---------------------------------------------------------------------

/// A minted token. It is not stored: keep it where its holder can use it.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Token")]
pub struct TokenView {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub subject: String,
    pub scopes: Vec<crate::tokens::Scope>,
    #[oai(skip_serializing_if_is_none)]
    pub link_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub attendee_email: Option<String>,
    pub expires_at: DateTime<Utc>,
}

// ---- organization, one-time links, audit events ------------------------------------------

#[derive(Debug, Clone, Object)]
#[oai(rename = "Organization")]
pub struct OrganizationView {
    pub id: String,
    pub name: String,
    /// Public: the organization's part of public link URLs.
    pub slug: String,
    pub created_at: DateTime<Utc>,
}

impl From<&st::Organization> for OrganizationView {
    fn from(o: &st::Organization) -> Self {
        Self {
            id: o.id.clone(),
            name: o.name.clone(),
            slug: o.slug.clone(),
            created_at: o.created_at,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum OneTimeLinkStatus {
    Active,
    Used,
    Expired,
    Revoked,
}

/// A slot a one-time link offers.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "OfferedSlot")]
pub struct OfferedSlotView {
    pub start: DateTime<Utc>,
    /// Minutes: one of the link's durations.
    pub duration: u32,
}

/// Who booked with a one-time link.
#[derive(Debug, Clone, Object)]
#[oai(rename = "BookedBy")]
pub struct BookedByView {
    pub booking_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "OneTimeLink")]
pub struct OneTimeLinkView {
    pub id: String,
    pub link_id: String,
    pub recipient_email: String,
    #[oai(skip_serializing_if_is_none)]
    pub recipient_name: Option<String>,
    /// Empty: any slot of the link can be booked.
    pub offered_slots: Vec<OfferedSlotView>,
    pub expires_at: DateTime<Utc>,
    pub status: OneTimeLinkStatus,
    #[oai(skip_serializing_if_is_none)]
    pub used_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub revoked_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub booked_by: Option<BookedByView>,
    pub created_at: DateTime<Utc>,
}

fn offered(slots: &[st::onetime::OfferedSlot]) -> Vec<OfferedSlotView> {
    slots
        .iter()
        .map(|o| OfferedSlotView {
            start: o.start,
            duration: o.duration,
        })
        .collect()
}

impl From<&st::onetime::OneTimeLink> for OneTimeLinkView {
    fn from(o: &st::onetime::OneTimeLink) -> Self {
        use st::onetime::OneTimeStatus as S;
        Self {
            id: o.id.clone(),
            link_id: o.link_id.clone(),
            recipient_email: o.recipient_email.clone(),
            recipient_name: o.recipient_name.clone(),
            offered_slots: offered(&o.offered_slots),
            expires_at: o.expires_at,
            status: match o.status {
                S::Active => OneTimeLinkStatus::Active,
                S::Used => OneTimeLinkStatus::Used,
                S::Expired => OneTimeLinkStatus::Expired,
                S::Revoked => OneTimeLinkStatus::Revoked,
            },
            used_at: o.used_at,
            revoked_at: o.revoked_at,
            booked_by: o.booked_by.as_ref().map(|b| BookedByView {
                booking_id: b.booking_id.clone(),
                name: b.name.clone(),
                email: b.email.clone(),
            }),
            created_at: o.created_at,
        }
    }
}

/// A new one-time link. `token` and `url` are shown only in this response (a replay with the
/// same `Idempotency-Key` has neither: the token is not stored).
#[derive(Debug, Clone, Object)]
#[oai(rename = "OneTimeLinkCreated")]
pub struct OneTimeLinkCreatedView {
    #[oai(flatten)]
    pub link: OneTimeLinkView,
    #[oai(skip_serializing_if_is_none)]
    pub token: Option<String>,
    /// The public endpoint for this token (`GET` it for the booking page's data).
    #[oai(skip_serializing_if_is_none)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Actor")]
pub struct ActorView {
    /// `api_key`, `token`, `attendee` or `cli`.
    #[oai(rename = "type")]
    pub kind: String,
    /// API key id, token subject, or attendee email.
    pub id: String,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Target")]
pub struct TargetView {
    /// `link`, `one_time_link`, `api_key`, `booking` or `organization`.
    #[oai(rename = "type")]
    pub kind: String,
    pub id: String,
}

/// A recorded change.
#[derive(Debug, Clone, Object)]
#[oai(rename = "AuditEvent")]
pub struct AuditEventView {
    pub id: String,
    pub actor: ActorView,
    /// `<resource>.<change>`, e.g. `link.updated`, `booking.cancelled`.
    pub action: String,
    pub target: TargetView,
    pub summary: String,
    #[oai(skip_serializing_if_is_none)]
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&st::audit::AuditEvent> for AuditEventView {
    fn from(e: &st::audit::AuditEvent) -> Self {
        Self {
            id: e.id.clone(),
            actor: ActorView {
                kind: e.actor_type.clone(),
                id: e.actor_id.clone(),
            },
            action: e.action.clone(),
            target: TargetView {
                kind: e.target_type.clone(),
                id: e.target_id.clone(),
            },
            summary: e.summary.clone(),
            request_id: e.request_id.clone(),
            created_at: e.created_at,
        }
    }
}

list_view!(OneTimeLinkList, OneTimeLinkView);
list_view!(AuditEventList, AuditEventView);

// ---- public ----------------------------------------------------------------------------

/// The organization behind a public link.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicOrganization")]
pub struct PublicOrganizationView {
    pub name: String,
    pub slug: String,
}

/// What a booking page needs to show a link: nothing internal.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicLink")]
pub struct PublicLinkView {
    pub organization: PublicOrganizationView,
    pub slug: String,
    pub title: String,
    #[oai(skip_serializing_if_is_none)]
    pub description: Option<String>,
    /// Minutes; the first is the default.
    pub durations: Vec<u32>,
    /// Most seats one booking may take.
    pub capacity: u32,
    pub questions: Vec<QuestionView>,
    // How the meeting happens; the address or number is shared after booking. (No doc
    // comment: a described `$ref` becomes an `allOf` some SDK generators cannot read.)
    #[oai(skip_serializing_if_is_none)]
    pub location_kind: Option<LocationKind>,
    #[oai(skip_serializing_if_is_none)]
    pub price: Option<PriceView>,
    pub requires_confirmation: bool,
    pub policy: PolicyView,
    /// The time zone the hosts' schedule is written in: a default for showing times when
    /// the visitor's own zone is unknown.
    pub timezone_hint: String,
}

impl PublicLinkView {
    pub fn new(org: &st::Organization, l: &st::Link, timezone_hint: String) -> Self {
        Self {
            organization: PublicOrganizationView {
                name: org.name.clone(),
                slug: org.slug.clone(),
            },
            slug: l.slug.clone(),
            title: l.title.clone(),
            description: l.description.clone(),
            durations: l.rules.durations.clone(),
            capacity: l.rules.capacity,
            questions: questions(l),
            location_kind: l.location.as_ref().map(|loc| location_kind(&loc.kind)),
            price: price(l),
            requires_confirmation: l.requires_confirmation,
            policy: policy(l),
            timezone_hint,
        }
    }
}

/// A one-time link's booking page: the link, who it is for, and its limits.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicOneTime")]
pub struct PublicOneTimeView {
    pub link: PublicLinkView,
    pub recipient_email: String,
    #[oai(skip_serializing_if_is_none)]
    pub recipient_name: Option<String>,
    /// Empty: any slot of the link can be booked.
    pub offered_slots: Vec<OfferedSlotView>,
    pub expires_at: DateTime<Utc>,
}

impl PublicOneTimeView {
    pub fn new(link: PublicLinkView, o: &st::onetime::OneTimeLink) -> Self {
        Self {
            link,
            recipient_email: o.recipient_email.clone(),
            recipient_name: o.recipient_name.clone(),
            offered_slots: offered(&o.offered_slots),
            expires_at: o.expires_at,
        }
    }
}

/// A booking as its attendee sees it.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicBooking")]
pub struct PublicBookingView {
    pub id: String,
    pub status: BookingStatusName,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Minutes.
    pub duration: u32,
    pub seats: u32,
    pub attendee: AttendeeView,
    pub answers: BTreeMap<String, serde_json::Value>,
    pub link_title: String,
    // Where the meeting happens. (No doc comment: a described `$ref` becomes an `allOf`.)
    #[oai(skip_serializing_if_is_none)]
    pub location: Option<LocationView>,
    pub policy: PolicyView,
    pub ical_uid: String,
    pub ical_sequence: u32,
    #[oai(skip_serializing_if_is_none)]
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl PublicBookingView {
    pub fn new(b: &st::Booking, l: &st::Link) -> Self {
        let full = BookingView::from(b);
        Self {
            id: full.id,
            status: full.status,
            start: full.start,
            end: full.end,
            duration: full.duration,
            seats: full.seats,
            attendee: full.attendee,
            answers: full.answers,
            link_title: l.title.clone(),
            location: l.location.as_ref().map(|loc| LocationView {
                kind: location_kind(&loc.kind),
                value: loc.value.clone(),
            }),
            policy: policy(l),
            ical_uid: full.ical_uid,
            ical_sequence: full.ical_sequence,
            cancelled_at: full.cancelled_at,
        }
    }
}

/// A guest's new booking and the token for managing it, shown only here.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicBookingCreated")]
pub struct PublicBookingCreatedView {
    pub booking: PublicBookingView,
    /// Lets the attendee view, cancel and reschedule this booking within the link's policy
    /// (`/v1/public/bookings/{manage_token}`). Keep it secret: it is not stored.
    pub manage_token: String,
}

/// A cancellation by the attendee.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicCancellation")]
pub struct PublicCancellationView {
    pub booking: PublicBookingView,
    pub refund: RefundName,
    pub refund_percent: u8,
}
