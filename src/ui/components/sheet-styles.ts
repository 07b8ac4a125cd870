import { css } from 'lit';

/** A printed document (告知单, 回执): a sheet of paper on screen, plain black on white on the printer. */
export const sheetStyles = css`
  :host {
    display: block;
  }

  article {
    box-sizing: border-box;
    max-width: 210mm;
    margin: 0 auto;
    padding: 16mm 14mm;
    background: #fff;
    color: #000;
    box-shadow: 0 1px 4px rgb(0 0 0 / 0.25);
    font-size: 15px;
    line-height: 1.6;
  }

  h1 {
    margin: 0 0 var(--jb-space-4);
    font-size: 26px;
    letter-spacing: 0.3em;
    text-align: center;
  }

  .meta {
    display: grid;
    grid-template-columns: max-content 1fr max-content 1fr;
    gap: var(--jb-space-1) var(--jb-space-4);
    margin: 0 0 var(--jb-space-4);
  }

  .meta dt {
    color: #444;
  }

  .meta dd {
    margin: 0;
    font-weight: 600;
  }

  table {
    width: 100%;
    border-collapse: collapse;
    margin: var(--jb-space-3) 0;
  }

  th,
  td {
    padding: 6px 8px;
    border: 1px solid #000;
    text-align: left;
    vertical-align: top;
  }

  th {
    background: #eee;
    font-weight: 600;
    white-space: nowrap;
  }

  .number {
    width: 3em;
    text-align: center;
  }

  .legal {
    margin: var(--jb-space-4) 0 0;
    font-size: 13px;
    color: #333;
  }

  .signatures {
    display: flex;
    justify-content: space-between;
    gap: var(--jb-space-5);
    margin-top: var(--jb-space-6);
  }

  .signatures span {
    flex: 1;
    padding-bottom: var(--jb-space-5);
    border-bottom: 1px solid #000;
  }

  @media print {
    article {
      max-width: none;
      padding: 0;
      box-shadow: none;
    }
  }
`;
