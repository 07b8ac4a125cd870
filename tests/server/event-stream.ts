export interface ServerSentEvent {
  readonly event: string;
  readonly data: unknown;
}

export interface OpenedStream {
  readonly status: number;
  /** The next event; rejects when the stream ends first. */
  next(): Promise<ServerSentEvent>;
  close(): void;
}

/** Reads /api/replication/stream the way the client does: fetch, so it can send an Authorization header. */
export async function openStream(baseUrl: string, headers: Record<string, string>): Promise<OpenedStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/replication/stream`, { headers, signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    status: response.status,
    async next() {
      for (;;) {
        const boundary = buffer.indexOf('\n\n');
        if (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const lines = block
            .split('\n')
            .filter((line) => !line.startsWith(':') && !line.startsWith('retry:'));
          if (lines.length === 0) continue;
          const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? 'message';
          const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
          return { event, data: data === undefined ? undefined : JSON.parse(data) };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
      }
    },
    close() {
      abort.abort();
    },
  };
}
