package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func mustSpec(t *testing.T, js string) *podConfigSpec {
	t.Helper()
	var s podConfigSpec
	if err := json.Unmarshal([]byte(js), &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

const envSpec = `{"containers":[{"name":"app","image":"app:1","env":[
  {"name":"PLAIN","value":"x"},
  {"name":"DATABASE_URL","valueFrom":{"secretKeyRef":{"name":"db-credentials","key":"url"}}},
  {"name":"FLAG","valueFrom":{"configMapKeyRef":{"name":"flags","key":"beta","optional":true}}}]}]}`

func TestResolveConfigEnv(t *testing.T) {
	spec := mustSpec(t, envSpec)
	cases := []struct {
		name string
		objs configLookup
		want string
	}{
		{"secret missing", configLookup{}, `secret "db-credentials" not found`},
		{"key missing", configLookup{{kindSecret, "db-credentials"}: {"user": true}},
			"couldn't find key url in Secret checkout-dev/db-credentials"},
		{"resolved, optional config map absent", configLookup{{kindSecret, "db-credentials"}: {"url": true}}, ""},
	}
	for _, c := range cases {
		p := resolveConfig(spec, "checkout-dev", c.objs)
		if got := p.containers["app"]; got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
		if p.ok() != (c.want == "") {
			t.Errorf("%s: ok() = %v", c.name, p.ok())
		}
	}
}

func TestResolveConfigEnvFromAndConfigMap(t *testing.T) {
	spec := mustSpec(t, `{"containers":[
	  {"name":"a","envFrom":[{"configMapRef":{"name":"settings"}}]},
	  {"name":"b","env":[{"name":"X","valueFrom":{"configMapKeyRef":{"name":"settings","key":"x"}}}]},
	  {"name":"c"}]}`)
	p := resolveConfig(spec, "ns", configLookup{})
	if p.containers["a"] != `configmap "settings" not found` || p.containers["b"] != `configmap "settings" not found` {
		t.Errorf("unexpected %v", p.containers)
	}
	if _, ok := p.containers["c"]; ok {
		t.Error("container without references reported")
	}
	p = resolveConfig(spec, "ns", configLookup{{kindConfigMap, "settings"}: {"y": true}})
	if p.containers["a"] != "" || p.containers["b"] != "couldn't find key x in ConfigMap ns/settings" {
		t.Errorf("unexpected %v", p.containers)
	}
}

func TestResolveConfigVolumesBlockEverything(t *testing.T) {
	spec := mustSpec(t, `{"volumes":[
	   {"name":"creds","secret":{"secretName":"db-credentials","items":[{"key":"url","path":"url"}]}},
	   {"name":"opt","configMap":{"name":"absent","optional":true}}],
	 "initContainers":[{"name":"migrate","env":[{"name":"U","valueFrom":{"secretKeyRef":{"name":"other","key":"k"}}}]}],
	 "containers":[{"name":"app"}]}`)
	p := resolveConfig(spec, "ns", configLookup{})
	if len(p.volumes) != 1 || p.volumes[0] != `MountVolume.SetUp failed for volume "creds" : secret "db-credentials" not found` {
		t.Fatalf("volumes %v", p.volumes)
	}
	if p.initContainer != "" || len(p.containers) != 0 {
		t.Error("containers are not configured before volumes mount")
	}
	p = resolveConfig(spec, "ns", configLookup{{kindSecret, "db-credentials"}: {"user": true}})
	if len(p.volumes) != 1 || !strings.HasSuffix(p.volumes[0], ": references non-existent secret key: url") {
		t.Fatalf("volumes %v", p.volumes)
	}
	p = resolveConfig(spec, "ns", configLookup{{kindSecret, "db-credentials"}: {"url": true}})
	if p.initContainer != "migrate" || p.initMessage != `secret "other" not found` {
		t.Errorf("init %q %q", p.initContainer, p.initMessage)
	}
}

func TestConfigRefs(t *testing.T) {
	spec := mustSpec(t, envSpec)
	refs := configRefs(spec, false)
	if len(refs) != 1 || !refs[objKey{kindSecret, "db-credentials"}] {
		t.Errorf("required refs %v", refs)
	}
	if len(configRefs(spec, true)) != 2 {
		t.Error("optional reference not listed")
	}
	if hasConfigRefs(mustSpec(t, `{"containers":[{"name":"a","env":[{"name":"A","value":"b"}]}]}`)) {
		t.Error("plain env counted as a reference")
	}
	if configRefs(mustSpec(t, `{"volumes":[{"name":"v","secret":{"secretName":"s"}}]}`), true)[objKey{kindSecret, "s"}] {
		t.Error("a whole-secret volume needs no keys")
	}
}

func TestKeyNamesDropsValues(t *testing.T) {
	var obj struct {
		Data keyNames `json:"data"`
	}
	if err := json.Unmarshal([]byte(`{"data":{"url":"c2VjcmV0","user":"dXNlcg=="}}`), &obj); err != nil {
		t.Fatal(err)
	}
	if len(obj.Data) != 2 || !obj.Data["url"] || !obj.Data["user"] {
		t.Errorf("keys %v", obj.Data)
	}
	if err := json.Unmarshal([]byte(`{"data":null}`), &obj); err != nil {
		t.Fatal(err)
	}
}

func blockedPod(t *testing.T) *configPod {
	t.Helper()
	var p configPod
	js := `{"metadata":{"name":"web-1","namespace":"checkout-dev","uid":"u1","resourceVersion":"7"},
	  "spec":` + envSpec[:len(envSpec)-1] + `,"nodeName":"kwok-node-0"},
	  "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}`
	if err := json.Unmarshal([]byte(js), &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

func TestBlockedStatusLooksLikeAKubelet(t *testing.T) {
	p := blockedPod(t)
	if !awaitingConfig(p) {
		t.Fatal("a pending pod with references awaits its configuration")
	}
	probs := resolveConfig(&p.Spec.podConfigSpec, "checkout-dev", configLookup{})
	st := blockedStatus(p, probs, "2026-01-01T00:00:05Z")
	if st["phase"] != "Pending" {
		t.Errorf("phase %v", st["phase"])
	}
	cs := asMaps(st["containerStatuses"])
	w := cs[0]["state"].(map[string]any)["waiting"].(map[string]any)
	if w["reason"] != "CreateContainerConfigError" || w["message"] != `secret "db-credentials" not found` || cs[0]["ready"] != false {
		t.Errorf("container status %v", cs[0])
	}
	conds := map[string]map[string]any{}
	for _, c := range asMaps(st["conditions"]) {
		conds[c["type"].(string)] = c
	}
	for _, ty := range []string{"Ready", "ContainersReady"} {
		if conds[ty]["status"] != "False" || conds[ty]["reason"] != "ContainersNotReady" {
			t.Errorf("%s %v", ty, conds[ty])
		}
	}
	if conds["PodScheduled"]["status"] != "True" || conds[condConfigResolved]["status"] != "False" {
		t.Errorf("conditions %v", conds)
	}

	body := statusPatch(p, st)
	if body == nil {
		t.Fatal("no patch for a pod not yet showing its problem")
	}
	// once written, the same problem needs no second write
	var written struct {
		Status map[string]any `json:"status"`
	}
	if err := json.Unmarshal(body, &written); err != nil {
		t.Fatal(err)
	}
	p.Status.Conditions = asMaps(written.Status["conditions"])
	p.Status.ContainerStatuses = asMaps(written.Status["containerStatuses"])
	p.Status.InitContainerStatuses = asMaps(written.Status["initContainerStatuses"])
	if statusPatch(p, blockedStatus(p, probs, "2026-01-01T00:00:09Z")) != nil {
		t.Error("an unchanged problem is written again")
	}
	if !awaitingConfig(p) {
		t.Error("a blocked pod is still awaiting its configuration")
	}

	// resolving clears the container statuses and marks the pod, so that KWOK starts it
	res := resolvedStatus(p, "2026-01-01T00:00:10Z")
	if res["containerStatuses"] != nil || len(asMaps(res["conditions"])) != 2 {
		t.Errorf("resolved status %v", res)
	}
	p.Status.Conditions = asMaps(res["conditions"])
	if awaitingConfig(p) {
		t.Error("a resolved pod is still held")
	}
}
