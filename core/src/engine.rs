//! The evaluation engine shared by [`crate::availability`] and [`crate::check_booking`].
//!
//! Both ask the same question — "can `seats` seats be booked at start `s` for `duration`?" —
//! through the same code: the per-host slot grid ([`Engine::on_grid`] and
//! [`Engine::candidates`] describe one grid), occupancy ([`BusyIndex::occupancy`]), limits
//! and the assignment rule ([`Engine::combine`]). Availability only adds enumeration, so a
//! client that skips the availability call can never book what it would not offer.
//!
//! Cost: building a host's index is O(b log b) for b busy intervals (linear when they arrive
//! sorted, as storage loads them). A single check then costs O(log b); availability walks
//! candidates in order with per-host cursors, O(1) amortised each, so a query is
//! O(b + candidates × hosts). Hosts with equal schedules share one expansion and one grid.

use chrono::Duration;
use chrono_tz::Tz;

use crate::link::{Assignment, LinkRules};
use crate::schedule::Blocks;
use crate::schedule::Schedule;
use crate::snapshot::{BusyKind, HostCalendar, Snapshot};
use crate::time::{from_ts, local_date, to_ts, DayTable, Ts, DAY, MINUTE};

/// Why one host cannot take a booking at one start, in the order the checks run: when several
/// hosts fail, the one that got furthest explains the slot best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Miss {
    OutsideSchedule,
    OffGrid,
    Conflict,
    SlotFull { seats_remaining: u32 },
    DailyLimit,
    WeeklyLimit,
}

/// One host's answer for one start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HostOffer {
    pub(crate) seats_remaining: u32,
    /// The booking joins an existing session of this link instead of starting one.
    pub(crate) joins: bool,
    /// Sessions of this link the host has in the start's local week (round-robin fairness).
    pub(crate) week_load: u32,
}

/// The assignment rule's answer for one start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choice {
    /// The chosen hosts; empty when only seats were asked for ([`Need::Seats`]).
    pub(crate) hosts: Vec<usize>,
    pub(crate) seats_remaining: u32,
    pub(crate) joins: bool,
}

/// What the caller of [`Engine::combine`] needs: availability needs only the seats a slot
/// offers, so the rule may stop asking hosts once the answer cannot change; a booking needs the
/// chosen host(s), so every host is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    Seats,
    Choice,
}

/// Where one host's lookups stand while candidates are walked in increasing order; a fresh
/// cursor starts with a binary search, a used one moves forward.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cursor {
    busy: Option<usize>,
    day: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Engine<'a> {
    rules: &'a LinkRules,
    duration: Ts,
    step: Ts,
    /// Distinct schedule expansions: hosts with equal schedules share one (and one grid).
    calendars: Vec<Blocks>,
    /// Local day tables, one per distinct time zone, when limits or fairness need them.
    tables: Vec<(Tz, DayTable)>,
    hosts: Vec<HostPlan>,
}

#[derive(Debug)]
struct HostPlan {
    calendar: usize,
    busy: BusyIndex,
    counts: Option<SessionCounts>,
}

impl<'a> Engine<'a> {
    /// Prepare to evaluate starts in `[lo, hi)` for a `duration_min`-minute booking.
    pub(crate) fn new(snapshot: &'a Snapshot, duration_min: u32, lo: Ts, hi: Ts) -> Self {
        let rules = snapshot.rules();
        let duration = Ts::from(duration_min) * MINUTE;
        let step = Ts::from(rules.step_for(duration_min)) * MINUTE;
        let hi = hi.max(lo + 1);
        let needs_counts = rules.daily_limit.is_some()
            || rules.weekly_limit.is_some()
            || rules.assignment == Assignment::RoundRobin;
        let mut schedules: Vec<&Schedule> = Vec::new();
        let mut calendars = Vec::new();
        let mut tables: Vec<(Tz, DayTable)> = Vec::new();
        let mut hosts = Vec::with_capacity(snapshot.hosts().len());
        for host in snapshot.hosts() {
            let tz = host.schedule.timezone();
            // One day either side: overnight intervals from the day before, bookings ending the day after.
            let first = local_date(tz, from_ts(lo)) - Duration::days(1);
            let last = local_date(tz, from_ts(hi - 1 + duration)) + Duration::days(1);
            let calendar = match schedules.iter().position(|&s| s == &host.schedule) {
                Some(i) => i,
                None => {
                    schedules.push(&host.schedule);
                    calendars.push(host.schedule.blocks(first, last));
                    calendars.len() - 1
                }
            };
            let near = (lo - 2 * DAY, hi + duration + 2 * DAY);
            let around = (lo - 10 * DAY, hi + duration + 10 * DAY);
            let busy = BusyIndex::new(host, rules, near, around);
            let counts = needs_counts.then(|| {
                let table = match tables.iter().position(|(z, _)| *z == tz) {
                    Some(i) => i,
                    None => {
                        // Whole weeks around the range, for weekly limits and fairness.
                        let table =
                            DayTable::new(tz, first - Duration::days(7), last + Duration::days(7));
                        tables.push((tz, table));
                        tables.len() - 1
                    }
                };
                SessionCounts::new(table, &tables[table].1, busy.session_starts())
            });
            hosts.push(HostPlan {
                calendar,
                busy,
                counts,
            });
        }
        Self {
            rules,
            duration,
            step,
            calendars,
            tables,
            hosts,
        }
    }

    pub(crate) fn duration(&self) -> Ts {
        self.duration
    }

    pub(crate) fn host_count(&self) -> usize {
        self.hosts.len()
    }

    pub(crate) fn calendar_count(&self) -> usize {
        self.calendars.len()
    }

    /// Which distinct calendar (and grid) host `h` uses.
    pub(crate) fn calendar_of(&self, h: usize) -> usize {
        self.hosts[h].calendar
    }

    /// Grid starts of calendar `c` in `[lo, hi)`, ascending. Each anchor starts a series every
    /// `step` that runs until the next anchor; a start is kept when the whole booking fits in
    /// the open block.
    pub(crate) fn candidates(&self, c: usize, lo: Ts, hi: Ts) -> Vec<Ts> {
        let Blocks { spans, anchors } = &self.calendars[c];
        let mut out = Vec::new();
        let first = spans.partition_point(|&(_, e)| e <= lo);
        for &(bs, be) in &spans[first..] {
            if bs >= hi {
                break;
            }
            let a0 = anchors.partition_point(|&a| a < bs);
            let a1 = anchors.partition_point(|&a| a < be);
            for k in a0..a1 {
                let anchor = anchors[k];
                let bound = if k + 1 < a1 { anchors[k + 1] } else { be };
                let mut s = if lo > anchor {
                    anchor + (lo - anchor + self.step - 1) / self.step * self.step
                } else {
                    anchor
                };
                while s < bound && s < hi && s + self.duration <= be {
                    out.push(s);
                    s += self.step;
                }
            }
        }
        out
    }

    /// Whether `s` is a start on host `h`'s grid: the same test as [`Self::candidates`].
    pub(crate) fn on_grid(&self, h: usize, s: Ts) -> Result<(), Miss> {
        let Blocks { spans, anchors } = &self.calendars[self.hosts[h].calendar];
        let i = spans.partition_point(|&(bs, _)| bs <= s);
        if i == 0 || s + self.duration > spans[i - 1].1 {
            return Err(Miss::OutsideSchedule);
        }
        // Every block start is an anchor, so one at or before `s` exists in this block.
        let k = anchors.partition_point(|&a| a <= s);
        match k.checked_sub(1).map(|k| anchors[k]) {
            Some(anchor) if (s - anchor) % self.step == 0 => Ok(()),
            _ => Err(Miss::OffGrid),
        }
    }

    /// Host `h`'s answer for a start already known to be on its grid. Successive calls with
    /// the same cursor must come with non-decreasing starts.
    pub(crate) fn evaluate(&self, h: usize, s: Ts, cursor: &mut Cursor) -> Result<HostOffer, Miss> {
        let plan = &self.hosts[h];
        let capacity = self.rules.capacity;
        let (day, week) = plan.counts.as_ref().map_or((0, 0), |c| {
            c.loads(&self.tables[c.table].1, s, &mut cursor.day)
        });
        match plan.busy.occupancy(s, s + self.duration, &mut cursor.busy) {
            Occupancy::Conflict => Err(Miss::Conflict),
            Occupancy::Session { taken } => match capacity.saturating_sub(taken) {
                0 => Err(Miss::SlotFull { seats_remaining: 0 }),
                seats_remaining => Ok(HostOffer {
                    seats_remaining,
                    joins: true,
                    week_load: week,
                }),
            },
            Occupancy::Free => {
                if self.rules.daily_limit.is_some_and(|l| day >= l) {
                    Err(Miss::DailyLimit)
                } else if self.rules.weekly_limit.is_some_and(|l| week >= l) {
                    Err(Miss::WeeklyLimit)
                } else {
                    Ok(HostOffer {
                        seats_remaining: capacity,
                        joins: false,
                        week_load: week,
                    })
                }
            }
        }
    }

    /// Apply the assignment rule to the hosts' answers for one start (`answer(h)` is asked at
    /// most once per host, in host order).
    pub(crate) fn combine(
        &self,
        mut answer: impl FnMut(usize) -> Result<HostOffer, Miss>,
        seats: u32,
        need: Need,
    ) -> Result<Choice, Miss> {
        let fits = |r: Result<HostOffer, Miss>| match r {
            Ok(o) if o.seats_remaining >= seats => Ok(o),
            Ok(o) => Err(Miss::SlotFull {
                seats_remaining: o.seats_remaining,
            }),
            Err(m) => Err(m),
        };
        let capacity = self.rules.capacity;
        match self.rules.assignment {
            Assignment::Single | Assignment::RoundRobin => {
                // Fill an existing session first, then the least loaded host, then list order.
                let rank = |h: usize, o: HostOffer| (!o.joins, o.week_load, h);
                let mut best: Option<(usize, HostOffer)> = None;
                let mut most_seats = 0;
                let mut furthest: Option<Miss> = None;
                for h in 0..self.hosts.len() {
                    let r = answer(h);
                    if let Ok(o) = r {
                        most_seats = most_seats.max(o.seats_remaining);
                    }
                    match fits(r) {
                        Ok(o) if best.is_none_or(|(bh, bo)| rank(h, o) < rank(bh, bo)) => {
                            best = Some((h, o))
                        }
                        Ok(_) => {}
                        Err(m) => furthest = Some(furthest.map_or(m, |f| f.max(m))),
                    }
                    if need == Need::Seats && best.is_some() && most_seats == capacity {
                        break;
                    }
                }
                match best {
                    Some((h, o)) => Ok(Choice {
                        hosts: if need == Need::Choice {
                            vec![h]
                        } else {
                            Vec::new()
                        },
                        seats_remaining: most_seats,
                        joins: o.joins,
                    }),
                    None => Err(furthest.unwrap_or(Miss::OutsideSchedule)),
                }
            }
            Assignment::Collective => {
                // Every host must fit; the most fundamental miss explains the slot.
                let mut seats_remaining = u32::MAX;
                let mut joins = true;
                let mut worst: Option<Miss> = None;
                for h in 0..self.hosts.len() {
                    match fits(answer(h)) {
                        Ok(o) => {
                            seats_remaining = seats_remaining.min(o.seats_remaining);
                            joins &= o.joins;
                        }
                        Err(m) => {
                            worst = Some(worst.map_or(m, |w| w.min(m)));
                            if need == Need::Seats {
                                break;
                            }
                        }
                    }
                }
                match worst {
                    Some(m) => Err(m),
                    None => Ok(Choice {
                        hosts: if need == Need::Choice {
                            (0..self.hosts.len()).collect()
                        } else {
                            Vec::new()
                        },
                        seats_remaining,
                        joins,
                    }),
                }
            }
        }
    }
}

/// Occupancy of a candidate booking `[s, e)` on one host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Occupancy {
    Free,
    /// Exactly one session of this link with the same start and end, and nothing else, is there.
    Session {
        taken: u32,
    },
    Conflict,
}

#[derive(Debug, Clone, Copy)]
struct Blocker {
    /// Earliest candidate end that still collides (event start less the larger facing buffer).
    lo: Ts,
    /// Latest candidate start that no longer collides (event end plus the larger facing buffer).
    hi: Ts,
    /// For sessions of this link: `(start, end, seats taken)`.
    session: Option<(Ts, Ts, u32)>,
}

/// A host's busy time, arranged so that "what overlaps `[s, e)`?" costs one binary search.
///
/// Blockers are sorted by `lo`; for each prefix the two largest `hi` are kept. The blockers
/// overlapping a candidate are exactly those in the prefix with `lo < e` whose `hi > s`, so the
/// top two `hi` tell whether none, exactly one (and which) or several overlap.
#[derive(Debug)]
pub(crate) struct BusyIndex {
    blockers: Vec<Blocker>,
    /// `(largest hi, its blocker, second largest hi)` over `blockers[..=i]`.
    top: Vec<(Ts, usize, Ts)>,
    /// Start of every session of this link in the counting range.
    session_starts: Vec<Ts>,
}

impl BusyIndex {
    /// Index the busy time that can matter for bookings within `near` (conflicts: buffers are
    /// at most a day) and the sessions within `around` (daily and weekly counts).
    fn new(host: &HostCalendar, rules: &LinkRules, near: (Ts, Ts), around: (Ts, Ts)) -> Self {
        let link_before = Ts::from(rules.buffer_before) * MINUTE;
        let link_after = Ts::from(rules.buffer_after) * MINUTE;
        let overlaps = |(lo, hi): (Ts, Ts), start: Ts, end: Ts| end >= lo && start <= hi;
        let mut sessions: Vec<(Ts, Ts, u32)> = Vec::new();
        let mut blockers = Vec::new();
        for b in &host.busy {
            let (start, end) = (to_ts(b.start), to_ts(b.end));
            if end <= start || !overlaps(around, start, end) {
                continue;
            }
            let (own_before, own_after) = match b.kind {
                BusyKind::LinkBooking { seats } => {
                    sessions.push((start, end, seats));
                    continue;
                }
                BusyKind::Blocked => (0, 0),
                BusyKind::OtherBooking => (
                    Ts::from(b.buffer_before) * MINUTE,
                    Ts::from(b.buffer_after) * MINUTE,
                ),
            };
            if overlaps(near, start, end) {
                blockers.push(Blocker {
                    lo: start - own_before.max(link_after),
                    hi: end + own_after.max(link_before),
                    session: None,
                });
            }
        }
        // Bookings of this link with the same start and end are one session.
        let others = blockers.len();
        sessions.sort_unstable();
        let mut session_starts = Vec::new();
        let mut previous = None;
        for (start, end, seats) in sessions {
            let near_session = overlaps(near, start, end);
            if previous == Some((start, end)) {
                if let Some(Blocker {
                    session: Some((_, _, taken)),
                    ..
                }) = blockers[others..].last_mut().filter(|_| near_session)
                {
                    *taken = taken.saturating_add(seats);
                }
                continue;
            }
            previous = Some((start, end));
            session_starts.push(start);
            if near_session {
                blockers.push(Blocker {
                    lo: start - link_after.max(link_before),
                    hi: end + link_before.max(link_after),
                    session: Some((start, end, seats)),
                });
            }
        }
        blockers.sort_by_key(|b| b.lo);
        let mut top = Vec::with_capacity(blockers.len());
        let (mut first, mut at, mut second) = (Ts::MIN, 0, Ts::MIN);
        for (i, b) in blockers.iter().enumerate() {
            if b.hi > first {
                (second, first, at) = (first, b.hi, i);
            } else if b.hi > second {
                second = b.hi;
            }
            top.push((first, at, second));
        }
        Self {
            blockers,
            top,
            session_starts,
        }
    }

    /// What overlaps `[s, e)`. `hint` remembers the prefix length for the next, later call.
    pub(crate) fn occupancy(&self, s: Ts, e: Ts, hint: &mut Option<usize>) -> Occupancy {
        let p = match *hint {
            Some(mut p) => {
                while p < self.blockers.len() && self.blockers[p].lo < e {
                    p += 1;
                }
                p
            }
            None => self.blockers.partition_point(|b| b.lo < e),
        };
        *hint = Some(p);
        let Some(&(first, at, second)) = p.checked_sub(1).map(|i| &self.top[i]) else {
            return Occupancy::Free;
        };
        if first <= s {
            Occupancy::Free
        } else if second > s {
            Occupancy::Conflict
        } else {
            match self.blockers[at].session {
                Some((ss, se, taken)) if (ss, se) == (s, e) => Occupancy::Session { taken },
                _ => Occupancy::Conflict,
            }
        }
    }

    fn session_starts(&self) -> impl Iterator<Item = Ts> + '_ {
        self.session_starts.iter().copied()
    }
}

/// Sessions of this link per local day and ISO week of one host, on a shared [`DayTable`].
#[derive(Debug)]
struct SessionCounts {
    table: usize,
    per_day: Vec<u32>,
    per_week: Vec<u32>,
}

impl SessionCounts {
    fn new(index: usize, table: &DayTable, session_starts: impl Iterator<Item = Ts>) -> Self {
        let mut per_day = vec![0u32; table.len()];
        let mut per_week = vec![0u32; table.week_of(table.len().saturating_sub(1)) + 1];
        for start in session_starts {
            if let Some(day) = table.day_of(start, &mut None) {
                per_day[day] += 1;
                per_week[table.week_of(day)] += 1;
            }
        }
        Self {
            table: index,
            per_day,
            per_week,
        }
    }

    /// Sessions already on the day and in the week of instant `s`.
    fn loads(&self, table: &DayTable, s: Ts, hint: &mut Option<usize>) -> (u32, u32) {
        table.day_of(s, hint).map_or((0, 0), |d| {
            (self.per_day[d], self.per_week[table.week_of(d)])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Schedule;
    use crate::snapshot::Busy;

    fn index(busy: Vec<Busy>, rules: &LinkRules) -> BusyIndex {
        let host = HostCalendar {
            id: "h".into(),
            schedule: Schedule::new("UTC", &[], &[], &[]).unwrap(),
            busy,
        };
        BusyIndex::new(
            &host,
            rules,
            (Ts::MIN / 2, Ts::MAX / 2),
            (Ts::MIN / 2, Ts::MAX / 2),
        )
    }
    fn at(min: i64) -> chrono::DateTime<chrono::Utc> {
        from_ts(min * 60)
    }

    #[test]
    fn occupancy_counts_overlaps_with_facing_buffers() {
        let rules = LinkRules {
            buffer_after: 10,
            ..LinkRules::default()
        };
        let idx = index(
            vec![
                Busy::blocked(at(0), at(600)), // a long block
                Busy::other_booking(at(700), at(730), 0, 15),
                Busy::link_booking(at(800), at(830), 1),
            ],
            &rules,
        );
        let occ = |s: i64, e: i64| idx.occupancy(s * 60, e * 60, &mut None);
        assert_eq!(occ(100, 130), Occupancy::Conflict, "inside the long block");
        assert_eq!(occ(600, 630), Occupancy::Free, "touching the block's end");
        assert_eq!(
            occ(665, 695),
            Occupancy::Conflict,
            "our 10-minute buffer after runs past 700"
        );
        assert_eq!(
            occ(660, 690),
            Occupancy::Free,
            "exactly 10 minutes of room before 700"
        );
        assert_eq!(
            occ(740, 770),
            Occupancy::Conflict,
            "their 15-minute buffer after runs to 745"
        );
        assert_eq!(occ(745, 775), Occupancy::Free);
        assert_eq!(occ(800, 830), Occupancy::Session { taken: 1 });
        assert_eq!(occ(815, 845), Occupancy::Conflict);
        assert_eq!(
            occ(830, 860),
            Occupancy::Conflict,
            "the session's buffer after"
        );
        assert_eq!(occ(840, 870), Occupancy::Free);
    }

    #[test]
    fn seats_of_one_session_add_up_and_other_overlaps_conflict() {
        let rules = LinkRules {
            capacity: 5,
            ..LinkRules::default()
        };
        let idx = index(
            vec![
                Busy::link_booking(at(60), at(90), 2),
                Busy::link_booking(at(60), at(90), 1),
                Busy::link_booking(at(120), at(150), 1),
                Busy::blocked(at(140), at(200)),
            ],
            &rules,
        );
        assert_eq!(
            idx.occupancy(3600, 5400, &mut None),
            Occupancy::Session { taken: 3 }
        );
        assert_eq!(
            idx.occupancy(7200, 9000, &mut None),
            Occupancy::Conflict,
            "session and a block"
        );
        assert_eq!(idx.session_starts().count(), 2);
    }
}
