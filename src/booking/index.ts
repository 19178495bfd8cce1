// The booking core: config, names, offers, spoken times, caller words, email priority and the booking flow.
// Knows nothing of LiveKit.
export * from './config.js';
export { BookingFlow, idempotencyKey, type BookInput, type BookResult, type CalendarApi, type FlowOptions, type OfferedSlot, type SlotsResult, type SmsOutcome } from './flow.js';
export type { CallContext } from './call-context.js';
export { resolveActions, offersLocation, type ResolvedAction, type ResolvedEventType } from './resolve.js';
export { displayName, toolName, uniqueToolNames } from './names.js';
export { chooseOffer, nearestOffers, slotsQueryRange, type ChosenSlot, type OfferRules } from './offers.js';
export { describeAction, indistinctActions } from './distinct.js';
export { speakSlot, SPOKEN_LOCALES, type SpokenLocale } from './spoken.js';
export { resolveCallerWords, type CallerWordsOptions, type CallerWordsResult } from './caller-words.js';
export { resolveEmail, normaliseSpokenEmail, domainSuggestion } from './email.js';
export { JsonFileContactStore, InMemoryContactStore, type Contact, type ContactStore } from './contacts.js';
export type { Preference } from './preference.js';
export { hostNames, spokenHostList } from './hosts.js';
export { duplicateNameWarnings } from './duplicates.js';
export { ManageFlow, type ManageCalendar, type ManageOptions } from './manage.js';
export { upcomingByEmail } from './caller-bookings.js';
export type { FindResult, ManageResult, FoundBooking, ManageUpdate } from './manage-results.js';
export { Fallbacks, signWebhook, verifyWebhook, webHost, SIGNATURE_HEADER, TIMESTAMP_HEADER, WEBHOOK_SECRET_ENV, type CallbackRequest, type FallbackOptions } from './fallbacks.js';
