import { ContextConsumer } from '@lit/context';
import type { ReactiveElement } from 'lit';
import type { StaffProfile } from '../../data/device.repository';
import type { Role } from '../../domain/organisation/organisation.schema';
import { sessionContext } from '../contexts';

/**
 * Gives a page the staff member signed in on this tablet (the actor of every case action) and re-renders it when
 * the user is switched.
 */
export class SessionController {
  private readonly _consumer: ContextConsumer<typeof sessionContext, ReactiveElement>;

  constructor(host: ReactiveElement) {
    this._consumer = new ContextConsumer(host, { context: sessionContext, subscribe: true });
  }

  get profile(): StaffProfile | undefined {
    return this._consumer.value;
  }

  get role(): Role | undefined {
    return this._consumer.value?.role;
  }
}
