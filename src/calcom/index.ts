// Public surface of the Cal.com API v2 client: the client, its error classes, and the response schemas and types.
export { CalComClient, type CalComClientOptions, type RequestOptions } from './client.js';
export {
  CalComAbortError,
  CalComAuthError,
  CalComConfigError,
  CalComError,
  type CalComErrorInit,
  CalComNetworkError,
  CalComNotFoundError,
  CalComRateLimitError,
  CalComResponseError,
  CalComServerError,
  CalComSlotUnavailableError,
  CalComTimeoutError,
  CalComValidationError,
  isCalComError,
} from './errors.js';
export { attendeeContact, DEFAULT_ATTENDEE_CONTACT, phonePlaceholderEmail, type AttendeeContact } from './booking-fields.js';
export { API_VERSIONS, type ApiVersion } from './http.js';
export * from './schemas.js';
