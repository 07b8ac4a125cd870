import type { LocalizedMessage } from '../../../src/domain/localized-message';

/** Error bodies are `{ reason: { zh, en } }`, like a rejected push row. */
export const MESSAGES = {
  unauthenticated: { zh: '未登录或登录已失效，请重新登录', en: 'Not signed in, or the sign-in has expired' },
  signInFailed: { zh: '工号或密码不正确', en: 'Wrong staff ID or password' },
  refreshFailed: { zh: '登录已失效，请重新登录', en: 'The session has ended; please sign in again' },
  forbidden: { zh: '当前账号无权执行此操作', en: 'Your account may not do this' },
  readOnlyCollection: {
    zh: '只有管理员可以发布基础数据',
    en: 'Only administrators can publish reference data',
  },
  unknownCollection: { zh: '没有这个同步集合', en: 'No such replicated collection' },
  unknownToken: { zh: '没有这个令牌', en: 'No such token' },
  unknownConflict: { zh: '没有这个冲突记录', en: 'No such conflict' },
  conflictAlreadyResolved: { zh: '该冲突已经解决', en: 'This conflict has already been resolved' },
  notFound: { zh: '找不到该页面', en: 'Not found' },
  badRequest: { zh: '请求格式不正确', en: 'The request is malformed' },
  bodyTooLarge: { zh: '请求内容过大', en: 'The request body is too large' },
  rateLimited: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please try again shortly' },
  internal: { zh: '服务器内部错误', en: 'Internal server error' },
  shuttingDown: {
    zh: '同步服务器正在重启，请稍后再试',
    en: 'The sync server is restarting; please try again shortly',
  },
} as const satisfies Record<string, LocalizedMessage>;

export const tooManyRows = (limit: number): LocalizedMessage => ({
  zh: `一次最多推送 ${limit} 条记录`,
  en: `At most ${limit} rows can be pushed at once`,
});
