//! Secrets the server must read back (webhook signing secrets, later provider and calendar
//! credentials) are sealed at rest with ChaCha20-Poly1305 under one server key, bound to the
//! row they belong to (the associated data), so a sealed value copied to another row does not
//! open. The key comes from the configuration or the data directory and is never logged.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use skyslots_storage::StorageError;

/// The server's sealing key (256 bits).
#[derive(Clone)]
pub struct SecretsKey(Key);

impl std::fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretsKey(…)")
    }
}

const SEALED_PREFIX: &str = "v1.";

impl SecretsKey {
    /// A fresh random key.
    pub fn generate() -> Result<Self, String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
        Ok(Self(Key::from(bytes)))
    }

    /// The key from its text form (base64, 32 bytes).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .or_else(|_| STANDARD.decode(text))
            .map_err(|_| "the secrets key is not base64".to_owned())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the secrets key must be 32 bytes (256 bits)".to_owned())?;
        Ok(Self(Key::from(bytes)))
    }

    /// The key's text form, for its file.
    pub fn to_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.as_slice())
    }

    /// Seal `plain` for the row `owner` (its id).
    pub fn seal(&self, plain: &str, owner: &str) -> Result<String, StorageError> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce)
            .map_err(|e| StorageError::Corrupt(format!("no randomness: {e}")))?;
        let sealed = ChaCha20Poly1305::new(&self.0)
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: owner.as_bytes(),
                },
            )
            .map_err(|_| StorageError::Corrupt("sealing failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{SEALED_PREFIX}{}", URL_SAFE_NO_PAD.encode(out)))
    }

    /// Open what [`Self::seal`] sealed for `owner`. Fails (without saying more) for another
    /// key, another owner or altered text.
    pub fn open(&self, sealed: &str, owner: &str) -> Result<String, StorageError> {
        let unreadable = || {
            StorageError::Corrupt(format!(
                "a sealed secret of {owner} does not open with this server's secrets key"
            ))
        };
        let raw = sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
            .filter(|r| r.len() > 12)
            .ok_or_else(unreadable)?;
        let (nonce, body) = raw.split_at(12);
        let plain = ChaCha20Poly1305::new(&self.0)
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: owner.as_bytes(),
                },
            )
            .map_err(|_| unreadable())?;
        String::from_utf8(plain).map_err(|_| unreadable())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_owner() {
        let key = SecretsKey::generate().expect("key");
        let sealed = key.seal("whsec_abc", "whe_1").expect("seal");
        assert!(!sealed.contains("whsec_abc"));
        assert_eq!(key.open(&sealed, "whe_1").expect("open"), "whsec_abc");
        assert!(key.open(&sealed, "whe_2").is_err(), "bound to its row");
        let other = SecretsKey::generate().expect("key");
        assert!(other.open(&sealed, "whe_1").is_err(), "bound to its key");
        let mut altered = sealed.clone();
        altered.pop();
        altered.push('A');
        assert!(key.open(&altered, "whe_1").is_err() || altered == sealed);
        let again = SecretsKey::parse(&key.to_text()).expect("parse");
        assert_eq!(again.open(&sealed, "whe_1").expect("open"), "whsec_abc");
        assert!(SecretsKey::parse("short").is_err());
        assert!(!format!("{key:?}").contains(&key.to_text()));
    }
}
