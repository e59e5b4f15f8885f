//! SkySlots storage (issue 2/4 fills this in): diesel-async over PostgreSQL and SQLite.
