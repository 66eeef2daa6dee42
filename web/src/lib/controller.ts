import { CallController } from '../rtc/CallController.ts';
import { useAppStore } from '../store/index.ts';

/** The app's one call controller; views call its methods, and read the store. */
export const controller = new CallController(useAppStore);
