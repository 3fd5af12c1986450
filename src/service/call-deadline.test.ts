import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../errors/index.js';
import {
  createPrimarySignal,
  fallbackReserveMs,
  setSignalDeadline,
  signalDeadline,
} from './call-deadline.js';

describe('call deadlines', () => {
  it('travel with the signal', () => {
    const signal = new AbortController().signal;
    expect(signalDeadline(signal)).toBeUndefined();
    setSignalDeadline(signal, 1234);
    expect(signalDeadline(signal)).toBe(1234);
  });

  it('keep a tenth of the budget for the fallback, between 250 ms and 2 s', () => {
    expect(fallbackReserveMs(100)).toBe(250);
    expect(fallbackReserveMs(5000)).toBe(500);
    expect(fallbackReserveMs(60_000)).toBe(2000);
  });
});

describe('createPrimarySignal', () => {
  it('is the caller signal itself when the call has no deadline', () => {
    const caller = new AbortController();
    const primary = createPrimarySignal(caller.signal, 'llm');
    expect(primary.signal).toBe(caller.signal);
    expect(primary.stoppedEarly()).toBeUndefined();
  });

  it('stops the primary when only the reserve is left, leaving the caller running', async () => {
    const caller = new AbortController();
    const now = Date.now();
    setSignalDeadline(caller.signal, now + 330);
    const primary = createPrimarySignal(caller.signal, 'hybrid', now);
    expect(primary.signal.aborted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(primary.signal.aborted).toBe(true);
    expect(caller.signal.aborted).toBe(false);
    const stopped = primary.stoppedEarly();
    expect(stopped).toBeInstanceOf(UnavailableError);
    expect(stopped?.message).toBe(
      "deadline: hybrid had not finished with 250 ms of the caller's deadline left; that time went to the fallback",
    );
    expect(primary.signal.reason).toBe(stopped);
    primary.dispose();
  });

  it('passes the caller abort and its reason on, and is not a stop of its own', () => {
    const caller = new AbortController();
    setSignalDeadline(caller.signal, Date.now() + 60_000);
    const primary = createPrimarySignal(caller.signal, 'llm');
    const reason = new Error('cancelled by the client');
    caller.abort(reason);
    expect(primary.signal.aborted).toBe(true);
    expect(primary.signal.reason).toBe(reason);
    expect(primary.stoppedEarly()).toBeUndefined();
    primary.dispose();
  });

  it('starts aborted when the caller already is', () => {
    const caller = new AbortController();
    setSignalDeadline(caller.signal, Date.now() + 60_000);
    caller.abort();
    const primary = createPrimarySignal(caller.signal, 'llm');
    expect(primary.signal.aborted).toBe(true);
    primary.dispose();
  });
});
