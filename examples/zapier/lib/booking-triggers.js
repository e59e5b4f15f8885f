// Booking created / cancelled / rescheduled as REST-hook triggers: subscribing creates a
// SkySlots webhook endpoint for the Zap's target URL, unsubscribing deletes it, and the sample
// Zapier shows while a Zap is built is the latest real events (`GET /v1/events`).
const { apiUrl } = require("./http");

/** What a Zap sees of an event: its id (Zapier's dedupe key), the booking and the change. */
function present(event) {
  const out = {
    id: event.id,
    event_type: event.type,
    occurred_at: event.created_at,
    booking: event.data.object,
  };
  if (event.data.previous) out.previous = event.data.previous;
  if (event.data.cancellation) out.cancellation = event.data.cancellation;
  return out;
}

/** A raw request's headers as Standard Webhooks names them (Zapier prefixes them `Http-`). */
function webhookHeaders(rawHeaders) {
  const headers = {};
  for (const [name, value] of Object.entries(rawHeaders || {})) {
    headers[name.toLowerCase().replace(/^http-/, "")] = value;
  }
  return headers;
}

/**
 * The event a hook delivered, trusted only once proven: by its Standard Webhooks signature
 * (the endpoint's secret was kept at subscription) when Zapier hands over the raw request,
 * otherwise by reading the event back from the API with the connection's key.
 */
async function receivedEvent(z, bundle) {
  const raw = bundle.rawRequest;
  const secret = bundle.subscribeData && bundle.subscribeData.secret;
  if (raw && typeof raw.content === "string" && raw.content && secret) {
    const { verifyWebhook } = await import("@skyslots/sdk");
    try {
      return await verifyWebhook(raw.content, webhookHeaders(raw.headers), secret);
    } catch (err) {
      throw new z.errors.HaltedError(`Not a SkySlots webhook: ${err.message}`);
    }
  }
  const claimed = bundle.cleanedRequest && bundle.cleanedRequest.id;
  if (typeof claimed !== "string" || !/^evt_[0-9a-z]+$/.test(claimed)) {
    throw new z.errors.HaltedError("Not a SkySlots webhook: no event id");
  }
  const response = await z.request({ url: apiUrl(bundle, `/v1/events/${claimed}`) });
  return response.data;
}

function bookingTrigger({ key, type, noun, label, description }) {
  return {
    key,
    noun,
    display: { label, description },
    operation: {
      type: "hook",
      performSubscribe: async (z, bundle) => {
        const response = await z.request({
          method: "POST",
          url: apiUrl(bundle, "/v1/webhook-endpoints"),
          body: { url: bundle.targetUrl, event_types: [type], description: `Zapier: ${label}` },
        });
        // Kept by Zapier as bundle.subscribeData: the id to unsubscribe, the secret to verify.
        return response.data;
      },
      performUnsubscribe: async (z, bundle) => {
        await z.request({
          method: "DELETE",
          url: apiUrl(bundle, `/v1/webhook-endpoints/${bundle.subscribeData.id}`),
        });
        return {};
      },
      perform: async (z, bundle) => {
        const event = await receivedEvent(z, bundle);
        // A ping or an event the subscription did not ask for starts no Zap.
        return event.type === type ? [present(event)] : [];
      },
      performList: async (z, bundle) => {
        const response = await z.request({
          url: apiUrl(bundle, "/v1/events"),
          params: { type, limit: 3 },
        });
        return response.data.data.map(present);
      },
      sample: {
        id: "evt_01jdq4x8m2w9k3v7c5t1r6y0ab",
        event_type: type,
        occurred_at: "2026-12-01T14:02:11Z",
        booking: {
          id: "bkg_01jdq4x8m2w9k3v7c5t1r6y0ab",
          link_id: "lnk_01jdq4x8m2w9k3v7c5t1r6y0ab",
          host_ids: ["hst_01jdq4x8m2w9k3v7c5t1r6y0ab"],
          start: "2026-12-07T15:00:00Z",
          end: "2026-12-07T15:30:00Z",
          duration: 30,
          seats: 1,
          status: type === "booking.cancelled" ? "cancelled" : "confirmed",
          attendee: { name: "Grace", email: "grace@example.com", timezone: "America/New_York" },
          created_at: "2026-12-01T14:02:11Z",
        },
      },
      outputFields: [
        { key: "id", label: "Event ID" },
        { key: "event_type", label: "Event type" },
        { key: "occurred_at", label: "Occurred at", type: "datetime" },
        { key: "booking__id", label: "Booking ID" },
        { key: "booking__start", label: "Start", type: "datetime" },
        { key: "booking__end", label: "End", type: "datetime" },
        { key: "booking__status", label: "Status" },
        { key: "booking__attendee__name", label: "Attendee name" },
        { key: "booking__attendee__email", label: "Attendee email" },
        { key: "booking__attendee__timezone", label: "Attendee time zone" },
      ],
    },
  };
}

module.exports = [
  bookingTrigger({
    key: "booking_created",
    type: "booking.created",
    noun: "Booking",
    label: "New Booking",
    description: "Triggers when a booking is made (widget, public page, one-time link or API).",
  }),
  bookingTrigger({
    key: "booking_cancelled",
    type: "booking.cancelled",
    noun: "Booking",
    label: "Booking Cancelled",
    description: "Triggers when a booking is cancelled, with who cancelled it and the refund.",
  }),
  bookingTrigger({
    key: "booking_rescheduled",
    type: "booking.rescheduled",
    noun: "Booking",
    label: "Booking Rescheduled",
    description: "Triggers when a booking moves, with its previous start and end.",
  }),
];
