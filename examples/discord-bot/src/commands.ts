// The bot's slash commands, on @skyslots/sdk. Pure handlers: they take anything shaped like a
// discord.js chat-input interaction, so tests drive them with fakes against a real server.
//
//   /slots link [date]            free times of a link (the next 7 days, or that day)
//   /book link start email [name] book one; the booking remembers the Discord user
//   /mybookings                   the user's upcoming bookings
//   /cancel booking               cancel one of them (only the user's own)
import { paginate, SkySlotsError, type Link, type SkySlotsClient } from "@skyslots/sdk";

/** The part of a discord.js `ChatInputCommandInteraction` the handlers use. */
export interface Interaction {
  commandName: string;
  user: { id: string; username: string; globalName?: string | null };
  options: { getString(name: string, required?: boolean): string | null };
  reply(message: { content: string; ephemeral?: boolean }): Promise<unknown>;
}

/** The commands, in the shape Discord's API registers them. */
export const definitions = [
  {
    name: "slots",
    description: "Free times of a booking link",
    options: [
      { type: 3, name: "link", description: "The link's slug", required: true },
      { type: 3, name: "date", description: "A day, YYYY-MM-DD (default: the next 7 days)", required: false },
    ],
  },
  {
    name: "book",
    description: "Book a time",
    options: [
      { type: 3, name: "link", description: "The link's slug", required: true },
      { type: 3, name: "start", description: "The start, as /slots shows it (e.g. 2026-12-01T09:00:00Z)", required: true },
      { type: 3, name: "email", description: "Your email, for the confirmation", required: true },
      { type: 3, name: "name", description: "Your name (default: your Discord name)", required: false },
    ],
  },
  { name: "mybookings", description: "Your upcoming bookings" },
  {
    name: "cancel",
    description: "Cancel one of your bookings",
    options: [{ type: 3, name: "booking", description: "The booking id (bkg_...)", required: true }],
  },
] as const;

const DAY = 86_400_000;
/** Discord renders `<t:SECONDS:f>` in each reader's own time zone. */
const when = (iso: string) => `<t:${Math.floor(Date.parse(iso) / 1000)}:f>`;

export function createHandlers(client: SkySlotsClient) {
  const links = new Map<string, Link>();

  async function link(slug: string): Promise<Link | undefined> {
    if (!links.has(slug)) {
      for await (const l of paginate((cursor) => client.GET("/v1/links", { params: { query: { cursor } } }))) {
        links.set(l.slug, l);
      }
    }
    return links.get(slug);
  }

  async function slots(i: Interaction): Promise<string> {
    const slug = i.options.getString("link", true)!;
    const found = await link(slug);
    if (!found) return `No booking link \`${slug}\`.`;
    const date = i.options.getString("date");
    const start = date ? new Date(`${date}T00:00:00Z`) : new Date();
    if (Number.isNaN(start.getTime())) return "Give the date as YYYY-MM-DD.";
    const end = new Date(start.getTime() + (date ? 1 : 7) * DAY);
    const { data } = await client.GET("/v1/links/{id}/availability", {
      params: { path: { id: found.id }, query: { start: start.toISOString(), end: end.toISOString() } },
    });
    const free = data?.slots ?? [];
    if (free.length === 0) return `No free times for **${found.title}** ${date ? `on ${date}` : "in the next 7 days"}.`;
    const lines = free.slice(0, 10).map((s) => `• ${when(s.start)} — \`${s.start.replace("+00:00", "Z")}\``);
    const more = free.length > 10 ? `\n…and ${free.length - 10} more.` : "";
    return `Free times for **${found.title}** (${data!.duration} min):\n${lines.join("\n")}${more}\nBook with \`/book link:${slug} start:<time> email:<you@example.com>\`.`;
  }

  async function book(i: Interaction): Promise<string> {
    const slug = i.options.getString("link", true)!;
    const found = await link(slug);
    if (!found) return `No booking link \`${slug}\`.`;
    const { data } = await client.POST("/v1/bookings", {
      body: {
        link_id: found.id,
        start: i.options.getString("start", true)!,
        attendee: {
          name: i.options.getString("name") ?? i.user.globalName ?? i.user.username,
          email: i.options.getString("email", true)!,
          timezone: "UTC",
        },
        metadata: { discord_user: i.user.id },
      },
    });
    return `Booked **${found.title}** at ${when(data!.start)} (\`${data!.id}\`, ${data!.status}).`;
  }

  async function mine(i: Interaction): Promise<string> {
    const lines: string[] = [];
    const upcoming = (cursor?: string) =>
      client.GET("/v1/bookings", { params: { query: { start_from: new Date().toISOString(), status: "confirmed", cursor } } });
    for await (const b of paginate(upcoming)) {
      if (b.metadata["discord_user"] === i.user.id) lines.push(`• ${when(b.start)} — \`${b.id}\``);
    }
    return lines.length ? `Your upcoming bookings:\n${lines.join("\n")}` : "You have no upcoming bookings.";
  }

  async function cancel(i: Interaction): Promise<string> {
    const id = i.options.getString("booking", true)!.trim();
    const { data: booking } = await client.GET("/v1/bookings/{id}", { params: { path: { id } } });
    // Only the Discord user who booked it may cancel it through the bot.
    if (booking!.metadata["discord_user"] !== i.user.id) return "That booking is not yours.";
    await client.POST("/v1/bookings/{id}/cancel", {
      params: { path: { id } },
      body: { reason: `Cancelled on Discord by ${i.user.username}` },
    });
    return `Cancelled your booking at ${when(booking!.start)}.`;
  }

  const handlers: Record<string, (i: Interaction) => Promise<string>> = { slots, book, mybookings: mine, cancel };

  /** Answer one interaction (privately), turning API errors into plain words. */
  return async function handle(i: Interaction): Promise<void> {
    const handler = handlers[i.commandName];
    let content: string;
    try {
      content = handler ? await handler(i) : `Unknown command \`${i.commandName}\`.`;
    } catch (e) {
      content = explain(e);
    }
    await i.reply({ content, ephemeral: true });
  };
}

function explain(e: unknown): string {
  if (!(e instanceof SkySlotsError)) return "Something went wrong; please try again.";
  switch (e.code) {
    case "slot_unavailable":
      return "That time is not free (any more). Try `/slots` for the current ones.";
    case "not_found":
      return "No such booking.";
    case "validation_failed":
      return `Please check: ${e.errors.map((f) => `${f.field} (${f.message})`).join(", ")}.`;
    case "rate_limited":
      return `Too many requests; try again in ${e.retryAfter ?? 60} s.`;
    default:
      return e.detail;
  }
}
