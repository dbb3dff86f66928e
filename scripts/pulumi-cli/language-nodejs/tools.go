//go:build tools

// Wrapper module for the Node.js language host (pulumi-language-nodejs) built
// by scripts/pulumi-cli.sh. sdk/v3 v3.68.0 is the last release in which the
// host is a package of the sdk module; later hosts live in their own untagged
// module (see docs/pulumi-cli.md).
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
