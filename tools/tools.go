//go:build tools

// Package tools pins the Go programs that Tandem's tests and lab run (see scripts/tools.sh).
// The build tag keeps it out of every build; the blank import keeps the pin in go.mod.
package tools

import (
	_ "github.com/nats-io/nats-server/v2"
)
