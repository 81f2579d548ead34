package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// The status a kubelet reports for a pod that cannot start for want of configuration, and the marker that lets
// KWOK start it. KWOK holds every pending pod that references a Secret or ConfigMap (kwok/kwok.yaml) until the
// simulator sets the pod condition condConfigResolved to True; KWOK's pod-ready stage then runs it as usual.
// While a reference is missing the simulator keeps the condition False and writes the kubelet's view instead.

// condConfigResolved is the simulator's pod condition: True once every configuration reference resolved.
const condConfigResolved = "sim.paved.dev/ConfigResolved"

// configPod is the part of a pod the configuration check reads.
type configPod struct {
	Metadata struct {
		Name              string  `json:"name"`
		Namespace         string  `json:"namespace"`
		UID               string  `json:"uid"`
		ResourceVersion   string  `json:"resourceVersion"`
		DeletionTimestamp *string `json:"deletionTimestamp"`
	} `json:"metadata"`
	Spec struct {
		NodeName string `json:"nodeName"`
		podConfigSpec
	} `json:"spec"`
	Status struct {
		Phase                 string           `json:"phase"`
		StartTime             string           `json:"startTime"`
		Conditions            []map[string]any `json:"conditions"`
		ContainerStatuses     []map[string]any `json:"containerStatuses"`
		InitContainerStatuses []map[string]any `json:"initContainerStatuses"`
	} `json:"status"`
}

// managedConditions are the conditions the configuration check writes; any other condition is kept as it is.
var managedConditions = map[string]bool{
	"PodReadyToStartContainers": true, "Initialized": true, "Ready": true, "ContainersReady": true, condConfigResolved: true,
}

// conditionStatus is the status of the pod's condition of type t, or "".
func conditionStatus(p *configPod, t string) string {
	for _, c := range p.Status.Conditions {
		if c["type"] == t {
			s, _ := c["status"].(string)
			return s
		}
	}
	return ""
}

// awaitingConfig reports whether the pod is one the configuration check decides on: scheduled, not being
// deleted, not started (Pending) and not yet cleared by the check.
func awaitingConfig(p *configPod) bool {
	return p.Spec.NodeName != "" && p.Metadata.DeletionTimestamp == nil && p.Status.Phase == "Pending" &&
		conditionStatus(p, condConfigResolved) != "True" && hasConfigRefs(&p.Spec.podConfigSpec)
}

// condition builds a pod condition, keeping the transition time of an existing condition of the same status.
func condition(p *configPod, t, status, reason, message, now string) map[string]any {
	c := map[string]any{"type": t, "status": status, "lastTransitionTime": now}
	for _, old := range p.Status.Conditions {
		if old["type"] == t && old["status"] == status {
			if ts, ok := old["lastTransitionTime"].(string); ok && ts != "" {
				c["lastTransitionTime"] = ts
			}
		}
	}
	if reason != "" {
		c["reason"] = reason
	}
	if message != "" {
		c["message"] = message
	}
	return c
}

// keptConditions are the pod's conditions the check does not manage (PodScheduled, readiness gates, ...).
func keptConditions(p *configPod) []any {
	out := []any{}
	for _, c := range p.Status.Conditions {
		if t, _ := c["type"].(string); !managedConditions[t] {
			out = append(out, c)
		}
	}
	return out
}

func waiting(name, image, reason, message string) map[string]any {
	w := map[string]any{"reason": reason}
	if message != "" {
		w["message"] = message
	}
	return map[string]any{
		"name": name, "image": image, "imageID": "", "ready": false, "restartCount": 0, "started": false,
		"state": map[string]any{"waiting": w}, "lastState": map[string]any{},
	}
}

func completed(name, image, now string) map[string]any {
	return map[string]any{
		"name": name, "image": image, "imageID": "", "ready": true, "restartCount": 0, "started": false,
		"state": map[string]any{"terminated": map[string]any{
			"exitCode": 0, "reason": "Completed", "startedAt": now, "finishedAt": now,
		}},
		"lastState": map[string]any{},
	}
}

// resolvedStatus clears what the check wrote and marks the pod resolved, so that KWOK starts it.
func resolvedStatus(p *configPod, now string) map[string]any {
	conds := append(keptConditions(p), condition(p, condConfigResolved, "True", "", "", now))
	return map[string]any{"phase": "Pending", "conditions": conds, "containerStatuses": nil, "initContainerStatuses": nil}
}

// blockedStatus is the status a kubelet reports for a pod with the given problems: phase Pending, not ready, each
// container waiting with the kubelet's reason. Containers that could be configured are shown waiting as well
// (ContainerCreating): a kubelet would start them, which the simulated pod does once all references resolve.
func blockedStatus(p *configPod, probs configProblems, now string) map[string]any {
	spec := &p.Spec.podConfigSpec
	hasInit := len(spec.InitContainers) > 0
	mainWait := "ContainerCreating"
	if hasInit && (len(probs.volumes) > 0 || probs.initContainer != "") {
		mainWait = "PodInitializing"
	}
	var inits, mains []any
	var incomplete, unready []string
	initDone := true
	for _, c := range spec.InitContainers {
		switch {
		case len(probs.volumes) > 0 || (probs.initContainer != "" && !initDone):
			inits = append(inits, waiting(c.Name, c.Image, "PodInitializing", ""))
			incomplete = append(incomplete, c.Name)
		case c.Name == probs.initContainer:
			inits = append(inits, waiting(c.Name, c.Image, "CreateContainerConfigError", probs.initMessage))
			incomplete = append(incomplete, c.Name)
			initDone = false
		default:
			inits = append(inits, completed(c.Name, c.Image, now))
		}
	}
	for _, c := range spec.Containers {
		unready = append(unready, c.Name)
		if msg, ok := probs.containers[c.Name]; ok {
			mains = append(mains, waiting(c.Name, c.Image, "CreateContainerConfigError", msg))
		} else {
			mains = append(mains, waiting(c.Name, c.Image, mainWait, ""))
		}
	}

	reason, message := probs.summary()
	sandbox := "True"
	if len(probs.volumes) > 0 {
		sandbox = "False"
	}
	unreadyMsg := fmt.Sprintf("containers with unready status: [%s]", strings.Join(unready, " "))
	conds := append(keptConditions(p),
		condition(p, "PodReadyToStartContainers", sandbox, "", "", now),
		initializedCondition(p, incomplete, now),
		condition(p, "Ready", "False", "ContainersNotReady", unreadyMsg, now),
		condition(p, "ContainersReady", "False", "ContainersNotReady", unreadyMsg, now),
		condition(p, condConfigResolved, "False", reason, message, now),
	)
	status := map[string]any{"phase": "Pending", "conditions": conds, "containerStatuses": mains, "initContainerStatuses": inits}
	if p.Status.StartTime == "" {
		status["startTime"] = now
	}
	return status
}

func initializedCondition(p *configPod, incomplete []string, now string) map[string]any {
	if len(incomplete) == 0 {
		return condition(p, "Initialized", "True", "", "", now)
	}
	return condition(p, "Initialized", "False", "ContainersNotInitialized",
		fmt.Sprintf("containers with incomplete status: [%s]", strings.Join(incomplete, " ")), now)
}

// statusDigest is what matters of a status for deciding whether it must be written again: the phase, each
// condition's type, status, reason and message, and each container's state and its reason and message.
func statusDigest(phase any, conditions, containers, inits any) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "phase=%v;", phase)
	for _, c := range asMaps(conditions) {
		fmt.Fprintf(&sb, "cond %v=%v %v %v;", c["type"], c["status"], c["reason"], c["message"])
	}
	for _, group := range []any{inits, containers} {
		sb.WriteString("|")
		for _, c := range asMaps(group) {
			state, _ := c["state"].(map[string]any)
			keys := make([]string, 0, len(state))
			for k := range state {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			fmt.Fprintf(&sb, "ctr %v", c["name"])
			for _, k := range keys {
				s, _ := state[k].(map[string]any)
				fmt.Fprintf(&sb, " %s %v %v", k, s["reason"], s["message"])
			}
			sb.WriteString(";")
		}
	}
	return sb.String()
}

// asMaps normalises a list of JSON objects (decoded or built) to []map[string]any.
func asMaps(v any) []map[string]any {
	switch l := v.(type) {
	case []map[string]any:
		return l
	case []any:
		out := make([]map[string]any, 0, len(l))
		for _, x := range l {
			if m, ok := x.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// statusPatch is the JSON merge patch that writes status onto the pod's status subresource, or nil when the pod
// already shows it. The resource version makes the API server refuse the patch if the pod changed meanwhile.
func statusPatch(p *configPod, status map[string]any) []byte {
	want := statusDigest(status["phase"], status["conditions"], status["containerStatuses"], status["initContainerStatuses"])
	have := statusDigest(p.Status.Phase, p.Status.Conditions, p.Status.ContainerStatuses, p.Status.InitContainerStatuses)
	if want == have {
		return nil
	}
	body, err := json.Marshal(map[string]any{
		"metadata": map[string]any{"resourceVersion": p.Metadata.ResourceVersion},
		"status":   status,
	})
	if err != nil {
		return nil
	}
	return body
}
