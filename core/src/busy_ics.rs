//! Busy time out of iCalendar text (RFC 5545): what an external calendar's events keep a host
//! from, for a CalDAV calendar's objects or a subscribed `.ics` file.
//!
//! Calendar servers answer free-busy queries unevenly (Radicale, for one, does not implement
//! them), so SkySlots asks for the events in a window and computes busy time itself:
//! recurring events are expanded with their `RRULE` (and `RDATE`, less `EXDATE` and the
//! instances a `RECURRENCE-ID` override replaces); events that are `TRANSP:TRANSPARENT` or
//! `STATUS:CANCELLED` take no time; all-day events take their whole days in the host's zone;
//! floating times (and a `TZID` the time-zone database does not know) are read in the host's
//! zone. The result is clipped to the window and merged: overlapping and touching intervals
//! become one.
//!
//! Reading is lenient, as calendar clients are: a malformed event is skipped and counted, the
//! rest still counts. Only text that is no calendar at all is an error.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::recurrence::{Recurrence, MAX_OCCURRENCES};
use crate::time::resolve_naive;

/// Most intervals one read keeps (the earliest); a calendar with more is reported truncated.
pub const MAX_INTERVALS: usize = 20_000;

/// What one read found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusyRead {
    /// Busy intervals `[start, end)` within the window, sorted, merged.
    pub intervals: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Events that could not be read (no usable start, a bad rule) and were left out.
    pub skipped: usize,
    /// More than [`MAX_INTERVALS`] intervals: the latest were dropped.
    pub truncated: bool,
}

/// A date or date-time value as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Date(NaiveDate),
    Utc(DateTime<Utc>),
    /// A wall-clock time in a zone (a `TZID`, or the host's for floating times).
    Local(NaiveDateTime, Tz),
}

impl When {
    fn instant(self, zone: Tz) -> DateTime<Utc> {
        match self {
            Self::Date(d) => resolve_naive(zone, d.and_time(NaiveTime::MIN)),
            Self::Utc(t) => t,
            Self::Local(t, tz) => resolve_naive(tz, t),
        }
    }
}

#[derive(Debug, Default)]
struct Event {
    uid: String,
    start: Option<When>,
    end: Option<When>,
    duration: Option<Duration>,
    rrule: Option<String>,
    rdates: Vec<When>,
    exdates: Vec<When>,
    recurrence_id: Option<When>,
    free: bool,
    bad: bool,
}

/// One content line: its name (upper case), parameters and value.
struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Content lines with folding undone (a line starting with a space or tab continues the last).
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !raw.is_empty() {
            lines.push(raw.to_owned());
        }
    }
    lines
}

/// `NAME;P=v;Q="a:b":value`, parameter values possibly quoted (and holding `:` or `;`).
fn property(line: &str) -> Option<Property> {
    let mut name_end = None;
    let mut in_quotes = false;
    let mut value_at = None;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes && name_end.is_none() => name_end = Some(i),
            ':' if !in_quotes => {
                value_at = Some(i);
                break;
            }
            _ => {}
        }
    }
    let value_at = value_at?;
    let name_end = name_end.unwrap_or(value_at).min(value_at);
    let name = line[..name_end].to_ascii_uppercase();
    let mut params = Vec::new();
    if name_end < value_at {
        let mut rest = &line[name_end + 1..value_at];
        while !rest.is_empty() {
            let (pair, tail) = split_unquoted(rest, ';');
            if let Some((k, v)) = pair.split_once('=') {
                params.push((k.to_ascii_uppercase(), v.trim_matches('"').to_owned()));
            }
            rest = tail;
        }
    }
    Some(Property {
        name,
        params,
        value: line[value_at + 1..].to_owned(),
    })
}

fn split_unquoted(s: &str, sep: char) -> (&str, &str) {
    let mut in_quotes = false;
    for (i, c) in s.char_indices() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == sep && !in_quotes {
            return (&s[..i], &s[i + 1..]);
        }
    }
    (s, "")
}

/// A `TZID`, as the tz database names it; clients that prefix it with a path
/// (`/mozilla.org/…/Europe/Berlin`) are read by its tail.
fn zone_named(tzid: &str, zone: Tz) -> Tz {
    let tzid = tzid.trim();
    if let Ok(tz) = tzid.parse::<Tz>() {
        return tz;
    }
    let parts: Vec<&str> = tzid.split('/').collect();
    (1..parts.len())
        .find_map(|i| parts[i..].join("/").parse::<Tz>().ok())
        .unwrap_or(zone)
}

fn date_value(v: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v.get(..8)?, "%Y%m%d").ok()
}

/// One DATE or DATE-TIME value of a property with `params`.
fn when(value: &str, p: &Property, zone: Tz) -> Option<When> {
    let v = value.trim();
    if p.param("VALUE")
        .is_some_and(|t| t.eq_ignore_ascii_case("DATE"))
        || v.len() == 8
    {
        return date_value(v).map(When::Date);
    }
    let (text, utc) = match v.strip_suffix(['Z', 'z']) {
        Some(t) => (t, true),
        None => (v, false),
    };
    let t = NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").ok()?;
    Some(if utc {
        When::Utc(t.and_utc())
    } else {
        let tz = p.param("TZID").map_or(zone, |id| zone_named(id, zone));
        When::Local(t, tz)
    })
}

/// `[+|-]P[nW][nD][T[nH][nM][nS]]`.
fn duration(v: &str) -> Option<Duration> {
    let v = v.trim();
    let (negative, v) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let v = v.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    for c in v.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += match (unit, in_time) {
                    ('W', false) => Duration::weeks(n),
                    ('D', false) => Duration::days(n),
                    ('H', true) => Duration::hours(n),
                    ('M', true) => Duration::minutes(n),
                    ('S', true) => Duration::seconds(n),
                    _ => return None,
                };
            }
        }
    }
    if !number.is_empty() {
        return None;
    }
    Some(if negative { -total } else { total })
}

/// The events of every `VEVENT` in `text` (alarms and other nested components ignored).
fn events(text: &str, zone: Tz) -> Option<Vec<Event>> {
    let mut found_calendar = false;
    let mut out = Vec::new();
    let mut current: Option<Event> = None;
    let mut nested = 0usize;
    for line in unfold(text) {
        let Some(p) = property(&line) else { continue };
        match p.name.as_str() {
            "BEGIN" if p.value.eq_ignore_ascii_case("VCALENDAR") => found_calendar = true,
            "BEGIN" if p.value.eq_ignore_ascii_case("VEVENT") && current.is_none() => {
                current = Some(Event::default());
                nested = 0;
            }
            "BEGIN" if current.is_some() => nested += 1,
            "END" if current.is_some() && nested > 0 => nested -= 1,
            "END" if p.value.eq_ignore_ascii_case("VEVENT") => {
                if let Some(e) = current.take() {
                    out.push(e);
                }
            }
            _ if nested > 0 => {}
            _ => {
                if let Some(e) = current.as_mut() {
                    read_property(e, &p, zone);
                }
            }
        }
    }
    found_calendar.then_some(out)
}

fn read_property(e: &mut Event, p: &Property, zone: Tz) {
    let value = p.value.trim();
    match p.name.as_str() {
        "UID" => e.uid = value.to_owned(),
        "DTSTART" => {
            e.start = when(value, p, zone);
            e.bad |= e.start.is_none();
        }
        "DTEND" => e.end = when(value, p, zone),
        "DURATION" => e.duration = duration(value),
        "RRULE" => e.rrule = Some(value.to_owned()),
        "RDATE" | "EXDATE" => {
            // RDATE;VALUE=PERIOD (start/end) counts by its start.
            let list: Vec<When> = value
                .split(',')
                .filter_map(|v| when(v.split('/').next().unwrap_or(v), p, zone))
                .collect();
            if p.name == "RDATE" {
                e.rdates.extend(list);
            } else {
                e.exdates.extend(list);
            }
        }
        "RECURRENCE-ID" => e.recurrence_id = when(value, p, zone),
        "TRANSP" => e.free |= value.eq_ignore_ascii_case("TRANSPARENT"),
        "STATUS" => e.free |= value.eq_ignore_ascii_case("CANCELLED"),
        _ => {}
    }
}

/// How long each occurrence of `e` lasts, if it takes time at all.
fn length(e: &Event, start: When, zone: Tz) -> Option<Duration> {
    let length = match (e.end, e.duration, start) {
        (Some(end), _, _) => end.instant(zone) - start.instant(zone),
        (None, Some(d), _) => d,
        // An all-day event without an end takes its day; a timed one, no time.
        (None, None, When::Date(_)) => Duration::days(1),
        (None, None, _) => Duration::zero(),
    };
    (length > Duration::zero()).then_some(length)
}

/// The occurrence starts of a recurring event that overlap `[from, to)`.
fn occurrences(
    e: &Event,
    start: When,
    length: Duration,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Option<Vec<DateTime<Utc>>> {
    let mut starts = Vec::new();
    if let Some(rule) = &e.rrule {
        let (first, tz) = match start {
            When::Date(d) => (d.and_time(NaiveTime::MIN), zone),
            When::Utc(t) => (t.naive_utc(), Tz::UTC),
            When::Local(t, tz) => (t, tz),
        };
        let recurrence = Recurrence::new(rule, first, tz).ok()?;
        starts.extend(
            recurrence
                .between(from - length, to, MAX_OCCURRENCES)
                .starts,
        );
        // DTSTART is always the first occurrence, whether or not the rule matches it.
        let first_at = start.instant(zone);
        if !starts.contains(&first_at) {
            starts.push(first_at);
        }
    } else {
        starts.push(start.instant(zone));
    }
    starts.extend(e.rdates.iter().map(|w| w.instant(zone)));
    let excluded: HashSet<DateTime<Utc>> = e.exdates.iter().map(|w| w.instant(zone)).collect();
    starts.retain(|s| !excluded.contains(s));
    Some(starts)
}

/// Busy time of the events in `text` within `[from, to)`, reading floating and all-day times
/// in `zone`; events whose UID `skip` accepts (SkySlots' own bookings written back) are left
/// out. `None`: the text holds no `VCALENDAR`.
pub fn busy_from_ics(
    text: &str,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    skip: &dyn Fn(&str) -> bool,
) -> Option<BusyRead> {
    let events = events(text, zone)?;
    Some(busy_of(&events, zone, from, to, skip))
}

/// [`busy_from_ics`] over several calendar texts (a CalDAV calendar's objects) at once, so
/// an override in one object and its series in another still meet.
pub fn busy_from_objects<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    skip: &dyn Fn(&str) -> bool,
) -> BusyRead {
    let mut all = Vec::new();
    let mut skipped = 0;
    for text in texts {
        match events(text, zone) {
            Some(e) => all.extend(e),
            None => skipped += 1,
        }
    }
    let mut read = busy_of(&all, zone, from, to, skip);
    read.skipped += skipped;
    read
}

fn busy_of(
    events: &[Event],
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    skip: &dyn Fn(&str) -> bool,
) -> BusyRead {
    let mut read = BusyRead::default();
    // Instances replaced by an override, per series.
    let mut overridden: HashMap<&str, HashSet<DateTime<Utc>>> = HashMap::new();
    for e in events {
        if let Some(r) = e.recurrence_id {
            overridden
                .entry(e.uid.as_str())
                .or_default()
                .insert(r.instant(zone));
        }
    }
    let mut intervals = Vec::new();
    for e in events {
        if e.bad {
            read.skipped += 1;
            continue;
        }
        if e.free || skip(&e.uid) {
            continue;
        }
        let Some(start) = e.start else {
            read.skipped += 1;
            continue;
        };
        let Some(length) = length(e, start, zone) else {
            continue;
        };
        let starts = if e.recurrence_id.is_some() {
            vec![start.instant(zone)]
        } else {
            let Some(mut starts) = occurrences(e, start, length, zone, from, to) else {
                read.skipped += 1;
                continue;
            };
            if let Some(replaced) = overridden.get(e.uid.as_str()) {
                starts.retain(|s| !replaced.contains(s));
            }
            starts
        };
        for s in starts {
            let (s, end) = (s.max(from), (s + length).min(to));
            if s < end {
                intervals.push((s, end));
            }
        }
    }
    intervals.sort_unstable();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for (s, e) in intervals {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    if merged.len() > MAX_INTERVALS {
        merged.truncate(MAX_INTERVALS);
        read.truncated = true;
    }
    read.intervals = merged;
    read
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn read(body: &str) -> BusyRead {
        let text = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n");
        busy_from_ics(
            &text,
            Tz::Europe__Berlin,
            utc(2027, 3, 1, 0, 0),
            utc(2027, 4, 30, 0, 0),
            &|uid| uid.ends_with("@skyslots"),
        )
        .unwrap()
    }

    #[test]
    fn a_timed_event_in_its_zone_is_busy() {
        let r = read(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=America/New_York:20270310T090000\r\nDTEND;TZID=America/New_York:20270310T100000\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            r.intervals,
            vec![(utc(2027, 3, 10, 14, 0), utc(2027, 3, 10, 15, 0))]
        );
    }

    #[test]
    fn free_cancelled_and_own_events_take_no_time() {
        let r = read(concat!(
            "BEGIN:VEVENT\r\nUID:t\r\nTRANSP:TRANSPARENT\r\nDTSTART:20270310T090000Z\r\nDTEND:20270310T100000Z\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:c\r\nSTATUS:CANCELLED\r\nDTSTART:20270311T090000Z\r\nDTEND:20270311T100000Z\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:bkg_1@skyslots\r\nDTSTART:20270312T090000Z\r\nDTEND:20270312T100000Z\r\nEND:VEVENT\r\n",
        ));
        assert!(r.intervals.is_empty(), "{r:?}");
    }

    #[test]
    fn all_day_and_floating_times_are_the_hosts() {
        let r = read(concat!(
            "BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20270315\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:f\r\nDTSTART:20270320T090000\r\nDURATION:PT1H30M\r\nEND:VEVENT\r\n",
        ));
        assert_eq!(
            r.intervals,
            vec![
                (utc(2027, 3, 14, 23, 0), utc(2027, 3, 15, 23, 0)),
                (utc(2027, 3, 20, 8, 0), utc(2027, 3, 20, 9, 30)),
            ]
        );
    }

    #[test]
    fn series_expand_without_exceptions_and_overrides() {
        // Weekly on Wednesdays 09:00 Berlin across the DST change (28 March 2027), with one
        // date excluded and one moved.
        let r = read(concat!(
            "BEGIN:VEVENT\r\nUID:s\r\nDTSTART;TZID=Europe/Berlin:20270303T090000\r\nDTEND;TZID=Europe/Berlin:20270303T100000\r\n",
            "RRULE:FREQ=WEEKLY;COUNT=6\r\nEXDATE;TZID=Europe/Berlin:20270310T090000\r\n",
            "BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:s\r\nRECURRENCE-ID;TZID=Europe/Berlin:20270317T090000\r\n",
            "DTSTART;TZID=Europe/Berlin:20270317T140000\r\nDTEND;TZID=Europe/Berlin:20270317T150000\r\nEND:VEVENT\r\n",
        ));
        assert_eq!(
            r.intervals,
            vec![
                (utc(2027, 3, 3, 8, 0), utc(2027, 3, 3, 9, 0)),
                (utc(2027, 3, 17, 13, 0), utc(2027, 3, 17, 14, 0)),
                (utc(2027, 3, 24, 8, 0), utc(2027, 3, 24, 9, 0)),
                (utc(2027, 3, 31, 7, 0), utc(2027, 3, 31, 8, 0)),
                (utc(2027, 4, 7, 7, 0), utc(2027, 4, 7, 8, 0)),
            ]
        );
    }

    #[test]
    fn touching_intervals_merge_and_the_window_clips() {
        let r = read(concat!(
            "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20270310T090000Z\r\nDTEND:20270310T100000Z\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:2\r\nDTSTART:20270310T100000Z\r\nDTEND:20270310T110000Z\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:3\r\nDTSTART:20270228T230000Z\r\nDTEND:20270301T010000Z\r\nEND:VEVENT\r\n",
        ));
        assert_eq!(
            r.intervals,
            vec![
                (utc(2027, 3, 1, 0, 0), utc(2027, 3, 1, 1, 0)),
                (utc(2027, 3, 10, 9, 0), utc(2027, 3, 10, 11, 0)),
            ]
        );
    }

    #[test]
    fn folded_lines_quoted_parameters_and_bad_events() {
        let r = read(concat!(
            "BEGIN:VEVENT\r\nUID:q\r\nDTSTART;TZID=\"/mozilla.org/20050126_1/Europe/Berlin\":20270310T09\r\n 0000\r\n",
            "DTEND;X-NOTE=\"a:b;c\";TZID=Europe/Berlin:20270310T100000\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:bad\r\nDTSTART:yesterday\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:rule\r\nDTSTART:20270310T090000Z\r\nDTEND:20270310T100000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\n",
        ));
        assert_eq!(
            r.intervals,
            vec![(utc(2027, 3, 10, 8, 0), utc(2027, 3, 10, 9, 0))]
        );
        assert_eq!(r.skipped, 2);
    }

    #[test]
    fn text_that_is_no_calendar_is_refused() {
        let none = busy_from_ics(
            "<html>login</html>",
            Tz::UTC,
            utc(2027, 3, 1, 0, 0),
            utc(2027, 4, 1, 0, 0),
            &|_| false,
        );
        assert_eq!(none, None);
    }
}
