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

/// A price in minor units of an ISO 4217 currency (cents for EUR; whole yen for JPY, a
/// zero-decimal currency; thousandths, in tens, for KWD), and how it applies.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "PriceInput")]
pub struct PriceParam {
    /// Per booking, per seat or per hour (see `unit`).
    #[oai(validator(minimum(value = "0"), maximum(value = "100000000")))]
    pub amount: i64,
    /// An ISO 4217 code, e.g. `EUR`.
    #[oai(validator(pattern = "^[A-Z]{3}$"))]
    pub currency: String,
    // Default per_booking (no doc comment: a described `$ref` becomes an `allOf`).
    pub unit: Option<PriceUnitName>,
    // Paid on booking instead of the whole price (said on DepositInput).
    pub deposit: Option<DepositParam>,
    /// The amount includes tax. Default false.
    pub tax_inclusive: Option<bool>,
    // Where the rest is paid after a deposit; default later.
    pub balance: Option<BalanceName>,
    // How what is due on booking is paid; default online (said on PriceCollect).
    pub collect: Option<CollectName>,
    /// Minutes a booking awaiting payment holds its seats before it expires (1 to 1440,
    /// default 15).
    #[oai(validator(minimum(value = "1"), maximum(value = "1440")))]
    pub hold_minutes: Option<u32>,
    // Pay on Stripe's hosted page instead of in the front end (said on CheckoutPagesInput).
    pub checkout: Option<CheckoutParam>,
}

/// Pay on Stripe's hosted Checkout page: the booking's `payment.checkout_url` is where to
/// send the payer, and Stripe sends them back to `success_url` or `cancel_url`. Without it the
/// front end pays with Stripe Elements and the booking's `payment.client_secret`.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "CheckoutPagesInput")]
pub struct CheckoutParam {
    /// An absolute `https://` (or `http://` for local development) URL.
    #[oai(validator(max_length = 2000))]
    pub success_url: String,
    #[oai(validator(max_length = 2000))]
    pub cancel_url: String,
}

/// Where Stripe's hosted Checkout page sends the payer back to.
#[derive(Debug, Clone, Object)]
#[oai(rename = "CheckoutPages")]
pub struct CheckoutView {
    pub success_url: String,
    pub cancel_url: String,
}

/// How what is due on booking (the deposit, or the total) is paid: `online` through the
/// payment provider when booking — the booking awaits payment, holding its seats — or
/// `offline` (an invoice, at the door): the booking is made at once and only records its
/// price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename = "PriceCollect", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum CollectName {
    Online,
    Offline,
}

/// What one `amount` buys (default `per_booking`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename = "PriceUnit", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum PriceUnitName {
    /// One amount per booking.
    PerBooking,
    /// Per seat booked.
    PerSeat,
    /// Per hour of the booking's duration, pro rata by the minute (rooms, studios).
    PerHour,
}

impl From<PriceUnitName> for skyslots_core::money::PriceUnit {
    fn from(u: PriceUnitName) -> Self {
        match u {
            PriceUnitName::PerBooking => Self::PerBooking,
            PriceUnitName::PerSeat => Self::PerSeat,
            PriceUnitName::PerHour => Self::PerHour,
        }
    }
}

impl From<skyslots_core::money::PriceUnit> for PriceUnitName {
    fn from(u: skyslots_core::money::PriceUnit) -> Self {
        use skyslots_core::money::PriceUnit as U;
        match u {
            U::PerBooking => Self::PerBooking,
            U::PerSeat => Self::PerSeat,
            U::PerHour => Self::PerHour,
        }
    }
}

/// A deposit's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename = "DepositKind", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum DepositKind {
    /// `value` minor units (at most the total).
    Fixed,
    /// `value` percent of the total, 1 to 100.
    Percent,
}

/// The part paid on booking; the rest is due later or at the venue (`balance`).
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "DepositInput")]
pub struct DepositParam {
    pub kind: DepositKind,
    #[oai(validator(minimum(value = "1"), maximum(value = "100000000")))]
    pub value: i64,
}

/// Where the rest is paid after a deposit (default `later`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize)]
#[oai(rename = "Balance", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum BalanceName {
    /// Online, before the start.
    Later,
    /// In person, at the venue.
    AtVenue,
}

impl From<skyslots_core::money::Balance> for BalanceName {
    fn from(b: skyslots_core::money::Balance) -> Self {
        match b {
            skyslots_core::money::Balance::Later => Self::Later,
            skyslots_core::money::Balance::AtVenue => Self::AtVenue,
        }
    }
}

impl PriceParam {
    /// As stored (checked by the use case: currency, bounds, deposit).
    pub(crate) fn to_price(&self) -> st::Price {
        use skyslots_core::money::{Balance, Deposit};
        st::Price {
            amount: self.amount,
            currency: self.currency.clone(),
            terms: st::PriceTerms {
                unit: self.unit.map(Into::into).unwrap_or_default(),
                deposit: self.deposit.as_ref().map(|d| match d.kind {
                    DepositKind::Fixed => Deposit::Fixed(d.value),
                    DepositKind::Percent => {
                        Deposit::Percent(u8::try_from(d.value.clamp(0, 255)).unwrap_or(u8::MAX))
                    }
                }),
                tax_inclusive: self.tax_inclusive.unwrap_or(false),
                balance: match self.balance {
                    Some(BalanceName::AtVenue) => Balance::AtVenue,
                    _ => Balance::Later,
                },
                collect: match self.collect {
                    Some(CollectName::Offline) => st::Collect::Offline,
                    _ => st::Collect::Online,
                },
                hold_minutes: self.hold_minutes.unwrap_or(st::DEFAULT_HOLD_MINUTES),
                checkout: self.checkout.as_ref().map(|c| st::CheckoutPages {
                    success_url: c.success_url.clone(),
                    cancel_url: c.cancel_url.clone(),
                }),
            },
        }
    }
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
    /// `amount` as a decimal string in the currency's units (`"15.00"`, `"1500"` for JPY).
    pub amount_decimal: String,
    pub unit: PriceUnitName,
    #[oai(skip_serializing_if_is_none)]
    pub deposit: Option<DepositView>,
    pub tax_inclusive: bool,
    pub balance: BalanceName,
    pub collect: CollectName,
    /// Minutes a booking awaiting payment holds its seats.
    pub hold_minutes: u32,
    #[oai(skip_serializing_if_is_none)]
    pub checkout: Option<CheckoutView>,
}

/// The part paid on booking.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Deposit")]
pub struct DepositView {
    pub kind: DepositKind,
    pub value: i64,
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
    use skyslots_core::money::{Currency, Deposit};
    l.price.as_ref().map(|p| PriceView {
        amount: p.amount,
        currency: p.currency.clone(),
        amount_decimal: Currency::parse(&p.currency)
            .map_or_else(|| p.amount.to_string(), |c| c.decimal(p.amount)),
        unit: p.terms.unit.into(),
        deposit: p.terms.deposit.map(|d| match d {
            Deposit::Fixed(v) => DepositView {
                kind: DepositKind::Fixed,
                value: v,
            },
            Deposit::Percent(v) => DepositView {
                kind: DepositKind::Percent,
                value: i64::from(v),
            },
        }),
        tax_inclusive: p.terms.tax_inclusive,
        balance: p.terms.balance.into(),
        collect: match p.terms.collect {
            st::Collect::Online => CollectName::Online,
            st::Collect::Offline => CollectName::Offline,
        },
        hold_minutes: p.terms.hold_minutes,
        checkout: p.terms.checkout.as_ref().map(|c| CheckoutView {
            success_url: c.success_url.clone(),
            cancel_url: c.cancel_url.clone(),
        }),
    })
}

/// What to price: a start, a duration and seats.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "QuoteRequest", example)]
pub struct QuoteParam {
    pub start: DateTime<Utc>,
    /// Minutes, one of the link's durations; default its first.
    #[oai(validator(minimum(value = "1"), maximum(value = "1440")))]
    pub duration: Option<u32>,
    /// Default 1; at most the link's capacity.
    #[oai(validator(minimum(value = "1"), maximum(value = "10000")))]
    pub seats: Option<u32>,
}

impl poem_openapi::types::Example for QuoteParam {
    fn example() -> Self {
        Self {
            start: "2026-12-08T14:00:00Z".parse().unwrap_or_default(),
            duration: Some(90),
            seats: None,
        }
    }
}

impl QuoteParam {
    pub(crate) fn request(&self) -> app::pricing::QuoteRequest {
        app::pricing::QuoteRequest {
            start: self.start,
            duration: self.duration,
            seats: self.seats,
        }
    }
}

/// One line of a quote.
#[derive(Debug, Clone, Object)]
#[oai(rename = "QuoteLine")]
pub struct QuoteLineView {
    pub unit: PriceUnitName,
    /// Seats, minutes (`per_hour`), or 1.
    pub quantity: u32,
    /// The price of one unit (of one hour for `per_hour`), minor units.
    pub unit_amount: i64,
    pub amount: i64,
}

/// What a booking would cost, itemised: the amounts in minor units, and as decimal strings.
/// A free link has no `currency`, no lines and zero totals.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Quote")]
pub struct QuoteView {
    pub link_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub duration: u32,
    pub seats: u32,
    #[oai(skip_serializing_if_is_none)]
    pub currency: Option<String>,
    /// Digits after the decimal point of `currency` (0 for JPY, 2 for EUR, 3 for KWD).
    #[oai(skip_serializing_if_is_none)]
    pub exponent: Option<u8>,
    pub lines: Vec<QuoteLineView>,
    pub total: i64,
    #[oai(skip_serializing_if_is_none)]
    pub total_decimal: Option<String>,
    /// Paid when booking: the deposit, or the total.
    pub due_now: i64,
    #[oai(skip_serializing_if_is_none)]
    pub due_now_decimal: Option<String>,
    /// Paid later or at the venue (`balance`).
    pub due_later: i64,
    #[oai(skip_serializing_if_is_none)]
    pub due_later_decimal: Option<String>,
    pub tax_inclusive: bool,
    pub balance: BalanceName,
}

impl From<app::pricing::LinkQuote> for QuoteView {
    fn from(q: app::pricing::LinkQuote) -> Self {
        let money = q.quote.as_ref();
        let decimal = |v: i64| money.map(|m| m.currency.decimal(v));
        Self {
            link_id: q.link_id.clone(),
            start: q.start,
            end: q.end,
            duration: q.duration,
            seats: q.seats,
            currency: money.map(|m| m.currency.code().to_owned()),
            exponent: money.map(|m| m.currency.exponent()),
            lines: money
                .map(|m| {
                    m.lines
                        .iter()
                        .map(|l| QuoteLineView {
                            unit: l.unit.into(),
                            quantity: l.quantity,
                            unit_amount: l.unit_amount,
                            amount: l.amount,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            total: money.map_or(0, |m| m.total),
            total_decimal: money.and_then(|m| decimal(m.total)),
            due_now: money.map_or(0, |m| m.due_now),
            due_now_decimal: money.and_then(|m| decimal(m.due_now)),
            due_later: money.map_or(0, |m| m.due_later),
            due_later_decimal: money.and_then(|m| decimal(m.due_later)),
            tax_inclusive: money.is_some_and(|m| m.tax_inclusive),
            balance: q.balance.into(),
        }
    }
}
