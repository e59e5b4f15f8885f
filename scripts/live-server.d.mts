export interface LiveServer {
  baseUrl: string;
  apiKey: string;
  orgSlug: string;
  stop(): Promise<void>;
}
export function startServer(options?: {
  orgName?: string;
  slug?: string;
  env?: Record<string, string>;
}): Promise<LiveServer>;
export function createBookableLink(
  server: LiveServer,
  link: { slug: string; title: string; durations?: number[] },
): Promise<{ id: string; slug: string; title: string; durations: number[]; host_ids: string[] }>;
export function nextMonday(): string;
