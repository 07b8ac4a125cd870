import type { Chart } from 'chart.js';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';

export interface BarEntry {
  readonly label: string;
  readonly value: number;
}

type ChartLibrary = typeof import('./chart-library');

let chartLibrary: Promise<ChartLibrary> | undefined;

/** Loaded on the first chart drawn, so the library never weighs on the pages that show none. */
const loadChartLibrary = (): Promise<ChartLibrary> => {
  chartLibrary ??= import('./chart-library').catch((error: unknown) => {
    chartLibrary = undefined;
    throw error;
  });
  return chartLibrary;
};

/** Bars are about this tall each in a horizontal chart, so a long list of items stays readable. */
const BAR_HEIGHT_PX = 28;

/**
 * A bar chart of labelled counts, horizontal by default (long Chinese item names read better on the side). The
 * numbers are always in a table next to the chart as well: the chart is for seeing, the table for reading.
 */
@customElement('jb-bar-chart')
export class JbBarChart extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      min-height: 120px;
    }

    .loading {
      color: var(--jb-color-text-muted);
      font-size: var(--jb-font-size-small);
    }

    canvas {
      max-width: 100%;
    }
  `;

  @property({ attribute: false }) entries: readonly BarEntry[] = [];
  /** Read by screen readers in place of the picture. */
  @property() name = '';
  @property({ type: Boolean }) vertical = false;
  /** Shown until the chart library has loaded. */
  @property() loadingText = '';

  @state() private _ready = false;
  @query('canvas') private _canvas!: HTMLCanvasElement | null;
  private _chart: Chart<'bar'> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void loadChartLibrary().then(() => {
      this._ready = true;
    });
  }

  override disconnectedCallback(): void {
    this._chart?.destroy();
    this._chart = undefined;
    super.disconnectedCallback();
  }

  override render() {
    const height = this.vertical ? 240 : Math.max(120, this.entries.length * BAR_HEIGHT_PX + 40);
    return html`
      ${this._ready ? '' : html`<p class="loading">${this.loadingText}</p>`}
      <div style="height: ${height}px">
        <canvas role="img" aria-label=${this.name}></canvas>
      </div>
    `;
  }

  override updated(changed: PropertyValues<this>): void {
    if (!this._ready) return;
    if (this._chart !== undefined && !changed.has('entries') && !changed.has('vertical')) return;
    void this._draw();
  }

  private async _draw(): Promise<void> {
    const { Chart: ChartClass } = await loadChartLibrary();
    const canvas = this._canvas;
    if (canvas === null || !this.isConnected) return;
    const colour = getComputedStyle(this).getPropertyValue('--jb-color-primary').trim() || '#1c4f8c';
    const data = {
      labels: this.entries.map((entry) => entry.label),
      datasets: [{ data: this.entries.map((entry) => entry.value), backgroundColor: colour }],
    };
    if (this._chart !== undefined && this._chart.canvas === canvas) {
      this._chart.data = data;
      this._chart.options.indexAxis = this.vertical ? 'x' : 'y';
      this._chart.update();
      return;
    }
    this._chart?.destroy();
    this._chart = new ChartClass(canvas, {
      type: 'bar',
      data,
      options: {
        indexAxis: this.vertical ? 'x' : 'y',
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { enabled: true } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-bar-chart': JbBarChart;
  }
}
