// A schema-only validator of an OKR repository, built the way a user might
// pick instead of `okr validate`: js-yaml to load every YAML document and ajv
// (draft 2020-12) to check each against schema/okr.schema.json. It does none
// of okr's semantic checks (unique ids, references, periods, CSV files).
//
//   node validate.mjs [-s SCHEMA] DIR
//
// Reads every *.yaml and *.yml under DIR (skipping .git and node_modules),
// loads all documents of each file, and validates each document whose
// apiVersion starts with "okr/" (okr/v1 is the only valid one), plus the
// root okr.yaml as the repository config. Prints how many were valid and
// invalid (the first errors of each invalid one on stderr); exits 1 if any
// document is invalid or a file does not parse, 2 on usage errors.
//
// YAML is loaded with js-yaml's CORE_SCHEMA (YAML 1.2 core, the default of
// js-yaml 5): it has no timestamp type, so `at: 2026-10-05` stays the string
// the schema expects, and `period: 2026` is the integer the schema allows.

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAll, CORE_SCHEMA } from "js-yaml";
import Ajv2020 from "ajv/dist/2020.js";

const here = dirname(fileURLToPath(import.meta.url));

function usage(msg) {
  if (msg) console.error(`validate.mjs: ${msg}`);
  console.error("usage: node validate.mjs [-s SCHEMA] DIR");
  process.exit(2);
}

let schemaPath = join(here, "..", "..", "schema", "okr.schema.json");
const args = process.argv.slice(2);
let root;
while (args.length > 0) {
  const a = args.shift();
  if (a === "-s") {
    if (args.length === 0) usage("-s needs a file");
    schemaPath = args.shift();
  } else if (a.startsWith("-")) {
    usage(`unknown flag ${a}`);
  } else if (root === undefined) {
    root = a;
  } else {
    usage("one directory only");
  }
}
if (root === undefined) usage("no directory");

const ajv = new Ajv2020({ strict: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === ".git" || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && (e.name.endsWith(".yaml") || e.name.endsWith(".yml"))) yield p;
  }
}

let valid = 0;
let invalid = 0;
let unparsable = 0;
let shown = 0;
const show = (line) => {
  if (shown++ < 20) console.error(line);
};

for (const path of walk(root)) {
  const rel = relative(root, path);
  let docs;
  try {
    docs = loadAll(readFileSync(path, "utf8"), { schema: CORE_SCHEMA });
  } catch (err) {
    unparsable++;
    show(`${rel}: ${err.message.split("\n")[0]}`);
    continue;
  }
  const isConfig = rel === "okr.yaml";
  docs.forEach((doc, i) => {
    const okrDoc =
      doc !== null && typeof doc === "object" && !Array.isArray(doc) &&
      typeof doc.apiVersion === "string" && doc.apiVersion.startsWith("okr/");
    if (!okrDoc && !isConfig) return;
    if (validate(doc)) {
      valid++;
      return;
    }
    invalid++;
    for (const e of validate.errors) {
      show(`${rel} (document ${i + 1}): ${e.instancePath || "/"}: ${e.message}`);
    }
  });
}

if (shown > 20) console.error(`... and ${shown - 20} more error lines`);
console.log(
  `js-yaml + ajv: ${valid} documents valid, ${invalid} invalid` +
    (unparsable > 0 ? `; ${unparsable} files did not parse` : ""),
);
process.exit(invalid > 0 || unparsable > 0 ? 1 : 0);
