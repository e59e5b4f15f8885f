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
