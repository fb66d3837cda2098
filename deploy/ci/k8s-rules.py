"""The deployment rules for a rendered kustomization (deploy/ci/k8s-check.sh).

Usage: k8s-rules.py RENDER.yaml OUT.json -- checks RENDER.yaml, writes its objects as a JSON
array (for the schema validation), exits 1 when a rule is broken.
"""
import json
import sys

import yaml

NAMESPACE = "audit-overlay"
CLUSTER_SCOPED = {"Namespace"}


def matches(selector, labels):
    return all(labels.get(k) == v for k, v in (selector or {}).items())


def main(src, out):
    objs = [o for o in yaml.safe_load_all(open(src)) if o]
    json.dump(objs, open(out, "w"))
    problems = []
    by_kind = {}
    for o in objs:
        by_kind.setdefault(o["kind"], []).append(o)
        if o["kind"] not in CLUSTER_SCOPED and o["metadata"].get("namespace") != NAMESPACE:
            problems.append(f"{o['kind']}/{o['metadata']['name']}: not in namespace {NAMESPACE}")
    policies = by_kind.get("NetworkPolicy", [])
    if not any(p["spec"].get("podSelector") == {} and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
               and not p["spec"].get("ingress") and not p["spec"].get("egress") for p in policies):
        problems.append("no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)")
    configmaps = {c["metadata"]["name"] for c in by_kind.get("ConfigMap", [])}
    services = {s["metadata"]["name"]: s for s in by_kind.get("Service", [])}
    for w in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []):
        name = f"{w['kind']}/{w['metadata']['name']}"
        pod = w["spec"]["template"]
        labels = pod["metadata"].get("labels", {})
        psc = pod["spec"].get("securityContext", {})
        if psc.get("runAsNonRoot") is not True:
            problems.append(f"{name}: pod securityContext.runAsNonRoot is not true")
        if psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            problems.append(f"{name}: pod seccompProfile is not RuntimeDefault")
        for c in pod["spec"]["containers"] + pod["spec"].get("initContainers", []):
            cn = f"{name} container {c['name']}"
            sc = c.get("securityContext", {})
            if sc.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{cn}: allowPrivilegeEscalation is not false")
            if sc.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{cn}: readOnlyRootFilesystem is not true")
            if "ALL" not in sc.get("capabilities", {}).get("drop", []):
                problems.append(f"{cn}: capabilities are not all dropped")
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                if probe not in c:
                    problems.append(f"{cn}: no {probe}")
            res = c.get("resources", {})
            for key in ("cpu", "memory"):
                if key not in res.get("requests", {}):
                    problems.append(f"{cn}: no {key} request")
            if "memory" not in res.get("limits", {}):
                problems.append(f"{cn}: no memory limit")
            for env in c.get("env", []):
                ref = env.get("valueFrom", {}).get("configMapKeyRef")
                if ref and ref["name"] not in configmaps:
                    problems.append(f"{cn}: env {env['name']} names ConfigMap {ref['name']}, not in the render")
        for v in pod["spec"].get("volumes", []):
            if "configMap" in v and v["configMap"]["name"] not in configmaps:
                problems.append(f"{name}: volume {v['name']} names ConfigMap {v['configMap']['name']}, not in the render")
        if not any(matches(p["spec"]["selector"].get("matchLabels"), labels) for p in by_kind.get("PodDisruptionBudget", [])):
            problems.append(f"{name}: no PodDisruptionBudget selects its pods")
        if not any(p["spec"].get("ingress") and matches(p["spec"]["podSelector"].get("matchLabels"), labels) for p in policies):
            problems.append(f"{name}: no NetworkPolicy lets anything in (not even metrics)")
        if not any(p["spec"].get("egress") and p["spec"]["podSelector"] != {}
                   and matches(p["spec"]["podSelector"].get("matchLabels"), labels) for p in policies):
            problems.append(f"{name}: no NetworkPolicy lets it out (Kafka, PostgreSQL)")
        if w["kind"] == "StatefulSet":
            svc = services.get(w["spec"].get("serviceName"))
            if not svc or svc["spec"].get("clusterIP") != "None":
                problems.append(f"{name}: serviceName {w['spec'].get('serviceName')} is not a headless Service of the render")
    for p in problems:
        print(f"k8s rules ({src.rsplit('/', 1)[-1]}): {p}", file=sys.stderr)
    workloads = len(by_kind.get("Deployment", [])) + len(by_kind.get("StatefulSet", []))
    print(f"k8s rules: {len(objs)} objects, {workloads} workloads, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
