// Validates Kubernetes manifests (a multi-document YAML on stdin, e.g. `kubectl kustomize deploy/kubernetes`)
// against the Kubernetes API schemas, offline: kubernetes-models carries the official OpenAPI definitions compiled
// to validators (types, required fields, enums, formats). Prints one line per object; exit 1 when any is invalid,
// 2 when an object's apiVersion/kind is not known to it.
import { parseAllDocuments } from "yaml";

const text = await new Promise((resolve) => {
  let s = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (c) => (s += c));
  process.stdin.on("end", () => resolve(s));
});

let failed = 0;
let unknown = 0;
for (const doc of parseAllDocuments(text)) {
  if (doc.errors.length) {
    console.log(`INVALID yaml: ${doc.errors[0].message}`);
    failed++;
    continue;
  }
  const obj = doc.toJS();
  if (!obj) continue;
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const module = group === "" ? `kubernetes-models/${version}/${obj.kind}` : `kubernetes-models/${group}/${version}/${obj.kind}`;
  const name = `${obj.kind} ${obj.metadata?.namespace ? obj.metadata.namespace + "/" : ""}${obj.metadata?.name}`;
  let Model;
  try {
    Model = (await import(module))[obj.kind];
  } catch (e) {
    console.log(`UNKNOWN ${name}: no schema for ${obj.apiVersion} ${obj.kind}`);
    unknown++;
    continue;
  }
  try {
    new Model(obj).validate();
    console.log(`valid ${name} (${obj.apiVersion})`);
  } catch (e) {
    console.log(`INVALID ${name}: ${e.message}`);
    failed++;
  }
}
process.exit(failed ? 1 : unknown ? 2 : 0);
