//! What storage returns and accepts: records of each resource and the inputs that create or
//! change them. These are storage's contract with the API; they are neither database rows
//! (see the private row types next to each query) nor wire types (the API's params and views).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use skyslots_core::policy::ChangePolicy;
use skyslots_core::questions::{Answer, Question};
use skyslots_core::{DateOverride, LinkRules, WeeklyRule};

use crate::error::StorageError;

/// Free-form key/value pairs integrators attach to resources.
pub type Metadata = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// Unique, public: the organization's part of public link URLs.
    pub slug: String,
    /// Where attendees manage a booking: a URL with `{token}` for the manage token.
    pub manage_url: Option<String>,
    /// Where a one-time link's recipient books: a URL with `{token}`.
    pub invitation_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An API key as listed: never the secret, only its first characters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A newly created key with its secret, which is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub secret: String,
}

/// Who a request acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub organization_id: String,
    pub api_key_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Schedule {
    pub id: String,
    pub name: String,
    pub timezone: String,
    pub weekly_rules: Vec<WeeklyRule>,
    pub date_overrides: Vec<DateOverride>,
    pub holidays: Vec<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleInput {
    pub name: String,
    pub timezone: String,
    pub weekly_rules: Vec<WeeklyRule>,
    pub date_overrides: Vec<DateOverride>,
    pub holidays: Vec<NaiveDate>,
}

impl Schedule {
    pub fn input(&self) -> ScheduleInput {
        ScheduleInput {
            name: self.name.clone(),
            timezone: self.timezone.clone(),
            weekly_rules: self.weekly_rules.clone(),
            date_overrides: self.date_overrides.clone(),
            holidays: self.holidays.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Host {
    pub id: String,
    pub name: String,
    pub email: String,
    pub timezone: String,
    pub schedule_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostInput {
    pub name: String,
    pub email: String,
    pub timezone: String,
    pub schedule_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BusyBlock {
    pub id: String,
    pub host_id: String,
    pub title: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusyBlockInput {
    pub host_id: String,
    pub title: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Where a booking takes place.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// `in_person`, `phone`, `video` or `custom`.
    pub kind: String,
    pub value: Option<String>,
}

/// A price in minor units of an ISO 4217 currency, and how it applies.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Price {
    pub amount: i64,
    pub currency: String,
    #[serde(flatten)]
    pub terms: PriceTerms,
}

/// How a price applies: per booking, seat or hour; an optional deposit on booking with the
/// rest paid later or at the venue; whether tax is included.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PriceTerms {
    pub unit: skyslots_core::money::PriceUnit,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deposit: Option<skyslots_core::money::Deposit>,
    pub tax_inclusive: bool,
    pub balance: skyslots_core::money::Balance,
    /// Whether what is due on booking is collected online (through the payment provider,
    /// the booking holding its seats meanwhile) or outside SkySlots.
    pub collect: Collect,
    /// How long a booking awaiting payment holds its seats.
    pub hold_minutes: u32,
    /// Pay on the provider's hosted page (Stripe Checkout) instead of in the front end
    /// (Stripe Elements with the client secret).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkout: Option<CheckoutPages>,
}

/// Where the provider's hosted payment page sends the payer back to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckoutPages {
    pub success_url: String,
    pub cancel_url: String,
}

/// The default hold of a booking awaiting payment.
pub const DEFAULT_HOLD_MINUTES: u32 = 15;

impl Default for PriceTerms {
    fn default() -> Self {
        Self {
            unit: Default::default(),
            deposit: None,
            tax_inclusive: false,
            balance: Default::default(),
            collect: Collect::Online,
            hold_minutes: DEFAULT_HOLD_MINUTES,
            checkout: None,
        }
    }
}

/// How the amount due on booking is paid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collect {
    /// Through the payment provider when booking: the booking awaits payment.
    #[default]
    Online,
    /// Outside SkySlots (an invoice, at the door): the booking is made at once.
    Offline,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub rules: LinkRules,
    pub schedule_id: Option<String>,
    pub host_ids: Vec<String>,
    pub questions: Vec<Question>,
    pub location: Option<Location>,
    pub requires_confirmation: bool,
    pub policy: ChangePolicy,
    pub price: Option<Price>,
    pub metadata: Metadata,
    /// Which emails the link sends, and when its reminders and follow-up go out.
    #[serde(default)]
    pub emails: EmailSettings,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInput {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub rules: LinkRules,
    pub schedule_id: Option<String>,
    pub host_ids: Vec<String>,
    pub questions: Vec<Question>,
    pub location: Option<Location>,
    pub requires_confirmation: bool,
    pub policy: ChangePolicy,
    pub price: Option<Price>,
    pub metadata: Metadata,
    pub emails: EmailSettings,
    pub active: bool,
}

impl Link {
    pub fn input(&self) -> LinkInput {
        LinkInput {
            slug: self.slug.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            rules: self.rules.clone(),
            schedule_id: self.schedule_id.clone(),
            host_ids: self.host_ids.clone(),
            questions: self.questions.clone(),
            location: self.location.clone(),
            requires_confirmation: self.requires_confirmation,
            policy: self.policy.clone(),
            price: self.price.clone(),
            metadata: self.metadata.clone(),
            emails: self.emails.clone(),
            active: self.active,
        }
    }
}

/// A kind of email, as stored and as named on the wire.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    /// To the attendee: the booking stands (made, or confirmed by the organization).
    BookingConfirmation,
    /// To the attendee: the request is waiting for the organization's confirmation.
    BookingPending,
    /// To the attendee: the organization turned the request down.
    BookingDeclined,
    BookingCancelled,
    BookingRescheduled,
    /// To the attendee, at each of the link's reminder offsets before the start.
    BookingReminder,
    /// To the attendee, after the end (links with a follow-up).
    BookingFollowUp,
    /// To each host: a new booking (or a request to confirm).
    HostBookingCreated,
    HostBookingCancelled,
    HostBookingRescheduled,
    /// To a one-time link's recipient: the personal booking link.
    OneTimeLinkInvitation,
}

impl EmailKind {
    pub const ALL: [Self; 11] = [
        Self::BookingConfirmation,
        Self::BookingPending,
        Self::BookingDeclined,
        Self::BookingCancelled,
        Self::BookingRescheduled,
        Self::BookingReminder,
        Self::BookingFollowUp,
        Self::HostBookingCreated,
        Self::HostBookingCancelled,
        Self::HostBookingRescheduled,
        Self::OneTimeLinkInvitation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::BookingConfirmation => "booking_confirmation",
            Self::BookingPending => "booking_pending",
            Self::BookingDeclined => "booking_declined",
            Self::BookingCancelled => "booking_cancelled",
            Self::BookingRescheduled => "booking_rescheduled",
            Self::BookingReminder => "booking_reminder",
            Self::BookingFollowUp => "booking_follow_up",
            Self::HostBookingCreated => "host_booking_created",
            Self::HostBookingCancelled => "host_booking_cancelled",
            Self::HostBookingRescheduled => "host_booking_rescheduled",
            Self::OneTimeLinkInvitation => "one_time_link_invitation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A link's email settings. The default sends every message about a booking and no
/// reminder or follow-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct EmailSettings {
    /// Kinds this link never sends.
    pub off: Vec<EmailKind>,
    /// Reminders to the attendee, in minutes before the start.
    pub reminders: Vec<u32>,
    /// A follow-up to the attendee this many minutes after the end.
    pub follow_up: Option<u32>,
}

impl EmailSettings {
    pub fn sends(&self, kind: EmailKind) -> bool {
        !self.off.contains(&kind)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Awaiting the organization's confirmation (links that require it). Holds its time.
    Pending,
    Confirmed,
    Cancelled,
    /// On a paid link, until paid: holds its seats until `hold_expires_at`.
    AwaitingPayment,
    /// Its payment hold ran out unpaid: the seats are free again.
    Expired,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Cancelled => "cancelled",
            Self::AwaitingPayment => "awaiting_payment",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "confirmed" => Some(Self::Confirmed),
            "cancelled" => Some(Self::Cancelled),
            "awaiting_payment" => Some(Self::AwaitingPayment),
            "expired" => Some(Self::Expired),
            _ => None,
        }
    }

    /// Whether a booking in this status occupies its time.
    pub fn holds_time(self) -> bool {
        !matches!(self, Self::Cancelled | Self::Expired)
    }

    /// Whether the booking is over without taking place (cancelled, declined or expired).
    pub fn is_ended(self) -> bool {
        !self.holds_time()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attendee {
    pub name: String,
    pub email: String,
    pub timezone: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Booking {
    pub id: String,
    pub link_id: String,
    pub host_ids: Vec<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub seats: u32,
    pub status: BookingStatus,
    pub attendee: Attendee,
    pub answers: BTreeMap<String, Answer>,
    pub metadata: Metadata,
    pub ical_uid: String,
    pub ical_sequence: u32,
    pub cancel_reason: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Where the booking was written into its hosts' calendars.
    pub calendar_events: Vec<CalendarEventRef>,
    /// What it costs (priced links), fixed when booked.
    pub price: Option<BookingPrice>,
    /// While awaiting payment: when the hold on its seats ends.
    pub hold_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a booking costs, as its link's price made it when booked, in minor units.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BookingPrice {
    pub currency: String,
    pub total: i64,
    pub due_now: i64,
    pub due_later: i64,
    pub tax_inclusive: bool,
}

/// A booking's event in an external calendar: the connection it went through, the event's
/// URL there and its last known ETag.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CalendarEventRef {
    pub connection_id: String,
    pub href: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BookingInput {
    pub link_id: String,
    pub start: DateTime<Utc>,
    pub duration: u32,
    pub seats: u32,
    pub attendee: Attendee,
    pub answers: BTreeMap<String, Answer>,
    pub metadata: Metadata,
}

/// Filters for listing bookings; all optional and combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookingFilter {
    pub link_id: Option<String>,
    pub host_id: Option<String>,
    pub status: Option<BookingStatus>,
    pub start_from: Option<DateTime<Utc>>,
    pub start_to: Option<DateTime<Utc>>,
    pub attendee_email: Option<String>,
}

/// Group `(parent id, child id)` pairs, kept in their order, by parent: for attaching host ids
/// to a page of links or bookings loaded with one extra query.
pub(crate) fn children_by_parent(
    pairs: Vec<(String, String)>,
) -> std::collections::HashMap<String, Vec<String>> {
    let mut map: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for (parent, child) in pairs {
        map.entry(parent).or_default().push(child);
    }
    map
}

pub(crate) fn ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(crate) fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

pub(crate) fn now() -> DateTime<Utc> {
    // Whole seconds: the database keeps seconds.
    at(Utc::now().timestamp())
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StorageError> {
    serde_json::to_string(value).map_err(|e| StorageError::corrupt("encoding", e))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    what: &str,
    text: &str,
) -> Result<T, StorageError> {
    serde_json::from_str(text).map_err(|e| StorageError::corrupt(what, e))
}
