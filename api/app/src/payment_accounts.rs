//! An organization's own account at the payment provider (Stripe Connect): its payments go
//! there as destination charges, less the platform's fee ([`crate::payments::PlatformFee`]);
//! its balance and payouts are read from the provider.

use chrono::{DateTime, Utc};
use skyslots_core::{ErrorCode, InvalidReason};
use skyslots_storage::audit::Audit;
use skyslots_storage::payments::{self as rows, PaymentAccount};
use skyslots_storage::Db;

use crate::links::whole_seconds;
use crate::payments::{
    is_provider_id, not_configured, AccountState, Balance, OnboardingLink, PaymentProvider,
    Payments, Payouts, ProviderError,
};
use crate::{Error, Result};

fn provider<'a>(pay: &Payments<'a>) -> Result<&'a dyn PaymentProvider> {
    pay.provider.ok_or_else(not_configured)
}

fn failed(e: &ProviderError) -> Error {
    match e {
        ProviderError::Refused(m) => Error::conflict(
            ErrorCode::PaymentProviderError,
            format!("the payment provider refused: {m}"),
        ),
        ProviderError::Unavailable(_) => crate::payments::unavailable(e),
    }
}

fn record(
    state: AccountState,
    provider: &str,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
) -> PaymentAccount {
    PaymentAccount {
        provider: provider.to_owned(),
        account_id: state.id,
        charges_enabled: state.charges_enabled,
        payouts_enabled: state.payouts_enabled,
        details_submitted: state.details_submitted,
        requirements: state.requirements,
        created_at: created,
        updated_at: whole_seconds(now),
    }
}

/// Create a connected account for the organization, or attach one it already has
/// (`existing`, checked with the provider). Replaces a previous one.
pub async fn connect(
    db: &Db,
    pay: &Payments<'_>,
    org: &str,
    existing: Option<&str>,
    email: Option<&str>,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<PaymentAccount> {
    let provider = provider(pay)?;
    if existing.is_some_and(|id| !is_provider_id(id, "acct_")) {
        return Err(Error::field(
            "account_id",
            InvalidReason::Inconsistent("not a connected account id (acct_…)"),
        ));
    }
    let state = match existing {
        Some(id) => provider.get_account(id).await,
        None => provider.create_account(org, email).await,
    }
    .map_err(|e| failed(&e))?;
    let account = record(state, provider.name(), whole_seconds(now), now);
    let mut tx = db.begin().await?;
    let result: Result<PaymentAccount> = async {
        rows::save_account(&mut tx, org, &account).await?;
        crate::record(
            &mut tx,
            org,
            audit,
            "payment_account.connected",
            ("payment_account", &account.account_id),
            if existing.is_some() {
                "existing account attached".to_owned()
            } else {
                "account created".to_owned()
            },
        )
        .await?;
        Ok(account)
    }
    .await;
    tx.finish(result).await
}

async fn stored(db: &Db, org: &str) -> Result<PaymentAccount> {
    rows::account(&mut db.read().await?, org)
        .await?
        .ok_or(Error::NotFound("payment account"))
}

/// The organization's account, as the provider describes it now (and stored so).
pub async fn get(
    db: &Db,
    pay: &Payments<'_>,
    org: &str,
    now: DateTime<Utc>,
) -> Result<PaymentAccount> {
    let known = stored(db, org).await?;
    let provider = provider(pay)?;
    let state = provider
        .get_account(&known.account_id)
        .await
        .map_err(|e| failed(&e))?;
    let account = record(state, provider.name(), known.created_at, now);
    let mut tx = db.begin().await?;
    let result = rows::save_account(&mut tx, org, &account).await;
    tx.finish(result).await?;
    Ok(account)
}

/// A link to the provider's onboarding for the organization's account.
pub async fn onboarding_link(
    db: &Db,
    pay: &Payments<'_>,
    org: &str,
    refresh_url: &str,
    return_url: &str,
) -> Result<OnboardingLink> {
    for (field, url) in [("refresh_url", refresh_url), ("return_url", return_url)] {
        if !crate::payments::is_return_url(url) {
            return Err(Error::field(
                field,
                InvalidReason::UrlNotAllowed(
                    "an absolute https:// (or http://) URL without credentials",
                ),
            ));
        }
    }
    let known = stored(db, org).await?;
    provider(pay)?
        .onboarding_link(&known.account_id, refresh_url, return_url)
        .await
        .map_err(|e| failed(&e))
}

/// Detach the account: later payments go to the platform's own account.
pub async fn disconnect(db: &Db, org: &str, audit: &Audit) -> Result<()> {
    let mut tx = db.begin().await?;
    let result: Result<()> = async {
        let known = rows::account(&mut tx, org)
            .await?
            .ok_or(Error::NotFound("payment account"))?;
        rows::delete_account(&mut tx, org).await?;
        crate::record(
            &mut tx,
            org,
            audit,
            "payment_account.disconnected",
            ("payment_account", &known.account_id),
            "account detached".to_owned(),
        )
        .await
    }
    .await;
    tx.finish(result).await
}

/// The connected account's balance.
pub async fn balance(db: &Db, pay: &Payments<'_>, org: &str) -> Result<Balance> {
    let known = stored(db, org).await?;
    provider(pay)?
        .balance(&known.account_id)
        .await
        .map_err(|e| failed(&e))
}

/// The connected account's payouts, newest first.
pub async fn payouts(
    db: &Db,
    pay: &Payments<'_>,
    org: &str,
    limit: u32,
    starting_after: Option<&str>,
) -> Result<Payouts> {
    if let Some(after) = starting_after {
        if !is_provider_id(after, "po_") {
            return Err(Error::field(
                "starting_after",
                InvalidReason::Inconsistent("a payout id (po_…) from the previous page"),
            ));
        }
    }
    let known = stored(db, org).await?;
    provider(pay)?
        .payouts(&known.account_id, limit, starting_after)
        .await
        .map_err(|e| failed(&e))
}
