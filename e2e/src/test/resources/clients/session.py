"""One user session with the official Python client (Debian's python3-kubernetes).

Usage: session.py KUBECONFIG NAMESPACE. Prints what it observed as one JSON object; ClientSession
asserts on it.
"""
import json
import sys

from kubernetes import client, config, dynamic, watch
from kubernetes.client.rest import ApiException

kubeconfig, ns = sys.argv[1], sys.argv[2]
config.load_kube_config(config_file=kubeconfig)
core = client.CoreV1Api()
seen = {}

core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
core.create_namespaced_config_map(ns, client.V1ConfigMap(
    metadata=client.V1ObjectMeta(name="settings", labels={"app": "demo"}), data={"a": "1"}))
for name, app in (("web", "demo"), ("other", "other")):
    core.create_namespaced_pod(ns, client.V1Pod(
        metadata=client.V1ObjectMeta(name=name, labels={"app": app}),
        spec=client.V1PodSpec(containers=[client.V1Container(name="main", image="busybox")])))

seen["listed"] = [p.metadata.name for p in core.list_namespaced_pod(ns, label_selector="app=demo").items]
seen["got"] = core.read_namespaced_config_map("settings", ns).data
# The dynamic client finds the resource through discovery.
dyn = dynamic.DynamicClient(client.ApiClient()).resources.get(api_version="apps/v1", kind="Deployment")
seen["generic"] = dyn.create(namespace=ns, body={
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "generic"},
    "spec": {"selector": {"matchLabels": {"app": "g"}}, "template": {
        "metadata": {"labels": {"app": "g"}}, "spec": {"containers": [{"name": "c", "image": "busybox"}]}}}}
).metadata.name + " " + dyn.get(namespace=ns, name="generic").spec.template.spec.containers[0].image
# A dict body is sent as a strategic merge patch, a list as a JSON patch.
seen["patched"] = core.patch_namespaced_config_map("settings", ns, {"data": {"b": "2"}}).data
patched = core.patch_namespaced_config_map("settings", ns, [{"op": "remove", "path": "/data/a"}])
seen["jsonPatched"] = patched.data

deleted = core.delete_namespaced_config_map("settings", ns)
seen["deleted"] = deleted.status + " " + deleted.details.kind + " " + deleted.details.name
w = watch.Watch()
for event in w.stream(core.list_namespaced_config_map, ns,
                      resource_version=patched.metadata.resource_version, timeout_seconds=30):
    seen["watched"] = event["type"] + " " + event["object"].metadata.name
    w.stop()
    break

try:
    core.read_namespaced_config_map("settings", ns)
    seen["missing"] = 200
except ApiException as e:
    seen["missing"] = e.status
    seen["missingReason"] = json.loads(e.body)["reason"]

core.delete_namespace(ns)
try:
    seen["namespaceAfterDelete"] = core.read_namespace(ns).status.phase
except ApiException as e:
    seen["namespaceAfterDelete"] = e.status
print(json.dumps(seen))
