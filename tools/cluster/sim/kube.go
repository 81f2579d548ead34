package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// kubeClient is a minimal Kubernetes API client: JSON over HTTPS with a client certificate or a bearer token.
type kubeClient struct {
	base  string
	token string
	http  *http.Client
}

func newKubeClient(base, caFile, certFile, keyFile, tokenFile string) (*kubeClient, error) {
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificates in %s", caFile)
		}
		tlsConf.RootCAs = pool
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, err
		}
		tlsConf.Certificates = []tls.Certificate{cert}
	}
	c := &kubeClient{
		base: strings.TrimRight(base, "/"),
		http: &http.Client{
			Timeout:   15 * time.Second,
			Transport: &http.Transport{TLSClientConfig: tlsConf, MaxIdleConnsPerHost: 4, IdleConnTimeout: 60 * time.Second},
		},
	}
	if tokenFile != "" {
		b, err := os.ReadFile(tokenFile)
		if err != nil {
			return nil, err
		}
		c.token = strings.TrimSpace(string(b))
	}
	return c, nil
}

type apiError struct {
	Status int
	Body   string
}

func (e *apiError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.Status, e.Body) }

func (c *kubeClient) do(ctx context.Context, method, path, contentType string, body []byte, out any) error {
	return c.send(ctx, method, path, "application/json", contentType, body, out)
}

// send makes one request; accept selects the representation (e.g. metadata only).
func (c *kubeClient) send(ctx context.Context, method, path, accept, contentType string, body []byte, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", "paved-sim")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return &apiError{Status: resp.StatusCode, Body: strings.TrimSpace(string(data))}
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func (c *kubeClient) list(ctx context.Context, path string, out any) error {
	return c.do(ctx, http.MethodGet, path, "", nil, out)
}

// apply server-side-applies a JSON object (JSON is YAML) at path.
func (c *kubeClient) apply(ctx context.Context, path string, obj any) error {
	body, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	q := url.Values{"fieldManager": {"paved-sim"}, "force": {"true"}}
	return c.do(ctx, http.MethodPatch, path+"?"+q.Encode(), "application/apply-patch+yaml", body, nil)
}

// --- the few API types the simulator reads -------------------------------------------------------------------

type ownerRef struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	UID        string `json:"uid"`
	Controller *bool  `json:"controller,omitempty"`
}

type objectMeta struct {
	Name              string            `json:"name"`
	Namespace         string            `json:"namespace,omitempty"`
	UID               string            `json:"uid,omitempty"`
	Labels            map[string]string `json:"labels,omitempty"`
	Annotations       map[string]string `json:"annotations,omitempty"`
	CreationTimestamp string            `json:"creationTimestamp,omitempty"`
	DeletionTimestamp *string           `json:"deletionTimestamp,omitempty"`
	OwnerReferences   []ownerRef        `json:"ownerReferences,omitempty"`
}

type resources struct {
	Requests map[string]string `json:"requests"`
	Limits   map[string]string `json:"limits"`
}

type container struct {
	Name      string    `json:"name"`
	Image     string    `json:"image"`
	Resources resources `json:"resources"`
}

type containerStatus struct {
	Name  string `json:"name"`
	State struct {
		Running *struct {
			StartedAt string `json:"startedAt"`
		} `json:"running"`
	} `json:"state"`
	LastState struct {
		Terminated *terminatedState `json:"terminated"`
	} `json:"lastState"`
}

type terminatedState struct {
	ExitCode   int    `json:"exitCode"`
	Reason     string `json:"reason"`
	StartedAt  string `json:"startedAt"`
	FinishedAt string `json:"finishedAt"`
}

type pod struct {
	Metadata objectMeta `json:"metadata"`
	Spec     struct {
		NodeName          string      `json:"nodeName"`
		PriorityClassName string      `json:"priorityClassName"`
		HostNetwork       bool        `json:"hostNetwork"`
		Containers        []container `json:"containers"`
	} `json:"spec"`
	Status struct {
		Phase             string            `json:"phase"`
		PodIP             string            `json:"podIP"`
		HostIP            string            `json:"hostIP"`
		StartTime         string            `json:"startTime"`
		ContainerStatuses []containerStatus `json:"containerStatuses"`
	} `json:"status"`
}

type podList struct {
	Items []pod `json:"items"`
}

type node struct {
	Metadata objectMeta `json:"metadata"`
	Status   struct {
		Capacity    map[string]string `json:"capacity"`
		Allocatable map[string]string `json:"allocatable"`
	} `json:"status"`
}

type nodeList struct {
	Items []node `json:"items"`
}

type namespace struct {
	Metadata objectMeta `json:"metadata"`
	Status   struct {
		Phase string `json:"phase"`
	} `json:"status"`
}

type namespaceList struct {
	Items []namespace `json:"items"`
}

type replicaSet struct {
	Metadata objectMeta `json:"metadata"`
}

type replicaSetList struct {
	Items []replicaSet `json:"items"`
}

// controllerOf returns the controlling owner reference, if any.
func controllerOf(m objectMeta) *ownerRef {
	for i := range m.OwnerReferences {
		o := &m.OwnerReferences[i]
		if o.Controller != nil && *o.Controller {
			return o
		}
	}
	if len(m.OwnerReferences) > 0 {
		return &m.OwnerReferences[0]
	}
	return nil
}

// parseQuantity converts a Kubernetes resource quantity ("250m", "1.5", "512Mi", "2e3", "1G") to a float.
func parseQuantity(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	suffixes := []struct {
		s string
		m float64
	}{
		{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"Ti", 1 << 40}, {"Pi", 1 << 50}, {"Ei", 1 << 60},
		{"n", 1e-9}, {"u", 1e-6}, {"m", 1e-3}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"P", 1e15}, {"E", 1e18},
	}
	for _, suf := range suffixes {
		if strings.HasSuffix(s, suf.s) {
			v, err := strconv.ParseFloat(strings.TrimSuffix(s, suf.s), 64)
			if err != nil {
				return 0, false
			}
			return v * suf.m, true
		}
	}
	v, err := strconv.ParseFloat(s, 64) // plain numbers and the decimal exponent form (1e3, 1E-3)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// resourceUnit is kube-state-metrics' unit label for a resource name.
func resourceUnit(resource string) string {
	switch {
	case resource == "cpu":
		return "core"
	case resource == "memory", resource == "ephemeral-storage", strings.HasPrefix(resource, "hugepages-"):
		return "byte"
	default:
		return "integer"
	}
}
