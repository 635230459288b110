/**
 * A throwaway PostgreSQL cluster on loopback in a temporary folder, for the relay's tests
 * and benchmark. PostgreSQL refuses to run as root, so as root it runs as the `postgres`
 * user Debian's package makes.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where PostgreSQL's server programs are: PG_BIN, Debian's folder, or nowhere.
 * @returns {string | undefined}
 */
export function findPostgresBin() {
	if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb')))
		return process.env.PG_BIN;
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return undefined;
	const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
	return versions.map((v) => join(base, v, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
}

/** @returns {Promise<number>} */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port'))
			);
		});
	});
}

/**
 * Starts the cluster; `url` points at its `postgres` database, `stop` removes it all.
 * @param {string} bin
 * @returns {Promise<{ url: string; stop: () => void }>}
 */
export async function startPostgres(bin) {
	const dir = mkdtempSync(join(tmpdir(), 'koers-pg-'));
	const asRoot = process.getuid?.() === 0;
	/** @param {string} program @param {string[]} args */
	const run = (program, args) =>
		asRoot
			? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], {
					stdio: 'pipe'
				})
			: execFileSync(join(bin, program), args, { stdio: 'pipe' });
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
		chownSync(dir, uid, gid);
	}
	const data = join(dir, 'data');
	run('initdb', ['-D', data, '-U', 'koers', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	const port = await freePort();
	run('pg_ctl', [
		'-D',
		data,
		'-l',
		join(dir, 'log'),
		'-w',
		'-o',
		`-k ${dir} -p ${port} -h 127.0.0.1 -c fsync=off`,
		'start'
	]);
	return {
		url: `postgresql://koers@127.0.0.1:${port}/postgres`,
		stop() {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}
