import { parseWriterAcks } from './writer-acks';

describe('parseWriterAcks', () => {
  it('reads one ack per finished line and leaves out a line still being written', () => {
    expect(parseWriterAcks('1\t2026-11-26T09:00:00.010Z\n2\t2026-11-26T09:00:00.031Z\n3\t2026-11')).toEqual([
      { id: 1, ackedAt: new Date('2026-11-26T09:00:00.010Z') },
      { id: 2, ackedAt: new Date('2026-11-26T09:00:00.031Z') },
    ]);
    expect(parseWriterAcks('')).toEqual([]);
  });

  it('names the line that is not an ack', () => {
    expect(() => parseWriterAcks('1\t2026-11-26T09:00:00.010Z\nnope\n')).toThrow('writer acks line 2 is not "<id>\\t<ISO time>": "nope"');
  });
});
