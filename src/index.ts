// cal-booking-action: a Cal.com booking action for LiveKit voice agents. The main export is the LiveKit toolset
// and its instructions; the LiveKit-free parts are also under their own entry points (booking, calcom, sms, …).
export * from './agent/index.js';
export * from './booking/index.js';
export { CalComClient, type CalComClientOptions } from './calcom/index.js';
