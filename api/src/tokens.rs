//! Scoped tokens: short-lived JWTs an organization mints (with its secret key) for a front end
//! or a customer. HS256 only, the algorithm pinned on verification; `exp`, `nbf`, `aud`, `iss`
//! and `sub` are required and checked. Tokens name the key that signed them (`kid`): a key
//! ring keeps older keys for verification after a new one is added, so rotation never cuts
//! off tokens still within their lifetime (at most [`MAX_LIFETIME_SECS`]).
//!
//! The ring is a JSON file (by default `signing-keys.json` in the data directory, created with
//! one key on first start, readable only by its owner). Instances sharing a PostgreSQL
//! database share the file. `skyslots keys rotate` adds a key; `skyslots keys retire KID`
//! removes one (tokens it signed stop working at once).

use std::path::Path;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use poem_openapi::Enum;
use serde::{Deserialize, Serialize};

/// `iss` of every token: only this service's tokens are accepted.
pub const ISSUER: &str = "skyslots";
/// `aud` of every token: the v1 API.
pub const AUDIENCE: &str = "skyslots-api";
/// The longest lifetime a token may be minted with: 24 hours.
pub const MAX_LIFETIME_SECS: u32 = 86_400;
/// Clock skew tolerated on `exp` and `nbf` between instances.
const LEEWAY_SECS: u64 = 5;

/// What a scoped token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Enum, Serialize)]
pub enum Scope {
    /// Read a link's availability (`GET /v1/links/{id}/availability`).
    #[oai(rename = "availability:read")]
    #[serde(rename = "availability:read")]
    AvailabilityRead,
    /// Read a link and quote its price (`GET /v1/links/{id}`, `POST /v1/links/{id}/quote`).
    #[oai(rename = "links:read")]
    #[serde(rename = "links:read")]
    LinksRead,
    /// List and read bookings, and download them as `.ics` files.
    #[oai(rename = "bookings:read")]
    #[serde(rename = "bookings:read")]
    BookingsRead,
    /// Create, cancel and reschedule bookings (as the attendee: the link's policy applies).
    #[oai(rename = "bookings:write")]
    #[serde(rename = "bookings:write")]
    BookingsWrite,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::AvailabilityRead,
        Scope::LinksRead,
        Scope::BookingsRead,
        Scope::BookingsWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::AvailabilityRead => "availability:read",
            Scope::LinksRead => "links:read",
            Scope::BookingsRead => "bookings:read",
            Scope::BookingsWrite => "bookings:write",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The claims of a scoped token. `scope` is space-separated (RFC 8693 style); `link` and
/// `email` restrict the token to one link and one attendee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    /// The organization the token acts for.
    pub org: String,
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
    pub jti: String,
}

impl Claims {
    pub fn scopes(&self) -> impl Iterator<Item = Scope> + '_ {
        self.scope.split(' ').filter_map(Scope::parse)
    }

    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes().any(|s| s == scope)
    }
}

/// Why a presented token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    NotYetValid,
    /// Signed with a key this server does not have (perhaps one added since it last read
    /// the ring).
    UnknownKey,
    /// Malformed, wrong algorithm, bad signature, wrong issuer or audience, missing claims:
    /// the detail says which, without echoing the token.
    Invalid(&'static str),
}

/// One HMAC key of the ring.
#[derive(Clone, Serialize, Deserialize)]
pub struct SigningKey {
    pub kid: String,
    #[serde(with = "b64")]
    secret: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("secret", &"<redacted>")
            .field("created_at", &self.created_at)
            .finish()
    }
}

impl SigningKey {
    /// A new key: 256 random bits from the OS.
    pub fn generate() -> Result<Self, String> {
        let mut secret = vec![0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| format!("no randomness: {e}"))?;
        let mut id = [0u8; 6];
        getrandom::fill(&mut id).map_err(|e| format!("no randomness: {e}"))?;
        let now = Utc::now();
        Ok(Self {
            kid: format!(
                "k{}{}",
                now.format("%Y%m%d"),
                id.iter().map(|b| format!("{b:02x}")).collect::<String>()
            ),
            secret,
            created_at: now,
        })
    }
}

mod b64 {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s.trim_end_matches('='))
            .map_err(serde::de::Error::custom)
    }
}

/// The key ring: the newest key signs, every key verifies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SigningKeys {
    keys: Vec<SigningKey>,
}

impl SigningKeys {
    /// A ring of one fresh key, kept only in memory (tests, `export-spec`).
    pub fn ephemeral() -> Self {
        // The OS CSPRNG failing is not something a process can recover from.
        #[allow(clippy::expect_used)]
        let key = SigningKey::generate().expect("the operating system's random source failed");
        Self { keys: vec![key] }
    }

    pub fn keys(&self) -> &[SigningKey] {
        &self.keys
    }

    /// Read the ring at `path`, creating it with one new key if there is no file yet.
    pub fn load_or_create(path: &Path) -> Result<Self, String> {
        match std::fs::read(path) {
            Ok(bytes) => Self::parse(&bytes, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let ring = Self {
                    keys: vec![SigningKey::generate()?],
                };
                ring.save(path)?;
                tracing::info!(path = %path.display(), "token signing key created");
                Ok(ring)
            }
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    fn parse(bytes: &[u8], path: &Path) -> Result<Self, String> {
        let ring: Self = serde_json::from_slice(bytes)
            .map_err(|e| format!("{} is not a signing key file: {e}", path.display()))?;
        if ring.keys.is_empty() {
            return Err(format!("{} holds no signing key", path.display()));
        }
        if let Some(k) = ring.keys.iter().find(|k| k.secret.len() < 32) {
            return Err(format!(
                "signing key {} in {} is shorter than 256 bits",
                k.kid,
                path.display()
            ));
        }
        Ok(ring)
    }

    /// Add a new signing key to the ring at `path`; older keys keep verifying.
    pub fn rotate(path: &Path) -> Result<SigningKey, String> {
        let mut ring = Self::load_or_create(path)?;
        let key = SigningKey::generate()?;
        ring.keys.push(key.clone());
        ring.save(path)?;
        Ok(key)
    }

    /// Remove key `kid` from the ring at `path`; tokens it signed stop working. The last key
    /// cannot be removed.
    pub fn retire(path: &Path, kid: &str) -> Result<(), String> {
        let mut ring = Self::load_or_create(path)?;
        let before = ring.keys.len();
        ring.keys.retain(|k| k.kid != kid);
        if ring.keys.len() == before {
            return Err(format!("no key {kid} in {}", path.display()));
        }
        if ring.keys.is_empty() {
            return Err("the only signing key cannot be retired; rotate first".into());
        }
        ring.save(path)
    }

    fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        write_private(path, &text)
    }

    fn signer(&self) -> &SigningKey {
        // Never empty: every constructor ensures at least one key.
        &self.keys[self.keys.len() - 1]
    }

    /// Sign `claims` with the newest key.
    pub fn sign(&self, claims: &Claims) -> Result<String, String> {
        let key = self.signer();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(key.kid.clone());
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(&key.secret))
            .map_err(|e| e.to_string())
    }

    /// Verify a presented token: HS256 only, a known `kid`, a valid signature, our issuer
    /// and audience, within `nbf`..`exp`, and no longer-lived than we ever mint.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| TokenError::Invalid("The token is not a well-formed JWT."))?;
        if header.alg != Algorithm::HS256 {
            return Err(TokenError::Invalid(
                "The token's algorithm is not accepted (HS256 only).",
            ));
        }
        let kid = header.kid.ok_or(TokenError::Invalid(
            "The token does not name its signing key (`kid`).",
        ))?;
        let key = self
            .keys
            .iter()
            .find(|k| skyslots_storage::ids::constant_time_eq(k.kid.as_bytes(), kid.as_bytes()))
            .ok_or(TokenError::UnknownKey)?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        let data = jsonwebtoken::decode::<Claims>(
            token,
            &DecodingKey::from_secret(&key.secret),
            &validation,
        )
        .map_err(|e| match e.kind() {
            ErrorKind::ExpiredSignature => TokenError::Expired,
            ErrorKind::ImmatureSignature => TokenError::NotYetValid,
            ErrorKind::InvalidSignature => {
                TokenError::Invalid("The token's signature does not verify.")
            }
            ErrorKind::InvalidIssuer | ErrorKind::InvalidAudience => {
                TokenError::Invalid("The token was not issued for this API (`iss`/`aud`).")
            }
            _ => TokenError::Invalid("The token's claims are malformed or incomplete."),
        })?;
        let claims = data.claims;
        if claims.exp.saturating_sub(claims.nbf) > u64::from(MAX_LIFETIME_SECS) {
            return Err(TokenError::Invalid(
                "The token lives longer than this server ever issues.",
            ));
        }
        Ok(claims)
    }
}

/// The ring a server uses: read from its file at start, re-read every minute and whenever a
/// token names a key it does not know (at most once a second), so a key rotated on one
/// instance is honoured by all that share the file without a restart.
#[derive(Debug)]
pub struct KeyRing {
    file: Option<std::path::PathBuf>,
    keys: std::sync::RwLock<std::sync::Arc<SigningKeys>>,
    last_read: std::sync::Mutex<std::time::Instant>,
}

impl KeyRing {
    /// A ring that lives only in memory.
    pub fn in_memory(keys: SigningKeys) -> Self {
        Self {
            file: None,
            keys: std::sync::RwLock::new(std::sync::Arc::new(keys)),
            // As if read a while ago: the first unknown key may trigger a re-read at once.
            last_read: std::sync::Mutex::new(
                std::time::Instant::now()
                    .checked_sub(std::time::Duration::from_secs(2))
                    .unwrap_or_else(std::time::Instant::now),
            ),
        }
    }

    /// The ring in `path`, created with one key if there is no file yet.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let ring = Self::in_memory(SigningKeys::load_or_create(path)?);
        Ok(Self {
            file: Some(path.to_owned()),
            ..ring
        })
    }

    pub fn current(&self) -> std::sync::Arc<SigningKeys> {
        match self.keys.read() {
            Ok(k) => k.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Re-read the file (if any). A file that cannot be read leaves the ring as it was.
    pub fn reload(&self) {
        let Some(path) = &self.file else { return };
        if let Ok(mut at) = self.last_read.lock() {
            *at = std::time::Instant::now();
        }
        match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| SigningKeys::parse(&b, path))
        {
            Ok(ring) => {
                if let Ok(mut k) = self.keys.write() {
                    *k = std::sync::Arc::new(ring);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "signing keys not reloaded; keeping the current ones")
            }
        }
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, String> {
        self.current().sign(claims)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        match self.current().verify(token) {
            Err(TokenError::UnknownKey) if self.file.is_some() => {
                let stale = self
                    .last_read
                    .lock()
                    .map(|at| at.elapsed() >= std::time::Duration::from_secs(1))
                    .unwrap_or(false);
                if stale {
                    self.reload();
                }
                self.current().verify(token)
            }
            other => other,
        }
    }
}

/// Seconds since the epoch, for claims.
pub fn epoch_seconds(t: DateTime<Utc>) -> u64 {
    u64::try_from(t.timestamp()).unwrap_or(0)
}

/// A random token id (`jti`).
pub fn new_jti() -> String {
    let mut bytes = [0u8; 16];
    // Uniqueness, not secrecy: a time-based fallback is fine if randomness fails.
    if getrandom::fill(&mut bytes).is_err() {
        return uuid::Uuid::now_v7().to_string();
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Write `bytes` to `path` atomically (a temporary file renamed over the old one),
/// owner-only: key files.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let write = |p: &Path| -> std::io::Result<()> {
        use std::io::Write as _;
        let mut f = options.open(p)?;
        f.write_all(bytes)?;
        f.sync_all()
    };
    write(&tmp).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The key that seals secrets at rest, read from `path` or created there (owner-only) when
/// there is no file yet. Instances sharing a database must share this file.
pub fn secrets_key_from_file(path: &Path) -> Result<skyslots_app::secrets::SecretsKey, String> {
    use skyslots_app::secrets::SecretsKey;
    match std::fs::read_to_string(path) {
        Ok(text) => SecretsKey::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = SecretsKey::generate()?;
            write_private(path, format!("{}\n", key.to_text()).as_bytes())?;
            tracing::info!(path = %path.display(), "secrets key created");
            Ok(key)
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn claims(now: u64, life: u64) -> Claims {
        Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: "customer-1".into(),
            org: "org_1".into(),
            scope: "bookings:read availability:read".into(),
            link: None,
            email: None,
            iat: now,
            nbf: now,
            exp: now + life,
            jti: new_jti(),
        }
    }

    #[test]
    fn a_rotated_ring_still_verifies_tokens_of_the_older_key() {
        let dir = std::env::temp_dir().join(format!("skyslots-keys-{}", new_jti()));
        let path = dir.join("signing-keys.json");
        let ring = SigningKeys::load_or_create(&path).unwrap();
        let now = epoch_seconds(Utc::now());
        let old_token = ring.sign(&claims(now, 600)).unwrap();
        let new_key = SigningKeys::rotate(&path).unwrap();
        let ring = SigningKeys::load_or_create(&path).unwrap();
        assert_eq!(ring.keys().len(), 2);
        assert_eq!(ring.verify(&old_token).unwrap().sub, "customer-1");
        let new_token = ring.sign(&claims(now, 600)).unwrap();
        assert_eq!(
            jsonwebtoken::decode_header(&new_token).unwrap().kid,
            Some(new_key.kid)
        );
        let old_kid = ring.keys()[0].kid.clone();
        SigningKeys::retire(&path, &old_kid).unwrap();
        let ring = SigningKeys::load_or_create(&path).unwrap();
        assert_eq!(ring.verify(&old_token), Err(TokenError::UnknownKey));
        assert!(ring.verify(&new_token).is_ok());
        assert!(SigningKeys::retire(&path, &ring.keys()[0].kid.clone()).is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "key file readable by others: {mode:o}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_instance_honours_a_key_another_instance_rotated_in() {
        let dir = std::env::temp_dir().join(format!("skyslots-keys-{}", new_jti()));
        let path = dir.join("signing-keys.json");
        let first = KeyRing::from_file(&path).unwrap();
        SigningKeys::rotate(&path).unwrap();
        let second = KeyRing::from_file(&path).unwrap();
        let now = epoch_seconds(Utc::now());
        let token = second.sign(&claims(now, 600)).unwrap();
        assert_eq!(first.current().keys().len(), 1);
        assert_eq!(first.verify(&token).unwrap().sub, "customer-1");
        assert_eq!(first.current().keys().len(), 2);
        // A key nobody has stays unknown, and does not make the ring re-read on every try.
        let stranger = KeyRing::in_memory(SigningKeys::ephemeral());
        let forged = stranger.sign(&claims(now, 600)).unwrap();
        assert_eq!(first.verify(&forged), Err(TokenError::UnknownKey));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn scopes_parse_from_the_claim_and_unknown_ones_grant_nothing() {
        let mut c = claims(0, 1);
        c.scope = "bookings:read admin:all".into();
        assert!(c.allows(Scope::BookingsRead));
        assert!(!c.allows(Scope::BookingsWrite));
        assert_eq!(c.scopes().count(), 1);
    }
}
