// `npm run schema`: regenerates schema/booking-config.schema.json after the zod schema changes (a test fails until then).
import { writeFileSync } from 'node:fs';
import { BOOKING_CONFIG_SCHEMA, renderJsonSchema } from './json-schema.js';

writeFileSync(BOOKING_CONFIG_SCHEMA, renderJsonSchema());
console.log(`wrote ${BOOKING_CONFIG_SCHEMA}`);
