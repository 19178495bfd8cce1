// `doctor`: the product description's testing and troubleshooting as checks with causes and fixes.
export { runDoctor, type DoctorOptions } from './run.js';
export { TEST_ATTENDEE_EMAIL, TEST_METADATA } from './check-test-booking.js';
