import { describe, expect, it } from 'vitest';
import { RepullWindow } from '../../src/data/replication/repull-window';

describe('where to pull again after local writes', () => {
  it('asks for nothing when no local write happened', () => {
    const window = new RepullWindow();
    window.requested(0);
    window.answered(40);
    window.idle();
    expect(window.isOpen).toBe(false);
    expect(window.takeRepull(window.writes)).toBeUndefined();
  });

  it('pulls again from the start of a pull still being stored when the write happened', () => {
    const window = new RepullWindow();
    window.requested(100);
    window.answered(1100);
    window.requested(1100);
    window.wroteLocally();
    window.answered(1400);
    window.idle();
    expect(window.takeRepull(window.writes)).toBe(100);
  });

  it('pulls again only what arrived after the last stored page when the write came while idle', () => {
    const window = new RepullWindow();
    window.requested(0);
    window.answered(10_000);
    window.idle();
    window.wroteLocally();
    window.requested(10_000);
    window.answered(10_003);
    window.idle();
    expect(window.takeRepull(window.writes)).toBe(10_000);
  });

  it('pulls again from the first request made after a write before any pull', () => {
    const window = new RepullWindow();
    window.wroteLocally();
    window.requested(0);
    window.answered(5);
    window.idle();
    expect(window.takeRepull(window.writes)).toBe(0);
  });

  it('keeps the window open when another write came while the pending changes were counted', () => {
    const window = new RepullWindow();
    window.requested(0);
    window.answered(20);
    window.idle();
    window.wroteLocally();
    const counted = window.writes;
    window.wroteLocally();
    expect(window.takeRepull(counted)).toBeUndefined();
    expect(window.isOpen).toBe(true);
    expect(window.takeRepull(window.writes)).toBe(20);
    expect(window.isOpen).toBe(false);
    expect(window.takeRepull(window.writes)).toBeUndefined();
  });
});
