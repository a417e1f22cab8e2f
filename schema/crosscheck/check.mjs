// Cross-checks schema/okr.schema.json with ajv, an implementation independent
// of the Go validator: the schema must compile in ajv's strict mode without a
// single warning, every file in ../testdata/crosscheck/valid must be accepted,
// and every file in ../testdata/crosscheck/invalid rejected, with errors at
// the instance locations ../testdata/crosscheck/expect.json lists for it (ajv
// may also report the enclosing if/then and anyOf at ancestors of those).
// Exits 1 on any disagreement.
//
//   npm install && node check.mjs

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";

const here = dirname(fileURLToPath(import.meta.url));
const schemaPath = join(here, "..", "okr.schema.json");
const corpus = join(here, "..", "testdata", "crosscheck");

const readJSON = (path) => JSON.parse(readFileSync(path, "utf8"));

const complaints = [];
const logger = {
  log: () => {},
  warn: (...args) => complaints.push(args.join(" ")),
  error: (...args) => complaints.push(args.join(" ")),
};

const ajv = new Ajv2020({
  strict: true, // strictSchema, strictNumbers, strictTypes, strictTuples, strictRequired
  allErrors: true,
  logger,
  loadSchema: () => {
    throw new Error("okr.schema.json must not load other schemas");
  },
});

// Files (or "schema") that disagree with the expected verdict.
const failed = new Set();
const fail = (what, msg) => {
  failed.add(what);
  console.error(`FAIL ${what}: ${msg}`);
};

let validate;
try {
  validate = ajv.compile(readJSON(schemaPath));
} catch (err) {
  console.error(`FAIL okr.schema.json: ajv (strict) rejects it: ${err.message}`);
  process.exit(1);
}
for (const c of complaints) fail("okr.schema.json", `ajv strict mode: ${c}`);

const list = (dir) =>
  readdirSync(join(corpus, dir))
    .filter((f) => f.endsWith(".json"))
    .sort();

const valid = list("valid");
const invalid = list("invalid");
const expect = readJSON(join(corpus, "expect.json"));

for (const name of valid) {
  if (!validate(readJSON(join(corpus, "valid", name)))) {
    fail(`valid/${name}`, `rejected: ${JSON.stringify(validate.errors)}`);
  }
}

const isAncestor = (a, b) => a === "" || b === a || b.startsWith(a + "/");

for (const name of invalid) {
  if (validate(readJSON(join(corpus, "invalid", name)))) {
    fail(`invalid/${name}`, "accepted");
    continue;
  }
  const want = expect[name];
  if (!want) {
    fail(`invalid/${name}`, "expect.json has no entry for it");
    continue;
  }
  const got = validate.errors.map((e) => e.instancePath);
  for (const loc of want) {
    if (!got.includes(loc)) {
      fail(`invalid/${name}`, `no error at ${JSON.stringify(loc)}; errors: ${JSON.stringify(validate.errors)}`);
    }
  }
  for (const e of validate.errors) {
    if (!want.some((loc) => isAncestor(e.instancePath, loc))) {
      fail(`invalid/${name}`, `unexpected error at ${JSON.stringify(e.instancePath)}: ${e.message}`);
    }
  }
}
for (const name of Object.keys(expect)) {
  if (!invalid.includes(name)) fail("expect.json", `names ${name}, which is not in invalid/`);
}

const total = valid.length + invalid.length;
const bad = [...failed].filter((f) => f.startsWith("valid/") || f.startsWith("invalid/")).length;
console.log(`ajv ${ajvVersion()}: ${total - bad} passed, ${bad} failed`);
process.exit(failed.size === 0 ? 0 : 1);

function ajvVersion() {
  return readJSON(join(here, "node_modules", "ajv", "package.json")).version;
}
