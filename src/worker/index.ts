// The LiveKit worker: `runWorker` for the CLI and the environment it reads.
export { runWorker } from './agent.js';
export { assertWorkerEnv, workerSettings, REQUIRED_WORKER_ENV, DEFAULT_BOOKING_CONFIG, type WorkerSettings } from './settings.js';
