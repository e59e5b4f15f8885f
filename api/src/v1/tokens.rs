//! Scoped tokens: short-lived JWTs minted for front ends and customers.

use crate::tokens::{epoch_seconds, new_jti, Claims, AUDIENCE, ISSUER};
use crate::v1::prelude::*;

// ---- scoped tokens ---------------------------------------------------------------------

/// A scoped token to mint: who it is for, what it may do, and for how long.
#[derive(Debug, Clone, Object, Validate)]
#[oai(example)]
pub struct TokenCreate {
    /// Whom the token is for, in the integrator's terms (a customer or session id); it is the
    /// token's `sub` and the actor of its changes in audit events.
    #[oai(validator(min_length = 1, max_length = 200))]
    pub subject: String,
    /// What the token may do (at least one).
    #[oai(validator(min_items = 1, max_items = 4, unique_items))]
    pub scopes: Vec<crate::tokens::Scope>,
    /// Limit the token to this link: its availability, and bookings on it.
    pub link_id: Option<String>,
    /// Limit the token to this attendee's bookings.
    #[oai(validator(max_length = 254))]
    #[validate(email)]
    pub attendee_email: Option<String>,
    /// Lifetime in seconds, 60 to 86400 (24 h); default 3600.
    #[oai(
        default = "one_hour",
        validator(minimum(value = "60"), maximum(value = "86400"))
    )]
    pub expires_in: u32,
}

fn one_hour() -> u32 {
    3600
}

impl poem_openapi::types::Example for TokenCreate {
    fn example() -> Self {
        Self {
            subject: "customer-8812".into(),
            scopes: vec![
                crate::tokens::Scope::AvailabilityRead,
                crate::tokens::Scope::BookingsRead,
                crate::tokens::Scope::BookingsWrite,
            ],
            link_id: Some("lnk_01JD3Z8Q4W5N6M7K8J9H0G1F2E".into()),
            attendee_email: Some("grace@example.com".into()),
            expires_in: 3600,
        }
    }
}

// ---- scoped tokens ---------------------------------------------------------------------

/// A minted token. It is not stored: keep it where its holder can use it.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Token")]
pub struct TokenView {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub subject: String,
    pub scopes: Vec<crate::tokens::Scope>,
    #[oai(skip_serializing_if_is_none)]
    pub link_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub attendee_email: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// `POST /v1/tokens`.
#[derive(Debug, Default)]
pub struct TokensApi;

#[poem_openapi::OpenApi(prefix_path = "/v1", tag = "Tag::Tokens")]
impl TokensApi {
    /// Create a scoped token
    ///
    /// Mints a short-lived JWT for a front end or a customer: only the given scopes, optionally
    /// only one link and one attendee's bookings, for at most 24 hours. The token is not
    /// stored and cannot be revoked before it expires: keep lifetimes short. Only a secret key
    /// can mint tokens.
    #[oai(path = "/tokens", method = "post", operation_id = "token_create")]
    async fn create(
        &self,
        state: poem::web::Data<&crate::AppState>,
        auth: SecretKey,
        body: Json<TokenCreate>,
    ) -> BodyResult<TokenCreated> {
        let p = principal(&state, &auth).await?;
        let mut errors = Errors::default();
        errors.validate("", &body.0);
        let link_id = body
            .link_id
            .as_deref()
            .and_then(|l| errors.typed_id::<st::ids::kinds::Link>("link_id", l));
        finish(errors)?;
        if let Some(l) = &link_id {
            // The link must be the organization's: a token never names another's.
            app::links::get(&state.db, &p.organization_id, l).await?;
        }
        let mut scopes = body.scopes.clone();
        scopes.sort();
        let now = Utc::now();
        let expires_at = now + chrono::Duration::seconds(i64::from(body.expires_in));
        let attendee_email = body
            .attendee_email
            .as_ref()
            .map(|e| e.trim().to_lowercase());
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: body.subject.clone(),
            org: p.organization_id.clone(),
            scope: scopes
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            link: body.link_id.clone(),
            email: attendee_email.clone(),
            iat: epoch_seconds(now),
            nbf: epoch_seconds(now),
            exp: epoch_seconds(expires_at),
            jti: new_jti(),
        };
        let token = state.tokens.sign(&claims).map_err(|e| {
            tracing::error!(error = %e, "token signing failed");
            crate::problem::ApiError::problem(crate::problem::Problem::new(
                poem::http::StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "The token could not be signed.",
            ))
        })?;
        tracing::info!(subject = %claims.sub, jti = %claims.jti, scope = %claims.scope, "scoped token minted");
        Ok(TokenCreated::Created(poem_openapi::payload::Json(
            TokenView {
                token,
                token_type: "Bearer".into(),
                subject: claims.sub,
                scopes,
                link_id: claims.link,
                attendee_email,
                expires_at: DateTime::from_timestamp(i64::try_from(claims.exp).unwrap_or(0), 0)
                    .unwrap_or(expires_at),
            },
        )))
    }
}

#[derive(Debug, poem_openapi::ApiResponse)]
pub enum TokenCreated {
    /// Minted. The token is in this response only.
    #[oai(status = 201)]
    Created(poem_openapi::payload::Json<TokenView>),
}
