import { css } from 'lit';

/** Form controls and buttons of the sign-in and case pages, sized for fingers on a tablet (≥ 44px). */
export const controlStyles = css`
  label.field {
    display: flex;
    flex-direction: column;
    gap: var(--jb-space-1);
    font-size: var(--jb-font-size-small);
    color: var(--jb-color-text-muted);
  }

  select,
  input,
  textarea {
    box-sizing: border-box;
    min-height: 48px;
    padding: 0 var(--jb-space-3);
    border: 1px solid var(--jb-color-border);
    border-radius: var(--jb-radius);
    background: var(--jb-color-surface);
    color: var(--jb-color-text);
    font: inherit;
    font-size: var(--jb-font-size);
  }

  textarea {
    min-height: 96px;
    padding: var(--jb-space-2) var(--jb-space-3);
    resize: vertical;
  }

  select:focus,
  input:focus,
  textarea:focus {
    outline: none;
    border-color: var(--jb-color-primary);
    box-shadow: var(--jb-focus-ring);
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 48px;
    min-width: 48px;
    padding: 0 var(--jb-space-5);
    border: 1px solid var(--jb-color-primary);
    border-radius: var(--jb-radius);
    background: var(--jb-color-surface);
    color: var(--jb-color-primary);
    font: inherit;
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }

  .button.primary {
    background: var(--jb-color-primary);
    color: var(--jb-color-on-primary);
  }

  .button.danger {
    border-color: var(--jb-color-accent);
    color: var(--jb-color-accent);
  }

  .button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  .error {
    margin: 0;
    color: var(--jb-color-accent);
    font-size: var(--jb-font-size-small);
  }

  .banner {
    margin: 0 0 var(--jb-space-4);
    padding: var(--jb-space-3) var(--jb-space-4);
    border-radius: var(--jb-radius);
    background: var(--jb-color-warning-soft);
    color: var(--jb-color-warning);
    font-weight: 600;
  }

  .banner.danger {
    background: var(--jb-color-accent-soft);
    color: var(--jb-color-accent);
  }
`;
