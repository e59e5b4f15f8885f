//! Booking links, and the rules every booking and availability query applies to a link: its
//! default duration and whether it takes bookings (the only copies of both).

use chrono::Utc;
use skyslots_core::questions::validate_questions;
use skyslots_core::{ErrorCode, FieldError, Invalid, InvalidReason};
use skyslots_storage::audit::Audit;
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{new_id, Kind, LinkId};
use skyslots_storage::links::{self as rows, MINUTES_PER_DAY};
use skyslots_storage::{hosts, schedules, Db, Link, LinkInput, Page, PageRequest, Tx};

use crate::events::{self, Event};
use crate::{idempotent, Error, Result};

/// Longest link slug.
pub const MAX_SLUG_LEN: usize = 64;

/// The duration a request means: the one it asks for, else the link's first (its default).
pub fn duration(link: &Link, requested: Option<u32>) -> u32 {
    requested.unwrap_or(link.rules.durations[0])
}

/// An inactive link takes no bookings and shows no availability (409 `link_inactive`).
pub fn ensure_active(link: &Link) -> Result<()> {
    if link.active {
        Ok(())
    } else {
        Err(Error::conflict(
            ErrorCode::LinkInactive,
            "The link is not active and takes no bookings.",
        ))
    }
}

/// Check a link as a whole with the scheduling engine (rules, hosts, questions, policy); the
/// horizon is kept in whole days and hosts are listed once.
pub fn validate(input: &LinkInput) -> std::result::Result<(), Invalid> {
    let mut errors = Vec::new();
    for result in [
        input.rules.validate(),
        input.rules.validate_hosts(input.host_ids.len()),
        validate_questions(&input.questions),
        input.policy.validate().map_err(|e| e.nested("policy")),
        crate::emails::check_settings(&input.emails),
        input
            .price
            .as_ref()
            .map_or(Ok(()), |p| crate::pricing::pricing_of(p).map(|_| ())),
    ] {
        if let Err(e) = result {
            errors.extend(e.errors);
        }
    }
    if let Some(pages) = input.price.as_ref().and_then(|p| p.terms.checkout.as_ref()) {
        for (field, url) in [
            ("price.checkout.success_url", &pages.success_url),
            ("price.checkout.cancel_url", &pages.cancel_url),
        ] {
            if !crate::payments::is_return_url(url) {
                errors.push(FieldError::new(
                    field,
                    InvalidReason::UrlNotAllowed(
                        "an absolute https:// (or http://) URL without credentials",
                    ),
                ));
            }
        }
    }
    if input
        .rules
        .horizon
        .is_some_and(|h| h % MINUTES_PER_DAY != 0)
    {
        errors.push(FieldError::new(
            "horizon_days",
            InvalidReason::Inconsistent("whole days only"),
        ));
    }
    for (i, id) in input.host_ids.iter().enumerate() {
        if input.host_ids[..i].contains(id) {
            errors.push(FieldError::new(
                format!("host_ids[{i}]"),
                InvalidReason::Duplicate,
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Invalid { errors })
    }
}

/// The schedule and hosts a link refers to must be the organization's.
async fn check_references(tx: &mut Tx, org: &str, input: &LinkInput) -> Result<()> {
    if let Some(schedule) = &input.schedule_id {
        schedules::ensure_exists(tx, org, schedule).await?;
    }
    for host in &input.host_ids {
        hosts::ensure_exists(tx, org, host).await?;
    }
    Ok(())
}

pub async fn create(
    db: &Db,
    org: &str,
    input: &LinkInput,
    idem: Option<&Idempotency>,
    audit: &Audit,
) -> Result<Created<Link>> {
    create_as(db, org, input, idem, Operation::LinkCreate, audit, None).await
}

async fn create_as(
    db: &Db,
    org: &str,
    input: &LinkInput,
    idem: Option<&Idempotency>,
    op: Operation,
    audit: &Audit,
    source: Option<&str>,
) -> Result<Created<Link>> {
    validate(input)?;
    let created = now();
    let link = Link {
        id: new_id(Kind::Link),
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
        emails: input.emails.clone(),
        metadata: input.metadata.clone(),
        active: input.active,
        created_at: created,
        updated_at: created,
    };
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        // The insert is the first statement: it takes the write lock on SQLite.
        rows::insert(&mut tx, org, &link).await?;
        check_references(&mut tx, org, input).await?;
        let (action, summary) = match source {
            Some(from) => (
                "link.duplicated",
                format!("duplicated link {from} as {:?}", link.slug),
            ),
            None => (
                "link.created",
                format!("created link {:?} ({})", link.slug, link.title),
            ),
        };
        crate::record(&mut tx, org, audit, action, ("link", &link.id), summary).await?;
        events::emit(&mut tx, org, Event::LinkCreated(&link)).await?;
        idempotent::record(&mut tx, org, idem, op, &link).await?;
        Ok(Created::new(link))
    }
    .await;
    idempotent::commit(db, org, idem, op, tx, result).await
}

pub async fn get(db: &Db, org: &str, id: &LinkId) -> Result<Link> {
    Ok(rows::get(&mut db.read().await?, org, id).await?)
}

/// The link of `org` with `slug`, active or not.
pub async fn by_slug(db: &Db, org: &str, slug: &str) -> Result<Link> {
    let mut tx = db.read().await?;
    let id = rows::id_by_slug(&mut tx, org, slug).await?;
    Ok(rows::get(&mut tx, org, &id).await?)
}

/// The time zone a link's times are best shown in when the viewer's is unknown: its
/// schedule's, else its first host's schedule's, else its first host's; UTC without either.
pub async fn timezone(db: &Db, org: &str, link: &Link) -> Result<String> {
    let zone = rows::schedule_timezone(&mut db.read().await?, org, link).await?;
    Ok(zone.unwrap_or_else(|| "UTC".into()))
}

pub async fn list(db: &Db, org: &str, page: &PageRequest) -> Result<Page<Link>> {
    Ok(rows::list(&mut db.read().await?, org, page).await?)
}

/// Change a link with `change(current)`, validated as a whole.
pub async fn update(
    db: &Db,
    org: &str,
    id: &LinkId,
    change: impl FnOnce(&mut LinkInput) + Send,
    audit: &Audit,
) -> Result<Link> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id).await?;
        let current = rows::get(&mut tx, org, id).await?;
        let mut input = current.input();
        change(&mut input);
        validate(&input)?;
        let hosts_changed =
            input.host_ids != current.host_ids || input.schedule_id != current.schedule_id;
        if hosts_changed {
            check_references(&mut tx, org, &input).await?;
        }
        let updated = Link {
            slug: input.slug,
            title: input.title,
            description: input.description,
            rules: input.rules,
            schedule_id: input.schedule_id,
            host_ids: input.host_ids,
            questions: input.questions,
            location: input.location,
            requires_confirmation: input.requires_confirmation,
            policy: input.policy,
            price: input.price,
            metadata: input.metadata,
            emails: input.emails,
            active: input.active,
            updated_at: now(),
            ..current.clone()
        };
        rows::update(&mut tx, &updated, hosts_changed).await?;
        let changed = changed_fields(&current, &updated);
        if !changed.is_empty() {
            let action = match (current.active, updated.active) {
                (false, true) => "link.activated",
                (true, false) => "link.deactivated",
                _ => "link.updated",
            };
            let summary = format!("changed {}", changed.join(", "));
            crate::record(&mut tx, org, audit, action, ("link", id), summary).await?;
            let event = Event::LinkUpdated {
                link: &updated,
                previous: &current,
            };
            events::emit(&mut tx, org, event).await?;
        }
        Ok(updated)
    }
    .await;
    tx.finish(result).await
}

/// Delete a link without bookings (`in_use` otherwise: deactivate it instead).
pub async fn delete(db: &Db, org: &str, id: &LinkId, audit: &Audit) -> Result<()> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id).await?;
        let n = rows::booking_count(&mut tx, id).await?;
        if n > 0 {
            return Err(Error::conflict(
                ErrorCode::InUse,
                format!("the link has {n} booking(s); set active to false to stop new bookings"),
            ));
        }
        let link = rows::get(&mut tx, org, id).await?;
        rows::delete(&mut tx, id).await?;
        let summary = format!("deleted link {:?}", link.slug);
        crate::record(&mut tx, org, audit, "link.deleted", ("link", id), summary).await?;
        events::emit(&mut tx, org, Event::LinkDeleted(&link)).await
    }
    .await;
    tx.finish(result).await
}

/// Copy a link's settings to a new, inactive link with `slug` (or `<slug>-copy`).
pub async fn duplicate(
    db: &Db,
    org: &str,
    id: &LinkId,
    slug: Option<String>,
    title: Option<String>,
    idem: Option<&Idempotency>,
    audit: &Audit,
) -> Result<Created<Link>> {
    let source = get(db, org, id).await?;
    let mut input = source.input();
    input.slug = slug.unwrap_or_else(|| format!("{}-copy", source.slug));
    if input.slug.len() > MAX_SLUG_LEN {
        return Err(Error::field(
            "slug",
            InvalidReason::OutOfRange { min: 1, max: 64 },
        ));
    }
    // The same rule as a new link's: the slug is the public page's path segment.
    if !crate::public::is_slug(&input.slug) {
        return Err(Error::field(
            "slug",
            InvalidReason::Inconsistent(
                "a slug is 1-64 characters of a-z, 0-9 and '-', not starting with '-'",
            ),
        ));
    }
    if let Some(t) = title {
        input.title = t;
    }
    input.active = false;
    create_as(
        db,
        org,
        &input,
        idem,
        Operation::LinkDuplicate,
        audit,
        Some(id),
    )
    .await
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

/// Now, in whole seconds (what the database keeps).
pub(crate) fn now() -> chrono::DateTime<Utc> {
    whole_seconds(Utc::now())
}

/// `t` to the second: the database keeps whole seconds.
pub(crate) fn whole_seconds(t: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    chrono::DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}
