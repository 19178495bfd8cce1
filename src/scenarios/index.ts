// Scripted conversation tests: YAML scenarios played against the sandbox through a real AgentSession.
export { runScenarios, scenarioFiles, type RunScenariosOptions, type RunScenariosResult } from './runner.js';
export { formatReport, type ScenarioResult, type TurnResult } from './report.js';
export { loadScenarioFile, parseScenario, ScenarioFileError, ScenarioSchema, type Expectation, type Scenario, type ScenarioTurn } from './schema.js';
export type { ExpectationOutcome } from './expectations.js';
