/**
 * Pictograms a parent can put beside a statement: pictures often say more than words
 * (for people who read little Dutch, and for talking with children). From OpenMoji
 * (CC BY-SA 4.0), served by Koers itself from /pictograms/<id>.svg.
 */
export const PICTOGRAMS = {
	home: '1F3E0',
	family: '1F46A',
	child: '1F9D2',
	baby: '1F476',
	hug: '1FAC2',
	heart: '2764',
	handshake: '1F91D',
	talk: '1F4AC',
	listen: '1F442',
	calendar: '1F4C5',
	clock: '23F0',
	school: '1F3EB',
	books: '1F4DA',
	reading: '1F4D6',
	health: '1FA7A',
	bed: '1F6CF',
	meal: '1F374',
	football: '26BD',
	bicycle: '1F6B2',
	music: '1F3B5',
	drawing: '1F3A8',
	teddy: '1F9F8',
	dog: '1F415',
	birthday: '1F382',
	gift: '1F381',
	christmas: '1F384',
	beach: '1F3D6',
	plane: '2708',
	car: '1F697',
	phone: '1F4F1',
	money: '1F4B0',
	sun: '2600',
	rainbow: '1F308',
	star: '2B50',
	seedling: '1F331',
	tree: '1F333'
} as const;

export type PictogramId = keyof typeof PICTOGRAMS;
export const PICTOGRAM_IDS = Object.keys(PICTOGRAMS) as PictogramId[];

export function isPictogram(value: unknown): value is PictogramId {
	return typeof value === 'string' && Object.hasOwn(PICTOGRAMS, value);
}

export function pictogramUrl(id: PictogramId): string {
	return `/pictograms/${id}.svg`;
}
