import { css } from 'lit';

/** Buttons sized for a clerk's fingers on a tablet; links styled as buttons too. */
export const buttonStyles = css`
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--jb-space-2);
    box-sizing: border-box;
    min-height: 56px;
    padding: 0 var(--jb-space-5);
    border: 2px solid var(--jb-color-primary);
    border-radius: var(--jb-radius);
    background: var(--jb-color-surface);
    color: var(--jb-color-primary);
    font: inherit;
    font-size: var(--jb-font-size-large);
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }

  .button.primary {
    background: var(--jb-color-primary);
    color: var(--jb-color-on-primary);
  }

  .button.accept {
    border-color: var(--jb-color-success);
    background: var(--jb-color-success);
    color: var(--jb-color-on-primary);
  }

  .button.small {
    min-height: var(--jb-touch-target);
    padding: 0 var(--jb-space-4);
    font-size: var(--jb-font-size);
  }

  .button:disabled {
    border-color: var(--jb-color-border);
    background: var(--jb-color-background);
    color: var(--jb-color-text-muted);
    cursor: not-allowed;
  }
`;

/** Sections and banners of the intake pages. */
export const intakeStyles = css`
  ${buttonStyles}

  section.card {
    margin-bottom: var(--jb-space-5);
  }

  section.card > header {
    display: flex;
    align-items: center;
    gap: var(--jb-space-3);
    padding: var(--jb-space-3) var(--jb-space-5);
    border-bottom: 1px solid var(--jb-color-border);
    background: var(--jb-color-primary-soft);
    border-radius: var(--jb-radius) var(--jb-radius) 0 0;
  }

  section.card > header h2 {
    flex: 1;
    margin: 0;
  }

  .step {
    display: inline-grid;
    place-items: center;
    width: 32px;
    height: 32px;
    border-radius: 50%;
    background: var(--jb-color-primary);
    color: var(--jb-color-on-primary);
    font-weight: 700;
  }

  .section-body {
    padding: var(--jb-space-4) var(--jb-space-5) var(--jb-space-5);
  }

  .banner {
    margin: 0 0 var(--jb-space-4);
    padding: var(--jb-space-3) var(--jb-space-4);
    border: 1px solid currentColor;
    border-radius: var(--jb-radius);
    background: var(--jb-color-accent-soft);
    color: var(--jb-color-accent);
    font-weight: 600;
  }

  .banner.info {
    background: var(--jb-color-success-soft);
    color: var(--jb-color-success);
  }

  .banner ul {
    margin: var(--jb-space-1) 0 0;
    padding-left: var(--jb-space-5);
    font-weight: normal;
  }
`;
