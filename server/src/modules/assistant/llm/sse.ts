/**
 * Splits server-sent events into the data of each event. Comments and fields other than
 * `data` are dropped; `\r\n` line ends are accepted as well as `\n`.
 */
export const createSseParser = () => {
  let pending = '';
  let data: string[] = [];
  let events: string[] = [];

  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) events.push(data.join('\n'));
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    if ((colon === -1 ? text : text.slice(0, colon)) !== 'data') return;
    const value = colon === -1 ? '' : text.slice(colon + 1);
    data.push(value.startsWith(' ') ? value.slice(1) : value);
  };
  const drain = () => {
    const out = events;
    events = [];
    return out;
  };

  return {
    /** Feeds decoded text; returns the events it completed. */
    push: (text: string): string[] => {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) line(l.endsWith('\r') ? l.slice(0, -1) : l);
      return drain();
    },
    /** The stream closed: a last event without its blank line still counts. */
    end: (): string[] => {
      if (pending !== '') line(pending.replace(/\r$/, ''));
      pending = '';
      line('');
      return drain();
    },
  };
};

export const DONE = Symbol('done');

/**
 * The JSON values of one event's data. Some servers omit the blank line between events, which
 * joins several `data:` lines into one event: those are read line by line.
 */
export const eventValues = (data: string): (unknown | typeof DONE)[] => {
  const one = (text: string) => (text.trim() === '[DONE]' ? DONE : (JSON.parse(text) as unknown));
  try {
    return [one(data)];
  } catch (err) {
    if (!data.includes('\n')) throw err;
    return data
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(one);
  }
};
