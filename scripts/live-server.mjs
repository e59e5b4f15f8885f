// A real `skyslots` server for the JavaScript tests and examples: embedded SQLite in a fresh
// temporary directory, a free loopback port, one organization. Build the binary first
// (`cargo build -p skyslots-api --bin skyslots`) or point SKYSLOTS_BIN at one.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Start a server. `env` adds variables (e.g. rate limits). Resolves to
 * `{ baseUrl, apiKey, orgSlug, stop }`; `stop()` shuts it down and removes its data.
 */
export async function startServer({ orgName = "Test Studio", slug = "test-studio", env = {} } = {}) {
  const bin = process.env.SKYSLOTS_BIN ?? join(root, "target", "debug", "skyslots");
  const dataDir = mkdtempSync(join(tmpdir(), "skyslots-js-"));
  const childEnv = { ...process.env, SKYSLOTS_DATA_DIR: dataDir, RUST_LOG: "warn", ...env };
  delete childEnv.DATABASE_URL;
  const created = JSON.parse(
    execFileSync(bin, ["org", "create", orgName, "--slug", slug, "--json"], { env: childEnv }).toString(),
  );
  const child = spawn(bin, ["serve", "--addr", "127.0.0.1:0"], {
    env: childEnv,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const baseUrl = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      const m = /^listening on (http:\/\/\S+)$/.exec(line.trim());
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected server output: ${line}`));
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    baseUrl,
    apiKey: created.api_key,
    orgSlug: created.slug,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A bookable link on `server`: a schedule of weekday mornings (09:00–12:00 UTC), one host on
 * it (Ada), and a link of `durations` for that host. Resolves to the link as the API returns it.
 */
export async function createBookableLink(server, { slug, title, durations = [30] }) {
  const call = async (path, body) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const weekly_rules = ["monday", "tuesday", "wednesday", "thursday", "friday"].map((weekday) => ({
    weekday, start: "09:00", end: "12:00",
  }));
  const schedule = await call("/v1/schedules", { name: "Mornings", timezone: "UTC", weekly_rules });
  const host = await call("/v1/hosts", { name: "Ada", email: "ada@example.com", timezone: "UTC", schedule_id: schedule.id });
  return call("/v1/links", { slug, title, durations, host_ids: [host.id] });
}

/** The Monday after next, as `YYYY-MM-DD`: always in the future, always a weekday. */
export function nextMonday() {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7) + 7);
  return d.toISOString().slice(0, 10);
}
