//! Response shapes shared by every resource: created (with idempotent replay), deleted, and
//! pages of a list (each resource module declares its own with the two macros here); calendar
//! files; and large JSON answers written straight from serde (`SerdeJson`).

use poem::IntoResponse;
use poem_openapi::payload::{Json, Payload};
use poem_openapi::registry::{MetaResponses, MetaSchemaRef, Registry};
use poem_openapi::types::{ToJSON, Type};
use poem_openapi::{ApiResponse, Object};
use serde::Serialize;

macro_rules! created_response {
    ($name:ident, $view:ty) => {
        #[derive(Debug, ApiResponse)]
        pub enum $name {
            /// Created. A retry with the same `Idempotency-Key` and body returns the same
            /// resource with `Idempotent-Replayed: true`.
            #[oai(status = 201)]
            Created(
                Json<$view>,
                #[oai(header = "Idempotent-Replayed")] Option<bool>,
            ),
        }

        impl $name {
            pub(crate) fn of<T>(created: Created<T>, view: impl Fn(&T) -> $view) -> Self {
                Self::Created(Json(view(&created.value)), created.replayed.then_some(true))
            }
        }
    };
}

pub(crate) use created_response;

#[derive(Debug, ApiResponse)]
pub enum Deleted {
    /// Deleted.
    #[oai(status = 204)]
    NoContent,
}

macro_rules! list_view {
    ($name:ident, $item:ty) => {
        /// One page of a list.
        #[derive(Debug, Clone, Object)]
        pub struct $name {
            pub data: Vec<$item>,
            /// Pass as `cursor` to get the next page; absent on the last page.
            #[oai(skip_serializing_if_is_none)]
            pub next_cursor: Option<String>,
        }

        impl $name {
            pub fn from_page<T>(page: st::Page<T>, f: impl Fn(&T) -> $item) -> Self {
                Self {
                    data: page.items.iter().map(f).collect(),
                    next_cursor: page.next_cursor,
                }
            }
        }
    };
}

pub(crate) use list_view;

/// Service health.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Health")]
pub struct HealthView {
    pub status: String,
    #[oai(skip_serializing_if_is_none)]
    pub database: Option<String>,
}

/// An iCalendar file (RFC 5545), conditional on its ETag: the same version of what it shows
/// always renders to the same text, so `If-None-Match` with the last ETag gets a 304.
#[derive(Debug, ApiResponse)]
pub enum CalendarFile {
    /// The calendar, `text/calendar`.
    #[oai(status = 200, content_type = "text/calendar; charset=utf-8")]
    Ok(
        poem_openapi::payload::PlainText<String>,
        /// A strong validator of this text: send it back as `If-None-Match`.
        #[oai(header = "ETag")]
        String,
        /// `attachment; filename="…"`: browsers save it, calendars open it.
        #[oai(header = "Content-Disposition")]
        String,
        /// `private, no-cache`: revalidate with the ETag before reuse.
        #[oai(header = "Cache-Control")]
        String,
    ),
    /// Not modified since the ETag sent as `If-None-Match`.
    #[oai(status = 304)]
    NotModified(
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
    ),
}

impl CalendarFile {
    /// `text` served as `filename` (ASCII, no quotes), or 304 when `if_none_match` lists its
    /// ETag (or is `*`).
    pub fn new(text: String, filename: &str, if_none_match: Option<&str>) -> Self {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(text.as_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        let etag = format!("\"{hex}\"");
        let cache = "private, no-cache".to_owned();
        let matches = if_none_match.is_some_and(|h| {
            h.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == "*" || t == etag)
        });
        if matches {
            return Self::NotModified(etag, cache);
        }
        let disposition = format!("attachment; filename=\"{filename}\"");
        Self::Ok(
            poem_openapi::payload::PlainText(text),
            etag,
            disposition,
            cache,
        )
    }
}

/// A JSON body written straight from `T`'s serde form: the same content type and schema as
/// [`poem_openapi::payload::Json`], without its intermediate `serde_json::Value` tree (a
/// sorted map allocated per object). For the large answers — availability's thousands of
/// slots — where building and dropping that tree cost more than computing the slots.
/// `T`'s serde form must equal its `ToJSON` form, field for field; each type's test checks it.
#[derive(Debug, Clone)]
pub struct SerdeJson<T>(pub T);

impl<T: Type> Payload for SerdeJson<T> {
    const CONTENT_TYPE: &'static str = Json::<T>::CONTENT_TYPE;

    fn check_content_type(content_type: &str) -> bool {
        Json::<T>::check_content_type(content_type)
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Type + Serialize + Send> IntoResponse for SerdeJson<T> {
    fn into_response(self) -> poem::Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => poem::Response::builder()
                .content_type(Self::CONTENT_TYPE)
                .body(body),
            // Unreachable for the derived forms used here (string keys, finite numbers); a
            // problem rather than a half-written body if it ever is not.
            Err(e) => crate::problem::ApiError::internal(&e).into_response(),
        }
    }
}

// `ToJSON` only to borrow `Json`'s documentation of the answer: the body never uses it.
impl<T: Type + ToJSON + Serialize + Send> ApiResponse for SerdeJson<T> {
    fn meta() -> MetaResponses {
        <Json<T> as ApiResponse>::meta()
    }

    fn register(registry: &mut Registry) {
        <Json<T> as ApiResponse>::register(registry);
    }
}

/// RFC 3339 as poem-openapi writes a date-time (`to_rfc3339`: `+00:00` for UTC, fractions
/// only when present), for `#[serde(serialize_with)]` on fields of [`SerdeJson`] bodies. Whole
/// seconds at whole-minute offsets — every slot — are written digit by digit into a stack
/// buffer (chrono's general formatter was a tenth of availability's CPU); the rest through
/// `to_rfc3339` itself. The test below holds the two to the same text.
pub fn rfc3339<S: serde::Serializer, Tz: chrono::TimeZone>(
    t: &chrono::DateTime<Tz>,
    s: S,
) -> Result<S::Ok, S::Error>
where
    Tz::Offset: std::fmt::Display,
{
    use chrono::{Datelike, Offset, Timelike};
    let offset = t.offset().fix().local_minus_utc();
    let local = t.naive_local();
    let year = local.year();
    if local.nanosecond() != 0 || offset % 60 != 0 || !(0..=9999).contains(&year) {
        return s.collect_str(&t.to_rfc3339());
    }
    let mut text = *b"0000-00-00T00:00:00+00:00";
    let mut put = |at: usize, value: u32, digits: usize| {
        let mut v = value;
        for i in (at..at + digits).rev() {
            text[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, year.unsigned_abs(), 4);
    put(5, local.month(), 2);
    put(8, local.day(), 2);
    put(11, local.hour(), 2);
    put(14, local.minute(), 2);
    put(17, local.second(), 2);
    let minutes = offset.unsigned_abs() / 60;
    put(20, minutes / 60, 2);
    put(23, minutes % 60, 2);
    if offset < 0 {
        text[19] = b'-';
    }
    let text = std::str::from_utf8(&text).map_err(serde::ser::Error::custom)?;
    s.serialize_str(text)
}

/// [`rfc3339`] for an optional date-time (skipped when absent).
pub fn rfc3339_opt<S: serde::Serializer>(
    t: &Option<chrono::DateTime<chrono::Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => rfc3339(t, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    #[derive(serde::Serialize)]
    struct At<Tz: chrono::TimeZone>(#[serde(serialize_with = "super::rfc3339")] DateTime<Tz>)
    where
        Tz::Offset: std::fmt::Display;

    /// The fast path and `to_rfc3339` (what `Json` bodies carry) write the same text: UTC,
    /// offsets east and west and at quarter hours, zones' historic second offsets, fractions,
    /// the first and last four-digit years and beyond.
    #[test]
    fn rfc3339_is_chronos() {
        let zones: Vec<chrono_tz::Tz> = [
            "UTC",
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "America/St_Johns",
            "Pacific/Chatham",
            "America/Los_Angeles",
            "Europe/Amsterdam",
            "Africa/Monrovia",
        ]
        .iter()
        .map(|z| z.parse().unwrap())
        .collect();
        let instants = [
            "0000-01-01T00:00:00Z",
            "1900-06-01T12:34:56Z",
            "1970-01-01T00:00:00Z",
            "2026-03-29T00:59:59Z",
            "2026-03-29T01:00:00Z",
            "2026-12-07T09:00:00.250Z",
            "2026-12-07T09:00:00.000000001Z",
            "9999-12-31T23:59:59Z",
        ];
        let mut checked = 0;
        for at in instants {
            let utc = DateTime::parse_from_rfc3339(at).unwrap().to_utc();
            let fixed = |t: DateTime<Utc>| serde_json::to_value(At(t)).unwrap();
            assert_eq!(fixed(utc), utc.to_rfc3339(), "{at}");
            for zone in &zones {
                let local = utc.with_timezone(zone).fixed_offset();
                let text = serde_json::to_value(At(local)).unwrap();
                assert_eq!(text, local.to_rfc3339(), "{at} in {zone}");
                checked += 1;
            }
        }
        let late = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(serde_json::to_value(At(late)).unwrap(), late.to_rfc3339());
        assert_eq!(checked, 64);
    }
}
