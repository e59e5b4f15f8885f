//! Availability: a link's bookable slots in a window, with the link's rules applied here once
//! (the default duration, an inactive link, a one-time link's offered slots) and the
//! scheduling itself left to `skyslots_core::availability`.

use chrono::{DateTime, Duration, Utc};
use skyslots_core::availability::{LocalSlot, Slot, MAX_WINDOW_DAYS};
use skyslots_core::{AvailabilityQuery, InvalidReason};
use skyslots_storage::ids::LinkId;
use skyslots_storage::one_time_links::OfferedSlot;
use skyslots_storage::snapshots::{self, Lock};
use skyslots_storage::Db;

use crate::calendar_connections::{self, Freshness};
use crate::{links, one_time_links, Error, Result};

/// The query of an availability request.
#[derive(Debug, Clone)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// IANA name of the viewer's time zone; default UTC.
    pub timezone: Option<String>,
    /// Minutes; default the link's first duration.
    pub duration: Option<u32>,
}

/// A link's free slots in a window.
#[derive(Debug, Clone)]
pub struct Availability {
    pub link_id: String,
    /// The viewer's time zone.
    pub timezone: String,
    pub duration: u32,
    /// Each slot in UTC and in the viewer's time zone.
    pub slots: Vec<(Slot, LocalSlot)>,
    /// How fresh the busy time of the hosts' connected calendars is.
    pub calendars: Vec<Freshness>,
}

/// The free slots of `org`'s link `link_id` in `window`; with `offered`, only those of the
/// offered slots that are free (a one-time link's limit).
pub async fn for_link(
    db: &Db,
    org: &str,
    link_id: &LinkId,
    window: &Window,
    offered: Option<&[OfferedSlot]>,
    now: DateTime<Utc>,
) -> Result<Availability> {
    let zone_name = window.timezone.clone().unwrap_or_else(|| "UTC".into());
    let zone =
        skyslots_core::parse_timezone(&zone_name).map_err(|r| Error::field("timezone", r))?;
    if window.end <= window.start {
        return Err(Error::field("end", InvalidReason::EndNotAfterStart));
    }
    if window.end - window.start > Duration::days(MAX_WINDOW_DAYS) {
        return Err(Error::field(
            "end",
            InvalidReason::WindowTooLong(MAX_WINDOW_DAYS),
        ));
    }
    let mut tx = db.read().await?;
    let link = snapshots::link_hosts(&mut tx, org, link_id, Lock::No).await?;
    links::ensure_active(&link.link)?;
    let snapshot = snapshots::snapshot(&mut tx, &link, window.start, window.end, None).await?;
    let calendars = calendar_connections::freshness(&mut tx, org, &link.link.host_ids).await?;
    drop(tx);
    let duration = links::duration(&link.link, window.duration);
    let query = AvailabilityQuery {
        start: window.start,
        end: window.end,
        duration,
        timezone: zone,
        now,
    };
    let answer = skyslots_core::availability(&snapshot, &query)?;
    let offered = offered.unwrap_or_default();
    let slots = answer
        .local_slots()
        .zip(answer.slots.iter().copied())
        .filter(|(_, slot)| one_time_links::offers(offered, slot.start, duration))
        .map(|(local, slot)| (slot, local))
        .collect();
    Ok(Availability {
        link_id: link.link.id,
        timezone: zone_name,
        duration,
        slots,
        calendars,
    })
}
