// The hand-written part of the SDK: a client with authentication, automatic idempotency keys
// and retries, typed errors, and pagination. Everything about operations and types comes from
// `schema.ts`, generated from the OpenAPI spec.
import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import type { FieldProblem, Problem, paths } from "./schema.js";

export type * from "./schema.js";

/** A typed client: `client.GET("/v1/links/{id}", { params: { path: { id } } })`. */
export type SkySlotsClient = Client<paths>;

export interface SkySlotsOptions {
  /** Where the server is, e.g. `https://api.example.com` (no `/v1`). */
  baseUrl: string;
  /** A secret API key (`sk_...`): for servers only, never in a browser. */
  apiKey?: string;
  /** A scoped token from `POST /v1/tokens`: for browsers and customers. */
  token?: string;
  /** Retries of a request that failed in transit or with 502/503/504 (default 2). POSTs are
   * retried with the same `Idempotency-Key`, so a retried create never books twice. */
  retries?: number;
  /** Another `fetch` (tests, proxies). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
}

/** An error answer of the API (RFC 9457 problem details), thrown by every call. */
export class SkySlotsError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** Stable machine code: `slot_unavailable`, `validation_failed`, `not_found`, `rate_limited`, ... */
  readonly code: string;
  readonly detail: string;
  /** For `slot_unavailable`: why (`slot_full`, `conflict`, `too_soon`, ...). */
  readonly reason?: string;
  /** For `validation_failed`: one entry per invalid field. */
  readonly errors: FieldProblem[];
  /** For `rate_limited`: seconds until a request is accepted again. */
  readonly retryAfter?: number;
  /** The whole problem as sent. */
  readonly problem: Problem;

  constructor(problem: Problem, retryAfter?: number) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = "SkySlotsError";
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.reason = problem.reason;
    this.errors = problem.errors ?? [];
    this.retryAfter = retryAfter;
    this.problem = problem;
  }
}

const RETRYABLE = new Set([502, 503, 504]);

/** A fetch that retries transient failures, re-sending the same request (and so the same
 * `Idempotency-Key`). */
function retrying(inner: typeof globalThis.fetch, retries: number): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await inner(request.clone());
        if (!RETRYABLE.has(response.status) || attempt >= retries) return response;
      } catch (error) {
        if (attempt >= retries) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  };
}

async function toError(response: Response): Promise<SkySlotsError> {
  const text = await response.text();
  let problem: Problem;
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    problem = {
      type: "about:blank",
      title: response.statusText,
      status: response.status,
      code: "unexpected_response",
      detail: text.slice(0, 200) || response.statusText,
    };
  }
  const retryAfter = Number(response.headers.get("retry-after") ?? NaN);
  return new SkySlotsError(problem, Number.isFinite(retryAfter) ? retryAfter : undefined);
}

/** Create a client. Every error answer is thrown as a {@link SkySlotsError}. */
export function createSkySlots(options: SkySlotsOptions): SkySlotsClient {
  const secret = options.apiKey ?? options.token;
  const client = createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: retrying(options.fetch ?? globalThis.fetch, options.retries ?? 2),
    headers: {
      ...options.headers,
      ...(secret ? { Authorization: `Bearer ${secret}` } : {}),
    },
  });
  const middleware: Middleware = {
    onRequest({ request }) {
      if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
        request.headers.set("Idempotency-Key", globalThis.crypto.randomUUID());
      }
      return request;
    },
    async onResponse({ response }) {
      if (!response.ok) throw await toError(response);
      return response;
    },
  };
  client.use(middleware);
  return client;
}

/** A page of a list: what `GET` list operations answer. */
interface Page<T> {
  data?: { data: T[]; next_cursor?: string | null };
}

/**
 * Every item of a cursor-paginated list, fetching pages as they are consumed:
 *
 * ```ts
 * for await (const b of paginate((cursor) =>
 *   client.GET("/v1/bookings", { params: { query: { cursor, limit: 100 } } }))) { ... }
 * ```
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    for (const item of page.data?.data ?? []) yield item;
    cursor = page.data?.next_cursor ?? undefined;
  } while (cursor);
}

export { verifyWebhook, WebhookVerificationError, type VerifyOptions } from "./webhooks.js";
