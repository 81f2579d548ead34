package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// logPath is the file of one container's log: <log-dir>/<namespace>_<pod>_<container>.log
func (s *simulator) logPath(st *podState, container string) string {
	return filepath.Join(s.cfg.logDir, fmt.Sprintf("%s_%s_%s.log", st.namespace, st.name, container))
}

// registerLogs tells KWOK where the pod's container logs are: a Logs object named like the pod, owned by the pod
// (so the garbage collector removes it with the pod).
func (s *simulator) registerLogs(ctx context.Context, st *podState) error {
	var entries []map[string]any
	for _, c := range st.containers {
		entry := map[string]any{
			"containers": []string{c},
			"logsFile":   s.logPath(st, c),
			"follow":     true,
		}
		if st.failure != "" {
			// the log of the last crashed instance (kubectl logs --previous)
			entry["previousLogsFile"] = s.previousLogPath(st, c)
		}
		entries = append(entries, entry)
	}
	obj := map[string]any{
		"apiVersion": "kwok.x-k8s.io/v1alpha1",
		"kind":       "Logs",
		"metadata": map[string]any{
			"name":      st.name,
			"namespace": st.namespace,
			"labels":    map[string]string{"app.kubernetes.io/managed-by": "paved-sim"},
			"ownerReferences": []map[string]any{{
				"apiVersion": "v1", "kind": "Pod", "name": st.name, "uid": st.uid,
			}},
		},
		"spec": map[string]any{"logs": entries},
	}
	return s.client.apply(ctx, fmt.Sprintf("/apis/kwok.x-k8s.io/v1alpha1/namespaces/%s/logs/%s", st.namespace, st.name), obj)
}

// file returns the open log file of a container, rotating it when it has grown beyond the limit.
func (s *simulator) file(path string) (*os.File, error) {
	s.filesMu.Lock()
	defer s.filesMu.Unlock()
	f, ok := s.files[path]
	if ok {
		if fi, err := f.Stat(); err == nil && fi.Size() > s.cfg.rotateBytes {
			_ = f.Close()
			delete(s.files, path)
			_ = os.Rename(path, path+".1")
			ok = false
		} else if err != nil {
			_ = f.Close()
			delete(s.files, path)
			ok = false
		}
	}
	if !ok {
		var err error
		f, err = os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		s.files[path] = f
	}
	return f, nil
}

func (s *simulator) closePodFiles(st *podState) {
	s.filesMu.Lock()
	defer s.filesMu.Unlock()
	for _, c := range st.containers {
		p := s.logPath(st, c)
		if f, ok := s.files[p]; ok {
			_ = f.Close()
			delete(s.files, p)
		}
		delete(s.lastLine, p)
	}
}

func (s *simulator) closeFiles() {
	s.filesMu.Lock()
	defer s.filesMu.Unlock()
	for p, f := range s.files {
		_ = f.Close()
		delete(s.files, p)
	}
}

// writeLine appends one application log line (JSON) in the CRI log format: "<RFC3339Nano> <stream> F <line>".
// ERROR and FATAL lines go to stderr, everything else to stdout.
func (s *simulator) writeLine(st *podState, container string, at time.Time, level string, fields map[string]any) {
	path := s.logPath(st, container)
	// timestamps never go backwards within a file (readers filter with --since-time)
	s.filesMu.Lock()
	if last, ok := s.lastLine[path]; ok && at.Before(last) {
		at = last
	}
	s.lastLine[path] = at
	s.filesMu.Unlock()
	line, ok := formatLine(st, at, level, fields)
	if !ok {
		return
	}
	f, err := s.file(path)
	if err != nil {
		log.Printf("log file: %v", err)
		return
	}
	_, _ = f.WriteString(line)
}

// formatLine renders one application log line (JSON) in the CRI log format, newline included.
func formatLine(st *podState, at time.Time, level string, fields map[string]any) (string, bool) {
	rec := map[string]any{
		"time":    at.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		"level":   level,
		"service": st.service,
		"pod":     st.name,
	}
	for k, v := range fields {
		rec[k] = v
	}
	b, err := json.Marshal(orderedRecord(rec))
	if err != nil {
		return "", false
	}
	stream := "stdout"
	if level == "ERROR" || level == "FATAL" {
		stream = "stderr"
	}
	return fmt.Sprintf("%s %s F %s\n", at.UTC().Format(time.RFC3339Nano), stream, b), true
}

// orderedRecord renders the usual fields first (json.Marshal sorts map keys, which buries "msg").
type orderedRecord map[string]any

func (r orderedRecord) MarshalJSON() ([]byte, error) {
	first := []string{"time", "level", "msg", "service", "pod"}
	var sb strings.Builder
	sb.WriteByte('{')
	n := 0
	emit := func(k string, v any) error {
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if n > 0 {
			sb.WriteByte(',')
		}
		sb.Write(kb)
		sb.WriteByte(':')
		sb.Write(vb)
		n++
		return nil
	}
	done := map[string]bool{}
	for _, k := range first {
		if v, ok := r[k]; ok {
			if err := emit(k, v); err != nil {
				return nil, err
			}
			done[k] = true
		}
	}
	var rest []string
	for k := range r {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sortStrings(rest)
	for _, k := range rest {
		if err := emit(k, r[k]); err != nil {
			return nil, err
		}
	}
	sb.WriteByte('}')
	return []byte(sb.String()), nil
}

func (s *simulator) writeRequest(st *podState, rl requestLine) {
	level := "INFO"
	switch {
	case rl.status >= 500:
		level = "ERROR"
	case rl.status >= 400:
		level = "WARN"
	}
	fields := map[string]any{
		"msg":        fmt.Sprintf("%s %s %d", rl.method, rl.path, rl.status),
		"method":     rl.method,
		"path":       rl.path,
		"status":     rl.status,
		"latency_ms": rl.latencyMs,
		"request_id": rl.requestID,
	}
	if rl.errMsg != "" {
		fields["error"] = rl.errMsg
	}
	if rl.traceID != "" {
		fields["trace_id"] = rl.traceID
		fields["span_id"] = rl.spanID
	}
	s.writeLine(st, st.containers[0], rl.at, level, fields)
}

// writeStartup writes a container's start-up lines, unless its log file exists already (simulator restart).
func (s *simulator) writeStartup(st *podState) {
	for i, c := range st.containers {
		if _, err := os.Stat(s.logPath(st, c)); err == nil {
			continue
		}
		t := st.startedAt
		if time.Since(t) > time.Hour || t.After(time.Now()) {
			t = time.Now()
		}
		step := func() time.Time { t = t.Add(time.Duration(20+st.rng.Intn(400)) * time.Millisecond); return t }
		s.writeLine(st, c, step(), "INFO", map[string]any{"msg": "starting " + st.service, "version": st.version, "container": c, "go_version": "go1.26"})
		s.writeLine(st, c, step(), "INFO", map[string]any{"msg": "loaded configuration", "environment": envOf(st.namespace)})
		if st.batch {
			s.writeLine(st, c, step(), "INFO", map[string]any{"msg": "batch job started"})
			continue
		}
		s.writeLine(st, c, step(), "INFO", map[string]any{"msg": "connected to database", "pool_size": 10})
		if i == 0 {
			s.writeLine(st, c, step(), "INFO", map[string]any{"msg": "http server listening", "addr": ":8080"})
		}
		s.writeLine(st, c, step(), "INFO", map[string]any{"msg": "ready"})
	}
}

// writeFinish writes the last lines of a pod that ran to completion.
func (s *simulator) writeFinish(st *podState, ok bool) {
	c := st.containers[0]
	t := time.Now()
	if st.batch {
		s.writeLine(st, c, t, "INFO", map[string]any{"msg": "processed batch", "records": 50 + st.rng.Intn(950), "duration_ms": 100 + st.rng.Intn(4000)})
	}
	if ok {
		s.writeLine(st, c, t, "INFO", map[string]any{"msg": "completed", "exit_code": 0})
	} else {
		s.writeLine(st, c, t, "ERROR", map[string]any{"msg": "terminated with error", "exit_code": 1})
	}
}

func (s *simulator) writeBatchLine(st *podState, now time.Time) {
	s.writeLine(st, st.containers[0], now, "INFO", map[string]any{
		"msg": "processed batch", "records": 50 + st.rng.Intn(950), "duration_ms": 100 + st.rng.Intn(4000),
	})
}

func envOf(ns string) string {
	if i := strings.LastIndex(ns, "-"); i >= 0 {
		return ns[i+1:]
	}
	return ns
}

// cleanupFiles removes log files of pods that no longer exist once they are older than the retention.
func (s *simulator) cleanupFiles() {
	s.mu.Lock()
	live := map[string]bool{}
	for _, st := range s.pods {
		for _, c := range st.containers {
			live[s.logPath(st, c)] = true
			live[s.previousLogPath(st, c)] = true
		}
	}
	s.mu.Unlock()
	entries, err := os.ReadDir(s.cfg.logDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".log") || strings.HasSuffix(e.Name(), ".log.1")) || strings.HasPrefix(e.Name(), "_") {
			continue
		}
		p := filepath.Join(s.cfg.logDir, e.Name())
		if live[strings.TrimSuffix(p, ".1")] {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > s.cfg.retainGone {
			_ = os.Remove(p)
		}
	}
}
