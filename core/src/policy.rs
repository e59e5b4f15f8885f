//! Cancellation and reschedule policy: who may change a booking until when, and what a
//! cancellation refunds.
//!
//! Attendees are bound by the link's windows ("until 24 hours before the start"); the
//! organization (an API key) may always cancel or move a booking and cancelling always refunds
//! it in full. Refunds follow tiers of notice: the first tier whose notice the cancellation
//! meets decides the percentage; meeting none refunds nothing. Amounts are in minor units and
//! partial refunds round down.

use chrono::{DateTime, Duration, Utc};

use crate::error::{Invalid, InvalidReason, Problems};

/// Longest window a policy may set (one year).
pub const MAX_WINDOW_MINUTES: u32 = 366 * 24 * 60;

/// A refund tier: cancelling at least `min_notice` minutes before the start refunds `percent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RefundTier {
    pub min_notice: u32,
    pub percent: u8,
}

/// The change policy of a link.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ChangePolicy {
    /// Attendees may cancel until this many minutes before the start; `None` means they may not
    /// cancel themselves at all.
    pub cancel_notice: Option<u32>,
    /// Attendees may reschedule until this many minutes before the start; `None` means never.
    pub reschedule_notice: Option<u32>,
    /// Refund tiers for attendee cancellations, in any order.
    pub refund_tiers: Vec<RefundTier>,
}

impl Default for ChangePolicy {
    /// Attendees may cancel or reschedule until the start; cancelling refunds in full.
    fn default() -> Self {
        Self {
            cancel_notice: Some(0),
            reschedule_notice: Some(0),
            refund_tiers: vec![RefundTier {
                min_notice: 0,
                percent: 100,
            }],
        }
    }
}

/// Who asks for the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The person who booked (manage token, scoped token for that attendee).
    Attendee,
    /// The organization itself (secret API key).
    Organizer,
}

/// What a cancellation refunds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refund {
    Full,
    Partial { percent: u8 },
    None,
}

impl Refund {
    fn from_percent(percent: u8) -> Self {
        match percent {
            0 => Self::None,
            100.. => Self::Full,
            p => Self::Partial { percent: p },
        }
    }

    pub fn percent(self) -> u8 {
        match self {
            Self::Full => 100,
            Self::Partial { percent } => percent,
            Self::None => 0,
        }
    }

    /// The refund of a payment of `paid` minor units, rounded down.
    pub fn amount_of(self, paid: u64) -> u64 {
        // u128 keeps `paid * 100` exact for any u64 amount.
        (u128::from(paid) * u128::from(self.percent()) / 100) as u64
    }
}

/// Why a change was refused. Each variant has a stable [`code`](Self::code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PolicyRejection {
    #[error("the policy does not let attendees make this change")]
    NotAllowed,
    #[error("changes were allowed until {deadline}")]
    WindowClosed { deadline: DateTime<Utc> },
    #[error("the booking has already started")]
    AlreadyStarted,
}

impl PolicyRejection {
    pub fn code(self) -> crate::ErrorCode {
        match self {
            Self::NotAllowed => crate::ErrorCode::PolicyForbidsChange,
            Self::WindowClosed { .. } => crate::ErrorCode::PolicyWindowClosed,
            Self::AlreadyStarted => crate::ErrorCode::BookingStarted,
        }
    }
}

impl ChangePolicy {
    /// Check the policy; field names are the API's.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut p = Problems::default();
        let max = i64::from(MAX_WINDOW_MINUTES);
        if let Some(n) = self.cancel_notice {
            p.range("cancel_notice", n.into(), 0, max);
        }
        if let Some(n) = self.reschedule_notice {
            p.range("reschedule_notice", n.into(), 0, max);
        }
        if self.refund_tiers.len() > 10 {
            p.push("refund_tiers", InvalidReason::TooMany(10));
        }
        for (i, tier) in self.refund_tiers.iter().enumerate() {
            p.range(
                &format!("refund_tiers[{i}].min_notice"),
                tier.min_notice.into(),
                0,
                max,
            );
            p.range(
                &format!("refund_tiers[{i}].percent"),
                tier.percent.into(),
                0,
                100,
            );
            if self.refund_tiers[..i]
                .iter()
                .any(|t| t.min_notice == tier.min_notice)
            {
                p.push(
                    format!("refund_tiers[{i}].min_notice"),
                    InvalidReason::Duplicate,
                );
            }
        }
        p.finish()
    }

    /// May `actor` cancel a booking starting at `start` now, and what does it refund?
    pub fn cancellation(
        &self,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
        actor: Actor,
    ) -> Result<Refund, PolicyRejection> {
        if actor == Actor::Organizer {
            return Ok(Refund::Full);
        }
        check_window(self.cancel_notice, start, now)?;
        let notice = start - now;
        let percent = self
            .refund_tiers
            .iter()
            .filter(|t| notice >= minutes(t.min_notice))
            .max_by_key(|t| t.min_notice)
            .map_or(0, |t| t.percent);
        Ok(Refund::from_percent(percent))
    }

    /// May `actor` move a booking starting at `start` now? (The new time is checked by
    /// [`crate::check_booking`].)
    pub fn reschedule(
        &self,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
        actor: Actor,
    ) -> Result<(), PolicyRejection> {
        if actor == Actor::Organizer {
            return Ok(());
        }
        check_window(self.reschedule_notice, start, now)
    }
}

fn minutes(m: u32) -> Duration {
    Duration::minutes(i64::from(m))
}

fn check_window(
    notice: Option<u32>,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), PolicyRejection> {
    let notice = notice.ok_or(PolicyRejection::NotAllowed)?;
    if now >= start {
        return Err(PolicyRejection::AlreadyStarted);
    }
    let deadline = start - minutes(notice);
    if now > deadline {
        return Err(PolicyRejection::WindowClosed { deadline });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn tiered() -> ChangePolicy {
        ChangePolicy {
            cancel_notice: Some(60),
            reschedule_notice: Some(24 * 60),
            refund_tiers: vec![
                RefundTier {
                    min_notice: 24 * 60,
                    percent: 50,
                },
                RefundTier {
                    min_notice: 48 * 60,
                    percent: 100,
                },
            ],
        }
    }

    const START: &str = "2026-12-10T15:00:00Z";

    #[test]
    fn refund_follows_the_tier_the_notice_meets() {
        let p = tiered();
        p.validate().unwrap();
        let start = at(START);
        let refund = |now: &str| p.cancellation(start, at(now), Actor::Attendee);
        assert_eq!(
            refund("2026-12-08T15:00:00Z"),
            Ok(Refund::Full),
            "exactly 48 h"
        );
        assert_eq!(
            refund("2026-12-08T15:00:01Z"),
            Ok(Refund::Partial { percent: 50 })
        );
        assert_eq!(
            refund("2026-12-09T15:00:00Z"),
            Ok(Refund::Partial { percent: 50 })
        );
        assert_eq!(refund("2026-12-09T15:00:01Z"), Ok(Refund::None));
        assert_eq!(
            refund("2026-12-10T14:00:00Z"),
            Ok(Refund::None),
            "exactly 60 min"
        );
    }

    #[test]
    fn attendee_windows_close_and_organizer_is_exempt() {
        let p = tiered();
        let start = at(START);
        assert_eq!(
            p.cancellation(start, at("2026-12-10T14:00:01Z"), Actor::Attendee),
            Err(PolicyRejection::WindowClosed {
                deadline: at("2026-12-10T14:00:00Z")
            })
        );
        assert_eq!(
            p.cancellation(start, at("2026-12-10T15:00:00Z"), Actor::Attendee)
                .unwrap_err()
                .code(),
            crate::ErrorCode::BookingStarted
        );
        assert_eq!(
            p.cancellation(start, at("2026-12-10T16:00:00Z"), Actor::Organizer),
            Ok(Refund::Full)
        );
        assert!(p
            .reschedule(start, at("2026-12-09T15:00:00Z"), Actor::Attendee)
            .is_ok());
        assert_eq!(
            p.reschedule(start, at("2026-12-09T15:00:01Z"), Actor::Attendee)
                .unwrap_err()
                .code(),
            crate::ErrorCode::PolicyWindowClosed
        );
        assert!(p
            .reschedule(start, at("2026-12-10T14:59:00Z"), Actor::Organizer)
            .is_ok());
        let locked = ChangePolicy {
            cancel_notice: None,
            ..tiered()
        };
        assert_eq!(
            locked.cancellation(start, at("2026-12-01T00:00:00Z"), Actor::Attendee),
            Err(PolicyRejection::NotAllowed)
        );
    }

    #[test]
    fn amounts_round_down_and_never_overflow() {
        assert_eq!(Refund::Partial { percent: 33 }.amount_of(1_000), 330);
        assert_eq!(Refund::Partial { percent: 50 }.amount_of(999), 499);
        assert_eq!(Refund::Full.amount_of(u64::MAX), u64::MAX);
        assert_eq!(Refund::None.amount_of(5_000), 0);
    }

    #[test]
    fn invalid_policies_are_refused() {
        let p = ChangePolicy {
            cancel_notice: Some(MAX_WINDOW_MINUTES + 1),
            reschedule_notice: None,
            refund_tiers: vec![
                RefundTier {
                    min_notice: 10,
                    percent: 101,
                },
                RefundTier {
                    min_notice: 10,
                    percent: 5,
                },
            ],
        };
        let codes: Vec<_> = p
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| (e.field, e.reason.code()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("cancel_notice".to_string(), "out_of_range"),
                ("refund_tiers[0].percent".to_string(), "out_of_range"),
                ("refund_tiers[1].min_notice".to_string(), "duplicate"),
            ]
        );
    }
}
