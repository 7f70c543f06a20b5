import { loadConfig } from './config/load-config';
import { isCloudError } from './errors';
import { startCloud } from './start-cloud';

/** `pnpm cloud`: one cloud instance, configured from the environment (DESIGN.md, configuration contract). */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!isCloudError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const cloud = await startCloud(config);
  cloud.app.log.info(
    { database: config.database.kind, publicUrl: config.publicUrl, slackApiUrl: config.slackApiUrl },
    `GP Relay cloud listening on ${cloud.url}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    cloud.app.log.info(`${signal}: shutting down`);
    cloud.close().then(
      () => process.exit(0),
      (error: unknown) => {
        cloud.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`cloud failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
