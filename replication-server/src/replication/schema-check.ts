import type { ErrorObject } from 'ajv';
import type { LocalizedMessage } from '../../../src/domain/localized-message';
import { createSchemaValidator } from '../../../src/domain/schema-validator';
import type { ReplicatedDocument } from '../store/store';

const ajv = createSchemaValidator({ allErrors: false, strict: false });

export type SchemaCheck = (document: ReplicatedDocument) => LocalizedMessage | undefined;

/**
 * Checks a pushed document against a domain JSON schema. Replication fields (`_deleted`, `_attachments`) are not
 * part of the domain document and are left out of the check.
 */
export function schemaCheck(schema: object, label: LocalizedMessage): SchemaCheck {
  const validate = ajv.compile(schema);
  return (document) => {
    const fields = Object.fromEntries(Object.entries(document).filter(([key]) => !key.startsWith('_')));
    if (validate(fields)) return undefined;
    return describe(label, validate.errors?.[0]);
  };
}

function describe(label: LocalizedMessage, error: ErrorObject | undefined): LocalizedMessage {
  const path = error?.instancePath || '/';
  const detail = error?.message ?? 'invalid';
  return {
    zh: `${label.zh}格式不正确：${path} ${detail}`,
    en: `The ${label.en} is malformed: ${path} ${detail}`,
  };
}
