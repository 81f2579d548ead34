package main

import (
	"fmt"
	"sort"
)

// Configuration references: a kubelet starts a container only once every Secret and ConfigMap it reads exists
// with the keys it names. A missing one keeps the container waiting (CreateContainerConfigError for environment
// variables) or the whole pod waiting (a volume that cannot be mounted), and the kubelet retries until it appears.
// This file resolves a pod's references against the objects found in its namespace; it is pure, so it is unit
// tested. Only key names are looked at; values are never kept, logged or written.

// objKind is the kind of a configuration object, spelled as a kubelet spells it in its messages.
type objKind string

const (
	kindSecret    objKind = "Secret"
	kindConfigMap objKind = "ConfigMap"
)

// objKey identifies a configuration object of the pod's namespace.
type objKey struct {
	kind objKind
	name string
}

// keySet is the set of key names of an existing object; nil in a lookup map means the object does not exist.
type keySet map[string]bool

// configLookup holds the objects a pod references: present with their key names, or nil when not found.
type configLookup map[objKey]keySet

// configProblems is what keeps a pod from starting, as a kubelet would report it.
type configProblems struct {
	// volumes holds one FailedMount message per volume that cannot be set up (nothing starts then)
	volumes []string
	// initContainer and initMessage name the first init container that cannot be configured
	initContainer, initMessage string
	// containers maps each app container that cannot be configured to its error
	containers map[string]string
}

// ok reports whether every reference resolves.
func (p configProblems) ok() bool {
	return len(p.volumes) == 0 && p.initContainer == "" && len(p.containers) == 0
}

// summary is the reason and message of the first problem: a volume's FailedMount, else the blocked init
// container's error, else the error of the first failing app container (by name).
func (p configProblems) summary() (reason, message string) {
	switch {
	case len(p.volumes) > 0:
		return "FailedMount", p.volumes[0]
	case p.initContainer != "":
		return "CreateContainerConfigError", p.initMessage
	case len(p.containers) > 0:
		names := make([]string, 0, len(p.containers))
		for n := range p.containers {
			names = append(names, n)
		}
		sort.Strings(names)
		return "CreateContainerConfigError", p.containers[names[0]]
	}
	return "", ""
}

// hasConfigRefs reports whether the pod references any Secret or ConfigMap (optional ones included).
func hasConfigRefs(spec *podConfigSpec) bool {
	return len(configRefs(spec, true)) > 0
}

// configRefs lists the objects a pod references, each with whether one of its keys is needed (otherwise its
// existence is enough). Optional references are listed only when withOptional is set.
func configRefs(spec *podConfigSpec, withOptional bool) map[objKey]bool {
	refs := map[objKey]bool{}
	add := func(kind objKind, name string, optional *bool, needsKeys bool) {
		if name == "" || (!withOptional && optional != nil && *optional) {
			return
		}
		k := objKey{kind, name}
		refs[k] = refs[k] || needsKeys
	}
	for _, c := range append(append([]specContainer{}, spec.InitContainers...), spec.Containers...) {
		for _, ef := range c.EnvFrom {
			if ef.SecretRef != nil {
				add(kindSecret, ef.SecretRef.Name, ef.SecretRef.Optional, false)
			}
			if ef.ConfigMapRef != nil {
				add(kindConfigMap, ef.ConfigMapRef.Name, ef.ConfigMapRef.Optional, false)
			}
		}
		for _, e := range c.Env {
			if e.ValueFrom == nil {
				continue
			}
			if r := e.ValueFrom.SecretKeyRef; r != nil {
				add(kindSecret, r.Name, r.Optional, true)
			}
			if r := e.ValueFrom.ConfigMapKeyRef; r != nil {
				add(kindConfigMap, r.Name, r.Optional, true)
			}
		}
	}
	for _, v := range spec.Volumes {
		if s := v.Secret; s != nil {
			add(kindSecret, s.SecretName, s.Optional, len(s.Items) > 0)
		}
		if c := v.ConfigMap; c != nil {
			add(kindConfigMap, c.Name, c.Optional, len(c.Items) > 0)
		}
	}
	return refs
}

func isOptional(b *bool) bool { return b != nil && *b }

// notFound is the error a kubelet's object managers report for a missing object.
func notFound(kind objKind, name string) string {
	if kind == kindSecret {
		return fmt.Sprintf("secret %q not found", name)
	}
	return fmt.Sprintf("configmap %q not found", name)
}

// containerConfigError is the error a kubelet reports when it builds a container's environment, or "" when
// every non-optional reference resolves. envFrom is read before env, each in order; the first failure wins.
func containerConfigError(c *specContainer, namespace string, objs configLookup) string {
	for _, ef := range c.EnvFrom {
		for _, r := range []struct {
			kind objKind
			ref  *objectRef
		}{{kindConfigMap, ef.ConfigMapRef}, {kindSecret, ef.SecretRef}} {
			if r.ref == nil || r.ref.Name == "" {
				continue
			}
			if objs[objKey{r.kind, r.ref.Name}] == nil && !isOptional(r.ref.Optional) {
				return notFound(r.kind, r.ref.Name)
			}
		}
	}
	for _, e := range c.Env {
		if e.ValueFrom == nil {
			continue
		}
		for _, r := range []struct {
			kind objKind
			ref  *keyRef
		}{{kindConfigMap, e.ValueFrom.ConfigMapKeyRef}, {kindSecret, e.ValueFrom.SecretKeyRef}} {
			if r.ref == nil || r.ref.Name == "" || isOptional(r.ref.Optional) {
				continue
			}
			keys := objs[objKey{r.kind, r.ref.Name}]
			if keys == nil {
				return notFound(r.kind, r.ref.Name)
			}
			if !keys[r.ref.Key] {
				return fmt.Sprintf("couldn't find key %s in %s %s/%s", r.ref.Key, r.kind, namespace, r.ref.Name)
			}
		}
	}
	return ""
}

// volumeError is the error a kubelet's secret or configMap volume plugin reports, or "".
func volumeError(v *volume, objs configLookup) string {
	if s := v.Secret; s != nil && s.SecretName != "" {
		keys := objs[objKey{kindSecret, s.SecretName}]
		if keys == nil {
			if isOptional(s.Optional) {
				return ""
			}
			return notFound(kindSecret, s.SecretName)
		}
		for _, it := range s.Items {
			if !keys[it.Key] && !isOptional(s.Optional) {
				return "references non-existent secret key: " + it.Key
			}
		}
	}
	if c := v.ConfigMap; c != nil && c.Name != "" {
		keys := objs[objKey{kindConfigMap, c.Name}]
		if keys == nil {
			if isOptional(c.Optional) {
				return ""
			}
			return notFound(kindConfigMap, c.Name)
		}
		for _, it := range c.Items {
			if !keys[it.Key] && !isOptional(c.Optional) {
				return "configmap references non-existent config key: " + it.Key
			}
		}
	}
	return ""
}

// resolveConfig checks a pod's references in the order a kubelet meets them: volumes are mounted before anything
// starts, init containers start one after the other (the first that cannot be configured blocks the rest), then
// each app container is configured on its own.
func resolveConfig(spec *podConfigSpec, namespace string, objs configLookup) configProblems {
	var p configProblems
	for i := range spec.Volumes {
		if msg := volumeError(&spec.Volumes[i], objs); msg != "" {
			p.volumes = append(p.volumes, fmt.Sprintf("MountVolume.SetUp failed for volume %q : %s", spec.Volumes[i].Name, msg))
		}
	}
	if len(p.volumes) > 0 {
		return p
	}
	for i := range spec.InitContainers {
		if msg := containerConfigError(&spec.InitContainers[i], namespace, objs); msg != "" {
			p.initContainer, p.initMessage = spec.InitContainers[i].Name, msg
			return p
		}
	}
	for i := range spec.Containers {
		if msg := containerConfigError(&spec.Containers[i], namespace, objs); msg != "" {
			if p.containers == nil {
				p.containers = map[string]string{}
			}
			p.containers[spec.Containers[i].Name] = msg
		}
	}
	return p
}
