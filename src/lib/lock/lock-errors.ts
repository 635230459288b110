/** The code did not unwrap the data key (kept apart, so screens need not load the key code). */
export class WrongCodeError extends Error {
	constructor() {
		super('The code does not open the data key');
		this.name = 'WrongCodeError';
	}
}
