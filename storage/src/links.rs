//! Booking links and their hosts.

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;
use skyslots_core::policy::ChangePolicy;
use skyslots_core::questions::validate_questions;
use skyslots_core::{Assignment, InvalidReason, LinkRules};

use crate::audit::{audit, Audit};
use crate::db::Db;
use crate::error::StorageError;
use crate::idempotency::{record_idempotency, settle, Created, Idempotency, Operation};
use crate::ids::{new_id, Kind};
use crate::model::{at, from_json, invalid, now, to_json, ts, Link, LinkInput, Page, PageRequest};
use crate::resources::{ensure_exists, lock_row};
use crate::schema::{hosts, link_hosts, links, schedules};
use crate::{in_transaction, with_conn};

const MINUTES_PER_DAY: u32 = 24 * 60;

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
    pub(crate) schedule_id: Option<String>,
    questions: String,
    location: Option<String>,
    requires_confirmation: bool,
    policy: String,
    price_amount: Option<i64>,
    price_currency: Option<String>,
    metadata: String,
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
            (Some(amount), Some(currency)) => Some(crate::model::Price { amount, currency }),
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
            active: self.active,
            created_at: at(self.created_at),
            updated_at: at(self.updated_at),
        })
    }
}

fn validate(input: &LinkInput) -> Result<(), StorageError> {
    input.validate().map_err(StorageError::Invalid)
}

impl LinkInput {
    /// Check the link with the scheduling engine (rules, hosts, questions, policy); the
    /// horizon is kept in whole days.
    pub fn validate(&self) -> Result<(), skyslots_core::Invalid> {
        let input = self;
        let mut errors = Vec::new();
        for result in [
            input.rules.validate(),
            input.rules.validate_hosts(input.host_ids.len()),
            validate_questions(&input.questions),
            input.policy.validate().map_err(|e| e.nested("policy")),
        ] {
            if let Err(e) = result {
                errors.extend(e.errors);
            }
        }
        if input
            .rules
            .horizon
            .is_some_and(|h| h % MINUTES_PER_DAY != 0)
        {
            errors.push(skyslots_core::FieldError::new(
                "horizon_days",
                InvalidReason::Inconsistent("whole days only"),
            ));
        }
        for (i, id) in input.host_ids.iter().enumerate() {
            if input.host_ids[..i].contains(id) {
                errors.push(skyslots_core::FieldError::new(
                    format!("host_ids[{i}]"),
                    InvalidReason::Duplicate,
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(skyslots_core::Invalid { errors })
        }
    }
}

fn opt_i32(v: Option<u32>) -> Option<i32> {
    v.map(|x| i32::try_from(x).unwrap_or(i32::MAX))
}

fn i32_of(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// Insert or overwrite every column of a link from `input`.
macro_rules! link_values {
    ($input:expr) => {{
        let input: &LinkInput = $input;
        (
            links::slug.eq(input.slug.clone()),
            links::title.eq(input.title.clone()),
            links::description.eq(input.description.clone()),
            links::durations.eq(to_json(&input.rules.durations)?),
            links::slot_interval.eq(opt_i32(input.rules.slot_interval)),
            links::buffer_before.eq(i32_of(input.rules.buffer_before)),
            links::buffer_after.eq(i32_of(input.rules.buffer_after)),
            links::min_notice.eq(i32_of(input.rules.min_notice)),
            links::horizon_days.eq(opt_i32(input.rules.horizon.map(|h| h / MINUTES_PER_DAY))),
            links::daily_limit.eq(opt_i32(input.rules.daily_limit)),
            links::weekly_limit.eq(opt_i32(input.rules.weekly_limit)),
            links::capacity.eq(i32_of(input.rules.capacity)),
            links::assignment.eq(input.rules.assignment.as_str()),
            links::schedule_id.eq(input.schedule_id.clone()),
            links::questions.eq(to_json(&input.questions)?),
            links::location.eq(input.location.as_ref().map(to_json).transpose()?),
            (
                links::requires_confirmation.eq(input.requires_confirmation),
                links::policy.eq(to_json(&input.policy)?),
                links::price_amount.eq(input.price.as_ref().map(|p| p.amount)),
                links::price_currency.eq(input.price.as_ref().map(|p| p.currency.clone())),
                links::metadata.eq(to_json(&input.metadata)?),
                links::active.eq(input.active),
            ),
        )
    }};
}

/// Check the referenced schedule and hosts belong to `org`, and replace the link's host list.
macro_rules! write_hosts {
    ($conn:expr, $org:expr, $link_id:expr, $input:expr) => {{
        let input: &LinkInput = $input;
        if let Some(schedule) = &input.schedule_id {
            ensure_exists!($conn, schedules, $org, schedule, "schedule");
        }
        diesel::delete(link_hosts::table.filter(link_hosts::link_id.eq($link_id)))
            .execute($conn)
            .await?;
        for (position, host) in input.host_ids.iter().enumerate() {
            ensure_exists!($conn, hosts, $org, host, "host");
            diesel::insert_into(link_hosts::table)
                .values((
                    link_hosts::link_id.eq($link_id),
                    link_hosts::host_id.eq(host),
                    link_hosts::position.eq(position as i32),
                ))
                .execute($conn)
                .await?;
        }
    }};
}

/// Map a unique violation on (organization, slug) to a named duplicate.
fn slug_taken(e: StorageError, slug: &str) -> StorageError {
    match e {
        StorageError::Duplicate(_) => {
            StorageError::Duplicate(format!("the slug {slug:?} is already used by another link"))
        }
        other => other,
    }
}

macro_rules! load_link {
    ($conn:expr, $org:expr, $id:expr) => {{
        let row: Option<$crate::links::LinkRow> = $crate::schema::links::table
            .filter($crate::schema::links::organization_id.eq($org))
            .filter($crate::schema::links::id.eq($id))
            .select($crate::links::LinkRow::as_select())
            .first($conn)
            .await
            .optional()?;
        let row = row.ok_or($crate::error::StorageError::NotFound("link"))?;
        let host_ids: Vec<String> = $crate::schema::link_hosts::table
            .filter($crate::schema::link_hosts::link_id.eq($id))
            .order($crate::schema::link_hosts::position.asc())
            .select($crate::schema::link_hosts::host_id)
            .load($conn)
            .await?;
        row.into_record(host_ids)?
    }};
}
pub(crate) use load_link;

impl Db {
    pub async fn create_link(
        &self,
        org: &str,
        input: &LinkInput,
        idem: Option<&Idempotency>,
        audit: &Audit,
    ) -> Result<Created<Link>, StorageError> {
        self.create_link_as(org, input, idem, Operation::LinkCreate.name(), audit, None)
            .await
    }

    async fn create_link_as(
        &self,
        org: &str,
        input: &LinkInput,
        idem: Option<&Idempotency>,
        op: &str,
        audit: &Audit,
        source: Option<&str>,
    ) -> Result<Created<Link>, StorageError> {
        validate(input)?;
        let id = new_id(Kind::Link);
        let created = now();
        let link = Link {
            id: id.clone(),
            slug: input.slug.clone(),
            title: input.title.clone(),
            description: input.description.clone(),
            rules: input.rules.clone(),
            schedule_id: input.schedule_id.clone(),
            host_ids: input.host_ids.clone(),
            questions: input.questions.clone(),
            location: input.location.clone(),
            requires_confirmation: input.requires_confirmation,
            policy: input.policy.clone(),
            price: input.price.clone(),
            metadata: input.metadata.clone(),
            active: input.active,
            created_at: created,
            updated_at: created,
        };
        let result = in_transaction!(self, conn => {
            diesel::insert_into(links::table)
                .values((
                    links::id.eq(&id),
                    links::organization_id.eq(org),
                    links::created_at.eq(ts(created)),
                    links::updated_at.eq(ts(created)),
                    link_values!(input),
                ))
                .execute(conn)
                .await
                .map_err(|e| slug_taken(e.into(), &input.slug))?;
            write_hosts!(conn, org, &id, input);
            let (action, summary) = match source {
                Some(from) => ("link.duplicated", format!("duplicated link {from} as {:?}", link.slug)),
                None => ("link.created", format!("created link {:?} ({})", link.slug, link.title)),
            };
            audit!(conn, org, audit, action, "link", &id, summary);
            if let Some(key) = idem {
                record_idempotency!(conn, org, key, op, &link);
            }
            Ok(Created { value: link.clone(), replayed: false })
        });
        settle(self, org, idem, op, result).await
    }

    /// The link of `org` with `slug`, active or not.
    pub async fn get_link_by_slug(&self, org: &str, slug: &str) -> Result<Link, StorageError> {
        let id: Option<String> = with_conn!(self, conn => {
            links::table
                .filter(links::organization_id.eq(org))
                .filter(links::slug.eq(slug))
                .select(links::id)
                .first(conn)
                .await
                .optional()?
        });
        let id = id.ok_or(StorageError::NotFound("link"))?;
        self.get_link(org, &id).await
    }

    /// The time zone a link's times are best shown in when the viewer's is unknown: its
    /// schedule's, else its first host's schedule's, else its first host's.
    pub async fn link_timezone(&self, org: &str, link: &Link) -> Result<String, StorageError> {
        let found: Option<String> = with_conn!(self, conn => {
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
        });
        Ok(found.unwrap_or_else(|| "UTC".into()))
    }

    pub async fn get_link(&self, org: &str, id: &str) -> Result<Link, StorageError> {
        Ok(with_conn!(self, conn => load_link!(conn, org, id)))
    }

    pub async fn list_links(
        &self,
        org: &str,
        page: &PageRequest,
    ) -> Result<Page<Link>, StorageError> {
        let (rows, hosts_of): (Vec<LinkRow>, Vec<(String, String)>) = with_conn!(self, conn => {
            let mut q = links::table
                .filter(links::organization_id.eq(org))
                .select(LinkRow::as_select())
                .order(links::id.asc())
                .limit(page.fetch())
                .into_boxed();
            if let Some(after) = &page.after {
                q = q.filter(links::id.gt(after.clone()));
            }
            let rows: Vec<LinkRow> = q.load(conn).await?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let hosts_of = link_hosts::table
                .filter(link_hosts::link_id.eq_any(ids))
                .order((link_hosts::link_id.asc(), link_hosts::position.asc()))
                .select((link_hosts::link_id, link_hosts::host_id))
                .load(conn)
                .await?;
            (rows, hosts_of)
        });
        let mut hosts_of = crate::model::children_by_parent(hosts_of);
        let items = rows
            .into_iter()
            .map(|r| {
                let hosts = hosts_of.remove(&r.id).unwrap_or_default();
                r.into_record(hosts)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(page.page(items, |l| l.id.clone()))
    }

    /// Change a link with `change(current)`, validated as a whole.
    pub async fn update_link(
        &self,
        org: &str,
        id: &str,
        change: impl FnOnce(&mut LinkInput) + Send,
        audit: &Audit,
    ) -> Result<Link, StorageError> {
        in_transaction!(self, conn => {
            lock_row!(conn, links, org, id, "link");
            let current = load_link!(conn, org, id);
            let mut input = current.input();
            change(&mut input);
            validate(&input)?;
            let updated_at = now();
            diesel::update(links::table.filter(links::id.eq(id)))
                .set((links::updated_at.eq(ts(updated_at)), link_values!(&input)))
                .execute(conn)
                .await
                .map_err(|e| slug_taken(e.into(), &input.slug))?;
            if input.host_ids != current.host_ids || input.schedule_id != current.schedule_id {
                write_hosts!(conn, org, id, &input);
            }
            let updated = load_link!(conn, org, id);
            let changed = changed_fields(&current, &updated);
            if !changed.is_empty() {
                let action = match (current.active, updated.active) {
                    (false, true) => "link.activated",
                    (true, false) => "link.deactivated",
                    _ => "link.updated",
                };
                audit!(conn, org, audit, action, "link", id, format!("changed {}", changed.join(", ")));
            }
            Ok(updated)
        })
    }

    /// Delete a link without bookings (`in_use` otherwise: deactivate it instead).
    pub async fn delete_link(
        &self,
        org: &str,
        id: &str,
        audit: &Audit,
    ) -> Result<(), StorageError> {
        use crate::schema::bookings;
        in_transaction!(self, conn => {
            lock_row!(conn, links, org, id, "link");
            let n: i64 = bookings::table.filter(bookings::link_id.eq(id)).count().get_result(conn).await?;
            if n > 0 {
                return Err(StorageError::InUse(format!(
                    "the link has {n} booking(s); set active to false to stop new bookings"
                )));
            }
            diesel::delete(link_hosts::table.filter(link_hosts::link_id.eq(id))).execute(conn).await?;
            let slug: String = links::table.filter(links::id.eq(id)).select(links::slug).first(conn).await?;
            diesel::delete(links::table.filter(links::id.eq(id))).execute(conn).await?;
            audit!(conn, org, audit, "link.deleted", "link", id, format!("deleted link {slug:?}"));
            Ok(())
        })
    }

    /// Copy a link's settings to a new, inactive link with `slug` (or `<slug>-copy`).
    pub async fn duplicate_link(
        &self,
        org: &str,
        id: &str,
        slug: Option<String>,
        title: Option<String>,
        idem: Option<&Idempotency>,
        audit: &Audit,
    ) -> Result<Created<Link>, StorageError> {
        let source = self.get_link(org, id).await?;
        let mut input = source.input();
        input.slug = slug.unwrap_or_else(|| format!("{}-copy", source.slug));
        if input.slug.len() > 64 {
            return Err(invalid(
                "slug",
                InvalidReason::OutOfRange { min: 1, max: 64 },
            ));
        }
        if let Some(t) = title {
            input.title = t;
        }
        input.active = false;
        self.create_link_as(
            org,
            &input,
            idem,
            Operation::LinkDuplicate.name(),
            audit,
            Some(id),
        )
        .await
    }
}

/// The top-level fields of a link that differ between two versions (not `updated_at`).
fn changed_fields(before: &Link, after: &Link) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    a.iter()
        .filter(|(k, v)| k.as_str() != "updated_at" && b.get(k.as_str()) != Some(v))
        .map(|(k, _)| k.clone())
        .collect()
}
