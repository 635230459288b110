import { expect, test } from '@playwright/test';
import { measureHomeJavaScript, report } from '../../scripts/budget.js';

test('the home screen loads at most 100 KB of gzipped JavaScript, dynamic imports included', () => {
	const result = measureHomeJavaScript();
	console.log(report(result));
	expect(result.files.length).toBeGreaterThan(5);
	expect(result.totalGzip).toBeLessThanOrEqual(result.budget);
});
