//! Views of public link pages, counted in memory and added to the database in batches.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::Utc;
use skyslots_storage::analytics::day_of;
use skyslots_storage::Db;

/// Views counted since the last flush, by (link id, UTC day).
#[derive(Debug, Default)]
pub struct ViewCounter(Mutex<HashMap<(String, i64), i64>>);

impl ViewCounter {
    /// Count one view of `link_id` now.
    pub fn record(&self, link_id: &str) {
        let day = day_of(Utc::now());
        if let Ok(mut map) = self.0.lock() {
            *map.entry((link_id.to_owned(), day)).or_default() += 1;
        }
    }

    /// Write the counted views to the database. On failure they are put back, to be written
    /// with the next flush. Returns how many views were written.
    pub async fn flush(&self, db: &Db) -> skyslots_app::Result<i64> {
        let batch: Vec<(String, i64, i64)> = match self.0.lock() {
            Ok(mut map) => map.drain().map(|((l, d), n)| (l, d, n)).collect(),
            Err(_) => return Ok(0),
        };
        if batch.is_empty() {
            return Ok(0);
        }
        match skyslots_app::reads::add_link_views(db, &batch).await {
            Ok(()) => Ok(batch.iter().map(|(_, _, n)| n).sum()),
            Err(e) => {
                if let Ok(mut map) = self.0.lock() {
                    for (l, d, n) in batch {
                        *map.entry((l, d)).or_default() += n;
                    }
                }
                Err(e)
            }
        }
    }
}
