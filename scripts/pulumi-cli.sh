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
#     there, and print that directory. The language host gets a working
#     RunPlugin (for policy packs) at build time via `go build -overlay`.
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
# Where the build assembles the patched host, relative to its wrapper module.
LANGHOST_SRC_PKG=pulumi-language-nodejs
# Release build flags of the Pulumi CLI; without the -X, `pulumi version` is empty.
BUILD_TAGS=osusergo,grpcnotrace
BUILD_LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version="
# The v3.68.0 host's RunPlugin is this stub (end of its main.go). The build
# deletes it and compiles language-nodejs/runplugin.go.txt instead, so that the
# 3.248 CLI can run Node.js policy packs (see docs/pulumi-cli.md).
RUNPLUGIN_STUB=$'func (host *nodeLanguageHost) RunPlugin(\n\treq *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,\n) error {\n\treturn errors.New("not supported")\n}'

log() { printf 'pulumi-cli: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
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
    "$wrapper_dir/language-nodejs/go.mod" "$wrapper_dir/language-nodejs/go.sum" \
    "$wrapper_dir/language-nodejs/runplugin.go.txt"
  echo "$RUNPLUGIN_STUB"; } | sha256sum | cut -d' ' -f1)"

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

# prepare_build <wrapper dir> <build dir>: a fresh copy of the wrapper module.
prepare_build() {
  rm -rf "$2"
  mkdir -p "$2"
  cp "$1/go.mod" "$1/go.sum" "$1/tools.go" "$2/"
}

# go_build <build dir> <package> <output> <version> [go build flags...]
go_build() {
  local dir="$1" pkg="$2" out="$3" version="$4"
  shift 4
  (
    cd "$dir"
    CGO_ENABLED=0 "$GO" build -mod=readonly -buildvcs=false -trimpath -tags "$BUILD_TAGS" \
      -ldflags "$BUILD_LDFLAGS$version" "$@" -o "$out" "$pkg"
  ) >&2
}

# langhost_overlay <build dir>: write <build dir>/overlay.json. Go refuses
# overlays of files in the module cache, so the overlay assembles the host as a
# package of the wrapper module instead, <build dir>/pulumi-language-nodejs
# (LANGHOST_SRC_PKG), whose files exist only in the overlay: the host's own
# non-test files read from the module cache, except main.go, which is a copy
# minus the stub RunPlugin, plus runplugin.go.txt. Nothing is copied into the
# repo and the module cache is not modified.
langhost_overlay() {
  local dir="$1" pkgdir main rest f sep="" json
  pkgdir="$(cd "$dir" && "$GO" list -mod=readonly -f '{{.Dir}}' "$LANGHOST_PKG")" \
    || die "could not locate $LANGHOST_PKG in the module cache"
  [[ "$pkgdir$dir" != *[\"\\]* ]] || die "unsupported character in $pkgdir or $dir"
  main="$(<"$pkgdir/main.go")"
  rest="${main#*"$RUNPLUGIN_STUB"}"
  [[ "$rest" != "$main" ]] || die "stub RunPlugin not found in $pkgdir/main.go"
  [[ "$rest" != *"$RUNPLUGIN_STUB"* ]] || die "stub RunPlugin found more than once in $pkgdir/main.go"
  mkdir -p "$dir/overlay" "$dir/$LANGHOST_SRC_PKG"
  printf '%s\n' "${main/"$RUNPLUGIN_STUB"/}" >"$dir/overlay/main.go.patched"
  cp "$wrapper_dir/language-nodejs/runplugin.go.txt" "$dir/overlay/"
  json='{"Replace": {'
  for f in "$pkgdir"/*.go "$dir/overlay/runplugin.go.txt"; do
    case "$f" in
      *_test.go) continue ;;
      */main.go) f="$dir/overlay/main.go.patched" ;;
    esac
    json+="$sep"$'\n  '"\"$dir/$LANGHOST_SRC_PKG/$(basename "${f%.patched}" .txt)\": \"$f\""
    sep=,
  done
  printf '%s\n}}\n' "$json" >"$dir/overlay.json"
}

log "building Pulumi CLI $PULUMI_VERSION into $bin (a cold build takes ~6 min on 2 cores; $("$GO" version))"
start=$SECONDS
staging="$cache/$PULUMI_VERSION/bin.tmp"
rm -rf "$staging"
mkdir -p "$staging"
prepare_build "$wrapper_dir" "$cache/build/cli"
go_build "$cache/build/cli" "$CLI_PKG" "$staging/pulumi" "$PULUMI_VERSION"
log "built pulumi ($((SECONDS - start))s)"
langhost_build="$cache/build/language-nodejs"
prepare_build "$wrapper_dir/language-nodejs" "$langhost_build"
langhost_overlay "$langhost_build"
go_build "$langhost_build" "./$LANGHOST_SRC_PKG" "$staging/pulumi-language-nodejs" "$LANGHOST_VERSION" \
  -overlay "$langhost_build/overlay.json"
log "built pulumi-language-nodejs $LANGHOST_VERSION with RunPlugin ($((SECONDS - start))s)"

echo "$stamp" >"$staging/.stamp"
rm -rf "$bin"
mv "$staging" "$bin"
install_provider_script

got="$(cached_version)"
[[ "$got" == "$PULUMI_VERSION" ]] || die "built pulumi reports version '$got', expected $PULUMI_VERSION"
log "done in $((SECONDS - start))s"
echo "$bin"
