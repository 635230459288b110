import { expect, test } from '@playwright/test';
import { measureBudget, report } from '../../scripts/budget.js';

test('the home and welcome screens each load at most 100 KB of gzipped JavaScript', () => {
	const result = measureBudget();
	console.log(report(result));
	for (const route of result.routes) {
		expect(route.files.length, route.route).toBeGreaterThan(5);
		expect(route.totalGzip, route.route).toBeLessThanOrEqual(route.budget);
	}
});
