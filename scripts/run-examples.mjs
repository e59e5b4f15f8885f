// Runs the quickstarts against a live server and checks what they print (CI runs this).
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { startServer } from "./live-server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const server = await startServer({ orgName: "Quickstart", slug: "quickstart" });
const env = { ...process.env, SKYSLOTS_URL: server.baseUrl, SKYSLOTS_API_KEY: server.apiKey };
const runs = [
  ["quickstart-typescript", join(root, "node_modules", ".bin", "tsx"), ["quickstart.ts"]],
  ["quickstart-python", join(root, "target", "py", "bin", "python"), ["quickstart.py"]],
];
let failed = false;
try {
  // Twice each, against the same data: a quickstart must survive being run again.
  for (const [name, command, args] of [...runs, ...runs]) {
    const out = execFileSync(command, args, { cwd: join(root, "examples", name), env }).toString();
    const expected = [/free slots; booking/, /booked bkg_\w+: confirmed/, /again: slot_unavailable \(slot_full\)/, /cancelled: cancelled, refund 100%/];
    const missing = expected.filter((re) => !re.test(out));
    console.log(`--- ${name}\n${out.trim()}`);
    if (missing.length) {
      console.error(`${name}: expected output missing: ${missing.join(", ")}`);
      failed = true;
    }
  }
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
