import {
  BehaviorSubject,
  distinctUntilChanged,
  fromEvent,
  map,
  merge,
  type Observable,
  startWith,
} from 'rxjs';

/** Whether the device believes it has a network connection. Injectable, so Node tests can switch it. */
export interface OnlineSignal {
  isOnline(): boolean;
  /** Emits the current value on subscription, then every change. */
  observe(): Observable<boolean>;
}

/** The browser's `navigator.onLine` with its 'online'/'offline' events; always online where there is no window. */
export function browserOnlineSignal(): OnlineSignal {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return switchableOnlineSignal(true);
  const isOnline = (): boolean => navigator.onLine;
  return {
    isOnline,
    observe: () =>
      merge(fromEvent(window, 'online'), fromEvent(window, 'offline')).pipe(
        map(isOnline),
        startWith(isOnline()),
        distinctUntilChanged(),
      ),
  };
}

export interface SwitchableOnlineSignal extends OnlineSignal {
  set(online: boolean): void;
}

/** An online signal switched by hand, e.g. by a test that takes the tablet offline. */
export function switchableOnlineSignal(initial: boolean): SwitchableOnlineSignal {
  const online = new BehaviorSubject(initial);
  return {
    isOnline: () => online.value,
    observe: () => online.pipe(distinctUntilChanged()),
    set: (value) => online.next(value),
  };
}
