import { describe, expect, it } from 'vitest';
import { AgentErrorCode } from '../errors';
import { agentSocketUrl, normalizeCloudUrl, redactUrl } from './cloud-url';

describe('agentSocketUrl', () => {
  it.each([
    ['https://relay.example.com', 'wss://relay.example.com/v1/agent/socket'],
    ['https://relay.example.com/', 'wss://relay.example.com/v1/agent/socket'],
    ['http://127.0.0.1:8080', 'ws://127.0.0.1:8080/v1/agent/socket'],
    ['https://example.com/gprelay/', 'wss://example.com/gprelay/v1/agent/socket'],
    ['  HTTPS://Relay.Example.com:443  ', 'wss://relay.example.com/v1/agent/socket'],
  ])('%s → %s', (cloudUrl, expected) => {
    expect(agentSocketUrl(cloudUrl)).toBe(expected);
  });
});

describe('normalizeCloudUrl', () => {
  it.each([
    ['relay.example.com', 'it is not a URL'],
    ['ftp://relay.example.com', 'use https://'],
    ['https://user:pw@relay.example.com', 'must not carry credentials'],
    ['https://relay.example.com/?x=1', 'must not have a query or fragment'],
  ])('refuses %s (%s)', (raw, why) => {
    expect(() => normalizeCloudUrl(raw)).toThrow(why);
    try {
      normalizeCloudUrl(raw);
    } catch (error) {
      expect((error as { code: string }).code).toBe(AgentErrorCode.config);
      expect((error as Error).message).not.toContain(':pw@');
    }
  });
});

describe('redactUrl', () => {
  it.each([
    ['http://user:secret@proxy.corp:3128', 'http://redacted@proxy.corp:3128/'],
    ['http://proxy.corp:3128', 'http://proxy.corp:3128/'],
    ['::', '(unparseable URL)'],
  ])('%s → %s', (raw, expected) => {
    expect(redactUrl(raw)).toBe(expected);
  });
});
