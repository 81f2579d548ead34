package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Simulated failures: a pod annotated paved.dev/simulate=crash-loop|oom-killed is driven through exits and
// restarts by KWOK (kwok/broken-pods.yaml). KWOK reports each exit in the container's lastState.terminated; the
// simulator writes what the exited instance logged, from its start to its end, into the container's log (all
// instances, one after the other) and into the "previous" log (only the last exited instance), the way a
// kubelet keeps the log of the previous container.

const annSimulate = "paved.dev/simulate"

// failureMode is the pod's simulated failure, or "".
func failureMode(p *pod) string {
	switch m := p.Metadata.Annotations[annSimulate]; m {
	case "crash-loop", "oom-killed":
		return m
	}
	return ""
}

// previousLogPath is the log of a container's last exited instance: <log-dir>/<namespace>_<pod>_<container>.previous.log
func (s *simulator) previousLogPath(st *podState, container string) string {
	return filepath.Join(s.cfg.logDir, fmt.Sprintf("%s_%s_%s.previous.log", st.namespace, st.name, container))
}

// writeExits writes the logs of container instances that exited since the last poll.
func (s *simulator) writeExits(st *podState, p *pod) {
	for _, cs := range p.Status.ContainerStatuses {
		t := cs.LastState.Terminated
		if t == nil || t.FinishedAt == "" || st.lastExit[cs.Name] == t.FinishedAt {
			continue
		}
		firstSeen := st.lastExit[cs.Name] == ""
		st.lastExit[cs.Name] = t.FinishedAt
		started, err1 := time.Parse(time.RFC3339, t.StartedAt)
		finished, err2 := time.Parse(time.RFC3339, t.FinishedAt)
		if err1 != nil || err2 != nil {
			continue
		}
		previous := s.previousLogPath(st, cs.Name)
		if firstSeen {
			// written before the simulator (re)started
			if fi, err := os.Stat(previous); err == nil && !fi.ModTime().Before(finished) {
				continue
			}
		}
		var sb strings.Builder
		for _, l := range s.exitLines(st, cs.Name, p, started, finished, t) {
			s.writeLine(st, cs.Name, l.at, l.level, l.fields)
			if line, ok := formatLine(st, l.at, l.level, l.fields); ok {
				sb.WriteString(line)
			}
		}
		if err := os.WriteFile(previous, []byte(sb.String()), 0o644); err != nil {
			log.Printf("previous log: %v", err)
		}
	}
}

type exitLine struct {
	at     time.Time
	level  string
	fields map[string]any
}

// exitLines is what an instance that ran from started to finished logged: the usual start-up, then, for a crash
// loop, the error that made it exit; for an OOM kill, growing memory until the kernel killed it mid-work (so no
// last words).
func (s *simulator) exitLines(st *podState, container string, p *pod, started, finished time.Time, t *terminatedState) []exitLine {
	if !finished.After(started) {
		finished = started.Add(time.Second)
	}
	// the application's own name (several Deployments may share one backstage.io/kubernetes-id)
	app := p.Metadata.Labels["app.kubernetes.io/name"]
	if app == "" {
		app = st.service
	}
	span := finished.Sub(started)
	at := func(fraction float64) time.Time { return started.Add(time.Duration(fraction * float64(span))) }
	lines := []exitLine{
		{at(0.05), "INFO", map[string]any{"msg": "starting " + app, "version": st.version, "container": container, "go_version": "go1.26"}},
		{at(0.15), "INFO", map[string]any{"msg": "loaded configuration", "environment": envOf(st.namespace)}},
	}
	if t.Reason == "OOMKilled" || st.failure == "oom-killed" {
		limitMi := 0.0
		for _, c := range p.Spec.Containers {
			if c.Name == container {
				if v, ok := parseQuantity(c.Resources.Limits["memory"]); ok {
					limitMi = v / (1 << 20)
				}
			}
		}
		if limitMi <= 0 {
			limitMi = 256
		}
		pending := 40000 + st.rng.Intn(20000)
		lines = append(lines,
			exitLine{at(0.25), "INFO", map[string]any{"msg": "connected to database", "pool_size": 10}},
			exitLine{at(0.35), "INFO", map[string]any{"msg": "loading settlement backlog into memory", "pending": pending}},
			exitLine{at(0.6), "WARN", map[string]any{"msg": "memory usage high", "heap_mb": int(limitMi * 0.78), "limit_mb": int(limitMi)}},
			exitLine{at(0.85), "WARN", map[string]any{"msg": "memory usage high", "heap_mb": int(limitMi * 0.96), "limit_mb": int(limitMi), "loaded": pending * 3 / 4}},
		)
		return lines
	}
	return append(lines,
		exitLine{at(0.3), "INFO", map[string]any{"msg": "connecting to provider API", "url": "https://api.provider.example/v2"}},
		exitLine{at(0.7), "ERROR", map[string]any{"msg": "provider API rejected the credentials", "status": 401, "error": "invalid API key"}},
		exitLine{at(0.95), "FATAL", map[string]any{
			"msg":       fmt.Sprintf("startup failed: provider API credentials rejected (401 invalid API key); check secret %s-credentials, key api-key", app),
			"exit_code": t.ExitCode,
		}},
	)
}
