// The widget in a real headless Chromium (Debian's, driven by playwright-core) against a real
// server: a page on another origin embeds /embed.js; booking by clicks, a time zone switch,
// the slot taken meanwhile, a time booked elsewhere leaving an open page live, keyboard use,
// an unavailable link, no free times, rate limiting.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";
import { createSkySlots } from "@skyslots/sdk";

import { startServer } from "../../../scripts/live-server.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let server, api, browser, pages;

/** A page on its own origin that embeds the widget from the server. */
function page(base, link, extra = "") {
  return `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Studio</title></head><body><h1>Book a call</h1>
<skyslots-booking org="test-studio" link="${link}" timezone="UTC" ${extra} style="--skyslots-accent:#8a2be2"></skyslots-booking>
<script src="${base}/embed.js"></script></body></html>`;
}

async function pageServer() {
  const http = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(page(url.searchParams.get("api"), url.searchParams.get("link")));
  });
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${http.address().port}`, close: () => http.close() };
}

async function open(base, link) {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: "en-GB" });
  const tab = await context.newPage();
  await tab.goto(`${pages.url}/?api=${encodeURIComponent(base)}&link=${link}`);
  return tab;
}

async function setup(client, { slug, rules, active = true }) {
  const { data: schedule } = await client.POST("/v1/schedules", {
    body: { name: slug, timezone: "UTC", weekly_rules: rules },
  });
  const { data: host } = await client.POST("/v1/hosts", {
    body: { name: "Ada", email: `ada-${slug}@example.com`, timezone: "UTC", schedule_id: schedule.id },
  });
  const { data: link } = await client.POST("/v1/links", {
    body: {
      slug, title: `Intro call (${slug})`, durations: [30], host_ids: [host.id], active,
      questions: [{ id: "company", label: "Company", kind: "text", required: true }],
    },
  });
  return link;
}

const everyDay = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((weekday) => ({
  weekday, start: "09:00", end: "17:00",
}));

before(async () => {
  server = await startServer();
  api = createSkySlots({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  await setup(api, { slug: "intro", rules: everyDay });
  await setup(api, { slug: "old", rules: everyDay, active: false });
  await setup(api, { slug: "empty", rules: [] });
  pages = await pageServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  pages?.close();
  await server?.stop();
});

test("served at /embed.js as JavaScript, small", async () => {
  const res = await fetch(`${server.baseUrl}/embed.js`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /^text\/javascript/);
  assert.ok((await res.text()).length < 40_000);
});

test("a visitor switches time zone, picks a slot, answers and books", async () => {
  const tab = await open(server.baseUrl, "intro");
  const first = tab.locator("skyslots-booking button.slot").first();
  await first.waitFor();
  // A phone screen: nothing wider than the 375 px viewport; the page's theme colour is used.
  assert.ok(await tab.evaluate(() => document.documentElement.scrollWidth <= 375), "overflows 375 px");
  assert.equal(await first.evaluate((b) => getComputedStyle(b).color), "rgb(138, 43, 226)");
  const start = await first.getAttribute("data-start");
  const label = (zone) => new Intl.DateTimeFormat("en-GB", { timeZone: zone, timeStyle: "short" }).format(new Date(start));
  assert.equal(await first.textContent(), label("UTC"));

  await tab.locator("skyslots-booking select#tz").selectOption("Asia/Tokyo");
  await tab.waitForFunction((before) => {
    const b = document.querySelector("skyslots-booking").shadowRoot.querySelector("button.slot");
    return b && b.textContent !== before;
  }, label("UTC"));
  const shifted = tab.locator("skyslots-booking button.slot").first();
  assert.equal(await shifted.getAttribute("data-start"), start, "the same slot, shown in Tokyo time");
  assert.equal(await shifted.textContent(), label("Asia/Tokyo"));

  await shifted.click();
  await tab.locator("skyslots-booking #name").fill("Grace Hopper");
  await tab.locator("skyslots-booking #email").fill("grace@example.com");
  await tab.locator("skyslots-booking #q-company").fill("Navy");
  await tab.locator("skyslots-booking button[type=submit]").click();
  const done = tab.locator("skyslots-booking .done");
  await done.waitFor();
  assert.match(await done.textContent(), /You're booked\..*Asia\/Tokyo/);
  // "Add to calendar" is the attendee's .ics, by manage token: a file a calendar imports.
  const calendar = done.locator("a.calendar");
  assert.equal(await calendar.textContent(), "Add to calendar");
  const href = await calendar.getAttribute("href");
  assert.match(href, new RegExp(`^${server.baseUrl}/v1/public/bookings/mt_[^/]+/ics$`));
  const ics = await fetch(href);
  assert.equal(ics.headers.get("content-type"), "text/calendar; charset=utf-8");
  const text = (await ics.text()).replace(/\r\n /g, "");
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(text, new RegExp(`\r\nDTSTART:${start.replace(/[-:]/g, "").replace(/\+0000$|Z$/, "").slice(0, 15)}Z\r\n`));
  assert.match(text, /\r\nATTENDEE;CN=Grace Hopper;[^\r]*:mailto:grace@example\.com\r\n/);

  const { data } = await api.GET("/v1/bookings", { params: { query: { attendee_email: "grace@example.com" } } });
  assert.equal(data.data.length, 1);
  assert.equal(data.data[0].start.replace("+00:00", "Z"), start.replace("+00:00", "Z"));
  assert.deepEqual(data.data[0].answers, { company: "Navy" });
  assert.equal(data.data[0].attendee.timezone, "Asia/Tokyo");
  await tab.context().close();
});

test("a slot taken while the visitor fills the form says so and offers the others", async () => {
  const tab = await open(server.baseUrl, "intro");
  const first = tab.locator("skyslots-booking button.slot").first();
  await first.waitFor();
  const start = await first.getAttribute("data-start");
  await first.click();
  await tab.locator("skyslots-booking #name").fill("Late Comer");
  await tab.locator("skyslots-booking #email").fill("late@example.com");
  await tab.locator("skyslots-booking #q-company").fill("Slow Inc");
  // Someone else books it first.
  const { data: links } = await api.GET("/v1/links");
  const intro = links.data.find((l) => l.slug === "intro");
  await api.POST("/v1/bookings", {
    body: { link_id: intro.id, start, answers: { company: "Fast" }, attendee: { name: "Quick", email: "quick@example.com", timezone: "UTC" } },
  });
  await tab.locator("skyslots-booking button[type=submit]").click();
  const status = tab.locator("skyslots-booking .status");
  await tab.waitForFunction(() => /just taken/.test(document.querySelector("skyslots-booking").shadowRoot.querySelector(".status")?.textContent ?? ""));
  assert.match(await status.textContent(), /that time was just taken/);
  const next = tab.locator("skyslots-booking button.slot").first();
  assert.notEqual(await next.getAttribute("data-start"), start, "the taken slot is gone from the list");
  await tab.context().close();
});

test("a time booked on one page disappears from another open page within 2 s", async () => {
  const mine = await open(server.baseUrl, "intro");
  const theirs = await open(server.baseUrl, "intro");
  const first = theirs.locator("skyslots-booking button.slot").first();
  await first.waitFor();
  const start = await first.getAttribute("data-start");
  await mine.locator(`skyslots-booking button.slot[data-start="${start}"]`).click();
  await mine.locator("skyslots-booking #name").fill("Ann Other");
  await mine.locator("skyslots-booking #email").fill("ann@example.com");
  await mine.locator("skyslots-booking #q-company").fill("Elsewhere");
  await mine.locator("skyslots-booking button[type=submit]").click();
  await mine.locator("skyslots-booking .done").waitFor();
  // No reload on the other page: the link's stream tells it.
  await theirs.waitForFunction(
    (s) => {
      const root = document.querySelector("skyslots-booking").shadowRoot;
      return root.querySelector("button.slot") && !root.querySelector(`button.slot[data-start="${s}"]`);
    },
    start,
    { timeout: 2000 },
  );
  await mine.context().close();
  await theirs.context().close();
});

test("works from the keyboard", async () => {
  const tab = await open(server.baseUrl, "intro");
  const first = tab.locator("skyslots-booking button.slot").first();
  await first.waitFor();
  await first.focus();
  await tab.keyboard.press("Enter");
  await tab.locator("skyslots-booking #name").waitFor();
  const focused = await tab.evaluate(() => document.querySelector("skyslots-booking").shadowRoot.activeElement?.id);
  assert.equal(focused, "name");
  await tab.context().close();
});

test("an inactive link and a link without free times say so", async () => {
  const inactive = await open(server.baseUrl, "old");
  const message = inactive.locator("skyslots-booking .unavailable");
  await message.waitFor();
  assert.equal(await message.textContent(), "This booking page is not available.");
  await inactive.context().close();

  const empty = await open(server.baseUrl, "empty");
  const none = empty.locator("skyslots-booking .empty");
  await none.waitFor();
  assert.match(await none.textContent(), /No free times this week/);
  await empty.context().close();
});

test("rate limiting is explained, not a broken page", async () => {
  const limited = await startServer({ env: { SKYSLOTS_RATE_LIMIT_PUBLIC_READ: "2/60" } });
  try {
    const client = createSkySlots({ baseUrl: limited.baseUrl, apiKey: limited.apiKey });
    await setup(client, { slug: "intro", rules: everyDay });
    const tab = await open(limited.baseUrl, "intro");
    await tab.locator("skyslots-booking button.slot").first().waitFor();
    // Two reads used (page, availability): the next one is refused.
    await tab.locator("skyslots-booking select#tz").selectOption("Europe/Paris");
    await tab.waitForFunction(() => /Too many requests/.test(document.querySelector("skyslots-booking").shadowRoot.querySelector(".status")?.textContent ?? ""));
    assert.match(await tab.locator("skyslots-booking .status").textContent(), /Too many requests\. Please try again in \d+ seconds\./);
    await tab.context().close();
  } finally {
    await limited.stop();
  }
});
