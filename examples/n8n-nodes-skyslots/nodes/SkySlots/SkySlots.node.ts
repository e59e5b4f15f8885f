import type {
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  INodeProperties,
  INodeType,
  INodeTypeDescription,
} from "n8n-workflow";
import { NodeConnectionTypes, NodeOperationError } from "n8n-workflow";

import { skySlotsList, skySlotsRequest } from "./GenericFunctions";

const show = (resource: string, operation: string[]) => ({ show: { resource: [resource], operation } });

const bookingId = (operation: string[]): INodeProperties => ({
  displayName: "Booking ID",
  name: "bookingId",
  type: "string",
  default: "",
  required: true,
  placeholder: "bkg_…",
  displayOptions: show("booking", operation),
});

const linkId = (resource: string, operation: string[]): INodeProperties => ({
  displayName: "Link ID",
  name: "linkId",
  type: "string",
  default: "",
  required: true,
  placeholder: "lnk_…",
  displayOptions: show(resource, operation),
});

const listing = (resource: string): INodeProperties[] => [
  {
    displayName: "Return All",
    name: "returnAll",
    type: "boolean",
    default: false,
    description: "Whether to return all results or only up to a given limit",
    displayOptions: show(resource, ["getMany"]),
  },
  {
    displayName: "Limit",
    name: "limit",
    type: "number",
    typeOptions: { minValue: 1 },
    default: 50,
    description: "Max number of results to return",
    displayOptions: { show: { resource: [resource], operation: ["getMany"], returnAll: [false] } },
  },
];

/** Bookings, availability, links and the event feed of a SkySlots organization. */
export class SkySlots implements INodeType {
  description: INodeTypeDescription = {
    displayName: "SkySlots",
    name: "skySlots",
    icon: "file:skyslots.svg",
    group: ["transform"],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: "Book, move and cancel appointments and read availability in SkySlots",
    defaults: { name: "SkySlots" },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    usableAsTool: true,
    credentials: [{ name: "skySlotsApi", required: true }],
    properties: [
      {
        displayName: "Resource",
        name: "resource",
        type: "options",
        noDataExpression: true,
        options: [
          { name: "Availability", value: "availability" },
          { name: "Booking", value: "booking" },
          { name: "Event", value: "event" },
          { name: "Link", value: "link" },
        ],
        default: "booking",
      },
      {
        displayName: "Operation",
        name: "operation",
        type: "options",
        noDataExpression: true,
        displayOptions: { show: { resource: ["booking"] } },
        options: [
          { name: "Cancel", value: "cancel", action: "Cancel a booking" },
          { name: "Confirm", value: "confirm", action: "Confirm a pending booking" },
          { name: "Create", value: "create", action: "Create a booking" },
          { name: "Get", value: "get", action: "Get a booking" },
          { name: "Get Many", value: "getMany", action: "Get many bookings" },
          { name: "Reschedule", value: "reschedule", action: "Reschedule a booking" },
        ],
        default: "create",
      },
      {
        displayName: "Operation",
        name: "operation",
        type: "options",
        noDataExpression: true,
        displayOptions: { show: { resource: ["availability"] } },
        options: [{ name: "Get", value: "get", action: "Get the free slots of a link" }],
        default: "get",
      },
      {
        displayName: "Operation",
        name: "operation",
        type: "options",
        noDataExpression: true,
        displayOptions: { show: { resource: ["link", "event"] } },
        options: [
          { name: "Get", value: "get", action: "Get one" },
          { name: "Get Many", value: "getMany", action: "Get many" },
        ],
        default: "getMany",
      },

      // booking: create
      linkId("booking", ["create"]),
      {
        displayName: "Start",
        name: "start",
        type: "dateTime",
        default: "",
        required: true,
        description: "A free slot's start",
        displayOptions: show("booking", ["create", "reschedule"]),
      },
      {
        displayName: "Attendee Name",
        name: "attendeeName",
        type: "string",
        default: "",
        required: true,
        displayOptions: show("booking", ["create"]),
      },
      {
        displayName: "Attendee Email",
        name: "attendeeEmail",
        type: "string",
        placeholder: "name@email.com",
        default: "",
        required: true,
        displayOptions: show("booking", ["create"]),
      },
      {
        displayName: "Additional Fields",
        name: "additionalFields",
        type: "collection",
        placeholder: "Add Field",
        default: {},
        displayOptions: show("booking", ["create", "reschedule"]),
        options: [
          {
            displayName: "Attendee Time Zone",
            name: "timezone",
            type: "string",
            default: "UTC",
            description: "IANA name, e.g. Europe/Berlin (create only)",
          },
          { displayName: "Duration (Minutes)", name: "duration", type: "number", default: 30 },
          { displayName: "Seats", name: "seats", type: "number", default: 1, description: "Create only" },
          {
            displayName: "Metadata (JSON)",
            name: "metadata",
            type: "json",
            default: "{}",
            description: "Your own string key/value pairs, kept on the booking (create only)",
          },
        ],
      },

      // booking: get, cancel, confirm, reschedule
      bookingId(["get", "cancel", "confirm", "reschedule"]),
      {
        displayName: "Reason",
        name: "reason",
        type: "string",
        default: "",
        displayOptions: show("booking", ["cancel"]),
      },

      // booking: getMany
      ...listing("booking"),
      {
        displayName: "Filters",
        name: "filters",
        type: "collection",
        placeholder: "Add Filter",
        default: {},
        displayOptions: show("booking", ["getMany"]),
        options: [
          { displayName: "Attendee Email", name: "attendee_email", type: "string", default: "" },
          { displayName: "Link ID", name: "link_id", type: "string", default: "" },
          { displayName: "Host ID", name: "host_id", type: "string", default: "" },
          { displayName: "Starts From", name: "start_from", type: "dateTime", default: "" },
          { displayName: "Starts Before", name: "start_to", type: "dateTime", default: "" },
          {
            displayName: "Status",
            name: "status",
            type: "options",
            default: "confirmed",
            options: [
              { name: "Cancelled", value: "cancelled" },
              { name: "Confirmed", value: "confirmed" },
              { name: "Pending", value: "pending" },
            ],
          },
        ],
      },

      // availability: get
      linkId("availability", ["get"]),
      {
        displayName: "From",
        name: "start",
        type: "dateTime",
        default: "",
        required: true,
        displayOptions: show("availability", ["get"]),
      },
      {
        displayName: "To",
        name: "end",
        type: "dateTime",
        default: "",
        required: true,
        description: "Slots starting before this time",
        displayOptions: show("availability", ["get"]),
      },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add Option",
        default: {},
        displayOptions: show("availability", ["get"]),
        options: [
          { displayName: "Duration (Minutes)", name: "duration", type: "number", default: 30 },
          {
            displayName: "Time Zone",
            name: "timezone",
            type: "string",
            default: "UTC",
            description: "For the local times of the slots",
          },
          {
            displayName: "One Item per Slot",
            name: "split",
            type: "boolean",
            default: true,
            description: "Whether to output each slot as its own item (else one item with all slots)",
          },
        ],
      },

      // link, event: get, getMany
      linkId("link", ["get"]),
      ...listing("link"),
      {
        displayName: "Event ID",
        name: "eventId",
        type: "string",
        default: "",
        required: true,
        placeholder: "evt_…",
        displayOptions: show("event", ["get"]),
      },
      ...listing("event"),
      {
        displayName: "Type",
        name: "type",
        type: "string",
        default: "",
        placeholder: "booking.created",
        description: "Only events of this type",
        displayOptions: show("event", ["getMany"]),
      },
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        const results = await run.call(this, i);
        out.push(...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(results), {
          itemData: { item: i },
        }));
      } catch (error) {
        if (!this.continueOnFail()) throw error;
        out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
      }
    }
    return [out];
  }
}

const date = (value: unknown) => new Date(String(value)).toISOString();

async function run(this: IExecuteFunctions, i: number): Promise<IDataObject | IDataObject[]> {
  const resource = this.getNodeParameter("resource", i) as string;
  const operation = this.getNodeParameter("operation", i) as string;
  const limit = () =>
    this.getNodeParameter("returnAll", i) ? 0 : (this.getNodeParameter("limit", i) as number);
  const id = (name: string) => encodeURIComponent(this.getNodeParameter(name, i) as string);

  if (resource === "booking") {
    switch (operation) {
      case "create": {
        const extra = this.getNodeParameter("additionalFields", i) as IDataObject;
        const metadata = typeof extra.metadata === "string" ? JSON.parse(extra.metadata) : extra.metadata;
        const body: IDataObject = {
          link_id: this.getNodeParameter("linkId", i),
          start: date(this.getNodeParameter("start", i)),
          attendee: {
            name: this.getNodeParameter("attendeeName", i),
            email: this.getNodeParameter("attendeeEmail", i),
            timezone: (extra.timezone as string) || "UTC",
          },
          metadata: metadata ?? {},
        };
        if (extra.duration !== undefined) body.duration = extra.duration;
        if (extra.seats !== undefined) body.seats = extra.seats;
        return await skySlotsRequest.call(this, "POST", "/v1/bookings", body);
      }
      case "get":
        return await skySlotsRequest.call(this, "GET", `/v1/bookings/${id("bookingId")}`);
      case "getMany": {
        const filters = { ...(this.getNodeParameter("filters", i) as IDataObject) };
        for (const key of ["start_from", "start_to"]) if (filters[key]) filters[key] = date(filters[key]);
        return await skySlotsList.call(this, "/v1/bookings", filters, limit());
      }
      case "cancel": {
        const reason = this.getNodeParameter("reason", i) as string;
        return await skySlotsRequest.call(this, "POST", `/v1/bookings/${id("bookingId")}/cancel`, reason ? { reason } : {});
      }
      case "confirm":
        return await skySlotsRequest.call(this, "POST", `/v1/bookings/${id("bookingId")}/confirm`);
      case "reschedule": {
        const extra = this.getNodeParameter("additionalFields", i) as IDataObject;
        const body: IDataObject = { start: date(this.getNodeParameter("start", i)) };
        if (extra.duration !== undefined) body.duration = extra.duration;
        return await skySlotsRequest.call(this, "POST", `/v1/bookings/${id("bookingId")}/reschedule`, body);
      }
    }
  }
  if (resource === "availability" && operation === "get") {
    const options = this.getNodeParameter("options", i) as IDataObject;
    const qs: IDataObject = {
      start: date(this.getNodeParameter("start", i)),
      end: date(this.getNodeParameter("end", i)),
    };
    if (options.duration !== undefined) qs.duration = options.duration;
    if (options.timezone) qs.timezone = options.timezone;
    const availability = await skySlotsRequest.call(this, "GET", `/v1/links/${id("linkId")}/availability`, undefined, qs);
    if (options.split === false) return availability;
    const { slots, ...rest } = availability;
    return (slots as IDataObject[]).map((slot) => ({ ...rest, ...slot }));
  }
  if (resource === "link") {
    if (operation === "get") return await skySlotsRequest.call(this, "GET", `/v1/links/${id("linkId")}`);
    if (operation === "getMany") return await skySlotsList.call(this, "/v1/links", {}, limit());
  }
  if (resource === "event") {
    if (operation === "get") return await skySlotsRequest.call(this, "GET", `/v1/events/${id("eventId")}`);
    if (operation === "getMany") {
      const type = this.getNodeParameter("type", i) as string;
      return await skySlotsList.call(this, "/v1/events", type ? { type } : {}, limit());
    }
  }
  throw new NodeOperationError(this.getNode(), `Unsupported operation ${resource}.${operation}`, { itemIndex: i });
}
