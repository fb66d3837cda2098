// Validates rendered Kubernetes objects (a JSON array on stdin) against the Kubernetes API
// schemas bundled in the npm package kubernetes-models (types, required fields, unknown fields).
// Usage: node k8s-validate.mjs <node_modules dir holding kubernetes-models> < objects.json
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = process.argv[2];
const objects = JSON.parse(readFileSync(0, 'utf8'));
let failures = 0;
for (const obj of objects) {
  const what = `${obj.kind}/${obj.metadata && obj.metadata.name}`;
  let Model;
  try {
    const file = join(modules, 'kubernetes-models', obj.apiVersion, `${obj.kind}.js`);
    Model = (await import(pathToFileURL(file).href))[obj.kind];
  } catch (e) {
    Model = undefined;
  }
  if (!Model) {
    console.error(`k8s schema: ${what}: no schema for ${obj.apiVersion} ${obj.kind}`);
    failures++;
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    console.error(`k8s schema: ${what}: ${e.message}`);
    failures++;
  }
}
console.log(`k8s schema: ${objects.length} objects, ${failures} invalid`);
process.exit(failures ? 1 : 0);
