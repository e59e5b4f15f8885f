//! The booking rules of a link (event type): what can be booked, how long, how often, by how
//! many, with which hosts. Only what the engine needs to decide; titles, questions and prices
//! live in the API and storage layers.

use crate::error::{Invalid, InvalidReason, Problems};

/// Longest bookable duration. Keeps every query's schedule expansion bounded, and lets storage
/// bound its busy-time scans (a booking ending after T started after T minus this).
pub const MAX_DURATION_MINUTES: u32 = 24 * 60;
/// Most duration options one link may offer.
pub const MAX_DURATION_OPTIONS: usize = 12;
/// Longest buffer before or after a booking.
pub const MAX_BUFFER_MINUTES: u32 = 24 * 60;
/// Longest minimum notice (one year).
pub const MAX_NOTICE_MINUTES: u32 = 366 * 24 * 60;
/// Furthest booking horizon (ten years).
pub const MAX_HORIZON_MINUTES: u32 = 3_660 * 24 * 60;
/// Most seats in one slot.
pub const MAX_CAPACITY: u32 = 10_000;
/// Most hosts one link may rotate between or book together.
pub const MAX_HOSTS: usize = 100;

/// How the hosts of a link share its bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Assignment {
    /// Exactly one host.
    Single,
    /// A slot is open when any host is free; a booking goes to the free host with the fewest
    /// bookings of this link in the booking's week, ties to the host listed first.
    RoundRobin,
    /// A slot is open only when every host is free; a booking takes all of them.
    Collective,
}

impl Assignment {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::RoundRobin => "round_robin",
            Self::Collective => "collective",
        }
    }
}

/// The scheduling rules of one booking link. All lengths are minutes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinkRules {
    /// Offered durations; a query or booking picks one.
    pub durations: Vec<u32>,
    /// Distance between slot starts; `None` aligns slots to the chosen duration.
    pub slot_interval: Option<u32>,
    /// Free time required before a booking (and kept before existing bookings of this link).
    pub buffer_before: u32,
    /// Free time required after a booking (and kept after existing bookings of this link).
    pub buffer_after: u32,
    /// A slot must start at least this long after `now`.
    pub min_notice: u32,
    /// A slot must start at most this long after `now`; `None` means no horizon.
    pub horizon: Option<u32>,
    /// Most sessions of this link per host per local day (the host schedule's time zone).
    pub daily_limit: Option<u32>,
    /// Most sessions of this link per host per local ISO week (Monday to Sunday).
    pub weekly_limit: Option<u32>,
    /// Seats per session; more than one makes a group session that attendees join.
    pub capacity: u32,
    pub assignment: Assignment,
}

impl Default for LinkRules {
    fn default() -> Self {
        Self {
            durations: vec![30],
            slot_interval: None,
            buffer_before: 0,
            buffer_after: 0,
            min_notice: 0,
            horizon: None,
            daily_limit: None,
            weekly_limit: None,
            capacity: 1,
            assignment: Assignment::Single,
        }
    }
}

impl LinkRules {
    /// Check every rule; field names are the API's.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut p = Problems::default();
        let max_d = i64::from(MAX_DURATION_MINUTES);
        if self.durations.is_empty() {
            p.push("durations", InvalidReason::Empty);
        } else if self.durations.len() > MAX_DURATION_OPTIONS {
            p.push("durations", InvalidReason::TooMany(MAX_DURATION_OPTIONS));
        }
        for (i, &d) in self.durations.iter().enumerate() {
            p.range(&format!("durations[{i}]"), d.into(), 1, max_d);
            if self.durations[..i].contains(&d) {
                p.push(format!("durations[{i}]"), InvalidReason::Duplicate);
            }
        }
        if let Some(step) = self.slot_interval {
            p.range("slot_interval", step.into(), 1, max_d);
        }
        let max_b = i64::from(MAX_BUFFER_MINUTES);
        p.range("buffer_before", self.buffer_before.into(), 0, max_b);
        p.range("buffer_after", self.buffer_after.into(), 0, max_b);
        p.range(
            "min_notice",
            self.min_notice.into(),
            0,
            MAX_NOTICE_MINUTES.into(),
        );
        if let Some(h) = self.horizon {
            p.range("horizon", h.into(), 1, MAX_HORIZON_MINUTES.into());
        }
        if let Some(l) = self.daily_limit {
            p.range("daily_limit", l.into(), 1, 1_000);
        }
        if let Some(l) = self.weekly_limit {
            p.range("weekly_limit", l.into(), 1, 7_000);
        }
        p.range("capacity", self.capacity.into(), 1, MAX_CAPACITY.into());
        p.finish()
    }

    /// Check that a link with these rules may have `hosts` hosts.
    pub fn validate_hosts(&self, hosts: usize) -> Result<(), Invalid> {
        let reason = match (self.assignment, hosts) {
            (_, 0) => InvalidReason::Empty,
            (_, n) if n > MAX_HOSTS => InvalidReason::TooMany(MAX_HOSTS),
            (Assignment::Single, n) if n > 1 => {
                InvalidReason::Inconsistent("assignment `single` takes exactly one host")
            }
            _ => return Ok(()),
        };
        Err(Invalid::one("host_ids", reason))
    }

    /// Distance between slot starts for `duration`, in minutes.
    pub fn step_for(&self, duration: u32) -> u32 {
        self.slot_interval.unwrap_or(duration)
    }

    pub(crate) fn offers(&self, duration: u32) -> Result<(), InvalidReason> {
        if self.durations.contains(&duration) {
            Ok(())
        } else {
            let list: Vec<String> = self.durations.iter().map(u32::to_string).collect();
            Err(InvalidReason::NotOffered(list.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_are_valid() {
        LinkRules::default().validate().unwrap();
        LinkRules::default().validate_hosts(1).unwrap();
    }

    #[test]
    fn bad_rules_name_each_field() {
        let rules = LinkRules {
            durations: vec![30, 0, 30],
            slot_interval: Some(0),
            buffer_after: 5_000,
            capacity: 0,
            daily_limit: Some(0),
            ..LinkRules::default()
        };
        let err = rules.validate().unwrap_err();
        let fields: Vec<_> = err
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("durations[1]", "out_of_range"),
                ("durations[2]", "duplicate"),
                ("slot_interval", "out_of_range"),
                ("buffer_after", "out_of_range"),
                ("daily_limit", "out_of_range"),
                ("capacity", "out_of_range"),
            ]
        );
        assert_eq!(
            LinkRules {
                durations: vec![],
                ..LinkRules::default()
            }
            .validate()
            .unwrap_err()
            .errors[0]
                .code(),
            "required"
        );
    }

    #[test]
    fn single_assignment_takes_one_host() {
        let rules = LinkRules::default();
        assert_eq!(
            rules.validate_hosts(2).unwrap_err().errors[0].code(),
            "inconsistent"
        );
        assert_eq!(
            rules.validate_hosts(0).unwrap_err().errors[0].code(),
            "required"
        );
        let rr = LinkRules {
            assignment: Assignment::RoundRobin,
            ..rules
        };
        rr.validate_hosts(10).unwrap();
        assert_eq!(
            rr.validate_hosts(101).unwrap_err().errors[0].code(),
            "too_many"
        );
    }
}
