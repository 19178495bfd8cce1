// Files the package ships beside its code, resolved the same way from src/ (tsx) and from dist/ (built).
import { fileURLToPath } from 'node:url';

/** The booking config for the sandbox's default world: the default wherever a config is optional. */
export const EXAMPLE_BOOKING_CONFIG = fileURLToPath(new URL('../examples/booking.yaml', import.meta.url));
/** The demo call `npm start` plays. */
export const DEMO_CALL_SCRIPT = fileURLToPath(new URL('../examples/demo-call.yaml', import.meta.url));
/** The prebuilt scheduling script template. */
export const SCHEDULING_SCRIPT = fileURLToPath(new URL('../prompts/scheduling-script.md', import.meta.url));
/** This package's manifest, for `--version`. */
export const PACKAGE_JSON = fileURLToPath(new URL('../package.json', import.meta.url));
