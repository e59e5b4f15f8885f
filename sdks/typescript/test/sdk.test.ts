// The SDK against a real `skyslots` server (embedded SQLite, a free port).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { nextMonday, startServer, type LiveServer } from "../../../scripts/live-server.mjs";
import { createSkySlots, paginate, SkySlotsError, type Booking, type SkySlotsClient } from "../src/index.js";

let server: LiveServer;
let client: SkySlotsClient;
let linkId: string;
let slots: string[];

const monday = nextMonday();

before(async () => {
  server = await startServer();
  client = createSkySlots({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"] as const;
  const { data: schedule } = await client.POST("/v1/schedules", {
    body: {
      name: "Office hours",
      timezone: "UTC",
      weekly_rules: weekdays.map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
    },
  });
  const { data: host } = await client.POST("/v1/hosts", {
    body: { name: "Ada", email: "ada@example.com", timezone: "UTC", schedule_id: schedule!.id },
  });
  const { data: link } = await client.POST("/v1/links", {
    body: { slug: "intro", title: "Intro call", durations: [30], host_ids: [host!.id] },
  });
  linkId = link!.id;
  const { data: availability } = await client.GET("/v1/links/{id}/availability", {
    params: {
      path: { id: linkId },
      query: { start: `${monday}T00:00:00Z`, end: `${monday}T23:59:59Z`, timezone: "Europe/Paris" },
    },
  });
  slots = availability!.slots.map((s) => s.start);
});

after(async () => {
  await server?.stop();
});

function attendee(name: string) {
  return { name, email: `${name.toLowerCase()}@example.com`, timezone: "Europe/Paris" };
}

test("availability is read in the visitor's time zone", async () => {
  assert.equal(slots.length, 16);
  const { data } = await client.GET("/v1/links/{id}/availability", {
    params: { path: { id: linkId }, query: { start: `${monday}T09:00:00Z`, end: `${monday}T09:30:00Z`, timezone: "Europe/Paris" } },
  });
  assert.equal(data!.slots[0]!.local_start, `${monday}T10:00:00+01:00`);
});

test("book, list page by page, cancel", async () => {
  const made: Booking[] = [];
  for (const [i, start] of slots.slice(0, 5).entries()) {
    const { data } = await client.POST("/v1/bookings", {
      body: { link_id: linkId, start, duration: 30, attendee: attendee(`Guest${i}`) },
    });
    assert.equal(data!.status, "confirmed");
    made.push(data!);
  }
  const seen: string[] = [];
  let pages = 0;
  for await (const b of paginate((cursor) => {
    pages++;
    return client.GET("/v1/bookings", { params: { query: { link_id: linkId, limit: 2, cursor } } });
  })) {
    seen.push(b.id);
  }
  assert.deepEqual(seen, made.map((b) => b.id));
  assert.equal(pages, 3);

  const { data: cancelled } = await client.POST("/v1/bookings/{id}/cancel", {
    params: { path: { id: made[0]!.id } },
    body: { reason: "Changed plans" },
  });
  assert.equal(cancelled!.booking.status, "cancelled");
});

test("a taken slot is a typed error with its code", async () => {
  const start = slots[8]!;
  await client.POST("/v1/bookings", { body: { link_id: linkId, start, duration: 30, attendee: attendee("First") } });
  const error = await client
    .POST("/v1/bookings", { body: { link_id: linkId, start, duration: 30, attendee: attendee("Second") } })
    .then(() => assert.fail("booked a taken slot"), (e: unknown) => e);
  assert.ok(error instanceof SkySlotsError);
  assert.equal(error.status, 409);
  assert.equal(error.code, "slot_unavailable");
  assert.equal(error.reason, "slot_full");
});

test("validation errors carry their fields", async () => {
  const error = await client
    .POST("/v1/hosts", { body: { name: "Bo", email: "not-an-email", timezone: "Mars/Olympus" } })
    .catch((e: unknown) => e);
  assert.ok(error instanceof SkySlotsError);
  assert.equal(error.code, "validation_failed");
  const fields = error.errors.map((e) => e.field).sort();
  assert.ok(fields.includes("email") && fields.includes("timezone"), JSON.stringify(error.errors));
});

test("a create retried after a lost answer books once (automatic Idempotency-Key)", async () => {
  let dropped = 0;
  const keys: string[] = [];
  const flaky: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    keys.push(request.headers.get("Idempotency-Key") ?? "");
    const response = await fetch(request);
    if (request.method === "POST" && dropped++ === 0) throw new TypeError("connection reset");
    return response;
  };
  const unreliable = createSkySlots({ baseUrl: server.baseUrl, apiKey: server.apiKey, fetch: flaky });
  const start = slots[10]!;
  const { data, response } = await unreliable.POST("/v1/bookings", {
    body: { link_id: linkId, start, duration: 30, attendee: attendee("Retry") },
  });
  assert.equal(response.headers.get("idempotent-replayed"), "true");
  assert.equal(keys.length, 2);
  assert.ok(keys[0] && keys[0] === keys[1]);
  const all: Booking[] = [];
  for await (const b of paginate((cursor) => client.GET("/v1/bookings", { params: { query: { link_id: linkId, cursor } } }))) {
    if (b.start === data!.start) all.push(b);
  }
  assert.equal(all.length, 1);
});

test("a scoped token reads availability but not what needs the secret key", async () => {
  const { data: minted } = await client.POST("/v1/tokens", {
    body: { subject: "widget", scopes: ["availability:read"], link_id: linkId, expires_in: 600 },
  });
  const browser = createSkySlots({ baseUrl: server.baseUrl, token: minted!.token });
  const { data } = await browser.GET("/v1/links/{id}/availability", {
    params: { path: { id: linkId }, query: { start: `${monday}T00:00:00Z`, end: `${monday}T23:59:59Z` } },
  });
  assert.ok(data!.slots.length > 0);
  const error = await browser.GET("/v1/hosts").catch((e: unknown) => e);
  assert.ok(error instanceof SkySlotsError);
  assert.equal(error.code, "secret_key_required");
});
