//! Organizations: creation with a derived slug, renaming, and the public slug.

use skyslots_core::InvalidReason;
use skyslots_storage::audit::{self, Audit, Change};
use skyslots_storage::ids::{new_id, Kind};
use skyslots_storage::{api_keys, organizations as rows};
use skyslots_storage::{CreatedApiKey, Db, Organization, StorageError};

use crate::links::{now, MAX_SLUG_LEN};
use crate::public::is_slug;
use crate::{Error, Result};

fn check_slug(s: &str) -> Result<()> {
    if is_slug(s) {
        Ok(())
    } else {
        Err(Error::field(
            "slug",
            InvalidReason::Inconsistent(
                "use 1-64 characters of a-z, 0-9 and -, not starting with -",
            ),
        ))
    }
}

fn slug_taken(slug: &str) -> Error {
    Error::conflict(
        skyslots_core::ErrorCode::Duplicate,
        format!("the organization slug {slug:?} is already taken"),
    )
}

/// A slug from a display name: ASCII letters and digits kept (lowercased), every other run of
/// characters one `-`; `org` if nothing is left.
pub fn slug_from_name(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = truncate_slug(slug.trim_end_matches('-'), MAX_SLUG_LEN);
    if slug.is_empty() {
        "org".into()
    } else {
        slug
    }
}

fn truncate_slug(s: &str, max: usize) -> String {
    s.chars()
        .take(max)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// Create an organization and its first API key (the secret is returned only here).
/// Without `slug`, one is derived from `name` (with a numeric suffix if it is taken).
pub async fn create(
    db: &Db,
    name: &str,
    slug: Option<&str>,
) -> Result<(Organization, CreatedApiKey)> {
    if let Some(s) = slug {
        check_slug(s)?;
    }
    let base = slug.map_or_else(|| slug_from_name(name), str::to_owned);
    let (key, secret, hash) = crate::api_keys::new_key("default")?;
    let mut org = Organization {
        id: new_id(Kind::Organization),
        name: name.to_owned(),
        slug: base.clone(),
        manage_url: None,
        invitation_url: None,
        created_at: now(),
    };
    for attempt in 1u32.. {
        if attempt > 1 {
            if slug.is_some() {
                return Err(slug_taken(&base));
            }
            org.slug = if attempt <= 20 {
                let suffix = format!("-{attempt}");
                format!("{}{suffix}", truncate_slug(&base, 64 - suffix.len()))
            } else {
                // Very crowded names: a random suffix ends the search.
                let tail = &new_id(Kind::Organization)[20..];
                format!("{}-{tail}", truncate_slug(&base, 64 - tail.len() - 1))
            };
        }
        let mut tx = db.begin().await?;
        let result: std::result::Result<(), StorageError> = async {
            rows::insert(&mut tx, &org).await?;
            api_keys::insert(&mut tx, &org.id, &key, &hash).await
        }
        .await;
        match tx.finish(result).await {
            Ok(()) => break,
            Err(StorageError::Duplicate(_)) if attempt < 30 => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok((org, CreatedApiKey { key, secret }))
}

pub async fn get(db: &Db, org: &str) -> Result<Organization> {
    Ok(rows::get(&mut db.read().await?, org).await?)
}

/// Whether this database holds any organization at all (so that a refused key can say when
/// the likely cause is an empty database rather than a wrong key).
pub async fn any(db: &Db) -> Result<bool> {
    Ok(rows::any(&mut db.read().await?).await?)
}

/// A change of the organization: each `Some` is set (`Some(None)` clears a URL).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationChange<'a> {
    pub name: Option<&'a str>,
    pub slug: Option<&'a str>,
    pub manage_url: Option<Option<&'a str>>,
    pub invitation_url: Option<Option<&'a str>>,
}

/// Rename the organization, change its public slug (public URLs with the old slug stop
/// working) or the URL templates its emails link to.
pub async fn update(
    db: &Db,
    org: &str,
    change: &OrganizationChange<'_>,
    audit: &Audit,
) -> Result<Organization> {
    let OrganizationChange {
        name,
        slug,
        manage_url,
        invitation_url,
    } = *change;
    if let Some(s) = slug {
        check_slug(s)?;
    }
    for (field, value) in [
        ("manage_url", manage_url),
        ("invitation_url", invitation_url),
    ] {
        if let Some(Some(t)) = value {
            crate::emails::check_url_template(field, t)?;
        }
    }
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        let mut next = rows::lock(&mut tx, org).await?;
        let mut changes = Vec::new();
        if let Some(n) = name.filter(|n| *n != next.name) {
            changes.push(format!("name {:?} → {n:?}", next.name));
            next.name = n.to_owned();
        }
        if let Some(s) = slug.filter(|s| *s != next.slug) {
            changes.push(format!("slug {:?} → {s:?}", next.slug));
            next.slug = s.to_owned();
        }
        if let Some(u) = manage_url.filter(|u| *u != next.manage_url.as_deref()) {
            changes.push(format!("manage_url → {u:?}"));
            next.manage_url = u.map(str::to_owned);
        }
        if let Some(u) = invitation_url.filter(|u| *u != next.invitation_url.as_deref()) {
            changes.push(format!("invitation_url → {u:?}"));
            next.invitation_url = u.map(str::to_owned);
        }
        if changes.is_empty() {
            return Ok(next);
        }
        rows::update(&mut tx, &next).await.map_err(|e| match e {
            StorageError::Duplicate(_) => slug_taken(&next.slug),
            other => other.into(),
        })?;
        let change = Change {
            action: "organization.updated",
            target_type: "organization",
            target_id: org,
            summary: changes.join(", "),
        };
        audit::record(&mut tx, org, audit, change).await?;
        Ok(next)
    }
    .await;
    tx.finish(result).await
}
