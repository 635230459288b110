import { createContext } from 'svelte';
import type { SpaceView } from './space-view';

/**
 * The read model of the family space on screen: made once by the space's layout and handed
 * down, so every page and component of that space reads the same live view.
 */
export const [getSpaceView, setSpaceView] = createContext<{ readonly current: SpaceView }>();
