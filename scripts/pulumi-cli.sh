#!/usr/bin/env bash
# Provide a working Pulumi CLI and print the directory that holds it.
#
# Usage:  bin="$(scripts/pulumi-cli.sh | tail -n1)" && export PATH="$bin:$PATH"
#
#   - If `pulumi` is already on PATH (and PULUMI_CLI_BUILD != 1), print its
#     directory and exit.
#   - Otherwise build Pulumi v3.248.0 from the Go module proxy into
#     <repo>/.cache/pulumi/v3.248.0/bin (pulumi, pulumi-language-nodejs,
#     pulumi-resource-pulumi-nodejs), or reuse that build if it is already
#     there, and print that directory.
#
# The bin directory is always the last line on stdout; everything else
# (build output, progress) goes to stderr. See docs/pulumi-cli.md.
#
# Environment:
#   PULUMI_CLI_BUILD=1               build/use the cached CLI even if `pulumi` is on PATH
#   PULUMI_NODEJS_PROVIDER_SCRIPT    path of the pulumi-resource-pulumi-nodejs script to copy
#                                    (default: <repo>/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs)
set -euo pipefail

PULUMI_VERSION=v3.248.0
# Last sdk/v3 release that still contains nodejs/cmd/pulumi-language-nodejs as a
# package; newer hosts are in a separate, untagged module that the module proxy
# reachable here does not serve (see docs/pulumi-cli.md).
LANGHOST_VERSION=v3.68.0
CLI_PKG=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
LANGHOST_PKG=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
# Release build flags of the Pulumi CLI; without the -X, `pulumi version` is empty.
BUILD_TAGS=osusergo,grpcnotrace
BUILD_LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version="

log() { printf 'pulumi-cli: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
  "") ;;
  *) die "unexpected argument: $1 (try --help)" ;;
esac

# 1. A user-provided pulumi wins unless a build is forced.
if [[ "${PULUMI_CLI_BUILD:-}" != 1 ]] && existing="$(command -v pulumi 2>/dev/null)" && [[ -x "$existing" ]]; then
  dirname "$existing"
  exit 0
fi

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$script_dir/.." && pwd)"
wrapper_dir="$script_dir/pulumi-cli"
cache="$repo/.cache/pulumi"
bin="$cache/$PULUMI_VERSION/bin"
provider_src="${PULUMI_NODEJS_PROVIDER_SCRIPT:-$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs}"

mkdir -p "$cache"
exec 9>"$cache/.lock"
if ! flock -n 9; then
  log "another pulumi-cli.sh is running; waiting for $cache/.lock"
  flock 9
fi

# Fingerprint of what the cached build was made from; a change rebuilds.
stamp="$({ echo "$PULUMI_VERSION $LANGHOST_VERSION $BUILD_TAGS $BUILD_LDFLAGS"
  cat "$wrapper_dir/go.mod" "$wrapper_dir/go.sum" \
    "$wrapper_dir/language-nodejs/go.mod" "$wrapper_dir/language-nodejs/go.sum"; } | sha256sum | cut -d' ' -f1)"

cached_version() {
  [[ -x "$bin/pulumi" && -x "$bin/pulumi-language-nodejs" ]] || return 0
  [[ "$(cat "$bin/.stamp" 2>/dev/null)" == "$stamp" ]] || return 0
  PULUMI_HOME="$cache/home" PULUMI_SKIP_UPDATE_CHECK=1 "$bin/pulumi" version 2>/dev/null || true
}

# The dynamic-provider plugin is a small sh script shipped by the npm SDK.
install_provider_script() {
  if [[ -f "$provider_src" ]]; then
    if ! cmp -s "$provider_src" "$bin/pulumi-resource-pulumi-nodejs" 2>/dev/null; then
      cp "$provider_src" "$bin/pulumi-resource-pulumi-nodejs.tmp"
      chmod 755 "$bin/pulumi-resource-pulumi-nodejs.tmp"
      mv -f "$bin/pulumi-resource-pulumi-nodejs.tmp" "$bin/pulumi-resource-pulumi-nodejs"
    fi
  elif [[ ! -x "$bin/pulumi-resource-pulumi-nodejs" ]]; then
    die "$provider_src not found: run \`npm ci\` in $repo first (or set PULUMI_NODEJS_PROVIDER_SCRIPT)"
  else
    log "warning: $provider_src not found; keeping the cached copy"
  fi
}

if [[ "$(cached_version)" == "$PULUMI_VERSION" ]]; then
  install_provider_script
  echo "$bin"
  exit 0
fi

# Fail before a long build if the provider script cannot be installed afterwards.
[[ -f "$provider_src" ]] \
  || die "$provider_src not found: run \`npm ci\` in $repo first (or set PULUMI_NODEJS_PROVIDER_SCRIPT)"

if command -v go >/dev/null 2>&1; then
  GO="$(command -v go)"
elif [[ -x /usr/local/go/bin/go ]]; then
  GO=/usr/local/go/bin/go
else
  die "Go is needed to build the Pulumi CLI (none on PATH or at /usr/local/go/bin/go)"
fi

# go_build <wrapper dir> <build dir> <package> <output> <version>
go_build() {
  local src="$1" dir="$2" pkg="$3" out="$4" version="$5"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$src/go.mod" "$src/go.sum" "$src/tools.go" "$dir/"
  (
    cd "$dir"
    CGO_ENABLED=0 "$GO" build -mod=readonly -buildvcs=false -trimpath -tags "$BUILD_TAGS" \
      -ldflags "$BUILD_LDFLAGS$version" -o "$out" "$pkg"
  ) >&2
}

log "building Pulumi CLI $PULUMI_VERSION into $bin (a cold build takes ~6 min on 2 cores; $("$GO" version))"
start=$SECONDS
staging="$cache/$PULUMI_VERSION/bin.tmp"
rm -rf "$staging"
mkdir -p "$staging"
go_build "$wrapper_dir" "$cache/build/cli" "$CLI_PKG" "$staging/pulumi" "$PULUMI_VERSION"
log "built pulumi ($((SECONDS - start))s)"
go_build "$wrapper_dir/language-nodejs" "$cache/build/language-nodejs" "$LANGHOST_PKG" \
  "$staging/pulumi-language-nodejs" "$LANGHOST_VERSION"
log "built pulumi-language-nodejs $LANGHOST_VERSION ($((SECONDS - start))s)"

echo "$stamp" >"$staging/.stamp"
rm -rf "$bin"
mv "$staging" "$bin"
install_provider_script

got="$(cached_version)"
[[ "$got" == "$PULUMI_VERSION" ]] || die "built pulumi reports version '$got', expected $PULUMI_VERSION"
log "done in $((SECONDS - start))s"
echo "$bin"
