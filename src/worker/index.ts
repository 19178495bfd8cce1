// The LiveKit worker: `runWorker` for the CLI and the environment it reads.
export { runWorker } from './agent.js';
export {
  assertWorkerEnv,
  workerBind,
  workerConfigPath,
  workerSettings,
  REQUIRED_WORKER_ENV,
  DEFAULT_WORKER_HOST,
  DEFAULT_WORKER_PORT,
  type WorkerSettings,
} from './settings.js';
