import type {
  IDataObject,
  IHookFunctions,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
} from "n8n-workflow";
import { NodeConnectionTypes } from "n8n-workflow";

import { skySlotsRequest, verifySignature } from "../SkySlots/GenericFunctions";

/** What the trigger keeps between activation and deactivation (workflow static data). */
interface Registration extends IDataObject {
  endpointId?: string;
  secret?: string;
  events?: string[];
}

const EVENTS = [
  { name: "Any Event", value: "*", description: "Every event of the organization" },
  { name: "Booking Cancelled", value: "booking.cancelled" },
  { name: "Booking Confirmed", value: "booking.confirmed" },
  { name: "Booking Created", value: "booking.created" },
  { name: "Booking Declined", value: "booking.declined" },
  { name: "Booking Rescheduled", value: "booking.rescheduled" },
  { name: "Link Created", value: "link.created" },
  { name: "Link Deleted", value: "link.deleted" },
  { name: "Link Updated", value: "link.updated" },
  { name: "One-Time Link Created", value: "one_time_link.created" },
  { name: "One-Time Link Expired", value: "one_time_link.expired" },
  { name: "One-Time Link Used", value: "one_time_link.used" },
  { name: "Webhook Endpoint Disabled", value: "webhook_endpoint.disabled" },
];

function sameSet(a: string[] = [], b: string[] = []): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Starts a workflow on SkySlots events. Activating the workflow registers a webhook endpoint
 * for this node's URL (deactivating deletes it); each delivery's Standard Webhooks signature
 * is checked with the endpoint's secret before the workflow runs.
 */
export class SkySlotsTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: "SkySlots Trigger",
    name: "skySlotsTrigger",
    icon: "file:skyslots.svg",
    group: ["trigger"],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description: "Starts the workflow when bookings are made, moved or cancelled in SkySlots",
    defaults: { name: "SkySlots Trigger" },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: "skySlotsApi", required: true }],
    webhooks: [{ name: "default", httpMethod: "POST", responseMode: "onReceived", path: "webhook" }],
    properties: [
      {
        displayName: "Events",
        name: "events",
        type: "multiOptions",
        options: EVENTS,
        default: ["booking.created"],
        required: true,
        description: "The events that start the workflow",
      },
    ],
  };

  webhookMethods = {
    default: {
      /** True when this URL is registered for the chosen events and its secret is known. */
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const url = this.getNodeWebhookUrl("default") as string;
        const events = this.getNodeParameter("events") as string[];
        const registration = this.getWorkflowStaticData("node") as Registration;
        const found = await skySlotsRequest.call(this, "GET", "/v1/webhook-endpoints", undefined, { url });
        for (const endpoint of (found.data as IDataObject[]) ?? []) {
          const current =
            endpoint.id === registration.endpointId &&
            registration.secret &&
            endpoint.enabled === true &&
            sameSet(endpoint.event_types as string[], events);
          if (current) return true;
          // Registered by an earlier activation whose secret is lost, for other events, or
          // disabled after failures: replace it rather than run with it.
          await skySlotsRequest.call(this, "DELETE", `/v1/webhook-endpoints/${endpoint.id}`);
        }
        delete registration.endpointId;
        delete registration.secret;
        return false;
      },

      async create(this: IHookFunctions): Promise<boolean> {
        const url = this.getNodeWebhookUrl("default") as string;
        const events = this.getNodeParameter("events") as string[];
        const endpoint = await skySlotsRequest.call(this, "POST", "/v1/webhook-endpoints", {
          url,
          event_types: events,
          description: `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id}`,
        });
        const registration = this.getWorkflowStaticData("node") as Registration;
        registration.endpointId = endpoint.id as string;
        registration.secret = endpoint.secret as string;
        registration.events = events;
        return true;
      },

      async delete(this: IHookFunctions): Promise<boolean> {
        const registration = this.getWorkflowStaticData("node") as Registration;
        if (registration.endpointId) {
          try {
            await skySlotsRequest.call(this, "DELETE", `/v1/webhook-endpoints/${registration.endpointId}`);
          } catch (error) {
            // Already gone (deleted in SkySlots by hand): deactivation still succeeds.
            if ((error as { httpCode?: string }).httpCode !== "404") throw error;
          }
        }
        delete registration.endpointId;
        delete registration.secret;
        delete registration.events;
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const request = this.getRequestObject() as ReturnType<IWebhookFunctions["getRequestObject"]> & {
      rawBody?: Buffer;
    };
    const registration = this.getWorkflowStaticData("node") as Registration;
    const body = request.rawBody ?? Buffer.from(JSON.stringify(this.getBodyData()));
    if (!registration.secret || !verifySignature(body, this.getHeaderData() as IDataObject as never, registration.secret)) {
      const response = this.getResponseObject();
      response.status(401).json({ message: "invalid webhook signature" });
      return { noWebhookResponse: true };
    }
    const event = JSON.parse(body.toString("utf8")) as IDataObject;
    const events = (this.getNodeParameter("events") as string[]) ?? [];
    if (!events.includes("*") && !events.includes(event.type as string)) {
      // A ping, or a type the node no longer listens to: answered, but no workflow run.
      return { webhookResponse: "ignored" };
    }
    return { workflowData: [this.helpers.returnJsonArray([event])] };
  }
}
