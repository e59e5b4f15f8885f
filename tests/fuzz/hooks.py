"""Schemathesis hooks: make path ids and id filters sometimes real.

Random ids only ever reach the 404 branch of an operation. With these hooks about half of the
generated requests name a resource that exists (seeded by run.py, read from the JSON file in
SKYSLOTS_FUZZ_SEEDS), so the fuzzer also reaches the code behind the lookup.
"""

import json
import os

import schemathesis
from hypothesis import strategies as st

with open(os.environ["SKYSLOTS_FUZZ_SEEDS"], encoding="utf-8") as f:
    SEEDS = json.load(f)

# The first path segment after /v1/ decides what `{id}` names.
BY_COLLECTION = {
    "links": "link_id",
    "hosts": "host_id",
    "schedules": "schedule_id",
    "bookings": "booking_id",
    "busy-blocks": "busy_block_id",
    "calendar-connections": "calendar_connection_id",
    "api-keys": "spare_key_id",
}
BY_NAME = {
    "link_id": "link_id",
    "org_slug": "org_slug",
    "link_slug": "link_slug",
    "token": "one_time_token",
    "manage_token": "manage_token",
    "host_id": "host_id",
}

# Filters that name a resource.
QUERY = {"link_id": "link_id", "host_id": "host_id", "actor_id": "key_id", "target_id": "link_id"}


def _real_path(path, params):
    real = dict(params)
    parts = path.strip("/").split("/")
    for name in params:
        seed = BY_NAME.get(name)
        if name == "id":
            seed = "one_time_link_id" if "one-time-links" in parts else BY_COLLECTION.get(parts[1])
        if seed and seed in SEEDS:
            real[name] = SEEDS[seed]
    return real


@schemathesis.hook
def flatmap_path_parameters(ctx, params):
    if not params or ctx.operation is None:
        return st.just(params)
    return st.sampled_from([params, _real_path(ctx.operation.path, params)])


@schemathesis.hook
def flatmap_query(ctx, query):
    if not query:
        return st.just(query)
    real = dict(query)
    for name, seed in QUERY.items():
        if name in real:
            real[name] = SEEDS[seed]
    return st.sampled_from([query, real])
