//! Money: prices in integer minor units of an ISO 4217 currency, and the one function that
//! prices a booking ([`quote`]) — for a quote before booking and for the booking itself.
//!
//! Minor units are counted as Stripe counts them: cents for EUR or USD, whole yen for JPY (a
//! zero-decimal currency), thousandths for KWD (a three-decimal currency, whose amounts Stripe
//! takes only in multiples of ten). No floats anywhere: every division rounds half up in
//! integers.

use crate::error::{Invalid, InvalidReason, Problems};

/// Currencies whose smallest unit is the main unit (Stripe's zero-decimal list).
const ZERO_DECIMAL: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
];
/// Currencies with three decimals (charged in multiples of ten minor units).
const THREE_DECIMAL: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
/// Every other active ISO 4217 currency (two decimals).
const TWO_DECIMAL: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
    "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR",
    "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
    "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW", "KYD", "KZT", "LAK", "LBP",
    "LKR", "LRD", "LSL", "MAD", "MDL", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK",
    "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP",
    "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP",
    "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "USD", "UYU", "UZS", "VES", "WST", "XCD", "YER", "ZAR", "ZMW",
    "ZWG", "ZWL", "CUC", "HRK", "SLL", "ISK",
];

/// The largest price of one unit (a booking, a seat or an hour), in minor units.
pub const MAX_AMOUNT: i64 = 100_000_000;

/// An ISO 4217 currency this server prices in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    exponent: u8,
}

impl Currency {
    /// The currency of an upper-case ISO 4217 code, if it is one.
    pub fn parse(code: &str) -> Option<Self> {
        let find = |list: &[&'static str], exponent| {
            list.iter()
                .find(|c| **c == code)
                .map(|c| Self { code: c, exponent })
        };
        find(ZERO_DECIMAL, 0)
            .or_else(|| find(THREE_DECIMAL, 3))
            .or_else(|| find(TWO_DECIMAL, 2))
    }

    pub fn code(self) -> &'static str {
        self.code
    }

    /// Digits after the decimal point: 0 (JPY), 2 (EUR) or 3 (KWD).
    pub fn exponent(self) -> u8 {
        self.exponent
    }

    /// The step charges are made in: 10 minor units for three-decimal currencies, else 1.
    fn step(self) -> i64 {
        if self.exponent == 3 {
            10
        } else {
            1
        }
    }

    /// `amount` minor units as a decimal string: `1500` JPY is `"1500"`, `1500` EUR is
    /// `"15.00"`, `1500` KWD is `"1.500"`.
    pub fn decimal(self, amount: i64) -> String {
        let sign = if amount < 0 { "-" } else { "" };
        let abs = amount.unsigned_abs();
        if self.exponent == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10_u64.pow(u32::from(self.exponent));
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = usize::from(self.exponent)
        )
    }
}

/// What one unit of a price buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PriceUnit {
    /// One amount per booking, whatever its seats and length.
    #[default]
    PerBooking,
    /// Per seat booked (classes, events).
    PerSeat,
    /// Per hour of the booking's duration, pro rata by the minute (rooms, studios).
    PerHour,
}

/// The part paid when booking, if not all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "kind", content = "value", rename_all = "snake_case")
)]
pub enum Deposit {
    /// A fixed amount in minor units (at most the total).
    Fixed(i64),
    /// A percentage of the total, 1 to 100.
    Percent(u8),
}

/// Where the rest is paid when a deposit is paid on booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Balance {
    /// Online, later (before the start).
    #[default]
    Later,
    /// In person, at the venue.
    AtVenue,
}

/// A link's price, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pricing {
    pub amount: i64,
    pub currency: Currency,
    pub unit: PriceUnit,
    pub deposit: Option<Deposit>,
    /// The amount includes tax (shown so; nothing is added).
    pub tax_inclusive: bool,
}

impl Pricing {
    /// Check a price: a known currency, an amount within bounds, a deposit that fits. Errors
    /// name the fields under `price`.
    pub fn new(
        amount: i64,
        currency: &str,
        unit: PriceUnit,
        deposit: Option<Deposit>,
        tax_inclusive: bool,
    ) -> Result<Self, Invalid> {
        let mut p = Problems::default();
        let found = Currency::parse(currency);
        if found.is_none() {
            p.push(
                "price.currency",
                InvalidReason::NotOffered(
                    "an ISO 4217 currency code such as EUR, USD or JPY".into(),
                ),
            );
        }
        if !(0..=MAX_AMOUNT).contains(&amount) {
            p.push(
                "price.amount",
                InvalidReason::OutOfRange {
                    min: 0,
                    max: MAX_AMOUNT,
                },
            );
        }
        if let Some(c) = found {
            if amount % c.step() != 0 {
                p.push(
                    "price.amount",
                    InvalidReason::Inconsistent(
                        "three-decimal currencies are charged in multiples of 10 minor units",
                    ),
                );
            }
        }
        match deposit {
            Some(Deposit::Percent(pct)) if !(1..=100).contains(&pct) => {
                p.push(
                    "price.deposit.value",
                    InvalidReason::OutOfRange { min: 1, max: 100 },
                );
            }
            Some(Deposit::Fixed(d)) if !(1..=MAX_AMOUNT).contains(&d) => {
                p.push(
                    "price.deposit.value",
                    InvalidReason::OutOfRange {
                        min: 1,
                        max: MAX_AMOUNT,
                    },
                );
            }
            _ => {}
        }
        p.finish()?;
        let currency = found.ok_or_else(|| {
            Invalid::one(
                "price.currency",
                InvalidReason::Inconsistent("unknown currency"),
            )
        })?;
        Ok(Self {
            amount,
            currency,
            unit,
            deposit,
            tax_inclusive,
        })
    }
}

/// One line of a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteLine {
    pub unit: PriceUnit,
    /// Seats, or minutes for [`PriceUnit::PerHour`], or 1.
    pub quantity: u32,
    /// The price of one unit (of one hour for [`PriceUnit::PerHour`]).
    pub unit_amount: i64,
    pub amount: i64,
}

/// What a booking costs, itemised, and how it is paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub currency: Currency,
    pub lines: Vec<QuoteLine>,
    pub total: i64,
    /// Paid when booking: the deposit, or the total.
    pub due_now: i64,
    /// The rest, paid later or at the venue.
    pub due_later: i64,
    pub tax_inclusive: bool,
}

/// `numerator / denominator`, rounded half up (both non-negative).
fn div_round(numerator: i128, denominator: i128) -> i128 {
    (numerator + denominator / 2) / denominator
}

/// Round to the currency's charge step, half up.
fn to_step(amount: i128, step: i64) -> i128 {
    let step = i128::from(step);
    div_round(amount, step) * step
}

/// The price of a booking of `minutes` for `seats` under `p`.
pub fn quote(p: &Pricing, minutes: u32, seats: u32) -> Quote {
    let step = p.currency.step();
    let (quantity, raw) = match p.unit {
        PriceUnit::PerBooking => (1, i128::from(p.amount)),
        PriceUnit::PerSeat => (seats, i128::from(p.amount) * i128::from(seats)),
        PriceUnit::PerHour => (
            minutes,
            div_round(i128::from(p.amount) * i128::from(minutes), 60),
        ),
    };
    let total = to_step(raw, step);
    let due_now = match p.deposit {
        None => total,
        Some(Deposit::Fixed(d)) => i128::from(d).min(total),
        Some(Deposit::Percent(pct)) => {
            to_step(div_round(total * i128::from(pct), 100), step).min(total)
        }
    };
    let clamp = |v: i128| i64::try_from(v).unwrap_or(i64::MAX);
    Quote {
        currency: p.currency,
        lines: vec![QuoteLine {
            unit: p.unit,
            quantity,
            unit_amount: p.amount,
            amount: clamp(total),
        }],
        total: clamp(total),
        due_now: clamp(due_now),
        due_later: clamp(total - due_now),
        tax_inclusive: p.tax_inclusive,
    }
}

/// What a refund of `percent` of `paid` comes to in `currency`: rounded down to the
/// currency's charge step (never more than the percentage), and never more than `refundable`
/// (what is left of the payment).
pub fn refund_share(currency: Currency, paid: i64, percent: u8, refundable: i64) -> i64 {
    let step = i128::from(currency.step());
    let raw = i128::from(paid.max(0)) * i128::from(percent.min(100)) / 100;
    let share = i64::try_from(raw / step * step).unwrap_or(i64::MAX);
    share.min(refundable.max(0))
}

/// Whether `amount` minor units can be charged or refunded in `currency` (a whole number of
/// its steps, more than zero).
pub fn is_chargeable(currency: Currency, amount: i64) -> bool {
    amount > 0 && amount % currency.step() == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refunds_round_down_to_the_currency_step_and_stay_within_what_is_left() {
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!(refund_share(eur, 1999, 50, 1999), 999);
        assert_eq!(refund_share(eur, 1999, 100, 1999), 1999);
        assert_eq!(refund_share(eur, 1999, 100, 500), 500);
        assert_eq!(refund_share(eur, 1999, 0, 1999), 0);
        let kwd = Currency::parse("KWD").unwrap();
        assert_eq!(refund_share(kwd, 1250, 50, 1250), 620);
        assert!(is_chargeable(kwd, 620) && !is_chargeable(kwd, 625) && !is_chargeable(eur, 0));
    }

    fn pricing(amount: i64, currency: &str, unit: PriceUnit, deposit: Option<Deposit>) -> Pricing {
        Pricing::new(amount, currency, unit, deposit, false).unwrap()
    }

    #[test]
    fn currencies_know_their_decimals() {
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!((eur.exponent(), eur.decimal(1500)), (2, "15.00".into()));
        assert_eq!(eur.decimal(5), "0.05");
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!((jpy.exponent(), jpy.decimal(1500)), (0, "1500".into()));
        let kwd = Currency::parse("KWD").unwrap();
        assert_eq!((kwd.exponent(), kwd.decimal(1500)), (3, "1.500".into()));
        assert!(Currency::parse("EURO").is_none());
        assert!(Currency::parse("eur").is_none());
        assert!(Currency::parse("XYZ").is_none());
    }

    #[test]
    fn per_booking_seat_and_hour() {
        let q = quote(&pricing(5000, "EUR", PriceUnit::PerBooking, None), 90, 3);
        assert_eq!((q.total, q.due_now, q.due_later), (5000, 5000, 0));
        let q = quote(&pricing(1200, "EUR", PriceUnit::PerSeat, None), 60, 3);
        assert_eq!(q.total, 3600);
        assert_eq!(q.lines[0].quantity, 3);
        // 90 minutes at 30.00 an hour; 50 minutes at 10.00 an hour is 8.333… → 8.33.
        let q = quote(&pricing(3000, "EUR", PriceUnit::PerHour, None), 90, 1);
        assert_eq!(q.total, 4500);
        let q = quote(&pricing(1000, "EUR", PriceUnit::PerHour, None), 50, 1);
        assert_eq!(q.total, 833);
        // Zero-decimal: 2,500 yen an hour for 45 minutes is 1,875 yen.
        let q = quote(&pricing(2500, "JPY", PriceUnit::PerHour, None), 45, 1);
        assert_eq!(
            (q.total, q.currency.decimal(q.total)),
            (1875, "1875".into())
        );
    }

    #[test]
    fn deposits_split_the_total() {
        let q = quote(
            &pricing(
                10_000,
                "USD",
                PriceUnit::PerBooking,
                Some(Deposit::Percent(25)),
            ),
            60,
            1,
        );
        assert_eq!((q.due_now, q.due_later), (2500, 7500));
        // 33 % of 9.99 is 3.2967 → 3.30 now, the rest later: never a cent lost.
        let q = quote(
            &pricing(
                999,
                "USD",
                PriceUnit::PerBooking,
                Some(Deposit::Percent(33)),
            ),
            60,
            1,
        );
        assert_eq!((q.due_now, q.due_later), (330, 669));
        // A fixed deposit above the total is the total.
        let q = quote(
            &pricing(
                500,
                "USD",
                PriceUnit::PerBooking,
                Some(Deposit::Fixed(2000)),
            ),
            60,
            1,
        );
        assert_eq!((q.due_now, q.due_later), (500, 0));
    }

    #[test]
    fn three_decimal_currencies_charge_in_tens() {
        // 1.250 KWD an hour for 25 minutes is 0.52083… → 0.520.
        let q = quote(&pricing(1250, "KWD", PriceUnit::PerHour, None), 25, 1);
        assert_eq!(q.total, 520);
        assert!(Pricing::new(1255, "KWD", PriceUnit::PerBooking, None, false).is_err());
    }

    #[test]
    fn bad_prices_are_refused_by_field() {
        let e = Pricing::new(
            -1,
            "ABC",
            PriceUnit::PerSeat,
            Some(Deposit::Percent(0)),
            true,
        )
        .unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["price.currency", "price.amount", "price.deposit.value"]
        );
    }

    #[test]
    fn the_largest_quote_does_not_overflow() {
        let q = quote(
            &pricing(MAX_AMOUNT, "EUR", PriceUnit::PerHour, None),
            1440,
            1,
        );
        assert_eq!(q.total, MAX_AMOUNT * 24);
        let q = quote(
            &pricing(MAX_AMOUNT, "EUR", PriceUnit::PerSeat, None),
            60,
            u32::MAX,
        );
        assert_eq!(q.total, MAX_AMOUNT * i64::from(u32::MAX));
    }
}
