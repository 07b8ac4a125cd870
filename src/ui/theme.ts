import { css } from 'lit';

/** Building blocks shared by components: badges and the card surface. The tokens live in theme.css. */
export const sharedStyles = css`
  :host {
    font-family: var(--jb-font);
  }

  a {
    color: var(--jb-color-primary);
  }

  :focus-visible {
    outline: none;
    box-shadow: var(--jb-focus-ring);
  }

  .badge {
    display: inline-flex;
    align-items: center;
    gap: var(--jb-space-1);
    padding: 2px var(--jb-space-2);
    border-radius: var(--jb-radius-small);
    font-size: var(--jb-font-size-small);
    line-height: 1.6;
    white-space: nowrap;
    background: var(--jb-color-primary-soft);
    color: var(--jb-color-primary-strong);
  }

  .badge.instant {
    background: var(--jb-color-success-soft);
    color: var(--jb-color-success);
  }

  .badge.bundle {
    background: var(--jb-color-accent-soft);
    color: var(--jb-color-accent);
    font-weight: 600;
  }

  .badge.trips {
    background: var(--jb-color-warning-soft);
    color: var(--jb-color-warning);
  }

  .badge.online {
    background: var(--jb-color-info-soft);
    color: var(--jb-color-info);
  }

  .card {
    background: var(--jb-color-surface);
    border: 1px solid var(--jb-color-border);
    border-radius: var(--jb-radius);
  }
`;
