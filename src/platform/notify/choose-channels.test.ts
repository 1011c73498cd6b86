/** Which outside channels a message takes, by what a person has and what they chose. */
import { describe, expect, it } from 'vitest';
import { chooseChannels, kindGroup } from './notify.ts';

describe('chooseChannels', () => {
  it('without a choice: email if they have it, LINE if linked, paper only when neither', () => {
    expect(chooseChannels({ email: true, line: false }, undefined)).toEqual({ email: true, line: false, paper: false });
    expect(chooseChannels({ email: true, line: true }, undefined)).toEqual({ email: true, line: true, paper: false });
    expect(chooseChannels({ email: false, line: true }, undefined)).toEqual({ email: false, line: true, paper: false });
    expect(chooseChannels({ email: false, line: false }, undefined)).toEqual({ email: false, line: false, paper: true });
  });

  it('honours a choice where it can; someone reachable by nothing else still gets paper', () => {
    expect(chooseChannels({ email: true, line: true }, { email: false, line: true, paper: false })).toEqual({
      email: false,
      line: true,
      paper: false,
    });
    expect(chooseChannels({ email: true, line: false }, { email: false, line: false, paper: true })).toEqual({
      email: false,
      line: false,
      paper: true,
    });
    // Chose LINE but never linked, and has no email: paper, not silence.
    expect(chooseChannels({ email: false, line: false }, { email: false, line: true, paper: false })).toEqual({
      email: false,
      line: false,
      paper: true,
    });
    // Has email and chose the inbox alone: their choice.
    expect(chooseChannels({ email: true, line: false }, { email: false, line: false, paper: false })).toEqual({
      email: false,
      line: false,
      paper: false,
    });
  });

  it('keeps choices per kind group', () => {
    expect(kindGroup('booking.confirmed')).toBe('booking');
    expect(kindGroup('mail')).toBe('mail');
  });
});
