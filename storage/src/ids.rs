//! Identifiers and secrets.
//!
//! Ids are a type prefix and a UUIDv7 in Crockford base32 (`bkg_01jdq4…`, 26 characters after
//! the prefix): a wrong id in the wrong place is obvious, and ids sort by creation time, which
//! is what keyset pagination orders by. Secrets (API keys, later one-time and manage tokens)
//! carry 256 bits from the operating system's CSPRNG and are stored only as SHA-256 hashes:
//! they are high-entropy, so a fast hash is enough and keeps per-request verification cheap
//! (a slow password hash such as argon2 guards low-entropy secrets, which these are not).

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The kinds of ids, with their prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Organization,
    ApiKey,
    Host,
    Schedule,
    BusyBlock,
    Link,
    Booking,
    Event,
    OneTimeLink,
    AuditEvent,
    Job,
    WebhookEndpoint,
    WebhookDelivery,
    WebhookAttempt,
    CalendarFeed,
    Email,
    CalendarConnection,
    Payment,
    Refund,
}

impl Kind {
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Organization => "org",
            Self::ApiKey => "key",
            Self::Host => "hst",
            Self::Schedule => "sch",
            Self::BusyBlock => "bsy",
            Self::Link => "lnk",
            Self::Booking => "bkg",
            Self::Event => "evt",
            Self::OneTimeLink => "otl",
            Self::AuditEvent => "aud",
            Self::Job => "job",
            Self::WebhookEndpoint => "whe",
            Self::WebhookDelivery => "whd",
            Self::WebhookAttempt => "wha",
            Self::CalendarFeed => "cfd",
            Self::Email => "eml",
            Self::CalendarConnection => "ccn",
            Self::Payment => "pay",
            Self::Refund => "rfd",
        }
    }

    /// Whether `id` has this kind's shape (prefix, underscore, 26 base32 characters).
    pub fn matches(self, id: &str) -> bool {
        id.strip_prefix(self.prefix())
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|body| body.len() == 26 && body.bytes().all(|b| CROCKFORD.contains(&b)))
    }
}

const CROCKFORD: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A new id of `kind`.
pub fn new_id(kind: Kind) -> String {
    let value = uuid::Uuid::now_v7().as_u128();
    // 26 characters of 5 bits cover 130 bits: the first character holds the top 3.
    let body: String = (0..26)
        .map(|i| char::from(CROCKFORD[((value >> (5 * (25 - i))) & 31) as usize]))
        .collect();
    format!("{}_{body}", kind.prefix())
}

/// What an id names: its [`Kind`] and how a message calls it.
pub trait IdKind {
    const KIND: Kind;
    /// `"link"`, `"one-time link"`, …
    const WHAT: &'static str;
}

/// An id of one kind (`Id<Link>` is a [`LinkId`]): parsed once at the edge, so a use case
/// never receives a booking id where a link id belongs. It reads as the `str` it is.
pub struct Id<K>(String, std::marker::PhantomData<fn() -> K>);

impl<K: IdKind> Id<K> {
    /// The id in `s` if it has this kind's shape.
    pub fn parse(s: &str) -> Option<Self> {
        K::KIND
            .matches(s)
            .then(|| Self(s.to_owned(), std::marker::PhantomData))
    }

    /// A new id of this kind.
    pub fn generate() -> Self {
        Self(new_id(K::KIND), std::marker::PhantomData)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl<K> std::ops::Deref for Id<K> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<K> Clone for Id<K> {
    fn clone(&self) -> Self {
        Self(self.0.clone(), std::marker::PhantomData)
    }
}

impl<K> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<K> Eq for Id<K> {}

impl<K> std::fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<K> std::fmt::Display for Id<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kinds, as types for [`Id`].
pub mod kinds {
    use super::{IdKind, Kind};

    #[derive(Debug)]
    pub enum ApiKey {}
    #[derive(Debug)]
    pub enum Host {}
    #[derive(Debug)]
    pub enum Schedule {}
    #[derive(Debug)]
    pub enum BusyBlock {}
    #[derive(Debug)]
    pub enum Link {}
    #[derive(Debug)]
    pub enum Booking {}
    #[derive(Debug)]
    pub enum OneTimeLink {}
    #[derive(Debug)]
    pub enum Event {}
    #[derive(Debug)]
    pub enum WebhookEndpoint {}
    #[derive(Debug)]
    pub enum WebhookDelivery {}
    #[derive(Debug)]
    pub enum CalendarFeed {}
    #[derive(Debug)]
    pub enum Email {}
    #[derive(Debug)]
    pub enum CalendarConnection {}
    #[derive(Debug)]
    pub enum Payment {}

    impl IdKind for Payment {
        const KIND: Kind = Kind::Payment;
        const WHAT: &'static str = "payment";
    }

    impl IdKind for ApiKey {
        const KIND: Kind = Kind::ApiKey;
        const WHAT: &'static str = "API key";
    }
    impl IdKind for Host {
        const KIND: Kind = Kind::Host;
        const WHAT: &'static str = "host";
    }
    impl IdKind for Schedule {
        const KIND: Kind = Kind::Schedule;
        const WHAT: &'static str = "schedule";
    }
    impl IdKind for BusyBlock {
        const KIND: Kind = Kind::BusyBlock;
        const WHAT: &'static str = "busy block";
    }
    impl IdKind for Link {
        const KIND: Kind = Kind::Link;
        const WHAT: &'static str = "link";
    }
    impl IdKind for Booking {
        const KIND: Kind = Kind::Booking;
        const WHAT: &'static str = "booking";
    }
    impl IdKind for Event {
        const KIND: Kind = Kind::Event;
        const WHAT: &'static str = "event";
    }
    impl IdKind for WebhookEndpoint {
        const KIND: Kind = Kind::WebhookEndpoint;
        const WHAT: &'static str = "webhook endpoint";
    }
    impl IdKind for WebhookDelivery {
        const KIND: Kind = Kind::WebhookDelivery;
        const WHAT: &'static str = "webhook delivery";
    }
    impl IdKind for CalendarFeed {
        const KIND: Kind = Kind::CalendarFeed;
        const WHAT: &'static str = "calendar feed";
    }
    impl IdKind for Email {
        const KIND: Kind = Kind::Email;
        const WHAT: &'static str = "email";
    }
    impl IdKind for CalendarConnection {
        const KIND: Kind = Kind::CalendarConnection;
        const WHAT: &'static str = "calendar connection";
    }
    impl IdKind for OneTimeLink {
        const KIND: Kind = Kind::OneTimeLink;
        const WHAT: &'static str = "one-time link";
    }
}

pub type ApiKeyId = Id<kinds::ApiKey>;
pub type HostId = Id<kinds::Host>;
pub type ScheduleId = Id<kinds::Schedule>;
pub type BusyBlockId = Id<kinds::BusyBlock>;
pub type LinkId = Id<kinds::Link>;
pub type BookingId = Id<kinds::Booking>;
pub type OneTimeLinkId = Id<kinds::OneTimeLink>;
pub type EventId = Id<kinds::Event>;
pub type WebhookEndpointId = Id<kinds::WebhookEndpoint>;
pub type WebhookDeliveryId = Id<kinds::WebhookDelivery>;
pub type CalendarFeedId = Id<kinds::CalendarFeed>;
pub type EmailId = Id<kinds::Email>;
pub type CalendarConnectionId = Id<kinds::CalendarConnection>;
pub type PaymentId = Id<kinds::Payment>;

/// A fresh secret: `prefix` + 256 random bits, URL-safe.
pub fn new_secret(prefix: &str) -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

/// How a secret is stored and looked up: hex SHA-256.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `a == b`, in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_their_prefix_and_sort_by_creation() {
        let a = new_id(Kind::Booking);
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = new_id(Kind::Booking);
        assert!(Kind::Booking.matches(&a), "{a}");
        assert!(!Kind::Link.matches(&a));
        assert!(a < b, "{a} < {b}");
        assert!(!Kind::Booking.matches("bkg_123"));
        assert!(!Kind::Booking.matches("bkg_0000000000000000000000000I")); // I is not Crockford
    }

    #[test]
    fn typed_ids_parse_only_their_kind() {
        let link = LinkId::generate();
        assert_eq!(LinkId::parse(&link).as_ref(), Some(&link));
        assert!(BookingId::parse(&link).is_none());
        assert!(LinkId::parse("lnk_123").is_none());
        assert_eq!(&*link, link.as_str());
    }

    #[test]
    fn secrets_are_long_random_and_hashed() {
        let s = new_secret("sk_").unwrap();
        assert!(s.starts_with("sk_") && s.len() == 3 + 43, "{s}");
        assert_ne!(s, new_secret("sk_").unwrap());
        let h = hash_secret(&s);
        assert_eq!(h.len(), 64);
        assert!(!h.contains(&s[3..]));
        assert_eq!(h, hash_secret(&s));
    }
}
