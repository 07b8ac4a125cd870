import { css } from 'lit';

/**
 * The frame of a modal <dialog> that asks before a case changes: card, backdrop, title, form and the row of large
 * cancel / confirm buttons. Each dialog sets its own width.
 */
export const dialogStyles = css`
  dialog {
    box-sizing: border-box;
    padding: var(--jb-space-5);
    border: none;
    border-radius: var(--jb-radius);
    box-shadow: 0 8px 32px rgb(0 0 0 / 0.3);
    font-family: var(--jb-font);
    color: var(--jb-color-text);
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }

  h2 {
    margin: 0 0 var(--jb-space-4);
    font-size: var(--jb-font-size-title);
  }

  form {
    display: grid;
    gap: var(--jb-space-4);
  }

  .buttons {
    display: flex;
    justify-content: flex-end;
    gap: var(--jb-space-3);
  }

  button {
    min-height: 48px;
    min-width: 96px;
    padding: 0 var(--jb-space-5);
    border: 1px solid var(--jb-color-primary);
    border-radius: var(--jb-radius);
    background: var(--jb-color-surface);
    color: var(--jb-color-primary);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  button.confirm {
    background: var(--jb-color-primary);
    color: var(--jb-color-on-primary);
  }

  button:disabled {
    opacity: 0.5;
    cursor: wait;
  }
`;
