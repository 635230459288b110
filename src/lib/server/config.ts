import { env } from '$env/dynamic/private';
import { resolve } from 'node:path';

/** Where the server keeps its files; `npm start` sets it, ./data otherwise. */
export function dataDirectory(): string {
	return resolve(env.DATA_DIR ?? 'data');
}
