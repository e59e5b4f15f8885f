// The bot's handlers against a real server, with fake Discord interactions (no Discord
// connection is possible here; src/bot.ts wires the same handlers to discord.js).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { createSkySlots, type SkySlotsClient } from "@skyslots/sdk";

import { nextMonday, startServer, type LiveServer } from "../../../scripts/live-server.mjs";
import { createHandlers, definitions, type Interaction } from "../src/commands.js";

let server: LiveServer;
let api: SkySlotsClient;
let handle: ReturnType<typeof createHandlers>;
const monday = nextMonday();

/** A fake interaction: the command, its options, the user; resolves to the reply. */
async function run(commandName: string, options: Record<string, string>, user = { id: "1001", username: "grace" }) {
  let reply: { content: string; ephemeral?: boolean } | undefined;
  const interaction: Interaction = {
    commandName,
    user,
    options: { getString: (name) => options[name] ?? null },
    reply: async (message) => {
      reply = message;
    },
  };
  await handle(interaction);
  assert.ok(reply, "the bot must always reply");
  assert.equal(reply.ephemeral, true);
  return reply.content;
}

before(async () => {
  server = await startServer({ slug: "bot-studio" });
  api = createSkySlots({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  const weekly_rules = (["monday", "tuesday", "wednesday", "thursday", "friday"] as const).map((weekday) => ({
    weekday, start: "09:00", end: "12:00",
  }));
  const { data: schedule } = await api.POST("/v1/schedules", { body: { name: "Mornings", timezone: "UTC", weekly_rules } });
  const { data: host } = await api.POST("/v1/hosts", {
    body: { name: "Ada", email: "ada@example.com", timezone: "UTC", schedule_id: schedule!.id },
  });
  await api.POST("/v1/links", { body: { slug: "office-hours", title: "Office hours", durations: [30], host_ids: [host!.id] } });
  handle = createHandlers(api);
});

after(async () => {
  await server?.stop();
});

test("the commands are what Discord registers", () => {
  assert.deepEqual(
    definitions.map((d) => d.name),
    ["slots", "book", "mybookings", "cancel"],
  );
});

test("/slots lists a day's free times with Discord timestamps", async () => {
  const reply = await run("slots", { link: "office-hours", date: monday });
  assert.match(reply, /^Free times for \*\*Office hours\*\* \(30 min\):/);
  const starts = [...reply.matchAll(/`(\d{4}-\d\d-\d\dT[\d:]+Z)`/g)].map((m) => m[1]);
  assert.equal(starts.length, 6);
  assert.equal(starts[0], `${monday}T09:00:00Z`);
  assert.match(reply, new RegExp(`<t:${Date.parse(`${monday}T09:00:00Z`) / 1000}:f>`));
  assert.match(await run("slots", { link: "nope" }), /No booking link `nope`/);
  assert.match(await run("slots", { link: "office-hours", date: "someday" }), /YYYY-MM-DD/);
});

test("/book, /mybookings and /cancel for the user who booked, and no one else", async () => {
  const start = `${monday}T09:30:00Z`;
  const booked = await run("book", { link: "office-hours", start, email: "grace@example.com" });
  assert.match(booked, /^Booked \*\*Office hours\*\* at <t:\d+:f> \(`bkg_\w+`, confirmed\)\.$/);
  const id = /`(bkg_\w+)`/.exec(booked)![1]!;

  const { data } = await api.GET("/v1/bookings/{id}", { params: { path: { id } } });
  assert.equal(data!.attendee.name, "grace");
  assert.deepEqual(data!.metadata, { discord_user: "1001" });

  // The slot is gone for everyone; booking it again is explained.
  assert.doesNotMatch(await run("slots", { link: "office-hours", date: monday }), new RegExp(start));
  assert.match(await run("book", { link: "office-hours", start, email: "bob@example.com" }, { id: "2002", username: "bob" }), /not free/);

  assert.match(await run("mybookings", {}), new RegExp(`${id}`));
  assert.equal(await run("mybookings", {}, { id: "2002", username: "bob" }), "You have no upcoming bookings.");
  assert.equal(await run("cancel", { booking: id }, { id: "2002", username: "bob" }), "That booking is not yours.");
  assert.match(await run("cancel", { booking: id }), /^Cancelled your booking at <t:\d+:f>\.$/);
  assert.equal(await run("mybookings", {}), "You have no upcoming bookings.");
  const { data: after } = await api.GET("/v1/bookings/{id}", { params: { path: { id } } });
  assert.equal(after!.status, "cancelled");
  assert.equal(after!.cancel_reason, "Cancelled on Discord by grace");

  assert.match(await run("cancel", { booking: "bkg_00000000000000000000000000" }), /No such booking/);
  assert.match(await run("book", { link: "office-hours", start, email: "not-an-email" }), /Please check: attendee\.email/);
});
