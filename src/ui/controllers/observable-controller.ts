import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

/**
 * Reads an RxJS observable into a component: subscribes while the host is on the page, re-renders it on each
 * value, and unsubscribes when it leaves. This is how components read repositories.
 *
 * The source is a function because repositories arrive through context, which is only available once the host
 * is connected.
 */
export class ObservableController<T> implements ReactiveController {
  private _subscription: Subscription | undefined;
  private _value: T | undefined;
  private _hasValue = false;
  private _error: unknown;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _source: () => Observable<T>,
  ) {
    _host.addController(this);
  }

  /** The latest value, or undefined before the first one arrives. */
  get value(): T | undefined {
    return this._value;
  }

  /** False until the observable has emitted once, so a page can tell "loading" from "empty". */
  get hasValue(): boolean {
    return this._hasValue;
  }

  /** The error the observable failed with, if it did. */
  get error(): unknown {
    return this._error;
  }

  hostConnected(): void {
    this._error = undefined;
    this._subscription = this._source().subscribe({
      next: (value) => {
        this._value = value;
        this._hasValue = true;
        this._host.requestUpdate();
      },
      error: (error: unknown) => {
        this._error = error;
        this._host.requestUpdate();
      },
    });
  }

  hostDisconnected(): void {
    this._subscription?.unsubscribe();
    this._subscription = undefined;
  }
}
