import packageJson from '../package.json' with { type: 'json' };

/** This agent build's version, reported in `hello` and by `agent --version`. */
export const AGENT_VERSION: string = packageJson.version;
