// Book a slot of a link for someone: the same request the widget makes, so availability,
// capacity and the link's rules apply (a taken time is an error the Zap shows).
const { apiUrl } = require("./http");

module.exports = {
  key: "create_booking",
  noun: "Booking",
  display: { label: "Create Booking", description: "Books a time on one of your links." },
  operation: {
    inputFields: [
      { key: "link_id", label: "Link", required: true, dynamic: "link_list.id.label" },
      { key: "start", label: "Start", type: "datetime", required: true, helpText: "A free slot's start (see Find Available Times)." },
      { key: "duration", label: "Duration (minutes)", type: "integer", helpText: "One of the link's durations; empty: its first." },
      { key: "seats", label: "Seats", type: "integer", default: "1" },
      { key: "attendee_name", label: "Attendee name", required: true },
      { key: "attendee_email", label: "Attendee email", required: true },
      { key: "attendee_timezone", label: "Attendee time zone", default: "UTC", helpText: "IANA name, e.g. `Europe/Berlin`." },
      { key: "metadata", label: "Metadata", dict: true, helpText: "Your own key/value pairs, kept on the booking." },
    ],
    perform: async (z, bundle) => {
      const input = bundle.inputData;
      const body = {
        link_id: input.link_id,
        start: new Date(input.start).toISOString(),
        attendee: {
          name: input.attendee_name,
          email: input.attendee_email,
          timezone: input.attendee_timezone || "UTC",
        },
        metadata: input.metadata || {},
      };
      if (input.duration !== undefined && input.duration !== "") body.duration = Number(input.duration);
      if (input.seats !== undefined && input.seats !== "") body.seats = Number(input.seats);
      const response = await z.request({ method: "POST", url: apiUrl(bundle, "/v1/bookings"), body });
      return response.data;
    },
    sample: {
      id: "bkg_01jdq4x8m2w9k3v7c5t1r6y0ab",
      link_id: "lnk_01jdq4x8m2w9k3v7c5t1r6y0ab",
      start: "2026-12-07T15:00:00Z",
      end: "2026-12-07T15:30:00Z",
      duration: 30,
      seats: 1,
      status: "confirmed",
      attendee: { name: "Grace", email: "grace@example.com", timezone: "America/New_York" },
    },
  },
};
