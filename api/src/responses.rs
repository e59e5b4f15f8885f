//! Response shapes shared by every resource: created (with idempotent replay), deleted, and
//! pages of a list. Each resource module declares its own with the two macros here.

use poem_openapi::{ApiResponse, Object};

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
