import { randomBytes } from 'node:crypto';
import { masterKeyId, parseMasterKey } from './master-key';
import { generateRepositoryKeys, unwrapKeys, wrapKeys } from './repository-keys';

describe('master keys', () => {
  it('parses base64 of 32 bytes and nothing else', () => {
    const raw = randomBytes(32);
    expect(parseMasterKey(` ${raw.toString('base64')}\n`)).toEqual(raw);
    expect(parseMasterKey(raw.toString('base64url'))).toEqual(raw);
    expect(() => parseMasterKey(randomBytes(16).toString('base64'))).toThrow('must be 32 bytes');
    expect(() => parseMasterKey('not base64!')).toThrow('not base64');
  });

  it('has a stable public id that differs between keys', () => {
    const k = randomBytes(32);
    expect(masterKeyId(k)).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyId(k)).toBe(masterKeyId(Buffer.from(k)));
    expect(masterKeyId(k)).not.toBe(masterKeyId(randomBytes(32)));
  });

  it('wraps the repository keys so that only the same master key and repository unwrap them', () => {
    const keys = generateRepositoryKeys();
    const master = randomBytes(32);
    const wrapped = wrapKeys(keys, master, 'repo-1');
    expect(unwrapKeys(wrapped, master, 'repo-1')).toEqual(keys);
    expect(unwrapKeys(wrapped, randomBytes(32), 'repo-1')).toBeUndefined();
    expect(unwrapKeys(wrapped, master, 'repo-2')).toBeUndefined();
    expect(unwrapKeys({ ...wrapped, keyId: '0000000000000000' }, master, 'repo-1')).toBeUndefined();
  });
});
