import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream } from './event-stream';
import {
  bearer,
  caseDoc,
  insert,
  pull,
  push,
  signIn,
  startTestServer,
  type TestServer,
  update,
} from './test-server';

const testStation = (id: string) => ({
  id,
  name: '测试站',
  nameEn: 'Test station',
  level: 'village',
  regionCode: '330921',
  countyCode: '330921',
  _deleted: false,
});

type Caller =
  | 'own station'
  | 'other station'
  | 'other department'
  | 'expired token'
  | 'revoked token'
  | 'forged token'
  | 'no token'
  | 'supervisor'
  | 'admin';

const CALLERS: readonly Caller[] = [
  'own station',
  'other station',
  'other department',
  'expired token',
  'revoked token',
  'forged token',
  'no token',
  'supervisor',
  'admin',
];

/**
 * One case, accepted at GTZX (高亭), handled by 人社局 (rsj), delivered at QSZX (衢山). "Forged token" claims the
 * GTZX station in a token signed with another key; a forged station in a pushed body is checked separately.
 */
describe('authorization matrix', () => {
  let server: TestServer;
  let baseUrl: string;
  const tokens = new Map<Caller, string | undefined>();
  const accepted = caseDoc({ status: 'accepted', acceptedOn: '2026-03-02' });

  beforeAll(async () => {
    server = await startTestServer({ ACCESS_TOKEN_TTL_SECONDS: '600' });
    const admin = await signIn(server.app, 'admin-lin');
    expect((await push(server.app, admin.accessToken, 'cases', [insert(accepted)])).json().rejected).toEqual(
      [],
    );

    tokens.set('no token', undefined);
    const revoked = await signIn(server.app, 'clerk-gtzx-wang');
    const revocation = await server.app.inject({
      method: 'POST',
      url: `/api/admin/tokens/${revoked.jti}/revoke`,
      headers: bearer(admin.accessToken),
    });
    expect(revocation.statusCode).toBe(200);
    tokens.set('revoked token', revoked.accessToken);
    tokens.set(
      'forged token',
      await new SignJWT({ role: 'clerk', name: '王海燕', sid: 'x', stationId: 'GTZX' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('jinban-sync')
        .setSubject('clerk-gtzx-wang')
        .setJti('forged')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('another-secret-another-secret-another-1')),
    );
    // Signed in now, expired once the clock moves past its 10 minutes; the callers' tokens are issued after the move.
    // Sign-ins are limited to 20 a minute per address, and the revocation cases below sign in one victim each.
    const expiring = await signIn(server.app, 'clerk-gtzx-wang');
    server.advanceClock(11 * 60 * 1000);
    tokens.set('expired token', expiring.accessToken);
    for (const [caller, staffId] of [
      ['own station', 'clerk-gtzx-wang'],
      ['other station', 'clerk-xszx-zhang'],
      ['other department', 'approver-mzj-wu'],
      ['supervisor', 'supervisor-dszw-ge'],
      ['admin', 'admin-lin'],
    ] as const) {
      tokens.set(caller, (await signIn(server.app, staffId)).accessToken);
    }
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  const pullExpectations: Record<Caller, number | string[]> = {
    'own station': ['case-1'],
    'other station': [],
    'other department': [],
    'expired token': 401,
    'revoked token': 401,
    'forged token': 401,
    'no token': 401,
    supervisor: [],
    admin: ['case-1'],
  };

  it.each(CALLERS)('pull cases as %s', async (caller) => {
    const response = await pull(server.app, tokens.get(caller), 'cases');
    const expected = pullExpectations[caller];
    if (typeof expected === 'number') {
      expect(response.statusCode).toBe(expected);
      expect(response.json().reason.zh).toBeTruthy();
    } else {
      expect(response.statusCode).toBe(200);
      expect(response.json().documents.map((d: { id: string }) => d.id)).toEqual(expected);
    }
  });

  const pushExpectations: Record<Caller, number | 'accepted' | 'rejected'> = {
    'own station': 'accepted',
    'other station': 'rejected',
    'other department': 'rejected',
    'expired token': 401,
    'revoked token': 401,
    'forged token': 401,
    'no token': 401,
    supervisor: 'rejected',
    admin: 'accepted',
  };

  it.each(CALLERS)('push a change to the case as %s', async (caller) => {
    // Each caller writes its own copy of the case, so the matrix does not depend on the order of the rows.
    const id = `matrix-${caller.replace(/ /g, '-')}`;
    const base = caseDoc({ id, status: 'accepted', acceptedOn: '2026-03-02' });
    expect((await push(server.app, tokens.get('admin'), 'cases', [insert(base)])).json().rejected).toEqual(
      [],
    );
    const response = await push(server.app, tokens.get(caller), 'cases', [
      update(base, caseDoc({ id, status: 'awaiting-supplement', acceptedOn: '2026-03-02' })),
    ]);
    const expected = pushExpectations[caller];
    if (typeof expected === 'number') {
      expect(response.statusCode).toBe(expected);
      return;
    }
    expect(response.statusCode).toBe(200);
    expect(response.json().conflicts).toEqual([]);
    expect(response.json().rejected.map((row: { id: string }) => row.id)).toEqual(
      expected === 'accepted' ? [] : [id],
    );
  });

  it('rejects a case whose body claims another station than the token', async () => {
    const forged = caseDoc({ id: 'forged-station', acceptedAtStation: 'XSZX', deliveryStation: 'XSZX' });
    const response = await push(server.app, tokens.get('own station'), 'cases', [insert(forged)]);
    expect(response.json().rejected).toEqual([
      {
        id: 'forged-station',
        reason: {
          zh: '只能在本站（GTZX）受理办件',
          en: 'Cases can only be created at your own station (GTZX)',
        },
      },
    ]);
    const admin = await pull(server.app, tokens.get('admin'), 'cases');
    expect(admin.json().documents.map((d: { id: string }) => d.id)).not.toContain('forged-station');
  });

  it('lets a supervisor create no case and record no action', async () => {
    const created = caseDoc({ id: 'by-supervisor', status: 'accepted', acceptedOn: '2026-03-02' });
    const response = await push(server.app, tokens.get('supervisor'), 'cases', [insert(created)]);
    expect(response.json().rejected).toEqual([
      {
        id: 'by-supervisor',
        reason: {
          zh: '督查人员只查看统计，不办理办件',
          en: 'Supervisors view the figures and handle no cases',
        },
      },
    ]);
  });

  it('rejects a change that moves a case to another station', async () => {
    const moved = { ...accepted, acceptedAtStation: 'XSZX' };
    const response = await push(server.app, tokens.get('own station'), 'cases', [update(accepted, moved)]);
    expect(response.json().rejected).toHaveLength(1);
  });

  it.each(CALLERS)('push reference data as %s', async (caller) => {
    const station = testStation(`R${CALLERS.indexOf(caller)}ZX`);
    const response = await push(server.app, tokens.get(caller), 'stations', [insert(station)]);
    const expected: Record<Caller, number> = {
      'own station': 403,
      'other station': 403,
      'other department': 403,
      'expired token': 401,
      'revoked token': 401,
      'forged token': 401,
      'no token': 401,
      supervisor: 403,
      admin: 200,
    };
    expect(response.statusCode).toBe(expected[caller]);
    if (caller === 'admin') expect(response.json()).toEqual({ conflicts: [], rejected: [] });
  });

  const streamExpectations: Record<Caller, number | 'sees the case' | 'does not see the case'> = {
    'own station': 'sees the case',
    'other station': 'does not see the case',
    'other department': 'does not see the case',
    'expired token': 401,
    'revoked token': 401,
    'forged token': 401,
    'no token': 401,
    supervisor: 'does not see the case',
    admin: 'sees the case',
  };

  it.each(CALLERS)('stream changes as %s', async (caller) => {
    const token = tokens.get(caller);
    const stream = await openStream(baseUrl, token === undefined ? {} : bearer(token));
    try {
      const expected = streamExpectations[caller];
      if (typeof expected === 'number') {
        expect(stream.status).toBe(expected);
        return;
      }
      expect(stream.status).toBe(200);
      expect(await stream.next()).toEqual({ event: 'resync', data: 'RESYNC' });

      const id = `stream-${caller.replace(/ /g, '-')}`;
      await push(server.app, tokens.get('admin'), 'cases', [insert(caseDoc({ id }))]);
      // Everyone sees reference data; its change comes after the case's, so a missing case change shows here.
      await push(server.app, tokens.get('admin'), 'stations', [
        insert(testStation(`S${CALLERS.indexOf(caller)}ZX`)),
      ]);
      const first = (await stream.next()) as { event: string; data: { collection: string; seq: number } };
      expect(first.event).toBe('change');
      expect(first.data.collection).toBe(expected === 'sees the case' ? 'cases' : 'stations');
    } finally {
      stream.close();
    }
  });

  it.each(CALLERS)('revoke a token as %s', async (caller) => {
    const victim = await signIn(server.app, 'clerk-qs01-li');
    const token = tokens.get(caller);
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/admin/tokens/${victim.jti}/revoke`,
      headers: token === undefined ? {} : bearer(token),
    });
    const expected: Record<Caller, number> = {
      'own station': 403,
      'other station': 403,
      'other department': 403,
      'expired token': 401,
      'revoked token': 401,
      'forged token': 401,
      'no token': 401,
      supervisor: 403,
      admin: 200,
    };
    expect(response.statusCode).toBe(expected[caller]);
    const victimPull = await pull(server.app, victim.accessToken, 'cases');
    expect(victimPull.statusCode).toBe(caller === 'admin' ? 401 : 200);
  });
});
