/**
 * Where to pull a collection again from after local writes, so that no server version is skipped for good.
 *
 * RxDB's downstream does not store a pulled document while the local copy has a change the server has not
 * acknowledged, and stores the page's checkpoint all the same: it counts on the push of that change to bring the
 * server's version back as a conflict answer. But when the push reached the server before the pulled version was
 * written there (another station's change, merged after ours), the server accepts the push without a conflict, and
 * the newer version, already behind the checkpoint, never reaches this device: it keeps its own copy while every
 * other device holds the server's, until the document changes again. The convergence test found such stations.
 *
 * So a local write opens a window from the first pull position whose pages may not be stored yet; pulls during the
 * window widen nothing below that. Once nothing is pending, the replication pulls again from there, once: RxDB
 * compares every document it already holds and rewrites none of them, so the cost is one pull of what arrived while
 * the write was unacknowledged.
 */
export class RepullWindow {
  /** Between a pull's first request and the replication's next idle moment, when RxDB has stored its pages. */
  private _pullStartedAt: number | undefined;
  private _lastAnsweredAt: number | undefined;
  /** Every page up to here is stored: the last page answered before the replication went idle. */
  private _storedUpTo: number | undefined;
  private _open = false;
  private _repullFrom: number | undefined;
  private _writes = 0;

  /** A pull request for the documents after `seq`. */
  requested(seq: number): void {
    this._pullStartedAt ??= seq;
    if (this._open) this._widen(seq);
  }

  /** A pull answer whose checkpoint is `seq`. */
  answered(seq: number): void {
    this._lastAnsweredAt = seq;
  }

  /** The replication is idle: every page it answered is stored. */
  idle(): void {
    if (this._pullStartedAt !== undefined) this._storedUpTo = this._lastAnsweredAt ?? this._storedUpTo;
    this._pullStartedAt = undefined;
  }

  /** A local write: a pulled page stored from now until it is acknowledged may leave documents out. */
  wroteLocally(): void {
    this._writes++;
    this._open = true;
    const unstoredFrom = this._pullStartedAt ?? this._storedUpTo;
    if (unstoredFrom !== undefined) this._widen(unstoredFrom);
  }

  /** Taken before counting what is pending, for takeRepull. */
  get writes(): number {
    return this._writes;
  }

  /**
   * Nothing was pending when counted after `writesBefore` local writes: the position to pull again from, if any
   * page may have been skipped; once. A write since the count keeps the window open for the next idle moment.
   */
  takeRepull(writesBefore: number): number | undefined {
    if (writesBefore !== this._writes) return undefined;
    const from = this._repullFrom;
    this._open = false;
    this._repullFrom = undefined;
    return from;
  }

  get isOpen(): boolean {
    return this._open;
  }

  private _widen(seq: number): void {
    this._repullFrom = Math.min(this._repullFrom ?? seq, seq);
  }
}
