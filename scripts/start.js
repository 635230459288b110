#!/usr/bin/env node
/**
 * Starts Koers: the app and its server routes on one port, data under ./data.
 * Builds first when no build exists. Honours PORT, HOST, DATA_DIR, KOERS_BUILD and
 * adapter-node's own variables (BODY_SIZE_LIMIT, ADDRESS_HEADER, …).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { addSecurityHeaders } from './security-headers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildDir = resolve(root, process.env.KOERS_BUILD ?? 'build');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

if (!existsSync(join(buildDir, 'handler.js'))) {
	console.log('Koers is not built yet: building first…');
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build'], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, KOERS_OUT: buildDir }
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const dataDir = resolve(root, process.env.DATA_DIR ?? 'data');
mkdirSync(dataDir, { recursive: true });
process.env.DATA_DIR = dataDir;

// The relay takes request bodies up to 4 MiB and answers larger ones itself (413 too-large);
// adapter-node's own limit (512 KiB by default) must lie above that.
process.env.BODY_SIZE_LIMIT ??= '5M';

const { handler } = await import(pathToFileURL(join(buildDir, 'handler.js')).href);

// Idle connections stay open longer than proxies and clients keep them (60 s at most), so
// none of them sends a request on a connection the server is just closing (a reset). A
// connection that sends nothing, or headers that trickle in, is closed after 20 s; a body
// that trickles in, after 30 s in all (the relay also stops one that sends nothing for
// 10 s). Node checks these every 5 s. An event stream's request is whole at once, so its
// answer may go on.
const timeouts = {
	keepAliveTimeout: 65_000,
	headersTimeout: 20_000,
	requestTimeout: 30_000,
	connectionsCheckingInterval: 5_000
};

/** The relay's first gate, set by the app when its relay opens (src/lib/server/relay). */
const RELAY_GATE = Symbol.for('koers.relay.gate');
const addressHeader = (process.env.ADDRESS_HEADER ?? '').toLowerCase();
const xffDepth = Number(process.env.XFF_DEPTH ?? 1);

/** The client's address as adapter-node works it out; undefined when it cannot. */
function clientAddress(/** @type {import('node:http').IncomingMessage} */ req) {
	if (!addressHeader) return req.socket.remoteAddress;
	const value = req.headers[addressHeader];
	if (typeof value !== 'string') return undefined;
	if (addressHeader !== 'x-forwarded-for') return value;
	const addresses = value.split(',');
	return addresses[addresses.length - xffDepth]?.trim();
}

const RATE_LIMITED = JSON.stringify({
	error: 'rate-limited',
	message: 'Too many requests; try again later.'
});

/**
 * A request with a token from an address the relay refuses for flooding is answered here,
 * before the app routes it: a flood then costs a lookup in memory and no more.
 */
function refusedEarly(
	/** @type {import('node:http').IncomingMessage} */ req,
	/** @type {import('node:http').ServerResponse} */ res
) {
	const gate = /** @type {((address: string, auth: string) => number) | undefined} */ (
		/** @type {Record<symbol, unknown>} */ (globalThis)[RELAY_GATE]
	);
	const auth = req.headers.authorization;
	if (!gate || !auth || !req.url?.startsWith('/api/')) return false;
	const address = clientAddress(req);
	const wait = address ? gate(address, auth) : 0;
	if (wait <= 0) return false;
	res.writeHead(429, {
		'content-type': 'application/json',
		'cache-control': 'no-store',
		'retry-after': String(wait)
	});
	res.end(RATE_LIMITED);
	return true;
}

const server = createServer(timeouts, (req, res) => {
	addSecurityHeaders(req, res);
	if (refusedEarly(req, res)) return;
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.listen(port, host, () => {
	const shown = host === '0.0.0.0' || host === '127.0.0.1' || host === '::' ? 'localhost' : host;
	console.log(`Koers is running at http://${shown}:${port}  (data in ${dataDir})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		// The app closes its storage on this event (as adapter-node's own server emits it).
		process.emit('sveltekit:shutdown', signal);
		server.close(() => setTimeout(() => process.exit(0), 200));
		server.closeAllConnections();
	});
}
