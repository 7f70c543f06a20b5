/**
 * The Slack emulator on its own, for the demo and for poking at by hand:
 *   tsx test/src/slack-emu/main.ts --port 3001 [--host 127.0.0.1] [--rotation] [--sample]
 * Creates a demo workspace and prints its bot token, the Web API URL and the live page;
 * `--sample` also posts a few example messages.
 */
import { parseArgs } from 'node:util';
import { startSlackEmulator } from './emulator';
import { postSampleMessages } from './sample-messages';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3001' },
    host: { type: 'string', default: '127.0.0.1' },
    rotation: { type: 'boolean', default: false },
    sample: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer between 0 and 65535 (got "${values.port}")`);
  process.exit(2);
}

const emu = await startSlackEmulator({ port, host: values.host, oauth: { tokenRotation: values.rotation } });
const ws = emu.createWorkspace({
  name: 'Contoso Finance',
  channels: [
    'general',
    'ap-invoices',
    'purchase-orders',
    'gl-journals',
    { name: 'vendor-changes', isPrivate: true },
    { name: 'finance-leads', isPrivate: true, botIsMember: false },
  ],
});
emu.oauth.setInstallTarget(ws.teamId);
if (values.sample) await postSampleMessages(emu.apiUrl, ws);

console.log(`Slack emulator listening
  page        ${emu.pageUrl}
  Web API     ${emu.apiUrl}   (SLACK_API_URL)
  authorize   ${emu.oauth.authorizeUrl}
  client id   ${emu.oauth.clientId}
  secret      ${emu.oauth.clientSecret}
workspace ${ws.name} (${ws.teamId})
  bot token   ${ws.botToken}
  bot user    ${ws.botUserId}   bot id ${ws.botId}
  channels    ${ws.channels.map((c) => `#${c.name}=${c.id}`).join('  ')}`);

const stop = () => {
  void emu.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
