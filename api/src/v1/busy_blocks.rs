//! Busy blocks: time a host is unavailable.

use crate::v1::prelude::*;

// ---- busy blocks -----------------------------------------------------------------------

/// Time a host is unavailable: time off, an external calendar event.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct BusyBlockCreate {
    pub host_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    #[oai(validator(max_length = 200))]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "BusyBlock")]
pub struct BusyBlockView {
    pub id: String,
    pub host_id: String,
    #[oai(skip_serializing_if_is_none)]
    pub title: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl From<&st::BusyBlock> for BusyBlockView {
    fn from(b: &st::BusyBlock) -> Self {
        Self {
            id: b.id.clone(),
            host_id: b.host_id.clone(),
            title: b.title.clone(),
            start: b.start,
            end: b.end,
            created_at: b.created_at,
        }
    }
}

created_response!(BusyBlockCreated, BusyBlockView);
list_view!(BusyBlockList, BusyBlockView);

// ---- busy blocks -----------------------------------------------------------------------

#[derive(Debug, Default)]
pub struct BusyBlocksApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::BusyBlocks")]
impl BusyBlocksApi {
    /// Create a busy block
    #[oai(
        path = "/busy-blocks",
        method = "post",
        operation_id = "busy_block_create"
    )]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<BusyBlockCreate>,
    ) -> BodyResult<BusyBlockCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::BusyBlockCreate, None, &body.0);
        let mut errors = Errors::default();
        errors.id("host_id".into(), &body.host_id, Kind::Host);
        finish(errors)?;
        let input = skyslots_storage::BusyBlockInput {
            host_id: body.host_id.clone(),
            title: body.title.clone(),
            start: body.start,
            end: body.end,
        };
        let created =
            app::busy_blocks::create(&state.db, &p.organization_id, &input, idem.as_ref()).await?;
        Ok(BusyBlockCreated::of(created, |x| BusyBlockView::from(x)))
    }

    /// List busy blocks
    ///
    /// Optionally of one host and overlapping `[start, end)`.
    #[oai(
        path = "/busy-blocks",
        method = "get",
        operation_id = "busy_block_list"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        host_id: Query<Option<String>>,
        start: Query<Option<DateTime<Utc>>>,
        end: Query<Option<DateTime<Utc>>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<BusyBlockList>> {
        let p = principal(&state, &auth).await?;
        let window = match (start.0, end.0) {
            (Some(s), Some(e)) if e > s => Some((s, e)),
            (Some(_), Some(_)) => {
                return Err(ApiError::field("end", InvalidReason::EndNotAfterStart))
            }
            (Some(s), None) => Some((s, DateTime::<Utc>::MAX_UTC)),
            (None, Some(e)) => Some((DateTime::<Utc>::MIN_UTC, e)),
            (None, None) => None,
        };
        let filter = st::busy_blocks::BusyBlockFilter {
            host_id: host_id.0,
            window,
        };
        let page = app::busy_blocks::list(
            &state.db,
            &p.organization_id,
            &filter,
            &page(limit.0, cursor.0)?,
        )
        .await?;
        Ok(Json(BusyBlockList::from_page(page, |x| {
            BusyBlockView::from(x)
        })))
    }

    /// Delete a busy block
    #[oai(
        path = "/busy-blocks/:id",
        method = "delete",
        operation_id = "busy_block_delete"
    )]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::BusyBlockId = path_id(&id)?;
        app::busy_blocks::delete(&state.db, &p.organization_id, &id).await?;
        Ok(Deleted::NoContent)
    }
}
