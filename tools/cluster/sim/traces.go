package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"math/rand"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Traces: every request the simulator logs is also one trace, sent to an OTLP/HTTP endpoint (JSON encoding) so
// that a trace id in a log line always names a stored trace. The shape follows the demo's call graph:
//
//	storefront (edge, no pod)  →  checkout-api  →  payments-api          (checkout and payment endpoints)
//	storefront                 →  search-api    →  checkout-api          (a product page asks for the cart)
//	storefront                 →  <any other API service>
//	<worker service>                                                      (a consumer span, no parent)
//
// A checkout-api request that fails with "upstream unavailable" (503) or "upstream request timeout" (504) fails
// in payments-api: that span carries the error. Downstream spans of a service that is not the pod's own are
// placed in the caller's environment (resource attribute k8s.namespace.name of the team's namespace with the
// same environment suffix), since the demo runs payments-api only in its sandbox.

const (
	spanKindInternal = 1
	spanKindServer   = 2
	spanKindClient   = 3
	spanKindConsumer = 5
	statusOK         = 1
	statusError      = 2
)

type otlpValue struct {
	StringValue *string `json:"stringValue,omitempty"`
	IntValue    *string `json:"intValue,omitempty"`
}

type otlpKeyValue struct {
	Key   string    `json:"key"`
	Value otlpValue `json:"value"`
}

type otlpStatus struct {
	Code    int    `json:"code"`
	Message string `json:"message,omitempty"`
}

type otlpSpan struct {
	TraceID           string         `json:"traceId"`
	SpanID            string         `json:"spanId"`
	ParentSpanID      string         `json:"parentSpanId,omitempty"`
	Name              string         `json:"name"`
	Kind              int            `json:"kind"`
	StartTimeUnixNano string         `json:"startTimeUnixNano"`
	EndTimeUnixNano   string         `json:"endTimeUnixNano"`
	Attributes        []otlpKeyValue `json:"attributes,omitempty"`
	Status            otlpStatus     `json:"status"`
}

type otlpScopeSpans struct {
	Scope struct {
		Name string `json:"name"`
	} `json:"scope"`
	Spans []otlpSpan `json:"spans"`
}

type otlpResourceSpans struct {
	Resource struct {
		Attributes []otlpKeyValue `json:"attributes"`
	} `json:"resource"`
	ScopeSpans []otlpScopeSpans `json:"scopeSpans"`
}

type otlpRequest struct {
	ResourceSpans []otlpResourceSpans `json:"resourceSpans"`
}

func str(k, v string) otlpKeyValue { return otlpKeyValue{Key: k, Value: otlpValue{StringValue: &v}} }
func num(k string, v int) otlpKeyValue {
	s := strconv.Itoa(v)
	return otlpKeyValue{Key: k, Value: otlpValue{IntValue: &s}}
}

// spanResource is where a span ran: the service and, for a pod's own spans, its pod.
type spanResource struct {
	service, namespace, pod, version string
}

func (r spanResource) attributes() []otlpKeyValue {
	attrs := []otlpKeyValue{str("service.name", r.service)}
	if r.namespace != "" {
		attrs = append(attrs, str("k8s.namespace.name", r.namespace), str("deployment.environment.name", envOf(r.namespace)))
	}
	if r.pod != "" {
		attrs = append(attrs, str("k8s.pod.name", r.pod))
	}
	if r.version != "" {
		attrs = append(attrs, str("service.version", r.version))
	}
	return attrs
}

// traceSpan is one span of a trace under construction.
type traceSpan struct {
	res        spanResource
	span       otlpSpan
	start, end time.Time
}

// traceBuilder makes the spans of one trace.
type traceBuilder struct {
	rng   *rand.Rand
	id    string
	spans []traceSpan
}

func newTraceBuilder(rng *rand.Rand) *traceBuilder {
	return &traceBuilder{rng: rng, id: fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64())}
}

// add appends a span and returns its id.
func (b *traceBuilder) add(res spanResource, parent, name string, kind int, start, end time.Time, status otlpStatus, attrs ...otlpKeyValue) string {
	id := fmt.Sprintf("%016x", b.rng.Uint64())
	b.spans = append(b.spans, traceSpan{res: res, start: start, end: end, span: otlpSpan{
		TraceID: b.id, SpanID: id, ParentSpanID: parent, Name: name, Kind: kind,
		StartTimeUnixNano: strconv.FormatInt(start.UnixNano(), 10),
		EndTimeUnixNano:   strconv.FormatInt(end.UnixNano(), 10),
		Attributes:        attrs, Status: status,
	}})
	return id
}

// resourceSpans groups the trace's spans by resource, as OTLP sends them.
func (b *traceBuilder) resourceSpans() []otlpResourceSpans {
	var out []otlpResourceSpans
	index := map[spanResource]int{}
	for _, s := range b.spans {
		i, ok := index[s.res]
		if !ok {
			rs := otlpResourceSpans{}
			rs.Resource.Attributes = s.res.attributes()
			ss := otlpScopeSpans{}
			ss.Scope.Name = "paved-sim"
			rs.ScopeSpans = []otlpScopeSpans{ss}
			out = append(out, rs)
			i = len(out) - 1
			index[s.res] = i
		}
		out[i].ScopeSpans[0].Spans = append(out[i].ScopeSpans[0].Spans, s.span)
	}
	return out
}

// within returns a sub-interval of [start, end]: it begins after `from` of the interval and lasts `share` of it.
func within(start, end time.Time, from, share float64) (time.Time, time.Time) {
	d := end.Sub(start)
	s := start.Add(time.Duration(float64(d) * from))
	e := s.Add(time.Duration(float64(d) * share))
	if e.After(end) {
		e = end
	}
	return s, e
}

func httpStatus(code int) otlpStatus {
	if code >= 500 {
		return otlpStatus{Code: statusError, Message: http.StatusText(code)}
	}
	return otlpStatus{Code: statusOK}
}

// siblingNamespace is the namespace of `team`'s environment with the same name as `ns`'s (checkout-dev for
// search-dev and team "checkout").
func siblingNamespace(ns, team string) string {
	return team + "-" + envOf(ns)
}


// traceRequest builds the trace of one request served by pod st, and returns the ids the log line carries.
func (s *simulator) traceRequest(st *podState, rl requestLine, ep endpoint) (*traceBuilder, string) {
	b := newTraceBuilder(st.rng)
	end := rl.at
	start := end.Add(-time.Duration(rl.latencyMs * float64(time.Millisecond)))
	own := spanResource{service: st.service, namespace: st.namespace, pod: st.name, version: st.version}
	status := httpStatus(rl.status)
	if rl.errMsg != "" && rl.status >= 500 {
		status.Message = rl.errMsg
	}
	serverAttrs := []otlpKeyValue{
		str("http.request.method", rl.method), str("url.path", rl.path), str("http.route", ep.path),
		num("http.response.status_code", rl.status),
	}
	name := rl.method + " " + ep.path

	if strings.Contains(st.service, "worker") {
		id := b.add(own, "", name, spanKindConsumer, start, end, status, serverAttrs...)
		s.traceDatabase(b, own, id, start, end, rl)
		return b, id
	}

	// the edge: storefront receives the user's request and calls the service
	edge := spanResource{service: "storefront"}
	edgeStart := start.Add(-time.Duration(1+st.rng.Intn(4)) * time.Millisecond)
	edgeEnd := end.Add(time.Duration(1+st.rng.Intn(3)) * time.Millisecond)
	edgeName := edgeOperation(st.service, ep)
	root := b.add(edge, "", edgeName, spanKindServer, edgeStart, edgeEnd, httpStatus(rl.status),
		str("http.request.method", edgeMethod(ep)), str("http.route", edgeName[strings.Index(edgeName, " ")+1:]),
		num("http.response.status_code", rl.status))
	call := b.add(edge, root, rl.method+" "+st.service, spanKindClient, start.Add(-time.Millisecond), end.Add(time.Millisecond),
		httpStatus(rl.status), str("server.address", st.service), num("http.response.status_code", rl.status))
	id := b.add(own, call, name, spanKindServer, start, end, status, serverAttrs...)

	switch {
	case strings.Contains(st.service, "checkout") && (strings.Contains(ep.path, "checkout") || strings.Contains(ep.path, "payments")),
		strings.Contains(st.service, "checkout") && strings.HasPrefix(rl.errMsg, "upstream"):
		s.tracePayment(b, own, id, start, end, rl)
	case strings.Contains(st.service, "search") && strings.HasPrefix(ep.path, "/api/products"):
		s.traceCart(b, own, id, start, end, rl)
		s.traceDatabase(b, own, id, start, end, rl)
	case ep.path != "/healthz":
		s.traceDatabase(b, own, id, start, end, rl)
	}
	return b, id
}

// tracePayment: checkout-api asks payments-api to authorize the payment; upstream errors fail there.
func (s *simulator) tracePayment(b *traceBuilder, own spanResource, parent string, start, end time.Time, rl requestLine) {
	payments := spanResource{service: "payments-api", namespace: siblingNamespace(own.namespace, "checkout")}
	cs, ce := within(start, end, 0.15, 0.7)
	status := otlpStatus{Code: statusOK}
	callStatus := otlpStatus{Code: statusOK}
	code := 200
	switch rl.errMsg {
	case "upstream unavailable":
		cs, ce = within(start, end, 0.2, 0.6)
		code = 503
		status = otlpStatus{Code: statusError, Message: "card processor unavailable: connection refused"}
		callStatus = otlpStatus{Code: statusError, Message: "payments-api answered 503"}
	case "upstream request timeout":
		cs, ce = within(start, end, 0.02, 0.97)
		code = 504
		status = otlpStatus{Code: statusError, Message: "card processor deadline exceeded"}
		callStatus = otlpStatus{Code: statusError, Message: "payments-api: context deadline exceeded"}
	}
	call := b.add(own, parent, "POST payments-api", spanKindClient, cs, ce, callStatus,
		str("server.address", "payments-api"), num("http.response.status_code", code))
	ss, se := within(cs, ce, 0.05, 0.9)
	b.add(payments, call, "POST /v1/authorize", spanKindServer, ss, se, status,
		str("http.request.method", "POST"), str("http.route", "/v1/authorize"), num("http.response.status_code", code))
}

// traceCart: search-api's product page asks checkout-api whether the product is in the cart.
func (s *simulator) traceCart(b *traceBuilder, own spanResource, parent string, start, end time.Time, rl requestLine) {
	checkout := spanResource{service: "checkout-api", namespace: siblingNamespace(own.namespace, "checkout")}
	if pod := s.podOf("checkout-api", checkout.namespace); pod != nil {
		checkout.pod, checkout.version = pod.name, pod.version
	}
	cs, ce := within(start, end, 0.5, 0.4)
	call := b.add(own, parent, "GET checkout-api", spanKindClient, cs, ce, otlpStatus{Code: statusOK},
		str("server.address", "checkout-api"), num("http.response.status_code", 200))
	ss, se := within(cs, ce, 0.05, 0.9)
	id := b.add(checkout, call, "GET /api/cart", spanKindServer, ss, se, otlpStatus{Code: statusOK},
		str("http.request.method", "GET"), str("http.route", "/api/cart"), num("http.response.status_code", 200),
		str("cart.id", fmt.Sprintf("c-%06d", b.rng.Intn(1000000))))
	ds, de := within(ss, se, 0.2, 0.6)
	b.add(checkout, id, "SELECT carts", spanKindClient, ds, de, otlpStatus{Code: statusOK},
		str("db.system.name", "postgresql"), str("db.query.summary", "SELECT carts"))
}

// traceDatabase: the service's own query.
func (s *simulator) traceDatabase(b *traceBuilder, own spanResource, parent string, start, end time.Time, rl requestLine) {
	ds, de := within(start, end, 0.1+0.2*b.rng.Float64(), 0.3+0.3*b.rng.Float64())
	status := otlpStatus{Code: statusOK}
	if strings.HasPrefix(rl.errMsg, "unhandled exception: database") {
		status = otlpStatus{Code: statusError, Message: "deadlock detected"}
	}
	table := strings.SplitN(strings.TrimPrefix(strings.TrimPrefix(rl.path, "/api/"), "v1/"), "/", 2)[0]
	table = strings.SplitN(table, "?", 2)[0]
	if table == "" {
		table = "items"
	}
	op := "SELECT"
	if rl.method == "POST" {
		op = "INSERT"
	}
	b.add(own, parent, op+" "+table, spanKindClient, ds, de, status,
		str("db.system.name", "postgresql"), str("db.query.summary", op+" "+table))
}

func edgeMethod(ep endpoint) string {
	if ep.method == "GET" {
		return "GET"
	}
	return "POST"
}

// edgeOperation is the storefront page behind a call to service's endpoint.
func edgeOperation(service string, ep endpoint) string {
	switch {
	case strings.Contains(ep.path, "checkout") || strings.Contains(ep.path, "payments"):
		return "POST /checkout"
	case strings.Contains(ep.path, "cart"):
		return edgeMethod(ep) + " /cart"
	case strings.Contains(ep.path, "products"):
		return "GET /products/{id}"
	case strings.Contains(ep.path, "search") || strings.Contains(ep.path, "suggest"):
		return "GET /search"
	case strings.Contains(ep.path, "orders"):
		return "GET /account/orders"
	}
	return edgeMethod(ep) + " /" + service
}

// podOf is a running pod of service in namespace (nil when there is none). Called with s.mu held.
func (s *simulator) podOf(service, namespace string) *podState {
	for _, st := range s.pods {
		if st.service == service && st.namespace == namespace && st.running {
			return st
		}
	}
	return nil
}

// traceExporter sends finished traces to an OTLP/HTTP endpoint in batches, dropping what it cannot send (a
// trace backend that is down must not slow the simulation).
type traceExporter struct {
	url    string
	client *http.Client

	mu      sync.Mutex
	pending []otlpResourceSpans
	dropped int
}

func newTraceExporter(endpoint string) *traceExporter {
	if endpoint == "" {
		return nil
	}
	return &traceExporter{
		url:    strings.TrimSuffix(endpoint, "/") + "/v1/traces",
		client: &http.Client{Timeout: 3 * time.Second},
	}
}

// maxPendingSpans bounds what waits for the next send.
const maxPendingSpans = 20000

func (e *traceExporter) add(b *traceBuilder) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.pending) > maxPendingSpans {
		e.dropped++
		return
	}
	e.pending = append(e.pending, b.resourceSpans()...)
}

// flush sends what is pending; called once per tick outside the simulator's lock.
func (e *traceExporter) flush(ctx context.Context) {
	if e == nil {
		return
	}
	e.mu.Lock()
	batch := e.pending
	e.pending = nil
	dropped := e.dropped
	e.dropped = 0
	e.mu.Unlock()
	if dropped > 0 {
		log.Printf("traces: %d dropped (sender behind)", dropped)
	}
	if len(batch) == 0 {
		return
	}
	body, err := json.Marshal(otlpRequest{ResourceSpans: batch})
	if err != nil {
		log.Printf("traces: %v", err)
		return
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bytes.NewReader(body))
	if err != nil {
		log.Printf("traces: %v", err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := e.client.Do(req)
	if err != nil {
		e.reportOnce(err.Error())
		return
	}
	_ = res.Body.Close()
	if res.StatusCode >= 300 {
		e.reportOnce(fmt.Sprintf("%s answered %s", e.url, res.Status))
		return
	}
	e.reportOnce("")
}

var lastTraceError struct {
	sync.Mutex
	msg string
}

// reportOnce logs a send error when it differs from the last one (a trace backend that is down says so once).
func (e *traceExporter) reportOnce(msg string) {
	lastTraceError.Lock()
	defer lastTraceError.Unlock()
	if msg == lastTraceError.msg {
		return
	}
	lastTraceError.msg = msg
	if msg == "" {
		log.Printf("traces: sending to %s", e.url)
	} else {
		log.Printf("traces: %s (traces are dropped until it answers)", msg)
	}
}
