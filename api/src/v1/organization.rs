//! The organization itself: display name and public slug.

use crate::v1::prelude::*;

// ---- organization ----------------------------------------------------------------------

/// Change the organization's display name or public slug. Public URLs with the old slug stop
/// working at once.
#[derive(Debug, Clone, Object, Validate)]
pub struct OrganizationUpdate {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[validate(custom(function = "crate::request::slug"))]
    #[oai(validator(max_length = 64))]
    pub slug: Option<String>,
    /// Where attendees manage a booking (your page): a URL with `{token}` where the booking's
    /// manage token goes, e.g. `https://example.com/manage/{token}`. Emails to attendees of
    /// guest bookings link to it; `null` removes it.
    #[oai(validator(max_length = 2000))]
    pub manage_url: MaybeUndefined<String>,
    /// Where a one-time link's recipient books (your page): a URL with `{token}` for the
    /// one-time link's token. Invitation emails are sent only when it is set; `null` removes it.
    #[oai(validator(max_length = 2000))]
    pub invitation_url: MaybeUndefined<String>,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Organization")]
pub struct OrganizationView {
    pub id: String,
    pub name: String,
    /// Public: the organization's part of public link URLs.
    pub slug: String,
    /// Where attendees manage a booking: a URL with `{token}`.
    #[oai(skip_serializing_if_is_none)]
    pub manage_url: Option<String>,
    /// Where a one-time link's recipient books: a URL with `{token}`.
    #[oai(skip_serializing_if_is_none)]
    pub invitation_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&st::Organization> for OrganizationView {
    fn from(o: &st::Organization) -> Self {
        Self {
            id: o.id.clone(),
            name: o.name.clone(),
            slug: o.slug.clone(),
            manage_url: o.manage_url.clone(),
            invitation_url: o.invitation_url.clone(),
            created_at: o.created_at,
        }
    }
}

#[derive(Debug, Default)]
pub struct OrganizationApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Organization")]
impl OrganizationApi {
    /// Get the organization
    #[oai(
        path = "/organization",
        method = "get",
        operation_id = "organization_get"
    )]
    async fn get(&self, state: Data<&AppState>, auth: SecretKey) -> Result<Json<OrganizationView>> {
        let p = principal(&state, &auth).await?;
        Ok(Json(
            (&app::organizations::get(&state.db, &p.organization_id).await?).into(),
        ))
    }

    /// Update the organization
    ///
    /// Rename it, change its public slug (public URLs with the old slug stop working), or set
    /// the pages emails link to (`manage_url`, `invitation_url`).
    #[oai(
        path = "/organization",
        method = "patch",
        operation_id = "organization_update"
    )]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        body: Json<OrganizationUpdate>,
    ) -> BodyResult<Json<OrganizationView>> {
        let p = principal(&state, &auth).await?;
        let mut errors = Errors::default();
        errors.validate("", &body.0);
        finish(errors)?;
        let change = app::organizations::OrganizationChange {
            name: body.name.as_deref(),
            slug: body.slug.as_deref(),
            manage_url: change(&body.manage_url).map(|u| u.map(String::as_str)),
            invitation_url: change(&body.invitation_url).map(|u| u.map(String::as_str)),
        };
        let org =
            app::organizations::update(&state.db, &p.organization_id, &change, &p.audit()).await?;
        Ok(Json((&org).into()))
    }
}
