/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `floor-${version}`;
/** The page is client-rendered, so one shell serves any address, also offline. */
const SHELL = '/';
const PRECACHE = [...new Set([...build, ...files, SHELL])];
/** Files opened directly are themselves, not the app. */
const FILES = new Set([...build, ...files]);

worker.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await worker.clients.claim();
		})()
	);
});

async function fromCache(request: Request, key: RequestInfo = request): Promise<Response> {
	const cache = await caches.open(CACHE);
	return (await cache.match(key)) ?? fetch(request);
}

worker.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== worker.location.origin) return;
	if (request.mode === 'navigate' && !FILES.has(url.pathname)) {
		event.respondWith(fromCache(request, SHELL));
		return;
	}
	event.respondWith(fromCache(request));
});
