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
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Organization")]
pub struct OrganizationView {
    pub id: String,
    pub name: String,
    /// Public: the organization's part of public link URLs.
    pub slug: String,
    pub created_at: DateTime<Utc>,
}

impl From<&st::Organization> for OrganizationView {
    fn from(o: &st::Organization) -> Self {
        Self {
            id: o.id.clone(),
            name: o.name.clone(),
            slug: o.slug.clone(),
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
    /// Rename it or change its public slug; public URLs with the old slug stop working.
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
        let org = app::organizations::update(
            &state.db,
            &p.organization_id,
            body.name.as_deref(),
            body.slug.as_deref(),
            &p.audit(),
        )
        .await?;
        Ok(Json((&org).into()))
    }
}
