// Bundles the widget and the SDK it uses into one minified script: `node build.mjs OUT`.
// Deterministic for a given lockfile, so CI rebuilds it and compares with the committed file.
import { build } from "esbuild";

const outfile = process.argv[2] ?? "dist/embed.js";
await build({
  entryPoints: ["src/widget.ts"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  banner: { js: "/* SkySlots booking widget: <skyslots-booking org=\"…\" link=\"…\">. Built from examples/embed-widget. */" },
  outfile,
  logLevel: "warning",
});
