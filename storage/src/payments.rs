//! Payments: what a booking on a paid link collects through the payment provider, its
//! refunds, and the provider's events already processed. The flow (holds, confirmation,
//! refunds by policy) is the use-case layer's (`skyslots_app::payments`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, from_json, to_json, ts};
use crate::page::{Page, PageRequest};
use crate::schema::{payments, provider_events};

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Waiting for the payer (an attempt may have failed; they may try again until the hold ends).
    RequiresPayment,
    Succeeded,
    /// Never paid: the hold ended or the booking was cancelled first.
    Canceled,
    PartiallyRefunded,
    Refunded,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RequiresPayment => "requires_payment",
            Self::Succeeded => "succeeded",
            Self::Canceled => "canceled",
            Self::PartiallyRefunded => "partially_refunded",
            Self::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::RequiresPayment,
            Self::Succeeded,
            Self::Canceled,
            Self::PartiallyRefunded,
            Self::Refunded,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// Why money went back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    /// The booking was cancelled; the link's policy set the amount.
    Cancellation,
    /// The payment came after its hold ended and the seats were taken.
    SlotTaken,
    /// The organization refunded through the API.
    Manual,
}

/// Where a refund stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    /// Decided and being issued through the provider (a job).
    Pending,
    Succeeded,
    /// The provider refused it; the amount is refundable again.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Refund {
    pub id: String,
    pub amount: i64,
    pub reason: RefundReason,
    pub status: RefundStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_refund_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_message: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A payment as stored (the client secret only sealed).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Payment {
    pub id: String,
    pub booking_id: String,
    pub link_id: String,
    /// `stripe`.
    pub provider: String,
    /// The provider's id (a Stripe PaymentIntent `pi_…`), once created there.
    pub provider_payment_id: Option<String>,
    /// A hosted payment page (a Stripe Checkout Session `cs_…`) and its URL, on links that
    /// pay there.
    pub checkout_id: Option<String>,
    pub checkout_url: Option<String>,
    pub status: PaymentStatus,
    /// Minor units of `currency`: what the payer is asked for.
    pub amount: i64,
    pub currency: String,
    /// Refunded so far (succeeded refunds).
    pub amount_refunded: i64,
    /// What the platform keeps (Stripe Connect destination charges), in minor units.
    pub application_fee: i64,
    /// The organization's connected account the payment goes to, less the fee.
    pub destination_account: Option<String>,
    pub refunds: Vec<Refund>,
    pub client_secret_sealed: Option<String>,
    pub receipt_url: Option<String>,
    /// Why the last attempt failed, while it awaits payment.
    pub failure_message: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = payments)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct Row {
    id: String,
    organization_id: String,
    booking_id: String,
    link_id: String,
    provider: String,
    provider_payment_id: Option<String>,
    checkout_id: Option<String>,
    checkout_url: Option<String>,
    status: String,
    amount: i64,
    currency: String,
    amount_refunded: i64,
    application_fee: i64,
    destination_account: Option<String>,
    refunds: String,
    client_secret_sealed: Option<String>,
    receipt_url: Option<String>,
    failure_message: Option<String>,
    paid_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl Row {
    fn into_record(self) -> Result<(String, Payment), StorageError> {
        let status = PaymentStatus::parse(&self.status)
            .ok_or_else(|| StorageError::Corrupt(format!("payment status {:?}", self.status)))?;
        Ok((
            self.organization_id,
            Payment {
                refunds: from_json("payment refunds", &self.refunds)?,
                id: self.id,
                booking_id: self.booking_id,
                link_id: self.link_id,
                provider: self.provider,
                provider_payment_id: self.provider_payment_id,
                checkout_id: self.checkout_id,
                checkout_url: self.checkout_url,
                status,
                amount: self.amount,
                currency: self.currency,
                amount_refunded: self.amount_refunded,
                application_fee: self.application_fee,
                destination_account: self.destination_account,
                client_secret_sealed: self.client_secret_sealed,
                receipt_url: self.receipt_url,
                failure_message: self.failure_message,
                paid_at: self.paid_at.map(at),
                created_at: at(self.created_at),
                updated_at: at(self.updated_at),
            },
        ))
    }
}

/// The columns that change after insert.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = payments)]
#[diesel(treat_none_as_null = true)]
struct Changes<'a> {
    provider_payment_id: Option<&'a str>,
    checkout_id: Option<&'a str>,
    checkout_url: Option<&'a str>,
    status: &'a str,
    amount_refunded: i64,
    refunds: String,
    client_secret_sealed: Option<&'a str>,
    receipt_url: Option<&'a str>,
    failure_message: Option<&'a str>,
    paid_at: Option<i64>,
    updated_at: i64,
}

fn changes(p: &Payment) -> Result<Changes<'_>, StorageError> {
    Ok(Changes {
        provider_payment_id: p.provider_payment_id.as_deref(),
        checkout_id: p.checkout_id.as_deref(),
        checkout_url: p.checkout_url.as_deref(),
        status: p.status.as_str(),
        amount_refunded: p.amount_refunded,
        refunds: to_json(&p.refunds)?,
        client_secret_sealed: p.client_secret_sealed.as_deref(),
        receipt_url: p.receipt_url.as_deref(),
        failure_message: p.failure_message.as_deref(),
        paid_at: p.paid_at.map(ts),
        updated_at: ts(p.updated_at),
    })
}

pub async fn insert(tx: &mut Tx, org: &str, p: &Payment) -> Result<(), StorageError> {
    let values = changes(p)?;
    on_backend!(tx, conn => {
        diesel::insert_into(payments::table)
            .values((
                payments::id.eq(&p.id),
                payments::organization_id.eq(org),
                payments::booking_id.eq(&p.booking_id),
                payments::link_id.eq(&p.link_id),
                payments::provider.eq(&p.provider),
                payments::amount.eq(p.amount),
                payments::currency.eq(&p.currency),
                payments::application_fee.eq(p.application_fee),
                payments::destination_account.eq(&p.destination_account),
                payments::created_at.eq(ts(p.created_at)),
                values,
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Write what changed of the stored payment `p.id`.
pub async fn update(tx: &mut Tx, p: &Payment) -> Result<(), StorageError> {
    let values = changes(p)?;
    on_backend!(tx, conn => {
        diesel::update(payments::table.filter(payments::id.eq(&p.id)))
            .set(values)
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Lock the payment for the rest of the transaction (a no-op write); `NotFound` if `org` has
/// no such payment. Lock order: booking, then its payment.
pub async fn lock(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(payments::table.filter(payments::organization_id.eq(org)).filter(payments::id.eq(id)))
            .set(payments::updated_at.eq(payments::updated_at))
            .execute(conn)
            .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("payment"));
    }
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<Payment, StorageError> {
    let row: Option<Row> = on_backend!(tx, conn => {
        payments::table
            .filter(payments::organization_id.eq(org))
            .filter(payments::id.eq(id))
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?
    });
    Ok(row
        .ok_or(StorageError::NotFound("payment"))?
        .into_record()?
        .1)
}

/// The booking's latest payment, if it has one.
pub async fn for_booking(
    tx: &mut Tx,
    org: &str,
    booking_id: &str,
) -> Result<Option<Payment>, StorageError> {
    let row: Option<Row> = on_backend!(tx, conn => {
        payments::table
            .filter(payments::organization_id.eq(org))
            .filter(payments::booking_id.eq(booking_id))
            .order(payments::id.desc())
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.map(|r| r.into_record().map(|(_, p)| p)).transpose()
}

/// The payment the provider knows as `provider_payment_id`, with its organization.
pub async fn by_provider_id(
    tx: &mut Tx,
    provider: &str,
    provider_payment_id: &str,
) -> Result<Option<(String, Payment)>, StorageError> {
    let row: Option<Row> = on_backend!(tx, conn => {
        payments::table
            .filter(payments::provider.eq(provider))
            .filter(payments::provider_payment_id.eq(provider_payment_id))
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.map(Row::into_record).transpose()
}

/// The payment whose hosted page (Checkout Session) the provider knows as `checkout_id`.
pub async fn by_checkout_id(
    tx: &mut Tx,
    provider: &str,
    checkout_id: &str,
) -> Result<Option<(String, Payment)>, StorageError> {
    let row: Option<Row> = on_backend!(tx, conn => {
        payments::table
            .filter(payments::provider.eq(provider))
            .filter(payments::checkout_id.eq(checkout_id))
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.map(Row::into_record).transpose()
}

/// Which payments a list returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentFilter {
    pub booking_id: Option<String>,
    pub status: Option<PaymentStatus>,
}

/// The organization's payments, newest first.
pub async fn list(
    tx: &mut Tx,
    org: &str,
    filter: &PaymentFilter,
    page: &PageRequest,
) -> Result<Page<Payment>, StorageError> {
    let after = page.after_id();
    let rows: Vec<Row> = on_backend!(tx, conn => {
        let mut q = payments::table
            .filter(payments::organization_id.eq(org))
            .select(Row::as_select())
            .order(payments::id.desc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(a) = after.clone() {
            q = q.filter(payments::id.lt(a));
        }
        if let Some(b) = filter.booking_id.clone() {
            q = q.filter(payments::booking_id.eq(b));
        }
        if let Some(s) = filter.status {
            q = q.filter(payments::status.eq(s.as_str()));
        }
        q.load(conn).await?
    });
    let page = page.by_id(rows, |r| &r.id);
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(|r| r.into_record().map(|(_, p)| p))
            .collect::<Result<_, _>>()?,
        next_cursor: page.next_cursor,
    })
}

/// Record that the provider's event `event_id` is being processed; `false` if it was already
/// (a redelivery). In the transaction of the event's effect, so an event that failed midway
/// is processed again.
pub async fn first_delivery(
    tx: &mut Tx,
    provider: &str,
    event_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::insert_into(provider_events::table)
            .values((
                provider_events::provider.eq(provider),
                provider_events::event_id.eq(event_id),
                provider_events::received_at.eq(ts(now)),
            ))
            .on_conflict((provider_events::provider, provider_events::event_id))
            .do_nothing()
            .execute(conn)
            .await?
    });
    Ok(n == 1)
}

/// The organization's payments made (paid) in `[from, to)`, with the hosts of their bookings,
/// oldest first: what revenue reports add up. At most `limit`.
pub async fn paid_between(
    tx: &mut Tx,
    org: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<(Payment, Vec<String>)>, StorageError> {
    use crate::schema::booking_hosts;
    let rows: Vec<Row> = on_backend!(tx, conn => {
        payments::table
            .filter(payments::organization_id.eq(org))
            .filter(payments::paid_at.ge(ts(from)))
            .filter(payments::paid_at.lt(ts(to)))
            .order((payments::paid_at.asc(), payments::id.asc()))
            .limit(limit)
            .select(Row::as_select())
            .load(conn)
            .await?
    });
    let bookings: Vec<String> = rows.iter().map(|r| r.booking_id.clone()).collect();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for chunk in bookings.chunks(500) {
        let found: Vec<(String, String)> = on_backend!(tx, conn => {
            booking_hosts::table
                .filter(booking_hosts::booking_id.eq_any(chunk))
                .order((booking_hosts::booking_id.asc(), booking_hosts::host_id.asc()))
                .select((booking_hosts::booking_id, booking_hosts::host_id))
                .load(conn)
                .await?
        });
        pairs.extend(found);
    }
    let hosts = crate::model::children_by_parent(pairs);
    rows.into_iter()
        .map(|r| {
            let h = hosts.get(&r.booking_id).cloned().unwrap_or_default();
            r.into_record().map(|(_, p)| (p, h))
        })
        .collect()
}

/// An organization's account at the provider (Stripe Connect).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentAccount {
    pub provider: String,
    pub account_id: String,
    pub charges_enabled: bool,
    pub payouts_enabled: bool,
    pub details_submitted: bool,
    /// What the provider still needs from the organization (its requirement names).
    pub requirements: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = crate::schema::payment_accounts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct AccountRow {
    organization_id: String,
    provider: String,
    account_id: String,
    charges_enabled: bool,
    payouts_enabled: bool,
    details_submitted: bool,
    requirements: String,
    created_at: i64,
    updated_at: i64,
}

/// The organization's account, if it has one.
pub async fn account(tx: &mut Tx, org: &str) -> Result<Option<PaymentAccount>, StorageError> {
    use crate::schema::payment_accounts as pa;
    let row: Option<AccountRow> = on_backend!(tx, conn => {
        pa::table
            .filter(pa::organization_id.eq(org))
            .select(AccountRow::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.map(|r| {
        Ok(PaymentAccount {
            requirements: from_json("payment account requirements", &r.requirements)?,
            provider: r.provider,
            account_id: r.account_id,
            charges_enabled: r.charges_enabled,
            payouts_enabled: r.payouts_enabled,
            details_submitted: r.details_submitted,
            created_at: at(r.created_at),
            updated_at: at(r.updated_at),
        })
    })
    .transpose()
}

/// Write the organization's account (insert or replace); `Duplicate` if another organization
/// has that account.
pub async fn save_account(tx: &mut Tx, org: &str, a: &PaymentAccount) -> Result<(), StorageError> {
    use crate::schema::payment_accounts as pa;
    let row = AccountRow {
        organization_id: org.to_owned(),
        provider: a.provider.clone(),
        account_id: a.account_id.clone(),
        charges_enabled: a.charges_enabled,
        payouts_enabled: a.payouts_enabled,
        details_submitted: a.details_submitted,
        requirements: to_json(&a.requirements)?,
        created_at: ts(a.created_at),
        updated_at: ts(a.updated_at),
    };
    on_backend!(tx, conn => {
        diesel::insert_into(pa::table)
            .values(&row)
            .on_conflict(pa::organization_id)
            .do_update()
            .set(&row)
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Forget the organization's account (its later payments go to the platform's own).
pub async fn delete_account(tx: &mut Tx, org: &str) -> Result<bool, StorageError> {
    use crate::schema::payment_accounts as pa;
    let n = on_backend!(tx, conn => {
        diesel::delete(pa::table.filter(pa::organization_id.eq(org)))
            .execute(conn)
            .await?
    });
    Ok(n > 0)
}
