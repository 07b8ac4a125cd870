import { css } from 'lit';

/** Labelled inputs for the intake screens: large touch targets, the required marker and the message below. */
export const formStyles = css`
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
    gap: var(--jb-space-4) var(--jb-space-5);
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: var(--jb-space-1);
    min-width: 0;
  }

  .field.wide {
    grid-column: 1 / -1;
  }

  .label {
    font-weight: 600;
  }

  .required-mark {
    margin-left: var(--jb-space-1);
    color: var(--jb-color-accent);
  }

  input,
  select,
  textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: var(--jb-touch-target);
    padding: 0 var(--jb-space-3);
    border: 2px solid var(--jb-color-border);
    border-radius: var(--jb-radius);
    background: var(--jb-color-surface);
    color: var(--jb-color-text);
    font: inherit;
    font-size: var(--jb-font-size-large);
  }

  textarea {
    min-height: 96px;
    padding: var(--jb-space-2) var(--jb-space-3);
    resize: vertical;
  }

  input:focus,
  select:focus,
  textarea:focus {
    outline: none;
    border-color: var(--jb-color-primary);
    box-shadow: var(--jb-focus-ring);
  }

  [aria-invalid='true'] {
    border-color: var(--jb-color-accent);
  }

  .error {
    margin: 0;
    color: var(--jb-color-accent);
    font-size: var(--jb-font-size-small);
  }

  .hint {
    margin: 0;
    color: var(--jb-color-text-muted);
    font-size: var(--jb-font-size-small);
  }
`;
