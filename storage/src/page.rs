//! Keyset pagination, the one implementation every list uses.
//!
//! A list is ordered by a unique key (an id, which sorts by creation time, or a sort column
//! with the id as tie-breaker). A page is read with `limit + 1` rows after the last key of the
//! previous page; the extra row only tells whether there is a next page. Cursors are opaque to
//! clients (`base64url("c1:" + key)`) and checked when they come back.

use base64::Engine as _;
use skyslots_core::{Invalid, InvalidReason};

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The same page with every item mapped.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

/// Which page to read: at most `limit` items after the position `cursor` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    after: Option<String>,
}

pub const MAX_PAGE: u32 = 100;
pub const DEFAULT_PAGE: u32 = 25;

/// Where a page starts, for a list ordered by `(sort key, id)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct After {
    pub(crate) key: i64,
    pub(crate) id: String,
}

fn not_a_cursor() -> Invalid {
    Invalid::one(
        "cursor",
        InvalidReason::Inconsistent("not a cursor this API returned"),
    )
}

impl PageRequest {
    /// Parse `limit` and an opaque `cursor` from a client.
    pub fn new(limit: Option<u32>, cursor: Option<&str>) -> Result<Self, Invalid> {
        let limit = limit.unwrap_or(DEFAULT_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(Invalid::one(
                "limit",
                InvalidReason::OutOfRange {
                    min: 1,
                    max: MAX_PAGE.into(),
                },
            ));
        }
        let after = cursor
            .filter(|c| !c.is_empty())
            .map(|c| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(c)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .and_then(|s| s.strip_prefix("c1:").map(str::to_owned))
                    .ok_or_else(not_a_cursor)
            })
            .transpose()?;
        Ok(Self { limit, after })
    }

    /// The first page of `limit` items.
    pub fn first(limit: u32) -> Self {
        Self { limit, after: None }
    }

    /// The id the page starts after, for lists ordered by id.
    pub(crate) fn after_id(&self) -> Option<String> {
        self.after.clone()
    }

    /// The `(sort key, id)` the page starts after, for lists ordered by a column and id.
    /// A cursor of another list (or a forged one) is refused, not misread.
    pub(crate) fn after_key(&self) -> Result<Option<After>, Invalid> {
        self.after
            .as_deref()
            .map(|c| {
                c.split_once('|')
                    .and_then(|(k, id)| {
                        Some(After {
                            key: k.parse().ok()?,
                            id: id.to_owned(),
                        })
                    })
                    .ok_or_else(not_a_cursor)
            })
            .transpose()
    }

    /// How many rows to fetch: one more than the page, to learn whether another follows.
    pub(crate) fn fetch(&self) -> i64 {
        i64::from(self.limit) + 1
    }

    /// Cut `rows` (fetched with [`Self::fetch`]) to a page ordered by id.
    pub(crate) fn by_id<T>(&self, rows: Vec<T>, id: impl Fn(&T) -> &str) -> Page<T> {
        self.cut(rows, |r| id(r).to_owned())
    }

    /// Cut `rows` (fetched with [`Self::fetch`]) to a page ordered by `(key, id)`.
    pub(crate) fn by_key<T>(&self, rows: Vec<T>, key: impl Fn(&T) -> (i64, &str)) -> Page<T> {
        self.cut(rows, |r| {
            let (k, id) = key(r);
            format!("{k}|{id}")
        })
    }

    fn cut<T>(&self, mut rows: Vec<T>, key: impl Fn(&T) -> String) -> Page<T> {
        let more = rows.len() > self.limit as usize;
        rows.truncate(self.limit as usize);
        let next_cursor = more
            .then(|| {
                rows.last().map(|r| {
                    base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .encode(format!("c1:{}", key(r)))
                })
            })
            .flatten();
        Page {
            items: rows,
            next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_names_the_last_item_and_comes_back_as_it() {
        let req = PageRequest::new(Some(2), None).expect("request");
        let page = req.by_key(vec![(5, "a"), (5, "b"), (6, "c")], |r| (r.0, r.1));
        assert_eq!(page.items.len(), 2);
        let next = PageRequest::new(Some(2), page.next_cursor.as_deref()).expect("cursor");
        assert_eq!(
            next.after_key().expect("key"),
            Some(After {
                key: 5,
                id: "b".into()
            })
        );
        let last = req.by_id(vec!["x"], |r| r);
        assert_eq!(last.next_cursor, None);
    }

    #[test]
    fn forged_and_foreign_cursors_are_refused() {
        assert!(PageRequest::new(None, Some("nope")).is_err());
        let by_id = PageRequest::new(Some(1), None)
            .expect("request")
            .by_id(vec!["lnk_1", "lnk_2"], |r| r);
        let foreign = PageRequest::new(None, by_id.next_cursor.as_deref()).expect("cursor");
        assert!(foreign.after_key().is_err());
        assert!(PageRequest::new(Some(0), None).is_err());
        assert!(PageRequest::new(Some(101), None).is_err());
    }
}
