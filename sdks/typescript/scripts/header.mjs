// Prepends a "generated" notice to a generated file, so nobody edits it by hand.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
const notice =
  "// Generated from openapi/v1.json by openapi-typescript (scripts/generate-sdks). Do not edit.\n";
const text = readFileSync(file, "utf8");
if (!text.startsWith(notice)) writeFileSync(file, notice + text);
