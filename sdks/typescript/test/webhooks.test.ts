// Webhook signatures against the official Standard Webhooks library (`standardwebhooks` on
// npm): what a real `skyslots` server sends to a receiver is accepted by the official verifier
// and by `verifyWebhook`; what the official signer makes is accepted by `verifyWebhook`; tampered,
// stale and wrongly signed messages are refused by both.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";

import { Webhook } from "standardwebhooks";

import { startServer, type LiveServer } from "../../../scripts/live-server.mjs";
import { createSkySlots, verifyWebhook, WebhookVerificationError, type SkySlotsClient } from "../src/index.js";

interface Delivery {
  body: string;
  headers: IncomingHttpHeaders;
}

let server: LiveServer;
let client: SkySlotsClient;
let receiver: Server;
let receiverUrl: string;
const received: Delivery[] = [];
let arrived: (() => void) | undefined;

before(async () => {
  server = await startServer({ env: { SKYSLOTS_ALLOW_PRIVATE_URLS: "true" } });
  client = createSkySlots({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      res.writeHead(200).end("ok");
      arrived?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

after(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await server?.stop();
});

async function next(count: number): Promise<Delivery> {
  const deadline = Date.now() + 10_000;
  while (received.length < count && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      arrived = resolve;
      setTimeout(resolve, 200);
    });
  }
  assert.ok(received.length >= count, "the webhook arrived");
  return received[count - 1]!;
}

function plain(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
}

test("a delivery from the server passes the official verifier and verifyWebhook", async () => {
  const { data: endpoint, error } = await client.POST("/v1/webhook-endpoints", {
    body: { url: receiverUrl, event_types: ["*"] },
  });
  assert.equal(error, undefined);
  const secret = endpoint!.secret;
  assert.match(secret, /^whsec_/);
  await client.POST("/v1/webhook-endpoints/{id}/ping", { params: { path: { id: endpoint!.id } } });
  const d = await next(1);
  const official = new Webhook(secret).verify(d.body, plain(d.headers)) as { type: string };
  assert.equal(official.type, "webhook_endpoint.ping");
  const event = await verifyWebhook(d.body, plain(d.headers), secret);
  assert.equal(event.type, "webhook_endpoint.ping");
  assert.equal(event.id, d.headers["webhook-id"]);
  // Headers as a Fetch API `Headers` work too.
  await verifyWebhook(d.body, new Headers(plain(d.headers)), secret);

  // Tampered body: both refuse.
  const tampered = d.body.replace("webhook_endpoint.ping", "booking.created");
  assert.throws(() => new Webhook(secret).verify(tampered, plain(d.headers)));
  await assert.rejects(verifyWebhook(tampered, plain(d.headers), secret), WebhookVerificationError);
  // Another secret: refused.
  const other = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  await assert.rejects(verifyWebhook(d.body, plain(d.headers), other), WebhookVerificationError);
  // A replay long after: refused.
  await assert.rejects(
    verifyWebhook(d.body, plain(d.headers), secret, { now: new Date(Date.now() + 3_600_000) }),
    WebhookVerificationError,
  );

  // During a rotation both secrets sign; each verifies on its own, with either library.
  const { data: rotated } = await client.POST("/v1/webhook-endpoints/{id}/rotate-secret", {
    params: { path: { id: endpoint!.id } },
    body: { grace_period_seconds: 3600 },
  });
  await client.POST("/v1/webhook-endpoints/{id}/ping", { params: { path: { id: endpoint!.id } } });
  const r = await next(2);
  assert.equal(String(r.headers["webhook-signature"]).split(" ").length, 2);
  for (const s of [secret, rotated!.secret]) {
    new Webhook(s).verify(r.body, plain(r.headers));
    await verifyWebhook(r.body, plain(r.headers), s);
  }
});

test("verifyWebhook accepts what the official library signs", async () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const body = JSON.stringify({ id: "evt_1", type: "booking.created" });
  const at = new Date();
  const signature = new Webhook(secret).sign("evt_1", at, body);
  const headers = {
    "webhook-id": "evt_1",
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": `v1,bogus ${signature}`,
  };
  const event = await verifyWebhook(new TextEncoder().encode(body), headers, secret);
  assert.equal(event.type, "booking.created");
  await assert.rejects(
    verifyWebhook(body, { ...headers, "webhook-signature": "v1,bogus" }, secret),
    WebhookVerificationError,
  );
  await assert.rejects(verifyWebhook(body, {}, secret), /missing/);
});
