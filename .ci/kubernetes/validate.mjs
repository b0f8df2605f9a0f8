// Validates every YAML block of docs/kubernetes.md against the Kubernetes OpenAPI schemas
// (the npm package kubernetes-models: types, formats and required fields; like the API server's
// non-strict mode it does not reject unknown fields), then checks that each Deployment of the application
// mounts its ConfigMap, that its termination grace period covers its preStop pause and the drain configured
// there, that it sets tcp_migrate_req=1, enables the cache coherence link and keeps it out of probe groups.
// Controls made from the manifest itself, each broken in one way, must be rejected for that one thing.
// Usage: node validate.mjs <markdown file>; exits 1 on the first problem, naming it.
import { readFileSync } from "node:fs";
import { parseAllDocuments, parse, stringify } from "yaml";

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
    throw new Error(`unreadable duration ${duration}`);
  }
  const value = Number(match[1]);
  return match[2] === "ms" ? value / 1000 : match[2] === "m" ? value * 60 : value;
};

// What each Deployment must hold beyond the schema; returns the problems found, so that the controls
// below can show that each check fails on the manifest with that one thing broken.
function problems(deployment, all) {
  const found = [];
  const name = `Deployment ${deployment.metadata.name}`;
  const pod = deployment.spec.template.spec;
  const volume = (pod.volumes ?? []).find((candidate) => candidate.configMap);
  const configMap = volume && all.find((object) => object.kind === "ConfigMap"
    && object.metadata.name === volume.configMap.name);
  const yml = configMap?.data?.["application.yml"];
  if (!yml) {
    // every check below reads the application's settings: without them none could run
    return [`${name}: mounts no ConfigMap of this manifest with an application.yml`];
  }
  const settings = parse(yml);
  const drain = seconds(settings.spring?.lifecycle?.["timeout-per-shutdown-phase"] ?? "30s");
  const preStop = Math.max(0, ...pod.containers.map((container) => container.lifecycle?.preStop?.sleep?.seconds ?? 0));
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  if (grace <= preStop + drain) {
    found.push(`${name}: terminationGracePeriodSeconds ${grace} does not cover preStop ${preStop} s + drain ${drain} s`);
  }
  const sysctls = pod.securityContext?.sysctls ?? [];
  if (!sysctls.some((sysctl) => sysctl.name === "net.ipv4.tcp_migrate_req" && sysctl.value === "1")) {
    found.push(`${name}: no pod sysctl net.ipv4.tcp_migrate_req=1`);
  }
  if (settings.reuseport?.cache?.redis?.enabled !== true) {
    found.push(`${name}: the cache coherence link is not enabled`);
  }
  const groups = settings.management?.endpoint?.health?.group ?? {};
  for (const [group, members] of Object.entries(groups)) {
    if (String(members.include ?? "").includes("reuseportCacheCoherence")) {
      found.push(`health group ${group} includes reuseportCacheCoherence: a Redis outage would fail its probe`);
    }
  }
  return found;
}

// The application's Deployments are those probed on Actuator's readiness group (the Redis beside them is not).
const isApplication = (deployment) => deployment.spec.template.spec.containers
  .some((container) => String(container.readinessProbe?.httpGet?.path ?? "").startsWith("/actuator/health"));
const deployments = objects.filter((object) => object.kind === "Deployment" && isApplication(object));
if (deployments.length === 0) {
  fail(`no Deployment of the application (readiness probe on /actuator/health/...) in ${file}`);
}
for (const deployment of deployments) {
  const found = problems(deployment, objects);
  if (found.length > 0) {
    fail(found[0]);
  }
}

// Controls: the manifest's first application Deployment with exactly one thing broken must be rejected, each for
// that thing, so that neither the schema validation nor a check above passes whatever it is given.
const original = deployments[0];
const copy = () => structuredClone(original);
const configMapOf = (deployment, all) => all.find((object) => object.kind === "ConfigMap"
  && object.metadata.name === deployment.spec.template.spec.volumes.find((v) => v.configMap).configMap.name);
async function expectRejected(what, deployment, all, expected) {
  let message = null;
  try {
    await validate(deployment);
    const found = problems(deployment, all);
    message = found.length > 0 ? found.join("; ") : null;
  }
  catch (error) {
    message = error.message;
  }
  if (message === null || !expected.test(message)) {
    fail(`control "${what}" was ${message === null ? "accepted" : `rejected for another reason: ${message}`}`);
  }
}
{
  const broken = copy();
  broken.spec.replicas = "three";
  await expectRejected("replicas is a string", broken, objects, /replicas/);
}
{
  const broken = copy();
  broken.spec.template.spec.terminationGracePeriodSeconds = 1;
  await expectRejected("grace period shorter than the drain", broken, objects, /terminationGracePeriodSeconds 1/);
}
{
  const broken = copy();
  broken.spec.template.spec.securityContext = {};
  await expectRejected("no tcp_migrate_req sysctl", broken, objects, /tcp_migrate_req/);
}
{
  const broken = copy();
  broken.spec.template.spec.volumes = [];
  await expectRejected("no ConfigMap volume", broken, objects, /mounts no ConfigMap/);
}
{
  const all = structuredClone(objects);
  const configMap = configMapOf(original, all);
  const settings = parse(configMap.data["application.yml"]);
  settings.reuseport.cache.redis.enabled = false;
  configMap.data["application.yml"] = stringify(settings);
  await expectRejected("coherence link off", copy(), all, /coherence link is not enabled/);
}

console.log(`${objects.length} Kubernetes objects in ${file} are valid: `
  + objects.map((object) => `${object.kind}/${object.metadata.name}`).join(", ")
  + "; 5 controls, each broken in one way, were rejected for it");

function fail(message) {
  console.error(`kubernetes manifest check failed: ${message}`);
  process.exit(1);
}
