import { demoAccounts, seedDemoAccounts } from './auth/demo-accounts';
import { loadConfig } from './config';
import { buildServer } from './http/app';
import { seedDemoReferenceData } from './replication/demo-data';
import { openStore } from './store/open-store';

const config = loadConfig();
const store = await openStore(config);
const app = await buildServer({ config, store });

if (config.demoData && (await store.countAccounts()) === 0) {
  app.log.info('empty database: seeding the demo county');
  await seedDemoAccounts(store, config.passwordIterations);
  await seedDemoReferenceData(store);
  const lines = demoAccounts().map(
    ({ staff, password }) =>
      `  ${staff.id.padEnd(22)} ${staff.role.padEnd(9)} ${(staff.stationId ?? staff.departmentCode ?? '').padEnd(6)} ${password}  ${staff.name}`,
  );
  process.stdout.write(
    `\nDemo accounts (staffId role station/department password):\n${lines.join('\n')}\n\n`,
  );
}

const shutdown = async (): Promise<void> => {
  await app.close();
  await store.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

await app.listen({ port: config.port, host: config.host });
