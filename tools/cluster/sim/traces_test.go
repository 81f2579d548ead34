package main

import (
	"context"
	"encoding/json"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func testPod(service, namespace string) *podState {
	return &podState{
		uid: "u-" + service, namespace: namespace, name: service + "-7d9f8-abcde", service: service,
		version: "1.4.2", containers: []string{"app"}, running: true,
		rng: rand.New(rand.NewSource(42)),
	}
}

func spansOf(b *traceBuilder) map[string]traceSpan {
	out := map[string]traceSpan{}
	for _, s := range b.spans {
		out[s.span.SpanID] = s
	}
	return out
}

func TestUpstreamErrorOfCheckoutFailsInPayments(t *testing.T) {
	s := newSimulator(config{}, nil)
	st := testPod("checkout-api", "checkout-dev")
	ep := endpoint{"POST", "/api/checkout", 1, 120}
	rl := requestLine{at: time.Now(), method: "POST", path: "/api/checkout", status: 503, latencyMs: 8,
		errMsg: "upstream unavailable", endpoint: ep}
	b, spanID := s.traceRequest(st, rl, ep)
	spans := spansOf(b)
	own, ok := spans[spanID]
	if !ok || own.res.service != "checkout-api" || own.span.Status.Code != statusError {
		t.Fatalf("the logged span is not checkout-api's failed server span: %+v", own)
	}
	var payments *traceSpan
	for _, sp := range b.spans {
		if sp.res.service == "payments-api" {
			sp := sp
			payments = &sp
		}
	}
	if payments == nil || payments.span.Status.Code != statusError || !strings.Contains(payments.span.Status.Message, "card processor") {
		t.Fatalf("no failed payments-api span: %+v", payments)
	}
	if payments.res.namespace != "checkout-dev" {
		t.Fatalf("payments-api span in %q, want the caller's environment checkout-dev", payments.res.namespace)
	}
	// every child lies within its parent, and every parent is in the trace
	for _, sp := range b.spans {
		if sp.span.ParentSpanID == "" {
			continue
		}
		parent, ok := spans[sp.span.ParentSpanID]
		if !ok {
			t.Fatalf("span %s has a parent that is not in the trace", sp.span.Name)
		}
		if sp.start.Before(parent.start) || sp.end.After(parent.end) {
			t.Fatalf("span %s [%v, %v] is outside its parent %s [%v, %v]", sp.span.Name, sp.start, sp.end,
				parent.span.Name, parent.start, parent.end)
		}
	}
	if len(b.id) != 32 || len(spanID) != 16 {
		t.Fatalf("ids must be 32 and 16 hex digits: %q %q", b.id, spanID)
	}
}

func TestProductPageOfSearchCallsCheckout(t *testing.T) {
	s := newSimulator(config{}, nil)
	st := testPod("search-api", "search-dev")
	ep := endpoint{"GET", "/api/products/{id}", 2, 20}
	rl := requestLine{at: time.Now(), method: "GET", path: "/api/products/12345", status: 200, latencyMs: 30, endpoint: ep}
	b, _ := s.traceRequest(st, rl, ep)
	var checkout []traceSpan
	for _, sp := range b.spans {
		if sp.res.service == "checkout-api" {
			checkout = append(checkout, sp)
		}
	}
	if len(checkout) == 0 || checkout[0].res.namespace != "checkout-dev" {
		t.Fatalf("want checkout-api spans in checkout-dev, got %+v", checkout)
	}
}

func TestExporterSendsOTLPJSON(t *testing.T) {
	got := make(chan otlpRequest, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("unexpected request %s %s", r.URL.Path, r.Header.Get("Content-Type"))
		}
		body, _ := io.ReadAll(r.Body)
		var req otlpRequest
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("not OTLP JSON: %v", err)
		}
		got <- req
	}))
	defer srv.Close()
	s := newSimulator(config{otlpEndpoint: srv.URL}, nil)
	st := testPod("checkout-api", "checkout-dev")
	ep := endpoint{"GET", "/api/cart", 6, 18}
	b, _ := s.traceRequest(st, requestLine{at: time.Now(), method: "GET", path: "/api/cart", status: 200, latencyMs: 12, endpoint: ep}, ep)
	s.traces.add(b)
	s.traces.flush(context.Background())
	req := <-got
	services := map[string]bool{}
	for _, rs := range req.ResourceSpans {
		for _, a := range rs.Resource.Attributes {
			if a.Key == "service.name" {
				services[*a.Value.StringValue] = true
			}
		}
	}
	if !services["checkout-api"] || !services["storefront"] {
		t.Fatalf("want the storefront and checkout-api resources, got %v", services)
	}
}
