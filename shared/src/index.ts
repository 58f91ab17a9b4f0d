export * from './schema.ts';
export * from './protocol.ts';
export * from './ids.ts';
export * from './appLink.ts';
export * from './document/index.ts';
export * from './method/index.ts';
export * from './secretStrength.ts';
export * from './vocabulary.ts';
