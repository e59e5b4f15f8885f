// Free times of a link in a window, earliest first: as a Zapier search the first result is
// the next free slot, which a following "Create Booking" step can take.
const { apiUrl } = require("./http");

const DAY = 24 * 60 * 60 * 1000;

module.exports = {
  key: "find_availability",
  noun: "Available Time",
  display: { label: "Find Available Times", description: "Finds free slots of a link, earliest first." },
  operation: {
    inputFields: [
      { key: "link_id", label: "Link", required: true, dynamic: "link_list.id.label" },
      { key: "start", label: "From", type: "datetime", helpText: "Empty: now." },
      { key: "days", label: "Days to search", type: "integer", default: "7" },
      { key: "duration", label: "Duration (minutes)", type: "integer", helpText: "Empty: the link's first duration." },
      { key: "timezone", label: "Time zone", default: "UTC", helpText: "For the local times in the result." },
    ],
    perform: async (z, bundle) => {
      const input = bundle.inputData;
      const from = input.start ? new Date(input.start) : new Date();
      const days = Math.min(Math.max(Number(input.days) || 7, 1), 60);
      const params = {
        start: from.toISOString(),
        end: new Date(from.getTime() + days * DAY).toISOString(),
        timezone: input.timezone || "UTC",
      };
      if (input.duration) params.duration = Number(input.duration);
      const response = await z.request({
        url: apiUrl(bundle, `/v1/links/${encodeURIComponent(input.link_id)}/availability`),
        params,
      });
      const { link_id, duration, timezone, slots } = response.data;
      // Zapier wants an `id` per result: a slot is its link and start.
      return slots.map((slot) => ({ id: `${link_id}@${slot.start}`, link_id, duration, timezone, ...slot }));
    },
    sample: {
      id: "lnk_01jdq4x8m2w9k3v7c5t1r6y0ab@2026-12-07T15:00:00Z",
      link_id: "lnk_01jdq4x8m2w9k3v7c5t1r6y0ab",
      duration: 30,
      timezone: "UTC",
      start: "2026-12-07T15:00:00Z",
      end: "2026-12-07T15:30:00Z",
      local_start: "2026-12-07T15:00:00+00:00",
      local_end: "2026-12-07T15:30:00+00:00",
      seats_remaining: 1,
    },
  },
};
