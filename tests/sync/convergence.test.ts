import { describe, expect, it } from 'vitest';
import { type RunSettings, runConvergence } from './convergence/convergence-run';
import type { NetworkFaults } from './convergence/faulty-network';

/**
 * Issue 5: no edit a clerk saved may ever disappear without a trace. Property-based and seeded: N stations (the
 * app's data layer in worker threads, against the real server process) create, correct, move and supplement cases
 * while their network drops, duplicates and delays requests and answers and the server is killed and restarted;
 * afterwards every station's copy equals the server's for its scope, every acknowledged write is in the master or
 * in a conflict record, no case exists twice and no checkpoint is ahead of stored data.
 *
 * CI runs one fixed seed at the issue's size: 20 stations × 200 operations with 3 server restarts (3–5 minutes on
 * this two-core machine). More seeds, or another size:
 *   CONVERGENCE_SEEDS=3 CONVERGENCE_STATIONS=20 CONVERGENCE_OPS=200 CONVERGENCE_RESTARTS=3 npx vitest run --project convergence
 * CONVERGENCE_SEEDS=n adds n − 1 seeds drawn afresh.
 * A failure prints its seed and the line that replays it (CONVERGENCE_SEED=…).
 */

const FIXED_SEED = 20_260_302;

const numberFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return value;
};

const STATIONS = numberFromEnv('CONVERGENCE_STATIONS', 20);
const OPERATIONS = numberFromEnv('CONVERGENCE_OPS', 200);
const RESTARTS = numberFromEnv('CONVERGENCE_RESTARTS', 3);
const replaySeed = process.env['CONVERGENCE_SEED'];
const SEEDS: readonly number[] =
  replaySeed !== undefined && replaySeed !== ''
    ? [numberFromEnv('CONVERGENCE_SEED', FIXED_SEED)]
    : [
        FIXED_SEED,
        ...Array.from({ length: Math.max(0, numberFromEnv('CONVERGENCE_SEEDS', 1) - 1) }, () =>
          Math.floor(Math.random() * 2 ** 31),
        ),
      ];

const FAULTS: NetworkFaults = {
  dropRequest: 0.05,
  dropResponse: 0.05,
  duplicate: 0.05,
  delay: 0.2,
  maxDelayMs: 400,
};

/** Generous: a seed of 20 × 200 took 3–11 minutes on a shared, loaded two-core machine. */
const TIMEOUT_PER_SEED_MS = 15 * 60_000;

const replayLine = (seed: number) =>
  `CONVERGENCE_SEED=${seed} CONVERGENCE_STATIONS=${STATIONS} CONVERGENCE_OPS=${OPERATIONS} CONVERGENCE_RESTARTS=${RESTARTS} npx vitest run --project convergence`;

describe('convergence of stations editing shared cases over a faulty network and a restarting server', () => {
  for (const seed of SEEDS) {
    it(
      `converges without losing a write (seed ${seed}, ${STATIONS} stations × ${OPERATIONS} operations)`,
      async () => {
        const settings: RunSettings = {
          seed,
          stations: STATIONS,
          operations: OPERATIONS,
          restarts: RESTARTS,
          faults: FAULTS,
        };
        const { figures, problems, refusals, settleRounds, phasesMs } = await runConvergence(settings);
        // The figures the issue's closing note asks for, and any problem at once: a long run reports seed by seed.
        process.stderr.write(
          `convergence seed ${seed}: ${JSON.stringify({ ...figures, settleRounds, phasesMs, refusals })}\n${problems.map((problem) => `  ${problem}\n`).join('')}`,
        );
        expect(
          problems,
          `seed ${seed} did not converge; replay with:\n  ${replayLine(seed)}\n${problems.join('\n')}`,
        ).toEqual([]);
        expect(figures.lostWrites).toBe(0);
        expect(figures.operations).toBe(STATIONS * OPERATIONS);
      },
      TIMEOUT_PER_SEED_MS,
    );
  }
});
