//! The settings of a booking link on the wire: assignment, questions, location, price and
//! change policy, as clients send them and as the API returns them (links and public pages).

use crate::v1::prelude::*;

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

/// Which emails a link sends, and when (omitted: every message about a booking, no reminder,
/// no follow-up).
#[derive(Debug, Clone, Default, Object, serde::Serialize)]
#[oai(rename = "EmailSettings")]
pub struct EmailSettingsParam {
    /// Kinds of message this link does not send.
    #[oai(default)]
    pub off: Vec<crate::v1::emails::EmailKindName>,
    /// Reminders to the attendee, in minutes before the start (at most 5, each 1 to 43200);
    /// a reminder whose time has passed when the booking is made is not sent.
    #[oai(default)]
    pub reminders: Vec<u32>,
    /// A follow-up to the attendee this many minutes after the end (0 to 43200).
    #[oai(skip_serializing_if_is_none)]
    pub follow_up: Option<u32>,
}

impl From<&EmailSettingsParam> for skyslots_storage::EmailSettings {
    fn from(p: &EmailSettingsParam) -> Self {
        Self {
            off: p.off.iter().map(|k| (*k).into()).collect(),
            reminders: p.reminders.clone(),
            follow_up: p.follow_up,
        }
    }
}

impl From<&skyslots_storage::EmailSettings> for EmailSettingsParam {
    fn from(s: &skyslots_storage::EmailSettings) -> Self {
        Self {
            off: s.off.iter().map(|k| (*k).into()).collect(),
            reminders: s.reminders.clone(),
            follow_up: s.follow_up,
        }
    }
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

pub(crate) fn yes() -> bool {
    true
}

pub(crate) fn full_refund() -> Vec<RefundTierParam> {
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

pub(crate) fn location_kind(kind: &str) -> LocationKind {
    match kind {
        "in_person" => LocationKind::InPerson,
        "phone" => LocationKind::Phone,
        "video" => LocationKind::Video,
        _ => LocationKind::Custom,
    }
}

pub(crate) fn questions(l: &st::Link) -> Vec<QuestionView> {
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

pub(crate) fn policy(l: &st::Link) -> PolicyView {
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

pub(crate) fn price(l: &st::Link) -> Option<PriceView> {
    l.price.as_ref().map(|p| PriceView {
        amount: p.amount,
        currency: p.currency.clone(),
    })
}
