// The widget on a paid link, in headless Chromium against a real server that takes payments
// through localstripe (the Stripe-compatible server, installed by scripts/setup-sdk-tools):
// the booking holds the seat, the widget mounts Stripe's payment form and pays, localstripe's
// signed webhook confirms the booking, and the widget says so.
//
// Stripe.js itself cannot run here (no internet, and localstripe's own stand-in only covers the
// legacy card flow), so the page serves a small stand-in of the Stripe.js calls the widget
// makes (`Stripe(key)`, `elements({clientSecret})`, `create("payment").mount()`,
// `confirmPayment()`); its `confirmPayment` pays the PaymentIntent at localstripe as Stripe.js
// would at Stripe. Everything after that — the webhook, its signature, the confirmation — is real.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";
import { createSkySlots } from "@skyslots/sdk";

import { startServer } from "../../../scripts/live-server.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const SECRET = "sk_test_widget";
const WEBHOOK_SECRET = "whsec_widget";
let stripe, server, api, browser, pages;

async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startLocalStripe() {
  const port = await freePort();
  const child = spawn(join(ROOT, "target", "py", "bin", "localstripe"), ["--port", String(port), "--from-scratch"], {
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    const up = await fetch(`${base}/v1/balance`, { headers: { Authorization: `Bearer ${SECRET}` } }).then((r) => r.ok, () => false);
    if (up) return { base, stop: () => child.kill() };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("localstripe did not start (run scripts/setup-sdk-tools)");
}

async function localstripe(path, form) {
  const res = await fetch(`${stripe.base}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${SECRET}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

/** What the page's Stripe.js stand-in does on confirmPayment: pay the intent by card. */
async function payAtStripe(clientSecret, card) {
  const pi = /^(pi_\w+?)_secret_/.exec(clientSecret)[1];
  const pm = await localstripe("/v1/payment_methods", {
    type: "card", "card[number]": card, "card[exp_month]": "12", "card[exp_year]": "2034", "card[cvc]": "123",
  });
  if (pm.status !== 200) return { status: 402, error: pm.body.error?.message ?? "card refused" };
  await localstripe(`/v1/payment_intents/${pi}`, { payment_method: pm.body.id });
  const confirmed = await localstripe(`/v1/payment_intents/${pi}/confirm`, {});
  return confirmed.status === 200 ? { status: 200 } : { status: 402, error: confirmed.body.error?.message ?? "declined" };
}

const STRIPE_JS = `window.Stripe = function (key) {
  window.__stripe = { key };
  return {
    elements({ clientSecret }) {
      window.__stripe.clientSecret = clientSecret;
      return { create(type) { window.__stripe.type = type; return { mount(target) {
        const input = document.createElement("input");
        input.name = "card"; input.placeholder = "Card number";
        target.append(input);
      } }; } };
    },
    async confirmPayment({ redirect }) {
      window.__stripe.redirect = redirect;
      const card = document.querySelector("input[name=card]").value;
      const res = await fetch("/pay", { method: "POST", body: JSON.stringify({ clientSecret: window.__stripe.clientSecret, card }) });
      const body = await res.json();
      return res.ok ? { paymentIntent: { status: "succeeded" } } : { error: { message: body.error } };
    },
  };
};`;

async function pageServer() {
  const http = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/stripe.js") {
      res.setHeader("content-type", "text/javascript");
      return res.end(STRIPE_JS);
    }
    if (url.pathname === "/pay") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const { clientSecret, card } = JSON.parse(raw);
      const paid = await payAtStripe(clientSecret, card);
      res.statusCode = paid.status;
      res.setHeader("content-type", "application/json");
      return res.end(JSON.stringify(paid));
    }
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(`<!doctype html><html lang="en"><head><title>Studio</title></head><body>
<skyslots-booking org="paid-studio" link="${url.searchParams.get("link")}" timezone="UTC" stripe-js="/stripe.js"></skyslots-booking>
<script src="${url.searchParams.get("api")}/embed.js"></script></body></html>`);
  });
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${http.address().port}`, close: () => http.close() };
}

before(async () => {
  stripe = await startLocalStripe();
  server = await startServer({
    orgName: "Paid Studio",
    slug: "paid-studio",
    env: {
      SKYSLOTS_STRIPE_SECRET_KEY: SECRET,
      SKYSLOTS_STRIPE_PUBLISHABLE_KEY: "pk_test_widget",
      SKYSLOTS_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SKYSLOTS_STRIPE_API_BASE: stripe.base,
    },
  });
  const hook = await fetch(`${stripe.base}/_config/webhooks/skyslots`, {
    method: "POST",
    body: new URLSearchParams({ url: `${server.baseUrl}/v1/stripe/webhook`, secret: WEBHOOK_SECRET }),
  });
  assert.equal(hook.status, 200);
  api = createSkySlots({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  const { data: schedule } = await api.POST("/v1/schedules", {
    body: { name: "Open", timezone: "UTC", weekly_rules: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })) },
  });
  const { data: host } = await api.POST("/v1/hosts", {
    body: { name: "Ada", email: "ada@paid.example", timezone: "UTC", schedule_id: schedule.id },
  });
  await api.POST("/v1/links", {
    body: { slug: "lesson", title: "Private lesson", durations: [60], host_ids: [host.id], price: { amount: 4500, currency: "EUR" } },
  });
  pages = await pageServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  pages?.close();
  await server?.stop();
  stripe?.stop();
});

test("a visitor books a paid lesson and pays with Stripe's payment form", async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: "en-GB" });
  const tab = await context.newPage();
  await tab.goto(`${pages.url}/?api=${encodeURIComponent(server.baseUrl)}&link=lesson`);
  const first = tab.locator("skyslots-booking button.slot").first();
  await first.waitFor();
  const start = await first.getAttribute("data-start");
  await first.click();
  await tab.locator("skyslots-booking #name").fill("Grace Hopper");
  await tab.locator("skyslots-booking #email").fill("grace@paid.example");
  await tab.locator("skyslots-booking button[type=submit]").click();

  // The seat is held while the visitor pays; Stripe's form is mounted with the client secret.
  const pay = tab.locator("skyslots-booking button.pay");
  await pay.waitFor();
  assert.equal(await pay.textContent(), "Pay 45.00 EUR");
  await tab.locator("skyslots-booking input[name=card]").waitFor();
  const stripeState = await tab.evaluate(() => window.__stripe);
  assert.equal(stripeState.key, "pk_test_widget");
  assert.equal(stripeState.type, "payment");
  assert.match(stripeState.clientSecret, /^pi_\w+_secret_/);
  const { data: held } = await api.GET("/v1/bookings", { params: { query: { attendee_email: "grace@paid.example" } } });
  assert.equal(held.data[0].status, "awaiting_payment");
  assert.equal(held.data[0].start.replace("+00:00", "Z"), start.replace("+00:00", "Z"));

  // A declined card says so and lets the visitor try again... (localstripe cannot confirm an
  // intent again after a decline, so the decline is shown from the stand-in's refusal of an
  // unknown card number instead).
  await tab.locator("skyslots-booking input[name=card]").fill("42");
  await pay.click();
  await tab.waitForFunction(() => {
    const s = document.querySelector("skyslots-booking").shadowRoot.querySelector(".status");
    return s && s.textContent.length > 0;
  });
  assert.equal(await pay.isDisabled(), false);

  // ...then pays: localstripe's signed webhook confirms the booking, and the widget says so.
  await tab.locator("skyslots-booking input[name=card]").fill("4242424242424242");
  await pay.click();
  const done = tab.locator("skyslots-booking .done");
  await done.waitFor({ timeout: 20_000 });
  assert.match(await done.textContent(), /You're booked\./);
  assert.equal(await tab.locator("skyslots-booking input[name=card]").count(), 0);
  const { data: booked } = await api.GET("/v1/bookings", { params: { query: { attendee_email: "grace@paid.example" } } });
  assert.equal(booked.data[0].status, "confirmed");
  const { data: payments } = await api.GET("/v1/payments", {});
  assert.equal(payments.data[0].status, "succeeded");
  assert.equal(payments.data[0].amount, 4500);
  await context.close();
});
