import { createHmac, timingSafeEqual } from "node:crypto";

import type {
  IDataObject,
  IExecuteFunctions,
  IHookFunctions,
  IHttpRequestMethods,
  IWebhookFunctions,
  JsonObject,
} from "n8n-workflow";
import { NodeApiError } from "n8n-workflow";

type Context = IExecuteFunctions | IHookFunctions | IWebhookFunctions;

/** One request to the SkySlots API with the node's credential; problems become NodeApiErrors. */
export async function skySlotsRequest(
  this: Context,
  method: IHttpRequestMethods,
  path: string,
  body?: IDataObject,
  qs?: IDataObject,
): Promise<IDataObject> {
  const credentials = await this.getCredentials("skySlotsApi");
  const baseUrl = String(credentials.baseUrl).replace(/\/+$/, "");
  try {
    return (await this.helpers.httpRequestWithAuthentication.call(this, "skySlotsApi", {
      method,
      url: `${baseUrl}${path}`,
      body,
      qs,
      json: true,
    })) as IDataObject;
  } catch (error) {
    // n8n's helper wraps the HTTP client's error in a NodeApiError with a generic message;
    // the cause carries SkySlots' answer.
    const cause = ((error as { cause?: unknown }).cause ?? error) as JsonObject;
    throw new NodeApiError(this.getNode(), cause, problemOf(cause));
  }
}

/** The RFC 9457 problem SkySlots answered with, as NodeApiError's message and description. */
function problemOf(error: unknown): { message?: string; description?: string; httpCode?: string } {
  const response = (error as { response?: { status?: number; data?: unknown } }).response;
  const problem = response?.data as { title?: string; detail?: string; code?: string } | undefined;
  if (!problem || typeof problem !== "object" || !problem.title) return {};
  return {
    message: problem.code ? `${problem.title} (${problem.code})` : problem.title,
    description: problem.detail,
    httpCode: response?.status === undefined ? undefined : String(response.status),
  };
}

/** Every page of a list operation, following `next_cursor`, up to `limit` items (all if 0). */
export async function skySlotsList(
  this: IExecuteFunctions,
  path: string,
  qs: IDataObject,
  limit: number,
): Promise<IDataObject[]> {
  const items: IDataObject[] = [];
  let cursor: string | undefined;
  do {
    const pageSize = limit > 0 ? Math.min(100, limit - items.length) : 100;
    const page = await skySlotsRequest.call(this, "GET", path, undefined, {
      ...qs,
      limit: pageSize,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...((page.data as IDataObject[]) ?? []));
    cursor = page.next_cursor as string | undefined;
  } while (cursor && (limit === 0 || items.length < limit));
  return items;
}

/**
 * Standard Webhooks 1.0 verification of a SkySlots delivery: one of the space-separated
 * `v1,<base64 HMAC-SHA256>` signatures of `{id}.{timestamp}.{body}` must match the secret,
 * and the timestamp must be within `toleranceSeconds` of now (replays fail). Written with
 * node:crypto because n8n community nodes ship without runtime dependencies; the SDKs'
 * `verifyWebhook` is the same check.
 */
export function verifySignature(
  body: Buffer | string,
  headers: Record<string, string | string[] | undefined>,
  secret: string,
  now = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const one = (name: string) => {
    const value = headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? "";
  };
  const id = one("webhook-id");
  const timestamp = one("webhook-timestamp");
  const signatures = one("webhook-signature");
  if (!id || !/^\d+$/.test(timestamp) || !signatures || !secret.startsWith("whsec_")) return false;
  if (Math.abs(Math.floor(now / 1000) - Number(timestamp)) > toleranceSeconds) return false;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key)
    .update(`${id}.${timestamp}.`)
    .update(typeof body === "string" ? Buffer.from(body) : body)
    .digest();
  return signatures.split(" ").some((candidate) => {
    const [version, signature] = candidate.split(",", 2);
    if (version !== "v1" || !signature) return false;
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
