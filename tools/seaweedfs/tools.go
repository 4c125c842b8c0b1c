//go:build tools

// Package tools pins SeaweedFS ("weed mini"), the S3-compatible server of the object store tests (Apache-2.0).
package tools

import _ "github.com/seaweedfs/seaweedfs/weed"
