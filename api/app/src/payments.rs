//! Payments: a booking on a link that collects online waits for its payment while holding its
//! seats, and never longer than its hold.
//!
//! - **Hold.** Booking inserts the payment row (`requires_payment`) and schedules the hold's
//!   end ([`Job::PaymentHold`]) in the booking's own transaction; after commit [`open`] asks
//!   the provider for a payment (a Stripe PaymentIntent, idempotent on the payment id) and
//!   keeps its client secret sealed, for the front end to pay with.
//! - **Paid.** The provider's webhook, verified by the adapter, comes here as a
//!   [`ProviderEvent`]; [`apply`] records its id first (each event once, whatever the
//!   redeliveries) and confirms the booking. A payment that arrives after the hold ended is
//!   kept if the seats are still free, else refunded in full (`slot_taken`).
//! - **Expired.** At the hold's end an unpaid booking becomes `expired`, its seats free, and
//!   the provider's payment is cancelled by a job.
//! - **Refunds** (cancellation by the link's policy, late payments, manual) are decided under
//!   the payment's lock, recorded `pending`, and issued by a job ([`Job::PaymentRefund`]),
//!   idempotent on the refund id, so a crash or an outage never loses nor doubles one.
//!
//! The provider is a port ([`PaymentProvider`]); `api/src/stripe.rs` implements it for Stripe.
//! Lock order: booking → link → hosts → payment, everywhere.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use futures_util::future::BoxFuture;
use skyslots_core::money::{self, Currency};
use skyslots_core::policy::Refund as PolicyRefund;
use skyslots_core::{check_booking, BookingRequest, ErrorCode, InvalidReason};
use skyslots_storage::audit::Audit;
use skyslots_storage::bookings::{self as booking_rows, Change as Written};
use skyslots_storage::ids::{new_id, Kind, PaymentId};
use skyslots_storage::jobs::StoredJob;
use skyslots_storage::payments::{
    self as rows, Payment, PaymentFilter, PaymentStatus, Refund, RefundReason, RefundStatus,
};
use skyslots_storage::snapshots::{self, Lock};
use skyslots_storage::{
    Booking, BookingStatus, Collect, Db, Link, Page, PageRequest, StorageError, Tx,
};

use crate::events::{self, Event};
use crate::jobs::{self, Job};
use crate::links::whole_seconds;
use crate::secrets::SecretsKey;
use crate::{Error, Result};

// ---- the port ----------------------------------------------------------------------------

/// Why a provider call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderError {
    /// Not reached, timed out, or a 5xx/429: worth retrying.
    Unavailable(String),
    /// The provider refused the request (4xx): retrying the same request will not help.
    Refused(String),
}

impl std::fmt::Display for ProviderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unavailable(m) => write!(f, "payment provider unavailable: {m}"),
            Self::Refused(m) => write!(f, "payment provider refused: {m}"),
        }
    }
}

/// A payment to open with the provider.
#[derive(Debug, Clone, Copy)]
pub struct IntentRequest<'a> {
    /// The payment id: the same request twice is one payment at the provider.
    pub idempotency_key: &'a str,
    pub amount: i64,
    /// ISO 4217, upper case.
    pub currency: &'a str,
    pub description: &'a str,
    pub metadata: &'a [(&'a str, &'a str)],
    /// A destination charge: the organization's connected account and the platform's fee.
    pub destination: Option<(&'a str, i64)>,
}

/// A payment opened with the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    pub id: String,
    /// What the front end pays with (Stripe Elements' `clientSecret`).
    pub client_secret: String,
}

/// A hosted payment page to open with the provider (Stripe Checkout).
#[derive(Debug, Clone, Copy)]
pub struct CheckoutRequest<'a> {
    /// The payment id: the same request twice is one page at the provider.
    pub idempotency_key: &'a str,
    pub amount: i64,
    /// ISO 4217, upper case.
    pub currency: &'a str,
    /// What the payer sees they pay for (the link's title).
    pub name: &'a str,
    pub customer_email: &'a str,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    /// When the provider closes the page by itself (at least 30 minutes ahead for Stripe;
    /// SkySlots closes it itself when the hold ends earlier).
    pub expires_at: DateTime<Utc>,
    pub metadata: &'a [(&'a str, &'a str)],
    /// A destination charge: the organization's connected account and the platform's fee.
    pub destination: Option<(&'a str, i64)>,
}

/// A hosted payment page opened with the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutPage {
    pub id: String,
    pub url: String,
}

/// A refund to issue.
#[derive(Debug, Clone, Copy)]
pub struct RefundRequest<'a> {
    /// The refund id: the same refund twice is one refund at the provider.
    pub idempotency_key: &'a str,
    pub provider_payment_id: &'a str,
    pub amount: i64,
    pub metadata: &'a [(&'a str, &'a str)],
    /// A destination charge: take the money back from the connected account too (and the
    /// platform's fee in proportion).
    pub reverse_transfer: bool,
}

/// A connected account as the provider describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    pub id: String,
    pub charges_enabled: bool,
    pub payouts_enabled: bool,
    pub details_submitted: bool,
    pub requirements: Vec<String>,
}

/// Money in one currency, in minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub amount: i64,
    pub currency: String,
}

/// A single-use link to the provider's onboarding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnboardingLink {
    pub url: String,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A connected account's balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub available: Vec<Amount>,
    pub pending: Vec<Amount>,
}

/// A payout from a connected account to its bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub arrival_date: Option<DateTime<Utc>>,
    pub created: Option<DateTime<Utc>>,
}

/// A page of payouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payouts {
    pub payouts: Vec<Payout>,
    pub has_more: bool,
}

/// The platform's fee on a connected organization's payments: a percentage (in hundredths
/// of a percent) plus a fixed amount in minor units of the payment's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlatformFee {
    pub basis_points: u32,
    pub fixed: i64,
}

impl PlatformFee {
    /// The fee on `amount` of `currency`: rounded down to the currency's step, never more
    /// than the amount.
    pub fn on(self, currency: Currency, amount: i64) -> i64 {
        let pct = i128::from(amount.max(0)) * i128::from(self.basis_points) / 10_000;
        let raw = i64::try_from(pct)
            .unwrap_or(i64::MAX)
            .saturating_add(self.fixed.max(0));
        let step = if currency.exponent() == 3 { 10 } else { 1 };
        (raw / step * step).clamp(0, amount.max(0))
    }
}

/// A payment provider: opens, cancels and refunds payments. Its webhooks are verified by the
/// adapter and arrive at [`apply`] as [`ProviderEvent`]s.
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    /// `stripe`: stored with each payment.
    fn name(&self) -> &'static str;
    fn create_intent<'a>(
        &'a self,
        request: IntentRequest<'a>,
    ) -> BoxFuture<'a, std::result::Result<Intent, ProviderError>>;
    fn create_checkout<'a>(
        &'a self,
        request: CheckoutRequest<'a>,
    ) -> BoxFuture<'a, std::result::Result<CheckoutPage, ProviderError>>;
    /// Close an unpaid hosted page, so it can no longer be paid.
    fn expire_checkout<'a>(
        &'a self,
        checkout_id: &'a str,
    ) -> BoxFuture<'a, std::result::Result<(), ProviderError>>;
    /// Cancel an unpaid payment (idempotent: cancelling a cancelled one is fine).
    fn cancel_intent<'a>(
        &'a self,
        provider_payment_id: &'a str,
    ) -> BoxFuture<'a, std::result::Result<(), ProviderError>>;
    /// Open a connected account for an organization (Stripe Connect Express).
    fn create_account<'a>(
        &'a self,
        organization_id: &'a str,
        email: Option<&'a str>,
    ) -> BoxFuture<'a, std::result::Result<AccountState, ProviderError>>;
    fn get_account<'a>(
        &'a self,
        account_id: &'a str,
    ) -> BoxFuture<'a, std::result::Result<AccountState, ProviderError>>;
    /// A link to the provider's onboarding for the account: `(url, expires_at)`.
    fn onboarding_link<'a>(
        &'a self,
        account_id: &'a str,
        refresh_url: &'a str,
        return_url: &'a str,
    ) -> BoxFuture<'a, std::result::Result<OnboardingLink, ProviderError>>;
    fn balance<'a>(
        &'a self,
        account_id: &'a str,
    ) -> BoxFuture<'a, std::result::Result<Balance, ProviderError>>;
    fn payouts<'a>(
        &'a self,
        account_id: &'a str,
        limit: u32,
        starting_after: Option<&'a str>,
    ) -> BoxFuture<'a, std::result::Result<Payouts, ProviderError>>;
    /// Issue a refund; its provider id.
    fn refund<'a>(
        &'a self,
        request: RefundRequest<'a>,
    ) -> BoxFuture<'a, std::result::Result<String, ProviderError>>;
}

/// A provider's webhook event, verified and reduced to what SkySlots acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderEvent {
    /// The provider's event id (each is processed once).
    pub id: String,
    pub what: ProviderChange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderChange {
    /// The payment succeeded.
    Succeeded(Attempt),
    /// A hosted page was paid: `attempt.provider_payment_id` is the page's payment.
    CheckoutCompleted {
        checkout_id: String,
        attempt: Attempt,
    },
    /// An attempt to pay failed (the payer may try again while the hold lasts).
    Failed { attempt: Attempt, message: String },
    /// Anything else: acknowledged, nothing to do.
    Other,
}

/// What a provider event says about one payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub provider_payment_id: String,
    pub amount: i64,
    /// ISO 4217, upper case.
    pub currency: String,
    /// The metadata SkySlots put on the payment (`skyslots_payment`, `skyslots_organization`).
    pub metadata: BTreeMap<String, String>,
    pub receipt_url: Option<String>,
}

/// Metadata keys SkySlots puts on the provider's payments, checked when their events come
/// back (an event for a payment of another organization or deployment changes nothing).
pub const META_PAYMENT: &str = "skyslots_payment";
pub const META_ORGANIZATION: &str = "skyslots_organization";
pub const META_BOOKING: &str = "skyslots_booking";

/// What the payment use cases need: the provider (if one is configured) and the key that
/// seals client secrets.
#[derive(Debug, Clone, Copy)]
pub struct Payments<'a> {
    pub provider: Option<&'a dyn PaymentProvider>,
    pub secrets: &'a SecretsKey,
    /// The platform's fee on payments to connected accounts.
    pub fee: PlatformFee,
}

// ---- rules -------------------------------------------------------------------------------

/// What a booking on `link` priced `price` collects online: `(amount, currency)`, or `None`
/// when nothing is due on booking or the link collects outside SkySlots.
pub fn collects(
    link: &Link,
    price: Option<&skyslots_storage::BookingPrice>,
) -> Option<(i64, String)> {
    let terms = &link.price.as_ref()?.terms;
    let price = price?;
    (terms.collect == Collect::Online && price.due_now > 0)
        .then(|| (price.due_now, price.currency.clone()))
}

/// Whether `id` has the shape of a provider's id with `prefix` (`pi_`, `acct_`, `po_`, …):
/// letters, digits and underscores after it, nothing that changes a URL path.
pub fn is_provider_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|rest| {
        !rest.is_empty()
            && rest.len() < 200
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// Whether `url` may be where a hosted payment page sends the payer back: absolute http(s),
/// with a host and no credentials. (The browser follows it, not this server.)
pub fn is_return_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        matches!(u.scheme(), "https" | "http")
            && u.host_str().is_some_and(|h| !h.is_empty())
            && u.username().is_empty()
            && u.password().is_none()
    })
}

/// When a booking made at `created` on `link` stops holding its seats unpaid.
pub fn hold_end(link: &Link, created: DateTime<Utc>) -> DateTime<Utc> {
    let minutes = link
        .price
        .as_ref()
        .map_or(skyslots_storage::DEFAULT_HOLD_MINUTES, |p| {
            p.terms.hold_minutes
        });
    created + Duration::minutes(i64::from(minutes))
}

/// What is left to refund of `p`: paid, minus refunds made or being made.
pub fn refundable(p: &Payment) -> i64 {
    let promised: i64 = p
        .refunds
        .iter()
        .filter(|r| r.status != RefundStatus::Failed)
        .map(|r| r.amount)
        .sum();
    match p.status {
        PaymentStatus::Succeeded | PaymentStatus::PartiallyRefunded | PaymentStatus::Refunded => {
            (p.amount - promised).max(0)
        }
        PaymentStatus::RequiresPayment | PaymentStatus::Canceled => 0,
    }
}

fn currency_of(p: &Payment) -> Result<Currency> {
    Currency::parse(&p.currency).ok_or_else(|| {
        Error::Storage(StorageError::Corrupt(format!(
            "payment {} currency {:?}",
            p.id, p.currency
        )))
    })
}

pub(crate) fn not_configured() -> Error {
    Error::conflict(
        ErrorCode::PaymentsNotConfigured,
        "this link collects payment online, but the server has no payment provider configured \
         (SKYSLOTS_STRIPE_SECRET_KEY); collect offline (`price.collect: offline`) or configure one",
    )
}

fn provider_failed(e: &ProviderError) -> Error {
    unavailable(&format!(
        "{e}; the booking's seats were released, try again"
    ))
}

// ---- booking: the hold -------------------------------------------------------------------

/// In the booking's transaction: the payment row of a booking that awaits payment, and the
/// job that ends its hold.
pub(crate) async fn hold(
    tx: &mut Tx,
    org: &str,
    booking: &Booking,
    (amount, currency): (i64, String),
    pay: &Payments<'_>,
) -> Result<Payment> {
    let provider = pay.provider.ok_or_else(not_configured)?;
    let hold_end = booking.hold_expires_at.unwrap_or(booking.created_at);
    // A connected organization is paid directly, less the platform's fee.
    let destination = rows::account(tx, org)
        .await?
        .filter(|a| a.charges_enabled && a.provider == provider.name())
        .map(|a| a.account_id);
    let application_fee = match (&destination, Currency::parse(&currency)) {
        (Some(_), Some(c)) => pay.fee.on(c, amount),
        _ => 0,
    };
    let payment = Payment {
        id: new_id(Kind::Payment),
        booking_id: booking.id.clone(),
        link_id: booking.link_id.clone(),
        provider: provider.name().to_owned(),
        provider_payment_id: None,
        checkout_id: None,
        checkout_url: None,
        status: PaymentStatus::RequiresPayment,
        amount,
        currency,
        amount_refunded: 0,
        application_fee,
        destination_account: destination,
        refunds: Vec::new(),
        client_secret_sealed: None,
        receipt_url: None,
        failure_message: None,
        paid_at: None,
        created_at: booking.created_at,
        updated_at: booking.created_at,
    };
    rows::insert(tx, org, &payment).await?;
    let job = Job::PaymentHold {
        booking_id: booking.id.clone(),
    };
    jobs::ensure_with_id(tx, org, &hold_job_id(&booking.id), &job, hold_end).await?;
    Ok(payment)
}

/// The id of a booking's hold job.
fn hold_job_id(booking_id: &str) -> String {
    format!("job_{booking_id}_hold")
}

/// A booking's payment as its payer sees it: the payment and, while it awaits payment, the
/// client secret to pay with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentHandle {
    pub payment: Payment,
    pub client_secret: Option<String>,
}

/// After the booking committed (or on a replay): make sure the provider has the payment and
/// return what the front end pays with. If the provider cannot open it, the booking's hold
/// ends at once (its seats are free again) and the error says so.
pub async fn open(
    db: &Db,
    pay: &Payments<'_>,
    org: &str,
    booking: &Booking,
    link: &Link,
    now: DateTime<Utc>,
) -> Result<Option<PaymentHandle>> {
    let Some(mut payment) = rows::for_booking(&mut db.read().await?, org, &booking.id).await?
    else {
        return Ok(None);
    };
    if payment.status != PaymentStatus::RequiresPayment {
        return Ok(Some(PaymentHandle {
            payment,
            client_secret: None,
        }));
    }
    if let Some(sealed) = &payment.client_secret_sealed {
        let secret = pay.secrets.open(sealed, &payment.id)?;
        return Ok(Some(PaymentHandle {
            payment,
            client_secret: Some(secret),
        }));
    }
    if payment.checkout_url.is_some() {
        return Ok(Some(PaymentHandle {
            payment,
            client_secret: None,
        }));
    }
    let provider = pay.provider.ok_or_else(not_configured)?;
    let description = format!("Booking {}", booking.id);
    let metadata = [
        (META_PAYMENT, payment.id.as_str()),
        (META_ORGANIZATION, org),
        (META_BOOKING, booking.id.as_str()),
    ];
    if let Some(pages) = link.price.as_ref().and_then(|p| p.terms.checkout.as_ref()) {
        let hold_end = booking.hold_expires_at.unwrap_or(now);
        let request = CheckoutRequest {
            idempotency_key: &payment.id,
            amount: payment.amount,
            currency: &payment.currency,
            name: &link.title,
            customer_email: &booking.attendee.email,
            success_url: &pages.success_url,
            cancel_url: &pages.cancel_url,
            expires_at: hold_end.max(now + CHECKOUT_MIN_LIFETIME),
            metadata: &metadata,
            destination: payment
                .destination_account
                .as_deref()
                .map(|a| (a, payment.application_fee)),
        };
        let page = match provider.create_checkout(request).await {
            Ok(p) => p,
            Err(e) => return Err(give_up(db, org, booking, &payment, &e, now).await),
        };
        let mut tx = db.begin().await?;
        let result: Result<Payment> = async {
            rows::lock(&mut tx, org, &payment.id).await?;
            let mut p = rows::get(&mut tx, org, &payment.id).await?;
            if p.checkout_id.is_none() {
                p.checkout_id = Some(page.id.clone());
                p.checkout_url = Some(page.url.clone());
                p.updated_at = whole_seconds(now);
                rows::update(&mut tx, &p).await?;
            }
            Ok(p)
        }
        .await;
        let payment = tx.finish(result).await?;
        return Ok(Some(PaymentHandle {
            payment,
            client_secret: None,
        }));
    }
    let request = IntentRequest {
        idempotency_key: &payment.id,
        amount: payment.amount,
        currency: &payment.currency,
        description: &description,
        metadata: &metadata,
        destination: payment
            .destination_account
            .as_deref()
            .map(|a| (a, payment.application_fee)),
    };
    let intent = match provider.create_intent(request).await {
        Ok(i) => i,
        Err(e) => return Err(give_up(db, org, booking, &payment, &e, now).await),
    };
    let sealed = pay.secrets.seal(&intent.client_secret, &payment.id)?;
    let mut tx = db.begin().await?;
    let result: Result<Payment> = async {
        rows::lock(&mut tx, org, &payment.id).await?;
        let mut p = rows::get(&mut tx, org, &payment.id).await?;
        if p.provider_payment_id.is_none() {
            p.provider_payment_id = Some(intent.id.clone());
            p.client_secret_sealed = Some(sealed);
            p.updated_at = whole_seconds(now);
            rows::update(&mut tx, &p).await?;
        }
        Ok(p)
    }
    .await;
    payment = tx.finish(result).await?;
    let client_secret = (payment.status == PaymentStatus::RequiresPayment
        && payment.provider_payment_id.as_deref() == Some(intent.id.as_str()))
    .then_some(intent.client_secret);
    Ok(Some(PaymentHandle {
        payment,
        client_secret,
    }))
}

/// Stripe's shortest Checkout Session.
const CHECKOUT_MIN_LIFETIME: Duration = Duration::minutes(31);

/// The provider could not open the payment: the hold ends at once, and the error says so.
async fn give_up(
    db: &Db,
    org: &str,
    booking: &Booking,
    payment: &Payment,
    e: &ProviderError,
    now: DateTime<Utc>,
) -> Error {
    tracing::warn!(payment = %payment.id, error = %e, "opening the payment failed; the hold ends");
    let ended: Result<Option<DateTime<Utc>>> = async {
        let mut tx = db.begin().await?;
        let result = expire_in(&mut tx, org, &booking.id, now, true).await;
        tx.finish(result).await
    }
    .await;
    match ended {
        Ok(_) => provider_failed(e),
        Err(other) => other,
    }
}

/// The hold job: an unpaid booking whose hold has ended expires.
pub(crate) async fn hold_job(
    tx: &mut Tx,
    org: &str,
    booking_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    match expire_in(tx, org, booking_id, now, false).await {
        Err(Error::NotFound(_)) => Ok(None),
        other => other,
    }
}

/// End the hold of `booking_id` if it still awaits payment and its hold is over (or `now`,
/// with `force`): the booking expires, its seats are free, the payment is cancelled at the
/// provider by a job. `Some(at)`: the hold runs until `at` after all.
async fn expire_in(
    tx: &mut Tx,
    org: &str,
    booking_id: &str,
    now: DateTime<Utc>,
    force: bool,
) -> Result<Option<DateTime<Utc>>> {
    booking_rows::lock(tx, org, booking_id).await?;
    let mut booking = booking_rows::get(tx, org, booking_id).await?;
    if booking.status != BookingStatus::AwaitingPayment {
        return Ok(None);
    }
    if let Some(end) = booking.hold_expires_at.filter(|end| *end > now && !force) {
        return Ok(Some(end));
    }
    let at = whole_seconds(now);
    booking.status = BookingStatus::Expired;
    booking.cancelled_at = Some(at);
    booking.cancel_reason = Some("payment hold expired".into());
    booking.ical_sequence += 1;
    booking.updated_at = at;
    booking_rows::update(tx, &booking, Written::Status).await?;
    if let Some(mut payment) = rows::for_booking(tx, org, booking_id).await? {
        rows::lock(tx, org, &payment.id).await?;
        if payment.status == PaymentStatus::RequiresPayment {
            payment.status = PaymentStatus::Canceled;
            payment.updated_at = at;
            rows::update(tx, &payment).await?;
            cancel_at_provider(tx, org, &payment, now).await?;
        }
    }
    events::emit(tx, org, Event::BookingExpired(&booking)).await?;
    Ok(None)
}

/// In the caller's transaction: cancel `payment` at the provider (a job), if it was opened.
async fn cancel_at_provider(
    tx: &mut Tx,
    org: &str,
    payment: &Payment,
    now: DateTime<Utc>,
) -> Result<()> {
    if payment.provider_payment_id.is_some() || payment.checkout_id.is_some() {
        let job = Job::PaymentCancel {
            payment_id: payment.id.clone(),
        };
        jobs::schedule(tx, org, &job, now).await?;
    }
    Ok(())
}

/// In a booking's cancellation: the unpaid payment is cancelled; a paid one is refunded as
/// the link's policy says. `Some(refund)` when money goes back.
pub(crate) async fn on_cancel(
    tx: &mut Tx,
    org: &str,
    booking: &Booking,
    policy: PolicyRefund,
    now: DateTime<Utc>,
) -> Result<Option<(Payment, Refund)>> {
    let Some(mut payment) = rows::for_booking(tx, org, &booking.id).await? else {
        return Ok(None);
    };
    rows::lock(tx, org, &payment.id).await?;
    let at = whole_seconds(now);
    if payment.status == PaymentStatus::RequiresPayment {
        payment.status = PaymentStatus::Canceled;
        payment.updated_at = at;
        rows::update(tx, &payment).await?;
        cancel_at_provider(tx, org, &payment, now).await?;
        return Ok(None);
    }
    let share = money::refund_share(
        currency_of(&payment)?,
        payment.amount,
        policy.percent(),
        refundable(&payment),
    );
    if share == 0 {
        return Ok(None);
    }
    let refund = promise_refund(
        tx,
        org,
        &mut payment,
        share,
        RefundReason::Cancellation,
        now,
    )
    .await?;
    Ok(Some((payment, refund)))
}

/// Record a pending refund of `amount` on the locked `payment` and the job that issues it.
async fn promise_refund(
    tx: &mut Tx,
    org: &str,
    payment: &mut Payment,
    amount: i64,
    reason: RefundReason,
    now: DateTime<Utc>,
) -> Result<Refund> {
    let refund = Refund {
        id: new_id(Kind::Refund),
        amount,
        reason,
        status: RefundStatus::Pending,
        provider_refund_id: None,
        failure_message: None,
        created_at: whole_seconds(now),
    };
    payment.refunds.push(refund.clone());
    payment.updated_at = whole_seconds(now);
    rows::update(tx, payment).await?;
    let job = Job::PaymentRefund {
        payment_id: payment.id.clone(),
        refund_id: refund.id.clone(),
    };
    jobs::schedule(tx, org, &job, now).await?;
    Ok(refund)
}

// ---- the provider's events ---------------------------------------------------------------

/// What [`apply`] made of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Acted on (or nothing to act on: another type, another deployment's payment).
    Done,
    /// Seen before: nothing changed.
    Duplicate,
}

/// Apply a verified provider event, once: its id is recorded in the transaction of its
/// effect, so a redelivery (or a retry after a failure midway) is safe.
pub async fn apply(
    db: &Db,
    provider: &str,
    event: &ProviderEvent,
    now: DateTime<Utc>,
) -> Result<Applied> {
    let mut tx = db.begin().await?;
    let result = apply_in(&mut tx, provider, event, now).await;
    tx.finish(result).await
}

async fn apply_in(
    tx: &mut Tx,
    provider: &str,
    event: &ProviderEvent,
    now: DateTime<Utc>,
) -> Result<Applied> {
    // The first statement writes: a second delivery of the same event waits here, then finds
    // it recorded.
    if !rows::first_delivery(tx, provider, &event.id, now).await? {
        return Ok(Applied::Duplicate);
    }
    let (attempt, failure, checkout) = match &event.what {
        ProviderChange::Succeeded(a) => (a, None, None),
        ProviderChange::CheckoutCompleted {
            checkout_id,
            attempt,
        } => (attempt, None, Some(checkout_id.as_str())),
        ProviderChange::Failed { attempt, message } => (attempt, Some(message.as_str()), None),
        ProviderChange::Other => return Ok(Applied::Done),
    };
    let found = match checkout {
        Some(id) => rows::by_checkout_id(tx, provider, id).await?,
        None => rows::by_provider_id(tx, provider, &attempt.provider_payment_id).await?,
    };
    let Some((org, found)) = found else {
        tracing::info!(event = %event.id, payment = %attempt.provider_payment_id, "provider event for a payment this deployment does not know; ignored");
        return Ok(Applied::Done);
    };
    let ours = attempt.metadata.get(META_PAYMENT) == Some(&found.id)
        && attempt.metadata.get(META_ORGANIZATION) == Some(&org)
        && attempt.amount == found.amount
        && attempt.currency.eq_ignore_ascii_case(&found.currency);
    if !ours {
        tracing::warn!(event = %event.id, payment = %found.id, "provider event does not match the payment it names (metadata, amount or currency); ignored");
        return Ok(Applied::Done);
    }
    match failure {
        None => paid(tx, &org, &found, attempt, now).await?,
        Some(message) => failed(tx, &org, &found, message, now).await?,
    }
    Ok(Applied::Done)
}

async fn failed(
    tx: &mut Tx,
    org: &str,
    found: &Payment,
    message: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    rows::lock(tx, org, &found.id).await?;
    let mut payment = rows::get(tx, org, &found.id).await?;
    // A failure reported after the payment succeeded (out of order) changes nothing.
    if payment.status != PaymentStatus::RequiresPayment {
        return Ok(());
    }
    payment.failure_message = Some(message.chars().take(500).collect());
    payment.updated_at = whole_seconds(now);
    rows::update(tx, &payment).await?;
    events::emit(tx, org, Event::PaymentFailed(&payment)).await
}

async fn paid(
    tx: &mut Tx,
    org: &str,
    found: &Payment,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<()> {
    booking_rows::lock(tx, org, &found.booking_id).await?;
    let mut booking = booking_rows::get(tx, org, &found.booking_id).await?;
    // A late payment keeps its booking only if the seats are still free: decided under the
    // link's lock, as booking is, with the booking's own time of booking for notice rules.
    let mut seats_free = booking.status == BookingStatus::AwaitingPayment;
    let mut new_hosts = None;
    if booking.status == BookingStatus::Expired {
        let link = snapshots::link_hosts(tx, org, &booking.link_id, Lock::ForBooking).await?;
        let snapshot =
            snapshots::snapshot(tx, &link, booking.start, booking.end, Some(&booking.id)).await?;
        let request = BookingRequest {
            start: booking.start,
            duration: u32::try_from((booking.end - booking.start).num_minutes()).unwrap_or(0),
            seats: booking.seats,
            now: booking.created_at,
        };
        if let Ok(decision) = check_booking(&snapshot, &request) {
            seats_free = true;
            new_hosts = Some(decision.host_ids);
        }
    }
    rows::lock(tx, org, &found.id).await?;
    let mut payment = rows::get(tx, org, &found.id).await?;
    if !matches!(
        payment.status,
        PaymentStatus::RequiresPayment | PaymentStatus::Canceled
    ) {
        return Ok(());
    }
    let at = whole_seconds(now);
    payment.status = PaymentStatus::Succeeded;
    if payment.provider_payment_id.is_none() {
        // Paid on a hosted page: its PaymentIntent is what refunds go through.
        payment.provider_payment_id = Some(attempt.provider_payment_id.clone());
    }
    payment.paid_at = Some(at);
    payment.failure_message = None;
    payment.receipt_url = attempt.receipt_url.clone();
    payment.updated_at = at;
    rows::update(tx, &payment).await?;
    events::emit(tx, org, Event::PaymentSucceeded(&payment)).await?;
    let link = skyslots_storage::links::get(tx, org, &booking.link_id).await?;
    let keep = seats_free && !booking.start.le(&now);
    if keep
        && matches!(
            booking.status,
            BookingStatus::AwaitingPayment | BookingStatus::Expired
        )
    {
        booking.status = if link.requires_confirmation {
            BookingStatus::Pending
        } else {
            BookingStatus::Confirmed
        };
        booking.hold_expires_at = None;
        booking.cancelled_at = None;
        booking.cancel_reason = None;
        booking.updated_at = at;
        let change = match new_hosts {
            Some(hosts) => {
                booking.host_ids = hosts;
                Written::Moved
            }
            None => Written::Status,
        };
        booking_rows::update(tx, &booking, change).await?;
        if booking.status == BookingStatus::Confirmed {
            events::emit(tx, org, Event::BookingConfirmed(&booking)).await?;
        }
        return Ok(());
    }
    // Paid for seats it no longer holds (taken after the hold ended, or the booking was
    // cancelled, or its time has passed): everything goes back.
    let reason = if booking.status == BookingStatus::Expired {
        RefundReason::SlotTaken
    } else {
        RefundReason::Cancellation
    };
    let amount = refundable(&payment);
    if amount > 0 {
        promise_refund(tx, org, &mut payment, amount, reason, now).await?;
    }
    Ok(())
}

// ---- jobs: I/O with the provider ---------------------------------------------------------

/// Cancel an unpaid payment at the provider. A refusal (it was paid meanwhile, or is gone)
/// ends the job: the provider's own event for a late payment refunds it.
pub(crate) async fn cancel_job(
    db: &Db,
    provider: Option<&dyn PaymentProvider>,
    job: &StoredJob,
    org: &str,
    payment_id: &str,
) -> Result<bool> {
    let payment = rows::get(&mut db.read().await?, org, payment_id).await;
    let payment = match payment {
        Ok(p) => p,
        Err(StorageError::NotFound(_)) => return finish(db, job).await,
        Err(e) => return Err(e.into()),
    };
    if let (Some(id), Some(provider), None) = (
        &payment.checkout_id,
        provider,
        payment.provider_payment_id.as_ref(),
    ) {
        match provider.expire_checkout(id).await {
            Ok(()) => {}
            Err(ProviderError::Refused(m)) => {
                tracing::info!(payment = %payment.id, reason = %m, "the provider did not close the payment page");
            }
            Err(e @ ProviderError::Unavailable(_)) => return Err(unavailable(&e)),
        }
    } else if let (Some(id), Some(provider)) = (&payment.provider_payment_id, provider) {
        match provider.cancel_intent(id).await {
            Ok(()) => {}
            Err(ProviderError::Refused(m)) => {
                tracing::info!(payment = %payment.id, reason = %m, "the provider did not cancel the payment");
            }
            Err(e @ ProviderError::Unavailable(_)) => return Err(unavailable(&e)),
        }
    } else if payment.provider_payment_id.is_some() || payment.checkout_id.is_some() {
        return Err(unavailable(&ProviderError::Unavailable(
            "no payment provider is configured".into(),
        )));
    }
    finish(db, job).await
}

/// Issue a pending refund at the provider, then record the outcome under the payment's lock
/// (with the job's lease checked first, as every job that does I/O).
pub(crate) async fn refund_job(
    db: &Db,
    provider: Option<&dyn PaymentProvider>,
    job: &StoredJob,
    org: &str,
    payment_id: &str,
    refund_id: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let payment = rows::get(&mut db.read().await?, org, payment_id).await?;
    let Some(refund) = payment.refunds.iter().find(|r| r.id == refund_id).cloned() else {
        return finish(db, job).await;
    };
    if refund.status != RefundStatus::Pending {
        return finish(db, job).await;
    }
    let (Some(provider), Some(pi)) = (provider, payment.provider_payment_id.as_deref()) else {
        return Err(unavailable(&ProviderError::Unavailable(
            "no payment provider is configured".into(),
        )));
    };
    let metadata = [
        (META_PAYMENT, payment.id.as_str()),
        (META_ORGANIZATION, org),
        ("skyslots_refund", refund.id.as_str()),
    ];
    let outcome = provider
        .refund(RefundRequest {
            idempotency_key: &refund.id,
            provider_payment_id: pi,
            amount: refund.amount,
            metadata: &metadata,
            reverse_transfer: payment.destination_account.is_some(),
        })
        .await;
    let outcome = match outcome {
        Ok(id) => Ok(id),
        Err(ProviderError::Refused(m)) => Err(m),
        Err(e @ ProviderError::Unavailable(_)) => return Err(unavailable(&e)),
    };
    let lease = job.lease_until.unwrap_or_default();
    let mut tx = db.begin().await?;
    let result: Result<bool> = async {
        if !skyslots_storage::jobs::hold(&mut tx, &job.id, lease).await? {
            return Ok(false);
        }
        rows::lock(&mut tx, org, payment_id).await?;
        let mut payment = rows::get(&mut tx, org, payment_id).await?;
        let at = whole_seconds(now);
        let Some(r) = payment.refunds.iter_mut().find(|r| r.id == refund_id) else {
            skyslots_storage::jobs::complete(&mut tx, &job.id).await?;
            return Ok(true);
        };
        let succeeded = match &outcome {
            Ok(provider_id) => {
                r.status = RefundStatus::Succeeded;
                r.provider_refund_id = Some(provider_id.clone());
                true
            }
            Err(message) => {
                r.status = RefundStatus::Failed;
                r.failure_message = Some(message.chars().take(500).collect());
                false
            }
        };
        if succeeded {
            payment.amount_refunded += refund.amount;
            payment.status = if payment.amount_refunded >= payment.amount {
                PaymentStatus::Refunded
            } else {
                PaymentStatus::PartiallyRefunded
            };
        }
        payment.updated_at = at;
        rows::update(&mut tx, &payment).await?;
        if succeeded {
            events::emit(
                &mut tx,
                org,
                Event::PaymentRefunded {
                    payment: &payment,
                    refund_id,
                },
            )
            .await?;
        } else {
            tracing::warn!(payment = %payment.id, refund = %refund_id, "the provider refused the refund");
        }
        skyslots_storage::jobs::complete(&mut tx, &job.id).await?;
        Ok(true)
    }
    .await;
    tx.finish(result).await
}

/// 503 `payment_provider_error` saying `what`.
pub(crate) fn unavailable(what: &dyn std::fmt::Display) -> Error {
    Error::Unavailable {
        code: ErrorCode::PaymentProviderError,
        message: what.to_string(),
    }
}

/// Complete `job` if its lease is still this worker's.
async fn finish(db: &Db, job: &StoredJob) -> Result<bool> {
    let lease = job.lease_until.unwrap_or_default();
    let mut tx = db.begin().await?;
    let result: Result<bool> = async {
        if !skyslots_storage::jobs::hold(&mut tx, &job.id, lease).await? {
            return Ok(false);
        }
        skyslots_storage::jobs::complete(&mut tx, &job.id).await?;
        Ok(true)
    }
    .await;
    tx.finish(result).await
}

// ---- the organization's API --------------------------------------------------------------

pub async fn get(db: &Db, org: &str, id: &PaymentId) -> Result<Payment> {
    Ok(rows::get(&mut db.read().await?, org, id).await?)
}

/// The organization's payments, newest first.
pub async fn list(
    db: &Db,
    org: &str,
    filter: &PaymentFilter,
    page: &PageRequest,
) -> Result<Page<Payment>> {
    Ok(rows::list(&mut db.read().await?, org, filter, page).await?)
}

/// The booking's latest payment, if any.
pub async fn for_booking(db: &Db, org: &str, booking_id: &str) -> Result<Option<Payment>> {
    Ok(rows::for_booking(&mut db.read().await?, org, booking_id).await?)
}

/// Refund `amount` (default: all that is left) of a succeeded payment; issued by a job.
pub async fn refund(
    db: &Db,
    org: &str,
    id: &PaymentId,
    amount: Option<i64>,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<(Payment, Refund)> {
    let mut tx = db.begin().await?;
    let result: Result<(Payment, Refund)> = async {
        rows::lock(&mut tx, org, id).await?;
        let mut payment = rows::get(&mut tx, org, id).await?;
        let left = refundable(&payment);
        if left == 0 {
            return Err(Error::conflict(
                ErrorCode::PaymentNotRefundable,
                format!(
                    "nothing to refund: the payment is {} with {} of {} refunded or being refunded",
                    payment.status.as_str(),
                    payment.amount - left,
                    payment.amount
                ),
            ));
        }
        let amount = amount.unwrap_or(left);
        if !money::is_chargeable(currency_of(&payment)?, amount) {
            return Err(Error::field(
                "amount",
                InvalidReason::Inconsistent(
                    "must be more than zero and a whole number of the currency's steps",
                ),
            ));
        }
        if amount > left {
            return Err(Error::conflict(
                ErrorCode::RefundExceedsPayment,
                format!(
                    "at most {left} can be refunded (of {} paid)",
                    payment.amount
                ),
            ));
        }
        let refund = promise_refund(
            &mut tx,
            org,
            &mut payment,
            amount,
            RefundReason::Manual,
            now,
        )
        .await?;
        crate::record(
            &mut tx,
            org,
            audit,
            "payment.refund_requested",
            ("payment", id),
            format!("refund of {amount} {} requested", payment.currency),
        )
        .await?;
        Ok((payment, refund))
    }
    .await;
    tx.finish(result).await
}

// ---- revenue -----------------------------------------------------------------------------

/// How a revenue report groups payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// The day the payment was made, in the report's time zone.
    Day,
    Link,
    /// Each host of the booking (a collective booking counts in each of its hosts' rows).
    Host,
}

/// Money of one group in one currency, in minor units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevenueLine {
    /// The day (`YYYY-MM-DD`), link id or host id; empty in totals.
    pub key: String,
    pub currency: String,
    pub payments: i64,
    /// What was paid.
    pub gross: i64,
    /// What of it went back.
    pub refunds: i64,
    /// What the platform kept as application fees (connected accounts only).
    pub fees: i64,
    /// `gross - refunds - fees`.
    pub net: i64,
}

/// A revenue report: its lines by group and currency, and totals per currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revenue {
    pub lines: Vec<RevenueLine>,
    pub totals: Vec<RevenueLine>,
}

/// The longest range one revenue report covers, in days.
pub const REVENUE_MAX_DAYS: i64 = 366;
/// The most payments one revenue report adds up.
pub const REVENUE_MAX_PAYMENTS: i64 = 200_000;

/// Payments made from `start` to `end` (both days included, in `timezone`), by `group_by`
/// and currency: gross, refunds, fees and net. By the day each payment was made: a refund
/// counts with its payment.
pub async fn revenue(
    db: &Db,
    org: &str,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
    timezone: &str,
    group_by: GroupBy,
) -> Result<Revenue> {
    let tz: chrono_tz::Tz = skyslots_core::parse_timezone(timezone)
        .map_err(|_| Error::field("timezone", InvalidReason::UnknownTimeZone(timezone.into())))?;
    if end < start {
        return Err(Error::field("end", InvalidReason::EndNotAfterStart));
    }
    if (end - start).num_days() >= REVENUE_MAX_DAYS {
        return Err(Error::field(
            "end",
            InvalidReason::WindowTooLong(REVENUE_MAX_DAYS),
        ));
    }
    let midnight = |d: chrono::NaiveDate| {
        skyslots_core::time::resolve_naive(tz, d.and_time(chrono::NaiveTime::MIN))
    };
    let (from, to) = (midnight(start), midnight(end + Duration::days(1)));
    let paid = rows::paid_between(
        &mut db.read().await?,
        org,
        from,
        to,
        REVENUE_MAX_PAYMENTS + 1,
    )
    .await?;
    if paid.len() as i64 > REVENUE_MAX_PAYMENTS {
        return Err(Error::conflict(
            ErrorCode::LimitReached,
            format!(
                "more than {REVENUE_MAX_PAYMENTS} payments in the range: ask for a shorter one"
            ),
        ));
    }
    let mut lines: BTreeMap<(String, String), RevenueLine> = BTreeMap::new();
    let mut totals: BTreeMap<String, RevenueLine> = BTreeMap::new();
    let add = |line: &mut RevenueLine, p: &Payment| {
        line.payments += 1;
        line.gross += p.amount;
        line.refunds += p.amount_refunded;
        // Refunds give the platform's fee back in proportion.
        let kept = i128::from(p.application_fee)
            * i128::from((p.amount - p.amount_refunded).max(0))
            / i128::from(p.amount.max(1));
        line.fees += i64::try_from(kept).unwrap_or(0);
        line.net = line.gross - line.refunds - line.fees;
    };
    for (p, hosts) in &paid {
        let keys: Vec<String> = match group_by {
            GroupBy::Day => {
                vec![
                    skyslots_core::time::local_date(tz, p.paid_at.unwrap_or(p.created_at))
                        .to_string(),
                ]
            }
            GroupBy::Link => vec![p.link_id.clone()],
            GroupBy::Host => hosts.clone(),
        };
        for key in keys {
            let line = lines
                .entry((key.clone(), p.currency.clone()))
                .or_insert_with(|| RevenueLine {
                    key,
                    currency: p.currency.clone(),
                    ..RevenueLine::default()
                });
            add(line, p);
        }
        let total = totals
            .entry(p.currency.clone())
            .or_insert_with(|| RevenueLine {
                currency: p.currency.clone(),
                ..RevenueLine::default()
            });
        add(total, p);
    }
    Ok(Revenue {
        lines: lines.into_values().collect(),
        totals: totals.into_values().collect(),
    })
}
