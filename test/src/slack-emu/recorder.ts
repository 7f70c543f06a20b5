import { maxInSlidingWindow } from './rate-limits';
import type {
  ApiCallRecord,
  ChannelPostingStats,
  MessageFilter,
  RateLimitEvent,
  RecordedMessage,
} from './types';

export type MessageListener = (message: RecordedMessage, change: 'posted' | 'updated') => void;

/**
 * What tests assert on: accepted messages (with their edits), every API call, every 429, and the
 * accepted-post times per channel. `version` moves on every change so the page can poll cheaply.
 */
export class Recorder {
  private readonly all: RecordedMessage[] = [];
  private readonly postTimes = new Map<string, { teamId: string; channel: string; times: number[] }>();
  private readonly listeners = new Set<MessageListener>();
  readonly rateLimits: RateLimitEvent[] = [];
  readonly calls: ApiCallRecord[] = [];
  version = 0;

  addMessage(message: RecordedMessage, countsAsPost: boolean): void {
    this.all.push(message);
    if (countsAsPost) {
      const key = `${message.teamId}/${message.channel}`;
      const entry = this.postTimes.get(key) ?? {
        teamId: message.teamId,
        channel: message.channel,
        times: [],
      };
      entry.times.push(message.postedAt);
      this.postTimes.set(key, entry);
    }
    this.changed(message, 'posted');
  }

  changed(message: RecordedMessage, change: 'posted' | 'updated'): void {
    this.version++;
    for (const listener of this.listeners) listener(message, change);
  }

  touch(): void {
    this.version++;
  }

  onMessage(listener: MessageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Live records (the emulator's own view); the public API hands out copies. */
  find(
    filter: MessageFilter,
    resolveChannel: (teamId: string | undefined, ref: string) => string[],
  ): RecordedMessage[] {
    const channelIds =
      filter.channel === undefined ? undefined : new Set(resolveChannel(filter.teamId, filter.channel));
    return this.all.filter(
      (m) =>
        (filter.teamId === undefined || m.teamId === filter.teamId) &&
        (channelIds === undefined || channelIds.has(m.channel)) &&
        (filter.threadTs === undefined || m.threadTs === filter.threadTs) &&
        (filter.topLevel === undefined || (m.threadTs === undefined) === filter.topLevel),
    );
  }

  allMessages(): readonly RecordedMessage[] {
    return this.all;
  }

  /** Accepted chat.postMessage calls per channel, with the busiest sliding window of `windowMs`. */
  postingStats(windowMs = 1000): ChannelPostingStats[] {
    return [...this.postTimes.values()].map(({ teamId, channel, times }) => {
      const sorted = [...times].sort((a, b) => a - b);
      return {
        teamId,
        channel,
        posts: sorted.length,
        maxInWindow: maxInSlidingWindow(sorted, windowMs),
        windowMs,
      };
    });
  }

  postTimesFor(teamId: string, channel: string): number[] {
    return [...(this.postTimes.get(`${teamId}/${channel}`)?.times ?? [])];
  }

  clear(): void {
    this.all.length = 0;
    this.postTimes.clear();
    this.rateLimits.length = 0;
    this.calls.length = 0;
    this.touch();
  }
}

export function copyMessage(m: RecordedMessage): RecordedMessage {
  return structuredClone(m);
}
