import { firstValueFrom } from 'rxjs';
import { todayInShanghai } from '../domain/calendar/iso-date';
import { MissingCalendarYearError, WorkingDayCalendar } from '../domain/calendar/working-day-calendar';
import type { Case, Channel } from '../domain/case/case.schema';
import type { CaseAction } from '../domain/case/case-state-machine';
import {
  type AcceptedIntake,
  type ActionInput,
  type Actor,
  acceptIntake,
  applyAction,
  type CaseChange,
  caseNumbersNeeded,
  checkAcceptance,
  closeRatingFollowUp,
  correctDetails,
  type DetailsCorrection,
  giveNotice,
  type IntakeTarget,
  type NoticeGiven,
  newDraft,
  recordReturnVisit,
  type WorkflowContext,
} from '../domain/case/case-workflow';
import type { Catalog } from '../domain/catalog/catalog.schema';
import { invalid, type Validation, valid } from '../domain/localized-message';
import { handlesCases } from '../domain/organisation/organisation.schema';
import type { CalendarRepository } from './calendar.repository';
import { CaseChangedMeanwhileError, type CaseRepository } from './case.repository';
import type { CatalogRepository } from './catalog.repository';
import { CaseNumberingRefusedError, type DeviceRepository, type StaffProfile } from './device.repository';
import type { StationRepository } from './station.repository';

/** Who acts, and where: a clerk at a station, an approver for a department. */
export interface CommandSession {
  readonly actor: Actor;
  readonly stationId: string;
}

export type CaseCommandDeps = {
  readonly cases: CaseRepository;
  readonly catalog: CatalogRepository;
  readonly calendars: CalendarRepository;
  readonly stations: StationRepository;
  readonly device: DeviceRepository;
};

/**
 * What the intake and case screens do to cases. Each command reads the stored case, runs the workflow rule
 * (case-workflow.ts) under the catalog version the case belongs to, and stores the changed case with its event.
 * A refusal comes back as a Validation with a message for the clerk; a full device throws StorageFullError.
 */
export interface CaseCommands {
  /**
   * Stores and returns a new draft for an item or a 一件事 under the current catalog, with nothing filled in yet: an
   * intake is kept from its first moment, so a reload or a flat battery never loses it.
   */
  startDraft(target: IntakeTarget, channel: Channel): Promise<Validation<Case>>;
  saveDraft(draft: Case): Promise<Validation<Case>>;
  giveNotice(draftId: string): Promise<Validation<NoticeGiven>>;
  recordReturnVisit(draftId: string): Promise<Validation<CaseChange>>;
  /** Issues the case numbers and stores the accepted case (and a 一件事's sub-cases) with their events. */
  acceptIntake(draftId: string): Promise<Validation<AcceptedIntake>>;
  perform(caseId: string, action: CaseAction, input?: ActionInput): Promise<Validation<CaseChange>>;
  /** Closes the follow-up of a bad rating with what was done about it. */
  closeFollowUp(caseId: string, note: string): Promise<Validation<CaseChange>>;
  /** Corrects the applicant's phone or form values of an accepted case, with the reason on its timeline. */
  correctDetails(caseId: string, correction: DetailsCorrection): Promise<Validation<CaseChange>>;
}

/**
 * The session of a signed-in profile. An approver works for a department rather than at a station, so the
 * department code stands where events record the station. A supervisor handles no case and gets no session.
 */
export function sessionOfProfile(profile: StaffProfile | undefined): CommandSession | undefined {
  const stationId = profile?.stationId ?? profile?.departmentCode;
  const role = profile?.role;
  if (profile === undefined || stationId === undefined || role === undefined || !handlesCases(role)) {
    return undefined;
  }
  return { actor: { id: profile.staffId, name: profile.name, role }, stationId };
}

const NOT_SIGNED_IN = invalid('请先登录', 'Please sign in first');

const caseNotFound = (id: string) => invalid(`本设备上没有办件 ${id}`, `Case ${id} is not on this device`);

export function createCaseCommands(
  deps: CaseCommandDeps,
  session: () => CommandSession | undefined | Promise<CommandSession | undefined>,
): CaseCommands {
  /** Commands on one case run one after another, so a double tap cannot accept a draft twice. */
  const running = new Map<string, Promise<unknown>>();
  const oneAtATime = <T>(caseId: string, command: () => Promise<T>): Promise<T> => {
    const previous = running.get(caseId) ?? Promise.resolve();
    const result = previous.then(command, command);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    running.set(caseId, settled);
    void settled.then(() => {
      if (running.get(caseId) === settled) running.delete(caseId);
    });
    return result;
  };

  const calendar = async (): Promise<WorkingDayCalendar> =>
    WorkingDayCalendar.fromYears(await firstValueFrom(deps.calendars.observeHolidayYears()));

  const contextFor = async (catalog: Catalog, who: CommandSession): Promise<WorkflowContext> => ({
    actor: who.actor,
    stationId: who.stationId,
    deviceId: (await deps.device.getIdentity()).deviceId,
    now: new Date().toISOString(),
    calendar: await calendar(),
    catalog,
    newId: () => crypto.randomUUID(),
  });

  /** Loads a case and the context under its own catalog version, then runs `command`. */
  const withCase = <T>(
    caseId: string,
    command: (c: Case, ctx: WorkflowContext) => Promise<Validation<T>>,
  ): Promise<Validation<T>> =>
    oneAtATime(caseId, () =>
      refusingMissingYears(async () => {
        const who = await session();
        if (who === undefined) return NOT_SIGNED_IN;
        const c = await deps.cases.getCase(caseId);
        if (c === undefined) return caseNotFound(caseId);
        const catalog = await deps.catalog.getCatalog(c.catalogVersion);
        if (catalog === undefined) {
          return invalid(
            `本设备上没有办件所依据的事项目录第 ${c.catalogVersion} 版，请同步后再办理`,
            `Catalog version ${c.catalogVersion}, which this case follows, is not on this device; sync first`,
          );
        }
        return command(c, await contextFor(catalog, who));
      }),
    );

  /** Stores a change computed from `base`, the case as the command read it (see recordCaseChange). */
  const storeChange = async <T extends CaseChange>(
    change: Validation<T>,
    base: Case,
  ): Promise<Validation<T>> => {
    if (!change.ok) return change;
    try {
      await deps.cases.recordCaseChange(change.value.case, change.value.event, base);
    } catch (error) {
      if (error instanceof CaseChangedMeanwhileError) return { ok: false, error: error.localizedMessage };
      throw error;
    }
    return change;
  };

  return {
    startDraft: (target, channel) =>
      refusingMissingYears(async () => {
        const who = await session();
        if (who === undefined) return NOT_SIGNED_IN;
        const catalog = await firstValueFrom(deps.catalog.observeCurrentCatalog());
        if (catalog === undefined) {
          return invalid(
            '本设备上还没有事项目录，请先同步',
            'No service catalog on this device yet; sync first',
          );
        }
        const known =
          target.kind === 'item'
            ? catalog.items.some((item) => item.code === target.code)
            : catalog.bundles.some((bundle) => bundle.code === target.code);
        if (!known) {
          return invalid(
            `事项目录第 ${catalog.version} 版中没有 ${target.code}`,
            `Catalog version ${catalog.version} has no ${target.code}`,
          );
        }
        return valid(await deps.cases.createCase(newDraft(target, channel, await contextFor(catalog, who))));
      }),

    saveDraft: (draft) =>
      oneAtATime(draft.id, async () => {
        const who = await session();
        if (who === undefined) return NOT_SIGNED_IN;
        const storable = checkStorable(draft);
        if (!storable.ok) return storable;
        const stored = await deps.cases.getCase(draft.id);
        if (stored !== undefined && stored.status !== 'draft') {
          return invalid(
            '该办件已不是草稿，不能再修改',
            'This case is no longer a draft and cannot be edited',
          );
        }
        const { deviceId } = await deps.device.getIdentity();
        return valid(
          await deps.cases.saveDraft({
            ...draft,
            updatedAt: new Date().toISOString(),
            updatedBy: who.actor.id,
            deviceId,
          }),
        );
      }),

    giveNotice: (draftId) =>
      withCase(draftId, async (draft, ctx) => storeChange(giveNotice(draft, ctx), draft)),

    recordReturnVisit: (draftId) =>
      withCase(draftId, async (draft, ctx) => storeChange(recordReturnVisit(draft, ctx), draft)),

    acceptIntake: (draftId) =>
      withCase(draftId, async (draft, ctx) => {
        // Checked before numbers are issued, so a refused acceptance leaves no gap in the day's numbering.
        const allowed = checkAcceptance(draft, ctx);
        if (!allowed.ok) return allowed;
        const station = await deps.stations.getStation(draft.acceptedAtStation);
        if (station === undefined) {
          return invalid(
            `本设备上没有服务站 ${draft.acceptedAtStation} 的资料，无法编号`,
            `Station ${draft.acceptedAtStation} is not on this device, so no case number can be issued`,
          );
        }
        let caseNumbers: string[];
        try {
          caseNumbers = await deps.device.issueCaseNumbers(
            caseNumbersNeeded(draft, ctx.catalog),
            todayInShanghai(new Date(ctx.now)),
            station,
          );
        } catch (error) {
          if (error instanceof CaseNumberingRefusedError) return { ok: false, error: error.localizedMessage };
          throw error;
        }
        const accepted = acceptIntake(draft, caseNumbers, ctx);
        if (!accepted.ok) return accepted;
        const { cases, events } = accepted.value;
        // The draft becomes the accepted (parent) case last, so an interrupted acceptance is retried from the draft.
        for (let i = cases.length - 1; i >= 0; i--) {
          const next = cases[i]!;
          await deps.cases.recordCaseChange(next, events[i]!, next.id === draft.id ? draft : undefined);
        }
        return accepted;
      }),

    perform: (caseId, action, input = {}) =>
      withCase(caseId, async (c, ctx) => storeChange(applyAction(c, action, input, ctx), c)),

    closeFollowUp: (caseId, note) =>
      withCase(caseId, async (c, ctx) => storeChange(closeRatingFollowUp(c, note, ctx), c)),

    correctDetails: (caseId, correction) =>
      withCase(caseId, async (c, ctx) => storeChange(correctDetails(c, correction, ctx), c)),
  };
}

/** Only a draft is saved as the clerk types; every later change goes through an action and its event. */
function checkStorable(draft: Case): Validation<Case> {
  if (draft.status !== 'draft') {
    return invalid('只能保存草稿', 'Only a draft can be saved this way');
  }
  return valid(draft);
}

/** A date in a year without a published holiday arrangement cannot be counted; tell the clerk instead of failing. */
async function refusingMissingYears<T>(command: () => Promise<Validation<T>>): Promise<Validation<T>> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof MissingCalendarYearError) return { ok: false, error: error.localizedMessage };
    throw error;
  }
}
