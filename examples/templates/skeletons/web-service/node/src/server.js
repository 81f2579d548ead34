'use strict';

// A tiny HTTP service with the endpoints Paved's probes call: GET /healthz (the process is alive) and
// GET /ready (it can take traffic). It listens on PORT, which Paved sets from the app spec.
const http = require('node:http');

const SERVICE = '${{ values.name }}';

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function createServer() {
  const state = { ready: false };
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/healthz') return send(res, 200, { status: 'ok' });
    if (pathname === '/ready') {
      return send(res, state.ready ? 200 : 503, { ready: state.ready });
    }
    if (pathname === '/') {
      return send(res, 200, { service: SERVICE, hello: 'world' });
    }
    return send(res, 404, { error: `no route for ${pathname}` });
  });
  server.on('listening', () => {
    state.ready = true;
  });
  return server;
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  const server = createServer().listen(port, () => {
    process.stdout.write(`${SERVICE} listening on ${port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

module.exports = { createServer };
