import { freePort } from '@tandem/testing';

/** The URL of a port on 127.0.0.1 that nothing listens on: a service that is not there. */
export const freePortUrl = async (): Promise<string> => `http://127.0.0.1:${await freePort()}`;
