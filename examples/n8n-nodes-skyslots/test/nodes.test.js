// The n8n nodes in n8n's own runtime (see ./n8n.js) against a live SkySlots server: the
// trigger's webhook methods register and remove a real webhook endpoint, real signed
// deliveries reach a listener that runs the trigger's webhook() the way n8n's webhook server
// does, and the action node's operations make real API calls.
const assert = require("node:assert/strict");
const { readFileSync, existsSync } = require("node:fs");
const { createServer } = require("node:http");
const { join } = require("node:path");
const { after, before, test } = require("node:test");

const n8n = require("./n8n");

const TRIGGER = "n8n-nodes-skyslots.skySlotsTrigger";
const ACTION = "n8n-nodes-skyslots.skySlots";

let server;
let additionalData;
let monday;
let link;
/** Webhook paths of active triggers → their workflow; runs started; what the listener answered. */
const listener = { routes: new Map(), runs: [], answers: [], url: "" };

async function api(method, path, body, key = server.apiKey) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : undefined };
}

async function waitFor(predicate, what) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await predicate();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** n8n's webhook server in miniature: route by path, run the node's webhook(), answer. */
function startListener() {
  const http = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const route = listener.routes.get(req.url);
      if (!route) return res.writeHead(404).end();
      const rawBody = Buffer.concat(chunks);
      let body = {};
      try {
        body = JSON.parse(rawBody.toString("utf8"));
      } catch {
        // n8n passes an unparsable body through as raw only
      }
      const request = { method: req.method, url: req.url, headers: req.headers, body, rawBody, params: {}, query: {} };
      let statusCode = 200;
      const response = {
        status(code) {
          statusCode = code;
          return response;
        },
        json(value) {
          res.writeHead(statusCode, { "content-type": "application/json" }).end(JSON.stringify(value));
          return response;
        },
        send(value) {
          res.writeHead(statusCode).end(String(value ?? ""));
          return response;
        },
        end() {
          res.writeHead(statusCode).end();
          return response;
        },
      };
      const { workflow, node } = route;
      const trigger = workflow.nodeTypes.getByName(node.type);
      const result = await trigger.webhook.call(n8n.webhookContext(workflow, node, additionalData, request, response));
      listener.answers.push({ path: req.url, status: result.noWebhookResponse ? statusCode : 200 });
      if (result.workflowData) listener.runs.push(...result.workflowData[0].map((item) => item.json));
      if (!result.noWebhookResponse) res.writeHead(200).end(JSON.stringify({ message: "Workflow was started" }));
    });
  });
  return new Promise((resolve) => http.listen(0, "127.0.0.1", () => resolve(http)));
}

let http;

before(async () => {
  const { startServer, nextMonday, createBookableLink } = await import("../../../scripts/live-server.mjs");
  monday = nextMonday();
  server = await startServer({ slug: "n8n-studio", env: { SKYSLOTS_ALLOW_PRIVATE_URLS: "true" } });
  http = await startListener();
  listener.url = `http://127.0.0.1:${http.address().port}`;
  additionalData = n8n.instance({
    webhookBaseUrl: `${listener.url}/webhook`,
    credentials: { skySlotsApi: { baseUrl: `${server.baseUrl}/`, apiKey: server.apiKey } },
  });

  link = await createBookableLink(server, { slug: "consult", title: "Consultation", durations: [30, 60] });
});

after(async () => {
  await new Promise((resolve) => (http ? http.close(resolve) : resolve()));
  await server?.stop();
});

/** Run the action node once over `items` with `parameters`. */
async function execute(parameters, items = [{ json: {} }], { continueOnFail = false } = {}) {
  const { workflow, node } = n8n.workflowWith(ACTION, parameters);
  node.continueOnFail = continueOnFail;
  const action = workflow.nodeTypes.getByName(ACTION);
  const [out] = await action.execute.call(n8n.executeContext(workflow, node, additionalData, items));
  return out;
}

test("the package is an n8n community node package whose n8n block loads", () => {
  const { pkg, loaded } = n8n;
  assert.equal(pkg.name, "n8n-nodes-skyslots");
  assert.ok(pkg.keywords.includes("n8n-community-node-package"));
  for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) assert.ok(existsSync(join(__dirname, "..", file)), file);
  assert.deepEqual(Object.keys(loaded.credentials), ["skySlotsApi"]);
  assert.deepEqual(Object.keys(loaded.nodes).sort(), [ACTION, TRIGGER]);
  for (const node of Object.values(loaded.nodes)) {
    assert.deepEqual(node.description.credentials.map((c) => c.name), ["skySlotsApi"]);
    assert.ok(existsSync(join(__dirname, "..", "dist", "nodes", node.description.displayName.replace(/ /g, ""), "skyslots.svg")));
  }
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [], "community nodes ship without runtime dependencies");
});

test("the credential's test request and authentication reach the organization", async () => {
  const { workflow, node } = n8n.workflowWith(ACTION, {});
  const credential = n8n.loaded.credentials.skySlotsApi;
  const resolve = (value, credentials) =>
    workflow.expression.getSimpleParameterValue(node, value, "internal", { $credentials: credentials }, undefined, "");
  const check = async (credentials) => {
    const request = await additionalData.credentialsHelper.authenticate(credentials, "skySlotsApi", { headers: {} }, workflow, node);
    return fetch(`${resolve(credential.test.request.baseURL, credentials)}${credential.test.request.url}`, { headers: request.headers });
  };
  const good = await check({ baseUrl: `${server.baseUrl}///`, apiKey: server.apiKey });
  assert.equal(good.status, 200);
  assert.equal((await good.json()).slug, "n8n-studio");
  assert.equal((await check({ baseUrl: server.baseUrl, apiKey: "sk_wrong" })).status, 401);
});

test("action node: availability, create, list, reschedule, get, cancel; problems as errors", async () => {
  const slots = await execute({
    resource: "availability", operation: "get", linkId: link.id,
    start: `${monday}T00:00:00Z`, end: `${monday}T23:59:00Z`, options: { duration: 60, timezone: "America/New_York" },
  });
  assert.deepEqual(slots.map((s) => new Date(s.json.start).getUTCHours()), [9, 10, 11]);
  assert.equal(slots[0].json.timezone, "America/New_York");
  assert.match(slots[0].json.local_start, /T04:00:00-05:00$/);
  assert.deepEqual(slots[0].pairedItem, { item: 0 });

  const whole = await execute({
    resource: "availability", operation: "get", linkId: link.id,
    start: `${monday}T00:00:00Z`, end: `${monday}T23:59:00Z`, options: { split: false },
  });
  assert.equal(whole.length, 1);
  assert.equal(whole[0].json.slots.length, 6);

  // One booking per input item, with expressions over the item, as a workflow would do it.
  const people = [{ json: { who: "Grace", mail: "grace@example.com", at: `${monday}T09:00:00Z` } },
    { json: { who: "Linus", mail: "linus@example.com", at: `${monday}T10:00:00Z` } }];
  const created = await execute({
    resource: "booking", operation: "create", linkId: link.id, start: "={{ $json.at }}",
    attendeeName: "={{ $json.who }}", attendeeEmail: "={{ $json.mail }}",
    additionalFields: { timezone: "Europe/Paris", duration: 30, metadata: '{"source":"n8n"}' },
  }, people);
  assert.deepEqual(created.map((b) => b.json.attendee.name), ["Grace", "Linus"]);
  assert.deepEqual(created.map((b) => b.pairedItem), [{ item: 0 }, { item: 1 }]);
  assert.deepEqual(created[0].json.metadata, { source: "n8n" });
  const grace = created[0].json;

  const mine = await execute({
    resource: "booking", operation: "getMany", returnAll: true, filters: { attendee_email: "grace@example.com" },
  });
  assert.deepEqual(mine.map((b) => b.json.id), [grace.id]);
  const firstOnly = await execute({ resource: "booking", operation: "getMany", returnAll: false, limit: 1, filters: {} });
  assert.equal(firstOnly.length, 1);

  const [moved] = await execute({
    resource: "booking", operation: "reschedule", bookingId: grace.id, start: `${monday}T11:00:00Z`, additionalFields: {},
  });
  assert.equal(new Date(moved.json.start).getUTCHours(), 11);
  const [got] = await execute({ resource: "booking", operation: "get", bookingId: grace.id });
  assert.equal(got.json.ical_sequence, 1);

  // A taken time: the node fails with the API's problem, by its stable code…
  const taken = {
    resource: "booking", operation: "create", linkId: link.id, start: `${monday}T10:00:00Z`,
    attendeeName: "Eve", attendeeEmail: "eve@example.com", additionalFields: {},
  };
  await assert.rejects(execute(taken), (err) => {
    assert.equal(err.name, "NodeApiError");
    assert.match(err.message, /^Conflict \(slot_unavailable\)$/);
    assert.match(err.description, /./);
    assert.equal(err.httpCode, "409");
    return true;
  });
  // …or, with "continue on fail", an error item in its place.
  const [failed] = await execute(taken, [{ json: {} }], { continueOnFail: true });
  assert.equal(failed.json.error, "Conflict (slot_unavailable)");

  const [cancelled] = await execute({ resource: "booking", operation: "cancel", bookingId: grace.id, reason: "Ill" });
  assert.equal(cancelled.json.booking.status, "cancelled");
  assert.equal(cancelled.json.booking.cancel_reason, "Ill");
  assert.equal(typeof cancelled.json.refund_percent, "number");

  const [one] = await execute({ resource: "link", operation: "get", linkId: link.id });
  assert.equal(one.json.slug, "consult");
  // The feed lists an event once it is numbered, within about a second of its commit.
  let events = [];
  await waitFor(async () => {
    events = await execute({ resource: "event", operation: "getMany", type: "booking.rescheduled", returnAll: true });
    return events.length > 0;
  }, "the booking.rescheduled event in the feed");
  assert.equal(events.length, 1);
  assert.equal(events[0].json.data.object.id, grace.id);
  const [event] = await execute({ resource: "event", operation: "get", eventId: events[0].json.id });
  assert.equal(event.json.type, "booking.rescheduled");
});

test("trigger: activation registers the endpoint, deliveries are verified and run the workflow, deactivation removes it", async () => {
  const staticData = {};
  const { workflow, node } = n8n.workflowWith(TRIGGER, { events: ["booking.created", "booking.cancelled"] }, { staticData });
  const trigger = workflow.nodeTypes.getByName(TRIGGER);
  const hooks = trigger.webhookMethods.default;
  const ctx = () => n8n.hookContext(workflow, node, additionalData);
  const url = ctx().getNodeWebhookUrl("default");
  assert.equal(url, `${listener.url}/webhook/${node.webhookId}/webhook`);
  listener.routes.set(new URL(url).pathname, { workflow, node });
  const endpoints = async () =>
    (await api("GET", `/v1/webhook-endpoints?url=${encodeURIComponent(url)}`)).data.data;

  // Activation, as n8n does it: create only when checkExists says there is none.
  assert.equal(await hooks.checkExists.call(ctx()), false);
  assert.equal(await hooks.create.call(ctx()), true);
  const [endpoint] = await endpoints();
  assert.deepEqual(endpoint.event_types, ["booking.created", "booking.cancelled"]);
  assert.equal(staticData["node:Node"].endpointId, endpoint.id);
  assert.match(staticData["node:Node"].secret, /^whsec_/);
  assert.equal(await hooks.checkExists.call(ctx()), true, "a second activation check finds it");
  assert.equal((await endpoints()).length, 1);

  // A real booking: its signed delivery starts one run with the event as the item.
  const booking = (await api("POST", "/v1/bookings", {
    link_id: link.id, start: `${monday}T11:30:00Z`, duration: 30,
    attendee: { name: "Ada L", email: "adal@example.com", timezone: "UTC" },
  })).data;
  const run = await waitFor(() => listener.runs.find((e) => e.type === "booking.created"), "the booking.created run");
  assert.equal(run.data.object.id, booking.id);
  assert.match(run.id, /^evt_/);
  const deliveries = (await api("GET", `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).data.data;
  assert.equal(deliveries[0].status, "succeeded");

  // A forged or replayed request is answered 401 and starts nothing.
  const runsBefore = listener.runs.length;
  const body = JSON.stringify({ ...run, data: { object: { ...run.data.object, attendee: { email: "mallory@example.com" } } } });
  const forged = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": run.id,
      "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
      "webhook-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    },
    body,
  });
  assert.equal(forged.status, 401);
  const unsigned = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  assert.equal(unsigned.status, 401);
  assert.equal(listener.runs.length, runsBefore);

  // A ping reaches the node verified but starts no run.
  assert.equal((await api("POST", `/v1/webhook-endpoints/${endpoint.id}/ping`)).status, 202);
  await waitFor(() => listener.answers.filter((a) => a.status === 200).length >= 2, "the ping");
  assert.equal(listener.runs.length, runsBefore);

  // Choosing other events replaces the endpoint on the next activation.
  node.parameters.events = ["booking.rescheduled"];
  assert.equal(await hooks.checkExists.call(ctx()), false);
  assert.deepEqual(await endpoints(), []);
  assert.equal(await hooks.create.call(ctx()), true);
  assert.deepEqual((await endpoints()).map((e) => e.event_types), [["booking.rescheduled"]]);

  // Static data lost (workflow imported elsewhere): the orphan is replaced, not reused blind.
  delete staticData["node:Node"];
  assert.equal(await hooks.checkExists.call(ctx()), false);
  assert.deepEqual(await endpoints(), []);
  assert.equal(await hooks.create.call(ctx()), true);

  // Deactivation deletes it; deleting again (already removed in SkySlots) still succeeds.
  const current = staticData["node:Node"].endpointId;
  assert.equal(await hooks.delete.call(ctx()), true);
  assert.deepEqual(await endpoints(), []);
  staticData["node:Node"].endpointId = current;
  assert.equal(await hooks.delete.call(ctx()), true);
  assert.equal(staticData["node:Node"].endpointId, undefined);
});

test("the recipe imports our trigger and its message reads fields a real event has", async () => {
  const recipe = JSON.parse(readFileSync(join(__dirname, "..", "workflows", "new-booking-to-message.json"), "utf8"));
  const trigger = recipe.nodes.find((n) => n.type === TRIGGER);
  assert.ok(trigger, "the recipe starts with the SkySlots trigger");
  assert.deepEqual(trigger.parameters.events, ["booking.created"]);
  const message = recipe.nodes.find((n) => n.name === recipe.connections[trigger.name].main[0][0].node);
  assert.ok(message, "the trigger is connected to the message node");

  // Evaluate the message's text with n8n's expression engine over a real delivered event.
  const event = (await api("GET", "/v1/events?type=booking.created&limit=1")).data.data[0];
  const textParam = Object.entries(message.parameters).find(([, v]) => typeof v === "string" && v.startsWith("="));
  assert.ok(textParam, "the message has an expression");
  const messageType = {
    description: {
      displayName: "Message", name: "message", group: ["output"], version: 1, inputs: ["main"], outputs: ["main"],
      properties: [{ displayName: "Text", name: textParam[0], type: "string", default: "" }],
    },
  };
  const { workflow, node } = n8n.workflowWith("test.message", { [textParam[0]]: textParam[1] }, { extraTypes: { "test.message": messageType } });
  const text = n8n.executeContext(workflow, node, additionalData, [{ json: event }]).getNodeParameter(textParam[0], 0);
  assert.match(text, /Ada L/);
  assert.match(text, /adal@example\.com/);
  assert.doesNotMatch(text, /undefined|\{\{/);
});
