import { css } from 'lit';

/** Layout shared by every page: title row, sections and the status messages shown instead of content. */
export const pageStyles = css`
  :host {
    display: block;
  }

  h1 {
    margin: 0 0 var(--jb-space-4);
    font-size: var(--jb-font-size-title);
    line-height: 1.3;
  }

  h2 {
    margin: var(--jb-space-6) 0 var(--jb-space-3);
    font-size: var(--jb-font-size-large);
    color: var(--jb-color-primary-strong);
  }

  .status {
    margin: var(--jb-space-5) 0;
    padding: var(--jb-space-4);
    border-radius: var(--jb-radius);
    background: var(--jb-color-surface);
    border: 1px solid var(--jb-color-border);
    color: var(--jb-color-text-muted);
  }

  .back {
    display: inline-flex;
    align-items: center;
    min-height: var(--jb-touch-target);
    margin-bottom: var(--jb-space-2);
    padding: 0 var(--jb-space-2);
    margin-left: calc(-1 * var(--jb-space-2));
    border-radius: var(--jb-radius);
    font-size: var(--jb-font-size);
    text-decoration: none;
  }

  .back:hover {
    text-decoration: underline;
  }
`;

/** The summary block at the top of a detail page: name, badges and a list of facts. */
export const detailStyles = css`
  .summary {
    padding: var(--jb-space-5);
  }

  .summary h1 {
    margin-bottom: var(--jb-space-1);
  }

  .meta {
    margin: 0 0 var(--jb-space-3);
    color: var(--jb-color-text-muted);
  }

  .description {
    margin: var(--jb-space-3) 0 0;
  }

  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--jb-space-2) var(--jb-space-5);
    margin: var(--jb-space-4) 0 0;
    padding-top: var(--jb-space-4);
    border-top: 1px solid var(--jb-color-border);
  }

  dt {
    color: var(--jb-color-text-muted);
  }

  dd {
    margin: 0;
  }

  section.card {
    overflow: hidden;
  }
`;
