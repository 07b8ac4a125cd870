import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../replication-server/src/http/logger';
import {
  caseDoc,
  ID_NUMBER,
  insert,
  pull,
  push,
  signIn,
  startTestServer,
  type TestServer,
} from './test-server';

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('debug', destination), lines };
}

describe('log redaction', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('censors ID numbers of applicants and agents wherever a case is logged', () => {
    const { logger, lines } = capturedLogger();
    const document = caseDoc({
      agent: { name: '李四', idType: 'resident-id', idNumber: '330921198001010011' },
    });
    logger.info(document, 'a case');
    logger.info({ document }, 'a nested case');
    logger.info({ rows: [{ newDocumentState: document, assumedMasterState: document }] }, 'push rows');
    logger.info({ idNumber: ID_NUMBER }, 'a bare id number');
    const output = lines.join('');
    expect(lines).toHaveLength(4);
    expect(output).not.toContain(ID_NUMBER);
    expect(output).not.toContain('330921198001010011');
    expect(output).toContain('[redacted]');
    expect(output).toContain('张三');
  });

  it('keeps ID numbers out of the server log through accepted and rejected pushes', async () => {
    server = await startTestServer();
    const { accessToken } = await signIn(server.app, 'clerk-gtzx-wang');
    await push(server.app, accessToken, 'cases', [
      insert(caseDoc()),
      insert(caseDoc({ id: 'rejected', acceptedAtStation: 'XSZX' })),
    ]);
    await pull(server.app, accessToken, 'cases');
    const output = server.logLines.join('');
    expect(output).toContain('push rows rejected');
    expect(output).toContain('/api/replication/cases/push');
    expect(output).not.toContain(ID_NUMBER);
    expect(output).not.toContain(accessToken);
  });
});
