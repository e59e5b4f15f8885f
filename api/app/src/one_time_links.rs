//! One-time links: a token for one recipient, tied to a booking link, optionally limited to
//! offered slots, expiring, and consumed by the booking made with it in that booking's own
//! transaction. The offered-slot rule lives here, once, for availability and booking alike.

use chrono::{DateTime, Utc};
use skyslots_core::{ErrorCode, InvalidReason};
use skyslots_storage::audit::Audit;
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{
    constant_time_eq, hash_secret, new_id, new_secret, Kind, LinkId, OneTimeLinkId,
};
use skyslots_storage::one_time_links::{
    self as rows, OfferedSlot, OneTimeInput, OneTimeLink, OneTimeStatus, TOKEN_PREFIX,
};
use skyslots_storage::{Db, Page, PageRequest, StorageError, Tx};

use crate::{idempotent, Error, Result};

/// Most slots one one-time link may offer.
pub const MAX_OFFERED_SLOTS: usize = 50;

/// A new one-time link and its token, which is returned this once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedOneTime {
    pub link: OneTimeLink,
    /// `None` on a replay: the token is not stored, so it cannot be shown twice.
    pub token: Option<String>,
}

/// Whether a link limited to `offered` slots (none: any free slot) offers `start` with
/// `duration`.
pub fn offers(offered: &[OfferedSlot], start: DateTime<Utc>, duration: u32) -> bool {
    offered.is_empty()
        || offered
            .iter()
            .any(|o| o.start == start && o.duration == duration)
}

/// A booking with a one-time link that offers slots must take one of them (409
/// `slot_not_offered`).
pub fn ensure_offered(offered: &[OfferedSlot], start: DateTime<Utc>, duration: u32) -> Result<()> {
    if offers(offered, start, duration) {
        Ok(())
    } else {
        Err(Error::conflict(
            ErrorCode::SlotNotOffered,
            "this one-time link offers only its listed slots",
        ))
    }
}

/// The answer a request with a token in `status` gets (`Ok`: usable).
pub fn ensure_usable(status: OneTimeStatus) -> Result<()> {
    let (code, message) = match status {
        OneTimeStatus::Active => return Ok(()),
        OneTimeStatus::Used => (
            ErrorCode::LinkUsed,
            "This one-time link has already been used to book.",
        ),
        OneTimeStatus::Expired => (ErrorCode::LinkExpired, "This one-time link has expired."),
        OneTimeStatus::Revoked => (
            ErrorCode::LinkRevoked,
            "This one-time link was withdrawn by its sender.",
        ),
    };
    Err(Error::Gone {
        code,
        message: message.into(),
    })
}

/// In a booking transaction, as its first write: use the one-time link with `token_hash` for
/// a booking of `link_id`; its offered slots.
pub(crate) async fn consume(
    tx: &mut Tx,
    org: &str,
    token_hash: &str,
    link_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<OfferedSlot>> {
    match rows::consume(tx, org, token_hash, now).await? {
        Some((of_link, offered)) if of_link == link_id => Ok(offered),
        Some(_) => Err(Error::NotFound("link")),
        None => {
            let status = rows::status_of(tx, org, token_hash, now)
                .await?
                .ok_or(Error::NotFound("one-time link"))?;
            ensure_usable(status)?;
            // Active, yet not consumed: it changed between the two statements.
            Err(Error::Storage(StorageError::Retry(
                "one-time link changed concurrently".into(),
            )))
        }
    }
}

/// In the booking's transaction: record which booking used the one-time link with
/// `token_hash`, and say so (`one_time_link.used`).
pub(crate) async fn record_use(
    tx: &mut Tx,
    org: &str,
    token_hash: &str,
    booking_id: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    rows::record_booking(tx, token_hash, booking_id).await?;
    if let Some((_, _, used)) = rows::by_token_hash(tx, token_hash, now).await? {
        crate::events::emit(tx, org, crate::events::Event::OneTimeLinkUsed(&used)).await?;
    }
    Ok(())
}

fn check_input(input: &OneTimeInput, now: DateTime<Utc>) -> Result<()> {
    if input.expires_at <= now {
        return Err(Error::field(
            "expires_at",
            InvalidReason::Inconsistent("must be in the future"),
        ));
    }
    if input.expires_at > now + chrono::Duration::days(366) {
        return Err(Error::field(
            "expires_at",
            InvalidReason::Inconsistent("at most 366 days ahead"),
        ));
    }
    if input.offered_slots.len() > MAX_OFFERED_SLOTS {
        return Err(Error::field(
            "offered_slots",
            InvalidReason::TooMany(MAX_OFFERED_SLOTS),
        ));
    }
    Ok(())
}

const OP: Operation = Operation::OneTimeLinkCreate;

/// Create a one-time link for `link_id`. Offered slots must use the link's durations.
pub async fn create(
    db: &Db,
    org: &str,
    link_id: &LinkId,
    input: &OneTimeInput,
    idem: Option<&Idempotency>,
    audit: &Audit,
    secrets: &crate::secrets::SecretsKey,
) -> Result<Created<CreatedOneTime>> {
    let now = crate::links::now();
    check_input(input, now)?;
    let link = crate::links::get(db, org, link_id).await?;
    for (i, slot) in input.offered_slots.iter().enumerate() {
        if !link.rules.durations.contains(&slot.duration) {
            return Err(Error::field(
                &format!("offered_slots[{i}].duration"),
                InvalidReason::Inconsistent("not one of the link's durations"),
            ));
        }
    }
    let token = new_secret(TOKEN_PREFIX)
        .map_err(|e| StorageError::Unavailable(format!("no randomness: {e}")))?;
    let record = OneTimeLink {
        id: new_id(Kind::OneTimeLink),
        link_id: link_id.to_string(),
        recipient_email: input.recipient_email.clone(),
        recipient_name: input.recipient_name.clone(),
        offered_slots: input.offered_slots.clone(),
        expires_at: DateTime::from_timestamp(input.expires_at.timestamp(), 0)
            .unwrap_or(input.expires_at),
        status: OneTimeStatus::Active,
        used_at: None,
        revoked_at: None,
        booked_by: None,
        created_at: now,
    };
    let token_hash = hash_secret(&token);
    // Sealed for the invitation email, bound to the hash beside it.
    let token_sealed = secrets.seal(&token, &token_hash)?;
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::insert(&mut tx, org, &record, &token_hash, &token_sealed).await?;
        let summary = format!(
            "one-time link to {:?} for link {link_id}, expires {}",
            record.recipient_email,
            record.expires_at.to_rfc3339()
        );
        crate::record(
            &mut tx,
            org,
            audit,
            "one_time_link.created",
            ("one_time_link", &record.id),
            summary,
        )
        .await?;
        crate::events::emit(
            &mut tx,
            org,
            crate::events::Event::OneTimeLinkCreated(&record),
        )
        .await?;
        let expiry = crate::jobs::Job::OneTimeLinkExpiry {
            link_id: record.link_id.clone(),
            one_time_link_id: record.id.clone(),
        };
        crate::jobs::schedule(&mut tx, org, &expiry, record.expires_at).await?;
        // A replay cannot show the token again: only its hash and its sealed form are kept.
        idempotent::record(&mut tx, org, idem, OP, &record.id).await?;
        Ok(Created::new(record.id.clone()))
    }
    .await;
    let created = idempotent::commit(db, org, idem, OP, tx, result).await?;
    if created.replayed {
        let link = get(db, org, link_id, &created.value).await?;
        return Ok(Created {
            value: CreatedOneTime { link, token: None },
            replayed: true,
        });
    }
    Ok(Created::new(CreatedOneTime {
        link: record,
        token: Some(token),
    }))
}

pub async fn get(db: &Db, org: &str, link_id: &LinkId, id: &str) -> Result<OneTimeLink> {
    Ok(rows::get(&mut db.read().await?, org, link_id, id, Utc::now()).await?)
}

/// A link's one-time links, oldest first.
pub async fn list(
    db: &Db,
    org: &str,
    link_id: &LinkId,
    page: &PageRequest,
) -> Result<Page<OneTimeLink>> {
    let mut tx = db.read().await?;
    skyslots_storage::links::ensure_exists(&mut tx, org, link_id).await?;
    Ok(rows::list(&mut tx, org, link_id, page, Utc::now()).await?)
}

/// Revoke a one-time link. A used link stays used (its booking is not affected); revoking
/// twice keeps the first time.
pub async fn revoke(
    db: &Db,
    org: &str,
    link_id: &LinkId,
    id: &OneTimeLinkId,
    audit: &Audit,
) -> Result<OneTimeLink> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        if rows::revoke(&mut tx, org, link_id, id, crate::links::now()).await? {
            crate::record(
                &mut tx,
                org,
                audit,
                "one_time_link.revoked",
                ("one_time_link", id),
                "revoked".into(),
            )
            .await?;
        }
        Ok(())
    }
    .await;
    tx.finish(result).await?;
    get(db, org, link_id, id).await
}

/// The organization and one-time link a token belongs to, whatever its status.
pub async fn by_token(db: &Db, token: &str) -> Result<Option<(String, OneTimeLink)>> {
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 100 {
        return Ok(None);
    }
    let hash = hash_secret(token);
    let found = rows::by_token_hash(&mut db.read().await?, &hash, Utc::now()).await?;
    Ok(found.and_then(|(org, stored, link)| {
        constant_time_eq(stored.as_bytes(), hash.as_bytes()).then_some((org, link))
    }))
}
