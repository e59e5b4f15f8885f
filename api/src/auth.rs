//! Authentication: the security schemes (secret key, scoped token), who a request acts for
//! ([`Caller`]), and the checks every operation starts with.

use poem_openapi::auth::Bearer;
use poem_openapi::SecurityScheme;
use skyslots_core::policy::Actor;
use skyslots_core::ErrorCode;
use skyslots_storage::audit::{ActorRef, Audit};

use crate::problem::{ApiError, Problem};
use crate::request::{request_id, Result};
use crate::state::AppState;
use crate::tokens::{Scope, TokenError};

/// A secret API key (`sk_...`) of the organization.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "sk_...")]
pub struct SecretKey(Bearer);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// A scoped token (a JWT from `POST /v1/tokens`).
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "JWT")]
pub struct ScopedToken(Bearer);

impl std::fmt::Debug for ScopedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScopedToken(<redacted>)")
    }
}

/// Either a secret API key or a scoped token with the operation's scope.
#[derive(SecurityScheme)]
pub enum KeyOrToken {
    Key(SecretKey),
    Token(ScopedToken),
}

impl KeyOrToken {
    fn bearer(&self) -> &str {
        match self {
            Self::Key(k) => &k.0.token,
            Self::Token(t) => &t.0.token,
        }
    }
}

impl std::fmt::Debug for KeyOrToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyOrToken(<redacted>)")
    }
}

/// Who a request acts for: the organization, the actor recorded in audit events, and for a
/// scoped token the link and attendee it is limited to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub organization_id: String,
    pub actor: ActorRef,
    /// A token's restriction to one link.
    pub only_link: Option<String>,
    /// A token's restriction to one attendee (lowercase email).
    pub only_email: Option<String>,
}

impl Caller {
    /// The audit context of a change made for this caller in this request.
    pub fn audit(&self) -> Audit {
        Audit::new(self.actor.clone(), request_id())
    }

    /// Whom the link's cancellation and reschedule policy treats this caller as: a secret
    /// key is the organizer; a scoped token acts for the attendee, so the policy applies.
    pub fn policy_actor(&self) -> Actor {
        match self.actor {
            ActorRef::Token(_) => Actor::Attendee,
            _ => Actor::Organizer,
        }
    }

    /// A token limited to one link may only touch that link (403 `token_restricted`).
    pub fn check_link(&self, link_id: &str) -> Result<()> {
        match &self.only_link {
            Some(only) if only != link_id => Err(restricted(format!(
                "This token is limited to link `{only}`."
            ))),
            _ => Ok(()),
        }
    }

    /// A token limited to one attendee may only act for that email (403 `token_restricted`).
    pub fn check_email(&self, email: &str) -> Result<()> {
        match &self.only_email {
            Some(only) if !only.eq_ignore_ascii_case(email.trim()) => Err(restricted(
                "This token is limited to another attendee's bookings.".into(),
            )),
            _ => Ok(()),
        }
    }

    /// Whether the caller is a token limited to a link or an attendee.
    pub fn is_restricted(&self) -> bool {
        self.only_link.is_some() || self.only_email.is_some()
    }

    /// Whether a booking of `link_id` for `email` is within this caller's reach.
    pub fn reaches(&self, link_id: &str, email: &str) -> bool {
        self.only_link.as_deref().is_none_or(|l| l == link_id)
            && self
                .only_email
                .as_deref()
                .is_none_or(|e| e.eq_ignore_ascii_case(email.trim()))
    }
}

fn forbidden(code: ErrorCode, detail: String) -> ApiError {
    ApiError::problem(Problem::new(
        poem::http::StatusCode::FORBIDDEN,
        code,
        detail,
    ))
}

fn restricted(detail: String) -> ApiError {
    forbidden(ErrorCode::TokenRestricted, detail)
}

/// Longer than any API key we issue.
const MAX_KEY_LEN: usize = 256;

/// A JWT has three dot-separated parts; API keys have none.
fn is_jwt(bearer: &str) -> bool {
    !bearer.starts_with("sk_") && bearer.bytes().filter(|b| *b == b'.').count() == 2
}

/// The caller of an operation that needs a secret API key. A valid scoped token is refused
/// with 403 `secret_key_required`.
pub(crate) async fn principal(state: &AppState, auth: &SecretKey) -> Result<Caller> {
    authenticate(state, &auth.0.token, None).await
}

/// The caller of an operation open to scoped tokens with `scope`.
pub(crate) async fn authorize(state: &AppState, auth: &KeyOrToken, scope: Scope) -> Result<Caller> {
    authenticate(state, auth.bearer(), Some(scope)).await
}

async fn authenticate(state: &AppState, bearer: &str, scope: Option<Scope>) -> Result<Caller> {
    if is_jwt(bearer) {
        let claims = state.tokens.verify(bearer).map_err(|e| {
            let (code, detail) = match e {
                TokenError::Expired => (
                    ErrorCode::TokenExpired,
                    "The token has expired; mint a new one.",
                ),
                TokenError::NotYetValid => (
                    ErrorCode::TokenNotYetValid,
                    "The token is not valid yet (`nbf`).",
                ),
                TokenError::UnknownKey => (
                    ErrorCode::TokenInvalid,
                    "The token was signed with a key this server does not have.",
                ),
                TokenError::Invalid(why) => (ErrorCode::TokenInvalid, why),
            };
            crate::limits::auth_failed(
                &state.limits,
                ApiError::problem(Problem::new(
                    poem::http::StatusCode::UNAUTHORIZED,
                    code,
                    detail,
                )),
            )
        })?;
        let Some(scope) = scope else {
            return Err(forbidden(
                ErrorCode::SecretKeyRequired,
                "This operation needs a secret API key; scoped tokens cannot use it.".into(),
            ));
        };
        if !claims.allows(scope) {
            return Err(forbidden(
                ErrorCode::InsufficientScope,
                format!("This token lacks the `{}` scope.", scope.as_str()),
            ));
        }
        crate::limits::check_caller(
            &state.limits,
            &format!("token:{}:{}", claims.org, claims.sub),
        )?;
        return Ok(Caller {
            organization_id: claims.org,
            actor: ActorRef::Token(claims.sub),
            only_link: claims.link,
            only_email: claims.email.map(|e| e.to_lowercase()),
        });
    }
    let hash = skyslots_storage::ids::hash_secret(bearer);
    let p = match state.auth.get(&hash) {
        Some(p) => p,
        None => {
            crate::limits::check_auth_budget(&state.limits)?;
            // No key is this long; refusing it unread keeps a huge header from costing a hash
            // and a lookup.
            let found = if bearer.len() <= MAX_KEY_LEN {
                skyslots_app::api_keys::authenticate(&state.db, bearer).await?
            } else {
                None
            };
            let p = match found {
                Some(p) => p,
                None => {
                    let refusal = if skyslots_app::organizations::any(&state.db)
                        .await
                        .unwrap_or(true)
                    {
                        ApiError::unauthorized()
                    } else {
                        ApiError::no_organization()
                    };
                    return Err(crate::limits::auth_failed(&state.limits, refusal));
                }
            };
            state.auth.put(hash, p.clone());
            p
        }
    };
    crate::limits::check_caller(&state.limits, &format!("key:{}", p.api_key_id))?;
    Ok(Caller {
        organization_id: p.organization_id,
        actor: ActorRef::ApiKey(p.api_key_id),
        only_link: None,
        only_email: None,
    })
}
