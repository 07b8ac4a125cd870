import type { RxLocalDocument } from 'rxdb';
import { distinctUntilChanged, map, type Observable } from 'rxjs';
import {
  formatCaseNumber,
  generateDeviceCode,
  type IssuedSequence,
  nextSequence,
} from '../domain/case/case-number';
import type { LocalizedMessage } from '../domain/localized-message';
import type { Role, Station } from '../domain/organisation/organisation.schema';
import type { JinbanDatabase } from './db';
import { withStorageFullMapping } from './storage-errors';

/** Who this installation of the app is; drawn once on first use and never changed. */
export interface DeviceIdentity {
  readonly deviceId: string;
  /** Part of every case number issued here; see case-number.ts. */
  readonly deviceCode: string;
}

/** The member of staff signed in on this device. */
export interface StaffProfile {
  readonly staffId: string;
  readonly name: string;
  readonly role: Role;
  readonly stationId?: string;
  readonly departmentCode?: string;
}

/**
 * The sync server's tokens for the signed-in member of staff; never leaves this device. Expiry times are epoch
 * milliseconds by this device's clock (corrected for its skew at sign-in), so a tablet whose clock is wrong still
 * refreshes in time.
 */
export interface ServerSession {
  readonly serverUrl: string;
  readonly staffId: string;
  /** Decides what this device may push; the server checks it again from the token. */
  readonly role: Role;
  readonly accessToken: string;
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: number;
}

/**
 * What lets a member of staff who once signed in online here sign in again without a connection: a PBKDF2 hash of
 * the password (never the password), with the profile to restore. See replication/offline-verifier.ts.
 */
export interface OfflineVerifier {
  readonly profile: StaffProfile;
  readonly algorithm: 'PBKDF2-SHA256';
  /** Base64. */
  readonly salt: string;
  readonly iterations: number;
  /** Base64. */
  readonly hash: string;
}

export interface DeviceRepository {
  getIdentity(): Promise<DeviceIdentity>;
  /** Emits the signed-in profile, undefined while nobody is signed in. */
  observeProfile(): Observable<StaffProfile | undefined>;
  getProfile(): Promise<StaffProfile | undefined>;
  setProfile(profile: StaffProfile): Promise<void>;
  clearProfile(): Promise<void>;
  /** Emits the sync server session, undefined while there is none (signed out, or signed in offline). */
  observeSession(): Observable<ServerSession | undefined>;
  getSession(): Promise<ServerSession | undefined>;
  /** Signs `profile` in, with the server's session when signed in online; one write, so both change together. */
  setSignedIn(profile: StaffProfile, session: ServerSession | undefined): Promise<void>;
  /**
   * Replaces `previous` with `next` (new tokens after a refresh, or undefined when the server ended the session).
   * Does nothing when the stored session is no longer `previous`, so a late answer cannot undo a sign-out.
   */
  replaceSession(previous: ServerSession, next: ServerSession | undefined): Promise<void>;
  /** Forgets the profile and the session; cases, unsent changes and offline verifiers stay. */
  clearSignIn(): Promise<void>;
  getOfflineVerifier(staffId: string): Promise<OfflineVerifier | undefined>;
  putOfflineVerifier(verifier: OfflineVerifier): Promise<void>;
  /**
   * Issues `count` consecutive case numbers of `today` at `station`. Atomic across tabs: the sequence is advanced
   * by one compare-and-swap write, which RxDB reruns on the newer state when another tab wrote first. Throws
   * CaseNumberingRefusedError when the device clock went back or the day's numbers are used up.
   */
  issueCaseNumbers(count: number, today: string, station: Station): Promise<string[]>;
}

/** Case numbers could not be issued; `localizedMessage` tells the clerk why and what to do. */
export class CaseNumberingRefusedError extends Error {
  override readonly name = 'CaseNumberingRefusedError';
  readonly localizedMessage: LocalizedMessage;

  constructor(localizedMessage: LocalizedMessage) {
    super(localizedMessage.en);
    this.localizedMessage = localizedMessage;
  }
}

interface DeviceState extends DeviceIdentity {
  readonly profile?: StaffProfile;
  readonly lastIssued?: IssuedSequence;
  readonly session?: ServerSession;
  readonly offlineVerifiers?: Readonly<Record<string, OfflineVerifier>>;
}

type DeviceDocument = RxLocalDocument<JinbanDatabase, DeviceState>;

const DEVICE_DOCUMENT_ID = 'device';

/** Uniform in [0, 1) from the platform's cryptographic generator, so two tablets do not draw alike. */
const secureRandom = (): number => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;

const stateOf = (doc: DeviceDocument): DeviceState => doc.toJSON().data;

export function createDeviceRepository(db: JinbanDatabase): DeviceRepository {
  /**
   * The device document, created on first use. Another tab may create it at the same moment: whichever insert loses
   * (RxDB reports the conflict differently per path) finds the winner's document and uses that.
   */
  const deviceDocument = async (): Promise<DeviceDocument> => {
    const existing = await db.getLocal<DeviceState>(DEVICE_DOCUMENT_ID);
    if (existing) return existing;
    const fresh: DeviceState = {
      deviceId: crypto.randomUUID(),
      deviceCode: generateDeviceCode(secureRandom),
    };
    try {
      return await withStorageFullMapping(() => db.insertLocal<DeviceState>(DEVICE_DOCUMENT_ID, fresh));
    } catch (error) {
      const winner = await db.getLocal<DeviceState>(DEVICE_DOCUMENT_ID);
      if (!winner) throw error;
      return winner;
    }
  };

  const modify = async (change: (state: DeviceState) => DeviceState): Promise<DeviceState> => {
    const doc = await deviceDocument();
    return stateOf(await withStorageFullMapping(() => doc.incrementalModify(change)));
  };

  return {
    getIdentity: async () => {
      const { deviceId, deviceCode } = stateOf(await deviceDocument());
      return { deviceId, deviceCode };
    },

    observeProfile: () =>
      db.getLocal$<DeviceState>(DEVICE_DOCUMENT_ID).pipe(
        map((doc) => (doc ? stateOf(doc).profile : undefined)),
        distinctUntilChanged(),
      ),

    getProfile: async () => stateOf(await deviceDocument()).profile,

    setProfile: async (profile) => {
      await modify((state) => ({ ...state, profile }));
    },

    clearProfile: async () => {
      await modify(({ profile: _signedOut, ...state }) => state);
    },

    observeSession: () =>
      db.getLocal$<DeviceState>(DEVICE_DOCUMENT_ID).pipe(
        map((doc) => (doc ? stateOf(doc).session : undefined)),
        distinctUntilChanged(),
      ),

    getSession: async () => stateOf(await deviceDocument()).session,

    setSignedIn: async (profile, session) => {
      await modify(({ session: _previous, ...state }) =>
        session === undefined ? { ...state, profile } : { ...state, profile, session },
      );
    },

    replaceSession: async (previous, next) => {
      await modify(({ session, ...state }) => {
        if (session?.refreshToken !== previous.refreshToken) return session ? { ...state, session } : state;
        return next === undefined ? state : { ...state, session: next };
      });
    },

    clearSignIn: async () => {
      await modify(({ profile: _profile, session: _session, ...state }) => state);
    },

    getOfflineVerifier: async (staffId) => stateOf(await deviceDocument()).offlineVerifiers?.[staffId],

    putOfflineVerifier: async (verifier) => {
      await modify((state) => ({
        ...state,
        offlineVerifiers: { ...state.offlineVerifiers, [verifier.profile.staffId]: verifier },
      }));
    },

    issueCaseNumbers: async (count, today, station) => {
      if (!Number.isInteger(count) || count < 1) {
        throw new RangeError(`Case numbers to issue must be a whole number ≥ 1: ${count}`);
      }
      let issued: string[] = [];
      await modify((state) => {
        // RxDB reruns this on the latest state after a concurrent write, so `issued` ends as the winning run's.
        issued = [];
        let lastIssued = state.lastIssued;
        for (let i = 0; i < count; i++) {
          const next = nextSequence(lastIssued, today);
          if (!next.ok) throw new CaseNumberingRefusedError(next.error);
          lastIssued = next.value;
          issued.push(
            formatCaseNumber({
              regionCode: station.regionCode,
              stationId: station.id,
              date: next.value.date,
              deviceCode: state.deviceCode,
              seq: next.value.seq,
            }),
          );
        }
        return { ...state, lastIssued };
      });
      return issued;
    },
  };
}
