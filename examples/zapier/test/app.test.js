// The Zapier app run by the platform's own tester (`zapier-platform-core`'s createAppTester,
// which is what `zapier test` uses: it applies the app's middleware and the platform's result
// checks) against a live SkySlots server. The REST hooks are real: subscribing creates a
// webhook endpoint whose deliveries reach a receiver here; what that receiver got is handed to
// the trigger the way Zapier hands a hook request to `perform`. (NODE_ENV=test is how the
// platform knows it runs under a test runner: no per-run memory report on stdout.)
const assert = require("node:assert/strict");
const { createServer } = require("node:http");
const { after, before, test } = require("node:test");

const zapier = require("zapier-platform-core");
const App = require("../index");

const appTester = zapier.createAppTester(App);

let server;
let authData;
let link;
let monday;
const receiver = { url: "", requests: [], waiters: [] };

async function api(method, path, body) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.apiKey}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : undefined };
}

/** The next webhook that arrives whose event is of `type`. */
function nextHook(type) {
  const found = receiver.requests.find((r) => JSON.parse(r.content).type === type && !r.taken);
  if (found) {
    found.taken = true;
    return Promise.resolve(found);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} webhook within 10 s`)), 10_000);
    receiver.waiters.push({ type, resolve: (r) => (clearTimeout(timer), resolve(r)) });
  });
}

/** A hook request as Zapier gives it to `perform`: headers prefixed `Http-`, the raw body. */
function hookBundle(request, subscribeData) {
  const headers = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[`Http-${name.replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase())}`] = value;
  }
  return {
    authData,
    subscribeData,
    cleanedRequest: JSON.parse(request.content),
    rawRequest: { method: "POST", querystring: "", headers, content: request.content },
  };
}

before(async () => {
  const { startServer, nextMonday, createBookableLink } = await import("../../../scripts/live-server.mjs");
  monday = nextMonday();
  server = await startServer({ slug: "zapier-studio", env: { SKYSLOTS_ALLOW_PRIVATE_URLS: "true" } });
  authData = { base_url: `${server.baseUrl}/`, api_key: server.apiKey };

  const hooks = createServer((req, res) => {
    let content = "";
    req.on("data", (chunk) => (content += chunk));
    req.on("end", () => {
      const request = { headers: req.headers, content };
      const type = JSON.parse(content).type;
      const waiter = receiver.waiters.findIndex((w) => w.type === type);
      if (waiter >= 0) {
        request.taken = true;
        receiver.waiters.splice(waiter, 1)[0].resolve(request);
      }
      receiver.requests.push(request);
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => hooks.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${hooks.address().port}/hooks/catch/123/abc/`;
  receiver.close = () => new Promise((resolve) => hooks.close(resolve));

  link = await createBookableLink(server, { slug: "intro-call", title: "Intro call", durations: [30, 60] });
});

after(async () => {
  await receiver.close?.();
  await server?.stop();
});

test("the app definition passes the platform's schema validation", async () => {
  const handler = zapier.createAppHandler(App);
  const results = (await handler({ command: "validate" })).results;
  assert.deepEqual(results, []);
});

test("the connection test names the organization; a wrong key asks to reconnect", async () => {
  const org = await appTester(App.authentication.test, { authData });
  assert.equal(org.slug, "zapier-studio");
  await assert.rejects(
    appTester(App.authentication.test, { authData: { ...authData, api_key: "sk_wrong" } }),
    (err) => err.name === "AuthenticationError" || /AuthenticationError/.test(err.message),
  );
});

test("the link dropdown lists the organization's links", async () => {
  const links = await appTester(App.triggers.link_list.operation.perform, { authData });
  assert.deepEqual(links.map((l) => [l.id, l.label]), [[link.id, "Intro call (/intro-call)"]]);
});

test("find availability returns the free slots, earliest first", async () => {
  const slots = await appTester(App.searches.find_availability.operation.perform, {
    authData,
    inputData: { link_id: link.id, start: `${monday}T00:00:00Z`, days: 1, duration: 60, timezone: "Europe/Berlin" },
  });
  assert.deepEqual(slots.map((s) => new Date(s.start).toISOString()), [
    `${monday}T09:00:00.000Z`, `${monday}T10:00:00.000Z`, `${monday}T11:00:00.000Z`,
  ]);
  assert.equal(slots[0].duration, 60);
  assert.equal(slots[0].timezone, "Europe/Berlin");
  assert.match(slots[0].local_start, /T10:00:00\+01:00$/);
  assert.equal(slots[0].id, `${link.id}@${slots[0].start}`);
});

test("a bad request comes back as the API's problem, by its code", async () => {
  await assert.rejects(
    appTester(App.searches.find_availability.operation.perform, {
      authData,
      inputData: { link_id: "lnk_doesnotexist", start: `${monday}T00:00:00Z` },
    }),
    (err) => /not_found/.test(err.message) || /not_found/.test(JSON.stringify(err)),
  );
});

test("REST hooks: subscribe, receive signed created/rescheduled/cancelled events, sample, unsubscribe", async () => {
  const triggers = App.triggers;
  const subscriptions = {};
  for (const key of ["booking_created", "booking_rescheduled", "booking_cancelled"]) {
    const subscribeData = await appTester(triggers[key].operation.performSubscribe, {
      authData,
      targetUrl: receiver.url,
    });
    assert.match(subscribeData.id, /^whe_/);
    assert.match(subscribeData.secret, /^whsec_/);
    subscriptions[key] = subscribeData;
  }
  const listed = await api("GET", `/v1/webhook-endpoints?url=${encodeURIComponent(receiver.url)}`);
  assert.deepEqual(
    listed.data.data.map((e) => e.event_types[0]).sort(),
    ["booking.cancelled", "booking.created", "booking.rescheduled"],
  );

  // The action books; the created hook arrives signed and becomes the trigger's output.
  const booking = await appTester(App.creates.create_booking.operation.perform, {
    authData,
    inputData: {
      link_id: link.id, start: `${monday}T09:00:00Z`, duration: 30, seats: 1,
      attendee_name: "Grace", attendee_email: "grace@example.com", attendee_timezone: "America/New_York",
      metadata: { source: "zapier" },
    },
  });
  assert.match(booking.id, /^bkg_/);
  assert.equal(booking.status, "confirmed");
  assert.deepEqual(booking.metadata, { source: "zapier" });

  const created = await nextHook("booking.created");
  const [createdOut] = await appTester(
    triggers.booking_created.operation.perform,
    hookBundle(created, subscriptions.booking_created),
  );
  assert.match(createdOut.id, /^evt_/);
  assert.equal(createdOut.event_type, "booking.created");
  assert.equal(createdOut.booking.id, booking.id);
  assert.equal(createdOut.booking.attendee.email, "grace@example.com");

  // An altered body, or one signed with another endpoint's secret, is refused.
  const forged = hookBundle(created, subscriptions.booking_created);
  forged.rawRequest.content = forged.rawRequest.content.replace("grace@example.com", "mallory@example.com");
  await assert.rejects(appTester(triggers.booking_created.operation.perform, forged), /Not a SkySlots webhook/);
  await assert.rejects(
    appTester(triggers.booking_created.operation.perform, hookBundle(created, subscriptions.booking_cancelled)),
    /Not a SkySlots webhook/,
  );
  // Without the raw request, the claimed event is read back from the API.
  const [fromApi] = await appTester(triggers.booking_created.operation.perform, {
    authData, subscribeData: subscriptions.booking_created, cleanedRequest: JSON.parse(created.content),
  });
  assert.deepEqual(fromApi, createdOut);
  await assert.rejects(
    appTester(triggers.booking_created.operation.perform, {
      authData, subscribeData: subscriptions.booking_created, cleanedRequest: { id: "evt_00000000000000000000000000" },
    }),
    /not_found/,
  );

  const moved = await api("POST", `/v1/bookings/${booking.id}/reschedule`, { start: `${monday}T10:00:00Z` });
  assert.equal(moved.status, 200);
  const [rescheduledOut] = await appTester(
    triggers.booking_rescheduled.operation.perform,
    hookBundle(await nextHook("booking.rescheduled"), subscriptions.booking_rescheduled),
  );
  assert.equal(rescheduledOut.booking.start, moved.data.start);
  assert.equal(new Date(rescheduledOut.previous.start).getTime(), new Date(`${monday}T09:00:00Z`).getTime());

  const cancelled = await api("POST", `/v1/bookings/${booking.id}/cancel`, { reason: "Sick" });
  assert.equal(cancelled.status, 200);
  const [cancelledOut] = await appTester(
    triggers.booking_cancelled.operation.perform,
    hookBundle(await nextHook("booking.cancelled"), subscriptions.booking_cancelled),
  );
  assert.equal(cancelledOut.booking.status, "cancelled");
  assert.equal(cancelledOut.cancellation.cancelled_by, "organization");

  // Each subscription got only its own type: three deliveries in all.
  assert.equal(receiver.requests.length, 3);

  // The samples Zapier shows while a Zap is built are the latest real events of the type.
  const samples = await appTester(triggers.booking_created.operation.performList, { authData });
  assert.deepEqual(samples, [createdOut]);

  for (const key of Object.keys(subscriptions)) {
    await appTester(triggers[key].operation.performUnsubscribe, { authData, subscribeData: subscriptions[key] });
  }
  const gone = await api("GET", `/v1/webhook-endpoints?url=${encodeURIComponent(receiver.url)}`);
  assert.deepEqual(gone.data.data, []);
});
