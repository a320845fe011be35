#!/usr/bin/env node
// Starts kinesalite on 127.0.0.1 with in-memory storage on a port chosen by the OS,
// then writes the endpoint URL to the file named by the first argument.
// Usage: node server.js <endpoint-file> <node_modules-parent-dir>
'use strict';

const fs = require('fs');
const path = require('path');

const endpointFile = process.argv[2];
const installDir = process.argv[3];
if (!endpointFile || !installDir) {
  console.error('usage: node server.js <endpoint-file> <install-dir>');
  process.exit(2);
}

const kinesalite = require(require.resolve('kinesalite', { paths: [installDir] }));

// No --path: kinesalite keeps its data in memory (memdown). Stream state changes are
// immediate so tests do not wait for CREATING/DELETING/UPDATING.
const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });

server.listen(0, '127.0.0.1', () => {
  const { address, port } = server.address();
  const endpoint = `http://${address}:${port}`;
  const tmp = `${endpointFile}.tmp`;
  fs.writeFileSync(tmp, endpoint + '\n');
  fs.renameSync(tmp, endpointFile);
  console.log(`kinesalite listening at ${endpoint}`);
});

function shutdown() {
  // The store is in memory: nothing to flush, so leave at once.
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
