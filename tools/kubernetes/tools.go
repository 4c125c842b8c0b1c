//go:build tools

// Package tools pins kube-apiserver, the real Kubernetes API server that the Kubernetes adapter's integration
// tests run against, and kube-controller-manager, whose controllers (garbage collection, PV binding, ReplicaSets,
// role aggregation, service accounts) make that server behave like a cluster without nodes (Apache-2.0).
// k8s.io/kubernetes cannot be `go install`ed at a version: its go.mod replaces the staging modules (k8s.io/api,
// k8s.io/apiserver, ...) with paths inside its own repository, so go.mod here replaces each of them with its
// published v0.<minor>.<patch> release, the same source at the same tag.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
