/** Hands a file to the browser to save, made here on the device (nothing goes to a server). */
export function downloadFile(name: string, content: Blob): void {
	const url = URL.createObjectURL(content);
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	link.click();
	// The browser reads the file after the click returns.
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function calendarFile(ics: string): Blob {
	return new Blob([ics], { type: 'text/calendar;charset=utf-8' });
}
