/** What the dispatcher hands to chat.postMessage / chat.update, minus the channel. */
export interface SlackMessage {
  /** Notification fallback; mrkdwn, already escaped. */
  text: string;
  blocks: Record<string, unknown>[];
  /** Carries our eventId so a post whose reply was lost can be found in the channel. */
  metadata: { event_type: string; event_payload: Record<string, string> };
}
