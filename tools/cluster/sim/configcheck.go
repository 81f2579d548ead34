package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"sort"
	"time"
)

// configChecker plays the kubelet's part for configuration references: every interval it looks at the pending
// pods KWOK holds (see configstatus.go), resolves their Secret and ConfigMap references and either clears them
// to start or reports, like a kubelet, what they wait for (container status, pod conditions, Warning events).
// Secrets are read for their key names only: an object whose keys are not needed is read as metadata, and the
// values of the others are dropped while decoding. No value is logged, kept or written anywhere.
type configChecker struct {
	client   *kubeClient
	interval time.Duration
	reported map[string]map[string]bool // pod uid -> events already recorded
}

func newConfigChecker(client *kubeClient, interval time.Duration) *configChecker {
	return &configChecker{client: client, interval: interval, reported: map[string]map[string]bool{}}
}

func (c *configChecker) run(ctx context.Context) {
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		c.check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// check decides on every pending pod that waits for its configuration.
func (c *configChecker) check(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var pl struct {
		Items []configPod `json:"items"`
	}
	q := url.Values{"fieldSelector": {"status.phase=Pending"}}
	if err := c.client.list(ctx, "/api/v1/pods?"+q.Encode(), &pl); err != nil {
		log.Printf("config check: list pods: %v", err)
		return
	}
	seen := map[string]bool{}
	for i := range pl.Items {
		p := &pl.Items[i]
		if !awaitingConfig(p) {
			continue
		}
		seen[p.Metadata.UID] = true
		if err := c.checkPod(ctx, p); err != nil {
			log.Printf("config check of pod %s/%s: %v", p.Metadata.Namespace, p.Metadata.Name, err)
		}
	}
	for uid := range c.reported {
		if !seen[uid] {
			delete(c.reported, uid)
		}
	}
}

func (c *configChecker) checkPod(ctx context.Context, p *configPod) error {
	ns := p.Metadata.Namespace
	objs := configLookup{}
	for k, needKeys := range configRefs(&p.Spec.podConfigSpec, true) {
		keys, err := c.fetch(ctx, ns, k, needKeys)
		if err != nil {
			return err
		}
		objs[k] = keys
	}
	probs := resolveConfig(&p.Spec.podConfigSpec, ns, objs)
	now := time.Now().UTC().Format(time.RFC3339)
	var status map[string]any
	if probs.ok() {
		status = resolvedStatus(p, now)
	} else {
		status = blockedStatus(p, probs, now)
		c.recordEvents(ctx, p, probs, now)
	}
	body := statusPatch(p, status)
	if body == nil {
		return nil
	}
	path := fmt.Sprintf("/api/v1/namespaces/%s/pods/%s/status", url.PathEscape(ns), url.PathEscape(p.Metadata.Name))
	err := c.client.do(ctx, http.MethodPatch, path, "application/merge-patch+json", body, nil)
	var ae *apiError
	if errors.As(err, &ae) && (ae.Status == http.StatusConflict || ae.Status == http.StatusNotFound) {
		return nil // changed or gone meanwhile: the next round sees the new state
	}
	if err != nil {
		return fmt.Errorf("status update: %w", err)
	}
	if probs.ok() {
		log.Printf("pod %s/%s: configuration references resolved, starting", ns, p.Metadata.Name)
	} else {
		_, msg := probs.summary()
		log.Printf("pod %s/%s: waiting for configuration: %s", ns, p.Metadata.Name, msg)
	}
	return nil
}

// keyNames decodes a JSON object into the set of its keys; the values are skipped, never kept.
type keyNames map[string]bool

// UnmarshalJSON implements json.Unmarshaler.
func (k *keyNames) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // '{' or null
		return err
	}
	*k = keyNames{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		(*k)[name] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return nil
}

const metadataOnly = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"

// fetch looks a referenced object up: nil when it does not exist, otherwise its key names (an empty set when
// only its existence matters, which is then read as metadata).
func (c *configChecker) fetch(ctx context.Context, ns string, k objKey, needKeys bool) (keySet, error) {
	resource := "configmaps"
	if k.kind == kindSecret {
		resource = "secrets"
	}
	path := fmt.Sprintf("/api/v1/namespaces/%s/%s/%s", url.PathEscape(ns), resource, url.PathEscape(k.name))
	var obj struct {
		Data       keyNames `json:"data"`
		BinaryData keyNames `json:"binaryData"`
	}
	var err error
	if needKeys {
		err = c.client.send(ctx, http.MethodGet, path, "application/json", "", nil, &obj)
	} else {
		err = c.client.send(ctx, http.MethodGet, path, metadataOnly, "", nil, nil)
	}
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
		return nil, nil
	}
	if ae != nil {
		return nil, fmt.Errorf("reading %s %s/%s: HTTP %d", k.kind, ns, k.name, ae.Status)
	}
	if err != nil {
		// a decoding error could quote the body: say only which object failed
		return nil, fmt.Errorf("reading %s %s/%s failed", k.kind, ns, k.name)
	}
	keys := keySet{}
	for n := range obj.Data {
		keys[n] = true
	}
	for n := range obj.BinaryData {
		keys[n] = true
	}
	return keys, nil
}

// recordEvents records the kubelet's Warning events for the pod's problems, once per pod and message.
func (c *configChecker) recordEvents(ctx context.Context, p *configPod, probs configProblems, now string) {
	type event struct{ reason, message, fieldPath string }
	var evs []event
	for _, m := range probs.volumes {
		evs = append(evs, event{"FailedMount", m, ""})
	}
	if probs.initContainer != "" {
		evs = append(evs, event{"Failed", "Error: " + probs.initMessage, fmt.Sprintf("spec.initContainers{%s}", probs.initContainer)})
	}
	names := make([]string, 0, len(probs.containers))
	for n := range probs.containers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		evs = append(evs, event{"Failed", "Error: " + probs.containers[n], fmt.Sprintf("spec.containers{%s}", n)})
	}
	done := c.reported[p.Metadata.UID]
	if done == nil {
		done = map[string]bool{}
		c.reported[p.Metadata.UID] = done
	}
	for i, e := range evs {
		key := e.reason + "\x00" + e.fieldPath + "\x00" + e.message
		if done[key] {
			continue
		}
		involved := map[string]any{
			"apiVersion": "v1", "kind": "Pod", "namespace": p.Metadata.Namespace, "name": p.Metadata.Name, "uid": p.Metadata.UID,
		}
		if e.fieldPath != "" {
			involved["fieldPath"] = e.fieldPath
		}
		body, _ := json.Marshal(map[string]any{
			"metadata": map[string]any{
				"name":      fmt.Sprintf("%s.%x", p.Metadata.Name, time.Now().UnixNano()+int64(i)),
				"namespace": p.Metadata.Namespace,
			},
			"involvedObject": involved,
			"reason":         e.reason,
			"message":        e.message,
			"type":           "Warning",
			"source":         map[string]any{"component": "kubelet", "host": p.Spec.NodeName},
			"firstTimestamp": now,
			"lastTimestamp":  now,
			"count":          1,
		})
		path := fmt.Sprintf("/api/v1/namespaces/%s/events", url.PathEscape(p.Metadata.Namespace))
		if err := c.client.do(ctx, http.MethodPost, path, "application/json", body, nil); err != nil {
			log.Printf("event for pod %s/%s: %v", p.Metadata.Namespace, p.Metadata.Name, err)
			continue
		}
		done[key] = true
	}
}
