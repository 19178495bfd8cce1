// The offline Cal.com: its world model, booking engine and HTTP server.
export { startSandboxServer, type RunningSandbox, type SandboxServerOptions, type Exchange } from './server.js';
export { Sandbox, type SandboxState } from './sandbox.js';
export { defaultWorld, defaultWorldInput, DEFAULT_SANDBOX_API_KEY } from './default-world.js';
export { WorldSchema, type World, type WorldInput, type EventType as SandboxEventType, type User as SandboxUser } from './world.js';
export { FaultsSchema, type Faults } from './faults.js';
export { sentEmails, calendarWrites, type SentEmail, type CalendarWrite, type EmailKind } from './notifications.js';
