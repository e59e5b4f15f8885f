//! Payments: what bookings on links that collect online paid, their refunds, and Stripe's
//! webhook that confirms them.

use crate::v1::prelude::*;
use st::payments::{Payment, PaymentFilter, PaymentStatus, Refund, RefundReason, RefundStatus};

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", rename = "PaymentStatus")]
pub enum PaymentStatusName {
    /// Waiting for the payer, while the booking's hold lasts (an attempt may have failed:
    /// see `failure_message`).
    RequiresPayment,
    Succeeded,
    /// Never paid: the hold ended or the booking was cancelled first.
    Canceled,
    PartiallyRefunded,
    Refunded,
}

impl From<PaymentStatus> for PaymentStatusName {
    fn from(s: PaymentStatus) -> Self {
        match s {
            PaymentStatus::RequiresPayment => Self::RequiresPayment,
            PaymentStatus::Succeeded => Self::Succeeded,
            PaymentStatus::Canceled => Self::Canceled,
            PaymentStatus::PartiallyRefunded => Self::PartiallyRefunded,
            PaymentStatus::Refunded => Self::Refunded,
        }
    }
}

impl From<PaymentStatusName> for PaymentStatus {
    fn from(s: PaymentStatusName) -> Self {
        match s {
            PaymentStatusName::RequiresPayment => Self::RequiresPayment,
            PaymentStatusName::Succeeded => Self::Succeeded,
            PaymentStatusName::Canceled => Self::Canceled,
            PaymentStatusName::PartiallyRefunded => Self::PartiallyRefunded,
            PaymentStatusName::Refunded => Self::Refunded,
        }
    }
}

/// Why money went back: the booking was cancelled (the link's policy set the amount), the
/// payment came after its hold ended and the seats were taken, or the organization refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", rename = "RefundReason")]
pub enum RefundReasonName {
    Cancellation,
    SlotTaken,
    Manual,
}

impl From<RefundReason> for RefundReasonName {
    fn from(r: RefundReason) -> Self {
        match r {
            RefundReason::Cancellation => Self::Cancellation,
            RefundReason::SlotTaken => Self::SlotTaken,
            RefundReason::Manual => Self::Manual,
        }
    }
}

/// Where a refund stands: decided and being issued (`pending`), done, or refused by the
/// provider (the amount is refundable again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", rename = "RefundStatus")]
pub enum RefundStatusName {
    Pending,
    Succeeded,
    Failed,
}

impl From<RefundStatus> for RefundStatusName {
    fn from(s: RefundStatus) -> Self {
        match s {
            RefundStatus::Pending => Self::Pending,
            RefundStatus::Succeeded => Self::Succeeded,
            RefundStatus::Failed => Self::Failed,
        }
    }
}

/// Money going back to the payer, in minor units of the payment's currency.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PaymentRefund")]
pub struct RefundView {
    pub id: String,
    pub amount: i64,
    pub reason: RefundReasonName,
    pub status: RefundStatusName,
    /// The provider's refund id (`re_…`), once issued.
    #[oai(skip_serializing_if_is_none)]
    pub provider_refund_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub failure_message: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&Refund> for RefundView {
    fn from(r: &Refund) -> Self {
        Self {
            id: r.id.clone(),
            amount: r.amount,
            reason: r.reason.into(),
            status: r.status.into(),
            provider_refund_id: r.provider_refund_id.clone(),
            failure_message: r.failure_message.clone(),
            created_at: r.created_at,
        }
    }
}

/// A booking's payment: what the payer is asked for (the deposit, or the total), in minor
/// units of `currency`, and what went back.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Payment")]
pub struct PaymentView {
    pub id: String,
    pub booking_id: String,
    pub link_id: String,
    /// `stripe`.
    pub provider: String,
    /// The provider's id (a Stripe PaymentIntent `pi_…`), once opened there.
    #[oai(skip_serializing_if_is_none)]
    pub provider_payment_id: Option<String>,
    /// On links that pay on Stripe's hosted page: the Checkout Session (`cs_…`) and its URL.
    #[oai(skip_serializing_if_is_none)]
    pub checkout_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub checkout_url: Option<String>,
    pub status: PaymentStatusName,
    pub amount: i64,
    pub amount_decimal: String,
    pub currency: String,
    /// Refunded so far (refunds that succeeded).
    pub amount_refunded: i64,
    /// What the platform keeps of it (payments to the organization's connected account).
    pub application_fee: i64,
    /// The organization's connected account it went to (`acct_…`), less the fee.
    #[oai(skip_serializing_if_is_none)]
    pub destination_account: Option<String>,
    pub refunds: Vec<RefundView>,
    #[oai(skip_serializing_if_is_none)]
    pub receipt_url: Option<String>,
    /// Why the last attempt to pay failed, while it awaits payment.
    #[oai(skip_serializing_if_is_none)]
    pub failure_message: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub paid_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `amount` in `currency` as a decimal string (`"15.00"`).
pub fn decimal(currency: &str, amount: i64) -> String {
    skyslots_core::money::Currency::parse(currency)
        .map_or_else(|| amount.to_string(), |c| c.decimal(amount))
}

impl From<&Payment> for PaymentView {
    fn from(p: &Payment) -> Self {
        Self {
            id: p.id.clone(),
            booking_id: p.booking_id.clone(),
            link_id: p.link_id.clone(),
            provider: p.provider.clone(),
            provider_payment_id: p.provider_payment_id.clone(),
            checkout_id: p.checkout_id.clone(),
            checkout_url: p.checkout_url.clone(),
            status: p.status.into(),
            amount: p.amount,
            amount_decimal: decimal(&p.currency, p.amount),
            currency: p.currency.clone(),
            amount_refunded: p.amount_refunded,
            application_fee: p.application_fee,
            destination_account: p.destination_account.clone(),
            refunds: p.refunds.iter().map(Into::into).collect(),
            receipt_url: p.receipt_url.clone(),
            failure_message: p.failure_message.clone(),
            paid_at: p.paid_at,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A refund to issue.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PaymentRefundCreate", example)]
pub struct RefundCreate {
    /// Minor units of the payment's currency; omitted: everything not yet refunded. Never
    /// more than what is left.
    #[oai(validator(minimum(value = "1")))]
    pub amount: Option<i64>,
}

impl poem_openapi::types::Example for RefundCreate {
    fn example() -> Self {
        Self { amount: Some(500) }
    }
}

/// Stripe's webhook, acknowledged.
#[derive(Debug, Clone, Object)]
#[oai(rename = "ProviderWebhookReceived")]
pub struct WebhookReceived {
    pub received: bool,
    /// The event was delivered before and changed nothing this time.
    pub duplicate: bool,
}

list_view!(PaymentList, PaymentView);

/// How a revenue report groups payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", rename = "RevenueGroupBy")]
pub enum GroupByName {
    /// The day each payment was made, in the report's `timezone`.
    Day,
    Link,
    /// Each host of the booking: a collective booking counts in each of its hosts' lines
    /// (the totals count it once).
    Host,
}

/// Money of one group in one currency, in minor units.
#[derive(Debug, Clone, Object)]
#[oai(rename = "RevenueLine")]
pub struct RevenueLineView {
    /// The day (`YYYY-MM-DD`), link id or host id; absent in totals.
    #[oai(skip_serializing_if_is_none)]
    pub key: Option<String>,
    pub currency: String,
    /// How many payments.
    pub payments: i64,
    /// What was paid.
    pub gross: i64,
    /// What of it was refunded.
    pub refunds: i64,
    /// Application fees the platform kept (Stripe Connect destination charges); 0 for
    /// payments to the platform's own account.
    pub fees: i64,
    /// `gross - refunds - fees`.
    pub net: i64,
    pub net_decimal: String,
}

impl From<&app::payments::RevenueLine> for RevenueLineView {
    fn from(l: &app::payments::RevenueLine) -> Self {
        Self {
            key: (!l.key.is_empty()).then(|| l.key.clone()),
            currency: l.currency.clone(),
            payments: l.payments,
            gross: l.gross,
            refunds: l.refunds,
            fees: l.fees,
            net: l.net,
            net_decimal: decimal(&l.currency, l.net),
        }
    }
}

/// Revenue over a range of days, by group and currency (amounts of different currencies are
/// never added up).
#[derive(Debug, Clone, Object)]
#[oai(rename = "RevenueReport")]
pub struct RevenueView {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub timezone: String,
    pub group_by: GroupByName,
    /// By key, then currency.
    pub lines: Vec<RevenueLineView>,
    /// One per currency.
    pub totals: Vec<RevenueLineView>,
}

#[derive(Debug, Default)]
pub struct PaymentsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Payments")]
impl PaymentsApi {
    /// List payments
    ///
    /// Newest first: what bookings on links that collect online were asked for, paid and
    /// refunded.
    #[oai(path = "/payments", method = "get", operation_id = "payment_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        booking_id: Query<Option<String>>,
        status: Query<Option<PaymentStatusName>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<PaymentList>> {
        let p = principal(&state, &auth).await?;
        let page = page(limit.0, cursor.0)?;
        let filter = PaymentFilter {
            booking_id: booking_id.0,
            status: status.0.map(Into::into),
        };
        let payments = app::payments::list(&state.db, &p.organization_id, &filter, &page).await?;
        Ok(Json(PaymentList::from_page(payments, |x| x.into())))
    }

    /// Get a payment
    #[oai(path = "/payments/:id", method = "get", operation_id = "payment_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<PaymentView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::PaymentId = path_id(&id)?;
        let payment = app::payments::get(&state.db, &p.organization_id, &id).await?;
        Ok(Json((&payment).into()))
    }

    /// Refund a payment
    ///
    /// Refunds `amount` (default: all that is left) of a succeeded payment through the
    /// provider; partial refunds add up to at most what was paid (409
    /// `refund_exceeds_payment`). The refund is recorded `pending` at once and issued in the
    /// background (retried while the provider is unreachable); `payment.refunded` says when
    /// it went through.
    #[oai(
        path = "/payments/:id/refund",
        method = "post",
        operation_id = "payment_refund"
    )]
    async fn refund(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<RefundCreate>,
    ) -> BodyResult<Json<PaymentView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::PaymentId = path_id(&id)?;
        let (payment, _) = app::payments::refund(
            &state.db,
            &p.organization_id,
            &id,
            body.amount,
            &p.audit(),
            Utc::now(),
        )
        .await?;
        Ok(Json((&payment).into()))
    }

    /// Get a revenue report
    ///
    /// Payments made from `start` to `end` (both days included, at most 366, in `timezone`,
    /// default UTC), grouped by day, link or host and by currency: gross, refunds, fees and
    /// net. Counted by the day each payment was made; a refund counts with its payment.
    #[oai(
        path = "/reports/revenue",
        method = "get",
        operation_id = "revenue_report_get"
    )]
    async fn revenue(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        start: Query<NaiveDate>,
        end: Query<NaiveDate>,
        group_by: Query<Option<GroupByName>>,
        /// An IANA time zone for the days (default `UTC`).
        timezone: Query<Option<String>>,
    ) -> Result<Json<RevenueView>> {
        let p = principal(&state, &auth).await?;
        let group = group_by.0.unwrap_or(GroupByName::Day);
        let tz = timezone.0.unwrap_or_else(|| "UTC".to_owned());
        let report = app::payments::revenue(
            &state.db,
            &p.organization_id,
            start.0,
            end.0,
            &tz,
            match group {
                GroupByName::Day => app::payments::GroupBy::Day,
                GroupByName::Link => app::payments::GroupBy::Link,
                GroupByName::Host => app::payments::GroupBy::Host,
            },
        )
        .await?;
        Ok(Json(RevenueView {
            start: start.0,
            end: end.0,
            timezone: tz,
            group_by: group,
            lines: report.lines.iter().map(Into::into).collect(),
            totals: report.totals.iter().map(Into::into).collect(),
        }))
    }

    /// Receive a Stripe webhook
    ///
    /// The endpoint to register with Stripe (or `stripe listen --forward-to
    /// https://<host>/v1/stripe/webhook`): `payment_intent.succeeded` confirms the booking,
    /// `payment_intent.payment_failed` records the failure. The `Stripe-Signature` header is
    /// verified against `SKYSLOTS_STRIPE_WEBHOOK_SECRET` with a five-minute tolerance (400
    /// `webhook_signature_invalid` otherwise, and nothing changes); each event is applied
    /// once, however often it is delivered. Other event types are acknowledged and ignored.
    #[oai(
        path = "/stripe/webhook",
        method = "post",
        operation_id = "stripe_webhook_receive"
    )]
    async fn stripe_webhook(
        &self,
        state: Data<&AppState>,
        req: &poem::Request,
        #[oai(name = "Stripe-Signature")] signature: Header<Option<String>>,
        // The Stripe event, verified over its bytes as they arrived.
        _body: Json<serde_json::Value>,
    ) -> BodyResult<Json<WebhookReceived>> {
        let Some(stripe) = state.stripe.as_deref() else {
            return Err(ApiError::conflict(
                ErrorCode::PaymentsNotConfigured,
                "this server takes no payments: SKYSLOTS_STRIPE_SECRET_KEY is not set",
            )
            .into());
        };
        let raw = req
            .extensions()
            .get::<crate::RawBody>()
            .map(|b| b.0.clone())
            .unwrap_or_default();
        let now = Utc::now();
        let event = stripe
            .verify_event(&raw, signature.0.as_deref(), now)
            .map_err(|why| {
                ApiError::problem(crate::problem::Problem::new(
                    poem::http::StatusCode::BAD_REQUEST,
                    ErrorCode::WebhookSignatureInvalid,
                    format!("The webhook is refused: {why}."),
                ))
            })?;
        use skyslots_app::payments::PaymentProvider as _;
        let applied = app::payments::apply(&state.db, stripe.name(), &event, now).await?;
        Ok(Json(WebhookReceived {
            received: true,
            duplicate: applied == app::payments::Applied::Duplicate,
        }))
    }
}
