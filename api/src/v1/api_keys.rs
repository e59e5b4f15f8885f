//! API keys of the organization.

use crate::v1::prelude::*;

// ---- API keys --------------------------------------------------------------------------

/// A new API key.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct ApiKeyCreate {
    /// What the key is for, e.g. `production backend`.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub name: String,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "ApiKey")]
pub struct ApiKeyView {
    pub id: String,
    pub name: String,
    /// The first characters of the secret, to recognise the key.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    #[oai(skip_serializing_if_is_none)]
    pub last_used_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<&st::ApiKey> for ApiKeyView {
    fn from(k: &st::ApiKey) -> Self {
        Self {
            id: k.id.clone(),
            name: k.name.clone(),
            prefix: k.prefix.clone(),
            created_at: k.created_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        }
    }
}

/// A created key. `secret` is shown only in the response that created it (a retry with the
/// same Idempotency-Key returns the key without it).
#[derive(Debug, Clone, Object)]
#[oai(rename = "ApiKeyCreated")]
pub struct ApiKeyCreatedView {
    pub key: ApiKeyView,
    #[oai(skip_serializing_if_is_none)]
    pub secret: Option<String>,
}

created_response!(ApiKeyCreated, ApiKeyCreatedView);
list_view!(ApiKeyList, ApiKeyView);

// ---- API keys ------------------------------------------------------------------------

#[derive(Debug, Default)]
pub struct ApiKeysApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::ApiKeys")]
impl ApiKeysApi {
    /// Create an API key
    ///
    /// The secret is in this response only; it is stored hashed and cannot be shown again.
    #[oai(path = "/api-keys", method = "post", operation_id = "api_key_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<ApiKeyCreate>,
    ) -> BodyResult<ApiKeyCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::ApiKeyCreate, None, &body.0);
        let created = app::api_keys::create(
            &state.db,
            &p.organization_id,
            &body.name,
            idem.as_ref(),
            &p.audit(),
        )
        .await?;
        Ok(ApiKeyCreated::of(created, |(key, secret)| {
            ApiKeyCreatedView {
                key: key.into(),
                secret: secret.clone(),
            }
        }))
    }

    /// List API keys
    ///
    /// Keys are listed with their prefix and last use, never their secret.
    #[oai(path = "/api-keys", method = "get", operation_id = "api_key_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<ApiKeyList>> {
        let p = principal(&state, &auth).await?;
        let page =
            app::api_keys::list(&state.db, &p.organization_id, &page(limit.0, cursor.0)?).await?;
        Ok(Json(ApiKeyList::from_page(page, |x| ApiKeyView::from(x))))
    }

    /// Revoke an API key
    ///
    /// The key stops working at once. Revoking a revoked key changes nothing.
    #[oai(
        path = "/api-keys/:id",
        method = "delete",
        operation_id = "api_key_revoke"
    )]
    async fn revoke(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<ApiKeyView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::ApiKeyId = path_id(&id)?;
        let key = app::api_keys::revoke(&state.db, &p.organization_id, &id, &p.audit()).await?;
        state.auth.evict_key(&key.id);
        Ok(Json((&key).into()))
    }
}
