/** Open replication streams by session, so signing out or revoking a token ends them at once. */
export class StreamConnections {
  private readonly _bySession = new Map<string, Set<() => void>>();
  private _shutDown = false;

  /**
   * False once the server began to shut down. A stream request still in its sign-in check then reaches its handler
   * after closeAll; were it opened, nothing would end it and the server would wait for it for ever.
   */
  get accepting(): boolean {
    return !this._shutDown;
  }

  add(sessionId: string, close: () => void): () => void {
    const closers = this._bySession.get(sessionId) ?? new Set();
    closers.add(close);
    this._bySession.set(sessionId, closers);
    return () => {
      closers.delete(close);
      if (closers.size === 0) this._bySession.delete(sessionId);
    };
  }

  closeSession(sessionId: string): void {
    for (const close of [...(this._bySession.get(sessionId) ?? [])]) close();
  }

  /** The server is shutting down: ends every stream and refuses new ones. */
  closeAll(): void {
    this._shutDown = true;
    for (const sessionId of [...this._bySession.keys()]) this.closeSession(sessionId);
  }
}
