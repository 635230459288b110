// As in Koers: the page is rendered on the device, never on the server.
export const ssr = false;
export const prerender = false;
