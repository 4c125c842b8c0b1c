import { rm } from 'node:fs/promises';
import { tempDir } from '@tandem/testing';
import { FsObjectStore } from './fs.object-store';
import { objectStoreContract } from './object-store.contract';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

objectStoreContract('FsObjectStore', {
  async create(options) {
    const dir = await tempDir('objectstore-fs');
    dirs.push(dir);
    return { store: new FsObjectStore(dir, options) };
  },
  serverless: true,
});
