import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AuthClient } from '../../data/replication';
import type { LocalizedMessage } from '../../domain/localized-message';
import { ROLE_LABELS } from '../../domain/organisation/organisation.schema';
import { authClientContext } from '../contexts';
import { SessionController } from '../controllers/session-controller';
import { LocaleController } from '../i18n/locale-controller';
import type { MessageKey } from '../i18n/messages';
import { safeReturnHref } from '../routes';
import { sharedStyles } from '../theme';
import { controlStyles } from './case-styles';
import { pageStyles } from './page-styles';

type SignInField = 'staffId' | 'password';

/**
 * Signs a member of staff in with staff ID and password at the sync server this app was served from. Without a
 * connection the auth client checks the password against what an earlier online sign-in left on this device, so a
 * clerk who signed in here once keeps working offline; its refusals are shown as they come.
 */
@customElement('jb-page-sign-in')
export class JbPageSignIn extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    controlStyles,
    css`
      :host {
        display: block;
        max-width: 480px;
        margin: var(--jb-space-6) auto 0;
      }

      form {
        display: grid;
        gap: var(--jb-space-5);
        padding: var(--jb-space-6) var(--jb-space-5);
      }

      .intro {
        color: var(--jb-color-text-muted);
      }

      label.field {
        font-size: var(--jb-font-size);
      }

      input {
        min-height: 56px;
        font-size: var(--jb-font-size-large);
      }

      .button.primary {
        min-height: 56px;
        font-size: var(--jb-font-size-large);
      }
    `,
  ];

  /** Where to go once signed in (the page that asked for it). */
  @property({ attribute: false }) next: string | null = null;

  @consume({ context: authClientContext })
  private readonly _auth!: AuthClient;

  @state() private _staffId = '';
  @state() private _password = '';
  @state() private _missing: Partial<Record<SignInField, MessageKey>> = {};
  @state() private _refusal: LocalizedMessage | MessageKey | undefined;
  @state() private _busy = false;

  private readonly _session = new SessionController(this);
  private readonly _i18n = new LocaleController(this);

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    const profile = this._session.profile;
    return html`
      <h1>${t('signIn.title')}</h1>
      <p class="intro">${t('signIn.intro')}</p>
      ${
        profile === undefined
          ? nothing
          : html`<p class="banner" role="status">
              ${t('signIn.current', { name: profile.name, role: this._i18n.localized(ROLE_LABELS[profile.role]) })}
            </p>`
      }
      <form class="card" novalidate @submit=${this._submit}>
        <label class="field">
          ${t('signIn.staffId')}
          <input
            name="staffId"
            autocomplete="username"
            autocapitalize="none"
            spellcheck="false"
            .value=${this._staffId}
            @input=${(event: Event) => {
              this._staffId = (event.target as HTMLInputElement).value;
            }}
          />
          ${this._fieldError('staffId')}
        </label>
        <label class="field">
          ${t('signIn.password')}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            .value=${this._password}
            @input=${(event: Event) => {
              this._password = (event.target as HTMLInputElement).value;
            }}
          />
          ${this._fieldError('password')}
        </label>
        ${this._refusal === undefined ? nothing : html`<p class="banner danger" role="alert">${this._refusalText(this._refusal)}</p>`}
        <button class="button primary" type="submit" ?disabled=${this._busy}>
          ${this._busy ? t('signIn.working') : t('signIn.submit')}
        </button>
      </form>
    `;
  }

  private _fieldError(field: SignInField) {
    const key = this._missing[field];
    return key === undefined ? nothing : html`<span class="error" role="alert">${this._i18n.t(key)}</span>`;
  }

  private _refusalText(refusal: LocalizedMessage | MessageKey): string {
    return typeof refusal === 'string' ? this._i18n.t(refusal) : this._i18n.localized(refusal);
  }

  private async _submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this._busy) return;
    const staffId = this._staffId.trim();
    const missing: Partial<Record<SignInField, MessageKey>> = {};
    if (staffId === '') missing.staffId = 'signIn.staffIdRequired';
    if (this._password === '') missing.password = 'signIn.passwordRequired';
    this._missing = missing;
    this._refusal = undefined;
    if (Object.keys(missing).length > 0) return;
    this._busy = true;
    try {
      // The server is the origin that served this app.
      const result = await this._auth.signIn(location.origin, staffId, this._password);
      if (!result.ok) {
        this._refusal = result.error;
        return;
      }
      this._password = '';
      location.replace(safeReturnHref(this.next));
    } catch (error) {
      console.error('Signing in failed', error);
      this._refusal = 'signIn.failed';
    } finally {
      this._busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-sign-in': JbPageSignIn;
  }
}
