package main

import (
	"bytes"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func sortStrings(s []string) { sort.Strings(s) }

// exposition builds the Prometheus text format (version 0.0.4) by hand.
type exposition struct {
	buf bytes.Buffer
}

func (e *exposition) family(name, kind, help string) {
	e.buf.WriteString("# HELP " + name + " " + help + "\n# TYPE " + name + " " + kind + "\n")
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// sample writes `name{k="v",...} value`; labels are given as alternating names and values.
func (e *exposition) sample(name string, value float64, labels ...string) {
	e.buf.WriteString(name)
	if len(labels) > 0 {
		e.buf.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				e.buf.WriteByte(',')
			}
			e.buf.WriteString(labels[i])
			e.buf.WriteString(`="`)
			e.buf.WriteString(labelEscaper.Replace(labels[i+1]))
			e.buf.WriteByte('"')
		}
		e.buf.WriteByte('}')
	}
	e.buf.WriteByte(' ')
	e.buf.WriteString(strconv.FormatFloat(value, 'g', -1, 64))
	e.buf.WriteByte('\n')
}

var invalidLabelChars = regexp.MustCompile(`[^a-zA-Z0-9_]`)

func sanitizeLabel(k string) string { return invalidLabelChars.ReplaceAllString(k, "_") }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *simulator) serveMetrics(w http.ResponseWriter, _ *http.Request) {
	var e exposition
	s.mu.Lock()
	s.writeTraffic(&e)
	s.writeKubeState(&e)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write(e.buf.Bytes())
}

func (s *simulator) sortedPods() []*podState {
	out := make([]*podState, 0, len(s.pods))
	for _, st := range s.pods {
		if !st.batch {
			out = append(out, st)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].namespace != out[j].namespace {
			return out[i].namespace < out[j].namespace
		}
		return out[i].name < out[j].name
	})
	return out
}

func (s *simulator) writeTraffic(e *exposition) {
	pods := s.sortedPods()
	e.family("http_requests_total", "counter", "Total number of HTTP requests handled by the pod (simulated).")
	for _, st := range pods {
		keys := make([]reqKey, 0, len(st.requests))
		for k := range st.requests {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].method != keys[j].method {
				return keys[i].method < keys[j].method
			}
			return keys[i].code < keys[j].code
		})
		for _, k := range keys {
			e.sample("http_requests_total", st.requests[k], "namespace", st.namespace, "pod", st.name,
				"service", st.service, "method", k.method, "code", k.code)
		}
	}
	e.family("http_request_duration_seconds", "histogram", "HTTP request latency (simulated).")
	for _, st := range pods {
		if st.durationCnt == 0 && !st.running {
			continue
		}
		base := []string{"namespace", st.namespace, "pod", st.name, "service", st.service}
		for i, b := range buckets {
			e.sample("http_request_duration_seconds_bucket", st.bucketCounts[i],
				append(append([]string{}, base...), "le", strconv.FormatFloat(b, 'g', -1, 64))...)
		}
		e.sample("http_request_duration_seconds_bucket", st.durationCnt, append(append([]string{}, base...), "le", "+Inf")...)
		e.sample("http_request_duration_seconds_sum", st.durationSum, base...)
		e.sample("http_request_duration_seconds_count", st.durationCnt, base...)
	}
}

// writeKubeState exports the kube-state-metrics series a cost and capacity view needs, with KSM's names and labels.
func (s *simulator) writeKubeState(e *exposition) {
	pods := append([]pod(nil), s.allPods...)
	sort.Slice(pods, func(i, j int) bool {
		a, b := pods[i].Metadata, pods[j].Metadata
		if a.Namespace != b.Namespace {
			return a.Namespace < b.Namespace
		}
		return a.Name < b.Name
	})

	e.family("kube_pod_info", "gauge", "Information about pod.")
	for _, p := range pods {
		m := p.Metadata
		kind, name := "<none>", "<none>"
		if o := controllerOf(m); o != nil {
			kind, name = o.Kind, o.Name
		}
		e.sample("kube_pod_info", 1, "namespace", m.Namespace, "pod", m.Name, "uid", m.UID, "node", p.Spec.NodeName,
			"host_ip", p.Status.HostIP, "pod_ip", p.Status.PodIP, "created_by_kind", kind, "created_by_name", name,
			"priority_class", p.Spec.PriorityClassName, "host_network", strconv.FormatBool(p.Spec.HostNetwork))
	}

	e.family("kube_pod_owner", "gauge", "Information about the Pod's owner.")
	for _, p := range pods {
		m := p.Metadata
		if len(m.OwnerReferences) == 0 {
			e.sample("kube_pod_owner", 1, "namespace", m.Namespace, "pod", m.Name, "uid", m.UID,
				"owner_kind", "<none>", "owner_name", "<none>", "owner_is_controller", "<none>")
		}
		for _, o := range m.OwnerReferences {
			ctrl := "false"
			if o.Controller != nil && *o.Controller {
				ctrl = "true"
			}
			e.sample("kube_pod_owner", 1, "namespace", m.Namespace, "pod", m.Name, "uid", m.UID,
				"owner_kind", o.Kind, "owner_name", o.Name, "owner_is_controller", ctrl)
		}
	}

	e.family("kube_pod_labels", "gauge", "Kubernetes labels converted to Prometheus labels.")
	for _, p := range pods {
		m := p.Metadata
		ls := []string{"namespace", m.Namespace, "pod", m.Name, "uid", m.UID}
		for _, k := range sortedKeys(m.Labels) {
			ls = append(ls, "label_"+sanitizeLabel(k), m.Labels[k])
		}
		e.sample("kube_pod_labels", 1, ls...)
	}

	e.family("kube_pod_status_phase", "gauge", "The pods current phase.")
	for _, p := range pods {
		m := p.Metadata
		for _, ph := range []string{"Pending", "Succeeded", "Failed", "Unknown", "Running"} {
			v := 0.0
			if p.Status.Phase == ph {
				v = 1
			}
			e.sample("kube_pod_status_phase", v, "namespace", m.Namespace, "pod", m.Name, "uid", m.UID, "phase", ph)
		}
	}

	for _, kind := range []string{"requests", "limits"} {
		name := "kube_pod_container_resource_" + kind
		e.family(name, "gauge", "The number of "+kind+" resource "+map[string]string{"requests": "requested", "limits": "limit"}[kind]+" by a container. It is recommended to use the kube_pod_resource_"+kind+" metric exposed by kube-scheduler instead, as it is more precise.")
		for _, p := range pods {
			if p.Status.Phase == "Succeeded" || p.Status.Phase == "Failed" {
				continue // KSM keeps them, but they no longer hold resources; cost views would double count
			}
			m := p.Metadata
			for _, c := range p.Spec.Containers {
				rl := c.Resources.Requests
				if kind == "limits" {
					rl = c.Resources.Limits
				}
				for _, r := range sortedKeys(rl) {
					v, ok := parseQuantity(rl[r])
					if !ok {
						continue
					}
					e.sample(name, v, "namespace", m.Namespace, "pod", m.Name, "uid", m.UID, "container", c.Name,
						"node", p.Spec.NodeName, "resource", sanitizeLabel(r), "unit", resourceUnit(r))
				}
			}
		}
	}

	e.family("kube_replicaset_owner", "gauge", "Information about the ReplicaSet's owner.")
	for _, k := range sortedKeys(s.rsOwners) {
		o := s.rsOwners[k]
		ns, name, _ := strings.Cut(k, "/")
		ctrl := "false"
		if o.Controller != nil && *o.Controller {
			ctrl = "true"
		}
		e.sample("kube_replicaset_owner", 1, "namespace", ns, "replicaset", name, "owner_kind", o.Kind,
			"owner_name", o.Name, "owner_is_controller", ctrl)
	}

	nodes := append([]node(nil), s.nodes...)
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Metadata.Name < nodes[j].Metadata.Name })
	for _, fam := range []string{"capacity", "allocatable"} {
		name := "kube_node_status_" + fam
		e.family(name, "gauge", "The "+fam+" for different resources of a node.")
		for _, n := range nodes {
			rl := n.Status.Capacity
			if fam == "allocatable" {
				rl = n.Status.Allocatable
			}
			for _, r := range sortedKeys(rl) {
				if v, ok := parseQuantity(rl[r]); ok {
					e.sample(name, v, "node", n.Metadata.Name, "resource", sanitizeLabel(r), "unit", resourceUnit(r))
				}
			}
		}
	}
	e.family("kube_node_labels", "gauge", "Kubernetes labels converted to Prometheus labels.")
	for _, n := range nodes {
		ls := []string{"node", n.Metadata.Name}
		for _, k := range sortedKeys(n.Metadata.Labels) {
			ls = append(ls, "label_"+sanitizeLabel(k), n.Metadata.Labels[k])
		}
		e.sample("kube_node_labels", 1, ls...)
	}

	nss := append([]namespace(nil), s.namespaces...)
	sort.Slice(nss, func(i, j int) bool { return nss[i].Metadata.Name < nss[j].Metadata.Name })
	e.family("kube_namespace_labels", "gauge", "Kubernetes labels converted to Prometheus labels.")
	for _, n := range nss {
		ls := []string{"namespace", n.Metadata.Name}
		for _, k := range sortedKeys(n.Metadata.Labels) {
			ls = append(ls, "label_"+sanitizeLabel(k), n.Metadata.Labels[k])
		}
		e.sample("kube_namespace_labels", 1, ls...)
	}
	e.family("kube_namespace_status_phase", "gauge", "kubernetes namespace status phase.")
	for _, n := range nss {
		for _, ph := range []string{"Active", "Terminating"} {
			v := 0.0
			if n.Status.Phase == ph {
				v = 1
			}
			e.sample("kube_namespace_status_phase", v, "namespace", n.Metadata.Name, "phase", ph)
		}
	}
}
