//! Prices: what a booking on a link costs, itemised, before booking (a quote) and — by the
//! same function, `skyslots_core::money::quote` — when it is booked.

use chrono::{DateTime, Duration, Utc};
use skyslots_core::money::{self, Balance, Pricing, Quote};
use skyslots_core::{Invalid, InvalidReason};
use skyslots_storage::ids::LinkId;
use skyslots_storage::{links as link_rows, BookingPrice, Db, Link, Price};

use crate::{Error, Result};

/// A stored price as core checks it (errors name `price.*`).
pub fn pricing_of(p: &Price) -> std::result::Result<Pricing, Invalid> {
    Pricing::new(
        p.amount,
        &p.currency,
        p.terms.unit,
        p.terms.deposit,
        p.terms.tax_inclusive,
    )
}

/// A price as stored: it was checked when set, so a failure here is corrupt data.
fn stored(p: &Price) -> Result<Pricing> {
    pricing_of(p).map_err(|e| {
        Error::Storage(skyslots_storage::StorageError::Corrupt(format!(
            "stored price: {e}"
        )))
    })
}

/// What a quote is asked for.
#[derive(Debug, Clone, Copy)]
pub struct QuoteRequest {
    pub start: DateTime<Utc>,
    /// Minutes; default the link's first duration.
    pub duration: Option<u32>,
    /// Default 1.
    pub seats: Option<u32>,
}

/// A link's price for one start, duration and number of seats.
#[derive(Debug, Clone)]
pub struct LinkQuote {
    pub link_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub duration: u32,
    pub seats: u32,
    /// `None`: the link is free.
    pub quote: Option<Quote>,
    pub balance: Balance,
}

/// The quote for `request` on `link`: the duration must be one the link offers, the seats
/// within its capacity. Whether the slot is free is availability's question, not this one.
pub fn quote_for(link: &Link, request: &QuoteRequest) -> Result<LinkQuote> {
    let duration = crate::links::duration(link, request.duration);
    let seats = request.seats.unwrap_or(1);
    let mut errors = Vec::new();
    if !link.rules.durations.contains(&duration) {
        let offered: Vec<String> = link.rules.durations.iter().map(u32::to_string).collect();
        errors.push(skyslots_core::FieldError::new(
            "duration",
            InvalidReason::NotOffered(offered.join(", ")),
        ));
    }
    if seats == 0 || seats > link.rules.capacity {
        errors.push(skyslots_core::FieldError::new(
            "seats",
            InvalidReason::OutOfRange {
                min: 1,
                max: i64::from(link.rules.capacity),
            },
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(Invalid { errors }));
    }
    let (quote, balance) = match &link.price {
        Some(p) => {
            let pricing = stored(p)?;
            (
                Some(money::quote(&pricing, duration, seats)),
                p.terms.balance,
            )
        }
        None => (None, Balance::default()),
    };
    Ok(LinkQuote {
        link_id: link.id.clone(),
        start: request.start,
        end: request.start + Duration::minutes(i64::from(duration)),
        duration,
        seats,
        quote,
        balance,
    })
}

/// What a booking of `length` for `seats` on `link` costs, by the same function as its quote;
/// `None` on a free link.
pub fn booking_price(link: &Link, length: Duration, seats: u32) -> Result<Option<BookingPrice>> {
    let Some(p) = &link.price else {
        return Ok(None);
    };
    let pricing = stored(p)?;
    let minutes = u32::try_from(length.num_minutes()).unwrap_or(0);
    let q = money::quote(&pricing, minutes, seats);
    Ok(Some(BookingPrice {
        currency: q.currency.code().to_owned(),
        total: q.total,
        due_now: q.due_now,
        due_later: q.due_later,
        tax_inclusive: q.tax_inclusive,
    }))
}

/// The quote for `request` on the organization's link `id`.
pub async fn quote(db: &Db, org: &str, id: &LinkId, request: &QuoteRequest) -> Result<LinkQuote> {
    let link = link_rows::get(&mut db.read().await?, org, id.as_str()).await?;
    quote_for(&link, request)
}
