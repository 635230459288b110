import { openKoersDatabase, type DatabaseStatus } from './open';
import { flushWhenPageHides } from './pending-saves';

let opening: Promise<DatabaseStatus> | undefined;

/** The app's one database connection, opened on first use. */
export function connectDatabase(): Promise<DatabaseStatus> {
	if (!opening) {
		flushWhenPageHides();
		opening = openKoersDatabase().then((status) => {
			// A failed open may succeed on a later try (for example after another tab closes).
			if (status.state === 'problem') opening = undefined;
			return status;
		});
	}
	return opening;
}
