/**
 * Copies the chosen OpenMoji pictograms (CC BY-SA 4.0) into static/pictograms/, named by
 * their meaning. Fetches the openmoji package from the npm registry into a temp folder.
 * Run after changing src/lib/domain/pictograms.ts: npm run pictograms
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '17.0.0';
const source = readFileSync(new URL('../src/lib/domain/pictograms.ts', import.meta.url), 'utf8');
const entries = [...source.matchAll(/^\t(\w+): '([0-9A-F-]+)',?$/gm)].map((m) => [m[1], m[2]]);
if (entries.length === 0) throw new Error('No pictograms found in pictograms.ts');

const temp = mkdtempSync(join(tmpdir(), 'openmoji-'));
try {
	execFileSync('npm', ['pack', `openmoji@${VERSION}`, '--silent'], { cwd: temp });
	execFileSync('tar', ['xzf', `openmoji-${VERSION}.tgz`], { cwd: temp });
	const target = new URL('../static/pictograms/', import.meta.url).pathname;
	mkdirSync(target, { recursive: true });
	for (const [id, code] of entries)
		copyFileSync(join(temp, 'package', 'color', 'svg', `${code}.svg`), join(target, `${id}.svg`));
	copyFileSync(join(temp, 'package', 'LICENSE.txt'), join(target, 'LICENSE.txt'));
	console.log(`${entries.length} pictograms from OpenMoji ${VERSION} in static/pictograms/`);
} finally {
	rmSync(temp, { recursive: true, force: true });
}
