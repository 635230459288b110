/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;

const CACHE_PREFIX = 'koers-';
const CACHE = `${CACHE_PREFIX}${version}`;
/** Every route is client-rendered, so one shell serves any address, also offline. */
const SHELL = '/';
// The QR decoder (1 MB) is only fetched when someone scans, which needs a connection anyway.
const PRECACHE = [...new Set([...build, ...files, SHELL])].filter(
	(path) => !path.endsWith('.wasm')
);
/** Files opened directly (an icon, the manifest) are themselves, not the app. */
const FILES = new Set([...build, ...files]);
/**
 * What whoever runs Koers set (where "Snel weg" goes): asked of the server each time, and
 * the last answer kept for offline, apart from the versioned cache (it is no part of a build).
 */
const SETTINGS = '/settings.json';
const SETTINGS_CACHE = `${CACHE_PREFIX}settings`;

/**
 * Hashed files never change, so the HTTP cache may supply them. Everything else (the shell,
 * the manifest, icons) is revalidated: a stale copy would mix two versions.
 */
function precacheRequest(path: string): Request {
	return new Request(path, { cache: path.includes('/_app/immutable/') ? 'default' : 'no-cache' });
}

worker.addEventListener('install', (event) => {
	// No skipWaiting here: a new version waits until the person chooses to reload.
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map(precacheRequest))));
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key.startsWith(CACHE_PREFIX) && key !== CACHE && key !== SETTINGS_CACHE) {
					await caches.delete(key);
				}
			}
			await worker.clients.claim();
		})()
	);
});

worker.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void worker.skipWaiting();
});

// Opened once per worker start, not per request: a start fetches twenty files at once.
let cache: Promise<Cache> | undefined;

async function fromCache(request: Request, key: RequestInfo = request): Promise<Response> {
	cache ??= caches.open(CACHE);
	return (await (await cache).match(key)) ?? fetch(request);
}

async function settings(request: Request): Promise<Response> {
	const kept = await caches.open(SETTINGS_CACHE);
	try {
		const response = await fetch(request);
		if (response.ok) await kept.put(SETTINGS, response.clone());
		return response;
	} catch {
		return (await kept.match(SETTINGS)) ?? Response.error();
	}
}

worker.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	// The relay's answers are live data: never cached, never served stale.
	if (url.origin !== worker.location.origin || url.pathname.startsWith('/api/')) return;
	if (url.pathname === SETTINGS) {
		event.respondWith(settings(request));
		return;
	}
	if (request.mode === 'navigate' && !FILES.has(url.pathname)) {
		event.respondWith(fromCache(request, SHELL));
		return;
	}
	event.respondWith(fromCache(request));
});
