import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CaseMaterial, MaterialState } from '../../domain/case/case.schema';
import type { IntakeMaterial } from '../../domain/case/case-workflow';
import type { ExemptionKind } from '../../domain/catalog/catalog.schema';
import { EXEMPTION_LABELS, MATERIAL_FORM_LABELS } from '../../domain/catalog/catalog-labels';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';

/** Fired when the clerk records a material; `material` is undefined when a conditional material does not apply. */
export class JbMaterialChangeEvent extends Event {
  static readonly eventName = 'jb-material-change';
  constructor(
    readonly materialId: string,
    readonly material: CaseMaterial | undefined,
  ) {
    super(JbMaterialChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired with the photos or scans the clerk took or chose for a material. */
export class JbMaterialPhotosEvent extends Event {
  static readonly eventName = 'jb-material-photos';
  constructor(
    readonly materialId: string,
    readonly files: readonly File[],
  ) {
    super(JbMaterialPhotosEvent.eventName, { bubbles: true, composed: true });
  }
}

type Choice = MaterialState | 'not-applicable';

/**
 * The material checklist of an intake: each material is marked 已提交, 免提交 (by one of the exemptions the catalog
 * allows for it, a 告知承诺 with the applicant's confirmation) or 缺, and can carry photos.
 */
@customElement('jb-material-checklist')
export class JbMaterialChecklist extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }

      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }

      li {
        display: grid;
        grid-template-columns: minmax(220px, 1fr) auto;
        gap: var(--jb-space-3) var(--jb-space-5);
        padding: var(--jb-space-4) var(--jb-space-5);
        border-bottom: 1px solid var(--jb-color-border);
      }

      li:last-child {
        border-bottom: none;
      }

      li.missing {
        background: linear-gradient(90deg, var(--jb-color-accent) 0 4px, transparent 4px);
      }

      .name {
        font-size: var(--jb-font-size-large);
        font-weight: 600;
      }

      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: var(--jb-space-1) var(--jb-space-3);
        margin-top: var(--jb-space-1);
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .required {
        color: var(--jb-color-accent);
        font-weight: 600;
      }

      .choices {
        display: inline-flex;
        flex-wrap: wrap;
        gap: var(--jb-space-2);
        margin: 0;
        padding: 0;
        border: none;
      }

      .choice {
        position: relative;
      }

      .choice input,
      .photo input {
        position: absolute;
        opacity: 0;
        width: 1px;
        height: 1px;
      }

      .choice span,
      .photo {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        box-sizing: border-box;
        min-width: 88px;
        min-height: var(--jb-touch-target);
        padding: 0 var(--jb-space-4);
        border: 2px solid var(--jb-color-border);
        border-radius: var(--jb-radius);
        background: var(--jb-color-surface);
        font-size: var(--jb-font-size);
        cursor: pointer;
        user-select: none;
      }

      .choice input:focus-visible + span,
      .photo:focus-within {
        box-shadow: var(--jb-focus-ring);
      }

      .choice input:checked + span {
        border-color: var(--jb-color-primary);
        background: var(--jb-color-primary);
        color: var(--jb-color-on-primary);
        font-weight: 600;
      }

      .choice.brought input:checked + span {
        border-color: var(--jb-color-success);
        background: var(--jb-color-success);
      }

      .choice.missing input:checked + span {
        border-color: var(--jb-color-accent);
        background: var(--jb-color-accent);
      }

      .choice input:disabled + span {
        opacity: 0.4;
        cursor: not-allowed;
      }

      .detail {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jb-space-3);
      }

      .detail:empty {
        display: none;
      }

      .exemptions .choice span {
        min-width: 0;
        min-height: 44px;
        font-size: var(--jb-font-size-small);
      }

      .commitment {
        display: inline-flex;
        align-items: center;
        gap: var(--jb-space-2);
        min-height: var(--jb-touch-target);
        padding: 0 var(--jb-space-3);
        border-radius: var(--jb-radius);
        background: var(--jb-color-warning-soft);
        color: var(--jb-color-warning);
        font-weight: 600;
        cursor: pointer;
      }

      .commitment input {
        width: 24px;
        height: 24px;
      }

      .photos {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jb-space-2);
      }

      .photo {
        position: relative;
        gap: var(--jb-space-2);
        color: var(--jb-color-primary);
        font-weight: 600;
      }

      .thumbnail {
        width: 64px;
        height: 64px;
        border: 1px solid var(--jb-color-border);
        border-radius: var(--jb-radius-small);
        background: var(--jb-color-background);
        object-fit: cover;
      }

      .progress {
        display: inline-flex;
        align-items: center;
        gap: var(--jb-space-2);
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .hint {
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }
    `,
  ];

  @property({ attribute: false }) materials: readonly IntakeMaterial[] = [];
  /** What the draft records for each material, by material id. */
  @property({ attribute: false }) recorded: readonly CaseMaterial[] = [];
  /** Thumbnail addresses by attachment id. */
  @property({ attribute: false }) thumbnails: ReadonlyMap<string, string> = new Map();
  /** Photos still being compressed, by material id. */
  @property({ attribute: false }) compressing: ReadonlyMap<string, number> = new Map();

  private readonly _i18n = new LocaleController(this);

  override render() {
    if (this.materials.length === 0) {
      return html`<p class="hint">${this._i18n.t('intake.material.none')}</p>`;
    }
    return html`<ul>
      ${this.materials.map((material) => this._renderMaterial(material))}
    </ul>`;
  }

  private _renderMaterial(requirement: IntakeMaterial) {
    const t = this._i18n.t.bind(this._i18n);
    const name = this._i18n.nameOf(requirement.definition);
    const record = this.recorded.find((candidate) => candidate.materialId === requirement.materialId);
    const choice: Choice = record?.state ?? 'not-applicable';
    const choices: Choice[] = requirement.required
      ? ['brought', 'exempt', 'missing']
      : ['brought', 'exempt', 'missing', 'not-applicable'];
    return html`
      <li class=${choice} data-material=${requirement.materialId}>
        <div>
          <div class="name">${name}</div>
          <div class="facts">
            <span class=${requirement.required ? 'required' : ''}>
              ${requirement.required ? t('intake.material.required') : t('intake.material.conditional')}
            </span>
            <span>
              ${t('intake.material.formCopies', {
                form: this._i18n.localized(MATERIAL_FORM_LABELS[requirement.form]),
                copies: requirement.copies,
              })}
            </span>
            ${requirement.condition === undefined ? nothing : html`<span>${requirement.condition}</span>`}
          </div>
        </div>
        <fieldset class="choices" aria-label=${t('intake.material.state', { material: name })}>
          ${choices.map((option) =>
            this._renderChoice(
              requirement,
              option,
              choice,
              option === 'exempt' && requirement.exemptions.length === 0,
            ),
          )}
        </fieldset>
        <div class="detail">${this._renderExemption(requirement, record)}${this._renderPhotos(requirement, record, name)}</div>
      </li>
    `;
  }

  private _renderChoice(requirement: IntakeMaterial, option: Choice, current: Choice, disabled: boolean) {
    const labels: Record<Choice, string> = {
      brought: this._i18n.t('intake.material.brought'),
      exempt: this._i18n.t('intake.material.exempt'),
      missing: this._i18n.t('intake.material.missing'),
      'not-applicable': this._i18n.t('intake.material.notApplicable'),
    };
    return html`<label class="choice ${option}">
      <input
        type="radio"
        name=${`state-${requirement.materialId}`}
        .checked=${option === current}
        ?disabled=${disabled}
        @change=${() => this._choose(requirement, option)}
      /><span>${labels[option]}</span>
    </label>`;
  }

  private _renderExemption(requirement: IntakeMaterial, record: CaseMaterial | undefined) {
    if (record?.state !== 'exempt') return nothing;
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <fieldset class="choices exemptions" aria-label=${t('intake.material.exemption')}>
        ${requirement.exemptions.map(
          (kind) => html`<label class="choice">
            <input
              type="radio"
              name=${`exemption-${requirement.materialId}`}
              .checked=${record.exemption === kind}
              @change=${() => this._chooseExemption(record, kind)}
            /><span>${this._i18n.localized(EXEMPTION_LABELS[kind])}</span>
          </label>`,
        )}
      </fieldset>
      ${
        record.exemption === 'commitment'
          ? html`<label class="commitment">
              <input
                type="checkbox"
                .checked=${record.commitmentConfirmedAt !== undefined}
                @change=${(event: Event) => this._confirmCommitment(record, (event.target as HTMLInputElement).checked)}
              />
              ${t('intake.material.commitment')}
            </label>`
          : nothing
      }
    `;
  }

  private _renderPhotos(requirement: IntakeMaterial, record: CaseMaterial | undefined, name: string) {
    if (record === undefined || record.state === 'exempt') return nothing;
    const t = this._i18n.t.bind(this._i18n);
    const pending = this.compressing.get(requirement.materialId) ?? 0;
    const onFiles = (event: Event) => {
      const input = event.target as HTMLInputElement;
      const files = [...(input.files ?? [])];
      input.value = '';
      if (files.length > 0) this.dispatchEvent(new JbMaterialPhotosEvent(requirement.materialId, files));
    };
    return html`
      <div class="photos">
        ${(record.attachmentIds ?? []).map((attachmentId, index) => {
          const src = this.thumbnails.get(attachmentId);
          const alt = t('intake.material.photoAlt', { material: name, index: index + 1 });
          return src === undefined
            ? html`<span class="thumbnail" role="img" aria-label=${alt}></span>`
            : html`<img class="thumbnail" src=${src} alt=${alt} />`;
        })}
        ${
          pending > 0
            ? html`<span class="progress" role="status">
                <progress></progress>${t('intake.material.compressing')}
              </span>`
            : nothing
        }
        <label class="photo">
          <input type="file" accept="image/*" capture="environment" @change=${onFiles} />
          ${t('intake.material.takePhoto')}
        </label>
        <label class="photo">
          <input type="file" accept="image/*" multiple @change=${onFiles} />
          ${t('intake.material.chooseFile')}
        </label>
      </div>
    `;
  }

  private _choose(requirement: IntakeMaterial, option: Choice): void {
    const record = this.recorded.find((candidate) => candidate.materialId === requirement.materialId);
    if (option === 'not-applicable') {
      this.dispatchEvent(new JbMaterialChangeEvent(requirement.materialId, undefined));
      return;
    }
    const {
      exemption: _exemption,
      commitmentConfirmedAt: _confirmed,
      ...kept
    } = record ?? {
      materialId: requirement.materialId,
      state: option,
    };
    const next: CaseMaterial = { ...kept, materialId: requirement.materialId, state: option };
    const firstExemption = requirement.exemptions[0];
    this.dispatchEvent(
      new JbMaterialChangeEvent(
        requirement.materialId,
        // One tap should do for the usual case: the first exemption the catalog allows is preselected.
        option === 'exempt' && firstExemption !== undefined ? { ...next, exemption: firstExemption } : next,
      ),
    );
  }

  private _chooseExemption(record: CaseMaterial, exemption: ExemptionKind): void {
    const { commitmentConfirmedAt: _confirmed, ...kept } = record;
    this.dispatchEvent(new JbMaterialChangeEvent(record.materialId, { ...kept, exemption }));
  }

  private _confirmCommitment(record: CaseMaterial, confirmed: boolean): void {
    const { commitmentConfirmedAt: _previous, ...kept } = record;
    this.dispatchEvent(
      new JbMaterialChangeEvent(
        record.materialId,
        confirmed ? { ...kept, commitmentConfirmedAt: new Date().toISOString() } : kept,
      ),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-material-checklist': JbMaterialChecklist;
  }
}
