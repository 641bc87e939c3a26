// One user session with the official JavaScript client (@kubernetes/client-node 1.x).
// Usage: node session.mjs CLIENT_NODE_DIR KUBECONFIG NAMESPACE. Prints what it observed as one JSON
// object; ClientSession asserts on it.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [moduleDir, kubeconfig, ns] = process.argv.slice(2);
const k8s = await import(pathToFileURL(path.join(moduleDir, 'node_modules/@kubernetes/client-node/dist/index.js')));
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);
const core = kc.makeApiClient(k8s.CoreV1Api);
const seen = {};

const pod = (name, app) => ({
  metadata: { name, labels: { app } },
  spec: { containers: [{ name: 'main', image: 'busybox' }] },
});
await core.createNamespace({ body: { metadata: { name: ns } } });
// An informer (list, then watch with bookmarks) sees what the rest of the session does to ConfigMaps.
const informed = [];
const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/configmaps`,
  () => core.listNamespacedConfigMap({ namespace: ns }));
for (const verb of ['add', 'update', 'delete']) {
  informer.on(verb, (obj) => informed.push(`${verb} ${obj.metadata.name}`));
}
informer.on('error', (err) => informed.push(`error ${err}`));
await informer.start();
await core.createNamespacedConfigMap({
  namespace: ns, body: { metadata: { name: 'settings', labels: { app: 'demo' } }, data: { a: '1' } },
});
await core.createNamespacedPod({ namespace: ns, body: pod('web', 'demo') });
await core.createNamespacedPod({ namespace: ns, body: pod('other', 'other') });

seen.listed = (await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=demo' })).items.map((p) => p.metadata.name);
seen.got = (await core.readNamespacedConfigMap({ name: 'settings', namespace: ns })).data;
// The generic object API finds the resource through discovery.
const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
const created = await objects.create({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'generic', namespace: ns },
  spec: { selector: { matchLabels: { app: 'g' } }, template: {
    metadata: { labels: { app: 'g' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
});
const read = await objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'generic', namespace: ns } });
seen.generic = `${created.metadata.name} ${read.spec.template.spec.containers[0].image}`;
const patch = (body, type) => core.patchNamespacedConfigMap(
  { name: 'settings', namespace: ns, body }, k8s.setHeaderOptions('Content-Type', type));
seen.patched = (await patch({ data: { b: '2' } }, k8s.PatchStrategy.StrategicMergePatch)).data;
const patched = await patch([{ op: 'remove', path: '/data/a' }], k8s.PatchStrategy.JsonPatch);
seen.jsonPatched = patched.data;

const deleted = await core.deleteNamespacedConfigMap({ name: 'settings', namespace: ns });
seen.deleted = `${deleted.status} ${deleted.details.kind} ${deleted.details.name}`;
seen.watched = await new Promise((resolve, reject) => {
  let request;
  let done = false;
  new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/configmaps`,
    { resourceVersion: patched.metadata.resourceVersion, timeoutSeconds: 30 },
    (type, obj) => { done = true; resolve(`${type} ${obj.metadata.name}`); request?.abort(); },
    (err) => (err && !done ? reject(err) : resolve('watch ended without an event')))
    .then((r) => { request = r; if (done) r.abort(); }, reject);
});

try {
  await core.readNamespacedConfigMap({ name: 'settings', namespace: ns });
  seen.missing = 200;
} catch (e) {
  seen.missing = e.code;
  seen.missingReason = JSON.parse(e.body).reason;
}

await core.deleteNamespace({ name: ns });
try {
  seen.namespaceAfterDelete = (await core.readNamespace({ name: ns })).status.phase;
} catch (e) {
  seen.namespaceAfterDelete = e.code;
}
for (let i = 0; i < 300 && !informed.includes('delete settings'); i++) {
  await new Promise((r) => setTimeout(r, 100));
}
seen.informed = [...informed]; // before stop, which aborts the watch (an error event)
await informer.stop();
console.log(JSON.stringify(seen));
