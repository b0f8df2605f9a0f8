// Validates every YAML block of docs/kubernetes.md against the Kubernetes OpenAPI schemas
// (the npm package kubernetes-models: types, formats and required fields; like the API server's
// non-strict mode it does not reject unknown fields), then checks that each Deployment's termination grace
// period covers its preStop pause and the drain configured in its ConfigMap.
// Usage: node validate.mjs <markdown file>; exits 1 on the first problem, naming it.
import { readFileSync } from "node:fs";
import { parseAllDocuments, parse } from "yaml";

const file = process.argv[2];
const markdown = readFileSync(file, "utf8");
const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
const objects = [];
for (const block of blocks) {
  for (const document of parseAllDocuments(block)) {
    if (document.errors.length > 0) {
      fail(`YAML error: ${document.errors[0].message}`);
    }
    const object = document.toJS();
    if (object && object.apiVersion && object.kind) {
      objects.push(object);
    }
  }
}
if (objects.length === 0) {
  fail(`no Kubernetes objects in ${file}`);
}

async function modelOf(object) {
  const path = object.apiVersion.includes("/") ? object.apiVersion : object.apiVersion;
  const module = await import(`kubernetes-models/${path}/${object.kind}`);
  return module[object.kind] ?? module.default;
}

async function validate(object) {
  const Model = await modelOf(object);
  new Model(object).validate();
}

// The validator must reject what the API server would: a control that cannot pass.
try {
  await validate({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" },
    spec: { replicas: "three", selector: {}, template: {} } });
  fail("the validator accepted a Deployment with replicas: \"three\"");
}
catch (error) {
  if (error.message.startsWith("the validator accepted")) {
    throw error;
  }
}

for (const object of objects) {
  try {
    await validate(object);
  }
  catch (error) {
    fail(`${object.kind} ${object.metadata?.name}: ${error.message}`);
  }
}

const seconds = (duration) => {
  const match = /^(\d+)(ms|s|m)?$/.exec(String(duration));
  if (!match) {
    fail(`unreadable duration ${duration}`);
  }
  const value = Number(match[1]);
  return match[2] === "ms" ? value / 1000 : match[2] === "m" ? value * 60 : value;
};
for (const deployment of objects.filter((object) => object.kind === "Deployment")) {
  const pod = deployment.spec.template.spec;
  const volume = (pod.volumes ?? []).find((candidate) => candidate.configMap);
  if (!volume) {
    continue;
  }
  const configMap = objects.find((object) => object.kind === "ConfigMap"
    && object.metadata.name === volume.configMap.name);
  if (!configMap) {
    fail(`Deployment ${deployment.metadata.name}: ConfigMap ${volume.configMap.name} is not in the manifest`);
  }
  const settings = parse(configMap.data["application.yml"]);
  const drain = seconds(settings.spring?.lifecycle?.["timeout-per-shutdown-phase"] ?? "30s");
  const preStop = Math.max(0, ...pod.containers.map((container) => container.lifecycle?.preStop?.sleep?.seconds ?? 0));
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  if (grace <= preStop + drain) {
    fail(`Deployment ${deployment.metadata.name}: terminationGracePeriodSeconds ${grace} does not cover `
      + `preStop ${preStop} s + drain ${drain} s`);
  }
  const sysctls = pod.securityContext?.sysctls ?? [];
  if (!sysctls.some((sysctl) => sysctl.name === "net.ipv4.tcp_migrate_req" && sysctl.value === "1")) {
    fail(`Deployment ${deployment.metadata.name}: no pod sysctl net.ipv4.tcp_migrate_req=1`);
  }
  if (settings.reuseport?.cache?.redis?.enabled !== true) {
    fail(`Deployment ${deployment.metadata.name}: the cache coherence link is not enabled`);
  }
  const groups = settings.management?.endpoint?.health?.group ?? {};
  for (const [name, group] of Object.entries(groups)) {
    if (String(group.include ?? "").includes("reuseportCacheCoherence")) {
      fail(`health group ${name} includes reuseportCacheCoherence: a Redis outage would fail its probe`);
    }
  }
}

console.log(`${objects.length} Kubernetes objects in ${file} are valid: `
  + objects.map((object) => `${object.kind}/${object.metadata.name}`).join(", "));

function fail(message) {
  console.error(`kubernetes manifest check failed: ${message}`);
  process.exit(1);
}
