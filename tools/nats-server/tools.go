//go:build tools

// Package tools pins nats-server, the JetStream server of Tandem's tests and lab (see scripts/tools.sh).
// Each tool has its own module so that one tool's dependencies never move another's.
package tools

import _ "github.com/nats-io/nats-server/v2"
