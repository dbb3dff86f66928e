//go:build tools

// Wrapper module that pins the Pulumi CLI built by scripts/pulumi-cli.sh.
// It is never compiled on its own: the script copies go.mod, go.sum and this
// file into .cache/pulumi/build/cli and runs `go build <package path>` there,
// so the versions recorded in go.sum are the ones every machine resolves.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
	_ "github.com/pulumi/pulumi/sdk/v3/go/common/version"
)
