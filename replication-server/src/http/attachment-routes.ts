import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { CaseMaterial } from '../../../src/domain/case/case.schema';
import {
  isPhotoContentType,
  MAX_PHOTO_BYTES,
  PHOTO_CHUNK_BYTES,
  PHOTO_CONTENT_TYPES,
  PHOTO_HASH_PATTERN,
  photoHashesOf,
  sha256Hex,
} from '../../../src/domain/case/material-photo';
import type { LocalizedMessage } from '../../../src/domain/localized-message';
import type { TokenService } from '../auth/token-service';
import { caseScopeOf } from '../replication/scope';
import type { Store } from '../store/store';
import { principalOf, requireSignIn } from './authenticate';

export interface AttachmentRouteDeps {
  readonly store: Store;
  readonly tokens: TokenService;
}

/** The content type of a chunk (tus); the photo's own type travels in `upload-content-type`. */
export const CHUNK_CONTENT_TYPE = 'application/offset+octet-stream';
/** Room for a client that sends larger chunks than PHOTO_CHUNK_BYTES. */
const MAX_CHUNK_BYTES = 4 * PHOTO_CHUNK_BYTES;

const megabytes = MAX_PHOTO_BYTES / 1024 / 1024;
export const ATTACHMENT_MESSAGES = {
  photoTooLarge: {
    zh: `照片不能超过 ${megabytes} MB`,
    en: `A photo may not be larger than ${megabytes} MB`,
  },
  chunkTooLarge: { zh: '上传分块过大', en: 'The upload chunk is too large' },
  unsupportedType: {
    zh: '只能上传 JPEG、PNG 或 WebP 格式的照片',
    en: 'Only JPEG, PNG or WebP photos can be uploaded',
  },
  hashMismatch: {
    zh: '照片内容与其校验值（SHA-256）不符，可能在传输中损坏，请重新上传',
    en: 'The photo does not match its SHA-256 hash; it may have been damaged in transit, please upload it again',
  },
  offsetMismatch: {
    zh: '上传位置与服务器已收到的不一致，请从服务器给出的位置继续',
    en: 'The upload offset differs from what the server has received; continue from the offset it gives',
  },
  declarationMismatch: {
    zh: '该照片正在以不同的大小或格式上传',
    en: 'This photo is already being uploaded with another size or type',
  },
  badUploadHeaders: {
    zh: '分块上传缺少或填错了 Upload-Offset、Upload-Length 或 Upload-Content-Type',
    en: 'A chunk needs valid Upload-Offset, Upload-Length and Upload-Content-Type headers',
  },
  photoNotFound: {
    zh: '找不到该照片，或您无权查看',
    en: 'No such photo, or you may not see it',
  },
} as const satisfies Record<string, LocalizedMessage>;

const hashParams = {
  type: 'object',
  required: ['sha256'],
  properties: { sha256: { type: 'string', pattern: PHOTO_HASH_PATTERN } },
} as const;

type HashRoute = { Params: { sha256: string } };
type UploadRoute = HashRoute & { Body: Buffer };

const nonNegativeInteger = (raw: string | string[] | undefined): number | undefined => {
  if (typeof raw !== 'string' || !/^\d{1,12}$/.test(raw)) return undefined;
  return Number(raw);
};

/**
 * Material photos, content-addressed by SHA-256 (material-photo.ts):
 * - `HEAD /api/attachments/:sha256` — 404 when the server has nothing; otherwise `Upload-Offset` (bytes received),
 *   `Upload-Length` and `Upload-Complete` (`?1` when whole), so an interrupted upload resumes where it stopped;
 * - `PUT` — the whole photo as the body (`image/jpeg|png|webp`): 201 stored, 200 already there (nothing rewritten);
 * - `PATCH` — one chunk at `Upload-Offset` (tus style, `application/offset+octet-stream`, with `Upload-Length` and
 *   `Upload-Content-Type`); the chunk that completes the photo is hash-checked before the photo is kept;
 * - `GET` — the photo, only for a caller who can see a case listing it, so a hash alone opens nothing.
 * Anyone signed in may upload: the bytes must hash to their name, and reading needs a case in scope anyway.
 */
export async function attachmentRoutes(app: FastifyInstance, deps: AttachmentRouteDeps): Promise<void> {
  const { store, tokens } = deps;
  const attachments = store.attachments;
  const signedIn = requireSignIn(tokens);

  app.addContentTypeParser(
    [...PHOTO_CONTENT_TYPES, CHUNK_CONTENT_TYPE],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const tooLarge = reply.request.method === 'PATCH' ? 'chunkTooLarge' : 'photoTooLarge';
      return reply.code(413).send({ reason: ATTACHMENT_MESSAGES[tooLarge] });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ reason: ATTACHMENT_MESSAGES.unsupportedType });
    }
    // Everything else is the server-wide error handler's (see app.ts).
    throw error;
  });

  const refuse = (reply: FastifyReply, status: number, reason: LocalizedMessage, extra: object = {}) =>
    reply.code(status).send({ reason, ...extra });

  /** Checks the bytes against their name and keeps them: 201, or 400 (and the upload forgotten) on a mismatch. */
  const keepIfIntact = async (
    reply: FastifyReply,
    sha256: string,
    contentType: string,
    bytes: Uint8Array,
  ) => {
    if ((await sha256Hex(bytes)) !== sha256) {
      await attachments.discardPartialAttachment(sha256);
      return refuse(reply, 400, ATTACHMENT_MESSAGES.hashMismatch);
    }
    const outcome = await attachments.putAttachment({ sha256, contentType, bytes });
    return reply
      .code(outcome === 'created' ? 201 : 200)
      .header('upload-offset', bytes.byteLength)
      .send({ sha256, received: bytes.byteLength, complete: true });
  };

  app.head<HashRoute>(
    '/api/attachments/:sha256',
    { onRequest: signedIn, schema: { params: hashParams } },
    async (request, reply) => {
      const status = await attachments.attachmentStatus(request.params.sha256);
      if (status === undefined) return reply.code(404).send();
      return reply
        .header('upload-offset', status.received)
        .header('upload-length', status.size)
        .header('upload-complete', status.complete ? '?1' : '?0')
        .header('cache-control', 'no-store')
        .code(200)
        .send();
    },
  );

  app.put<UploadRoute>(
    '/api/attachments/:sha256',
    { onRequest: signedIn, bodyLimit: MAX_PHOTO_BYTES, schema: { params: hashParams } },
    async (request, reply) => {
      const { sha256 } = request.params;
      const contentType = request.headers['content-type'] ?? '';
      if (!isPhotoContentType(contentType)) return refuse(reply, 415, ATTACHMENT_MESSAGES.unsupportedType);
      if ((await attachments.attachmentStatus(sha256))?.complete) {
        return reply.code(200).send({ sha256, received: request.body.byteLength, complete: true });
      }
      return keepIfIntact(reply, sha256, contentType, new Uint8Array(request.body));
    },
  );

  app.patch<UploadRoute>(
    '/api/attachments/:sha256',
    { onRequest: signedIn, bodyLimit: MAX_CHUNK_BYTES, schema: { params: hashParams } },
    async (request, reply) => {
      const { sha256 } = request.params;
      const offset = nonNegativeInteger(request.headers['upload-offset']);
      const size = nonNegativeInteger(request.headers['upload-length']);
      const contentType = String(request.headers['upload-content-type'] ?? '');
      if (size !== undefined && size > MAX_PHOTO_BYTES)
        return refuse(reply, 413, ATTACHMENT_MESSAGES.photoTooLarge);
      if (!isPhotoContentType(contentType)) return refuse(reply, 415, ATTACHMENT_MESSAGES.unsupportedType);
      const chunk = new Uint8Array(request.body);
      if (offset === undefined || size === undefined || size === 0 || offset + chunk.byteLength > size) {
        return refuse(reply, 400, ATTACHMENT_MESSAGES.badUploadHeaders);
      }
      const outcome = await attachments.appendAttachmentChunk({
        sha256,
        contentType,
        size,
        offset,
        bytes: chunk,
      });
      switch (outcome.outcome) {
        case 'complete':
          return reply.header('upload-offset', size).send({ sha256, received: size, complete: true });
        case 'declaration-mismatch':
          return refuse(reply, 409, ATTACHMENT_MESSAGES.declarationMismatch);
        case 'offset-mismatch':
          reply.header('upload-offset', outcome.received);
          return refuse(reply, 409, ATTACHMENT_MESSAGES.offsetMismatch, { received: outcome.received });
        case 'appended': {
          if (outcome.received < size) {
            return reply
              .header('upload-offset', outcome.received)
              .send({ sha256, received: outcome.received, complete: false });
          }
          const bytes = await attachments.partialAttachmentBytes(sha256);
          return keepIfIntact(reply, sha256, contentType, bytes ?? new Uint8Array());
        }
      }
    },
  );

  app.get<HashRoute>(
    '/api/attachments/:sha256',
    { onRequest: signedIn, exposeHeadRoute: false, schema: { params: hashParams } },
    async (request, reply) => {
      const { sha256 } = request.params;
      const cases = await attachments.documentsMentioning('cases', caseScopeOf(principalOf(request)), sha256);
      const listed = cases.some((stored) =>
        photoHashesOf((stored.document['materials'] as CaseMaterial[] | undefined) ?? []).includes(sha256),
      );
      // The same answer for "not yours" and "not there": a hash must not tell whether a photo exists.
      const photo = listed ? await attachments.getAttachment(sha256) : undefined;
      if (photo === undefined) return refuse(reply, 404, ATTACHMENT_MESSAGES.photoNotFound);
      return reply
        .header('content-type', photo.contentType)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('etag', `"${sha256}"`)
        .send(Buffer.from(photo.bytes));
    },
  );
}
