import type { MigrationStrategies } from 'rxdb';

/** Schema version 0 is the first; the next schema change adds strategy `1` here. */
export const calendarsMigrationStrategies: MigrationStrategies = {};
