import { provide } from '@lit/context';
import { Routes } from '@lit-labs/router';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { CalendarRepository } from '../data/calendar.repository';
import type { CaseRepository } from '../data/case.repository';
import type { CaseCommands } from '../data/case-commands';
import type { CaseEventRepository } from '../data/case-event.repository';
import type { CatalogRepository } from '../data/catalog.repository';
import type { DeviceRepository, StaffProfile } from '../data/device.repository';
import type { AdminClient, AttachmentSync, AuthClient, SyncController } from '../data/replication';
import type { StationRepository } from '../data/station.repository';
import { handlesCases, ROLE_LABELS } from '../domain/organisation/organisation.schema';
import {
  adminClientContext,
  authClientContext,
  calendarRepositoryContext,
  caseCommandsContext,
  caseEventRepositoryContext,
  caseRepositoryContext,
  catalogRepositoryContext,
  deviceRepositoryContext,
  localeContext,
  photoSyncContext,
  sessionContext,
  stationRepositoryContext,
  syncControllerContext,
} from './contexts';
import { ObservableController } from './controllers/observable-controller';
import { type Locale, loadLocale, localize, type MessageKey, saveLocale, translate } from './i18n/messages';
import {
  CASES_PATH,
  CONFLICTS_PATH,
  casesHref,
  catalogHref,
  conflictsHref,
  DASHBOARD_PATH,
  DEFAULT_PATH,
  dashboardHref,
  type HashLocation,
  intakeDraftsHref,
  isAdminPath,
  needsSignIn,
  parseHash,
  SIGN_IN_PATH,
  SYNC_MONITOR_PATH,
  signInHref,
} from './routes';
import './components/jb-initial-sync-bar';
import './components/jb-storage-banner';
import './components/jb-sync-indicator';
import './components/jb-update-prompt';
import { targetFromSearch } from './components/case-target';
import { sharedStyles } from './theme';

/**
 * The application shell: provides the repositories, the signed-in user and the locale to every page, shows who
 * works where and the connection state, and routes between pages, each loaded only when first opened.
 */
@customElement('jb-app')
export class JbApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
      }

      header {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--jb-color-primary);
        color: var(--jb-color-on-primary);
        box-shadow: 0 1px 3px rgb(0 0 0 / 0.2);
      }

      .bar {
        display: flex;
        align-items: center;
        gap: var(--jb-space-4);
        max-width: var(--jb-content-width);
        margin: 0 auto;
        padding: var(--jb-space-2) var(--jb-space-5);
      }

      .brand {
        display: inline-flex;
        align-items: center;
        gap: var(--jb-space-2);
        min-height: var(--jb-touch-target);
        color: inherit;
        font-size: 22px;
        font-weight: 700;
        letter-spacing: 0.08em;
        text-decoration: none;
      }

      .brand .mark {
        display: inline-grid;
        place-items: center;
        width: 36px;
        height: 36px;
        border-radius: var(--jb-radius);
        background: var(--jb-color-on-primary);
        color: var(--jb-color-primary);
        font-size: 20px;
        letter-spacing: 0;
      }

      nav {
        display: flex;
        gap: var(--jb-space-1);
      }

      nav a {
        display: inline-flex;
        align-items: center;
        min-height: 44px;
        padding: 0 var(--jb-space-3);
        border-radius: var(--jb-radius);
        color: inherit;
        text-decoration: none;
        white-space: nowrap;
      }

      nav a:hover,
      nav a[aria-current='page'] {
        background: rgb(255 255 255 / 0.15);
      }

      nav a[aria-current='page'] {
        font-weight: 700;
      }

      .user {
        display: flex;
        align-items: center;
        gap: var(--jb-space-2);
        min-width: 0;
      }

      .user .who {
        display: flex;
        flex-direction: column;
        min-width: 0;
        line-height: 1.3;
      }

      .user .name {
        font-weight: 600;
      }

      .user .place {
        overflow: hidden;
        font-size: var(--jb-font-size-small);
        opacity: 0.85;
        text-overflow: ellipsis;
        white-space: nowrap;
      }

      .session-button {
        display: inline-flex;
        align-items: center;
        min-height: 44px;
        padding: 0 var(--jb-space-3);
        border: 1px solid rgb(255 255 255 / 0.6);
        border-radius: var(--jb-radius);
        background: transparent;
        color: inherit;
        font: inherit;
        text-decoration: none;
        white-space: nowrap;
        cursor: pointer;
      }

      .session-button:hover {
        background: rgb(255 255 255 / 0.12);
      }

      .sign-out {
        position: relative;
      }

      .confirm {
        position: absolute;
        top: calc(100% + var(--jb-space-2));
        right: 0;
        z-index: 5;
        width: min(360px, 90vw);
        padding: var(--jb-space-4);
        border: 1px solid var(--jb-color-border);
        border-radius: var(--jb-radius);
        background: var(--jb-color-surface);
        color: var(--jb-color-text);
        box-shadow: 0 6px 18px rgb(0 0 0 / 0.2);
      }

      .confirm p {
        margin: 0 0 var(--jb-space-3);
        white-space: normal;
      }

      .confirm .buttons {
        display: flex;
        justify-content: flex-end;
        gap: var(--jb-space-2);
      }

      .confirm .session-button {
        border-color: var(--jb-color-primary);
        color: var(--jb-color-primary);
      }

      .confirm .session-button.danger {
        border-color: var(--jb-color-accent);
        background: var(--jb-color-accent);
        color: #fff;
      }

      .spacer {
        flex: 1;
      }

      .language {
        min-width: var(--jb-touch-target);
        min-height: 44px;
        padding: 0 var(--jb-space-4);
        border: 1px solid rgb(255 255 255 / 0.6);
        border-radius: var(--jb-radius);
        background: transparent;
        color: inherit;
        font: inherit;
        white-space: nowrap;
        cursor: pointer;
      }

      .language:hover {
        background: rgb(255 255 255 / 0.12);
      }

      main {
        box-sizing: border-box;
        width: 100%;
        max-width: var(--jb-content-width);
        margin: 0 auto;
        padding: var(--jb-space-5);
      }

      /* A printed notice or receipt is the page's document alone, without the app around it. */
      @media print {
        header {
          display: none;
        }

        main {
          max-width: none;
          padding: 0;
        }
      }

      .status {
        padding: var(--jb-space-4);
        border-radius: var(--jb-radius);
        background: var(--jb-color-accent-soft);
        color: var(--jb-color-accent);
      }
    `,
  ];

  @provide({ context: catalogRepositoryContext })
  @property({ attribute: false })
  catalogRepository!: CatalogRepository;

  @provide({ context: stationRepositoryContext })
  @property({ attribute: false })
  stationRepository!: StationRepository;

  @provide({ context: caseRepositoryContext })
  @property({ attribute: false })
  caseRepository!: CaseRepository;

  @provide({ context: caseEventRepositoryContext })
  @property({ attribute: false })
  caseEventRepository!: CaseEventRepository;

  @provide({ context: calendarRepositoryContext })
  @property({ attribute: false })
  calendarRepository!: CalendarRepository;

  @provide({ context: deviceRepositoryContext })
  @property({ attribute: false })
  deviceRepository!: DeviceRepository;

  @provide({ context: caseCommandsContext })
  @property({ attribute: false })
  caseCommands!: CaseCommands;

  @provide({ context: authClientContext })
  @property({ attribute: false })
  authClient!: AuthClient;

  @provide({ context: adminClientContext })
  @property({ attribute: false })
  adminClient!: AdminClient;

  @provide({ context: syncControllerContext })
  @property({ attribute: false })
  syncController!: SyncController;

  @provide({ context: photoSyncContext })
  @property({ attribute: false })
  photoSync!: AttachmentSync;

  /** Follows the device's signed-in profile; undefined while nobody is signed in. */
  @provide({ context: sessionContext })
  @state()
  private _profile: StaffProfile | undefined;

  @provide({ context: localeContext })
  @state()
  private _locale: Locale = loadLocale();

  @state() private _pageLoadFailed = false;
  /** The sign-out warning about changes not yet uploaded is open. */
  @state() private _confirmingSignOut = false;

  /** The catalog address (with its search) the clerk last left, so detail pages can lead back to it. */
  private _catalogHref = catalogHref();
  /** The conflict queue with the filters the administrator last left it with, to return to after a resolution. */
  private _conflictsHref = conflictsHref();
  private _location: HashLocation = parseHash(location.hash);

  private readonly _syncStatus = new ObservableController(this, () =>
    this.syncController.observeSyncStatus(),
  );
  private readonly _stations = new ObservableController(this, () => this.stationRepository.observeStations());
  private readonly _catalog = new ObservableController(this, () =>
    this.catalogRepository.observeCurrentCatalog(),
  );
  private readonly _profileSource = new ObservableController(this, () =>
    this.deviceRepository.observeProfile(),
  );

  private readonly _routes = new Routes(
    this,
    [
      {
        path: DEFAULT_PATH,
        enter: () => this._loadPage(() => import('./pages/jb-page-catalog')),
        render: () =>
          html`<jb-page-catalog .query=${this._location.search.get('q') ?? ''}></jb-page-catalog>`,
      },
      {
        path: `${DEFAULT_PATH}/item/:code`,
        enter: () => this._loadPage(() => import('./pages/jb-page-catalog-item')),
        render: ({ code }) =>
          html`<jb-page-catalog-item .code=${code ?? ''} .backHref=${this._catalogHref}></jb-page-catalog-item>`,
      },
      {
        path: `${DEFAULT_PATH}/bundle/:code`,
        enter: () => this._loadPage(() => import('./pages/jb-page-catalog-bundle')),
        render: ({ code }) =>
          html`<jb-page-catalog-bundle .code=${code ?? ''} .backHref=${this._catalogHref}></jb-page-catalog-bundle>`,
      },
      {
        path: SIGN_IN_PATH,
        enter: () => this._loadPage(() => import('./pages/jb-page-sign-in')),
        render: () => html`<jb-page-sign-in .next=${this._location.search.get('next')}></jb-page-sign-in>`,
      },
      {
        path: '/intake/new',
        enter: () => this._enterAsStaff(() => import('./pages/jb-page-intake-start')),
        render: () =>
          html`<jb-page-intake-start .target=${targetFromSearch(this._location.search)}></jb-page-intake-start>`,
      },
      {
        path: '/intake/:id/receipt',
        enter: () => this._enterAsStaff(() => import('./pages/jb-page-intake-receipt')),
        render: ({ id }) => html`<jb-page-intake-receipt .caseId=${id ?? ''}></jb-page-intake-receipt>`,
      },
      {
        path: '/intake/:id',
        enter: () => this._enterAsStaff(() => import('./pages/jb-page-intake')),
        render: ({ id }) => html`<jb-page-intake .draftId=${id ?? ''}></jb-page-intake>`,
      },
      {
        path: CASES_PATH,
        enter: () => this._enterAsStaff(() => import('./pages/jb-page-cases')),
        render: () => html`<jb-page-cases></jb-page-cases>`,
      },
      {
        path: DASHBOARD_PATH,
        enter: () => this._enterAsStaff(() => import('./pages/jb-page-dashboard')),
        render: () => html`<jb-page-dashboard></jb-page-dashboard>`,
      },
      {
        path: CONFLICTS_PATH,
        enter: () => this._enterAsAdmin(() => import('./pages/jb-page-conflicts')),
        render: () => html`<jb-page-conflicts .search=${this._location.search}></jb-page-conflicts>`,
      },
      {
        path: `${CONFLICTS_PATH}/:id`,
        enter: () => this._enterAsAdmin(() => import('./pages/jb-page-conflict')),
        render: ({ id }) =>
          keyed(
            id,
            html`<jb-page-conflict .conflictId=${id ?? ''} .backHref=${this._conflictsHref}></jb-page-conflict>`,
          ),
      },
      {
        path: SYNC_MONITOR_PATH,
        enter: () => this._enterAsAdmin(() => import('./pages/jb-page-sync-monitor')),
        render: () => html`<jb-page-sync-monitor></jb-page-sync-monitor>`,
      },
      {
        path: `${CASES_PATH}/:id`,
        enter: () => this._enterAsStaff(() => import('./pages/jb-page-case')),
        // Keyed by id: a new case (e.g. a sub-case opened from its parent) gets a fresh page with fresh subscriptions.
        render: ({ id }) => keyed(id, html`<jb-page-case .caseId=${id ?? ''}></jb-page-case>`),
      },
    ],
    {
      fallback: {
        enter: () => {
          // An unknown address (an old bookmark, a typo) lands on the catalog rather than an empty page.
          location.replace(catalogHref());
          return false;
        },
      },
    },
  );

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHashChange);
    void this._start();
  }

  /** A tablet nobody is signed in on opens on the sign-in page instead of the catalog. */
  private async _start(): Promise<void> {
    if (location.hash === '' && (await this.deviceRepository.getProfile()) === undefined) {
      location.replace(signInHref());
      return;
    }
    await this._routes.goto(this._location.path);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this._onHashChange);
    super.disconnectedCallback();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Handing the profile on through a provided property lets every page re-render when the user is switched.
    if (this._profileSource.value !== this._profile) this._profile = this._profileSource.value;
    if (changed.has('_locale')) {
      document.documentElement.lang = this._locale;
      document.title = this._t('app.name');
    }
  }

  override render() {
    return html`
      <header>
        <div class="bar">
          <a class="brand" href=${catalogHref()}><span class="mark" aria-hidden="true">办</span>${this._t('app.name')}</a>
          <nav aria-label=${this._t('app.name')}>
            ${this._navLink(catalogHref(), 'nav.catalog', (path) => !needsSignIn(path) && path !== SIGN_IN_PATH)}
            ${
              this._profile === undefined || handlesCases(this._profile.role)
                ? html`${this._navLink(casesHref(), 'nav.cases', (path) => path.startsWith(CASES_PATH))}
                    ${this._navLink(intakeDraftsHref(), 'nav.newCase', (path) => path.startsWith('/intake'))}`
                : nothing
            }
            ${this._navLink(dashboardHref(), 'nav.dashboard', (path) => path === DASHBOARD_PATH)}
            ${this._profile?.role === 'admin' ? this._navLink(this._conflictsHref, 'nav.admin', isAdminPath) : nothing}
          </nav>
          <span class="spacer"></span>
          ${this._renderUser()}
          <jb-sync-indicator></jb-sync-indicator>
          <button
            class="language"
            type="button"
            lang=${this._locale === 'en' ? 'zh-CN' : 'en'}
            aria-label=${this._t('app.switchLanguageLabel')}
            @click=${this._switchLocale}
          >
            ${this._t('app.switchLanguage')}
          </button>
        </div>
        <jb-initial-sync-bar></jb-initial-sync-bar>
      </header>
      <main>
        <jb-storage-banner></jb-storage-banner>
        ${this._pageLoadFailed ? html`<p class="status" role="alert">${this._t('app.pageLoadFailed')}</p>` : nothing}
        ${this._routes.outlet()}
      </main>
      <jb-update-prompt></jb-update-prompt>
    `;
  }

  private _navLink(href: string, label: MessageKey, isCurrent: (path: string) => boolean) {
    return html`<a href=${href} aria-current=${isCurrent(this._location.path) ? 'page' : 'false'}>${this._t(label)}</a>`;
  }

  /** Name, role and station (or an approver's department) of the signed-in user, with the way to sign out. */
  private _renderUser() {
    const profile = this._profile;
    if (profile === undefined) {
      return this._profileSource.hasValue
        ? html`<a class="session-button" href=${signInHref(location.hash)}>${this._t('session.signIn')}</a>`
        : nothing;
    }
    const station = this._stations.value?.find((candidate) => candidate.id === profile.stationId);
    const department = this._catalog.value?.departments.find(
      (candidate) => candidate.code === profile.departmentCode,
    );
    const place = station ?? department;
    const role = localize(this._locale, ROLE_LABELS[profile.role]);
    return html`
      <span class="user">
        <span class="who">
          <span class="name">${profile.name}</span>
          <span class="place">
            ${place === undefined ? role : translate(this._locale, 'session.atStation', { role, place: localize(this._locale, { zh: place.name, en: place.nameEn }) })}
          </span>
        </span>
        <span class="sign-out">
          <button class="session-button" type="button" @click=${this._askToSignOut}>${this._t('session.signOut')}</button>
          ${this._confirmingSignOut ? this._renderSignOutWarning() : nothing}
        </span>
      </span>
    `;
  }

  private _renderSignOutWarning() {
    const pending = this._syncStatus.value?.pendingPushes ?? 0;
    return html`
      <div class="confirm" role="alertdialog" aria-label=${this._t('session.signOut')}>
        <p>${translate(this._locale, 'session.signOutPending', { count: pending })}</p>
        <div class="buttons">
          <button class="session-button" type="button" @click=${this._cancelSignOut}>${this._t('session.cancel')}</button>
          <button class="session-button danger" type="button" @click=${this._signOut}>
            ${this._t('session.signOutAnyway')}
          </button>
        </div>
      </div>
    `;
  }

  /** Changes not yet uploaded leave only with the next sign-in, so the clerk is told before signing out. */
  private _askToSignOut(): void {
    if ((this._syncStatus.value?.pendingPushes ?? 0) > 0) this._confirmingSignOut = true;
    else void this._signOut();
  }

  private _cancelSignOut(): void {
    this._confirmingSignOut = false;
  }

  /** Ends the session; the cases on this tablet and their unsent changes stay for the next sign-in. */
  private readonly _signOut = async (): Promise<void> => {
    this._confirmingSignOut = false;
    await this.authClient.signOut();
    location.hash = signInHref();
  };

  private _t(key: MessageKey): string {
    return translate(this._locale, key);
  }

  /** Pages that act on cases need a signed-in user; without one the sign-in page comes first and leads back. */
  private async _enterAsStaff(load: () => Promise<unknown>): Promise<boolean> {
    if ((await this.deviceRepository.getProfile()) === undefined) {
      location.replace(signInHref(location.hash));
      return false;
    }
    return this._loadPage(load);
  }

  /** The console works on the server's records, for administrators only; anyone else lands on the case list. */
  private async _enterAsAdmin(load: () => Promise<unknown>): Promise<boolean> {
    const profile = await this.deviceRepository.getProfile();
    if (profile === undefined) {
      location.replace(signInHref(location.hash));
      return false;
    }
    if (profile.role !== 'admin') {
      location.replace(casesHref());
      return false;
    }
    return this._loadPage(load);
  }

  private async _loadPage(load: () => Promise<unknown>): Promise<boolean> {
    try {
      await load();
      this._pageLoadFailed = false;
      return true;
    } catch {
      this._pageLoadFailed = true;
      return false;
    }
  }

  private readonly _onHashChange = (event: HashChangeEvent): void => {
    const previous = parseHash(new URL(event.oldURL).hash);
    if (previous.path === DEFAULT_PATH) this._catalogHref = catalogHref(previous.search.get('q') ?? '');
    this._location = parseHash(location.hash);
    if (this._location.path === CONFLICTS_PATH) this._conflictsHref = `#${location.hash.replace(/^#/, '')}`;
    void this._routes.goto(this._location.path);
  };

  private _switchLocale(): void {
    this._locale = this._locale === 'en' ? 'zh-CN' : 'en';
    saveLocale(this._locale);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-app': JbApp;
  }
}
