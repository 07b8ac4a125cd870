import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { firstValueFrom } from 'rxjs';
import type { Case } from '../../../src/domain/case/case.schema';
import { type CaseAction, isTerminal } from '../../../src/domain/case/case-state-machine';
import type { ActionInput } from '../../../src/domain/case/case-workflow';
import {
  acceptCase,
  openStationClient,
  referenceDataArrived,
  type StationClient,
  statusWhere,
} from '../support/station-client';
import { type FaultyNetwork, faultyNetwork, NO_FAULTS } from './faulty-network';
import {
  type OperationCounts,
  SETTLED_STATES,
  type SettleResult,
  type StationCall,
  type StationConfig,
  type StationMessage,
  type StationReport,
  type StationRequest,
  valueAt,
  type WrittenValue,
} from './protocol';
import { type SeededRandom, seededRandom } from './seeded-random';

/**
 * One simulated station in its own worker thread (RxDB's free tier opens 13 collections per JS realm, a tablet 5):
 * a clerk or approver working through random creates, corrections, status changes and supplements on the app's own
 * commands, over a faulty network and with offline periods, logging every value it wrote.
 */

const SETTLE_WAIT_MS = 60_000;
const IDLE_WAIT_MS = 5_000;
/** Items of two departments, so two approvers' tablets share cases with the clerks. */
const ITEMS = ['RS-003', 'MZ-004'] as const;
const CORRECTABLE = ['applicant.phone', 'form.householdAddress', 'form.bankName'] as const;

const CLERK_ACTIONS: Partial<Record<Case['status'], readonly CaseAction[]>> = {
  accepted: ['submit-for-review', 'submit-for-review', 'request-supplement', 'withdraw'],
  'in-review': ['request-supplement'],
  'awaiting-supplement': ['receive-supplement'],
  approved: ['deliver'],
  rejected: ['deliver'],
};
const APPROVER_ACTIONS: Partial<Record<Case['status'], readonly CaseAction[]>> = {
  'in-review': ['approve', 'approve', 'reject', 'request-supplement'],
};
const SUPPLEMENT_ACTIONS: ReadonlySet<CaseAction> = new Set(['request-supplement', 'receive-supplement']);
const NOTES: Partial<Record<CaseAction, string>> = {
  refuse: '材料不齐',
  'request-supplement': '请补充户口簿复印件',
  reject: '不符合条件',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Station {
  private readonly _random: SeededRandom;
  private readonly _network: FaultyNetwork;
  private readonly _written: WrittenValue[] = [];
  private readonly _created: string[] = [];
  private readonly _counts: OperationCounts = {
    attempted: 0,
    created: 0,
    corrected: 0,
    statusChanges: 0,
    supplements: 0,
    refused: 0,
    offlinePeriods: 0,
  };
  private readonly _refusals: Record<string, number> = {};
  private _offlineFor = 0;
  private _done = 0;

  private constructor(
    private readonly _config: StationConfig,
    private readonly _client: StationClient,
    random: SeededRandom,
    network: FaultyNetwork,
  ) {
    this._random = random;
    this._network = network;
    this._watchCommandBases();
  }

  static async open(config: StationConfig): Promise<Station> {
    const random = seededRandom(config.seed);
    const network = faultyNetwork(seededRandom(config.seed ^ 0x5bd1e995));
    const client = await openStationClient(config.baseUrl, config.staffId, {
      fetch: network.fetch,
      retryTimeMs: 300,
    });
    await referenceDataArrived(client, SETTLE_WAIT_MS);
    network.setFaults(config.faults);
    return new Station(config, client, random, network);
  }

  /**
   * The case a command computed its change from, as it handed it to the repository: the value it replaced, which
   * may be newer than what the station read before calling the command.
   */
  private _commandBase: Case | undefined;

  private _watchCommandBases(): void {
    const cases = this._client.cases;
    const record = cases.recordCaseChange.bind(cases);
    cases.recordCaseChange = async (next, event, base) => {
      if (base?.id === next.id) this._commandBase = base;
      const stored = await record(next, event, base);
      this._network.trace.localWrite(next as unknown as Record<string, unknown>);
      return stored;
    };
  }

  private get _isClerk(): boolean {
    return this._config.staffId.startsWith('clerk-');
  }

  async run(operations: number): Promise<void> {
    for (let i = 0; i < operations; i++) {
      this._toggleOffline();
      await this._operate();
      this._done++;
      post({ progress: this._done, station: this._config.index });
      await sleep(this._random.int(0, 30));
    }
  }

  heal(): void {
    this._network.setFaults(NO_FAULTS);
    this._offlineFor = 0;
    this._client.online.set(true);
  }

  /** Syncs until idle with nothing to push; a station that cannot get there says how it is stuck instead. */
  async settle(): Promise<SettleResult> {
    this._client.sync.syncNow();
    try {
      // 'connecting': the event stream is still backing off after the restarts; syncNow pulls without it.
      await statusWhere(
        this._client,
        (status) => SETTLED_STATES.has(status.state) && status.pendingPushes === 0,
        SETTLE_WAIT_MS,
      );
      await this._client.sync.awaitInSync();
    } catch {
      // Reported below: the status says what keeps the station from being in sync.
    }
    const status = await firstValueFrom(this._client.sync.observeSyncStatus());
    return {
      pendingPushes: status.pendingPushes,
      state: status.state,
      ...(status.error === undefined ? {} : { error: status.error.en }),
    };
  }

  async report(): Promise<StationReport> {
    const status = await firstValueFrom(this._client.sync.observeSyncStatus());
    const plain = (doc: { toMutableJSON(): unknown }) => doc.toMutableJSON() as Record<string, unknown>;
    return {
      index: this._config.index,
      staffId: this._config.staffId,
      cases: (await this._client.db.cases.find().exec()).map(plain),
      events: (await this._client.db.case_events.find().exec()).map(plain),
      createdCaseIds: this._created,
      written: this._written,
      counts: this._counts,
      refusals: this._refusals,
      faults: { ...this._network.counts },
      rejected: status.rejected.map((change) => ({
        collection: change.collection,
        id: change.id,
        reason: change.reason.en,
      })),
      checkpoints: Object.fromEntries(this._network.lastPullSeq),
      wire: this._network.trace.toJSON(),
    };
  }

  close(): Promise<void> {
    return this._client.close();
  }

  private _toggleOffline(): void {
    if (this._offlineFor > 0) {
      this._offlineFor--;
      if (this._offlineFor === 0) this._client.online.set(true);
      return;
    }
    if (this._random.chance(0.03)) {
      this._counts.offlinePeriods++;
      this._offlineFor = this._random.int(2, 10);
      this._client.online.set(false);
    }
  }

  private async _operate(): Promise<void> {
    this._counts.attempted++;
    let open = await this._openCases();
    // An approver only works on what clerks sent: it waits for work rather than running through its operations
    // before the first case arrives.
    for (let waited = 0; !this._isClerk && open.length === 0 && waited < IDLE_WAIT_MS; waited += 100) {
      await sleep(100);
      open = await this._openCases();
    }
    const actions = this._isClerk ? CLERK_ACTIONS : APPROVER_ACTIONS;
    const actionable = open.filter((c) => (actions[c.status]?.length ?? 0) > 0);
    const kind = this._random.weighted(
      this._isClerk
        ? { create: open.length < 4 ? 6 : 1.5, correct: 5, act: 3.5 }
        : { create: 0, correct: 5, act: 4 },
    );
    if (kind === 'create' || (this._isClerk && open.length === 0)) return this._create();
    if (kind === 'act' && actionable.length > 0) return this._act(this._random.pick(actionable), actions);
    if (open.length > 0) return this._correct(this._random.pick(open));
    this._refuse('no open case on this station yet');
  }

  private async _openCases(): Promise<Case[]> {
    const cases = (await this._client.db.cases.find().exec()).map((doc) => doc.toMutableJSON() as Case);
    return cases.filter((c) => c.status !== 'draft' && !isTerminal(c.status));
  }

  private _refuse(reason: string): void {
    this._counts.refused++;
    this._refusals[reason] = (this._refusals[reason] ?? 0) + 1;
  }

  private _unique(what: string): string {
    return `S${this._config.index}-${this._done}-${what}`;
  }

  private async _create(): Promise<void> {
    const itemCode = this._random.pick(ITEMS);
    const delivery = this._random.chance(0.5) ? this._random.pick(this._config.deliveryStations) : undefined;
    const address = this._unique('户籍');
    const accepted = await acceptCase(
      this._client,
      (draft) => ({
        ...draft,
        ...(delivery === undefined ? {} : { deliveryStation: delivery }),
        form: { ...draft.form, householdAddress: address },
      }),
      itemCode,
    );
    this._created.push(accepted.id);
    this._counts.created++;
    this._written.push({
      station: this._config.index,
      caseId: accepted.id,
      path: 'form.householdAddress',
      value: address,
      before: undefined,
    });
  }

  private async _correct(c: Case): Promise<void> {
    const path = this._random.pick(CORRECTABLE);
    this._commandBase = undefined;
    let result: Awaited<ReturnType<StationClient['commands']['correctDetails']>>;
    let value: string;
    if (path === 'applicant.phone') {
      value = `13${String(this._config.index).padStart(2, '0')}${String(this._done * 10 + this._random.int(0, 9)).padStart(7, '0')}`;
      result = await this._client.commands.correctDetails(c.id, {
        applicantPhone: value,
        note: '申请人换号',
      });
    } else {
      const code = path.slice('form.'.length);
      value = this._unique(code);
      result = await this._client.commands.correctDetails(c.id, {
        form: { [code]: value },
        note: '更正信息',
      });
    }
    if (!result.ok) {
      this._refuse(result.error.en);
      return;
    }
    this._counts.corrected++;
    this._written.push({
      station: this._config.index,
      caseId: c.id,
      path,
      value,
      before: valueAt(this._commandBase ?? c, path),
    });
  }

  private async _act(
    c: Case,
    actions: Partial<Record<Case['status'], readonly CaseAction[]>>,
  ): Promise<void> {
    const stored = (await this._client.cases.getCase(c.id)) ?? c;
    const action = this._random.pick(actions[stored.status] ?? actions[c.status]!);
    this._commandBase = undefined;
    const note = NOTES[action];
    const input: ActionInput = note === undefined ? {} : { note };
    const result = await this._client.commands.perform(c.id, action, input);
    if (!result.ok) {
      this._refuse(result.error.en);
      return;
    }
    this._counts.statusChanges++;
    if (SUPPLEMENT_ACTIONS.has(action)) this._counts.supplements++;
    this._written.push({
      station: this._config.index,
      caseId: c.id,
      path: 'status',
      value: result.value.case.status,
      before: (this._commandBase ?? stored).status,
    });
  }
}

// Linux niceness is per thread: twenty stations on a two-core machine yield to the server they all wait for, so a
// restarted server comes up in seconds rather than starving behind them.
setPriority(10);

const post = (message: StationMessage): void => parentPort?.postMessage(message);

let station: Station | undefined;

async function handle(call: StationCall): Promise<unknown> {
  switch (call.method) {
    case 'open':
      station = await Station.open(call.config);
      return undefined;
    case 'run':
      return station!.run(call.operations);
    case 'heal':
      return station!.heal();
    case 'settle':
      return station!.settle();
    case 'report':
      return station!.report();
    case 'close':
      await station?.close();
      return undefined;
  }
}

parentPort?.on('message', (request: StationRequest) => {
  handle(request).then(
    (result) => post({ id: request.id, ok: true, result }),
    (error: unknown) =>
      post({
        id: request.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
