//go:build tools

// Package tools pins etcd, the store of the kube-apiserver that the Kubernetes adapter's integration tests run
// against (Apache-2.0). The main package of go.etcd.io/etcd/server/v3 is the `etcd` binary. Its go.mod replaces
// its sibling modules (api, client, pkg) with paths in its own repository; those replaces do not apply to a module
// that requires it, and its require lines name the same release, so nothing needs replacing here.
package tools

import _ "go.etcd.io/etcd/server/v3"
