//! The organization's own Stripe account (Connect) that its payments go to, less the
//! platform's fee; its balance and payouts.

use crate::v1::prelude::*;
use app::payments::Amount;
use st::payments::PaymentAccount;

/// Connect the organization's Stripe account: a new Express account, or one it has.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PaymentAccountConnect", example)]
pub struct AccountConnect {
    /// An existing connected account of this platform (`acct_…`); omitted: a new Express
    /// account is created, to be completed through `payment_account_onboard`.
    #[oai(validator(max_length = 100))]
    pub account_id: Option<String>,
    /// The account holder's email, for a new account.
    #[oai(validator(max_length = 254))]
    pub email: Option<String>,
}

impl poem_openapi::types::Example for AccountConnect {
    fn example() -> Self {
        Self {
            account_id: None,
            email: Some("owner@studio.example".into()),
        }
    }
}

/// The organization's connected account and what Stripe says of it.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PaymentAccount")]
pub struct AccountView {
    /// `stripe`.
    pub provider: String,
    /// The connected account (`acct_…`).
    pub account_id: String,
    /// Payments go to this account (destination charges) only while this is true; until
    /// then they go to the platform's own account.
    pub charges_enabled: bool,
    pub payouts_enabled: bool,
    pub details_submitted: bool,
    /// What Stripe still needs (its requirement names); finish them through an onboarding
    /// link.
    pub requirements: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&PaymentAccount> for AccountView {
    fn from(a: &PaymentAccount) -> Self {
        Self {
            provider: a.provider.clone(),
            account_id: a.account_id.clone(),
            charges_enabled: a.charges_enabled,
            payouts_enabled: a.payouts_enabled,
            details_submitted: a.details_submitted,
            requirements: a.requirements.clone(),
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// Where Stripe's onboarding sends the account holder back to.
#[derive(Debug, Clone, Object)]
#[oai(rename = "OnboardingLinkCreate", example)]
pub struct OnboardingCreate {
    /// Where to go when the link has expired or was used (ask for a new one there).
    #[oai(validator(max_length = 2000))]
    pub refresh_url: String,
    /// Where to go after onboarding (then read `payment_account_get`).
    #[oai(validator(max_length = 2000))]
    pub return_url: String,
}

impl poem_openapi::types::Example for OnboardingCreate {
    fn example() -> Self {
        Self {
            refresh_url: "https://studio.example/settings/payments?retry=1".into(),
            return_url: "https://studio.example/settings/payments".into(),
        }
    }
}

/// A single-use link to Stripe's onboarding.
#[derive(Debug, Clone, Object)]
#[oai(rename = "OnboardingLink")]
pub struct OnboardingView {
    pub url: String,
    #[oai(skip_serializing_if_is_none)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Money in one currency, in minor units.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Money")]
pub struct MoneyView {
    pub amount: i64,
    pub amount_decimal: String,
    pub currency: String,
}

impl From<&Amount> for MoneyView {
    fn from(a: &Amount) -> Self {
        Self {
            amount: a.amount,
            amount_decimal: super::payments::decimal(&a.currency, a.amount),
            currency: a.currency.clone(),
        }
    }
}

/// The connected account's balance at Stripe.
#[derive(Debug, Clone, Object)]
#[oai(rename = "AccountBalance")]
pub struct BalanceView {
    /// Can be paid out now.
    pub available: Vec<MoneyView>,
    /// Not yet available.
    pub pending: Vec<MoneyView>,
}

/// A payout from the connected account to its bank.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Payout")]
pub struct PayoutView {
    /// `po_…`.
    pub id: String,
    pub amount: i64,
    pub amount_decimal: String,
    pub currency: String,
    /// As Stripe says: `paid`, `pending`, `in_transit`, `canceled` or `failed`.
    pub status: String,
    #[oai(skip_serializing_if_is_none)]
    pub arrival_date: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub created: Option<DateTime<Utc>>,
}

/// One page of payouts, newest first.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PayoutList")]
pub struct PayoutList {
    pub data: Vec<PayoutView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[oai(skip_serializing_if_is_none)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Default)]
pub struct PaymentAccountApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Payments")]
impl PaymentAccountApi {
    /// Connect a payment account
    ///
    /// Creates a Stripe Connect Express account for the organization (or attaches one of
    /// this platform's connected accounts by `account_id`). Once Stripe enables charges on
    /// it, the organization's payments are destination charges to it, less the platform's
    /// fee (`SKYSLOTS_PLATFORM_FEE_BASIS_POINTS`, `SKYSLOTS_PLATFORM_FEE_FIXED`).
    #[oai(
        path = "/payment-account",
        method = "post",
        operation_id = "payment_account_connect"
    )]
    async fn connect(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        body: Json<AccountConnect>,
    ) -> BodyResult<Json<AccountView>> {
        let p = principal(&state, &auth).await?;
        let a = app::payment_accounts::connect(
            &state.db,
            &state.payments(),
            &p.organization_id,
            body.account_id.as_deref(),
            body.email.as_deref(),
            &p.audit(),
            Utc::now(),
        )
        .await?;
        Ok(Json((&a).into()))
    }

    /// Get the payment account
    ///
    /// The organization's connected account as Stripe describes it now: whether it takes
    /// charges and payouts, and what Stripe still needs.
    #[oai(
        path = "/payment-account",
        method = "get",
        operation_id = "payment_account_get"
    )]
    async fn get(&self, state: Data<&AppState>, auth: SecretKey) -> Result<Json<AccountView>> {
        let p = principal(&state, &auth).await?;
        let a = app::payment_accounts::get(
            &state.db,
            &state.payments(),
            &p.organization_id,
            Utc::now(),
        )
        .await?;
        Ok(Json((&a).into()))
    }

    /// Disconnect the payment account
    ///
    /// Later payments go to the platform's own account; payments made meanwhile stay where
    /// they went. The account itself stays at Stripe.
    #[oai(
        path = "/payment-account",
        method = "delete",
        operation_id = "payment_account_disconnect"
    )]
    async fn disconnect(&self, state: Data<&AppState>, auth: SecretKey) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        app::payment_accounts::disconnect(&state.db, &p.organization_id, &p.audit()).await?;
        Ok(Deleted::NoContent)
    }

    /// Create an onboarding link
    ///
    /// A single-use link to Stripe's onboarding for the connected account (identity, bank
    /// account); send the account holder there.
    #[oai(
        path = "/payment-account/onboarding-link",
        method = "post",
        operation_id = "payment_account_onboard"
    )]
    async fn onboarding(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        body: Json<OnboardingCreate>,
    ) -> BodyResult<Json<OnboardingView>> {
        let p = principal(&state, &auth).await?;
        let link = app::payment_accounts::onboarding_link(
            &state.db,
            &state.payments(),
            &p.organization_id,
            &body.refresh_url,
            &body.return_url,
        )
        .await?;
        Ok(Json(OnboardingView {
            url: link.url,
            expires_at: link.expires_at,
        }))
    }

    /// Get the balance
    ///
    /// The connected account's balance at Stripe, per currency.
    #[oai(path = "/balance", method = "get", operation_id = "balance_get")]
    async fn balance(&self, state: Data<&AppState>, auth: SecretKey) -> Result<Json<BalanceView>> {
        let p = principal(&state, &auth).await?;
        let b = app::payment_accounts::balance(&state.db, &state.payments(), &p.organization_id)
            .await?;
        Ok(Json(BalanceView {
            available: b.available.iter().map(Into::into).collect(),
            pending: b.pending.iter().map(Into::into).collect(),
        }))
    }

    /// List payouts
    ///
    /// The connected account's payouts to its bank, newest first, as Stripe lists them.
    #[oai(path = "/payouts", method = "get", operation_id = "payout_list")]
    async fn payouts(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        /// 1 to 100, default 20.
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u32>>,
        /// The `next_cursor` of the previous page.
        #[oai(validator(max_length = 100))]
        cursor: Query<Option<String>>,
    ) -> Result<Json<PayoutList>> {
        let p = principal(&state, &auth).await?;
        let page = app::payment_accounts::payouts(
            &state.db,
            &state.payments(),
            &p.organization_id,
            limit.0.unwrap_or(20),
            cursor.0.as_deref(),
        )
        .await?;
        let next_cursor = page
            .has_more
            .then(|| page.payouts.last().map(|p| p.id.clone()))
            .flatten();
        Ok(Json(PayoutList {
            data: page
                .payouts
                .iter()
                .map(|p| PayoutView {
                    id: p.id.clone(),
                    amount: p.amount,
                    amount_decimal: super::payments::decimal(&p.currency, p.amount),
                    currency: p.currency.clone(),
                    status: p.status.clone(),
                    arrival_date: p.arrival_date,
                    created: p.created,
                })
                .collect(),
            next_cursor,
        }))
    }
}
