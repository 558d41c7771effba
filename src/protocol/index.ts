/** The Genesys guest protocol as pure TypeScript: frame types, encode/decode, regions. */
export * from './types.js';
export * from './decode.js';
export * from './encode.js';
export * from './regions.js';
