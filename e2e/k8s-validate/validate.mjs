// Validates Kubernetes objects offline against the JSON schemas the kubernetes-models packages
// compile from the Kubernetes OpenAPI spec and the prometheus-operator CRDs: types, required
// fields, enums, formats and patterns. Unknown fields are NOT reported (the schemas allow them,
// as the API server prunes them from custom resources).
// Input: a file (argument) holding a JSON array of objects. Output: one line per object; exit 1 if any is invalid
// or of a kind without a schema here (never passes by skipping).
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = 0;
for (const obj of objects) {
  const name = `${obj.kind} ${obj.metadata?.namespace ?? ""}/${obj.metadata?.name}`;
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const module = group.endsWith("monitoring.coreos.com")
    ? `@kubernetes-models/prometheus-operator/${group}/${version}/${obj.kind}`
    : `kubernetes-models/${group ? group + "/" : ""}${version}/${obj.kind}`;
  let Model;
  try {
    Model = (await import(module))[obj.kind];
  } catch (e) {
    failed++;
    console.log(`INVALID ${name}: no schema for ${obj.apiVersion} ${obj.kind} (${module})`);
    continue;
  }
  try {
    new Model(obj).validate();
    console.log(`valid ${name} (${obj.apiVersion})`);
  } catch (e) {
    failed++;
    console.log(`INVALID ${name}: ${e.message}`);
  }
}
console.log(`${objects.length - failed} valid, ${failed} invalid`);
process.exit(failed === 0 ? 0 : 1);
