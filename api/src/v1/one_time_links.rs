//! One-time links: single-use booking links for one recipient.

use crate::v1::prelude::*;

// ---- one-time links --------------------------------------------------------------------

/// A slot offered by a one-time link.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "OfferedSlotInput")]
pub struct OfferedSlotParam {
    pub start: DateTime<Utc>,
    /// One of the link's durations, in minutes.
    pub duration: u32,
}

/// A one-time link for one recipient.
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
#[oai(example)]
pub struct OneTimeLinkCreate {
    #[oai(validator(max_length = 254))]
    #[validate(email)]
    pub recipient_email: String,
    #[oai(validator(min_length = 1, max_length = 200))]
    pub recipient_name: Option<String>,
    /// When the link stops working (at most 366 days ahead).
    pub expires_at: DateTime<Utc>,
    /// Only these slots can be booked (at most 50); omitted or empty: any slot of the link.
    #[oai(default)]
    pub offered_slots: Vec<OfferedSlotParam>,
}

impl poem_openapi::types::Example for OneTimeLinkCreate {
    fn example() -> Self {
        Self {
            recipient_email: "grace@example.com".into(),
            recipient_name: Some("Grace".into()),
            expires_at: DateTime::from_timestamp(1_796_137_200, 0).unwrap_or_default(),
            offered_slots: vec![OfferedSlotParam {
                start: DateTime::from_timestamp(1_796_223_600, 0).unwrap_or_default(),
                duration: 30,
            }],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum OneTimeLinkStatus {
    Active,
    Used,
    Expired,
    Revoked,
}

/// A slot a one-time link offers.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(rename = "OfferedSlot")]
pub struct OfferedSlotView {
    pub start: DateTime<Utc>,
    /// Minutes: one of the link's durations.
    pub duration: u32,
}

/// Who booked with a one-time link.
#[derive(Debug, Clone, Object)]
#[oai(rename = "BookedBy")]
pub struct BookedByView {
    pub booking_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "OneTimeLink")]
pub struct OneTimeLinkView {
    pub id: String,
    pub link_id: String,
    pub recipient_email: String,
    #[oai(skip_serializing_if_is_none)]
    pub recipient_name: Option<String>,
    /// Empty: any slot of the link can be booked.
    pub offered_slots: Vec<OfferedSlotView>,
    pub expires_at: DateTime<Utc>,
    pub status: OneTimeLinkStatus,
    #[oai(skip_serializing_if_is_none)]
    pub used_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub revoked_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub booked_by: Option<BookedByView>,
    pub created_at: DateTime<Utc>,
}

pub(crate) fn offered(slots: &[st::one_time_links::OfferedSlot]) -> Vec<OfferedSlotView> {
    slots
        .iter()
        .map(|o| OfferedSlotView {
            start: o.start,
            duration: o.duration,
        })
        .collect()
}

impl From<&st::one_time_links::OneTimeLink> for OneTimeLinkView {
    fn from(o: &st::one_time_links::OneTimeLink) -> Self {
        use st::one_time_links::OneTimeStatus as S;
        Self {
            id: o.id.clone(),
            link_id: o.link_id.clone(),
            recipient_email: o.recipient_email.clone(),
            recipient_name: o.recipient_name.clone(),
            offered_slots: offered(&o.offered_slots),
            expires_at: o.expires_at,
            status: match o.status {
                S::Active => OneTimeLinkStatus::Active,
                S::Used => OneTimeLinkStatus::Used,
                S::Expired => OneTimeLinkStatus::Expired,
                S::Revoked => OneTimeLinkStatus::Revoked,
            },
            used_at: o.used_at,
            revoked_at: o.revoked_at,
            booked_by: o.booked_by.as_ref().map(|b| BookedByView {
                booking_id: b.booking_id.clone(),
                name: b.name.clone(),
                email: b.email.clone(),
            }),
            created_at: o.created_at,
        }
    }
}

/// A new one-time link. `token` and `url` are shown only in this response (a replay with the
/// same `Idempotency-Key` has neither: the token is not stored).
#[derive(Debug, Clone, Object)]
#[oai(rename = "OneTimeLinkCreated")]
pub struct OneTimeLinkCreatedView {
    #[oai(flatten)]
    pub link: OneTimeLinkView,
    #[oai(skip_serializing_if_is_none)]
    pub token: Option<String>,
    /// The public endpoint for this token (`GET` it for the booking page's data).
    #[oai(skip_serializing_if_is_none)]
    pub url: Option<String>,
}

created_response!(OneTimeLinkCreated, OneTimeLinkCreatedView);
list_view!(OneTimeLinkList, OneTimeLinkView);

#[derive(Debug, Default)]
pub struct OneTimeLinksApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::OneTimeLinks")]
impl OneTimeLinksApi {
    /// Create a one-time link
    ///
    /// A single-use link to the booking link for one recipient, until `expires_at`, limited
    /// to `offered_slots` if given. The token and its URL are in this response only.
    #[oai(
        path = "/links/:link_id/one-time-links",
        method = "post",
        operation_id = "one_time_link_create"
    )]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        link_id: Path<String>,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<OneTimeLinkCreate>,
    ) -> BodyResult<OneTimeLinkCreated> {
        let p = principal(&state, &auth).await?;
        let link_id: st::ids::LinkId = path_id(&link_id)?;
        let idem = idempotency(
            idempotency_key.0,
            skyslots_storage::idempotency::Operation::OneTimeLinkCreate,
            Some(&link_id),
            &body.0,
        );
        let mut errors = Errors::default();
        errors.validate("", &body.0);
        finish(errors)?;
        let input = st::one_time_links::OneTimeInput {
            recipient_email: body.recipient_email.clone(),
            recipient_name: body.recipient_name.clone(),
            expires_at: body.expires_at,
            offered_slots: body
                .offered_slots
                .iter()
                .map(|o| st::one_time_links::OfferedSlot {
                    start: o.start,
                    duration: o.duration,
                })
                .collect(),
        };
        let created = app::one_time_links::create(
            &state.db,
            &p.organization_id,
            &link_id,
            &input,
            idem.as_ref(),
            &p.audit(),
            &state.secrets,
        )
        .await?;
        let public_url = state.public_url.clone();
        Ok(OneTimeLinkCreated::of(created, |c| {
            OneTimeLinkCreatedView {
                link: (&c.link).into(),
                url: c
                    .token
                    .as_ref()
                    .map(|t| format!("{public_url}/v1/public/one-time/{t}")),
                token: c.token.clone(),
            }
        }))
    }

    /// List a link's one-time links
    ///
    /// Oldest first, each with its status and, once used, who booked.
    #[oai(
        path = "/links/:link_id/one-time-links",
        method = "get",
        operation_id = "one_time_link_list"
    )]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        link_id: Path<String>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<OneTimeLinkList>> {
        let p = principal(&state, &auth).await?;
        let link_id: st::ids::LinkId = path_id(&link_id)?;
        let page = app::one_time_links::list(
            &state.db,
            &p.organization_id,
            &link_id,
            &page(limit.0, cursor.0)?,
        )
        .await?;
        Ok(Json(OneTimeLinkList::from_page(page, |x| {
            OneTimeLinkView::from(x)
        })))
    }

    /// Revoke a one-time link
    ///
    /// The token stops working (410 `link_revoked`). A used link stays used; its booking is
    /// not affected.
    #[oai(
        path = "/links/:link_id/one-time-links/:id",
        method = "delete",
        operation_id = "one_time_link_revoke"
    )]
    async fn revoke(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        link_id: Path<String>,
        id: Path<String>,
    ) -> Result<Json<OneTimeLinkView>> {
        let p = principal(&state, &auth).await?;
        let link_id: st::ids::LinkId = path_id(&link_id)?;
        let id: st::ids::OneTimeLinkId = path_id(&id)?;
        let revoked =
            app::one_time_links::revoke(&state.db, &p.organization_id, &link_id, &id, &p.audit())
                .await?;
        Ok(Json((&revoked).into()))
    }
}
