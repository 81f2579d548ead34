package main

// The parts of a pod spec that name Secrets and ConfigMaps, as the configuration check decodes them.

// keyRef is an env[].valueFrom.secretKeyRef or configMapKeyRef.
type keyRef struct {
	Name     string `json:"name"`
	Key      string `json:"key"`
	Optional *bool  `json:"optional"`
}

// objectRef is an envFrom[].secretRef or configMapRef.
type objectRef struct {
	Name     string `json:"name"`
	Optional *bool  `json:"optional"`
}

type envVar struct {
	Name      string `json:"name"`
	ValueFrom *struct {
		SecretKeyRef    *keyRef `json:"secretKeyRef"`
		ConfigMapKeyRef *keyRef `json:"configMapKeyRef"`
	} `json:"valueFrom"`
}

type envFromSource struct {
	SecretRef    *objectRef `json:"secretRef"`
	ConfigMapRef *objectRef `json:"configMapRef"`
}

type keyToPath struct {
	Key string `json:"key"`
}

type volume struct {
	Name   string `json:"name"`
	Secret *struct {
		SecretName string      `json:"secretName"`
		Items      []keyToPath `json:"items"`
		Optional   *bool       `json:"optional"`
	} `json:"secret"`
	ConfigMap *struct {
		Name     string      `json:"name"`
		Items    []keyToPath `json:"items"`
		Optional *bool       `json:"optional"`
	} `json:"configMap"`
}

// specContainer is the part of a container spec that names configuration.
type specContainer struct {
	Name    string          `json:"name"`
	Image   string          `json:"image"`
	Env     []envVar        `json:"env"`
	EnvFrom []envFromSource `json:"envFrom"`
}

// podConfigSpec is the part of a pod spec that names configuration.
type podConfigSpec struct {
	InitContainers []specContainer `json:"initContainers"`
	Containers     []specContainer `json:"containers"`
	Volumes        []volume        `json:"volumes"`
}
