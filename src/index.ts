// cal-booking-action: a Cal.com booking action for LiveKit voice agents.
export * from './booking/index.js';
export { CalComClient, type CalComClientOptions } from './calcom/index.js';
export * as calcom from './calcom/index.js';
export * as sms from './sms/index.js';
