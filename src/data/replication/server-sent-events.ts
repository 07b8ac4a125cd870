/** One event of a text/event-stream; `data` is the raw text (data lines joined by newlines). */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * Parses a text/event-stream body as the HTML spec's EventSource does (`event:`/`data:` fields, `:` comments, a
 * blank line ends an event). `onActivity` hears every chunk, heartbeats included, so a caller can spot a dead
 * connection. Ends when the body ends; throws when it fails or is aborted.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onActivity: () => void = () => undefined,
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      onActivity();
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
    }
  } finally {
    // Also when the caller stops early: closes the connection.
    await reader.cancel().catch(() => undefined);
  }
}
