//! Booking links and their hosts.

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;
use skyslots_core::policy::ChangePolicy;
use skyslots_core::{Assignment, LinkRules};

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, children_by_parent, from_json, to_json, ts, Link};
use crate::page::{Page, PageRequest};
use crate::schema::{bookings, hosts, link_hosts, links, schedules};

/// The horizon is kept in whole days.
pub const MINUTES_PER_DAY: u32 = 24 * 60;

#[derive(Queryable, Selectable)]
#[diesel(table_name = links)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct LinkRow {
    id: String,
    slug: String,
    title: String,
    description: Option<String>,
    durations: String,
    slot_interval: Option<i32>,
    buffer_before: i32,
    buffer_after: i32,
    min_notice: i32,
    horizon_days: Option<i32>,
    daily_limit: Option<i32>,
    weekly_limit: Option<i32>,
    capacity: i32,
    assignment: String,
    schedule_id: Option<String>,
    questions: String,
    location: Option<String>,
    requires_confirmation: bool,
    policy: String,
    price_amount: Option<i64>,
    price_currency: Option<String>,
    price_terms: Option<String>,
    metadata: String,
    emails: String,
    active: bool,
    created_at: i64,
    updated_at: i64,
}

fn u32_of(v: i32) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

fn assignment_of(s: &str) -> Result<Assignment, StorageError> {
    match s {
        "single" => Ok(Assignment::Single),
        "round_robin" => Ok(Assignment::RoundRobin),
        "collective" => Ok(Assignment::Collective),
        other => Err(StorageError::Corrupt(format!("link assignment {other:?}"))),
    }
}

impl LinkRow {
    pub(crate) fn into_record(self, host_ids: Vec<String>) -> Result<Link, StorageError> {
        let rules = LinkRules {
            durations: from_json("link durations", &self.durations)?,
            slot_interval: self.slot_interval.map(u32_of),
            buffer_before: u32_of(self.buffer_before),
            buffer_after: u32_of(self.buffer_after),
            min_notice: u32_of(self.min_notice),
            horizon: self.horizon_days.map(|d| u32_of(d) * MINUTES_PER_DAY),
            daily_limit: self.daily_limit.map(u32_of),
            weekly_limit: self.weekly_limit.map(u32_of),
            capacity: u32_of(self.capacity),
            assignment: assignment_of(&self.assignment)?,
        };
        let price = match (self.price_amount, self.price_currency) {
            (Some(amount), Some(currency)) => Some(crate::model::Price {
                amount,
                currency,
                terms: match &self.price_terms {
                    Some(t) => from_json("link price_terms", t)?,
                    None => crate::model::PriceTerms::default(),
                },
            }),
            _ => None,
        };
        Ok(Link {
            id: self.id,
            slug: self.slug,
            title: self.title,
            description: self.description,
            rules,
            schedule_id: self.schedule_id,
            host_ids,
            questions: from_json("link questions", &self.questions)?,
            location: self
                .location
                .as_deref()
                .map(|l| from_json("link location", l))
                .transpose()?,
            requires_confirmation: self.requires_confirmation,
            policy: from_json::<ChangePolicy>("link policy", &self.policy)?,
            price,
            metadata: from_json("link metadata", &self.metadata)?,
            emails: from_json("link emails", &self.emails)?,
            active: self.active,
            created_at: at(self.created_at),
            updated_at: at(self.updated_at),
        })
    }
}

/// Every value column of a link: the insert and the update form.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = links)]
#[diesel(treat_none_as_null = true)]
struct LinkValues<'a> {
    slug: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    durations: String,
    slot_interval: Option<i32>,
    buffer_before: i32,
    buffer_after: i32,
    min_notice: i32,
    horizon_days: Option<i32>,
    daily_limit: Option<i32>,
    weekly_limit: Option<i32>,
    capacity: i32,
    assignment: &'a str,
    schedule_id: Option<&'a str>,
    questions: String,
    location: Option<String>,
    requires_confirmation: bool,
    policy: String,
    price_amount: Option<i64>,
    price_currency: Option<&'a str>,
    price_terms: Option<String>,
    metadata: String,
    emails: String,
    active: bool,
    updated_at: i64,
}

fn opt_i32(v: Option<u32>) -> Option<i32> {
    v.map(i32_of)
}

fn i32_of(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

impl<'a> LinkValues<'a> {
    fn of(link: &'a Link) -> Result<Self, StorageError> {
        let rules = &link.rules;
        Ok(Self {
            slug: &link.slug,
            title: &link.title,
            description: link.description.as_deref(),
            durations: to_json(&rules.durations)?,
            slot_interval: opt_i32(rules.slot_interval),
            buffer_before: i32_of(rules.buffer_before),
            buffer_after: i32_of(rules.buffer_after),
            min_notice: i32_of(rules.min_notice),
            horizon_days: opt_i32(rules.horizon.map(|h| h / MINUTES_PER_DAY)),
            daily_limit: opt_i32(rules.daily_limit),
            weekly_limit: opt_i32(rules.weekly_limit),
            capacity: i32_of(rules.capacity),
            assignment: rules.assignment.as_str(),
            schedule_id: link.schedule_id.as_deref(),
            questions: to_json(&link.questions)?,
            location: link.location.as_ref().map(to_json).transpose()?,
            requires_confirmation: link.requires_confirmation,
            policy: to_json(&link.policy)?,
            price_amount: link.price.as_ref().map(|p| p.amount),
            price_currency: link.price.as_ref().map(|p| p.currency.as_str()),
            price_terms: link.price.as_ref().map(|p| to_json(&p.terms)).transpose()?,
            metadata: to_json(&link.metadata)?,
            emails: to_json(&link.emails)?,
            active: link.active,
            updated_at: ts(link.updated_at),
        })
    }
}

/// Map a unique violation on (organization, slug) to a named duplicate.
fn slug_taken(e: diesel::result::Error, slug: &str) -> StorageError {
    match StorageError::from(e) {
        StorageError::Duplicate(_) => {
            StorageError::Duplicate(format!("the slug {slug:?} is already used by another link"))
        }
        other => other,
    }
}

/// Insert `link` with its host list.
pub async fn insert(tx: &mut Tx, org: &str, link: &Link) -> Result<(), StorageError> {
    let values = LinkValues::of(link)?;
    on_backend!(tx, conn => {
        diesel::insert_into(links::table)
            .values((
                links::id.eq(&link.id),
                links::organization_id.eq(org),
                links::created_at.eq(ts(link.created_at)),
                values,
            ))
            .execute(conn)
            .await
            .map_err(|e| slug_taken(e, &link.slug))?
    });
    write_hosts(tx, &link.id, &link.host_ids).await
}

/// Overwrite every field of the stored link `link.id` with `link`; with `hosts_changed`, its
/// host list too.
pub async fn update(tx: &mut Tx, link: &Link, hosts_changed: bool) -> Result<(), StorageError> {
    let values = LinkValues::of(link)?;
    on_backend!(tx, conn => {
        diesel::update(links::table.filter(links::id.eq(&link.id)))
            .set(values)
            .execute(conn)
            .await
            .map_err(|e| slug_taken(e, &link.slug))?
    });
    if hosts_changed {
        write_hosts(tx, &link.id, &link.host_ids).await?;
    }
    Ok(())
}

/// Replace the link's host list, in order.
async fn write_hosts(tx: &mut Tx, link_id: &str, host_ids: &[String]) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::delete(link_hosts::table.filter(link_hosts::link_id.eq(link_id)))
            .execute(conn)
            .await?;
        for (position, host) in host_ids.iter().enumerate() {
            diesel::insert_into(link_hosts::table)
                .values((
                    link_hosts::link_id.eq(link_id),
                    link_hosts::host_id.eq(host),
                    link_hosts::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                ))
                .execute(conn)
                .await?;
        }
    });
    Ok(())
}

/// The link `id` of `org` with its host ids in order.
pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<Link, StorageError> {
    let (row, host_ids): (Option<LinkRow>, Vec<String>) = on_backend!(tx, conn => {
        let row: Option<LinkRow> = links::table
            .filter(links::organization_id.eq(org))
            .filter(links::id.eq(id))
            .select(LinkRow::as_select())
            .first(conn)
            .await
            .optional()?;
        let host_ids: Vec<String> = if row.is_some() {
            link_hosts::table
                .filter(link_hosts::link_id.eq(id))
                .order(link_hosts::position.asc())
                .select(link_hosts::host_id)
                .load(conn)
                .await?
        } else {
            Vec::new()
        };
        (row, host_ids)
    });
    row.ok_or(StorageError::NotFound("link"))?
        .into_record(host_ids)
}

/// Lock the link for the rest of the transaction (a no-op write); `NotFound` if `org` has no
/// such link.
pub async fn lock(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(links::table.filter(links::organization_id.eq(org)).filter(links::id.eq(id)))
            .set(links::updated_at.eq(links::updated_at))
            .execute(conn)
            .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("link"));
    }
    Ok(())
}

/// `NotFound` unless `org` has a link with this id.
pub async fn ensure_exists(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let found: Option<String> = on_backend!(tx, conn => {
        links::table
            .filter(links::organization_id.eq(org))
            .filter(links::id.eq(id))
            .select(links::id)
            .first(conn)
            .await
            .optional()?
    });
    found.map(|_| ()).ok_or(StorageError::NotFound("link"))
}

/// The id of `org`'s link with `slug`, active or not.
pub async fn id_by_slug(tx: &mut Tx, org: &str, slug: &str) -> Result<String, StorageError> {
    let id: Option<String> = on_backend!(tx, conn => {
        links::table
            .filter(links::organization_id.eq(org))
            .filter(links::slug.eq(slug))
            .select(links::id)
            .first(conn)
            .await
            .optional()?
    });
    id.ok_or(StorageError::NotFound("link"))
}

/// The time zone of the link's own schedule, else of its first host's default schedule,
/// else of its first host; `None` if it has neither.
pub async fn schedule_timezone(
    tx: &mut Tx,
    org: &str,
    link: &Link,
) -> Result<Option<String>, StorageError> {
    Ok(on_backend!(tx, conn => {
        match &link.schedule_id {
            Some(s) => schedules::table
                .filter(schedules::organization_id.eq(org))
                .filter(schedules::id.eq(s))
                .select(schedules::timezone)
                .first(conn)
                .await
                .optional()?,
            None => match <[String]>::first(&link.host_ids) {
                Some(h) => {
                    let zones: Option<(Option<String>, String)> = hosts::table
                        .left_join(schedules::table)
                        .filter(hosts::organization_id.eq(org))
                        .filter(hosts::id.eq(h))
                        .select((schedules::timezone.nullable(), hosts::timezone))
                        .first(conn)
                        .await
                        .optional()?;
                    zones.map(|(schedule, host)| schedule.unwrap_or(host))
                }
                None => None,
            },
        }
    }))
}

/// The organization's links, ordered by id.
pub async fn list(tx: &mut Tx, org: &str, page: &PageRequest) -> Result<Page<Link>, StorageError> {
    let after = page.after_id();
    let (rows, hosts_of): (Vec<LinkRow>, Vec<(String, String)>) = on_backend!(tx, conn => {
        let mut q = links::table
            .filter(links::organization_id.eq(org))
            .select(LinkRow::as_select())
            .order(links::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(after) = after.clone() {
            q = q.filter(links::id.gt(after));
        }
        let rows: Vec<LinkRow> = q.load(conn).await?;
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let hosts_of = link_hosts::table
            .filter(link_hosts::link_id.eq_any(ids))
            .order((link_hosts::link_id.asc(), link_hosts::position.asc()))
            .select((link_hosts::link_id, link_hosts::host_id))
            .load(conn)
            .await?;
        (rows, hosts_of)
    });
    let mut hosts_of = children_by_parent(hosts_of);
    let page = page.by_id(rows, |r| &r.id);
    let items = page
        .items
        .into_iter()
        .map(|r| {
            let hosts = hosts_of.remove(&r.id).unwrap_or_default();
            r.into_record(hosts)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// How many bookings (of any status) the link has.
pub async fn booking_count(tx: &mut Tx, id: &str) -> Result<i64, StorageError> {
    Ok(on_backend!(tx, conn => {
        bookings::table.filter(bookings::link_id.eq(id)).count().get_result(conn).await?
    }))
}

/// Delete the link and its host list.
pub async fn delete(tx: &mut Tx, id: &str) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::delete(link_hosts::table.filter(link_hosts::link_id.eq(id))).execute(conn).await?;
        diesel::delete(links::table.filter(links::id.eq(id))).execute(conn).await?
    });
    Ok(())
}
