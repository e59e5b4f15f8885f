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
export function nextMonday(): string;
