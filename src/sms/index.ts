// Confirmation texts: phone numbers, the message template, the sender interface, Twilio and the local sink.
export { redactPhone, toE164 } from './phone.js';
export { smsSize, type SmsEncoding, type SmsSize } from './segments.js';
export {
  DEFAULT_SMS_TEMPLATE,
  findUnknownPlaceholders,
  renderSmsTemplate,
  SMS_PLACEHOLDERS,
  type SmsPlaceholder,
  type SmsTemplateValues,
} from './template.js';
export { SmsError, type SmsErrorInit, type SmsErrorKind, type SmsMessage, type SmsSender } from './sender.js';
export { smsSenderFromEnv, TWILIO_ENV, TwilioSmsSender, type TwilioSmsOptions } from './twilio.js';
export { startSmsSink, type SinkMessage, type SmsSink, type SmsSinkOptions } from './sink.js';
