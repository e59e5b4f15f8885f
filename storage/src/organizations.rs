//! Organizations: the tenants.

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, ts, Organization};
use crate::schema::organizations;

#[derive(Queryable, Selectable)]
#[diesel(table_name = organizations)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct OrgRow {
    id: String,
    name: String,
    slug: String,
    manage_url: Option<String>,
    invitation_url: Option<String>,
    created_at: i64,
}

impl From<OrgRow> for Organization {
    fn from(r: OrgRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            slug: r.slug,
            manage_url: r.manage_url,
            invitation_url: r.invitation_url,
            created_at: at(r.created_at),
        }
    }
}

/// Insert `org`; a slug already taken is [`StorageError::Duplicate`].
pub async fn insert(tx: &mut Tx, org: &Organization) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::insert_into(organizations::table)
            .values((
                organizations::id.eq(&org.id),
                organizations::name.eq(&org.name),
                organizations::slug.eq(&org.slug),
                organizations::created_at.eq(ts(org.created_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str) -> Result<Organization, StorageError> {
    let row: Option<OrgRow> = on_backend!(tx, conn => {
        organizations::table
            .filter(organizations::id.eq(org))
            .select(OrgRow::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.map(Organization::from)
        .ok_or(StorageError::NotFound("organization"))
}

/// [`get`], with the row locked for the rest of the transaction (a no-op write first).
pub async fn lock(tx: &mut Tx, org: &str) -> Result<Organization, StorageError> {
    let row: OrgRow = on_backend!(tx, conn => {
        diesel::update(organizations::table.filter(organizations::id.eq(org)))
            .set(organizations::name.eq(organizations::name))
            .returning(OrgRow::as_returning())
            .get_result(conn)
            .await
            .map_err(|e| StorageError::from(e).or_not_found("organization"))?
    });
    Ok(row.into())
}

/// Whether the database holds any organization at all.
pub async fn any(tx: &mut Tx) -> Result<bool, StorageError> {
    let found: Option<String> = on_backend!(tx, conn => {
        organizations::table
            .select(organizations::id)
            .first(conn)
            .await
            .optional()?
    });
    Ok(found.is_some())
}

pub async fn by_slug(tx: &mut Tx, slug: &str) -> Result<Option<Organization>, StorageError> {
    let row: Option<OrgRow> = on_backend!(tx, conn => {
        organizations::table
            .filter(organizations::slug.eq(slug))
            .select(OrgRow::as_select())
            .first(conn)
            .await
            .optional()?
    });
    Ok(row.map(Organization::from))
}

/// Write `org`'s name, slug and URLs; a slug already taken is [`StorageError::Duplicate`].
pub async fn update(tx: &mut Tx, org: &Organization) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::update(organizations::table.filter(organizations::id.eq(&org.id)))
            .set((
                organizations::name.eq(&org.name),
                organizations::slug.eq(&org.slug),
                organizations::manage_url.eq(&org.manage_url),
                organizations::invitation_url.eq(&org.invitation_url),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}
