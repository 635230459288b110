import { describe, expect, it } from 'vitest';
import { MAX_CONTENT_BYTES, charactersTooMany, contentBytes } from './content-size';
import { FIELD_MAX_LENGTH, checkReflection, type ReflectionContent } from './reflections';

const reflection = (text: string): ReflectionContent => ({
	date: '2026-03-10',
	statementIds: [],
	note: '',
	happened: text,
	did: text,
	nextTime: text,
	visibility: 'family'
});

describe('content size', () => {
	it('counts the UTF-8 bytes of the JSON, escapes included', () => {
		expect(contentBytes('a')).toBe(3);
		expect(contentBytes('é')).toBe(4);
		expect(contentBytes('😀')).toBe(6);
		expect(contentBytes('"')).toBe(4);
		expect(contentBytes('\u0001')).toBe(8);
		expect(contentBytes({ a: 1 })).toBe(7);
		expect(contentBytes(undefined)).toBe(0);
	});

	it('keeps the largest content well below the relay limit of 64 KiB, even with 40 readers', () => {
		const idsAndStamps = 600;
		const sealed = ((MAX_CONTENT_BYTES + idsAndStamps) * 4) / 3 + 1024 + 40 * 150;
		expect(sealed).toBeLessThan(60 * 1024);
	});

	it('a reflection full of 4-byte characters is too large, though each field is within its characters', () => {
		const content = reflection('😀'.repeat(4900));
		expect(Array.from(content.did).length).toBeLessThanOrEqual(FIELD_MAX_LENGTH);
		expect(contentBytes(content)).toBeGreaterThan(MAX_CONTENT_BYTES);
		expect(checkReflection(content)).toBe('too-long-bytes');
	});

	it('counts what JSON escapes: control characters take six bytes, quotes two', () => {
		expect(checkReflection(reflection('\u0001'.repeat(3000)))).toBe('too-long-bytes');
		const quotes = { ...reflection('"'.repeat(FIELD_MAX_LENGTH)), note: '"'.repeat(280) };
		expect(contentBytes(quotes)).toBeGreaterThan(30_000);
		expect(checkReflection(quotes)).toBeUndefined();
		const mixed = reflection('"\u0001😀'.repeat(1100));
		expect(checkReflection(mixed)).toBe('too-long-bytes');
	});

	it('ordinary text at the character limits stays within the bytes', () => {
		const full = {
			...reflection('Ik bleef rustig. '.repeat(300).slice(0, FIELD_MAX_LENGTH)),
			note: 'x'.repeat(280)
		};
		expect(contentBytes(full)).toBeLessThan(MAX_CONTENT_BYTES / 2);
		expect(checkReflection(full)).toBeUndefined();
	});

	it('says about how many characters must go, and removing them is enough', () => {
		expect(charactersTooMany('kort', 'kort')).toBe(0);
		const text = '😀'.repeat(10_000);
		const tooMany = charactersTooMany(text, text);
		expect(tooMany).toBe(785);
		expect(contentBytes('😀'.repeat(10_000 - tooMany))).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
		expect(contentBytes('😀'.repeat(10_000 - tooMany + 1))).toBeGreaterThan(MAX_CONTENT_BYTES);
		expect(charactersTooMany(text, text, MAX_CONTENT_BYTES - 4)).toBe(786);
	});
});
