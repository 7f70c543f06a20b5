import { describe, expect, it } from 'vitest';
import { isCloudError } from '../errors';
import { loadConfig } from './load-config';

const KEY_HEX = 'ab'.repeat(32);
const TOKEN = 't'.repeat(40);

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(isCloudError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('runs embedded on PGlite with defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './.data/pglite' });
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.slackApiUrl).toBe('https://slack.com/api/');
    expect(config.slackAuthorizeUrl).toBe('https://slack.com/oauth/v2/authorize');
    expect(config.slackClientId).toBeNull();
    expect(config.masterKey).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses Postgres when DATABASE_URL is set with its secrets', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://relay:pw@db.internal:5432/relay',
      MASTER_KEY: KEY_HEX,
      OPERATOR_TOKEN: TOKEN,
      PORT: '9000',
      SLACK_API_URL: 'http://127.0.0.1:3001/api',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://relay:pw@db.internal:5432/relay' });
    expect(config.masterKey?.length).toBe(32);
    expect(config.port).toBe(9000);
    expect(config.slackApiUrl).toBe('http://127.0.0.1:3001/api/');
    // The emulator serves the authorize page beside its Web API.
    expect(config.slackAuthorizeUrl).toBe('http://127.0.0.1:3001/oauth/v2/authorize');
  });

  it('wants the Slack client id and secret together, and never echoes the secret', () => {
    const message = problemsOf({ SLACK_CLIENT_SECRET: 'shh-client-secret' });
    expect(message).toContain('SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together');
    expect(message).not.toContain('shh-client-secret');
    const both = loadConfig({ SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'shh' });
    expect([both.slackClientId, both.slackClientSecret]).toEqual(['123.456', 'shh']);
  });

  it('accepts a base64 master key', () => {
    const config = loadConfig({ MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(config.masterKey).toEqual(Buffer.alloc(32, 7));
  });

  it('lists every problem at once: missing MASTER_KEY, malformed DATABASE_URL, bad PORT', () => {
    const message = problemsOf({ DATABASE_URL: 'mysql//nope', PORT: '80a', OPERATOR_TOKEN: TOKEN });
    expect(message).toContain('3 problems');
    expect(message).toContain('MASTER_KEY is required when DATABASE_URL is set');
    expect(message).toContain('DATABASE_URL must look like postgres://');
    expect(message).toContain('PORT must be an integer from 0 to 65535, got "80a"');
  });

  it('never echoes a database password in its complaint', () => {
    const message = problemsOf({
      DATABASE_URL: 'http://user:s3cret-pw@host/db',
      MASTER_KEY: KEY_HEX,
      OPERATOR_TOKEN: TOKEN,
    });
    expect(message).not.toContain('s3cret-pw');
  });

  it('rejects an out-of-range port, a short master key, a weak operator token and an unknown log level', () => {
    const message = problemsOf({
      PORT: '70000',
      MASTER_KEY: 'abcd',
      OPERATOR_TOKEN: 'short',
      LOG_LEVEL: 'loud',
    });
    expect(message).toContain('PORT must be an integer');
    expect(message).toContain('MASTER_KEY must be 32 bytes');
    expect(message).toContain('OPERATOR_TOKEN must be at least 32 characters');
    expect(message).toContain('LOG_LEVEL must be one of');
  });

  it('requires an operator token when running on a shared database', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://h/db', MASTER_KEY: KEY_HEX })).toContain(
      'OPERATOR_TOKEN is required',
    );
  });
});
