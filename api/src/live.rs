//! Following the event feed live, for Server-Sent Event streams: a position in the feed, read
//! in batches whenever this instance's sequencer rings and at least every `poll` (for events
//! other instances numbered), each event turned into what the stream sends (or skipped). A
//! stream ends when the server starts shutting down.

use std::collections::VecDeque;
use std::time::Duration;

use skyslots_app::events::EventRecord;
use skyslots_storage::Db;

use crate::problem::ApiError;
use crate::state::AppState;

/// Where a stream starts: after the `Last-Event-ID` a reconnecting client sends (a feed
/// number this API sent, else 422), or after the organization's latest event.
pub(crate) async fn resume_after(
    state: &AppState,
    org: &str,
    last_event_id: Option<&str>,
) -> Result<i64, ApiError> {
    match last_event_id.map(str::trim) {
        Some(id) => id.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            ApiError::field(
                "Last-Event-ID",
                skyslots_core::InvalidReason::Inconsistent("not an event id this stream sent"),
            )
        }),
        None => Ok(skyslots_app::events::last_seq(&state.db, org).await?),
    }
}

/// What a stream sends for an event, if anything: the item and its feed number.
pub(crate) type Select<T> = Box<dyn FnMut(&EventRecord) -> Option<T> + Send>;

pub(crate) struct Follow<T> {
    db: Db,
    org: String,
    types: Vec<String>,
    after: i64,
    poll: Duration,
    bell: tokio::sync::watch::Receiver<u64>,
    closing: tokio::sync::watch::Receiver<bool>,
    select: Select<T>,
    ready: VecDeque<T>,
}

impl<T: Send + 'static> Follow<T> {
    /// Follow `org`'s events of `types` (all if empty) numbered after `after`.
    pub(crate) fn new(
        state: &AppState,
        org: String,
        types: Vec<String>,
        after: i64,
        poll: Duration,
        select: Select<T>,
    ) -> Self {
        Self {
            db: state.db.clone(),
            org,
            types,
            after,
            poll,
            bell: state.events_bell.subscribe(),
            closing: state.closing.subscribe(),
            select,
            ready: VecDeque::new(),
        }
    }

    /// The next item, waiting as long as it takes; `None` once the server is closing.
    pub(crate) async fn next(mut self) -> Option<(T, Self)> {
        loop {
            if *self.closing.borrow() {
                return None;
            }
            if let Some(item) = self.ready.pop_front() {
                return Some((item, self));
            }
            match skyslots_app::events::after(&self.db, &self.org, self.after, &self.types, 100)
                .await
            {
                Ok(batch) if !batch.is_empty() => {
                    for record in &batch {
                        self.after = self.after.max(record.seq.unwrap_or(self.after));
                        if let Some(item) = (self.select)(record) {
                            self.ready.push_back(item);
                        }
                    }
                    continue;
                }
                Ok(_) => {}
                Err(e) => tracing::debug!(error = %e, "event stream read failed; retrying"),
            }
            let wait = async {
                tokio::select! {
                    _ = self.bell.changed() => {},
                    _ = self.closing.changed() => {},
                }
            };
            let _ = tokio::time::timeout(self.poll, wait).await;
        }
    }

    /// The items as a stream.
    pub(crate) fn stream(self) -> futures_util::stream::BoxStream<'static, T> {
        use futures_util::StreamExt;
        futures_util::stream::unfold(self, Self::next).boxed()
    }
}
