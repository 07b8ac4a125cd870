/** Runs async tasks one after another, so a task's awaits never interleave with another task's. */
export class SerialQueue {
  private _tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this._tail.then(task, task);
    this._tail = result.catch(() => undefined);
    return result;
  }
}
