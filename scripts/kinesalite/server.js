#!/usr/bin/env node
// Starts kinesalite on 127.0.0.1, then writes the endpoint URL to the file named by the first argument.
// Usage: node server.js <endpoint-file> <node_modules-parent-dir>
// Environment: KINESALITE_PORT (default 0: a port chosen by the OS), KINESALITE_PATH (a folder: keep the data in
// LevelDB there so that it survives a restart; default: in memory), KINESALITE_OWNER_PID (stop when it exits).
'use strict';

const fs = require('fs');

const endpointFile = process.argv[2];
const installDir = process.argv[3];
if (!endpointFile || !installDir) {
  console.error('usage: node server.js <endpoint-file> <install-dir>');
  process.exit(2);
}

const resolve = (name) => require.resolve(name, { paths: [installDir] });
const kinesalite = require(resolve('kinesalite'));

const port = Number(process.env.KINESALITE_PORT || 0);
const dataPath = process.env.KINESALITE_PATH || '';
if (dataPath) {
  // kinesalite requires 'leveldown' from its own folder; check here that the prebuilt binary loads, with a clear message.
  try {
    require(require.resolve('leveldown', { paths: [require('path').dirname(resolve('kinesalite'))] }));
  } catch (e) {
    console.error(`KINESALITE_PATH needs leveldown, which did not load: ${e.message}`);
    process.exit(3);
  }
}

// Stream state changes are immediate so tests do not wait for CREATING/DELETING/UPDATING.
const options = { createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 };
if (dataPath) {
  options.path = dataPath;
}
const server = kinesalite(options);

server.listen(port, '127.0.0.1', () => {
  const { address, port: bound } = server.address();
  const endpoint = `http://${address}:${bound}`;
  const tmp = `${endpointFile}.tmp`;
  fs.writeFileSync(tmp, endpoint + '\n');
  fs.renameSync(tmp, endpointFile);
  console.log(`kinesalite listening at ${endpoint}${dataPath ? ` (data in ${dataPath})` : ' (in memory)'}`);
});

function shutdown() {
  // In memory there is nothing to flush; with LevelDB every acknowledged write is already in its log file.
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

// Stop when the parent that asked for us goes away (test host crashed), if it told us who it is.
const ownerPid = Number(process.env.KINESALITE_OWNER_PID || 0);
if (ownerPid > 0) {
  setInterval(() => {
    try { process.kill(ownerPid, 0); } catch { shutdown(); }
  }, 1000).unref();
}
