export { buildApp } from './app';
export type { AppContext } from './app-context';
export { type CloudConfig, loadConfig } from './config/load-config';
export { type RunningCloud, startCloud } from './start-cloud';
