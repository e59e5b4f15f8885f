// From an API key to a booking and its cancellation. SKYSLOTS_URL, SKYSLOTS_API_KEY.
import { createSkySlots, SkySlotsError } from "@skyslots/sdk";

const client = createSkySlots({ baseUrl: process.env.SKYSLOTS_URL!, apiKey: process.env.SKYSLOTS_API_KEY! });
const weekly_rules = (["monday", "tuesday", "wednesday", "thursday", "friday"] as const).map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));
const { data: schedule } = await client.POST("/v1/schedules", { body: { name: "Office hours", timezone: "Europe/Berlin", weekly_rules } });
const { data: host } = await client.POST("/v1/hosts", { body: { name: "Ada", email: "ada@example.com", timezone: "Europe/Berlin", schedule_id: schedule!.id } });
const { data: link } = await client.POST("/v1/links", { body: { slug: `quickstart-ts-${Date.now().toString(36)}`, title: "Intro call", durations: [30], host_ids: [host!.id] } });

const start = new Date(Date.now() + 2 * 86_400_000).toISOString();
const end = new Date(Date.now() + 9 * 86_400_000).toISOString();
const { data: free } = await client.GET("/v1/links/{id}/availability", {
  params: { path: { id: link!.id }, query: { start, end, timezone: "America/New_York" } },
});
const slot = free!.slots[0]!;
console.log(`${free!.slots.length} free slots; booking ${slot.local_start} (New York)`);

const attendee = { name: "Grace", email: "grace@example.com", timezone: "America/New_York" };
const { data: booking } = await client.POST("/v1/bookings", { body: { link_id: link!.id, start: slot.start, attendee } });
console.log(`booked ${booking!.id}: ${booking!.status}`);

try {
  await client.POST("/v1/bookings", { body: { link_id: link!.id, start: slot.start, attendee } });
} catch (e) {
  if (!(e instanceof SkySlotsError)) throw e;
  console.log(`booking it again: ${e.code} (${e.reason})`);
}

const { data: cancelled } = await client.POST("/v1/bookings/{id}/cancel", { params: { path: { id: booking!.id } }, body: { reason: "Plans changed" } });
console.log(`cancelled: ${cancelled!.booking.status}, refund ${cancelled!.refund_percent}%`);
