import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Citizens' ID numbers never reach the logs: request bodies are not logged at all, and any logged object holding a
 * person (a case, a push row) has its idNumber censored. Credentials are censored too.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body',
  'body',
  'password',
  'refreshToken',
  'accessToken',
  'applicant.idNumber',
  'agent.idNumber',
  '*.applicant.idNumber',
  '*.agent.idNumber',
  '*.*.applicant.idNumber',
  '*.*.agent.idNumber',
  'rows[*].newDocumentState.applicant.idNumber',
  'rows[*].newDocumentState.agent.idNumber',
  'rows[*].assumedMasterState.applicant.idNumber',
  'rows[*].assumedMasterState.agent.idNumber',
  'idNumber',
  '*.idNumber',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}
