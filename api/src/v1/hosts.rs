//! Hosts: the people and calendars that are booked.

use crate::v1::prelude::*;

// ---- hosts ---------------------------------------------------------------------------

/// A new host: a person or calendar that can be booked.
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
#[oai(example)]
pub struct HostCreate {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: String,
    #[oai(validator(max_length = 254))]
    #[validate(email)]
    pub email: String,
    /// IANA time zone, e.g. `Europe/London`.
    #[oai(validator(max_length = 64))]
    pub timezone: String,
    /// The host's default schedule (a link can use its own).
    pub schedule_id: Option<String>,
}

impl poem_openapi::types::Example for HostCreate {
    fn example() -> Self {
        Self {
            name: "Ada".into(),
            email: "ada@example.com".into(),
            timezone: "Europe/London".into(),
            schedule_id: Some("sch_01jdq4x8m2w9k3v7c5t1r6y0ab".into()),
        }
    }
}

/// Changes to a host; omitted fields stay, `schedule_id: null` removes the default schedule.
#[derive(Debug, Clone, Object)]
pub struct HostUpdate {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[oai(validator(max_length = 254))]
    pub email: Option<String>,
    #[oai(validator(max_length = 64))]
    pub timezone: Option<String>,
    pub schedule_id: MaybeUndefined<String>,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Host")]
pub struct HostView {
    pub id: String,
    pub name: String,
    pub email: String,
    pub timezone: String,
    #[oai(skip_serializing_if_is_none)]
    pub schedule_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&st::Host> for HostView {
    fn from(h: &st::Host) -> Self {
        Self {
            id: h.id.clone(),
            name: h.name.clone(),
            email: h.email.clone(),
            timezone: h.timezone.clone(),
            schedule_id: h.schedule_id.clone(),
            created_at: h.created_at,
            updated_at: h.updated_at,
        }
    }
}

created_response!(HostCreated, HostView);
list_view!(HostList, HostView);

// ---- hosts ---------------------------------------------------------------------------

#[derive(Debug, Default)]
pub struct HostsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Hosts")]
impl HostsApi {
    /// Create a host
    #[oai(path = "/hosts", method = "post", operation_id = "host_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<HostCreate>,
    ) -> BodyResult<HostCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::HostCreate, None, &body.0);
        let mut errors = Errors::default();
        errors.validate("", &body.0);
        // Checked here too, so one answer lists every field's problem.
        if let Err(reason) = skyslots_core::parse_timezone(&body.timezone) {
            errors.push("timezone", reason);
        }
        if let Some(s) = &body.schedule_id {
            errors.id("schedule_id".into(), s, Kind::Schedule);
        }
        finish(errors)?;
        let input = skyslots_storage::HostInput {
            name: body.name.clone(),
            email: body.email.clone(),
            timezone: body.timezone.clone(),
            schedule_id: body.schedule_id.clone(),
        };
        let created =
            app::hosts::create(&state.db, &p.organization_id, &input, idem.as_ref()).await?;
        Ok(HostCreated::of(created, |x| HostView::from(x)))
    }

    /// List hosts
    #[oai(path = "/hosts", method = "get", operation_id = "host_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<HostList>> {
        let p = principal(&state, &auth).await?;
        let page =
            app::hosts::list(&state.db, &p.organization_id, &page(limit.0, cursor.0)?).await?;
        Ok(Json(HostList::from_page(page, |x| HostView::from(x))))
    }

    /// Get a host
    #[oai(path = "/hosts/:id", method = "get", operation_id = "host_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<HostView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::HostId = path_id(&id)?;
        Ok(Json(
            (&app::hosts::get(&state.db, &p.organization_id, &id).await?).into(),
        ))
    }

    /// Update a host
    ///
    /// Omitted fields stay as they are; `schedule_id: null` removes the default schedule.
    #[oai(path = "/hosts/:id", method = "patch", operation_id = "host_update")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<HostUpdate>,
    ) -> BodyResult<Json<HostView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::HostId = path_id(&id)?;
        let mut errors = Errors::default();
        if let Some(email) = &body.email {
            if !skyslots_core::questions::is_email(email) {
                errors.push("email", InvalidReason::Inconsistent("not an email address"));
            }
        }
        if let poem_openapi::types::MaybeUndefined::Value(s) = &body.schedule_id {
            errors.id("schedule_id".into(), s, Kind::Schedule);
        }
        finish(errors)?;
        let body = body.0;
        let host = app::hosts::update(&state.db, &p.organization_id, &id, move |h| {
            if let Some(n) = body.name {
                h.name = n;
            }
            if let Some(e) = body.email {
                h.email = e;
            }
            if let Some(t) = body.timezone {
                h.timezone = t;
            }
            match body.schedule_id {
                poem_openapi::types::MaybeUndefined::Undefined => {}
                poem_openapi::types::MaybeUndefined::Null => h.schedule_id = None,
                poem_openapi::types::MaybeUndefined::Value(s) => h.schedule_id = Some(s),
            }
        })
        .await?;
        Ok(Json((&host).into()))
    }

    /// Delete a host
    ///
    /// Only a host on no link and without bookings can be deleted (`in_use` otherwise).
    #[oai(path = "/hosts/:id", method = "delete", operation_id = "host_delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::HostId = path_id(&id)?;
        app::hosts::delete(&state.db, &p.organization_id, &id).await?;
        Ok(Deleted::NoContent)
    }
}
