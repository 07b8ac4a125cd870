import { css } from 'lit';

/** The layout of the catalog's reference tables (materials, form fields). */
export const tableStyles = css`
  :host {
    display: block;
    overflow-x: auto;
  }

  table {
    width: 100%;
    border-collapse: collapse;
    background: var(--jb-color-surface);
  }

  th,
  td {
    padding: var(--jb-space-3) var(--jb-space-4);
    border-bottom: 1px solid var(--jb-color-border);
    text-align: left;
    vertical-align: top;
  }

  th {
    background: var(--jb-color-primary-soft);
    color: var(--jb-color-primary-strong);
    font-size: var(--jb-font-size-small);
    font-weight: 600;
    white-space: nowrap;
  }

  .compact {
    white-space: nowrap;
  }

  .note {
    display: block;
    margin-top: var(--jb-space-1);
    color: var(--jb-color-text-muted);
    font-size: var(--jb-font-size-small);
  }

  .empty {
    margin: 0;
    padding: var(--jb-space-4);
    color: var(--jb-color-text-muted);
  }
`;
